-- POST /api/auth/nonce, no body and no pre-login cookie: each request stores a nonce and a new binding.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "lib.lua")

wrk.method = "POST"
wrk.path = "/api/auth/nonce"
wrk.headers["X-CSRF"] = "1"
wrk.headers["Content-Length"] = "0"
