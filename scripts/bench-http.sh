#!/usr/bin/env bash
# HTTP load on the built app, path by path, with wrk (issue 12):
#
#   builds Release, starts the app in Production on a fresh SQLite file (or, with --postgres, on a
#   throwaway PostgreSQL cluster from Debian's postgresql package), signs in 10,000 distinct users,
#   runs wrk (-t1 -c32, loopback) on each path below, and prints one table: requests per second, p50,
#   p99, non-2xx count and the ratio to GET /health/live of the same run; then the app's RSS.
#
#     GET /health/live                       the baseline, first and again last (to see drift)
#     GET /api/users/me                      one hot session
#     GET /api/users/me                      10,000 distinct sessions, round-robin
#     POST /api/auth/google                  one token again and again: verify, update user, new session
#     POST /api/auth/nonce                   X-CSRF: 1, no body
#
#   bash scripts/bench-http.sh [--postgres] [--duration S] [--connections N] [--no-build] [--keep-logs DIR]
#
#   --postgres       run the app on PostgreSQL instead of SQLite
#   --duration S     seconds of load per path (default 10), after a warm-up of a fifth of that (at least 2 s)
#   --connections N  wrk's connections (default 32), over one wrk thread
#   --no-build       use the app already built in Release (src/WebApi/bin/Release/net10.0)
#   --keep-logs DIR  copy the app's log and wrk's full reports there (default: they go with the temporary folder)
#
# The app runs with default logging, with the rate limits lifted (every request comes from 127.0.0.1)
# and without required nonces (so that one ID token can sign in under load). Needs wrk: installed
# with apt-get when missing and running as root.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$(pwd)

postgres=false
duration=10
connections=32
build=true
keep_logs=
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres=true; shift ;;
    --duration) duration=${2:?--duration needs seconds}; shift 2 ;;
    --connections) connections=${2:?--connections needs a number}; shift 2 ;;
    --no-build) build=false; shift ;;
    --keep-logs) keep_logs=${2:?--keep-logs needs a folder}; shift 2 ;;
    -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$duration" =~ ^[1-9][0-9]*$ ]] || { echo "--duration must be a whole number of seconds" >&2; exit 2; }
[[ "$connections" =~ ^[1-9][0-9]*$ ]] || { echo "--connections must be a positive number" >&2; exit 2; }

say() { printf '%s\n' "$*" >&2; }
die() { say "bench-http: $*"; exit 1; }
# free_port, http_status, stop_process, postgres_find, postgres_start, postgres_stop
source "$repository/scripts/lib/local-services.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ---- what this needs ---------------------------------------------------------------------------

command -v dotnet >/dev/null || die "dotnet is missing: install the .NET 10 SDK."
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "== installing wrk (Debian's package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2 ||
      { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2; } ||
      die "could not install wrk"
  else
    die "wrk is missing: sudo apt-get install wrk"
  fi
fi

if [ "$postgres" = true ]; then
  postgres_find
fi

dll="$repository/src/WebApi/bin/Release/net10.0/GoogleLogin.WebApi.dll"
driver="$repository/benchmarks/GoogleLogin.LoadDriver/bin/Release/net10.0/GoogleLogin.LoadDriver.dll"
if [ "$build" = true ]; then
  say "== building Release"
  # As scripts/test.sh builds it: the committed OpenAPI document is left as it is.
  dotnet build GoogleLogin.sln -c Release -p:OpenApiGenerateDocuments=false -v quiet -nologo >&2
fi
[ -f "$dll" ] && [ -f "$driver" ] || die "the app or the load driver is not built in Release: run without --no-build"

# ---- the temporary folder, and stopping everything on the way out -----------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/googlelogin-bench-XXXXXX")
# Traversable by others, so that the `postgres` user reaches its folders inside.
chmod 711 "$work"
logs="$work/logs"
mkdir "$logs"
app_pid=
driver_pid=

cleanup() {
  local status=$?
  # A second Ctrl+C must not cut the stopping short and leave a server running.
  trap '' INT TERM HUP
  trap - EXIT
  set +e
  # The app first (it finishes its requests), then its database and its key server.
  stop_process "$app_pid" TERM app
  stop_process "$driver_pid" TERM "key server"
  postgres_stop "$logs/postgres.log"
  if [ -n "$keep_logs" ]; then
    mkdir -p "$keep_logs" && cp -r "$logs"/. "$keep_logs"/ && say "logs kept in $keep_logs"
  elif [ "$status" -ne 0 ]; then
    say "the app's log, last lines:" && tail -n 20 "$logs/app.log" 2>/dev/null >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
# The servers run in sessions of their own (setsid), so Ctrl+C reaches this script alone and they
# stop in the order above.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- the key server, and the tokens ------------------------------------------------------------

sessions=10000
say "== key server, and ID tokens for $sessions users"
setsid dotnet "$driver" serve-keys --dir "$work" --subjects "$sessions" </dev/null >"$logs/key-server.log" 2>&1 &
driver_pid=$!
deadline=$((SECONDS + 120))
until [ -f "$work/keys-url" ]; do
  kill -0 "$driver_pid" 2>/dev/null || { cat "$logs/key-server.log" >&2; die "the key server exited"; }
  [ "$SECONDS" -lt "$deadline" ] || die "the key server was not ready within 120 s"
  sleep 0.2
done
keys_url=$(cat "$work/keys-url")

# ---- the database ------------------------------------------------------------------------------

if [ "$postgres" = true ]; then
  # Nothing forced to disk: the numbers are then the app's and the driver's, not this machine's disk's.
  postgres_start "$work" "$logs/postgres.log" 200
  say "== PostgreSQL on 127.0.0.1:$pg_port"
  database=(Database__Provider=Postgres "ConnectionStrings__Default=Host=127.0.0.1;Port=$pg_port;Database=googlelogin;Username=postgres")
else
  say "== SQLite in $work/googlelogin.db"
  database=(Database__Provider=Sqlite "ConnectionStrings__Default=Data Source=$work/googlelogin.db")
fi

# ---- the app -----------------------------------------------------------------------------------

free_port; app_port=$REPLY
app="http://127.0.0.1:$app_port"
say "== the app on $app (Production, default logging)"
(
  # The content root: appsettings.json lies beside the assembly.
  cd "$(dirname "$dll")"
  exec env \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production \
    ASPNETCORE_URLS="$app" \
    "${database[@]}" \
    Auth__Google__ClientIds__0=test-client.apps.googleusercontent.com \
    Auth__Google__CertificatesUrl="$keys_url" \
    Auth__Google__RequireNonce=false \
    RateLimiting__SignIn__Burst=1000000 \
    RateLimiting__SignIn__PerMinute=60000 \
    RateLimiting__Nonce__Burst=1000000 \
    RateLimiting__Nonce__PerMinute=60000 \
    setsid dotnet "$dll"
) </dev/null >"$logs/app.log" 2>&1 &
app_pid=$!
wait_until_ready "$app_port" "$app_pid" 90 || case $? in
  1) die "the app exited" ;;
  *) die "the app was not ready within 90 s" ;;
esac

say "== signing in $sessions users"
dotnet "$driver" sessions --app "$app" --tokens "$work/tokens.txt" --out "$work/sessions.txt" >&2 ||
  die "signing in failed"
hot_session=$(head -n 1 "$work/sessions.txt")

# ---- the load ----------------------------------------------------------------------------------

warm_up=$((duration / 5 > 2 ? duration / 5 : 2))
# wrk leaves requests slower than its timeout (default 2 s) out of the latencies, which would flatter
# p99 on a loaded machine: they are waited for much longer, and counted apart should any still time out.
timeout=30
results=()

# run <name> <path> <wrk arguments...>: a warm-up, then the measured run; its BENCH line is kept.
run() {
  local name=$1 path=$2 log
  shift 2
  log="$logs/wrk-$(printf '%s' "$name" | tr -cs 'a-zA-Z0-9' '-')"
  say "== $name"
  wrk -t1 -c"$connections" -d"${warm_up}s" "$@" "$app$path" >"$log-warm-up.log" 2>&1 ||
    die "wrk failed: $(cat "$log-warm-up.log")"
  wrk -t1 -c"$connections" -d"${duration}s" --timeout "${timeout}s" --latency "$@" "$app$path" >"$log.log" 2>&1 ||
    die "wrk failed: $(cat "$log.log")"
  local line
  line=$(grep '^BENCH ' "$log.log") || die "no BENCH line from wrk: $(cat "$log.log")"
  results+=("$name|${line#BENCH }")
}

bench="$repository/scripts/bench"
# Whatever else runs on this machine skews the numbers: the table says how busy it was.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
export BENCH_SESSIONS="$work/sessions.txt" BENCH_TOKEN="$work/token.txt"
run "GET /health/live" /health/live -s "$bench/report.lua"
run "GET /api/users/me, one session" /api/users/me -s "$bench/report.lua" -H "Cookie: __Host-gl-session=$hot_session"
run "GET /api/users/me, $sessions sessions" /api/users/me -s "$bench/me-round-robin.lua"
run "POST /api/auth/google" /api/auth/google -s "$bench/sign-in.lua"
run "POST /api/auth/nonce" /api/auth/nonce -s "$bench/nonce.lua"
run "GET /health/live, again" /health/live -s "$bench/report.lua"

# The resident set after the load, before the app stops.
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$app_pid/status")

# ---- the table ---------------------------------------------------------------------------------

# value <key> <fields>: one key=value of a BENCH line.
value() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

{
  database_name=SQLite
  [ "$postgres" = false ] || database_name=PostgreSQL
  printf '\nGoogleLogin on %s, Release, Production, default logging; wrk -t1 -c%s, %s s a path after %s s of warm-up, loopback\n\n' \
    "$database_name" "$connections" "$duration" "$warm_up"
  baseline=
  notes=()
  printf '| %-40s | %9s | %11s | %11s | %7s | %8s |\n' path req/s p50 p99 non-2xx ratio
  printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" ----------- ------------- ------------- --------- ----------
  for result in "${results[@]}"; do
    name=${result%%|*}
    fields=${result#*|}
    rps=$(awk -v r="$(value requests "$fields")" -v d="$(value duration_us "$fields")" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
    [ -n "$baseline" ] || baseline=$rps
    awk -v name="$name" -v rps="$rps" -v base="$baseline" -v p50="$(value p50_us "$fields")" -v p99="$(value p99_us "$fields")" \
      -v non2xx="$(value non2xx "$fields")" 'BEGIN {
        printf "| %-40s | %9d | %8.2f ms | %8.2f ms | %7d | %8.3f |\n", name, rps, p50 / 1000, p99 / 1000, non2xx, rps / base
      }'
    errors=
    for kind in connect_errors read_errors write_errors timeouts; do
      count=$(value "$kind" "$fields")
      [ "$count" -eq 0 ] || errors+=" $count ${kind/_/ }"
    done
    [ -z "$errors" ] || notes+=("$name: wrk saw$errors (not in the latencies)")
  done
  for note in "${notes[@]}"; do printf '\n%s' "$note"; done
  [ ${#notes[@]} -eq 0 ] || printf '\n'

  printf '\nthe app'"'"'s RSS after the run: %d MiB\n' $((rss_kb / 1024))
  printf 'machine: %s, %s logical CPUs (shared with wrk, the key server%s)\n' \
    "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)" "$(nproc)" "$([ "$postgres" = false ] || echo ' and PostgreSQL')"
  printf 'load average (1, 5, 15 min) before the load: %s; after: %s\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$logs/table.txt"

# What the app answered other than 2xx, from its request log, counted by path and status. 499 means
# the client went away first: wrk closes its connections at the end of each run (warm-ups included)
# with requests still in flight, so a few of those are expected; so are a few 400s on sign-in, whose
# body the hang-up cut short (Kestrel: unexpected end of request content). wrk never sees either.
if grep -qE 'HTTP [A-Z]+ [^ ]+ responded [013-9][0-9][0-9] ' "$logs/app.log"; then
  printf '\nanswers other than 2xx in the app'"'"'s log (warm-ups and preparation included):\n'
  grep -oE 'HTTP [A-Z]+ [^ ]+ responded [013-9][0-9][0-9] ' "$logs/app.log" | sort | uniq -c | sort -rn | head -n 10
fi

# Any other trouble under load is in the app's log (warnings and errors: "WRN", "ERR").
if grep -qE '^\[[0-9:]+ (WRN|ERR|FTL)\]' "$logs/app.log"; then
  printf '\nwarnings and errors in the app'"'"'s log (first 10 distinct):\n'
  grep -E '^\[[0-9:]+ (WRN|ERR|FTL)\]' "$logs/app.log" | sed -E 's/^\[[0-9:]+ /[/; s/ [0-9a-f]{32} .*$//' | sort | uniq -c | sort -rn | head -n 10
fi
