#!/bin/sh
# The AOT cache's training run, on the production configuration: starts a throwaway PostgreSQL and
# Redis, creates the schema, starts server.jar with CONFIG against them and sends the requests the
# service lives on (register, token, authenticated reads through the cache, a 404, a refused body),
# then stops everything. The JVM records the classes it loaded and linked and the profiles of the
# methods it ran — PostgreSQL driver and Redis client included — and writes them to the AOT cache
# at exit (JDK 25, JEP 483/514/515). The image build and the benchmark both run this, with the
# runtime's own options file, so the cache matches the runtime.
#
#   aot-training.sh JAVA JVM_OPTIONS_FILE SERVER_JAR CONFIG AOT_CACHE_OUT
#
# Needs PostgreSQL's initdb, pg_ctl and postgres (found on PATH, under /usr/libexec/postgresql* or
# /usr/lib/postgresql/*/bin, or in PG_BIN) and redis-server. As root, PostgreSQL runs as `postgres`.
set -eu
java=$1 options=$2 jar=$3 config=$4 out=$5
port=${TRAINING_PORT:-18480}
pg_port=$((port + 2))
redis_port=$((port + 3))
base="http://127.0.0.1:$port"
work=$(mktemp -d)
server=''

pg_bin=${PG_BIN:-}
if [ -z "$pg_bin" ]; then
  for dir in $(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)") /usr/libexec/postgresql* /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then pg_bin=$dir; break; fi
  done
fi
[ -n "$pg_bin" ] || { echo "aot-training.sh: PostgreSQL's initdb and pg_ctl not found (set PG_BIN)" >&2; exit 1; }
# initdb refuses to run as root.
as_db_owner() { if [ "$(id -u)" = 0 ]; then su -s /bin/sh postgres -c "$*"; else sh -c "$*"; fi; }

stop_all() {
  [ -z "$server" ] || kill -TERM "$server" 2>/dev/null || true
  as_db_owner "'$pg_bin/pg_ctl' -D '$work/pg' -m immediate stop" >/dev/null 2>&1 || true
  [ ! -f "$work/redis.pid" ] || kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap stop_all EXIT
fail() { cat "$work/server.log" >&2 2>/dev/null || true; echo "aot-training.sh: $1" >&2; exit 1; }

mkdir "$work/pg"
[ "$(id -u)" != 0 ] || chown postgres "$work" "$work/pg"
as_db_owner "'$pg_bin/initdb' -D '$work/pg' -U postgres -A trust" >/dev/null
as_db_owner "'$pg_bin/pg_ctl' -D '$work/pg' -l '$work/pg/log' -w start -o '-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c fsync=off'" >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"

export DATABASE_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres" DATABASE_USER=postgres DATABASE_PASSWORD=training \
  REDIS_URL="redis://127.0.0.1:$redis_port/0" JWT_SECRET="aot-training-only-$(date +%s)-signing-key-not-used-anywhere" \
  PORT=$port ADMIN_PORT=$((port + 1)) LOG_LEVEL=WARN SHUTDOWN_WAIT_PERIOD=0s
# Untraced: a cache trained with tracing on was 10 MB larger (the image over its 200 MB bound) and
# did not start a traced server any sooner (bench/RESULTS.md, "Tracing").
export TRACING_ENDPOINT=''
# The schema, by a JVM that records nothing.
"$java" -jar "$jar" db migrate "$config" >"$work/server.log" 2>&1 || fail "db migrate failed"

"$java" "@$options" -XX:AOTCacheOutput="$out" -jar "$jar" server "$config" >"$work/server.log" 2>&1 &
server=$!
i=0
until wget -q -O /dev/null "$base/health/ready"; do
  i=$((i + 1))
  if [ "$i" -gt 600 ] || ! kill -0 "$server" 2>/dev/null; then fail "the server did not become ready"; fi
  sleep 0.1
done

post() { wget -q -O - --header 'Content-Type: application/json' --post-data "$2" "$base$1" || true; }
# Reads as an ingress sends them: one client, one kept-alive connection, many requests (wget reuses
# its connection across the URLs it is given). A process and a connection per request took 40 s.
reads() { bearer=$1; shift; wget -q -O /dev/null --header "Authorization: Bearer $bearer" "$@" || true; }
n=0
while [ "$n" -lt 40 ]; do
  n=$((n + 1))
  user=$(post /api/v1/users "{\"email\":\"training$n@example.org\",\"name\":\"Training $n\",\"password\":\"training password $n\"}")
  id=$(printf '%s' "$user" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  token=$(post /api/v1/auth/token "{\"email\":\"training$n@example.org\",\"password\":\"training password $n\"}" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  urls=''
  r=0
  while [ "$r" -lt 50 ]; do
    urls="$urls $base/api/v1/users/$id $base/api/v1/users/me"
    r=$((r + 1))
  done
  # shellcheck disable=SC2086 # one URL per word
  reads "$token" $urls "$base/api/v1/users/00000000-0000-4000-8000-000000000000"
  post /api/v1/users '{"email":"not an address","name":"","password":"x"}' >/dev/null
  wget -q -O /dev/null "$base/health/live" || true
done

kill -TERM "$server"
wait "$server" || true
server=''
[ -s "$out" ] || fail "no AOT cache was written"
