#!/usr/bin/env bash
# Start to ready of the server on its embedded default: the image in its container (read-only
# root, uid 1000, 1 GiB) with and without its AOT cache, and the same jar and options on this
# machine's JDK 25, interleaved, ROUNDS rounds; one line per start, then the medians.
#
#   IMAGE=localhost/slipway/server:image-it ROUNDS=3 bench/image-start.sh
#
# Needs the image (server/image/build.sh, or a run of ImageIT) and root for podman; port 8080 free.
set -euo pipefail
cd "$(dirname "$0")/.."
. server/image/local-env.sh
IMAGE=${IMAGE:-localhost/slipway/server:image-it}
ROUNDS=${ROUNDS:-3}
JAVA=${JAVA:-$(for h in /usr/lib/jvm/*; do grep -qs '^JAVA_VERSION="25' "$h/release" && { echo "$h/bin/java"; break; }; done)}
work=$(mktemp -d)
trap 'podman rm -f -t 0 slipway-start >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# The image's own jar and options, for the host runs.
c=$(podman create "$IMAGE")
podman cp "$c:/app/server.jar" "$work/server.jar" && podman cp "$c:/app/jvm.options" "$work/jvm.options"
podman rm "$c" >/dev/null

ready_after() {  # milliseconds from $1 (ns) to the first 200 on /health/ready
  until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/health/ready)" = 200 ]; do sleep 0.05; done
  echo $(( ($(date +%s%N) - $1) / 1000000 ))
}
declare -A times
for round in $(seq 1 "$ROUNDS"); do
  for side in container-aot container-no-aot host-jar; do
    t0=$(date +%s%N)
    case $side in
      container-aot|container-no-aot)
        opts=""; [ "$side" = container-no-aot ] && opts="-XX:AOTMode=off"
        podman run -d --name slipway-start --network=host --read-only --tmpfs /tmp:rw,mode=1777 --user 1000:1000 \
          --memory=1g -e JAVA_TOOL_OPTIONS="$opts" "$IMAGE" server >/dev/null
        ms=$(ready_after "$t0")
        podman rm -f -t 10 slipway-start >/dev/null ;;
      host-jar)
        (cd "$work" && exec "$JAVA" "@jvm.options" -XX:MaxRAM=1g -jar server.jar server >"$work/host.log" 2>&1) &
        ms=$(ready_after "$t0")
        kill -TERM $! && wait $! || true ;;
    esac
    printf 'round %s %-16s ready after %5s ms (load %s)\n' "$round" "$side" "$ms" "$(cut -d' ' -f1 /proc/loadavg)"
    times[$side]+="$ms "
  done
done
for side in container-aot container-no-aot host-jar; do
  printf 'median %-16s %s ms\n' "$side" "$(echo "${times[$side]}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
