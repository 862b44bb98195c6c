#!/usr/bin/env bash
# Tests docs/build-your-app.md: adds its example (docs/build-your-app/example) to a copy of the
# repository exactly as the guide says, publishes the copy in Release (which rewrites docs/openapi.json
# and the SPA's types, then builds the SPA), builds its tests, and runs the unit tests, the example's functional test,
# the product's contract tests (the example's routes must not break them), the SPA's lint and
# type-check, and the example page's tests. Offline: restores come from this machine's NuGet and npm caches. The copy is deleted
# on exit; the exit code is non-zero on any failure.
#
#   bash scripts/test-guide.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NO_COLOR=1 FORCE_COLOR=0
# npm (the build's `npm ci`) reads its cache only.
export npm_config_offline=true npm_config_audit=false npm_config_fund=false

started=$SECONDS
step=starting
work=$(mktemp -d "${TMPDIR:-/tmp}/googlelogin-guide-XXXXXX")
finish() {
  local status=$?
  rm -rf "$work"
  if [ "$status" -eq 0 ]; then
    echo "test-guide: passed in $((SECONDS - started)) s"
  else
    echo "test-guide: FAILED ($step) after $((SECONDS - started)) s" >&2
  fi
}
trap finish EXIT
say() { step=$1; echo "== guide: $1"; }

say "copy the repository"
# The working tree's files that git tracks or would track: no bin, obj, node_modules or wwwroot.
git ls-files -z --cached --others --exclude-standard |
  tar --null -T - --ignore-failed-read -cf - | tar -xf - -C "$work"
cd "$work"

say "add the example as the guide says"
example=docs/build-your-app/example
while IFS= read -r -d '' file; do
  path=${file#"$example/"}
  case "$path" in
    *.add)
      # Lines to add after the one line of the target that points to the guide.
      target=${path%.add}
      [ "$(grep -c 'docs/build-your-app.md' "$target")" -eq 1 ] || { echo "$target: no single line naming docs/build-your-app.md" >&2; exit 1; }
      awk -v lines="$file" '{ print } /docs\/build-your-app\.md/ { while ((getline line < lines) > 0) print line }' "$target" > "$target.new"
      mv "$target.new" "$target"
      ;;
    *)
      mkdir -p "$(dirname "$path")"
      cp "$file" "$path"
      ;;
  esac
done < <(find "$example" -type f -print0)

say "publish in Release (the document, the SPA's types, the SPA), with no other step"
# No build servers: nothing of this run outlives it.
dotnet publish src/WebApi -c Release -o "$work/publish" --disable-build-servers
for file in docs/openapi.json frontend/src/api/schema.ts; do
  grep -q '"/api/greetings"' "$file" || { echo "the build did not add /api/greetings to $file" >&2; exit 1; }
done
[ -f "$work/publish/wwwroot/index.html" ] || { echo "the publish output has no SPA" >&2; exit 1; }

say "build the tests"
dotnet build GoogleLogin.sln -c Release --disable-build-servers

say "format"
dotnet format GoogleLogin.sln --verify-no-changes --no-restore

say "unit tests"
dotnet test tests/Unit -c Release --no-build

say "the example's test and the product's contract tests"
dotnet test tests/Functional -c Release --no-build \
  --filter 'FullyQualifiedName~GreetingTests|FullyQualifiedName~ApiContractTests|FullyQualifiedName~ErrorCatalogueTests|FullyQualifiedName~BuildYourAppGuideTests'

say "SPA lint, type-check and every SPA test, the example page's and the product's"
(cd frontend && npm run lint && npm run typecheck && npx vitest run)
step=done
