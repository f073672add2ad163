#!/usr/bin/env bash
# stegvis clean-build benchmark against Hugo and mdBook, on the shared harness.
#
#   bash benches/run.sh            # from the repository root (any cwd works)
#
# What it does, in order:
#   1. cargo build --release (the binary measured is target/release/stegvis).
#   2. Installs the peers if `which` cannot find them:
#        apt-get install -y hugo          (Debian: Hugo 0.111)
#        cargo install mdbook --locked    (mdBook 0.5.x)
#   3. Runs the shared harness ($HARNESS/run_peers.sh) with stegvis as the
#      "new SSG" (benches/stegvis_prep.py lays the neutral corpus out as a
#      stegvis site, untimed; the timed command is
#      `target/release/stegvis build --output "$OUT"`, run in the site):
#        N=1,000   hugo + mdbook + stegvis, RUNS runs round-robin, plus Hugo's
#                  dev-server one-page rebuild (full / fast render)
#        N=10,000  hugo + stegvis, RUNS runs round-robin, plus Hugo's rebuild
#        N=10,000  mdbook alone, MDBOOK_10K_RUNS runs without warm-up
#                  (~200 s a build; 0 skips it) - NOT round-robin with the others
#        N=50,000  stegvis (+ hugo if BIG_PEERS=hugo), BIG_RUNS runs, no
#                  rebuild test (0 for BIG_RUNS skips the phase)
#      After each phase that times Hugo's dev server, serve_latency.py times
#      stegvis's preview server on the same corpus (20 saves of one step).
#      measure.py reports the median wall time of clean builds ($OUT deleted
#      and `sync` before each), pages/s, and peak RSS from wait4() rusage of
#      the build process (stegvis is one process; its rayon threads share the
#      RSS, and `bash -c` execs the single command, so the figure is stegvis's).
#   4. du -sb of each peer's output after the last run (output bytes).
#   5. Prints one Markdown table (benches/table.py) and saves everything
#      under $RESULTS: table.md, versions.txt, <phase>.jsonl, <phase>.sizes.json,
#      <phase>.log (the harness's full output).
#
# Knobs (environment):
#   RUNS=5 WARMUP=1          runs per peer at 1,000 and 10,000 pages
#   SIZES="1000 10000"       the round-robin phases
#   MDBOOK_10K_RUNS=1        mdBook runs at 10,000 pages (0 = skip)
#   BIG=50000 BIG_RUNS=3 BIG_PEERS=hugo   the large phase (BIG_PEERS="" = stegvis alone)
#   HARNESS=../shared/bench      where run_peers.sh & co. live (relative
#                                to the repository)
#   RESULTS=$BENCH_TMPDIR/stegvis-peers/results   (recreated)
#   SKIP_BUILD=1             do not run cargo build (use the binary as is)
#   STEGVIS_REV=HEAD         build this committed revision instead of the
#       working tree: `git archive REV` into $SCRATCH/stegvis-src, built with
#       CARGO_TARGET_DIR=target/bench-rev (handy while src/ is mid-edit).
#       stegvis_prep.py writes `search: false` to site.yaml, which stegvis
#       knows from 27cb81c on, and FOR- Lovdata ids (regulations), known
#       from 4bfca7b on; older revisions reject them.
#   STEGVIS_SEARCH=1         let stegvis build its Pagefind search index too
#       (off by default: the peers build none; see BENCHMARKS.md for its cost)
#   BENCH_TMPDIR=/dev/shm    where corpora and outputs go (TMPDIR for the
#       harness). Default: /dev/shm (tmpfs) if it exists, else /tmp. On this
#       VM's ext4 (/tmp) every clean build pays a kernel inode-allocation
#       penalty that grows run after run (ext4 skips inodes deleted in the
#       last minutes, and the harness deletes ~10,000 folders before each
#       build): sys time went 1.6 -> 13.5 s over six 10,000-page stegvis
#       builds, and the same for Hugo. tmpfs keeps the rows comparable.
#       Set BENCH_TMPDIR=/tmp to measure on disk as the shared README did.
# Scratch: $BENCH_TMPDIR/stegvis-peers/run-* (deleted and recreated by the
# harness). The 50,000-page phase needs ~3.5 GB there (corpus and its two
# copies ~1 GB, stegvis output 1.8 GB, Hugo's 0.6 GB; before 7c350e6
# stegvis wrote 5.6 GB) and Hugo peaks at ~8 GB of RAM; with tmpfs both
# count against RAM.
#
# Noise: on a 2-core VM the numbers drift +-30 % under sustained load, and
# anything else compiling at the same time shows up directly. Compare rows
# only within one run of this script, and rerun if a row looks off.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
BENCHES=$REPO/benches
HARNESS=${HARNESS:-$REPO/../shared/bench}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
SIZES=${SIZES:-1000 10000}
MDBOOK_10K_RUNS=${MDBOOK_10K_RUNS:-1}
BIG=${BIG:-50000}
BIG_RUNS=${BIG_RUNS:-3}
BIG_PEERS=${BIG_PEERS-hugo}
if [ -z "${BENCH_TMPDIR:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then BENCH_TMPDIR=/dev/shm; else BENCH_TMPDIR=${TMPDIR:-/tmp}; fi
fi
export TMPDIR=$BENCH_TMPDIR
SCRATCH=$TMPDIR/stegvis-peers
RESULTS=${RESULTS:-$SCRATCH/results}
STEGVIS=$REPO/target/release/stegvis

[ -x "$HARNESS/run_peers.sh" ] || { echo "no harness at $HARNESS (set HARNESS=)" >&2; exit 2; }

echo "== 1. cargo build --release"
if [ -n "${STEGVIS_REV:-}" ]; then
  # A committed revision, exported with `git archive` (leaves the repository
  # and its working tree untouched) and built in its own target dir.
  SRC=$SCRATCH/stegvis-src
  rm -rf "$SRC"; mkdir -p "$SRC"
  git -C "$REPO" archive "$STEGVIS_REV" | tar -x -C "$SRC"
  (cd "$SRC" && CARGO_TARGET_DIR=${STEGVIS_TARGET_DIR:-$REPO/target/bench-rev} cargo build --release)
  STEGVIS=${STEGVIS_TARGET_DIR:-$REPO/target/bench-rev}/release/stegvis
elif [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$REPO" && cargo build --release)
fi
[ -x "$STEGVIS" ] || { echo "no binary at $STEGVIS" >&2; exit 1; }

echo "== 2. peers"
if ! which hugo >/dev/null 2>&1; then apt-get install -y hugo; fi
if ! which mdbook >/dev/null 2>&1; then cargo install mdbook --locked; fi

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
  rev=$(git -C "$REPO" rev-parse --short "${STEGVIS_REV:-HEAD}" 2>/dev/null || echo unknown)
  dirty=
  [ -z "${STEGVIS_REV:-}" ] && dirty=$(git -C "$REPO" status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock themes 2>/dev/null | head -1)
  if [ -n "$dirty" ]; then
    dirty=" + uncommitted changes in src/Cargo/themes (diff sha256 $(git -C "$REPO" diff HEAD -- src Cargo.toml Cargo.lock themes | sha256sum | cut -c1-12))"
  fi
  echo "stegvis: $rev$dirty"
  echo "scratch: $SCRATCH ($(df -T "$TMPDIR" | awk 'NR==2{print $2}'))"
  echo "rustc: $(rustc --version)"
  echo "hugo: $(hugo version)"
  echo "mdbook: $(mdbook --version)"
  echo "python: $(python3 --version 2>&1)"
} | tee "$RESULTS/versions.txt"

TABLE_ARGS=()

# phase NAME N PEERS RUNS WARMUP WITH_STEGVIS SKIP_REBUILD
phase() {
  local name=$1 n=$2 peers=$3 runs=$4 warmup=$5 with_new=$6 skip_rebuild=$7
  local work=$SCRATCH/run-$name
  echo
  echo "== phase $name: N=$n peers=[$peers]${with_new:+ + stegvis} runs=$runs warm-up=$warmup"
  # run_peers.sh treats an empty PEERS as "all"; a blank one means none.
  local env=(WORK="$work" PEERS="${peers:- }" RUNS="$runs" WARMUP="$warmup")
  [ -n "$skip_rebuild" ] && env+=(SKIP_REBUILD=1)
  if [ -n "$with_new" ]; then
    env+=(NEW_SSG_NAME=stegvis
          NEW_SSG_PREP="python3 '$BENCHES/stegvis_prep.py'"
          NEW_SSG_CMD="'$STEGVIS' build --output \"\$OUT\"")
  fi
  if ! env "${env[@]}" bash "$HARNESS/run_peers.sh" "$n" 2>&1 | tee "$RESULTS/$name.log"; then
    echo "!! phase $name failed; see $RESULTS/$name.log" >&2
    return 0
  fi
  cp "$work/results.jsonl" "$RESULTS/$name.jsonl"
  # stegvis's one-step rebuild in its preview server, where Hugo's dev
  # server is timed too (serve_latency.py: 20 saves of one step; the
  # server's own rebuild time goes in the table's "full" column: every page
  # that shows the step is re-rendered, none is left stale).
  if [ -n "$with_new" ] && [ -z "$skip_rebuild" ] && [ -d "$work/new-site" ]; then
    python3 "$BENCHES/serve_latency.py" "$work/new-site" --runs 20 --bin "$STEGVIS" \
      --json "$RESULTS/$name.jsonl" 2>&1 | tee -a "$RESULTS/$name.log" \
      || echo "!! stegvis rebuild measurement failed in phase $name" >&2
  fi
  # Output bytes of the last run of each peer.
  python3 - "$work" "$RESULTS/$name.sizes.json" <<'PY'
import json, os, subprocess, sys
work, out = sys.argv[1], sys.argv[2]
dirs = {"hugo": "hugo/public", "mdbook": "mdbook/book", "zola": "zola/public", "stegvis": "new-out"}
sizes = {}
for peer, rel in dirs.items():
    p = os.path.join(work, rel)
    if os.path.isdir(p):
        sizes[peer] = int(subprocess.check_output(["du", "-sb", p]).split()[0])
json.dump(sizes, open(out, "w"))
print("output bytes:", sizes)
PY
  TABLE_ARGS+=("$RESULTS/$name.jsonl:$RESULTS/$name.sizes.json")
}

for n in $SIZES; do
  if [ "$n" -le 2000 ]; then
    phase "$n" "$n" "hugo mdbook" "$RUNS" "$WARMUP" 1 ""
  else
    phase "$n" "$n" "hugo" "$RUNS" "$WARMUP" 1 ""
    if [ "$MDBOOK_10K_RUNS" -gt 0 ]; then
      phase "$n-mdbook" "$n" "mdbook" "$MDBOOK_10K_RUNS" 0 "" 1
    fi
  fi
done
if [ "$BIG_RUNS" -gt 0 ]; then
  phase "$BIG" "$BIG" "$BIG_PEERS" "$BIG_RUNS" "$WARMUP" 1 1
fi

echo
echo "== results (median of clean builds; peak RSS = max over runs)"
python3 "$BENCHES/table.py" "${TABLE_ARGS[@]}" | tee "$RESULTS/table.md"
echo
echo "saved in $RESULTS"
