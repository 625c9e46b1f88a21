#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of the hosted mode's stores.
#
#   scripts/postgres.sh start DIR   (DIR: a new folder) installs PostgreSQL from Debian's packages when missing,
#                                   creates a cluster in DIR listening only on a socket in DIR
#                                   (no TCP port), creates the database ml_connector_test, and
#                                   prints its URL (postgres://USER@/ml_connector_test?host=DIR);
#                                   with openssl, also a TLS listener on loopback (DIR/tls-url)
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
  # Besides the socket, a TLS listener on a free loopback port with a throwaway self-signed
  # certificate (openssl comes with Debian's postgresql), so the tests can show that TLS is
  # verified by default: its URL is written to DIR/tls-url.
  listen="''"
  tls_options=""
  if command -v openssl >/dev/null 2>&1 \
    && openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=localhost" -days 2 \
         -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1; then
    chmod 600 "$dir/server.key"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir/server.key" "$dir/server.crt"
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      port=$((20000 + RANDOM % 30000))
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    done
    listen="'127.0.0.1' -p $port"
    tls_options="-c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
  fi
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -c listen_addresses=$listen $tls_options -c fsync=off -c synchronous_commit=off -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  port_option=""
  [ -n "$tls_options" ] && port_option="-p $port"
  as_server "$bin/createdb" -h "$dir" $port_option -U "$user" ml_connector_test >&2
  if [ -n "$tls_options" ]; then
    echo "postgres://$user@127.0.0.1:$port/ml_connector_test" > "$dir/tls-url"
    echo "postgres://$user@/ml_connector_test?host=$dir&port=$port"
  else
    echo "postgres://$user@/ml_connector_test?host=$dir"
  fi
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
