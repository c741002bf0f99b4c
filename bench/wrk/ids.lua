-- Loads the seeded user ids and the admin token from the environment the bench script exports.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local auth = "Bearer " .. os.getenv("TOKEN")
return {
  read = function()
    return wrk.format("GET", "/api/v1/users/" .. ids[math.random(#ids)], { ["Authorization"] = auth })
  end
}
