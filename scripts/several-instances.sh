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

# ---- what this needs, said plainly when missing ------------------------------------------------

command -v dotnet >/dev/null || die "dotnet is missing: install the .NET 10 SDK."
command -v pg_config >/dev/null || die "PostgreSQL is missing: apt-get install postgresql"
pg_bin=$(pg_config --bindir)
[ -x "$pg_bin/initdb" ] && [ -x "$pg_bin/pg_ctl" ] ||
  die "PostgreSQL's server programs (initdb, pg_ctl) are not in $pg_bin: apt-get install postgresql"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || die "nginx is missing: apt-get install nginx"

# initdb refuses to run as root, and the server must not own files as root either: as root, the
# cluster belongs to the `postgres` user that Debian's package creates, and its commands run as it.
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  id -u postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user to own the cluster: apt-get install postgresql"
  runuser=$(command -v runuser || echo /usr/sbin/runuser)
  [ -x "$runuser" ] || die "running as root needs runuser (util-linux) to start PostgreSQL as 'postgres'"
  as_postgres=("$runuser" -u postgres --)
fi

dll="$repository/src/WebApi/bin/Release/net10.0/GoogleLogin.WebApi.dll"
if [ "$build" = true ]; then
  say "== building the app (Release, with the React app)"
  # As scripts/test.sh builds it: the committed OpenAPI document is left as it is.
  dotnet build src/WebApi/GoogleLogin.WebApi.csproj -c Release -p:OpenApiGenerateDocuments=false -v quiet -nologo >&2
fi
[ -f "$dll" ] || die "the app is not built at $dll: run without --no-build"

# ---- small helpers -----------------------------------------------------------------------------

# A port on 127.0.0.1 that nothing listens on (in REPLY). Bash's /dev/tcp tries to connect: refused
# means free. Below Linux's ephemeral range, so outgoing connections do not take it meanwhile.
taken_ports=" "
free_port() {
  local candidate
  for _ in $(seq 1 200); do
    candidate=$((20000 + RANDOM % 12000))
    [[ "$taken_ports" == *" $candidate "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      taken_ports+="$candidate "
      REPLY=$candidate
      return 0
    fi
  done
  die "found no free port on 127.0.0.1"
}

# The status code of GET http://127.0.0.1:<port><path>, or nothing when nothing answers. Also through
# /dev/tcp, so that no HTTP client has to be installed for the script itself.
http_status() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$2" "$1" >&3
    read -r -t 5 _ status _ <&3 && printf '%s' "$status"
  ) 2>/dev/null || true
}

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

pg_data="$work/postgres"
nginx_pid=
app_pids=()
cluster_started=false

# Stops one process (a child of this script) with a signal, and waits for it; kills it after a while.
stop_process() {
  local pid=$1 signal=$2 name=$3
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name did not stop within 20 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

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
  if [ "$cluster_started" = true ]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w -t 30 >>"$log_dir/postgres.log" 2>&1 ||
      say "PostgreSQL did not stop cleanly; see $log_dir/postgres.log"
  fi
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

free_port; pg_port=$REPLY
say "== PostgreSQL on 127.0.0.1:$pg_port (data in $pg_data)"
mkdir -m 700 "$pg_data" "$work/postgres-socket"
if [ ${#as_postgres[@]} -gt 0 ]; then
  chown postgres: "$pg_data" "$work/postgres-socket"
fi
# A throwaway cluster: anyone on this machine may connect as `postgres` without a password (trust),
# over 127.0.0.1 only, and nothing is forced to disk (fsync off): fast, and lost on a crash.
"${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync \
  >"$log_dir/postgres.log" 2>&1 || die "initdb failed; see $log_dir/postgres.log"
# The log is opened here, by this script, and handed to the server: the `postgres` user need not be
# able to write into the log folder.
cluster_started=true
"${as_postgres[@]}" "$pg_bin/pg_ctl" start -D "$pg_data" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work/postgres-socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=250" \
  >>"$log_dir/postgres.log" 2>&1 || die "PostgreSQL did not start; see $log_dir/postgres.log"

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
  deadline=$((SECONDS + 90))
  until [ "$(http_status "${app_ports[$i]}" /health/ready)" = 200 ]; do
    kill -0 "${app_pids[$i]}" 2>/dev/null || { tail -n 20 "$log_dir/instance-$name.log" >&2; die "instance $name exited; see $log_dir/instance-$name.log"; }
    [ "$SECONDS" -lt "$deadline" ] || die "instance $name was not ready within 90 s; see $log_dir/instance-$name.log"
    sleep 0.2
  done
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
      # Replaced, not appended to: nginx is the edge, and what a client claims counts for nothing.
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
EOF
setsid "$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$log_dir/nginx-error.log" </dev/null >>"$log_dir/nginx-error.log" 2>&1 &
nginx_pid=$!

deadline=$((SECONDS + 30))
until [ "$(http_status "$port" /health/ready)" = 200 ]; do
  kill -0 "$nginx_pid" 2>/dev/null || { tail -n 5 "$log_dir/nginx-error.log" >&2; die "nginx exited; see $log_dir/nginx-error.log"; }
  [ "$SECONDS" -lt "$deadline" ] || die "$url/health/ready did not answer 200 within 30 s"
  sleep 0.2
done

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
