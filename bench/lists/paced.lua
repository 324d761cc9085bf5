-- paced.lua: bench/screening.lua at a modest, steady pace: each connection waits 20 ms after an
-- answer before it posts the next screening (a few busy checkpoints, not a flood), so the
-- latency measured is the one a gate's phone sees while something else writes.
dofile("bench/screening.lua")

function delay()
  return 20
end
