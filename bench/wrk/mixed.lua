-- 90 % cached reads, 10 % registrations with unique emails.
local users
local counter = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
init = function(args)
  math.randomseed(os.time() + tid * 7919)
  users = dofile("bench/wrk/ids.lua")
end
request = function()
  if math.random() < 0.1 then
    counter = counter + 1
    local body = string.format('{"email":"w%d-%d-%d@bench.local","name":"Bench","password":"bench password 123"}',
        tid, counter, math.random(1000000000))
    return wrk.format("POST", "/api/v1/users", { ["Content-Type"] = "application/json" }, body)
  end
  return users.read()
end
done = dofile("bench/wrk/report.lua")
