#!/usr/bin/env bash
# Starts a hot standby of a throwaway PostgreSQL started by .ci/start-postgres.sh: pg_basebackup -R from the primary
# (its superuser may replicate over loopback by initdb's default pg_hba), then the standby on its own loopback port.
# Prints the standby's connection string on its last line (export it as FICSHELF_TEST_POSTGRES_REPLICA).
# Usage: .ci/start-replica.sh PRIMARY_CONNECTION_STRING [PORT] [DATA_DIR]
set -euo pipefail
primary="$1"
port="${2:-55532}"
data="${3:-$(mktemp -d /tmp/ficshelf-replica.XXXXXX)}"
field() { tr ';' '\n' <<<"$primary" | sed -n "s/^$1=//p" | head -n 1; }
host="$(field Host)"; primary_port="$(field Port)"; user="$(field Username)"; password="$(field Password)"

bindir=""
for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_basebackup" ] && bindir="$dir"; done
[ -n "$bindir" ] || { echo "start-replica: no PostgreSQL server binaries found (run .ci/start-postgres.sh first)" >&2; exit 1; }
as_user() { "$@"; }
if [ "$(id -u)" = 0 ]; then
    as_user() { runuser -u postgres -- "$@"; }
fi
mkdir -p "$data"; rm -rf "${data:?}"/*
[ "$(id -u)" = 0 ] && chown postgres "$data"
chmod 700 "$data"
while (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

as_user env PGPASSWORD="$password" "$bindir/pg_basebackup" -h "$host" -p "$primary_port" -U "$user" -D "$data" -R -X stream >/dev/null
as_user "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $data -c hot_standby=on -c max_connections=200" start >/dev/null
echo "start-replica: hot standby of $host:$primary_port running on 127.0.0.1:$port, data in $data (stop: ${bindir}/pg_ctl -D $data stop)" >&2
echo "Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=postgres"
