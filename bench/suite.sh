#!/usr/bin/env bash
# The test suite's wall time at two revisions, interleaved on one machine: `./mvnw -B -o verify`
# (the README's test command, offline so downloads do not count) in a worktree of each revision.
#
#   BEFORE=<rev> AFTER=<rev, default HEAD> ROUNDS=2 bench/suite.sh
#
# Needs a local Maven repository that already holds both revisions' dependencies (run each once
# online). Prints one line per run and the median of each side.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?set BEFORE to the revision to compare against}"
AFTER=${AFTER:-HEAD}
ROUNDS=${ROUNDS:-2}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/before" >/dev/null 2>&1 || true; git worktree remove --force "$work/after" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/before" "$BEFORE"
git worktree add -q --detach "$work/after" "$AFTER"

declare -A times
for round in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    start=$(date +%s.%N)
    if (cd "$work/$side" && ./mvnw -B -o -q verify >"$work/$side-$round.log" 2>&1); then rc=0; else rc=$?; fi
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    printf 'round %s %s: %.0f s (exit %s, load %s)\n' "$round" "$side" "$seconds" "$rc" "$(cut -d' ' -f1 /proc/loadavg)"
    [ "$rc" = 0 ] || { echo "verify failed; log: $work/$side-$round.log"; tail -20 "$work/$side-$round.log"; exit 1; }
    times[$side]+="$seconds "
  done
done
for side in before after; do
  echo "$side median: $(echo "${times[$side]}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.0f s\n", m}')"
done
