-- GET /api/users/me, each request with the next session of BENCH_SESSIONS (one cookie value a line),
-- round-robin: the session lookups miss any cache that holds a few sessions only.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "lib.lua")

local requests = {}
local next_one = 0

function init(args)
  -- Formatted once, not per request: the load generator must stay cheap on a machine it shares.
  for i, session in ipairs(read_lines_of("BENCH_SESSIONS")) do
    requests[i] = wrk.format("GET", "/api/users/me", { ["Cookie"] = "__Host-gl-session=" .. session })
  end
end

function request()
  next_one = next_one % #requests + 1
  return requests[next_one]
end
