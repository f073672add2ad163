#!/usr/bin/env bash
# Two stegvis revisions side by side: clean builds of the shared harness's
# neutral corpus, round-robin in one run (so machine drift hits both alike),
# median wall time, CPU time and peak RSS. For refactors that must not be
# slower (BENCHMARKS.md, "Before and after").
#
#   bash benches/before_after.sh BEFORE [AFTER] [N]
#     BEFORE, AFTER  git revisions (AFTER defaults to HEAD); each is exported
#                    with `git archive` and built in target/bench-<sha>
#     N              steps in the corpus (default 10000)
#   RUNS=5 WARMUP=1  counted runs and warm-up rounds per revision
#   HARNESS=../shared/bench   the shared harness (gen_corpus.py, measure.py),
#                             relative to the repository
#   BENCH_TMPDIR=/dev/shm     corpus, sites and outputs (tmpfs if it exists)
#
# The corpus is laid out by benches/stegvis_prep.py with `search: false`,
# as in benches/run.sh: the search index has its own figures.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$REPO/../shared/bench}
BEFORE=${1:?usage: before_after.sh BEFORE [AFTER] [N]}
AFTER=${2:-HEAD}
N=${3:-10000}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
if [ -z "${BENCH_TMPDIR:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then BENCH_TMPDIR=/dev/shm; else BENCH_TMPDIR=${TMPDIR:-/tmp}; fi
fi
WORK=$BENCH_TMPDIR/stegvis-before-after
[ -f "$HARNESS/gen_corpus.py" ] || { echo "no harness at $HARNESS (set HARNESS=)" >&2; exit 2; }

binary() {
  local rev=$1 sha
  sha=$(git -C "$REPO" rev-parse --short "$rev")
  local target=$REPO/target/bench-$sha
  if [ ! -x "$target/release/stegvis" ]; then
    local src=$WORK/src-$sha
    rm -rf "$src"; mkdir -p "$src"
    git -C "$REPO" archive "$sha" | tar -x -C "$src"
    (cd "$src" && CARGO_TARGET_DIR=$target cargo build --release --quiet) >&2
  fi
  echo "$target/release/stegvis"
}

mkdir -p "$WORK"
OLD=$(binary "$BEFORE")
NEW=$(binary "$AFTER")
echo "before: $BEFORE ($("$OLD" --version))"
echo "after:  $AFTER ($("$NEW" --version))"

rm -rf "$WORK/corpus" "$WORK/site" "$WORK/out-before" "$WORK/out-after"
python3 "$HARNESS/gen_corpus.py" --pages "$N" --seed 42 --section-size 50 --out "$WORK/corpus" >/dev/null
python3 "$REPO/benches/stegvis_prep.py" --corpus "$WORK/corpus" --site "$WORK/site" >/dev/null

cat > "$WORK/jobs.jsonl" <<EOF
{"name": "before", "cwd": "$WORK/site", "clean": "$WORK/out-before", "cmd": ["$OLD", "build", "--output", "$WORK/out-before"]}
{"name": "after", "cwd": "$WORK/site", "clean": "$WORK/out-after", "cmd": ["$NEW", "build", "--output", "$WORK/out-after"]}
EOF
python3 "$HARNESS/measure.py" --jobs "$WORK/jobs.jsonl" --pages "$N" \
  --runs "$RUNS" --warmup "$WARMUP" --json "$WORK/results.jsonl"
if diff -rq "$WORK/out-before" "$WORK/out-after" >/dev/null; then
  echo "outputs: identical"
else
  echo "outputs: DIFFER (diff -r $WORK/out-before $WORK/out-after)"
fi
