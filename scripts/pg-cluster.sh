#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the back-office tests: initdb in a temp
# dir as the postgres user (initdb refuses root), on a loopback port, trust
# auth on loopback only. `start` prints the URL to export as YIBAO_PG_URL;
# `stop DIR` stops it and removes the dir.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
case "${1:-}" in
  start)
    port=${2:-54329}
    dir=$(mktemp -d /tmp/yibao-pg-XXXXXX)
    chown postgres "$dir"
    as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
    as "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200" -w start >/dev/null
    echo "$dir postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir=$2
    as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start [PORT] | stop DIR" >&2; exit 2 ;;
esac
