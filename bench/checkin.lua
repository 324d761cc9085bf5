-- checkin.lua: wrk script posting health checks for one key person, each with its own
-- Idempotency-Key as the phone app sends them. The token and the key person come from the
-- environment (bench/run.sh sets them).
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.path = "/api/v1/key-persons/" .. os.getenv("BENCH_KP") .. "/checks"
local temps = {"36.4", "36.5", "36.6", "36.7", "36.8"}
local n = 0
local run = tostring(os.time())
request = function()
  n = n + 1
  local body = '{"temperature":' .. temps[n % 5 + 1] .. ',"symptoms":[],"method":"visit"}'
  local key = "bench-" .. run .. "-" .. tostring(tid) .. "-" .. n
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["Idempotency-Key"] = key
  return wrk.format(nil, nil, h, body)
end
