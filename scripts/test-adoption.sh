#!/usr/bin/env bash
# The adopter's path, end to end, as CI's second job (scripts/test.sh is the first): the `dotnet new`
# template instantiated under another name (scripts/test-template.sh), the example of
# docs/build-your-app.md added to a copy of the repository (scripts/test-guide.sh), and the published
# app behind nginx over HTTPS as docs/deploy.md says (scripts/test-deploy.sh). Each stands alone and
# cleans up after itself; this runs all three, even after one fails, and says which failed.
#
#   bash scripts/test-adoption.sh
#
# Needs what scripts/test.sh needs (run it first: its NuGet and npm caches make every restore here
# offline), plus openssl.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NO_COLOR=1 FORCE_COLOR=0

results=()
failed=0
passed=0
for part in template guide deploy; do
  # An app made from the template has no template to test.
  [ -f "scripts/test-$part.sh" ] || continue
  echo "== adoption: scripts/test-$part.sh"
  started=$SECONDS
  if bash "scripts/test-$part.sh"; then
    results+=("  $part: passed in $((SECONDS - started)) s")
    passed=$((passed + 1))
  else
    results+=("  $part: FAILED after $((SECONDS - started)) s")
    failed=$((failed + 1))
  fi
done

printf '%s\n' "${results[@]}"
echo "adoption: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
