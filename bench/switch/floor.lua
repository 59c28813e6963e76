-- The loop-and-call floor for bench/switch/run_switch.py in Lua 5.4: the
-- timed loop of coro_pingpong.lua with a call to a no-op function instead
-- of a resume. Timed with os.clock() (process CPU time).
-- Usage: lua5.4 floor.lua ITERATIONS [WARMUP]
-- Prints: SWITCH <iterations timed> - <CPU seconds> (no wall clock)
local n = tonumber(arg[1])
local warm = tonumber(arg[2]) or 1000

local function nop() end

local function loop(count)
  for _ = 1, count do
    nop()
  end
end

loop(warm)
local t0 = os.clock()
loop(n)
print(string.format("SWITCH %d - %.9f", n, os.clock() - t0))
