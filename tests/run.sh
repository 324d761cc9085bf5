#!/bin/bash
# run.sh: the whole suite, as `make test` runs it after building everything.
# Unit tests and fuzz-corpus replays (plain and ASan+UBSan builds), the OpenAPI document's lint,
# the API suite on SQLite and on PostgreSQL (and on SQLite under ASan+UBSan), and the browser
# tests in headless Chromium.
# Ends with one line: "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
root=$PWD
out=$root/tests/.out
rm -rf "$out"
mkdir -p "$out"
pass=0
fail=0
failed=()

# Each line also says how long its part took, so a slow suite shows where the time goes.
mark=$SECONDS
add() { # add NAME PASSED FAILED
	pass=$((pass + $2))
	fail=$((fail + $3))
	if [ "$3" -gt 0 ]; then failed+=("$1"); fi
	printf '%-44s %4d passed, %d failed  %4d s\n' "$1" "$2" "$3" $((SECONDS - mark))
	mark=$SECONDS
}

# A C test binary prints "N passed, N failed" last; a crash counts as one failure.
c_test() { # c_test NAME LOG CMD...
	local name=$1 log=$2 p f
	shift 2
	"$@" >"$log" 2>&1
	local rc=$?
	read -r p f < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" | tail -1)
	if [ -z "${p:-}" ]; then
		# a replay driver or a crash: pass or fail as a whole
		if [ $rc = 0 ]; then p=1 f=0; else p=0 f=1; fi
	elif [ $rc != 0 ] && [ "$f" = 0 ]; then
		f=1
	fi
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log"; then f=$((f + 1)); fi
	[ "$f" -gt 0 ] && tail -20 "$log"
	add "$name" "$p" "$f"
}

# node --test with the TAP reporter ends with "# pass N" and "# fail N".  Two files run at once:
# node's default on two cores is one, and an API test spends much of its time waiting on its own
# server, its fsyncs and its password hashes, so two overlap well.  Each file has its own server
# and database, so they cannot meet.
node_test() { # node_test NAME LOG FILES...
	local name=$1 log=$2 p f
	shift 2
	node --test --test-concurrency="${TEST_CONCURRENCY:-2}" --test-reporter=tap "$@" >"$log" 2>&1
	local rc=$?
	p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ $rc != 0 ] && [ "$f" = 0 ]; then f=1; fi
	if [ "$f" -gt 0 ]; then tap_failures "$name" "$log" >>"$out/failures.txt"; fi
	add "$name" "$p" "$f"
}

# tap_failures NAME LOG: each failing test of a TAP log with its file, message and the values
# compared, kept for the end of the output (where a CI log's tail shows them).
tap_failures() {
	awk -v suite="$1" '
		/^[ ]*not ok / { show = 1; msg = 0; m = 0; n = 0; sub(/^[ ]*/, ""); print suite ": " $0; next }
		/^[ ]*(ok|not ok) / { show = 0 }
		!show { next }
		/^[ ]*(location|error|expected|actual|code|failureType|stack|operator):/ {
			msg = ($1 == "error:"); if (n++ < 12) print "    " $0; next
		}
		msg && m++ < 30 { print "    " $0 }
	' "$2" | head -200
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:log_path=$out/asan
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$out/ubsan

for b in build build-asan; do
	tag=${b#build}
	tag=${tag:+ ($tag)}
	for t in "$b"/tests/unit/test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		c_test "unit $(basename "$t")$tag" "$out/$(basename "$t")${tag// /}.log" "$t"
	done
	for t in csvread idnum; do
		[ -x "$b/fuzz/fuzz_${t}_replay" ] || continue
		c_test "fuzz corpus $t$tag" "$out/fuzz-$t${tag// /}.log" "$b/fuzz/fuzz_${t}_replay" fuzz/corpus/$t
	done
done

# The OpenAPI document against the standard OpenAPI 3 ruleset (Spectral's spectral:oas, installed
# into tests/api from its package-lock.json): any error or warning fails the suite.
c_test "openapi lint (spectral:oas)" "$out/openapi-lint.log" scripts/lint-openapi.sh

# The API suite: SQLite, PostgreSQL, and SQLite again with the sanitizer build.
export FANGYI_TEST_BACKEND=sqlite
FANGYI_BIN=$root/build/fangyi node_test "api (sqlite)" "$out/api-sqlite.log" tests/api/*.test.mjs

pgdir=$(mktemp -d /tmp/fangyi-pg-test.XXXXXX)
chmod 755 "$pgdir"
if pgurl=$(scripts/pg-test.sh start "$pgdir" 2>"$out/pg-start.log"); then
	FANGYI_TEST_BACKEND=pg FANGYI_TEST_PG_ADMIN=$pgurl FANGYI_BIN=$root/build/fangyi \
		node_test "api (postgresql)" "$out/api-pg.log" tests/api/*.test.mjs
else
	cat "$out/pg-start.log"
	add "postgresql server for the api suite" 0 1
fi

FANGYI_BIN=$root/build-asan/fangyi node_test "api (sqlite, asan+ubsan)" "$out/api-asan.log" tests/api/*.test.mjs
if ls "$out"/asan.* "$out"/ubsan.* >/dev/null 2>&1; then
	cat "$out"/asan.* "$out"/ubsan.* 2>/dev/null | head -60
	add "sanitizer reports from the server" 0 1
else
	add "sanitizer reports from the server" 1 0
fi

# The browser tests: a demo town served by the real binary, driven in Chromium.
e2edb=$(mktemp -d /tmp/fangyi-e2e.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18765)
if build/fangyi demo --db "$e2edb/e2e.db" --people 300 >"$out/e2e-demo.log" 2>&1 &&
	printf 'e2e-admin-password\n' | build/fangyi user add e2eadmin --role admin --area 430302100000 \
		--db "$e2edb/e2e.db" --password-stdin >>"$out/e2e-demo.log" 2>&1; then
	build/fangyi serve --db "$e2edb/e2e.db" --listen "127.0.0.1:$port" --web web/dist >"$out/e2e-server.log" 2>&1 &
	spid=$!
	for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
	[ -d tests/e2e/node_modules ] || scripts/npm-ci.sh tests/e2e >"$out/e2e-npm.log" 2>&1
	FANGYI_URL=http://127.0.0.1:$port FANGYI_USER=e2eadmin FANGYI_PASSWORD=e2e-admin-password \
		TEST_CONCURRENCY=1 node_test "browser (chromium)" "$out/e2e.log" tests/e2e/*.test.mjs
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
else
	cat "$out/e2e-demo.log"
	add "browser (demo town)" 0 1
fi

scripts/pg-test.sh stop "$pgdir"
rm -rf "$pgdir" "$e2edb"
echo
if [ -s "$out/failures.txt" ]; then
	echo "failing tests:"
	cat "$out/failures.txt"
	echo
fi
[ ${#failed[@]} -gt 0 ] && printf 'failed: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
