#!/usr/bin/env bash
# Runs the fuzz targets one after another, each for SECONDS (default 900),
# niced, with the seed corpus and the dictionary. Needs cargo-fuzz
# (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets it work on stable Rust.
# Crashes land in fuzz/artifacts/<target>/; the log of each run in
# fuzz/logs/<target>.log (its last line has the execution count).
#
#   fuzz/run.sh                     # every target, 15 minutes each
#   SECONDS_PER_TARGET=60 fuzz/run.sh markdown
set -euo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
secs="${SECONDS_PER_TARGET:-900}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(frontmatter markdown document small_parsers)
nice cargo fuzz build -O -a --sanitizer none
mkdir -p logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
  case "$t" in
    markdown|document) max_len=16384 ;;
    *) max_len=4096 ;;
  esac
  echo "== $t: ${secs}s"
  nice cargo fuzz run -O -a --sanitizer none "$t" "corpus/$t" -- \
    -dict=dict.txt -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$secs" -print_final_stats=1 2>&1 | tee "logs/$t.log" | grep -E "^(#[0-9]+.*(pulse|DONE)|==|stat::|Done)" || true
done
