#!/usr/bin/env bash
# How far a changed Pagefind would take stegvis's build with search on
# (issue 15): stegvis as it is, stegvis on Pagefind with
# benches/pagefind-1.6.0-batch.patch (the upstream change BENCHMARKS.md
# proposes), and Hugo (which builds no index), round-robin on one corpus.
#
#   bash benches/pagefind_ceiling.sh [PAGES]      # default 1000
#
# The patch adds `PagefindIndex::add_html_files` (pages parsed in parallel,
# kept in order, a URL map instead of the scan of all earlier pages), moves
# the pages into the index instead of cloning them, compresses the index
# files on all cores, and reads the gzip level from PF_GZ (default 9, as
# published). With PF_GZ=9 the patched build writes the same bytes as the
# published Pagefind (checked below).
#
# Not part of the build: stegvis uses the published crate. Needs the
# shared harness ($HARNESS, default ../shared/bench), hugo, python3, and
# the pagefind crate's source in cargo's registry (any `cargo build` puts it
# there). Knobs: RUNS=5, BENCH_TMPDIR (default /dev/shm), HARNESS, and
# PAGEFIND_CLI=path/to/pagefind, which adds a row for Hugo followed by the
# Pagefind command line on Hugo's output: what a Hugo site with search runs
# (e.g. `npm install pagefind@1.6.0` puts one under
# node_modules/@pagefind/linux-x64/bin/).
set -euo pipefail

PAGES=${1:-1000}
RUNS=${RUNS:-5}
REPO=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$REPO/../shared/bench}
TMP=${BENCH_TMPDIR:-$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )}
WORK=$TMP/stegvis-ceiling
PF_VERSION=1.6.0

cd "$REPO"
cargo build --release --quiet
src=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 2 -type d -name "pagefind-$PF_VERSION" | head -1)
[ -n "$src" ] || { echo "pagefind-$PF_VERSION is not in cargo's registry; run cargo build first" >&2; exit 2; }

rm -rf "$WORK" && mkdir -p "$WORK"
cp -r "$src" "$WORK/pagefind"
patch -s -d "$WORK/pagefind" -p1 < benches/pagefind-1.6.0-batch.patch
git archive HEAD | tar -x -C "$WORK" --one-top-level=stegvis
printf '\n[patch.crates-io]\npagefind = { path = "%s" }\n' "$WORK/pagefind" >> "$WORK/stegvis/Cargo.toml"
python3 - "$WORK/stegvis/src/output/search.rs" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
old = """        for (url, html) in pages {
            index.add_html_file(None, Some(url), html).await?;
        }"""
assert old in s, "build_index changed: update pagefind_ceiling.sh"
open(p, "w").write(s.replace(old, "        index.add_html_files(pages).await?;"))
PY
(cd "$WORK/stegvis" && CARGO_TARGET_DIR="$REPO/target/bench-ceiling" cargo build --release --quiet)
published=$REPO/target/release/stegvis
patched=$REPO/target/bench-ceiling/release/stegvis

python3 "$HARNESS/gen_corpus.py" --pages "$PAGES" --seed 42 --section-size 50 --out "$WORK/corpus" >/dev/null
python3 "$REPO/benches/stegvis_prep.py" --corpus "$WORK/corpus" --site "$WORK/site" >/dev/null
sed -i 's/^search: false$/search: true/' "$WORK/site/site.yaml"
grep -q '^search: true$' "$WORK/site/site.yaml"
python3 "$HARNESS/adapt.py" hugo "$WORK/corpus" "$WORK/hugo" >/dev/null

# The same bytes at the published level.
(cd "$WORK/site" && "$published" build --output "$WORK/out-a" >/dev/null 2>&1 \
  && PF_GZ=9 "$patched" build --output "$WORK/out-b" >/dev/null 2>&1)
if diff -rq "$WORK/out-a" "$WORK/out-b" >/dev/null; then same=yes; else same=no; fi
rm -rf "$WORK/out-a" "$WORK/out-b"

run() { # name dir env... -- cmd...
  local name=$1 dir=$2; shift 2
  local envs=(); while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
  rm -rf "$WORK/out" "$dir/public"; sync
  if ! (cd "$dir" && env "${envs[@]}" /usr/bin/time -f "%e %U %S %M" "$@" >/dev/null 2>"$WORK/err"); then
    echo "$name failed:" >&2; cat "$WORK/err" >&2; exit 1
  fi
  echo "$name $(tail -1 "$WORK/err")" >> "$WORK/times.txt"
}
: > "$WORK/times.txt"
for i in $(seq 0 "$RUNS"); do   # round 0 is a warm-up
  run hugo "$WORK/hugo" X=1 -- hugo --quiet --destination public
  run stegvis "$WORK/site" X=1 -- "$published" build --output "$WORK/out"
  run patched-gz9 "$WORK/site" PF_GZ=9 -- "$patched" build --output "$WORK/out"
  run patched-gz6 "$WORK/site" PF_GZ=6 -- "$patched" build --output "$WORK/out"
  if [ -n "${PAGEFIND_CLI:-}" ]; then
    # shellcheck disable=SC2016 # $0 is expanded by the inner bash
    run hugo+pagefind "$WORK/hugo" X=1 -- bash -c \
      'hugo --quiet --destination public && "$0" --site public --silent' "$PAGEFIND_CLI"
  fi
  [ "$i" = 0 ] && : > "$WORK/times.txt"
done
python3 - "$WORK/times.txt" "$PAGES" "$RUNS" "$same" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, wall, user, sys_, rss = line.split()
    rows.setdefault(name, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))
print(f"{int(sys.argv[2]):,} pages, search on, {sys.argv[3]} runs each after a warm-up, round-robin; "
      f"patched at level 9 writes the same bytes as published: {sys.argv[4]}")
print()
print("| build | median wall s (min–max) | median CPU s | median peak RSS MB | wall vs Hugo |")
print("|---|---:|---:|---:|---:|")
hugo = statistics.median(w for w, _, _ in rows["hugo"])
for name in ["hugo", "stegvis", "patched-gz9", "patched-gz6", "hugo+pagefind"]:
    if name not in rows:
        continue
    r = rows[name]
    w = [x[0] for x in r]
    m = statistics.median(w)
    ratio = "–" if name == "hugo" else (f"{m / hugo:.2f}× slower" if m > hugo else f"{hugo / m:.2f}× faster")
    print(f"| {name} | {m:.3f} ({min(w):.3f}–{max(w):.3f}) | {statistics.median(x[1] for x in r):.2f} "
          f"| {statistics.median(x[2] for x in r):.0f} | {ratio} |")
PY
