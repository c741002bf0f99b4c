#!/usr/bin/env bash
# Benchmark of publish against a large config repository behind a local smart-HTTP git server
# (bench/git_http.py: git http-backend, partial fetches allowed as on GitLab). Until 2026-12-06 it
# sat behind `git daemon`, whose git:// the CLI now refuses (no authentication, and JGit cannot time
# out a silent daemon); a file:// URL would move the server's pack work into the client's process.
#   The repository: APPS apps x 3 environments (about 17 files each, ~50,000 files) and COMMITS commits of history.
#   (a) one `gitops-generator publish` end to end, JVM start included (median of RUNS), by `java -jar`
#       and, interleaved, by the launcher gitops-generator/slipway-gitops (its AOT cache recorded first)
#   (b) the same steps with the git CLI: clone --depth 1, copy the folder, commit, push (median of RUNS)
#   (b') the git CLI at its best: clone --depth 1 --filter=blob:none, sparse checkout of the folder, commit, push
#   (c) 8 publishes to different folders started at once, by the launcher (as CI runs them): all land; total wall time
#   (d) dev and staging published by one call (--env twice) and by two calls, interleaved, by the launcher
#   (e) one publish signed (an RSA 4096 OpenPGP key, as the README creates it) and one unsigned,
#       interleaved, by the launcher whose cache an unsigned publish recorded
#
#   (a-) with BEFORE=<rev>: (a) by that revision's jar too, interleaved with this checkout's
#
#   bench/publish.sh          # APPS=1000 COMMITS=5000 RUNS=5 [BEFORE=<rev>]
set -euo pipefail
cd "$(dirname "$0")/.."
APPS=${APPS:-1000}
COMMITS=${COMMITS:-5000}
RUNS=${RUNS:-5}
WORK=$(mktemp -d /tmp/slipway-pubbench.XXXXXX)
JAR=gitops-generator/target/gitops-generator.jar
IMAGE="registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '0123456789abcdef%.0s' 1 2 3 4)"
PORT=${PORT:-19418}
cleanup() {
  [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null
  [ -d "$WORK/before" ] && git worktree remove --force "$WORK/before"
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building $JAR" >&2
./mvnw -q -B -ntp package -DskipTests -pl gitops-generator -am
if [ -n "${BEFORE:-}" ]; then
  echo "building the generator at $BEFORE" >&2
  git worktree add -q --detach "$WORK/before" "$BEFORE"
  (cd "$WORK/before" && ./mvnw -q -B -ntp package -DskipTests -pl gitops-generator -am)
fi

# A template folder: the dev render, whose files every app folder copies with its own name.
java -jar "$JAR" render --env dev --image "$IMAGE" --out "$WORK/template" --source-commit b0b0b0b >/dev/null

echo "building a config repo of $APPS apps x 3 environments with $COMMITS commits" >&2
git init -q --bare -b main "$WORK/server/config.git"
python3 - "$WORK/template" "$APPS" "$COMMITS" > "$WORK/import.stream" <<'PY'
import os, sys
template, apps, commits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
files = {n: open(os.path.join(template, n), 'rb').read() for n in sorted(os.listdir(template)) if n != ".slipway-rendered"}
# Each folder holds a provenance file, as every folder Slipway publishes does (publish replaces no other).
files[".slipway.json"] = b'{"note": "written by bench/publish.sh"}\n'
out = sys.stdout.buffer
def blob(data):
    out.write(b"data %d\n" % len(data)); out.write(data); out.write(b"\n")
mark = 0
t = 1700000000
# commit 1: every folder
out.write(b"commit refs/heads/main\ncommitter Bench <bench@x> %d +0000\n" % t)
msg = b"initial layout"; out.write(b"data %d\n%s\n" % (len(msg), msg))
for a in range(apps):
    for env in ("dev", "staging", "production"):
        for name, data in files.items():
            content = data.replace(b"slipway", b"app%d" % a)
            out.write(b"M 100644 inline apps/app%d/%s/%s\n" % (a, env.encode(), name.encode()))
            blob(content)
# history: each commit touches one folder's configmap
for c in range(1, commits):
    a, env = c % apps, ("dev", "staging", "production")[c % 3]
    out.write(b"commit refs/heads/main\ncommitter Bench <bench@x> %d +0000\n" % (t + c))
    msg = b"app%d/%s: change %d" % (a, env.encode(), c); out.write(b"data %d\n%s\n" % (len(msg), msg))
    out.write(b"M 100644 inline apps/app%d/%s/configmap.yaml\n" % (a, env.encode()))
    blob(files["configmap.yaml"].replace(b"slipway", b"app%d" % a) + b"# change %d\n" % c)
PY
git --git-dir="$WORK/server/config.git" fast-import --quiet < "$WORK/import.stream"
git --git-dir="$WORK/server/config.git" gc -q --aggressive --prune=now 2>/dev/null || true
# No auto-gc inside receive-pack: it would charge whichever client pushes next, CLI or JGit alike.
git --git-dir="$WORK/server/config.git" config receive.autogc false
# Partial fetches allowed, as GitLab serves them (publish then fetches no blobs but its folder's).
git --git-dir="$WORK/server/config.git" config uploadpack.allowFilter true
echo "repo: $(git --git-dir="$WORK/server/config.git" ls-tree -r main | wc -l) files, $(git --git-dir="$WORK/server/config.git" rev-list --count main) commits, $(du -sh "$WORK/server/config.git" | cut -f1)" >&2

git --git-dir="$WORK/server/config.git" config http.receivepack true
python3 bench/git_http.py "$WORK/server" "$PORT" &
SERVER=$!
sleep 1
URL="http://127.0.0.1:$PORT/config.git"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# (a) publish: each run deploys a new image to app0/dev, so every run commits and pushes.
# The launcher's AOT cache, recorded by one (untimed) publish.
export SLIPWAY_GITOPS_CACHE="$WORK/aot"
gitops-generator/slipway-gitops publish --env dev --image "registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '%064x' 999)" \
  --repo "$URL" --source-commit aaaaaaa >/dev/null
a=(); l=(); old=()
for i in $(seq 1 "$RUNS"); do
  digest="sha256:$(printf '%064x' "$i")"
  t0=$(date +%s%N)
  java -jar "$JAR" publish --env dev --image "registry.cn-hangzhou.aliyuncs.com/slipway/server@$digest" \
    --repo "$URL" --source-commit "$(printf '1%06x' "$i")" >/dev/null
  a+=("$(ms "$t0")")
  digest="sha256:$(printf '%064x' $((500 + i)))"
  t0=$(date +%s%N)
  gitops-generator/slipway-gitops publish --env dev --image "registry.cn-hangzhou.aliyuncs.com/slipway/server@$digest" \
    --repo "$URL" --source-commit "$(printf '2%06x' "$i")" >/dev/null
  l+=("$(ms "$t0")")
  if [ -n "${BEFORE:-}" ]; then
    digest="sha256:$(printf '%064x' $((900 + i)))"
    t0=$(date +%s%N)
    java -jar "$WORK/before/$JAR" publish --env dev --image "registry.cn-hangzhou.aliyuncs.com/slipway/server@$digest" \
      --repo "$URL" --environments "$WORK/before/environments" --source-commit "$(printf '9%06x' "$i")" >/dev/null
    old+=("$(ms "$t0")")
  fi
done
echo "publish_end_to_end_ms median=$(printf '%s\n' "${a[@]}" | median) runs=${a[*]}"
[ -z "${BEFORE:-}" ] || echo "publish_end_to_end_before_ms median=$(printf '%s\n' "${old[@]}" | median) runs=${old[*]} ($BEFORE)"
echo "publish_launcher_end_to_end_ms median=$(printf '%s\n' "${l[@]}" | median) runs=${l[*]}"

# (b) the git CLI doing the same: shallow clone, replace the folder, commit, push.
b=()
for i in $(seq 1 "$RUNS"); do
  java -jar "$JAR" render --env dev --image "registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '%064x' $((100 + i)))" \
    --out "$WORK/rendered" --source-commit "$(printf '3%06x' "$i")" >/dev/null
  rm -rf "$WORK/clone"
  t0=$(date +%s%N)
  git clone -q --depth 1 "$URL" "$WORK/clone"
  # The files replaced, Slipway's provenance kept: publish replaces only a folder that holds one.
  find "$WORK/clone/apps/slipway/dev" -mindepth 1 ! -name .slipway.json -delete
  cp "$WORK/rendered"/* "$WORK/clone/apps/slipway/dev/"
  git -C "$WORK/clone" add -A apps/slipway/dev
  git -C "$WORK/clone" -c user.name=bench -c user.email=bench@x commit -q -m "cli run $i"
  git -C "$WORK/clone" push -q origin main
  b+=("$(ms "$t0")")
done
echo "git_cli_baseline_ms median=$(printf '%s\n' "${b[@]}" | median) runs=${b[*]} (render not included)"

# (b') the git CLI at its best: a partial clone (no blobs) with only the folder checked out.
p=()
for i in $(seq 1 "$RUNS"); do
  java -jar "$JAR" render --env dev --image "registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '%064x' $((600 + i)))" \
    --out "$WORK/rendered" --source-commit "$(printf '4%06x' "$i")" >/dev/null
  rm -rf "$WORK/sparse"
  t0=$(date +%s%N)
  git clone -q --depth 1 --filter=blob:none --no-checkout "$URL" "$WORK/sparse"
  git -C "$WORK/sparse" sparse-checkout set apps/slipway/dev
  git -C "$WORK/sparse" checkout -q main
  find "$WORK/sparse/apps/slipway/dev" -mindepth 1 ! -name .slipway.json -delete
  cp "$WORK/rendered"/* "$WORK/sparse/apps/slipway/dev/"
  git -C "$WORK/sparse" add -A apps/slipway/dev
  git -C "$WORK/sparse" -c user.name=bench -c user.email=bench@x commit -q -m "sparse run $i"
  git -C "$WORK/sparse" push -q origin main
  p+=("$(ms "$t0")")
done
echo "git_cli_partial_sparse_ms median=$(printf '%s\n' "${p[@]}" | median) runs=${p[*]} (render not included)"

# (d) a pipeline publishing two environments: one call with --env twice, against two calls (launcher).
one=(); two=()
for i in $(seq 1 "$RUNS"); do
  image="registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '%064x' $((300 + i)))"
  t0=$(date +%s%N)
  gitops-generator/slipway-gitops publish --env dev --env staging --image "$image" --repo "$URL" --source-commit "$(printf '5%06x' "$i")" >/dev/null
  one+=("$(ms "$t0")")
  image="registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '%064x' $((400 + i)))"
  t0=$(date +%s%N)
  for env in dev staging; do
    gitops-generator/slipway-gitops publish --env "$env" --image "$image" --repo "$URL" --source-commit "$(printf '6%06x' "$i")" >/dev/null
  done
  two+=("$(ms "$t0")")
done
echo "publish_2_envs_one_call_ms median=$(printf '%s\n' "${one[@]}" | median) runs=${one[*]}"
echo "publish_2_envs_two_calls_ms median=$(printf '%s\n' "${two[@]}" | median) runs=${two[*]}"

# (e) the price of a signature: signed and unsigned publishes of the same folder, interleaved.
export GNUPGHOME="$WORK/gnupg"; mkdir -m 700 "$GNUPGHOME"
gpg --batch --pinentry-mode loopback --passphrase bench --quick-generate-key \
  "Slipway gitops-generator <gitops-generator@slipway.invalid>" rsa4096 sign never 2>/dev/null
gpg --batch --pinentry-mode loopback --passphrase bench --export-secret-keys --armor > "$WORK/signing-key.asc"
signed=(); unsigned=()
for i in $(seq 1 "$RUNS"); do
  t0=$(date +%s%N)
  SLIPWAY_SIGNING_KEY="$WORK/signing-key.asc" SLIPWAY_SIGNING_PASSPHRASE=bench gitops-generator/slipway-gitops publish \
    --env dev --image "registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '%064x' $((700 + i)))" \
    --repo "$URL" --source-commit "$(printf '7%06x' "$i")" >/dev/null
  signed+=("$(ms "$t0")")
  t0=$(date +%s%N)
  gitops-generator/slipway-gitops publish --env dev --image "registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '%064x' $((800 + i)))" \
    --repo "$URL" --source-commit "$(printf '8%06x' "$i")" >/dev/null
  unsigned+=("$(ms "$t0")")
done
git --git-dir="$WORK/server/config.git" verify-commit main~1 2>/dev/null && sig=verified || sig=UNVERIFIED
echo "publish_signed_ms median=$(printf '%s\n' "${signed[@]}" | median) runs=${signed[*]} (git verify-commit: $sig)"
echo "publish_unsigned_ms median=$(printf '%s\n' "${unsigned[@]}" | median) runs=${unsigned[*]}"
unset GNUPGHOME

# (c) eight publishes to eight different folders at once.
for i in $(seq 0 7); do
  mkdir -p "$WORK/env$i"; cp environments/*.yaml "$WORK/env$i/"
  sed -i "s/^  name: slipway$/  name: app$i/" "$WORK/env$i/base.yaml"
done
before=$(git --git-dir="$WORK/server/config.git" rev-list --count main)
t0=$(date +%s%N)
pids=()
for i in $(seq 0 7); do
  gitops-generator/slipway-gitops publish --env dev --image "registry.cn-hangzhou.aliyuncs.com/slipway/server@sha256:$(printf '%064x' $((200 + i)))" \
    --repo "$URL" --environments "$WORK/env$i" --source-commit "$(printf '9%06x' "$i")" >/dev/null &
  pids+=($!)
done
failed=0; for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
total=$(ms "$t0")
after=$(git --git-dir="$WORK/server/config.git" rev-list --count main)
git --git-dir="$WORK/server/config.git" fsck --strict >/dev/null 2>&1 && fsck=clean || fsck=ERRORS
echo "eight_concurrent_publishes_ms=$total landed=$((after - before))/8 failed=$failed fsck=$fsck"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(git --version)"
