#!/usr/bin/env python3
"""Markdown table from the shared harness's results, with output size and
ratios against Hugo. Used by benches/run.sh.

Usage: table.py [--baseline hugo] [--new stegvis] RESULTS.jsonl[:SIZES.json] ...

Each argument is a results.jsonl written by run_peers.sh (measure.py build
rows, rebuild.py dev-server rows), optionally followed by `:` and a JSON
file {"peer": output_bytes, ...} with `du -sb` of each peer's output from
that run. Rows are printed in argument order; "vs Hugo" compares a row with
the Hugo row of the same page count from any of the files (Hugo is only
measured in round-robin with stegvis, so both come from one harness run).
"time vs" uses median wall time; "CPU vs" median user+sys CPU time, which
suffers less when other work competes for the cores; "RSS vs" peak RSS.
"""
import argparse
import json
import statistics


def fmt_int(n):
    return f"{n:,}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", default="hugo")
    ap.add_argument("--new", default="stegvis")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()

    builds, rebuilds, sizes = [], {}, {}
    for arg in a.files:
        path, _, size_path = arg.partition(":")
        file_sizes = {}
        if size_path:
            with open(size_path) as f:
                file_sizes = json.load(f)
        pages = None
        with open(path) as f:
            for line in f:
                r = json.loads(line)
                if "median_s" in r:
                    pages = r["pages"]
                    builds.append(r)
                    if r["name"] in file_sizes:
                        sizes[(pages, r["name"])] = file_sizes[r["name"]]
                else:
                    rebuilds[(pages, r["name"], r["mode"])] = r
    base = {b["pages"]: b for b in builds if b["name"] == a.baseline}

    print("| pages | generator | runs | median clean build s (min–max) | pages/s | peak RSS MB "
          "| output MB | median CPU s (user+sys) | one-page rebuild ms, full / fast "
          f"| time vs {a.baseline.capitalize()} | CPU vs {a.baseline.capitalize()} | RSS vs {a.baseline.capitalize()} |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for b in builds:
        p, name = b["pages"], b["name"]
        full = rebuilds.get((p, name, "full"))
        fast = rebuilds.get((p, name, "fast"))
        if full or fast:
            rb = " / ".join(
                (f"{r['median_rebuild_ms']:.1f}" if r["median_rebuild_ms"] < 10
                 else f"{r['median_rebuild_ms']:.0f}") if r else "–"
                for r in (full, fast))
        elif name == a.new and any(k[0] == p for k in rebuilds):
            rb = "not measured"
        else:
            rb = "n/a"
        out = sizes.get((p, name))
        out = f"{out / 1e6:,.0f}" if out is not None else "–"
        ref = base.get(p)
        if ref and name != a.baseline:
            speed = f"{ref['median_s'] / b['median_s']:.2f}× faster" if b["median_s"] <= ref["median_s"] \
                else f"{b['median_s'] / ref['median_s']:.2f}× slower"
            cpu = f"{b['median_cpu_s'] / ref['median_cpu_s']:.2f}×"
            mem = f"{b['peak_rss_mb'] / ref['peak_rss_mb']:.2f}×"
        else:
            speed = cpu = mem = "–"
        runs = f"{b['runs']}" + (f" (+{b['warmup']} warm-up)" if b.get("warmup") else "")
        print(f"| {fmt_int(p)} | {name} | {runs} | {b['median_s']:.3f} ({b['min_s']:.3f}–{b['max_s']:.3f}) "
              f"| {b['pages_per_s']:,.0f} | {b['peak_rss_mb']:,.0f} | {out} | {b['median_cpu_s']:.2f} | {rb} "
              f"| {speed} | {cpu} | {mem} |")


if __name__ == "__main__":
    main()
