#!/usr/bin/env python3
"""Save-to-reload latency of `stegvis serve` (issue 3, point 8).

Starts the release binary's preview server on a site, subscribes to its
Server-Sent Events like an open browser tab, then saves one step file N
times (alternating two versions of its body, written in place) and measures
the time from the save to the reload event. Prints median and p95, and the
server's own "rebuilt N pages in X ms" lines.

    python3 benches/serve_latency.py SITE_DIR [--runs 40] [--step FILE]
        [--bin PATH] [--json FILE]

SITE_DIR is a stegvis site (site.yaml + content/); the step defaults to the
first step file found. Uses target/release/stegvis (build it first) unless
--bin names another binary. --json appends one row in the shared harness's
rebuild format (name, mode, median_rebuild_ms = the server's own rebuild
time, like Hugo's "Total in N ms"), which benches/table.py shows in its
one-page rebuild column; benches/run.sh uses it at every page count it
times Hugo's dev server.
"""
import argparse
import json
import os
import re
import statistics
import sys
import threading
import time

from serve_events import EventStream, start_serve, step_files

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "stegvis")


def first_step(site):
    found = step_files(site)
    if not found:
        sys.exit("no step found")
    return os.path.join(site, "content", *found[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--step")
    ap.add_argument("--bin", default=BIN)
    ap.add_argument("--json")
    args = ap.parse_args()
    step = args.step or first_step(args.site)
    original = open(step, encoding="utf-8").read()

    started = time.time()
    proc, addr = start_serve(args.bin, args.site, "--verbose")
    startup = time.time() - started
    rebuild_lines = []
    threading.Thread(target=lambda: rebuild_lines.extend(proc.stdout), daemon=True).start()
    events = EventStream(addr, timeout=30)

    latencies = []
    try:
        for i in range(args.runs):
            text = original + f"\n\nMåling {i}.\n"
            t0 = time.perf_counter()
            with open(step, "w", encoding="utf-8") as f:
                f.write(text)
            events.wait_reload()
            latencies.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.05)
    finally:
        with open(step, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.3)
        proc.terminate()
        proc.wait()

    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))]
    rebuilds = [float(m.group(1)) for l in rebuild_lines
                if (m := re.search(r"på ([0-9.]+) ms", l))]
    print(f"site: {args.site}")
    print(f"step edited: {os.path.relpath(step, args.site)}")
    print(f"server start (full build in memory): {startup:.2f} s")
    print(f"save → reload event, {len(latencies)} saves: median {statistics.median(latencies):.1f} ms, "
          f"p95 {p95:.1f} ms, min {latencies[0]:.1f} ms, max {latencies[-1]:.1f} ms")
    if rebuilds:
        rebuilds.sort()
        print(f"one-step rebuild inside the server: median {statistics.median(rebuilds):.1f} ms, "
              f"p95 {rebuilds[int(round(0.95 * (len(rebuilds) - 1)))]:.1f} ms")
    pages = [int(m.group(1)) for l in rebuild_lines if (m := re.search(r"→ (\d+) sid", l))]
    if pages:
        print(f"pages re-rendered per save: {statistics.median(pages):.0f}")
    if args.json:
        if not rebuilds:
            sys.exit("the server printed no rebuild times (is --verbose supported?)")
        row = {"name": "stegvis", "mode": "full", "edits": len(rebuilds),
               "median_rebuild_ms": statistics.median(rebuilds),
               "median_save_to_reload_ms": statistics.median(latencies),
               "pages_rerendered": statistics.median(pages) if pages else None}
        with open(args.json, "a") as f:
            f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
