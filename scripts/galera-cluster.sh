#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on one machine, for tests and trials:
#   scripts/galera-cluster.sh start | stop | status | kill N | restart N
# Nodes listen on 127.0.0.1 ports GALERA_BASE_PORT+1..3 (default 3407..3409) with group
# communication on GALERA_GCOMM_PORT+10*(N-1) (default 4567, 4577, 4587) and state transfer on
# the port after it. Data lives in GALERA_DIR (default: a folder under the system's temp dir).
# Needs Debian's mariadb-server and galera-4 (and rsync for state transfers). The first node
# bootstraps the cluster; the others join it and receive a full copy (SST).
# Production runs one node per machine: see docs/scaling.md.
set -euo pipefail

GALERA_DIR=${GALERA_DIR:-${TMPDIR:-/tmp}/segmenta-galera}
BASE_PORT=${GALERA_BASE_PORT:-3406}
GCOMM_PORT=${GALERA_GCOMM_PORT:-4567}
PROVIDER=${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}
MARIADBD=${MARIADBD:-/usr/sbin/mariadbd}
NODES=3
SERVER_USER=$(if [ "$(id -u)" = 0 ]; then echo mysql; else id -un; fi)

port() { echo $((BASE_PORT + $1)); }
gcomm() { echo $((GCOMM_PORT + 10 * ($1 - 1))); }
dir() { echo "$GALERA_DIR/node$1"; }
cluster_address() {
  local list=""
  for n in $(seq 1 $NODES); do list="$list${list:+,}127.0.0.1:$(gcomm "$n")"; done
  echo "gcomm://$list"
}

write_config() {
  local n=$1 d; d=$(dir "$n")
  mkdir -p "$d/data" "$d/run" "$d/tmp"
  # Started by root, the servers run as the system's mysql user: rsync state transfer would
  # otherwise run its receiving daemon as "nobody", unable to write the joiner's files.
  if [ "$(id -u)" = 0 ]; then chmod a+x "$GALERA_DIR"; chown -R "$SERVER_USER": "$d"; fi
  cat > "$d/my.cnf" <<CNF
[mariadbd]
datadir=$d/data
socket=$d/run/mariadb.sock
pid-file=$d/run/mariadb.pid
log-error=$d/error.log
tmpdir=$d/tmp
port=$(port "$n")
bind-address=127.0.0.1
user=$SERVER_USER
skip-name-resolve
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=128M
innodb_log_file_size=48M
innodb_flush_log_at_trx_commit=2
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=segmenta
wsrep_cluster_address=$(cluster_address)
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$(gcomm "$n")
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$(gcomm "$n");ist.recv_addr=127.0.0.1:$(( $(gcomm "$n") + 1 ));gcache.size=64M"
wsrep_sst_receive_address=127.0.0.1:$(( $(gcomm "$n") + 2 ))
wsrep_sst_method=rsync
wsrep_slave_threads=2
CNF
}

wait_ready() {
  local n=$1 i
  for i in $(seq 1 120); do
    if mariadb --socket="$(dir "$n")/run/mariadb.sock" -uroot -N -e "SHOW STATUS LIKE 'wsrep_ready'" 2>/dev/null | grep -q ON; then return 0; fi
    if ! pid_alive "$n"; then echo "node$n stopped while starting; see $(dir "$n")/error.log" >&2; tail -20 "$(dir "$n")/error.log" >&2; return 1; fi
    sleep 1
  done
  echo "node$n did not become ready in 120 s; see $(dir "$n")/error.log" >&2
  return 1
}

# The server's own pid file appears late in start-up, so the script keeps the pid it started.
pid_of() { cat "$(dir "$1")/run/server.pid" 2>/dev/null || true; }
pid_alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

start_node() {
  local n=$1 bootstrap=${2:-}
  if pid_alive "$n"; then return 0; fi
  write_config "$n"
  local d; d=$(dir "$n")
  # Only the bootstrapping node starts from a fresh system database; a joiner with an empty data
  # folder receives the whole of it from a donor by state transfer.
  if [ -n "$bootstrap" ] && [ ! -d "$d/data/mysql" ]; then
    mariadb-install-db --defaults-file="$d/my.cnf" --auth-root-authentication-method=normal --skip-test-db >"$d/install.log" 2>&1
  fi
  if [ -n "$bootstrap" ]; then
    # A node that bootstraps a new cluster must be marked safe to do so after an unclean stop.
    [ -f "$d/data/grastate.dat" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$d/data/grastate.dat"
    "$MARIADBD" --defaults-file="$d/my.cnf" --wsrep-new-cluster >/dev/null 2>&1 &
  else
    "$MARIADBD" --defaults-file="$d/my.cnf" >/dev/null 2>&1 &
  fi
  echo $! > "$d/run/server.pid"
  wait_ready "$n"
  if [ -n "$bootstrap" ]; then
    # Let tests connect over TCP as root without a password, like the single development server.
    mariadb --socket="$d/run/mariadb.sock" -uroot -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;" >/dev/null
  fi
}

stop_node() {
  local n=$1 p; p=$(pid_of "$n")
  [ -z "$p" ] && return 0
  kill "$p" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || { rm -f "$(dir "$n")/run/server.pid"; return 0; }; sleep 0.5; done
  kill -9 "$p" 2>/dev/null || true
  rm -f "$(dir "$n")/run/server.pid"
}

status() {
  for n in $(seq 1 $NODES); do
    if pid_alive "$n"; then
      local size state
      size=$(mariadb --socket="$(dir "$n")/run/mariadb.sock" -uroot -N -e "SHOW STATUS LIKE 'wsrep_cluster_size'" 2>/dev/null | awk '{print $2}')
      state=$(mariadb --socket="$(dir "$n")/run/mariadb.sock" -uroot -N -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | awk '{print $2}')
      echo "node$n 127.0.0.1:$(port "$n") up cluster_size=${size:-?} state=${state:-?}"
    else
      echo "node$n 127.0.0.1:$(port "$n") down"
    fi
  done
}

case "${1:-}" in
  start)
    # Whichever node is up already keeps the cluster; with none up, node 1 bootstraps it.
    any_up=""
    for n in $(seq 1 $NODES); do pid_alive "$n" && any_up=1; done
    for n in $(seq 1 $NODES); do
      if [ -z "$any_up" ] && [ "$n" = 1 ]; then start_node 1 bootstrap; else start_node "$n"; fi
    done
    status ;;
  stop)
    # Last node down is the safe one to bootstrap from next time.
    for n in $(seq $NODES -1 1); do stop_node "$n"; done ;;
  kill)
    p=$(pid_of "${2:?node number}"); [ -n "$p" ] && kill -9 "$p" ;;
  restart)
    start_node "${2:?node number}" ;;
  status) status ;;
  destroy)
    for n in $(seq $NODES -1 1); do stop_node "$n"; done
    rm -rf "$GALERA_DIR" ;;
  *) echo "usage: $0 start|stop|status|kill N|restart N|destroy" >&2; exit 2 ;;
esac
