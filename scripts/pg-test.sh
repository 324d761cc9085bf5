#!/bin/sh
# pg-test.sh: a private PostgreSQL server for the test suite, on a Unix socket only.
# usage: scripts/pg-test.sh start DIR   prints the admin URL on stdout
#        scripts/pg-test.sh stop DIR
# Runs as the postgres user when started as root (PostgreSQL refuses root).
set -eu
cmd=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "pg-test: PostgreSQL is not installed (scripts/deps.sh test)" >&2; exit 1; }
as=
[ "$(id -u)" = 0 ] && as="runuser -u postgres --"
port=${FANGYI_TEST_PG_PORT:-55432}

case $cmd in
start)
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		$as "$bin/initdb" -N -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; exit 1; }
	fi
	if ! $as "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
		$as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
			-o "-k $dir -p $port -c listen_addresses='' -c fsync=on -c max_connections=200" start >/dev/null ||
			{ cat "$dir/server.log" >&2; exit 1; }
	fi
	echo "postgresql:///postgres?host=$dir&port=$port&user=postgres"
	;;
stop)
	$as "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
	;;
esac
