#!/usr/bin/env bash
# A throwaway local PostgreSQL cluster (Debian's postgresql package) for the PostgreSQL backend and its tests.
#   scripts/postgres.sh start [DIR]   initdb into DIR (default: a new temp dir) if empty, start on $PGPORT (55432),
#                                     create database $PGDATABASE (dossier); prints the URL to use as --db
#   scripts/postgres.sh stop [DIR]    stop it (the temp dir is left for the caller to remove)
# Installs postgresql with apt-get when its binaries are missing (root or sudo). Idempotent.
set -euo pipefail

PGPORT="${PGPORT:-55432}"
PGDATABASE="${PGDATABASE:-dossier}"
STATE=/tmp/dossier-postgres.dir  # where `start` left its data dir, for `stop` without an argument

bindir() {
    local found
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    echo "$found"
}

ensure_installed() {
    if [ -n "$(bindir)" ] && [ -x "$(bindir)/initdb" ]; then
        return
    fi
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "postgres.sh: PostgreSQL missing; installing Debian's postgresql package" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
}

# PostgreSQL refuses to run as root: run its binaries as the `postgres` user then
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    ensure_installed
    local bin data
    bin="$(bindir)"
    data="${1:-$(mktemp -d /tmp/dossier-pg.XXXXXX)}"
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres "$data"
    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
            -o "-p $PGPORT -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    fi
    echo "$data" > "$STATE"
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'" postgres | grep -q 1; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$PGDATABASE"
    fi
    echo "postgresql://postgres@127.0.0.1:$PGPORT/$PGDATABASE"
}

stop() {
    local data="${1:-$(cat "$STATE" 2>/dev/null || true)}"
    [ -n "$data" ] && [ -f "$data/PG_VERSION" ] || { echo "postgres.sh: no cluster to stop" >&2; return 0; }
    as_owner "$(bindir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: scripts/postgres.sh start|stop [DIR]" >&2; exit 2 ;;
esac
