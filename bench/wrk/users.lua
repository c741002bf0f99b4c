local users
init = function(args)
  math.randomseed(os.time() + math.random(1000000))
  users = dofile("bench/wrk/ids.lua")
end
request = function() return users.read() end
done = dofile("bench/wrk/report.lua")
