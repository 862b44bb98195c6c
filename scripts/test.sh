#!/usr/bin/env bash
# Runs every test of the repository, in order of cost:
#   frontend lint and unit tests (Vitest), beside the .NET formatting check;
#   Release build (which type-checks and builds the SPA into WebApi), unit, integration
#   and functional suites on SQLite, then the integration and functional suites again on PostgreSQL
#   (a throwaway cluster from Debian's postgresql package, started by the tests themselves);
#   end-to-end tests in Chromium against the built WebApi on loopback (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NO_COLOR=1 FORCE_COLOR=0

logs=$(mktemp -d)
format_pid=
trap 'if [ -n "$format_pid" ]; then kill "$format_pid" 2>/dev/null || true; fi; rm -rf "$logs"' EXIT

# The .NET format check needs nothing of the frontend's: it runs beside the frontend's stage, on the
# other core, and is waited for before the build.
dotnet format GoogleLogin.sln --verify-no-changes >"$logs/format.log" 2>&1 &
format_pid=$!

echo "== frontend: install, lint, unit tests (the Release build below type-checks it)"
(
  cd frontend
  npm ci --no-audit --no-fund
  npm run lint
  npm test 2>&1 | tee "$logs/vitest.log"
  exit "${PIPESTATUS[0]}"
)

echo "== .NET: format, build, tests"
format_status=0
wait "$format_pid" || format_status=$?
cat "$logs/format.log"
[ "$format_status" -eq 0 ] || { echo "dotnet format: the code is not formatted (run: dotnet format GoogleLogin.sln)" >&2; exit "$format_status"; }
# The committed OpenAPI document is under test: the build must not rewrite it first.
dotnet build GoogleLogin.sln -c Release -p:OpenApiGenerateDocuments=false
dotnet test GoogleLogin.sln -c Release --no-build 2>&1 | tee "$logs/dotnet.log"
dotnet_status=${PIPESTATUS[0]}
[ "$dotnet_status" -eq 0 ] || exit "$dotnet_status"

echo "== .NET: integration and functional suites again, on PostgreSQL"
# Tests about one engine (trait Engine) ran above; the unit suite touches no database.
TEST_DATABASE=Postgres dotnet test GoogleLogin.sln -c Release --no-build \
  --filter 'Engine!=Sqlite&Engine!=Postgres&FullyQualifiedName!~GoogleLogin.Tests.Unit.' 2>&1 | tee "$logs/dotnet-postgres.log"
dotnet_status=${PIPESTATUS[0]}
[ "$dotnet_status" -eq 0 ] || exit "$dotnet_status"

echo "== end to end: Chromium against the built app"
(
  cd frontend
  npx playwright test 2>&1 | tee "$logs/e2e.log"
  exit "${PIPESTATUS[0]}"
)

# One closing line for the whole run.
{
  grep -E '^ +Tests +[0-9]+ passed' "$logs/vitest.log" | awk '{ passed += $2 } END { print "vitest", passed + 0, 0 }'
  # A fixture that fails when disposed is reported as a cleanup failure, outside the per-assembly counts.
  for engine in sqlite postgres; do
    log="$logs/dotnet.log"
    [ "$engine" = sqlite ] || log="$logs/dotnet-$engine.log"
    awk -v name="dotnet-$engine" '/(Passed|Failed)!  - Failed:/ { gsub(",", ""); failed += $4; passed += $6 } /Cleanup Failure \(/ { failed++ } END { print name, passed + 0, failed + 0 }' "$log"
  done
  grep -E '^ +[0-9]+ passed' "$logs/e2e.log" | awk '{ passed += $1 } END { print "e2e", passed + 0, 0 }'
} | awk '{ print "  " $1 ": " $2 " passed"; passed += $2; failed += $3 } END { printf "%d passed, %d failed\n", passed, failed }'
