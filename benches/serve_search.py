#!/usr/bin/env python3
"""Search in `stegvis serve` after a save (issue 15).

    python3 benches/serve_search.py SITE [--saves 10] [--bin target/release/stegvis]

Starts `stegvis serve` on SITE (a site laid out by stegvis_prep.py, with
`search: true`), then measures:

1. cold: the first request into pagefind/ builds the whole index; its time,
   and meanwhile the time of page requests (another thread fetches step
   pages one after another while the index builds), which must stay fast.
2. after a save: a step gets a new word; the time from writing the file
   until pagefind/stegvis-deler.json answers for the new version of the
   site (the request waits for the new index, so this is when a search
   would find the word; that it does is checked in Chromium by
   tests/browser_search.rs).

Prints medians and maxima; --json FILE appends one JSON line.
"""
import argparse
import gzip
import json
import os
import re
import statistics
import threading
import time
import urllib.request

from serve_events import EventStream, start_serve, step_files

BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "stegvis")


def get(base, path, timeout=120):
    t0 = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=timeout) as r:
        body = r.read()
    return (time.perf_counter() - t0) * 1000, body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--bin", default=BIN)
    ap.add_argument("--json")
    args = ap.parse_args()
    all_steps = step_files(args.site)
    proc, addr = start_serve(args.bin, args.site)
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    base = f"http://{addr}/"
    # Step URLs: the slug is in the front matter (stegvis_prep.py: steg-NNNNN).
    urls = []
    for d, f in all_steps[:: max(1, len(all_steps) // 200)]:
        text = open(os.path.join(args.site, "content", d, f), encoding="utf-8").read()
        m = re.search(r"^slug: (\S+)", text, re.M)
        urls.append(f"{d}/{m.group(1)}/" if m else f"{d}/")

    events = EventStream(addr, timeout=60)

    result = {"site": os.path.basename(os.path.normpath(args.site)), "steps": len(all_steps)}
    edited = os.path.join(args.site, "content", *all_steps[len(all_steps) // 2])
    original = open(edited, encoding="utf-8").read()
    try:
        # 1. Cold index build, with page requests timed meanwhile.
        done = threading.Event()
        page_ms = []

        def pages():
            i = 0
            while not done.is_set():
                ms, _ = get(base, urls[i % len(urls)])
                page_ms.append(ms)
                i += 1
                time.sleep(0.02)

        t = threading.Thread(target=pages)
        t.start()
        time.sleep(0.2)
        cold_ms, manifest = get(base, "pagefind/stegvis-deler.json", timeout=600)
        done.set()
        t.join()
        result["cold_index_ms"] = round(cold_ms)
        result["shards"] = 1 + len(json.loads(manifest))
        result["page_requests_during_build"] = len(page_ms)
        result["page_ms_median"] = round(statistics.median(page_ms), 1)
        result["page_ms_max"] = round(max(page_ms), 1)

        # 2. Saves: time until the index of the new version answers.
        ready = []
        for i in range(args.saves):
            word = f"zqxmåling{i}x"
            t0 = time.perf_counter()
            with open(edited, "w", encoding="utf-8") as f:
                f.write(original + f"\n\nOrdet {word} står her.\n")
            events.wait_reload()
            get(base, "pagefind/stegvis-deler.json", timeout=600)
            ready.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.3)
        result["search_ready_after_save_ms_median"] = round(statistics.median(ready))
        result["search_ready_after_save_ms_max"] = round(max(ready))
    finally:
        with open(edited, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.5)
        proc.terminate()
        proc.wait()
    print(json.dumps(result))
    if args.json:
        with open(args.json, "a") as f:
            f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
