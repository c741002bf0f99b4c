#!/usr/bin/env bash
# Makes the base images the Dockerfile names, under those names, in local container storage, for a
# machine that reaches no container registry: from Debian's packages (mmdebstrap, Debian's mirror
# as this machine's apt has it) and the Temurin JDK installed here. An image already there is kept.
#   server/image/base-images.sh        (root; buildah, podman, mmdebstrap; see docs/image.md)
# Stand-ins, not copies: the Temurin image is Debian with the same Temurin release at the same
# JAVA_HOME (the official one is Ubuntu); the distroless one holds the packages distroless's
# base-nossl holds (base-files, netbase, libc6, tzdata) and its accounts, without glibc's iconv modules.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/local-env.sh"
arg() { sed -n "s/^ARG $1=//p" "$here/../../Dockerfile"; }
build_image=$(arg BUILD_IMAGE) training_image=$(arg TRAINING_IMAGE) runtime_image=$(arg RUNTIME_IMAGE)
sources=$(ls /etc/apt/sources.list.d/debian.sources 2>/dev/null || echo /etc/apt/sources.list)
suite=bookworm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
present() { podman image exists "$1"; }
excludes="--dpkgopt=path-exclude=/usr/share/man/* --dpkgopt=path-exclude=/usr/share/doc/*
  --dpkgopt=path-include=/usr/share/doc/*/copyright --dpkgopt=path-exclude=/usr/share/locale/*
  --dpkgopt=path-exclude=/usr/share/info/*"

if ! present "$training_image"; then
  # shellcheck disable=SC2086
  mmdebstrap --quiet --variant=minbase --mode=root --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --aptopt='APT::Install-Recommends "false"' $excludes "$suite" "$work/slim.tar" "$sources"
  podman import -q --change 'CMD ["bash"]' "$work/slim.tar" "$training_image" >/dev/null
  echo "base-images: made $training_image"
fi

if ! present "$build_image"; then
  jdk=${JDK:-}
  release=$(echo "$build_image" | sed -E 's/.*:([0-9]+)\.([0-9]+)\.([0-9]+)_([0-9]+)-.*/\1.\2.\3+\4/')
  for home in /usr/lib/jvm/*; do
    [ -n "$jdk" ] || ! grep -qs "^IMPLEMENTOR_VERSION=\"Temurin-$release\"" "$home/release" || jdk=$home
  done
  [ -n "$jdk" ] || { echo "base-images: no Temurin $release JDK under /usr/lib/jvm (or set JDK)" >&2; exit 1; }
  mkdir "$work/temurin"
  cp -a "$jdk" "$work/temurin/openjdk"
  # A Debian-packaged Temurin links cacerts to /etc/ssl/certs/java; the official image has the file.
  rm -f "$work/temurin/openjdk/lib/security/cacerts" "$work/temurin/openjdk/lib/src.zip"
  cp -L /etc/ssl/certs/java/cacerts "$work/temurin/openjdk/lib/security/cacerts"
  cat >"$work/temurin/Containerfile" <<CONTAINERFILE
FROM $training_image
ENV JAVA_HOME=/opt/java/openjdk LANG=C.UTF-8
ENV PATH=/opt/java/openjdk/bin:\$PATH
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends binutils ca-certificates tzdata >/dev/null \
 && rm -rf /var/lib/apt/lists/*
COPY openjdk /opt/java/openjdk
RUN java -Xshare:dump >/dev/null && java --version
CMD ["jshell"]
CONTAINERFILE
  buildah bud -q --pull=false -t "$build_image" "$work/temurin" >/dev/null
  echo "base-images: made $build_image from $jdk"
fi

if ! present "$runtime_image"; then
  # shellcheck disable=SC2086
  mmdebstrap --quiet --mode=chrootless --variant=custom --include=base-files,netbase,libc6,tzdata \
    $excludes "$suite" "$work/distroless" "$sources"
  root=$work/distroless
  rm -rf "$root"/etc/apt "$root"/var/lib/apt "$root"/var/cache/* "$root"/var/log/* "$root"/dev/* \
    "$root"/usr/lib/x86_64-linux-gnu/gconv
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n' >"$root/etc/group"
  mkdir -p "$root/home/nonroot" && chown 65532:65532 "$root/home/nonroot" && chmod 1777 "$root/tmp"
  tar -C "$root" -cf "$work/distroless.tar" .
  podman import -q --change 'USER 65532:65532' --change 'WORKDIR /home/nonroot' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$work/distroless.tar" "$runtime_image" >/dev/null
  echo "base-images: made $runtime_image"
fi
