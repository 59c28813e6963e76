-- Idle-coroutine memory for bench/switch/run_switch.py: COUNT Lua 5.4
-- coroutines that each recurse DEPTH calls deep and yield, staying suspended.
-- The program reports its peak RSS (VmHWM); COUNT 0 is the baseline.
-- Usage: lua5.4 idle_coros.lua COUNT [DEPTH]
-- Prints: IDLE <coroutines parked> <peak RSS in KiB>
local count = tonumber(arg[1])
local depth = tonumber(arg[2]) or 2

local function descend(d, body)
  if d == 0 then
    return body()
  end
  return descend(d - 1, body) + 1
end

local parked = {}
for i = 1, count do
  local co = coroutine.create(function()
    return descend(depth, coroutine.yield)
  end)
  coroutine.resume(co)
  parked[i] = co
end
local n = 0
for i = 1, count do
  if coroutine.status(parked[i]) == "suspended" then
    n = n + 1
  end
end
local f = io.open("/proc/self/status")
local status = f:read("a")
f:close()
local hwm = tonumber(status:match("VmHWM:%s*(%d+)")) or -1
print(string.format("IDLE %d %d", n, hwm))
