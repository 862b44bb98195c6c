#!/usr/bin/env bash
# The `dotnet new googlelogin` template, tested as an adopter uses it, without the internet:
#
#   packs it (dotnet pack templates) and installs the package into a throwaway template hive;
#   instantiates it as Contoso.Portal, and again from this folder (the development install), and
#   checks both give the same files: this repository's tracked files, renamed, and nothing else
#   (no build output, node_modules, .git, test results, or the template's own packing);
#   checks no trace of GoogleLogin is left in names, namespaces, the solution, titles, cookie names
#   and databases, except the few listed below, and that the new names are there;
#   restores it from this machine's NuGet and npm caches only, sorts its usings (the one step
#   `dotnet new` asks for), type-checks the SPA, builds the solution in Release (which builds the
#   SPA into its WebApi) and runs its unit tests.
#
#   bash scripts/test-template.sh [--keep]
#
#   --keep   leave the temporary folder (the instance, its build, the hives) and print where
#
# Needs the .NET 10 SDK and Node 20, and caches filled by a run of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$(pwd)

keep=false
case "${1:-}" in
  --keep) keep=true ;;
  "") ;;
  -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
esac

# No MSBuild node or compiler server outlives the run (they would hold the temporary folder).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NO_COLOR=1 FORCE_COLOR=0
# The instance's npm installs come from the cache, never from the registry.
export npm_config_offline=true npm_config_audit=false npm_config_fund=false

name=Contoso.Portal
started=$(date +%s)
say() { printf '%s\n' "$*" >&2; }
fail() { say "test-template: $*"; say "test-template: FAILED after $(($(date +%s) - started)) s"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/googlelogin-template-XXXXXX")
cleanup() {
  if [ "$keep" = true ]; then say "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# ---- pack, install, instantiate -----------------------------------------------------------------

say "== packing the template (offline)"
dotnet pack templates/GoogleLogin.Templates.csproj -c Release -o "$work/package" -v quiet -nologo -nodeReuse:false >&2 \
  || fail "dotnet pack of the template failed"
package=$(ls "$work"/package/GoogleLogin.Templates.*.nupkg)

say "== installing it into a throwaway hive and instantiating $name"
dotnet new install "$package" --debug:custom-hive "$work/hive" >/dev/null
dotnet new googlelogin -n "$name" -o "$work/$name" --debug:custom-hive "$work/hive" >/dev/null
instance="$work/$name"

say "== the development install (this folder) gives the same files"
dotnet new install "$repository" --debug:custom-hive "$work/folder-hive" >/dev/null
dotnet new googlelogin -n "$name" -o "$work/from-folder" --debug:custom-hive "$work/folder-hive" >/dev/null
diff -r "$instance" "$work/from-folder" >&2 || fail "the package and the folder install give different files: the exclude lists of templates/GoogleLogin.Templates.csproj and .template.config/template.json differ"
rm -rf "$work/from-folder"

# ---- what is in it ------------------------------------------------------------------------------

say "== checking its files and names"
listing() { (cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }
for junk in bin obj node_modules .git test-results playwright-report dist wwwroot .template.config templates; do
  found=$(cd "$instance" && find . -name "$junk" | head -3)
  [ -z "$found" ] || fail "the instance has $junk: $found"
done
if git -C "$repository" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # The tracked files, as the template renames them, minus what it leaves out on purpose.
  git -C "$repository" ls-files \
    | grep -v -e '^templates/' -e '^\.template\.config/' -e '^scripts/test-template\.sh$' \
    | sed -e 's/GoogleLoginApp/ContosoPortalApp/' -e "s/GoogleLogin/$name/g" -e 's/googlelogin/contoso_portal/g' | LC_ALL=C sort >"$work/expected-files"
  listing "$instance" >"$work/actual-files"
  diff "$work/expected-files" "$work/actual-files" >&2 || fail "the instance's files are not the tracked files (< missing, > extra)"
fi

# Every trace of the old name, in file names and text, except these (path, then a regular expression
# the line must match):
#   LICENSE: the MIT notice of the code the app is made from, which the licence says to keep;
#   README.md: the line saying what the app was made from;
#   the Google sign-in button and its test stand-in: `GoogleLogin` is @react-oauth/google's component.
allowed=(
  'LICENSE:^Copyright \(c\) [0-9]+ the GoogleLogin authors$'
  'README.md:^Made from the GoogleLogin template '
  'frontend/src/signIn/GoogleSignInButton.tsx:GoogleLogin([^.A-Za-z]|$)'
  'frontend/src/test/fakeGoogle.tsx:GoogleLogin([^.A-Za-z]|$)'
)
old_name='googlelogin|gl-session|gl-nonce-binding|gl-redirect-binding'
renamed_files=$(cd "$instance" && find . -iname '*googlelogin*')
[ -z "$renamed_files" ] || fail "files still named after GoogleLogin: $renamed_files"
traces=$(cd "$instance" && grep -rIinE "$old_name" . | sed 's|^\./||' || true)
while IFS= read -r trace; do
  [ -n "$trace" ] || continue
  file=${trace%%:*}
  line=${trace#*:}
  line=${line#*:}
  ok=false
  for rule in "${allowed[@]}"; do
    if [ "$file" = "${rule%%:*}" ] && grep -qE "${rule#*:}" <<<"$line"; then ok=true; break; fi
  done
  [ "$ok" = true ] || fail "a trace of the old name: $trace"
done <<<"$traces"

# ...and the new name is where the old one was.
expect() { # file (or folder), fixed text, what it is
  grep -rqF -- "$2" "$instance/$1" || fail "$3: '$2' is not in $1"
}
expect "$name.sln" "\"$name.WebApi\"" "the solution"
expect src/Domain "namespace $name.Domain" "the namespaces"
expect frontend/index.html "<title>$name</title>" "the page title"
expect src/WebApi "\"contoso-portal-session\"" "the session cookie"
expect src/Infrastructure ".SetApplicationName(\"$name\")" "the Data Protection application name"
expect src/Infrastructure "Data Source=contoso_portal.db" "the SQLite database"
expect frontend/package.json '"name": "contoso_portal-frontend"' "the npm package"
expect README.md "# $name" "the README's heading"
if [ -f "$instance/src/WebApi/appsettings.json" ] && grep -q '"Brand"' "$instance/src/WebApi/appsettings.json"; then
  expect src/WebApi/appsettings.json "\"$name\"" "the brand's name"
fi

# ---- restore offline, build, test ---------------------------------------------------------------

say "== restoring from this machine's caches"
nuget_cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
[ -d "$nuget_cache" ] || fail "no NuGet cache at $nuget_cache: run scripts/test.sh once first"
# The cache as the only source: a package missing from it fails here instead of reaching the internet.
dotnet restore "$instance/$name.sln" --source "$nuget_cache" -v quiet -nologo >&2 \
  || fail "the instance does not restore from the NuGet cache"
(cd "$instance/frontend" && npm ci --offline --no-audit --no-fund --loglevel=error >&2) \
  || fail "the SPA does not install from the npm cache (npm ci --offline)"

say "== sorting its usings for the new name (dotnet format style, as dotnet new tells)"
dotnet format style "$instance/$name.sln" --no-restore >&2 || fail "dotnet format style failed on the instance"

say "== type-checking the SPA"
(cd "$instance/frontend" && npm run --silent typecheck >&2) || fail "the instance's SPA does not type-check"

say "== building $name.sln (Release, with the SPA)"
# As scripts/test.sh builds: the committed OpenAPI document is left as it is.
dotnet build "$instance/$name.sln" -c Release --no-restore -p:OpenApiGenerateDocuments=false -v quiet -nologo >&2 \
  || fail "the instance does not build"

say "== its unit tests"
dotnet test "$instance/tests/Unit/$name.Tests.Unit.csproj" -c Release --no-build 2>&1 | tee "$work/unit.log" >&2 \
  || fail "the instance's unit tests fail"
passed=$(awk '/(Passed|Failed)!  - Failed:/ { gsub(",", ""); passed += $6 } END { print passed + 0 }' "$work/unit.log")
[ "$passed" -gt 0 ] || fail "no unit test ran"

echo "test-template: $name instantiated, built and $passed unit tests passed in $(($(date +%s) - started)) s"
