#!/bin/sh
# The AOT cache's training run: starts server.jar on its embedded default, sends the requests the
# service lives on (register, token, authenticated reads, a 404, a refused body), then stops it.
# The JVM records the classes it loaded and linked and the profiles of the methods it ran, and
# writes them to the AOT cache at exit (JDK 25, JEP 483/514/515). The image build and the
# benchmark both run this, with the runtime's own options file, so the cache matches the runtime.
#
#   aot-training.sh JAVA JVM_OPTIONS_FILE SERVER_JAR AOT_CACHE_OUT
set -eu
java=$1 options=$2 jar=$3 out=$4
port=${TRAINING_PORT:-18480}
admin_port=$((port + 1))
base="http://127.0.0.1:$port"
log=$(mktemp)

PORT=$port ADMIN_PORT=$admin_port DATABASE_URL='' REDIS_URL='' \
  "$java" "@$options" -XX:AOTCacheOutput="$out" -jar "$jar" server >"$log" 2>&1 &
pid=$!
i=0
until wget -q -O /dev/null "$base/health/ready"; do
  i=$((i + 1))
  if [ "$i" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
  sleep 0.1
done

post() { wget -q -O - --header 'Content-Type: application/json' --post-data "$2" "$base$1" || true; }
get() { wget -q -O /dev/null --header "Authorization: Bearer $2" "$base$1" || true; }
n=0
while [ "$n" -lt 40 ]; do
  n=$((n + 1))
  user=$(post /api/v1/users "{\"email\":\"training$n@example.org\",\"name\":\"Training $n\",\"password\":\"training password $n\"}")
  id=$(printf '%s' "$user" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  token=$(post /api/v1/auth/token "{\"email\":\"training$n@example.org\",\"password\":\"training password $n\"}" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  r=0
  while [ "$r" -lt 50 ]; do
    get "/api/v1/users/$id" "$token"
    get /api/v1/users/me "$token"
    r=$((r + 1))
  done
  get /api/v1/users/00000000-0000-4000-8000-000000000000 "$token"
  post /api/v1/users '{"email":"not an address","name":"","password":"x"}' >/dev/null
  wget -q -O /dev/null "$base/health/live" || true
done

kill -TERM "$pid"
wait "$pid" || true
if [ ! -s "$out" ]; then cat "$log" >&2; exit 1; fi
rm -f "$log"
