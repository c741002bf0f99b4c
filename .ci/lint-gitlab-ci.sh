#!/usr/bin/env bash
# Checks .gitlab-ci.yml offline with gitlab-ci-local (npm): it must parse and give a valid job
# graph for a push to the default branch, a merge request, and a version tag (whose jobs must also
# run in the release order: check staging, tag its image, then promote).
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=.ci/.tools
if [ ! -x "$TOOLS/node_modules/.bin/gitlab-ci-local" ]; then
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" gitlab-ci-local@4.60.1 >/dev/null
fi
GCL="$TOOLS/node_modules/.bin/gitlab-ci-local"
check() { # name, expected jobs, expected "job:[needs]" graph or "", variables...
  local name=$1 expected=$2 graph=$3; shift 3
  local listed
  listed=$("$GCL" --list-csv "$@" 2>"$TOOLS/lint.err") || { echo "gitlab-ci: $name: $(tail -n 3 "$TOOLS/lint.err")" >&2; exit 1; }
  local jobs
  jobs=$(printf '%s\n' "$listed" | grep ';' | grep -v '^name;' | cut -d';' -f1 | sort | tr '\n' ' ')
  if [ "$jobs" != "$expected" ]; then
    echo "gitlab-ci: $name: jobs are [$jobs], expected [$expected]" >&2
    exit 1
  fi
  if [ -n "$graph" ]; then
    local needs
    needs=$(printf '%s\n' "$listed" | grep ';' | grep -v '^name;' | awk -F';' '{print $1 ":" $6}' | sort | tr '\n' ' ')
    if [ "$needs" != "$graph" ]; then
      echo "gitlab-ci: $name: job order is [$needs], expected [$graph]" >&2
      exit 1
    fi
  fi
  echo "gitlab-ci: $name: $jobs"
}
check "push to main" "build-image package publish-dev publish-staging reconfigure-production render scan test watch-dev watch-staging " "" \
  --variable CI_PIPELINE_SOURCE=push --variable CI_COMMIT_BRANCH=main --variable CI_DEFAULT_BRANCH=main
check "merge request" "package render test " "" \
  --variable CI_PIPELINE_SOURCE=merge_request_event --variable CI_COMMIT_BRANCH= --variable CI_DEFAULT_BRANCH=main \
  --variable CI_MERGE_REQUEST_IID=1
check "Argo CD synced production" "watch-production " "" \
  --variable CI_PIPELINE_SOURCE=trigger --variable CI_COMMIT_BRANCH=main --variable CI_DEFAULT_BRANCH=main \
  --variable SLIPWAY_WATCH=production --variable SLIPWAY_WATCH_REVISION=0123456789abcdef0123456789abcdef01234567
check "scheduled scan of what runs" "running-images scan-running " "running-images:[] scan-running:[running-images] " \
  --variable CI_PIPELINE_SOURCE=schedule --variable CI_COMMIT_BRANCH=main --variable CI_DEFAULT_BRANCH=main \
  --variable SLIPWAY_SCAN=running
check "version tag" "promote-production release-check release-image " \
  "promote-production:[release-check,release-image] release-check:[] release-image:[release-check] " \
  --variable CI_PIPELINE_SOURCE=push --variable CI_COMMIT_TAG=v1.2.3 --variable CI_COMMIT_BRANCH= --variable CI_DEFAULT_BRANCH=main
