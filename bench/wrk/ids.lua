-- Loads the seeded user ids (IDS_FILE) and, when TOKEN is set, sends it as a bearer token.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local token = os.getenv("TOKEN") or ""
local headers = {}
if token ~= "" then headers["Authorization"] = "Bearer " .. token end
local function get(id) return wrk.format("GET", "/api/v1/users/" .. id, headers) end
return {
  count = #ids,
  read = function() return get(ids[math.random(#ids)]) end,
  at = function(i) return get(ids[(i - 1) % #ids + 1]) end
}
