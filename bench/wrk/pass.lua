-- One pass over every seeded id, each read once: thread t of n reads ids t, t+n, t+2n, ...
-- and stops once it has its share of answers. wrk's own duration (-d, the upper bound) runs on
-- after the threads stop, so each thread times itself and done() reports requests over the
-- slowest thread's time, or over the whole duration (incomplete=1) if a thread never finished.
local users, next_index, share, answered, step, started
local threads = {}
local function now_ms()
  local clock = io.popen("date +%s%3N")
  local ms = tonumber(clock:read("*l"))
  clock:close()
  return ms
end
setup = function(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
end
init = function(args)
  users = dofile("bench/wrk/ids.lua")
  step = tonumber(os.getenv("THREADS"))
  next_index = tid
  share = math.floor((users.count - tid) / step) + 1
  answered = 0
  started = now_ms()
end
request = function()
  local i = next_index
  next_index = next_index + step
  return users.at(i)
end
response = function()
  answered = answered + 1
  if answered == share then
    elapsed_ms = now_ms() - started
    wrk.thread:stop()
  end
end
done = function(summary, latency, requests)
  local slowest, incomplete = 0, 0
  for _, thread in ipairs(threads) do
    local elapsed = thread:get("elapsed_ms")
    if elapsed == nil then incomplete = 1; elapsed = summary.duration / 1000 end
    slowest = math.max(slowest, elapsed)
  end
  local e = summary.errors
  io.write(string.format("workload= rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d incomplete=%d\n",
      summary.requests / (slowest / 1000), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      e.status + e.connect + e.read + e.write + e.timeout, incomplete))
end
