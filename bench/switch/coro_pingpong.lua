-- Lua 5.4 coroutine ping-pong for bench/switch/run_switch.py. The main
-- function and a coroutine, each first recursing DEPTH Lua calls deep,
-- resume/yield to each other; one resume + yield is two one-way switches.
-- Timed with os.clock() (process CPU time: Lua has no finer wall clock).
-- Usage: lua5.4 coro_pingpong.lua DEPTH SWITCHES [WARMUP_SWITCHES]
-- Prints: SWITCH <switches timed> - <CPU seconds> (no wall clock)
local depth = tonumber(arg[1])
local rounds = tonumber(arg[2]) // 2
local warm = (tonumber(arg[3]) or 2000) // 2

local function descend(d, body)
  if d == 0 then
    return body()
  end
  return descend(d - 1, body) + 1
end

local co = coroutine.create(function()
  return descend(depth, function()
    local yield = coroutine.yield
    while true do
      yield()
    end
  end)
end)

local elapsed
descend(depth, function()
  local resume = coroutine.resume
  for _ = 1, warm do
    resume(co)
  end
  local t0 = os.clock()
  for _ = 1, rounds do
    resume(co)
  end
  elapsed = os.clock() - t0
  return 0
end)
print(string.format("SWITCH %d - %.9f", 2 * rounds, elapsed))
