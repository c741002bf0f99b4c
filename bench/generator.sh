#!/usr/bin/env bash
# Benchmark of the GitOps generator.
#   (a) one CLI call as a user or CI makes it, JVM start included, runs paired and interleaved (RUNS
#       rounds, medians, wall and CPU): `render` + validate of production, `validate` and `diff` of
#       that folder, each by `java -jar` and by the launcher gitops-generator/slipway-gitops (its AOT
#       cache recorded by one call beforehand, not timed), and `kubectl kustomize` of the same folder;
#       and a pipeline's three environments rendered by one call (--env x3) and by three calls
#   (b) in one JVM, render + validate APPS apps x 3 environments, folders per second
#   (c) the same folders built with `kubectl kustomize`, one by one, as the baseline
#
#   bench/generator.sh            # APPS=500 RUNS=7 by default; JAVA_HOME picks the JDK (25+ for the cache)
set -euo pipefail
cd "$(dirname "$0")/.."
APPS=${APPS:-500}
RUNS=${RUNS:-7}
WORK=$(mktemp -d /tmp/slipway-genbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
JAR=gitops-generator/target/gitops-generator.jar
JAVA=java
[ -z "${JAVA_HOME:-}" ] || JAVA=$JAVA_HOME/bin/java
IMAGE="registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '0123456789abcdef%.0s' 1 2 3 4)"
export SLIPWAY_GITOPS_CACHE="$WORK/aot"

echo "building $JAR" >&2
./mvnw -q -B -ntp package -DskipTests -pl gitops-generator -am

# (a) one call each way, paired; the launcher's cache recorded first by one render
gitops-generator/slipway-gitops render --env production --image "$IMAGE" --out "$WORK/record" --source-commit b0b0b0b >/dev/null
"$JAVA" -jar "$JAR" render --env production --image "$IMAGE" --out "$WORK/cli" --source-commit b0b0b0b >/dev/null
timed() { # name command... -> appends "name wall_ms cpu_ms" to $WORK/a.tsv
  local name=$1; shift
  local t0 cpu
  t0=$(date +%s%N)
  /usr/bin/time -o "$WORK/time" -f '%U %S' "$@" >/dev/null 2>&1 || true
  cpu=$(tail -n 1 "$WORK/time" | awk '{printf "%.0f", ($1 + $2) * 1000}')
  echo "$name $(( ($(date +%s%N) - t0) / 1000000 )) $cpu" >> "$WORK/a.tsv"
}
for i in $(seq 1 "$RUNS"); do
  for cli in java_jar launcher; do
    if [ "$cli" = java_jar ]; then run=("$JAVA" -jar "$JAR"); else run=(gitops-generator/slipway-gitops); fi
    timed "render_$cli" "${run[@]}" render --env production --image "$IMAGE" --out "$WORK/cli-$cli" --source-commit b0b0b0b
    timed "validate_$cli" "${run[@]}" validate "$WORK/cli"
    timed "diff_$cli" "${run[@]}" diff --env production --image "$IMAGE" --against "$WORK/cli" --source-commit b0b0b0b
  done
  command -v kubectl >/dev/null 2>&1 && timed kubectl_kustomize kubectl kustomize "$WORK/cli"
  # A pipeline's three environments: one call with --env three times, against three calls.
  timed render_3_envs_one_call gitops-generator/slipway-gitops render --env dev --env staging --env production \
    --image "$IMAGE" --out "$WORK/three/{env}" --source-commit b0b0b0b
  timed render_3_envs_three_calls sh -c 'for env in dev staging production; do
      gitops-generator/slipway-gitops render --env "$env" --image "$1" --out "$2/$env" --source-commit b0b0b0b || exit; done' \
    sh "$IMAGE" "$WORK/three"
done
python3 - "$WORK/a.tsv" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, wall, cpu = line.split()
    rows.setdefault(name, []).append((int(wall), int(cpu)))
base = statistics.median(w for w, _ in rows.get("kubectl_kustomize", [(0, 0)])) or None
for name, runs in rows.items():
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    ratio = f" x_kustomize={wall / base:.1f}" if base else ""
    print(f"cli {name} wall_ms_median={wall:.0f} cpu_ms_median={cpu:.0f} runs={'/'.join(str(w) for w, _ in runs)}{ratio}")
PY

# (b) in-process throughput
java -cp "$JAR" bench/GeneratorThroughput.java environments "$WORK/b" "$APPS" | sed 's/^/in_process_render_validate /'

# (c) kubectl kustomize on every folder, one process each
if command -v kubectl >/dev/null 2>&1; then
  t0=$(date +%s%N); n=0
  for folder in "$WORK"/b/apps/*/*; do
    kubectl kustomize "$folder" >/dev/null
    n=$((n + 1))
  done
  seconds=$(awk "BEGIN {print ($(date +%s%N) - $t0) / 1e9}")
  echo "kubectl_kustomize folders=$n seconds=$seconds folders_per_second=$(awk "BEGIN {printf \"%.1f\", $n / $seconds}")"
else
  echo "kubectl_kustomize skipped: kubectl not installed"
fi
echo "machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), kubectl $(kubectl version --client -o json 2>/dev/null | grep -m1 gitVersion | tr -d ' ",' || echo none)"
