-- Many callers, each reading its own user with its own token, as production traffic looks to a
-- per-user rate limiter: CALLERS_FILE holds "id<TAB>token" lines (the peer's have no token).
-- Requests are formatted in init, once wrk has set the Host header they need.
local callers = {}
init = function(args)
  math.randomseed(os.time() + math.random(1000000))
  for line in io.lines(os.getenv("CALLERS_FILE")) do
    local id, token = line:match("^([^\t]+)\t?(.*)$")
    local headers = {}
    if token ~= "" then headers["Authorization"] = "Bearer " .. token end
    callers[#callers + 1] = wrk.format("GET", "/api/v1/users/" .. id, headers)
  end
end
request = function() return callers[math.random(#callers)] end
done = dofile("bench/wrk/report.lua")
