-- checkin.lua: wrk script posting twice-daily health checks for one key person.
-- The token and the key person come from the environment (bench/run.sh sets them).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.path = "/api/v1/key-persons/" .. os.getenv("BENCH_KP") .. "/checks"
local temps = {"36.4", "36.5", "36.6", "36.7", "36.8"}
local n = 0
request = function()
  n = n + 1
  local body = '{"temperature":' .. temps[n % 5 + 1] .. ',"symptoms":[],"method":"visit"}'
  return wrk.format(nil, nil, nil, body)
end
