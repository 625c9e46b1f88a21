#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of the hosted mode's stores.
#
#   scripts/postgres.sh start DIR   (DIR: a new folder) installs PostgreSQL from Debian's packages when missing,
#                                   creates a cluster in DIR listening only on a socket in DIR
#                                   (no TCP port), creates the database ml_connector_test, and
#                                   prints its URL (postgres://USER@/ml_connector_test?host=DIR)
#   scripts/postgres.sh stop DIR    stops it and removes DIR
#
# As root the server runs as the postgres user (PostgreSQL refuses to run as root).
set -euo pipefail

command=${1:-}
dir=${2:-}
if [ -z "$command" ] || [ -z "$dir" ]; then
  echo "usage: scripts/postgres.sh start|stop DIR" >&2
  exit 2
fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ "$(id -u)" -eq 0 ]; then
  as_server() { runuser -u postgres -- "$@"; }
  user=postgres
else
  as_server() { "$@"; }
  user=$(id -un)
fi

case "$command" in
start)
  bin=$(find_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "The hosted mode's tests need a PostgreSQL server. Run this, then retry:" >&2
      echo "  sudo apt-get update && sudo apt-get install -y postgresql" >&2
      exit 1
    fi
    echo "Installing PostgreSQL (Debian's postgresql package) for the lease store tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
  fi
  if [ -e "$dir" ]; then
    echo "scripts/postgres.sh: $dir already exists; give a new folder" >&2
    exit 2
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      echo "scripts/postgres.sh: the postgres user cannot reach $dir; use a folder under /tmp" >&2
      exit 1
    fi
  fi
  as_server "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_server "$bin/createdb" -h "$dir" -U "$user" ml_connector_test >&2
  echo "postgres://$user@/ml_connector_test?host=$dir"
  ;;
stop)
  bin=$(find_bin)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: scripts/postgres.sh start|stop DIR" >&2
  exit 2
  ;;
esac
