#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the storage tests: Debian's server, a fresh data directory, loopback only.
# Prints the connection string on its last line (export it as FICSHELF_TEST_POSTGRES).
# Usage: .ci/start-postgres.sh [PORT] [DATA_DIR]   (defaults: 55432, a new temp dir)
# Stop it with: pg_ctl -D DATA_DIR stop   (as the user that owns DATA_DIR)
set -euo pipefail
port="${1:-55432}"
data="${2:-$(mktemp -d /tmp/ficshelf-pg.XXXXXX)}"
mkdir -p "$data"

bindir=""
for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && bindir="$dir"; done
if [ -z "$bindir" ]; then
    echo "start-postgres: installing Debian's postgresql" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && bindir="$dir"; done
fi
[ -n "$bindir" ] || { echo "start-postgres: no PostgreSQL server binaries found" >&2; exit 1; }

# The server refuses to run as root: run it as the 'postgres' system user (or a user we create).
as_user() { "$@"; }
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres "$data"
    as_user() { runuser -u postgres -- "$@"; }
fi

# The first free port from the one asked for, so two throwaway servers on one machine do not collide.
while (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

password="ficshelf-test"
pwfile="$(mktemp)"; echo "$password" > "$pwfile"; chmod 644 "$pwfile"
as_user "$bindir/initdb" -D "$data" -U ficshelf --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$pwfile"
# Sockets in the data directory (not /var/run/postgresql, which may not exist); TCP on loopback only.
as_user "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $data -c fsync=off -c max_connections=200" start >/dev/null
echo "start-postgres: PostgreSQL running on 127.0.0.1:$port, data in $data (stop: ${bindir}/pg_ctl -D $data stop)" >&2
echo "Host=127.0.0.1;Port=$port;Username=ficshelf;Password=$password;Database=postgres"
