#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server for the tests (Debian's postgresql package).
#   postgres_fixture.sh start DIR   initdb into DIR, start on a free loopback port, write the
#                                   connection URL to DIR/url
#   postgres_fixture.sh stop DIR    stop the server and delete DIR
# As root, the server runs as the `postgres` system user (PostgreSQL refuses to run as root).
set -euo pipefail
action=$1
dir=$(realpath -m "$2")

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$bin/initdb" ]] || { echo "postgres_fixture: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    rm -rf "$dir"
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U quantloop --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # A random high port; if another server holds it, pg_ctl fails and we try another.
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$(shuf -i 20000-60999 -n 1)
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
           -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U quantloop quantloop_test
        echo "postgresql://quantloop@127.0.0.1:$port/quantloop_test" > "$dir/url"
        exit 0
      fi
    done
    cat "$dir/server.log" >&2
    exit 1
    ;;
  stop)
    if [[ -d "$dir/data" ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
