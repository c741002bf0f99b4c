#!/usr/bin/env bash
# Registration bursts right after start (the worst case: a rollout, clients retrying): N concurrent
# registrations of N different emails against a freshly started server, for N in SIZES, before and
# after a change, interleaved, ROUNDS rounds. Prints served / refused (503) / other, the slowest
# answer, and the heap after the burst.
#
#   BEFORE=<rev> bench/registration-burst.sh        # AFTER is this checkout
#
# The server runs as its container does: JDK of the image's release, the Dockerfile's JVM options
# (no AOT cache: both sides alike), a 1 GiB limit, server/config.yml against PostgreSQL 15 (Debian's
# package, installed when missing), no Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?set BEFORE to the revision to compare against}"
ROUNDS=${ROUNDS:-2}
SIZES=${SIZES:-100 500 2000}
PG_PORT=${PG_PORT:-55442}
PORT=${PORT:-18090}
PGBIN=/usr/lib/postgresql/15/bin
WORK=$(mktemp -d /tmp/slipway-burst.XXXXXX)
SERVER=''
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  git worktree remove --force "$WORK/before" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
[ -x "$PGBIN/initdb" ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

RELEASE=$(sed -nE 's/^ARG BUILD_IMAGE=(.*\/)?eclipse-temurin:([0-9]+)[._].*/\2/p' Dockerfile)
JAVA=$(for home in /usr/lib/jvm/*; do grep -qE "^JAVA_VERSION=\"$RELEASE[.\"]" "$home/release" 2>/dev/null && echo "$home/bin/java" && break; done)
[ -x "$JAVA" ] || { echo "no JDK $RELEASE under /usr/lib/jvm" >&2; exit 1; }
mapfile -t FLAGS < <(grep -vE '^\s*(#|$)' server/jvm.options)

./mvnw -q -B -o package -DskipTests -pl server -am
cp server/target/server.jar "$WORK/after.jar"
git worktree add -q --detach "$WORK/before" "$BEFORE"
(cd "$WORK/before" && ./mvnw -q -B -o package -DskipTests -pl server -am) && cp "$WORK/before/server/target/server.jar" "$WORK/before.jar"

mkdir -p "$WORK/pg" && { [ "$(id -u)" != 0 ] || chown postgres "$WORK" "$WORK/pg"; }
as_postgres "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w start \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" >/dev/null
export DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" DATABASE_USER=postgres DATABASE_PASSWORD=unused
export JWT_SECRET="bench-secret-bench-secret-bench-secret-0123" LOG_LEVEL=WARN MALLOC_ARENA_MAX=2
# Every burst comes from one address: the per-address rate limit (120 a minute) would answer most
# of it 429 before any hashing, so it is lifted out of the way, as bench/server.sh does.
export RATE_LIMIT_PER_ADDRESS=10000000 RATE_LIMIT_PER_USER=10000000
"$JAVA" -jar "$WORK/after.jar" db migrate server/config.yml >/dev/null 2>&1

heap_mib() {
  curl -s "localhost:$((PORT + 1))/prometheus" \
    | awk '/^jvm_memory_used_bytes\{area="heap"/ {sum += $2} END {printf "%.0f", sum / 1048576}'
}
for round in $(seq 1 "$ROUNDS"); do
  for n in $SIZES; do
    for side in before after; do
      config=server/config.yml # each side's own: a newer setting is an unknown property to an older build
      [ "$side" = before ] && config="$WORK/before/server/config.yml"
      PORT=$PORT ADMIN_PORT=$((PORT + 1)) "$JAVA" -XX:MaxRAM=1g "${FLAGS[@]}" -jar "$WORK/$side.jar" server "$config" \
        >"$WORK/$side.log" 2>&1 &
      SERVER=$!
      python3 bench/ready.py "$PORT" "$SERVER" >/dev/null
      result=$(python3 bench/registration_burst.py "$PORT" "$n")
      printf 'round %s n=%-5s %-6s %s heap_after_mib=%s\n' "$round" "$n" "$side" "$result" "$(heap_mib)"
      kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=''
    done
  done
done
