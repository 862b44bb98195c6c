#!/usr/bin/env bash
# Several instances of GoogleLogin on PostgreSQL, on this machine and without containers:
#
#   a throwaway PostgreSQL cluster (Debian's `postgresql` package: initdb, pg_ctl) on a free port,
#   two app instances on it (a and b), in development sign-in mode, sharing one signing key,
#   nginx (Debian's `nginx` package) balancing round-robin across them on one address.
#
# Everything lives in one temporary folder. Ctrl+C (or SIGTERM) stops nginx, both instances and the
# cluster, in that order, and deletes the folder.
#
#   bash scripts/several-instances.sh [--port N] [--no-build] [--log-dir DIR]
#
#   --port N       where nginx listens on 127.0.0.1 (default 8080; 0 picks a free port)
#   --no-build     use the app already built in Release (src/WebApi/bin/Release/net10.0)
#   --log-dir DIR  write the logs there, where they outlive the run (default: the temporary folder)
#
# Once everything answers it prints, alone on a line, `READY <url>`, for scripts and tests that
# start it; then it waits until stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$(pwd)

port=8080
build=true
log_dir=
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=${2:?--port needs a number}; shift 2 ;;
    --no-build) build=false; shift ;;
    --log-dir) log_dir=${2:?--log-dir needs a folder}; shift 2 ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -le 65535 ] || { echo "--port must be a port number, or 0 for a free one" >&2; exit 2; }

say() { printf '%s\n' "$*" >&2; }
die() { say "several-instances: $*"; exit 1; }
# free_port, http_status, stop_process, postgres_find, postgres_start, postgres_stop
source "$repository/scripts/lib/local-services.sh"

# ---- what this needs, said plainly when missing ------------------------------------------------

command -v dotnet >/dev/null || die "dotnet is missing: install the .NET 10 SDK."
postgres_find
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || die "nginx is missing: apt-get install nginx"

dll="$repository/src/WebApi/bin/Release/net10.0/GoogleLogin.WebApi.dll"
if [ "$build" = true ]; then
  say "== building the app (Release, with the React app)"
  # As scripts/test.sh builds it: the committed OpenAPI document is left as it is.
  dotnet build src/WebApi/GoogleLogin.WebApi.csproj -c Release -p:OpenApiGenerateDocuments=false -v quiet -nologo >&2
fi
[ -f "$dll" ] || die "the app is not built at $dll: run without --no-build"

# ---- the temporary folder, and stopping everything on the way out -----------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/googlelogin-instances-XXXXXX")
# Traversable (not listable) by others, so that the `postgres` user reaches its folders inside.
chmod 711 "$work"
# Also the working folder from here on: one the `postgres` user may enter.
cd "$work"
if [ -n "$log_dir" ]; then
  mkdir -p "$log_dir"
  log_dir=$(cd "$log_dir" && pwd)
else
  log_dir="$work/logs"
  mkdir "$log_dir"
fi

nginx_pid=
app_pids=()

cleanup() {
  local status=$?
  # A second Ctrl+C must not cut the stopping short (and leave a server running): ignored from here,
  # by this script and by the commands it runs to stop things.
  trap '' INT TERM HUP
  trap - EXIT
  set +e
  say "== stopping"
  # Outside in: no new requests first, then the apps (which finish theirs), then their database.
  stop_process "$nginx_pid" QUIT nginx
  for pid in "${app_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${app_pids[@]}"; do stop_process "$pid" TERM "instance (pid $pid)"; done
  postgres_stop "$log_dir/postgres.log"
  rm -rf "$work"
  say "stopped; removed $work"
  exit "$status"
}
trap cleanup EXIT
# Ctrl+C reaches this script alone: every process it starts has a session of its own (setsid, and
# pg_ctl detaches the server itself), so they stop in the order above, not all at once.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- PostgreSQL --------------------------------------------------------------------------------

postgres_start "$work" "$log_dir/postgres.log" 250
say "== PostgreSQL on 127.0.0.1:$pg_port (data in $pg_data)"

# ---- two instances of the app ------------------------------------------------------------------

connection_string="Host=127.0.0.1;Port=$pg_port;Database=googlelogin;Username=postgres"
names=(a b)
app_ports=()
for name in "${names[@]}"; do
  free_port; app_port=$REPLY
  app_ports+=("$app_port")
  say "== instance $name on 127.0.0.1:$app_port (log: $log_dir/instance-$name.log)"
  # Both start at once, as a deployment's would: the first creates and migrates the database, the
  # other waits for it. The signing key file is made by whichever instance gets there first; with
  # it, a token minted by one instance signs in on the other, wherever the balancer sends each step.
  # Nginx is their only client, on 127.0.0.1: listing it as the known proxy makes them believe its
  # X-Forwarded-For, so that per-address rate limits and the sessions list see each browser's own
  # address, not nginx's; development sign-in still sees a loopback client, since nginx listens on
  # 127.0.0.1 only. (Without it, every client would share nginx's one rate-limit allowance.)
  (
    cd "$(dirname "$dll")"
    exec env \
      ASPNETCORE_ENVIRONMENT=Development \
      ASPNETCORE_URLS="http://127.0.0.1:$app_port" \
      DOTNET_NOLOGO=1 \
      Instance__Name="$name" \
      Database__Provider=Postgres \
      ConnectionStrings__Default="$connection_string" \
      Auth__Google__Development__SigningKeyFile="$work/development-key.pem" \
      ReverseProxy__KnownProxies__0=127.0.0.1 \
      setsid dotnet "$dll"
  ) >"$log_dir/instance-$name.log" 2>&1 </dev/null &
  app_pids+=($!)
done

for i in 0 1; do
  name=${names[$i]}
  wait_until_ready "${app_ports[$i]}" "${app_pids[$i]}" 90 || case $? in
    1) tail -n 20 "$log_dir/instance-$name.log" >&2; die "instance $name exited; see $log_dir/instance-$name.log" ;;
    *) die "instance $name was not ready within 90 s; see $log_dir/instance-$name.log" ;;
  esac
done

# ---- nginx in front ----------------------------------------------------------------------------

if [ "$port" -eq 0 ]; then
  free_port; port=$REPLY
elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  die "127.0.0.1:$port is taken: choose another with --port N (or --port 0 for a free one)"
fi
url="http://127.0.0.1:$port"
mkdir "$work/nginx"
say "== nginx on $url, round-robin over both instances (access log: $log_dir/nginx-access.log)"
cat >"$work/nginx/nginx.conf" <<EOF
# Generated by scripts/several-instances.sh; lives and dies with $work.
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $log_dir/nginx-error.log warn;

events {
  worker_connections 1024;
}

http {
  # Every path nginx would otherwise take from its package's defaults, here.
  client_body_temp_path $work/nginx/client_body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;

  # Each line names the instance that answered, from its X-Instance header.
  log_format instances '\$remote_addr [\$time_local] "\$request" \$status instance=\$upstream_http_x_instance (\$upstream_addr) \$request_time s';
  access_log $log_dir/nginx-access.log instances;

  # Round-robin is nginx's default: each request goes to the next instance.
  upstream googlelogin {
    server 127.0.0.1:${app_ports[0]};
    server 127.0.0.1:${app_ports[1]};
    keepalive 16;
  }

  server {
    listen 127.0.0.1:$port;

    location / {
      proxy_pass http://googlelogin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # The browser's Host, port included: the app checks Origin against it, and development
      # sign-in answers only requests addressed to localhost or 127.0.0.1.
      proxy_set_header Host \$http_host;
      # The app believes X-Forwarded-Host from a known proxy: nginx sets it, so a client's own never
      # passes through to stand in for Host (as deploy/nginx.conf does).
      proxy_set_header X-Forwarded-Host \$http_host;
      # Replaced, not appended to: nginx is the edge, and what a client claims counts for nothing.
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
EOF
setsid "$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$log_dir/nginx-error.log" </dev/null >>"$log_dir/nginx-error.log" 2>&1 &
nginx_pid=$!

wait_until_ready "$port" "$nginx_pid" 30 || case $? in
  1) tail -n 5 "$log_dir/nginx-error.log" >&2; die "nginx exited; see $log_dir/nginx-error.log" ;;
  *) die "$url/health/ready did not answer 200 within 30 s" ;;
esac

cat >&2 <<EOF

GoogleLogin: two instances on PostgreSQL behind nginx, in development sign-in mode.

  open          $url   (nginx, round-robin over the instances)
  instance a    http://127.0.0.1:${app_ports[0]}   log: $log_dir/instance-a.log
  instance b    http://127.0.0.1:${app_ports[1]}   log: $log_dir/instance-b.log
  PostgreSQL    psql -h 127.0.0.1 -p $pg_port -U postgres googlelogin   log: $log_dir/postgres.log
  nginx         access log, naming the instance of each answer: $log_dir/nginx-access.log

Every answer says which instance gave it; run this a few times to see a and b take turns:

  curl -si $url/health/live | grep -i x-instance

Ctrl+C stops everything and deletes $work.
EOF
echo "READY $url"

# Wait until stopped, or until one of them stops by itself (then everything stops, with an error).
set +e
wait -n "$nginx_pid" "${app_pids[@]}"
set -e
for i in 0 1; do
  kill -0 "${app_pids[$i]}" 2>/dev/null || say "instance ${names[$i]} stopped by itself; see $log_dir/instance-${names[$i]}.log"
done
kill -0 "$nginx_pid" 2>/dev/null || say "nginx stopped by itself; see $log_dir/nginx-error.log"
exit 1
