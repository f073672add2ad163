#!/usr/bin/env bash
# Load test of `stegvis serve` from a second process on loopback: wrk
# (Debian: apt-get install wrk) sends a fixed number of requests (REQUESTS,
# default 100000) over CONNECTIONS connections from THREADS threads to the
# preview server of the bundled guide, and the run fails unless every
# response is a 200 and the server is still running afterwards.
#
#   cargo build --release && scripts/load_test.sh
#   REQUESTS=20000 CONNECTIONS=64 scripts/load_test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${STEGVIS_BIN:-target/release/stegvis}"
requests="${REQUESTS:-100000}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-2}"
# wrk always runs for -d; the threads stop at REQUESTS long before.
duration="${DURATION:-60s}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -x "$bin" ] || { echo "$bin is missing: cargo build --release" >&2; exit 2; }

log="$(mktemp)"
"$bin" serve --port 0 --no-color >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q "Forhåndsvisning:" "$log" && break
  sleep 0.1
done
url="$(sed -n 's/^Forhåndsvisning: //p' "$log")"
[ -n "$url" ] || { cat "$log"; exit 1; }
url="${url%/}"
for p in / /planstrategi/ /planstrategi/sjekkliste/ /stegvis.css; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "$url$p")"
  [ "$code" = 200 ] || { echo "$p: $code before the run" >&2; exit 1; }
done
rss_before="$(awk '/VmRSS/ {print $2}' /proc/$server/status)"
echo "== wrk: $requests requests, $connections connections, $threads threads → $url"
out="$(REQUESTS="$requests" THREADS="$threads" wrk -t"$threads" -c"$connections" -d"$duration" \
  --latency -s scripts/load_test.lua "$url/")"
echo "$out"
rss_after="$(awk '/VmRSS/ {print $2}' /proc/$server/status)"
echo "server RSS: $rss_before KiB before, $rss_after KiB after"
kill -0 "$server" || { echo "the server died" >&2; exit 1; }
code="$(curl -s -o /dev/null -w '%{http_code}' "$url/planstrategi/")"
[ "$code" = 200 ] || { echo "after the run: $code" >&2; exit 1; }
echo "$out" | grep -q "not 200: 0, socket errors: 0 connect, 0 read, 0 write, 0 timeout" \
  || { echo "errors during the run" >&2; exit 1; }
echo "$out" | grep -q "not every thread" && { echo "fewer than $requests requests" >&2; exit 1; }
echo "OK: zero errors, server still serving"
