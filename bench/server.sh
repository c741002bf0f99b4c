#!/usr/bin/env bash
# Slipway's API server side by side with the FastAPI service it replaces (../shared/peers/fastapi-users),
# on one PostgreSQL 15 and one Redis on 127.0.0.1, A/B interleaved, ROUNDS rounds (order alternates).
#
#   bench/server.sh              # builds the jar, installs what is missing (Debian packages), prints the figures
#
# Each round starts each service fresh, times its cold start (launch to the first 200 on
# /health/ready, polled by bench/ready.py) and then, from the first seconds after start, with wrk
# (2 threads, 64 connections):
#   first_pass   every one of the 10,000 seeded ids read once, cache empty (all misses); PASS_SECONDS
#   cached       random ids, cache warm                                  CACHED_SECONDS
#   callers      CALLERS users, each reading itself with its own token (a rate-limit key each), cache warm
#                                                                         CACHED_SECONDS
#   live         GET /health/live                                        LIVE_SECONDS
#   flushed      random ids right after the service's Redis db is emptied FLUSHED_SECONDS
#   rss          resident memory after the reads (the peer: master + workers), all / anonymous / file-backed
#   mixed        90 % reads / 10 % registrations, and the registrations that succeeded per second
#                                                                         MIXED_SECONDS
# Slipway reads authenticate with a bearer token (admin); the peer's have no authentication.
#
#   JFR_DIR=/tmp/jfr bench/server.sh   # and a Flight Recording (profile settings) of each Slipway run there
#   B=slipway-traced bench/server.sh   # Slipway against itself with tracing on (OTLP to bench/otlp_sink.py
#                                       # at TRACED_RATIO, 0.05 as in production), same rounds and figures
#   B=slipway-before bench/server.sh   # Slipway against its build at BASELINE_REV (default: the commit
#                                       # before the rate limiter), same rounds and figures
# Slipway's rate limits are set far above the load (RATE_LIMIT_PER_*): every request still takes its
# token through Redis-shared buckets, as in production, but none is refused, so the figures are the
# limiter's cost, not its refusals. A caller's bucket syncs with Redis every syncInterval or 5 % of its
# allowance, whichever comes first; with CALLERS callers the time bound is the one that applies, as it
# is for production's many low-rate callers.
# Slipway starts as its container does: `java` of the image's release with the Dockerfile's
# ENTRYPOINT (options file and AOT cache, trained by the same script the image build runs),
# under an emulated 1 GiB memory limit (-XX:MaxRAM), server/config.yml, LOG_LEVEL=WARN.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
USERS=${USERS:-10000}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
CACHED_SECONDS=${CACHED_SECONDS:-20}
LIVE_SECONDS=${LIVE_SECONDS:-5}
FLUSHED_SECONDS=${FLUSHED_SECONDS:-5}
MIXED_SECONDS=${MIXED_SECONDS:-15}
PASS_SECONDS=${PASS_SECONDS:-20}   # upper bound of the first pass; wrk waits it out whatever happens
MEMORY_LIMIT=${MEMORY_LIMIT:-1g}
PEER_DIR=${PEER_DIR:-../shared/peers/fastapi-users}
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}
SLIPWAY_PORT=${SLIPWAY_PORT:-18080}
PEER_PORT=${PEER_PORT:-18801}
B=${B:-peer}
BASELINE_REV=${BASELINE_REV:-d30407d^}
CALLERS=${CALLERS:-2000}
TRACED_RATIO=${TRACED_RATIO:-0.05}
SINK_PORT=${SINK_PORT:-14318}
WORK=$(mktemp -d /tmp/slipway-bench.XXXXXX)
RESULTS="$WORK/results.tsv"
PIDS=()
PGBIN=/usr/lib/postgresql/15/bin

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -x "$PGBIN/pg_ctl" ] && as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  [ -d "$WORK/before" ] && git worktree remove --force "$WORK/before" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" >&2; }

# --- what the run needs ---------------------------------------------------------------------
packages=(postgresql redis-server wrk python3-fastapi python3-uvicorn gunicorn python3-asyncpg python3-redis
  python3-prometheus-client python3-uvloop python3-httptools)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (Debian packages)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The image's Java release (its build image) and a JDK of it on this machine.
RELEASE=$(sed -nE 's/^ARG BUILD_IMAGE=(.*\/)?eclipse-temurin:([0-9]+)[._].*/\2/p' Dockerfile)
JAVA=${RUNTIME_JAVA:-}
if [ -z "$JAVA" ]; then
  for home in /usr/lib/jvm/*; do
    if grep -qE "^JAVA_VERSION=\"$RELEASE[.\"]" "$home/release" 2>/dev/null; then JAVA="$home/bin/java"; break; fi
  done
fi
[ -x "$JAVA" ] || { echo "no JDK $RELEASE under /usr/lib/jvm (set RUNTIME_JAVA)" >&2; exit 1; }

log "building server/target/server.jar"
./mvnw -q -B -ntp package -DskipTests -pl server -am
JAR=server/target/server.jar

# --- PostgreSQL 15 and Redis ----------------------------------------------------------------
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$WORK/pg" && { [ "$(id -u)" != 0 ] || chown postgres "$WORK" "$WORK/pg"; }
as_postgres "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w start \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off" >/dev/null
psql_() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_ -c "CREATE DATABASE slipway" -c "CREATE DATABASE peer"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.05; done

# --- Slipway: schema, admin, 10,000 users; the container's command line ---------------------
export DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/slipway" DATABASE_USER=postgres DATABASE_PASSWORD=unused
export JWT_SECRET="bench-secret-bench-secret-bench-secret-0123" LOG_LEVEL=WARN MALLOC_ARENA_MAX=2
"$JAVA" -jar "$JAR" db migrate server/config.yml >/dev/null 2>&1
printf 'bench password 123\n' | "$JAVA" -jar "$JAR" create-admin --email admin@bench.local server/config.yml >/dev/null 2>&1
HASH=$(psql_ -d slipway -c "SELECT password_hash FROM users WHERE email = 'admin@bench.local'")
psql_ -d slipway -c "INSERT INTO users (id, email, name, password_hash, role, version, created_at, updated_at)
  SELECT gen_random_uuid(), 'user' || i || '@bench.local', 'User ' || i, '$HASH', 'USER', 1, now(), now()
  FROM generate_series(1, $USERS) AS i"
psql_ -d slipway -c "SELECT id FROM users WHERE role = 'USER' ORDER BY email" > "$WORK/slipway-ids.txt"
# CALLERS of them with a token each, signed as the server signs (HS256 with JWT_SECRET; no kid: any accepted key).
head -n "$CALLERS" "$WORK/slipway-ids.txt" | python3 -c '
import base64, hashlib, hmac, json, sys, time, uuid
def part(value): return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
now = int(time.time())
for line in sys.stdin:
    user = line.strip()
    body = part({"alg": "HS256", "typ": "JWT"}) + "." + part({"iss": "slipway", "aud": "slipway-api", "sub": user,
        "role": "user", "gen": 1, "iat": now, "exp": now + 86400, "jti": str(uuid.uuid4())})
    signature = hmac.new(sys.argv[1].encode(), body.encode(), hashlib.sha256).digest()
    print(user + "\t" + body + "." + base64.urlsafe_b64encode(signature).rstrip(b"=").decode())
' "$JWT_SECRET" > "$WORK/slipway-callers.txt"
unset DATABASE_URL DATABASE_USER DATABASE_PASSWORD

log "AOT cache: the image's training run (server/aot-training.sh, its own PostgreSQL and Redis)"
PG_BIN=$PGBIN sh server/aot-training.sh "$JAVA" server/jvm.options "$JAR" server/config.yml "$WORK/server.aot"
# The ENTRYPOINT, with the image's paths mapped to this checkout.
mapfile -t SLIPWAY_CMD < <(python3 -c '
import json, sys
line = next(l for l in open("Dockerfile") if l.startswith("ENTRYPOINT "))
cmd = json.loads(line[len("ENTRYPOINT "):])
paths = {"@/app/jvm.options": "@server/jvm.options", "-XX:AOTCache=/app/server.aot": "-XX:AOTCache=" + sys.argv[1],
         "/app/server.jar": sys.argv[2]}
print(sys.argv[3]); print("-XX:MaxRAM=" + sys.argv[4])
for word in cmd[1:]: print(paths.get(word, word))
print("server"); print("server/config.yml")' "$WORK/server.aot" "$JAR" "$JAVA" "$MEMORY_LIMIT")
log "slipway: ${SLIPWAY_CMD[*]}"
if [ "$B" = slipway-before ]; then
  log "building the baseline at $BASELINE_REV"
  git worktree add -q --detach "$WORK/before" "$BASELINE_REV"
  (cd "$WORK/before" && ./mvnw -q -B -ntp package -DskipTests -pl server -am)
  (cd "$WORK/before" && PG_BIN=$PGBIN sh server/aot-training.sh "$JAVA" server/jvm.options server/target/server.jar \
    server/config.yml "$WORK/before.aot")
  BEFORE_CMD=()
  for word in "${SLIPWAY_CMD[@]}"; do
    case "$word" in
      "$JAR") BEFORE_CMD+=("$WORK/before/server/target/server.jar") ;;
      -XX:AOTCache=*) BEFORE_CMD+=("-XX:AOTCache=$WORK/before.aot") ;;
      @server/jvm.options) BEFORE_CMD+=("@$WORK/before/server/jvm.options") ;;
      server/config.yml) BEFORE_CMD+=("$WORK/before/server/config.yml") ;;
      *) BEFORE_CMD+=("$word") ;;
    esac
  done
fi

# --- the peer: its table (created at its start), 10,000 users -------------------------------
peer_env=(DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/peer" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1"
  BIND="127.0.0.1:$PEER_PORT" WORKERS=2 LOG_LEVEL=warning
  PROMETHEUS_MULTIPROC_DIR="$WORK/peer-prom" PYTHONPYCACHEPREFIX="$WORK/peer-pycache")

# --- one service's round ------------------------------------------------------------------
start() { # name -> SERVICE_PID, COLD_MS
  local t0 port; t0=$(date +%s%N)
  if [ "$1" != peer ]; then
    port=$SLIPWAY_PORT
    local tracing=()
    [ "$1" = slipway-traced ] && tracing=(TRACING_ENDPOINT="http://127.0.0.1:$SINK_PORT/v1/traces"
      TRACING_SAMPLING_RATIO="$TRACED_RATIO" SLIPWAY_ENVIRONMENT=bench)
    local cmd=("${SLIPWAY_CMD[@]}")
    [ "$1" = slipway-before ] && cmd=("${BEFORE_CMD[@]}")
    env "${tracing[@]}" PORT=$SLIPWAY_PORT ADMIN_PORT=$((SLIPWAY_PORT + 1)) \
      DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/slipway" \
      DATABASE_USER=postgres DATABASE_PASSWORD=unused REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" \
      RATE_LIMIT_PER_USER=10000000 RATE_LIMIT_PER_ADDRESS=10000000 \
      "${cmd[0]}" ${JFR_DIR:+"-XX:StartFlightRecording=filename=$JFR_DIR/$1-$ROUND.jfr,settings=profile"} \
      "${cmd[@]:1}" >"$WORK/$1.log" 2>&1 &
  else
    port=$PEER_PORT
    env "${peer_env[@]}" "$PEER_DIR/run.sh" >"$WORK/peer.log" 2>&1 &
  fi
  SERVICE_PID=$!; PIDS+=("$SERVICE_PID")
  python3 bench/ready.py "$port" "$SERVICE_PID" || { cat "$WORK/$1.log" >&2; exit 1; }
  COLD_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop() { kill -TERM "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; }
rss() { # resident memory of the process and its children (gunicorn's workers): all, anonymous, file-backed
  local pid total=0 anon=0 file=0
  for pid in $1 $(pgrep -P "$1" || true); do
    total=$((total + $(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")))
    anon=$((anon + $(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status")))
    file=$((file + $(awk '/^RssFile:/ {print $2}' "/proc/$pid/status")))
  done
  echo "mib=$((total / 1024)) anon_mib=$((anon / 1024)) file_mib=$((file / 1024))"
}
record() { printf '%s\t%s\t%s\t%s\n' "$ROUND" "$1" "$2" "$3" >> "$RESULTS"; }
load() { # name workload script seconds path
  local line
  line=$(THREADS=$THREADS wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4s" --timeout 5s -s "bench/wrk/$3" "$BASE$5" | grep '^workload=')
  record "$1" "$2" "${line#workload= }"
  log "$1 $2: ${line#workload= }"
}
measure() { # name
  local name=$1 db
  [ "$name" != peer ] && db=0 || db=1
  redis-cli -p "$REDIS_PORT" -n "$db" flushdb >/dev/null
  start "$name"
  record "$name" cold_start "ms=$COLD_MS"
  if [ "$name" != peer ]; then
    BASE="http://127.0.0.1:$SLIPWAY_PORT" IDS_FILE="$WORK/slipway-ids.txt" CALLERS_FILE="$WORK/slipway-callers.txt"
    TOKEN=$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
      -d '{"email":"admin@bench.local","password":"bench password 123"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  else
    BASE="http://127.0.0.1:$PEER_PORT" IDS_FILE="$WORK/peer-ids.txt" CALLERS_FILE="$WORK/peer-ids.txt" TOKEN=""
  fi
  export IDS_FILE CALLERS_FILE TOKEN
  if [ "$name" != peer ]; then # a minted token must be accepted, or the callers workload measures 401s
    local caller_id caller_token status
    IFS=$'\t' read -r caller_id caller_token < "$CALLERS_FILE"
    status=$(curl -s -o "$WORK/caller.json" -w '%{http_code}' -H "Authorization: Bearer $caller_token" "$BASE/api/v1/users/$caller_id")
    [ "$status" = 200 ] || { log "a caller's read answered $status: $(cat "$WORK/caller.json")"; exit 1; }
  fi
  load "$name" first_pass pass.lua "$PASS_SECONDS" ""
  load "$name" cached users.lua "$CACHED_SECONDS" ""
  load "$name" callers self.lua "$CACHED_SECONDS" ""
  load "$name" live plain.lua "$LIVE_SECONDS" /health/live
  redis-cli -p "$REDIS_PORT" -n "$db" flushdb >/dev/null
  load "$name" flushed users.lua "$FLUSHED_SECONDS" ""
  record "$name" rss "$(rss "$SERVICE_PID")"
  local database=peer users_before
  [ "$name" = peer ] || database=slipway
  users_before=$(psql_ -d "$database" -c "SELECT count(*) FROM users")
  load "$name" mixed mixed.lua "$MIXED_SECONDS" ""
  record "$name" mixed "registered_per_s=$(( ($(psql_ -d "$database" -c "SELECT count(*) FROM users") - users_before) / MIXED_SECONDS ))"
  stop
}

if [ "$B" = peer ]; then
  log "peer: creating its table"
  start peer; stop
  psql_ -d peer -c "TRUNCATE users RESTART IDENTITY" -c "INSERT INTO users (email, name, password_hash)
    SELECT 'user' || g || '@bench.local', 'Seed User ' || g, 'placeholder' FROM generate_series(1, $USERS) AS g"
  seq 1 "$USERS" > "$WORK/peer-ids.txt"
else
  python3 bench/otlp_sink.py "$SINK_PORT" "$WORK/sink.tsv" & PIDS+=($!)
fi

for ROUND in $(seq 1 "$ROUNDS"); do
  if [ $((ROUND % 2)) = 1 ]; then order=(slipway "$B"); else order=("$B" slipway); fi
  for name in "${order[@]}"; do log "round $ROUND: $name"; measure "$name"; done
done

# --- medians and ratios ---------------------------------------------------------------------
python3 - "$RESULTS" "$B" <<'EOF'
import statistics, sys
other = sys.argv[2]
rows = {}
for line in open(sys.argv[1]):
    _, name, workload, fields = line.rstrip("\n").split("\t")
    values = dict(f.split("=") for f in fields.split())
    for key, value in values.items():
        rows.setdefault((workload, key), {}).setdefault(name, []).append(float(value))
print(f"| workload | figure | slipway (each round) | {other} (each round) | slipway median | {other} median | slipway / {other} |")
print("|---|---|---|---|---|---|---|")
for (workload, key), by in rows.items():
    s, p = by.get("slipway", []), by.get(other, [])
    if not s or not p or key == "incomplete":
        continue
    ms, mp = statistics.median(s), statistics.median(p)
    fmt = lambda v: f"{v:,.0f}" if v >= 100 else f"{v:.2f}"
    ratio = f"{ms / mp:.2f}" if mp else "—"
    print(f"| {workload} | {key} | {' / '.join(fmt(v) for v in s)} | {' / '.join(fmt(v) for v in p)} "
          f"| {fmt(ms)} | {fmt(mp)} | {ratio} |")
EOF
[ "$B" = peer ] || echo "spans exported to the sink: $(awk -F'\t' '{r += 1; b += $2} END {print r " requests, " b " bytes"}' "$WORK/sink.tsv" 2>/dev/null)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1), $(date -u +%F)"
