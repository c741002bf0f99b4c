#!/usr/bin/env bash
# Benchmark of the GitOps generator.
#   (a) wall time of one CLI render + validate of one environment, JVM start included (hyperfine-style: 10 runs)
#   (b) in one JVM, render + validate APPS apps x 3 environments, folders per second
#   (c) the same folders built with `kubectl kustomize`, one by one, as the baseline
#
#   bench/generator.sh            # APPS=500 by default
set -euo pipefail
cd "$(dirname "$0")/.."
APPS=${APPS:-500}
WORK=$(mktemp -d /tmp/slipway-genbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
JAR=gitops-generator/target/gitops-generator.jar
IMAGE="registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '0123456789abcdef%.0s' 1 2 3 4)"

echo "building $JAR" >&2
./mvnw -q -B -ntp package -DskipTests -pl gitops-generator -am

# (a) ten CLI runs, median wall time
times=()
for i in $(seq 1 10); do
  t0=$(date +%s%N)
  java -jar "$JAR" render --env production --image "$IMAGE" --out "$WORK/cli" --source-commit bench >/dev/null
  times+=($(( ($(date +%s%N) - t0) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "cli_render_validate_ms median=${sorted[4]} min=${sorted[0]} max=${sorted[9]}"

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
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), kubectl $(kubectl version --client -o json 2>/dev/null | grep -m1 gitVersion | tr -d ' ",' || echo none)"
