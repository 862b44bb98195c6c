# Shared by scripts/several-instances.sh and scripts/bench-http.sh, which source it after defining
# `say` and `die`: free ports, an HTTP probe, stopping child processes, and a throwaway PostgreSQL
# cluster from Debian's `postgresql` package.

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
# /dev/tcp, so that no HTTP client has to be installed for the scripts themselves.
http_status() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$2" "$1" >&3
    read -r -t 5 _ status _ <&3 && printf '%s' "$status"
  ) 2>/dev/null || true
}

# Waits until GET /health/ready on 127.0.0.1:<port> answers 200. Returns 1 if process <pid> exits first,
# 2 after <seconds>: the caller says which, in its own words.
wait_until_ready() {
  local port=$1 pid=$2 deadline=$((SECONDS + $3))
  until [ "$(http_status "$port" /health/ready)" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$SECONDS" -lt "$deadline" ] || return 2
    sleep 0.2
  done
}

# Stops one process (a child of the script) with a signal, and waits for it; kills it after 20 s.
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

# Finds initdb and pg_ctl (pg_bin) and how to run them (as_postgres). initdb refuses to run as root,
# and the server must not own files as root either: as root, the cluster belongs to the `postgres`
# user that Debian's package creates, and its commands run as it.
postgres_find() {
  command -v pg_config >/dev/null || die "PostgreSQL is missing: apt-get install postgresql"
  pg_bin=$(pg_config --bindir)
  [ -x "$pg_bin/initdb" ] && [ -x "$pg_bin/pg_ctl" ] ||
    die "PostgreSQL's server programs (initdb, pg_ctl) are not in $pg_bin: apt-get install postgresql"
  as_postgres=()
  if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user to own the cluster: apt-get install postgresql"
    local runuser
    runuser=$(command -v runuser || echo /usr/sbin/runuser)
    [ -x "$runuser" ] || die "running as root needs runuser (util-linux) to start PostgreSQL as 'postgres'"
    as_postgres=("$runuser" -u postgres --)
  fi
}

# Starts a throwaway cluster in folder $1 (data in $1/postgres, which the `postgres` user must be
# able to reach), logging to $2, allowing $3 connections, on a free port (pg_port). Anyone on this
# machine may connect as `postgres` without a password (trust), over 127.0.0.1 only, and nothing is
# forced to disk (fsync off): fast, and lost on a crash.
cluster_started=false
postgres_start() {
  local folder=$1 log=$2 connections=$3
  free_port; pg_port=$REPLY
  pg_data="$folder/postgres"
  mkdir -m 700 "$pg_data" "$folder/postgres-socket"
  [ ${#as_postgres[@]} -eq 0 ] || chown postgres: "$pg_data" "$folder/postgres-socket"
  # Run from the folder, one the `postgres` user may enter. The log is opened here, by this script,
  # and handed to the server: the `postgres` user need not be able to write into the log folder.
  (cd "$folder" && "${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync) \
    >"$log" 2>&1 || die "initdb failed; see $log"
  cluster_started=true
  (cd "$folder" && "${as_postgres[@]}" "$pg_bin/pg_ctl" start -D "$pg_data" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $folder/postgres-socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=$connections") \
    >>"$log" 2>&1 || die "PostgreSQL did not start; see $log"
}

# Stops the cluster postgres_start started, if it did.
postgres_stop() {
  local log=$1
  [ "$cluster_started" = true ] || return 0
  "${as_postgres[@]}" "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w -t 30 >>"$log" 2>&1 ||
    say "PostgreSQL did not stop cleanly; see $log"
}
