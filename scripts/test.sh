#!/usr/bin/env bash
# Runs every test of the repository: .NET unit, integration and functional suites.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet format GoogleLogin.sln --verify-no-changes
dotnet build GoogleLogin.sln -c Release
set +e
dotnet test GoogleLogin.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test projects.
awk '/(Passed|Failed)!  - Failed:/ { gsub(",", ""); failed += $4; passed += $6 }
     END { printf "dotnet: %d passed, %d failed\n", passed, failed }' "$log"
exit "$status"
