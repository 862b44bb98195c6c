-- POST /api/auth/google with the ID token of BENCH_TOKEN (a file): verification, the user's update
-- and a new session each time. The app runs without required nonces, so the token stays good.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "lib.lua")

local token = read_lines_of("BENCH_TOKEN")[1]
wrk.method = "POST"
wrk.path = "/api/auth/google"
wrk.headers["Content-Type"] = "application/json"
-- The app's CSRF rule for state-changing /api requests; no Origin header, as from a native client.
wrk.headers["X-CSRF"] = "1"
wrk.body = '{"idToken":"' .. token .. '"}'
