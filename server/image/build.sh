#!/usr/bin/env bash
# Builds the server image from the Dockerfile: the one command CI's build-image job and the image
# test both run.
#   server/image/build.sh TAG
# VCS_REF, CREATED (the commit's date, ISO 8601) and SOURCE_URL fill the OCI labels; RUNTIME_IMAGE (a
# digest reference) pins the runtime base.
set -euo pipefail
cd "$(dirname "$0")/../.."
tag=${1:?usage: server/image/build.sh TAG}
set -- --layers -f Dockerfile -t "$tag" \
  --build-arg VCS_REF="${VCS_REF:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}" \
  --build-arg CREATED="${CREATED:-$(git log -1 --format=%cI HEAD 2>/dev/null || echo 1970-01-01T00:00:00Z)}"
[ -z "${SOURCE_URL:-}" ] || set -- "$@" --build-arg SOURCE_URL="$SOURCE_URL"
[ -z "${RUNTIME_IMAGE:-}" ] || set -- "$@" --build-arg RUNTIME_IMAGE="$RUNTIME_IMAGE"
# MAVEN_CACHE: a Maven user folder (~/.m2) the build's RUN steps use instead of downloading everything
# again, as a test run that has just built the project has; mounted while building, in no layer.
[ -z "${MAVEN_CACHE:-}" ] || set -- "$@" --volume "$MAVEN_CACHE:/root/.m2"
exec buildah bud "$@" .
