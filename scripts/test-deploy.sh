#!/usr/bin/env bash
# The deployment of docs/deploy.md, end to end, on this machine:
#
#   `dotnet publish` of the app into a temporary folder (offline, from the NuGet and npm caches);
#   a self-signed certificate for localhost and 127.0.0.1 (openssl);
#   a throwaway PostgreSQL cluster (Debian's `postgresql`);
#   the published app in Production, its settings from deploy/googlelogin.env in the ENVIRONMENT
#     (only the addresses, the database and the providers replaced; no settings file is touched);
#   nginx with deploy/nginx.conf itself (only its ports, host name and paths replaced);
#   panva's oidc-provider (the frontend's) as the OpenID provider, and Chromium, which signs in by
#     redirect through nginx over HTTPS (scripts/lib/test-deploy-checks.mjs lists every check).
#
#   bash scripts/test-deploy.sh [--keep-logs DIR]
#
# Needs the .NET 10 SDK, Node 20, and Debian's nginx, postgresql, chromium and openssl. Free ports,
# everything in one temporary folder, removed on exit with every process started here. Exits
# non-zero on any failure; the last line says which.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$(pwd)
started=$SECONDS

keep_logs=
while [ $# -gt 0 ]; do
  case "$1" in
    --keep-logs) keep_logs=${2:?--keep-logs needs a folder}; shift 2 ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf '%s\n' "$*" >&2; }
die() { say "test-deploy: FAILED: $*"; exit 1; }
# free_port, http_status, stop_process, postgres_find, postgres_start, postgres_stop
source "$repository/scripts/lib/local-services.sh"

# ---- what this needs, said plainly when missing ------------------------------------------------

command -v dotnet >/dev/null || die "dotnet is missing: install the .NET 10 SDK."
command -v node >/dev/null && command -v npm >/dev/null || die "node is missing: install Node 20."
command -v openssl >/dev/null || die "openssl is missing: apt-get install openssl"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || die "nginx is missing: apt-get install nginx"
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || die "Chromium is missing: apt-get install chromium"
postgres_find

# ---- the temporary folder, and stopping everything on the way out -----------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/googlelogin-deploy-XXXXXX")
# Traversable (not listable) by others, so that the `postgres` user reaches its folders inside.
chmod 711 "$work"
logs="$work/logs"
mkdir "$logs"
nginx_pid=
app_pid=
checks_pid=

cleanup() {
  local status=$?
  trap '' INT TERM HUP
  trap - EXIT
  set +e
  stop_process "$checks_pid" TERM "the checks"
  stop_process "$nginx_pid" QUIT nginx
  stop_process "$app_pid" TERM "the app"
  postgres_stop "$logs/postgres.log"
  if [ "$status" -ne 0 ]; then
    for log in "$logs"/app.log "$logs"/nginx-error.log; do
      [ -s "$log" ] && { say "---- last lines of $(basename "$log")"; tail -n 25 "$log" >&2; }
    done
  fi
  if [ -n "$keep_logs" ]; then
    mkdir -p "$keep_logs" && cp -r "$logs"/. "$keep_logs"/ && say "logs kept in $keep_logs"
  fi
  # The `postgres` user's files inside are the cluster's; as root they go too.
  rm -rf "$work"
  if [ "$status" -eq 0 ]; then
    say "test-deploy: PASSED in $((SECONDS - started)) s (published app behind nginx over HTTPS)"
  else
    say "test-deploy: FAILED (exit $status) after $((SECONDS - started)) s"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- publish -----------------------------------------------------------------------------------

publish="$work/publish"
say "== dotnet publish src/WebApi -c Release -o $publish"
# As scripts/test.sh builds: the committed OpenAPI document is left as it is.
dotnet publish src/WebApi -c Release -o "$publish" -p:OpenApiGenerateDocuments=false -nologo -v quiet >"$logs/publish.log" 2>&1 ||
  { tail -n 30 "$logs/publish.log" >&2; die "dotnet publish failed; see above"; }
[ -f "$publish/GoogleLogin.WebApi.dll" ] && [ -f "$publish/wwwroot/index.html" ] ||
  die "the published folder lacks GoogleLogin.WebApi.dll or wwwroot/index.html"
say "   $(du -sh "$publish" | cut -f1) in $publish"

# ---- a certificate for localhost ----------------------------------------------------------------

mkdir "$work/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" >"$logs/openssl.log" 2>&1 ||
  die "openssl could not make a certificate; see $logs/openssl.log"

# ---- PostgreSQL --------------------------------------------------------------------------------

cd "$work"
postgres_start "$work" "$logs/postgres.log" 50
say "== PostgreSQL on 127.0.0.1:$pg_port"

# ---- the app, with the example's settings ------------------------------------------------------

free_port; app_port=$REPLY
free_port; https_port=$REPLY
free_port; http_port=$REPLY
free_port; provider_port=$REPLY
public_origin="https://localhost:$https_port"
provider=deployprovider
client_id=test-deploy-client
client_secret=test-deploy-secret-$RANDOM$RANDOM

# deploy/googlelogin.env, as systemd's EnvironmentFile reads it (KEY=value, # comments). These keys
# are replaced, and must be there to be; Google's are left out (there is no internet here).
declare -A replaced=(
  [ASPNETCORE_URLS]="http://127.0.0.1:$app_port"
  [Hosting__PublicOrigin]="$public_origin"
  [ConnectionStrings__Default]="Host=127.0.0.1;Port=$pg_port;Database=googlelogin;Username=postgres"
)
settings=()
seen=" "
while IFS= read -r line || [ -n "$line" ]; do
  [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
  [[ "$line" == *=* ]] || die "deploy/googlelogin.env: not KEY=value: $line"
  key=${line%%=*}
  value=${line#*=}
  [[ "$key" == Auth__Google__* ]] && continue
  if [ -n "${replaced[$key]+set}" ]; then
    value=${replaced[$key]}
    seen+="$key "
  fi
  settings+=("$key=$value")
done <"$repository/deploy/googlelogin.env"
for key in "${!replaced[@]}"; do
  [[ "$seen" == *" $key "* ]] || die "deploy/googlelogin.env no longer sets $key"
done
settings+=(
  "Auth__Providers__${provider}__Authority=http://127.0.0.1:$provider_port"
  "Auth__Providers__${provider}__ClientIds__0=$client_id"
  "Auth__Providers__${provider}__ClientSecret=$client_secret"
  "Auth__Providers__${provider}__DisplayName=Deploy test provider"
  # One sign-in attempt per client address a minute: the checks tell clients apart by it.
  RateLimiting__SignIn__Burst=1
  RateLimiting__SignIn__PerMinute=1
)

say "== the published app in Production on 127.0.0.1:$app_port"
# From the published folder, as the systemd unit's WorkingDirectory; nothing inherited but PATH and HOME.
(
  cd "$publish"
  exec env -i PATH="$PATH" HOME="${HOME:-$work}" ${DOTNET_ROOT:+DOTNET_ROOT="$DOTNET_ROOT"} "${settings[@]}" \
    setsid dotnet "$publish/GoogleLogin.WebApi.dll"
) >"$logs/app.log" 2>&1 </dev/null &
app_pid=$!
grep -q '^ASPNETCORE_ENVIRONMENT=Production$' <(printf '%s\n' "${settings[@]}") ||
  die "deploy/googlelogin.env does not say ASPNETCORE_ENVIRONMENT=Production"

wait_until_ready "$app_port" "$app_pid" 90 || case $? in
  1) die "the app exited; see its log above" ;;
  *) die "the app was not ready within 90 s" ;;
esac

# ---- nginx, with the example's configuration ---------------------------------------------------

mkdir "$work/nginx"
site="$work/nginx/googlelogin.conf"
# Only what deploy/nginx.conf says to change: the ports, the host name, the certificate and the app.
sed \
  -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
  -e "s|listen 443 ssl;|listen 127.0.0.1:$https_port ssl;|" \
  -e "s|listen \[::\]:80;|listen [::1]:$http_port;|" \
  -e "s|listen \[::\]:443 ssl;|listen [::1]:$https_port ssl;|" \
  -e "s|/etc/letsencrypt/live/login.example.com/fullchain.pem|$work/tls/cert.pem|" \
  -e "s|/etc/letsencrypt/live/login.example.com/privkey.pem|$work/tls/key.pem|" \
  -e "s|login\.example\.com|localhost|g" \
  -e "s|server 127.0.0.1:5080;|server 127.0.0.1:$app_port;|" \
  "$repository/deploy/nginx.conf" >"$site"
if grep -nE 'listen (\[::\]:)?(80|443)|letsencrypt|example\.com|:5080' "$site" >&2; then
  die "deploy/nginx.conf changed: the lines above were not replaced; update this script's substitutions"
fi
# What the package's /etc/nginx/nginx.conf gives a site: here, every path in the temporary folder,
# so that nginx runs without root.
cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $logs/nginx-error.log warn;
events { worker_connections 256; }
http {
  client_body_temp_path $work/nginx/client_body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  access_log $logs/nginx-access.log;
  include $site;
}
EOF
"$nginx" -t -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$logs/nginx-error.log" >"$logs/nginx-test.log" 2>&1 ||
  { cat "$logs/nginx-test.log" >&2; die "nginx refuses the configuration"; }
say "== nginx: $public_origin (HTTPS) and http://localhost:$http_port (redirects)"
setsid "$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$logs/nginx-error.log" </dev/null >>"$logs/nginx-error.log" 2>&1 &
nginx_pid=$!
deadline=$((SECONDS + 30))
until (exec 3<>"/dev/tcp/127.0.0.1/$https_port") 2>/dev/null; do
  kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited; see its log above"
  [ "$SECONDS" -lt "$deadline" ] || die "nginx did not listen within 30 s"
  sleep 0.1
done

# ---- the checks --------------------------------------------------------------------------------

say "== checks (over HTTPS through nginx; Chromium signs in by redirect)"
DEPLOY_FRONTEND="$repository/frontend" \
  DEPLOY_PUBLIC_ORIGIN="$public_origin" \
  DEPLOY_HTTP_PORT="$http_port" \
  DEPLOY_PROVIDER_PORT="$provider_port" \
  DEPLOY_PROVIDER_NAME="$provider" \
  DEPLOY_PROVIDER_CLIENT_ID="$client_id" \
  DEPLOY_PROVIDER_CLIENT_SECRET="$client_secret" \
  DEPLOY_CERTIFICATE="$work/tls/cert.pem" \
  node "$repository/scripts/lib/test-deploy-checks.mjs" >&2 &
checks_pid=$!
if wait "$checks_pid"; then checks_pid=; else checks_pid=; die "a check failed (above)"; fi

if grep -E '"(Level|@l)":"(Error|Fatal)"| (ERR|FTL)\]' "$logs/app.log" >&2; then
  die "the app logged an error (above)"
fi
