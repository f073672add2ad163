-- wrk script for scripts/load_test.sh: rotates through pages and files of
-- the bundled guide, and each wrk thread stops after its share of REQUESTS
-- responses, so a run is a fixed number of requests. Anything but 200
-- counts as an error.
local paths = {
  "/", "/planstrategi/", "/planstrategi/eierskap/", "/planstrategi/tidsplan/",
  "/planstrategi/vedtak/", "/planstrategi/sjekkliste/", "/planstrategi/tidslinje/",
  "/politiske-verksted/", "/plansystemet/", "/redaktorveiledning/",
  "/stegvis.css", "/stegvis.js",
}
local threads = {}

-- Wall-clock seconds (wrk's Lua has no clock of its own).
local function now()
  local p = io.popen("date +%s.%N")
  local v = tonumber(p:read("*l"))
  p:close()
  return v
end

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local total = tonumber(os.getenv("REQUESTS") or "100000")
  local n = tonumber(os.getenv("THREADS") or "2")
  per_thread = math.floor(total / n)
  i = id
  responses = 0
  bad = 0
  started = now()
  finished = 0
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then bad = bad + 1 end
  if responses == per_thread then
    finished = now()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local n, b, first, last, all = 0, 0, math.huge, 0, true
  for _, t in ipairs(threads) do
    n = n + t:get("responses")
    b = b + t:get("bad")
    first = math.min(first, t:get("started"))
    if t:get("finished") == 0 then all = false end
    last = math.max(last, t:get("finished"))
  end
  if not all then
    io.write("not every thread got its share of responses before -d ran out\n")
    last = first + summary.duration / 1e6
  end
  io.write(string.format("responses: %d, not 200: %d, socket errors: %d connect, %d read, %d write, %d timeout\n",
    n, b, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("throughput: %.0f requests/s (%d responses in %.2f s; wrk's own Requests/sec divides by -d)\n",
    n / (last - first), n, last - first))
end
