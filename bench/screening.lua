-- screening.lua: wrk script posting the screening of docs/API.md ("The screening POST, exactly"):
-- a car with two people at the demo toll gate, each request with its own Idempotency-Key as the
-- checkpoint's phones send them. The token and the post come from the environment.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

wrk.method = "POST"
wrk.path = "/api/v1/screenings"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local post = os.getenv("BENCH_POST") or "1"
local temps = {"36.4", "36.5", "36.6", "36.7", "36.8"}
local n = 0
local run = tostring(os.time())
request = function()
  n = n + 1
  local body = '{"post_id":' .. post .. ',"kind":"vehicle","plate":"湘C·' .. string.format("%05d", n % 100000) ..
    '","vehicle_kind":"car","direction":"in","persons":[{"temperature":' .. temps[n % 5 + 1] ..
    ',"name":"张伟","id_number":"430302198001011234","phone":"13812345678","from_place":"长沙",' ..
    '"to_place":"鹤岭镇云龙村"},{"temperature":36.7}]}'
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["Idempotency-Key"] = "bench-" .. run .. "-" .. tostring(tid) .. "-" .. n
  return wrk.format(nil, nil, h, body)
end
