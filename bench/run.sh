#!/bin/bash
# run.sh: `make bench`: the registry at a million people, the resident import, the write paths,
# list matching (a million list rows against a million people, in memory), a list end to end
# (matched, stored, and written beside the screenings of a server), Lighthouse on the pages
# phones open (login, the public tip form, a grid worker's worklist), a phone's sync of its grid
# through the change feed, and a server killed at random moments of a burst on both databases.
# Every figure is a median, printed beside a baseline measured in the same run on the same
# machine (the bare HTTP path, a bare SQLite insert), with their ratio. Nothing here asserts
# a time: the figures are for the notes and for comparing commits.
set -eu
cd "$(dirname "$0")/.."
bin=${FANGYI_BIN:-$PWD/build/fangyi}
work=${BENCH_DIR:-/tmp/fangyi-bench}
people=${BENCH_PEOPLE:-1000000}
rows=${BENCH_ROWS:-100000}
mkdir -p "$work"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# wrk's 50th percentile latency in milliseconds, one connection: the time one clerk waits.
p50() { # p50 URL [HEADER]
	wrk -t1 -c1 -d3s --latency ${2:+-H "$2"} "$1" 2>/dev/null |
		awk '$1=="50%" { v=$2; if (v ~ /us$/) { sub(/us/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms/,"",v) } else if (v ~ /s$/) { sub(/s/,"",v); v*=1000 } print v }'
}

# bench/run.sh [registry|import|write|match|lists|lighthouse|feed|crash]: one section, or all of them
only=${1:-all}
want() { [ "$only" = all ] || [ "$only" = "$1" ]; }

if want registry; then
echo "== registry at $people people (SQLite)"
db=$work/registry-$people.db
if [ ! -f "$db" ] || [ "$(sqlite3 "$db" 'SELECT MAX(version) FROM schema_migrations' 2>/dev/null)" != "$("$bin" version | sed 's/.*schema \([0-9]*\).*/\1/')" ]; then
	rm -rf "$db" "$db"-* "$db".spool
	/usr/bin/time -f "demo --people $people: %e s, max RSS %M KiB" "$bin" demo --db "$db" --people "$people" >/dev/null
fi
"$bin" user list --db "$db" | grep -q '^benchadmin ' ||
	printf 'bench-admin-password\n' | "$bin" user add benchadmin --role admin --area 430302100000 --db "$db" --password-stdin >/dev/null
"$bin" user list --db "$db" | grep -q '^benchgrid ' ||
	printf 'bench-grid-password\n' | "$bin" user add benchgrid --role grid --area 430302100201001 --db "$db" --password-stdin >/dev/null
# a number search is audited and counted per user (30 in 10 minutes by default): lift the limits
# so the bench measures the search, its audit row and the count rather than the refusal
for k in search.burst search.daily; do
	sqlite3 "$db" "INSERT INTO setting (key, value) VALUES ('$k', '1000000000') ON CONFLICT (key) DO UPDATE SET value = excluded.value"
done
port=$((20000 + RANDOM % 20000))
"$bin" serve --db "$db" --listen 127.0.0.1:$port --threads 2 >"$work/serve.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null' EXIT
for _ in $(seq 50); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.2; done
login() { curl -fs -X POST http://127.0.0.1:$port/api/v1/session -H 'Content-Type: application/json' \
	-d "{\"username\":\"$1\",\"password\":\"$2\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
admin=$(login benchadmin bench-admin-password)
grid=$(login benchgrid bench-grid-password)
base=$(p50 "http://127.0.0.1:$port/healthz")
printf '%-46s %8s ms\n' "baseline: GET /healthz (bare HTTP path)" "$base"
while IFS='|' read -r who label query; do
	tok=$admin
	[ "$who" = grid ] && tok=$grid
	ms=$(p50 "http://127.0.0.1:$port/api/v1/persons?$query" "Authorization: Bearer $tok")
	printf '%-46s %8s ms  (%s x baseline)\n' "$label" "$ms" "$(awk -v a="$ms" -v b="$base" 'BEGIN {printf "%.1f", a/b}')"
done <<'Q'
admin|admin first page, whole town|limit=50
admin|admin page 200|limit=50&offset=10000
admin|admin search name prefix (王文)|q=%E7%8E%8B%E6%96%87
admin|admin search surname (王, capped)|q=%E7%8E%8B
admin|admin search ID last 4 digits (audited)|q=1234
admin|admin search whole phone (audited)|q=13800138000
admin|admin search whole ID number (audited)|q=11010519491231002X
admin|admin partial number, refused|q=13800
admin|admin one village page|area=430302100201
grid|grid worker first page of own grid|limit=50
grid|grid worker search surname in grid|q=%E7%8E%8B
grid|grid worker search ID last 4 (audited)|q=1234
Q
ms=$(p50 "http://127.0.0.1:$port/api/v1/persons/duplicates" "Authorization: Bearer $admin")
printf '%-46s %8s ms  (%s x baseline)\n' "admin likely duplicates, whole town" "$ms" "$(awk -v a="$ms" -v b="$base" 'BEGIN {printf "%.1f", a/b}')"
kill $spid
wait $spid 2>/dev/null || true
trap - EXIT

fi

if want import; then
echo
echo "== resident import, $rows rows (SQLite, one transaction, all or nothing)"
csv=$work/residents-$rows.csv
[ -f "$csv" ] || node bench/gen-residents.mjs "$rows" >"$csv"
iconv -f UTF-8 -t GB18030 "$csv" >"$work/residents-$rows-gbk.csv"
# the same rows as a workbook, written by libxlsxwriter as Excel writes one (shared strings)
[ -f "$work/residents-$rows.xlsx" ] && [ "$work/residents-$rows.xlsx" -nt "$csv" ] ||
	build/bench/csv2xlsx "$csv" "$work/residents-$rows.xlsx"
# imp FILE: one import into a fresh small town → "seconds peak-RSS-KiB cpu-seconds" (the town is
# built untimed); the CPU time (user + system) is steadier than the wall time on a shared machine
imp() {
	rm -f "$work"/imp.db*
	"$bin" demo --db "$work/imp.db" --people 10 >/dev/null
	/usr/bin/time -o "$work/imp.time" -f '%e %M %U %S' "$bin" import residents "$1" --db "$work/imp.db" >/dev/null
	awk '{print $1, $2, $3 + $4}' "$work/imp.time"
}
# baseline: the same number of rows of the same width into a bare SQLite table, one transaction
base() {
	rm -f "$work"/base.db*
	local s
	s=$(date +%s.%N)
	/usr/bin/time -o "$work/base.time" -f '%U %S' sqlite3 "$work/base.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE t (name TEXT, id_number TEXT UNIQUE, phone TEXT, address TEXT, village TEXT, grid TEXT,
	relation TEXT, residence TEXT, tags TEXT, notes TEXT);
.mode csv
.import --skip 1 $csv t
SQL
	echo "$(echo "$(date +%s.%N) - $s" | bc) $(awk '{print $1 + $2}' "$work/base.time")"
}
# three rounds, each the baseline then every file, interleaved so that a busy moment of the
# machine falls on all of them alike; medians
bl=() bc=() tc=() cc=() tg=() cg=() tx=() cx=() mc=() mx=()
for i in 1 2 3; do
	read -r t c <<<"$(base)"
	bl+=("$t") bc+=("$c")
	read -r t m c <<<"$(imp "$csv")"
	tc+=("$t") mc+=("$m") cc+=("$c")
	read -r t m c <<<"$(imp "$work/residents-$rows-gbk.csv")"
	tg+=("$t") cg+=("$c")
	read -r t m c <<<"$(imp "$work/residents-$rows.xlsx")"
	tx+=("$t") mx+=("$m") cx+=("$c")
done
baseline=$(printf '%s\n' "${bl[@]}" | median)
basecpu=$(printf '%s\n' "${bc[@]}" | median)
ratio() { awk -v a="$1" -v b="$baseline" 'BEGIN {printf "%.1f", a/b}'; }
cpu() { awk -v a="$1" -v b="$basecpu" 'BEGIN {printf "CPU %.2f s, %.1f x", a, a/b}'; }
s=$(date +%s.%N)
"$bin" import residents "$csv" --db "$work/imp.db" | grep -q ' 0 created, 0 updated, ' ||
	echo "!! re-import: some row was not unchanged"
reimp=$(echo "$(date +%s.%N) - $s" | bc)
printf '%-46s %8.2f s  (median of 3; CPU %.2f s)\n' "baseline: sqlite3 .import of the same CSV" "$baseline" "$basecpu"
for l in "fangyi import residents (UTF-8 CSV)|$(printf '%s\n' "${tc[@]}" | median)|$(printf '%s\n' "${cc[@]}" | median)" \
	"fangyi import residents (GB18030 CSV)|$(printf '%s\n' "${tg[@]}" | median)|$(printf '%s\n' "${cg[@]}" | median)" \
	"fangyi import residents (.xlsx)|$(printf '%s\n' "${tx[@]}" | median)|$(printf '%s\n' "${cx[@]}" | median)"; do
	IFS='|' read -r label t c <<<"$l"
	printf '%-46s %8.2f s  (%s x baseline, median of 3; %s)\n' "$label" "$t" "$(ratio "$t")" "$(cpu "$c")"
done
printf '%-46s %8.2f s  (%s x baseline, every row unchanged)\n' "re-import of the same file" "$reimp" "$(ratio "$reimp")"
printf '%-46s %8s KiB CSV, %s KiB .xlsx (%s and %s bytes; medians)\n' "  peak RSS of the import" \
	"$(printf '%s\n' "${mc[@]}" | median)" "$(printf '%s\n' "${mx[@]}" | median)" \
	"$(stat -c %s "$csv")" "$(stat -c %s "$work/residents-$rows.xlsx")"
# The floor under any import on this schema: the rows the import stored (its households, then its
# people with their eight indexes and their tags) copied into a fresh small town by SQLite alone,
# INSERT … SELECT in one transaction, no statement per row and nothing read or checked.
rm -f "$work"/floor.db*
"$bin" demo --db "$work/floor.db" --people 10 >/dev/null
sqlite3 "$work/floor.db" >"$work/floor.out" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA foreign_keys=ON;
PRAGMA cache_size=-32000;
ATTACH '$work/imp.db' AS i;
CREATE TEMP TABLE hm AS SELECT COALESCE(MAX(id), 0) AS m FROM main.household;
CREATE TEMP TABLE pm AS SELECT COALESCE(MAX(id), 0) AS m FROM main.person;
.timer on
BEGIN;
INSERT INTO main.household (id, area_id, area_code, address, head_id, members, notes, is_demo, created_at, updated_at)
	SELECT id, area_id, area_code, address, head_id, members, notes, is_demo, created_at, updated_at
	FROM i.household WHERE id > (SELECT m FROM hm);
INSERT INTO main.person (name, id_number, id_rev, phone, phone_rev, gender, birth_date, household_id, relation,
	area_id, area_code, residence, tags, notes, is_demo, created_at, updated_at)
	SELECT name, id_number, id_rev, phone, phone_rev, gender, birth_date, household_id, relation,
	area_id, area_code, residence, tags, notes, is_demo, created_at, updated_at
	FROM i.person WHERE id > (SELECT m FROM pm) ORDER BY id;
INSERT INTO main.person_tag (person_id, tag, area_code)
	SELECT person_id, tag, area_code FROM i.person_tag WHERE person_id > (SELECT m FROM pm);
COMMIT;
SQL
floor=$(awk '/^Run Time/ {t += $4} END {print t}' "$work/floor.out")
printf '%-46s %8.2f s  (%s x baseline; %s: SQLite alone, INSERT … SELECT)\n' "floor: the import's rows copied, every index" \
	"$floor" "$(ratio "$floor")" "$(cpu "$(awk '/^Run Time/ {t += $6 + $8} END {print t}' "$work/floor.out")")"
# Instructions, steadier than any time on a shared machine: perf stat where the machine counts
# them (a virtual machine often does not), else valgrind's callgrind when BENCH_CALLGRIND=1
# (some fifty times slower: one round of 20,000 rows, the baseline on the same rows).
instr() { # instr FILE: "baseline fangyi" instruction counts of a bare .import and the import
	local f=$1 b i
	rm -f "$work"/base.db* "$work"/imp.db*
	"$bin" demo --db "$work/imp.db" --people 10 >/dev/null
	printf 'PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\nCREATE TABLE t (name TEXT, id_number TEXT UNIQUE, phone TEXT, address TEXT, village TEXT, grid TEXT, relation TEXT, residence TEXT, tags TEXT, notes TEXT);\n.mode csv\n.import --skip 1 %s t\n' "$2" >"$work/base.sql"
	if [ "$mode" = perf ]; then
		b=$(perf stat -x, -e instructions sqlite3 "$work/base.db" <"$work/base.sql" 2>&1 >/dev/null | awk -F, '/instructions/ {print $1}')
		i=$(perf stat -x, -e instructions "$bin" import residents "$f" --db "$work/imp.db" 2>&1 >/dev/null | awk -F, '/instructions/ {print $1}')
	else
		b=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null sqlite3 "$work/base.db" <"$work/base.sql" 2>&1 >/dev/null | awk '/refs:/ {gsub(",", "", $NF); print $NF}')
		i=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" import residents "$f" --db "$work/imp.db" 2>&1 >/dev/null | awk '/refs:/ {gsub(",", "", $NF); print $NF}')
	fi
	echo "$b $i"
}
mode=
perf stat -x, -e instructions true 2>&1 | grep -q '^[0-9]' && mode=perf
[ -z "$mode" ] && [ "${BENCH_CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null && mode=callgrind
if [ -n "$mode" ]; then
	if [ "$mode" = perf ]; then
		ic=() ix=() ib=()
		for i in 1 2 3; do
			read -r b c <<<"$(instr "$csv" "$csv")"
			ib+=("$b") ic+=("$c")
			read -r b c <<<"$(instr "$work/residents-$rows.xlsx" "$csv")"
			ix+=("$c")
		done
		b=$(printf '%s\n' "${ib[@]}" | median) c=$(printf '%s\n' "${ic[@]}" | median) x=$(printf '%s\n' "${ix[@]}" | median)
		n=$rows
	else
		n=20000
		head -n $((n + 1)) "$csv" >"$work/residents-$n.csv"
		build/bench/csv2xlsx "$work/residents-$n.csv" "$work/residents-$n.xlsx"
		read -r b c <<<"$(instr "$work/residents-$n.csv" "$work/residents-$n.csv")"
		read -r _ x <<<"$(instr "$work/residents-$n.xlsx" "$work/residents-$n.csv")"
	fi
	printf '%-46s %14s instructions (%s, %s rows)\n' "baseline: sqlite3 .import" "$b" "$mode" "$n"
	printf '%-46s %14s instructions (%s x baseline)\n' "fangyi import residents (UTF-8 CSV)" "$c" \
		"$(awk -v a="$c" -v b="$b" 'BEGIN {printf "%.1f", a/b}')"
	printf '%-46s %14s instructions (%s x baseline)\n' "fangyi import residents (.xlsx)" "$x" \
		"$(awk -v a="$x" -v b="$b" 'BEGIN {printf "%.1f", a/b}')"
else
	echo "  instructions: not counted here (perf stat counts none on this machine; BENCH_CALLGRIND=1 for valgrind's)"
fi
rm -f "$work"/imp.db* "$work"/floor.db* "$work"/base.db*

echo
fi

if want write; then
echo
echo "== write paths against the bare server (SQLite, every 2xx committed with synchronous=FULL)"
# post_rate LUA URL [PID]: one 5-second wrk run, 2 threads, 64 connections → "req/s requests
# non-2xx cpu wrkcpu", cpu being the server PID's CPU time (user+system) per request in
# microseconds (steadier than the rate when the two cores are shared with wrk), wrkcpu wrk's own
post_rate() {
	local c0=0 c1=0 tick
	tick=$(getconf CLK_TCK)
	[ -n "${3:-}" ] && c0=$(awk '{print $14+$15}' /proc/$3/stat)
	/usr/bin/time -o "$work/wrk.time" -f '%U %S' wrk -t2 -c64 -d5s -s "$1" "$2" >"$work/wrk.out"
	[ -n "${3:-}" ] && c1=$(awk '{print $14+$15}' /proc/$3/stat)
	awk -v c=$((c1 - c0)) -v tick="$tick" -v w="$(awk '{print $1 + $2}' "$work/wrk.time")" \
		'/requests in/ {n=$1} /Non-2xx/ {e=$NF} /Requests\/sec/ {r=$2}
		END {printf "%s %s %d %.1f %.1f\n", r, n, e+0, n ? c * 1e6 / tick / n : 0, n ? w * 1e6 / n : 0}' "$work/wrk.out"
}
# write_path LABEL LUA URL COUNT_SQL: three rounds, each the bare server then fangyi on the same
# body, one after the other; prints the medians and the ratio, and checks that the rows stored
# equal the 2xx answers.
write_path() {
	local label=$1 lua=$2 url=$3 count=$4 bare fy i before after r n e c w
	bare=() fy=() bcpu=() fcpu=() wcpu=()
	for i in 1 2 3; do
		read -r r n e c w <<<"$(post_rate "$lua" "http://127.0.0.1:$bport" "$bpid")"
		bare+=("$r")
		bcpu+=("$c")
		before=$(sqlite3 "$db" "$count")
		read -r r n e c w <<<"$(post_rate "$lua" "$url" "$spid")"
		fy+=("$r")
		fcpu+=("$c")
		wcpu+=("$w")
		after=$(sqlite3 "$db" "$count")
		[ "$e" -eq 0 ] || echo "!! $label: $e of $n answers were not 2xx"
		# wrk stops with up to 64 requests in flight: stored but never counted as answered
		[ $((after - before)) -ge $((n - e)) ] && [ $((after - before)) -le $((n - e + 64)) ] ||
			echo "!! $label: $((n - e)) answered 2xx but $((after - before)) stored"
	done
	local mb mf
	mb=$(printf '%s\n' "${bare[@]}" | median)
	mf=$(printf '%s\n' "${fy[@]}" | median)
	printf '%-46s %10.0f req/s\n' "baseline: bare server, same body" "$mb"
	printf '%-46s %10.0f req/s  (%.2f of baseline, medians of 3)\n' "$label" "$mf" \
		"$(awk -v a="$mf" -v b="$mb" 'BEGIN {print a/b}')"
	printf '%-46s %10.1f us bare, %.1f us fangyi (medians of 3)\n' "  server CPU time per request" \
		"$(printf '%s\n' "${bcpu[@]}" | median)" "$(printf '%s\n' "${fcpu[@]}" | median)"
	# half the bare rate on two cores leaves each request 2 s / (rate / 2) of CPU, wrk's included
	printf '%-46s %10.1f us (wrk itself: %.1f us per request)\n' "  server CPU per request that 0.5 allows" \
		"$(awk -v b="$mb" -v w="$(printf '%s\n' "${wcpu[@]}" | median)" 'BEGIN {print 2e6 / (b / 2) - w}')" \
		"$(printf '%s\n' "${wcpu[@]}" | median)"
}
db=$work/chk.db
rm -rf "$db"*
"$bin" demo --db "$db" --people 500 >/dev/null
printf 'bench-admin-password\n' | "$bin" user add benchadmin --role admin --area 430302100000 --db "$db" --password-stdin >/dev/null
printf 'bench-gate-password\n' | "$bin" user add benchgate --role checkpoint --area 430302100201 --db "$db" --password-stdin >/dev/null
threads=16
port=$((20000 + RANDOM % 20000))
bport=$((port + 1))
"$bin" serve --db "$db" --listen 127.0.0.1:$port --threads $threads >"$work/serve-write.log" 2>&1 &
spid=$!
build/bench/bare_json $bport $threads &
bpid=$!
trap 'kill $spid $bpid 2>/dev/null' EXIT
for _ in $(seq 50); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.2; done
tok=$(curl -fs -X POST http://127.0.0.1:$port/api/v1/session -H 'Content-Type: application/json' \
	-d '{"username":"benchadmin","password":"bench-admin-password"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
# a resident of 云龙村1组 not already under observation (the demo town has key persons there)
kp=
for pid in $(curl -fs "http://127.0.0.1:$port/api/v1/persons?area=430302100201001&limit=50" -H "Authorization: Bearer $tok" |
	grep -o '{"id":[0-9]*,"name"' | sed 's/{"id":\([0-9]*\).*/\1/'); do
	kp=$(curl -fs -X POST http://127.0.0.1:$port/api/v1/key-persons -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
		-d "{\"person_id\":$pid,\"reason\":\"other\",\"found_by\":\"other\",\"kind\":\"home\"}" | sed -n 's/^{"id":\([0-9]*\).*/\1/p') && [ -n "$kp" ] && break
done
[ -n "$kp" ] || { echo "!! no resident of 云龙村1组 could be registered for the check-in bench"; exit 1; }
export BENCH_TOKEN=$tok BENCH_KP=$kp
write_path "POST check-in (key-person reading)" bench/checkin.lua "http://127.0.0.1:$port" \
	"SELECT COUNT(*) FROM health_check"
# the toll gate: the screening of docs/API.md, posted by a checkpoint user of 云龙村
gate=$(curl -fs -X POST http://127.0.0.1:$port/api/v1/session -H 'Content-Type: application/json' \
	-d '{"username":"benchgate","password":"bench-gate-password"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
post=$(curl -fs "http://127.0.0.1:$port/api/v1/duty/posts" -H "Authorization: Bearer $gate" |
	grep -o '"id":[0-9]*,"name":"[^"]*","place":"[^"]*","area_code":"[^"]*","area_name":"[^"]*","kind":"checkpoint"' |
	head -1 | sed 's/"id":\([0-9]*\).*/\1/')
export BENCH_TOKEN=$gate BENCH_POST=$post
write_path "POST screening (a car, two people)" bench/screening.lua "http://127.0.0.1:$port" \
	"SELECT COUNT(*) FROM screening"
kill $spid
wait $spid 2>/dev/null || true
grep -h 'group commit' "$work/serve-write.log" || true
# the same screenings with one fsync per request: what group commit is worth
FANGYI_GROUP_COMMIT=off "$bin" serve --db "$db" --listen 127.0.0.1:$port --threads $threads >"$work/serve-nogroup.log" 2>&1 &
spid=$!
for _ in $(seq 50); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.2; done
one=$(post_rate bench/screening.lua "http://127.0.0.1:$port" "$spid")
read -r _ n e _ <<<"$one"
[ "$e" -eq 0 ] || echo "!! without group commit: $e of $n answers were not 2xx"
printf '%-46s %10.0f req/s  (one fsync per request, for comparison)\n' "POST screening without group commit" "${one%% *}"
kill $spid $bpid
wait $spid 2>/dev/null || true
trap - EXIT
# The floor under any screening write on this schema: the rows one screening stores (the
# screening, its two people, the audit row, the idempotency record; not the counters, nor the
# repeat lookup) inserted 100,000 at a time by INSERT … SELECT in one transaction, with every
# index: SQLite's own CPU for them, with no HTTP, no JSON and no statement per row.
cp "$db" "$work/floor.db"
rm -f "$work/floor.db-wal" "$work/floor.db-shm"
sqlite3 "$work/floor.db" >"$work/floor.out" <<'SQL'
PRAGMA journal_mode=WAL;
CREATE TEMP TABLE n AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 100000)
	SELECT i, '湘C' || printf('%05d', abs(random()) % 100000) AS plate, 'floor-' || hex(randomblob(8)) AS k FROM c;
CREATE TEMP TABLE base AS SELECT COALESCE(MAX(id), 0) AS m FROM screening;
BEGIN;
.timer on
INSERT INTO screening (post_id, area_code, at, day, kind, plate, plate_kind, vehicle_kind, direction,
	people, abnormal, high_risk, handoffs, note, recorded_by, recorded_at)
	SELECT 1, '430302100201', 1790000000 + i, '2026-09-21', 'vehicle', plate, 'ordinary', 'car', 'in',
	2, 0, 0, 0, '', 1, 1790000000 + i FROM n;
INSERT INTO screened_person (screening_id, seq, temp_tenths, fever, high_risk, name, id_number, phone,
	from_place, via, to_place, post_id, at)
	SELECT id, 1, 365, 0, 0, '张伟', '430302198001011234', '13812345678', '长沙', '', '鹤岭镇云龙村', post_id, at
	FROM screening WHERE id > (SELECT m FROM base);
INSERT INTO screened_person (screening_id, seq, temp_tenths, fever, high_risk, post_id, at)
	SELECT id, 2, 367, 0, 0, post_id, at FROM screening WHERE id > (SELECT m FROM base);
INSERT INTO audit (at, user_id, username, ip, action, object_kind, object_id, area_code, detail, ok)
	SELECT at, 1, 'benchgate', '127.0.0.1', 'create', 'screening', id, area_code, plate, 1
	FROM screening WHERE id > (SELECT m FROM base);
INSERT INTO idempotency (idem_key, user_id, route, body_hash, status, response, created_at)
	SELECT k, 1, '/api/v1/screenings', hex(randomblob(32)), 201, '{"$ref":"screening","id":' || i || '}',
	1790000000 FROM n;
COMMIT;
SQL
printf '%-46s %10.1f us per screening (SQLite alone, bulk, one transaction)\n' \
	"floor: the rows of a screening" "$(awk '/^Run Time/ {t += $6 + $8} END {print t * 1e6 / 100000}' "$work/floor.out")"
rm -f "$work"/floor.db*
fi

if want match; then
echo
mpeople=${BENCH_MATCH_PEOPLE:-1000000}
mrows=${BENCH_MATCH_ROWS:-1000000}
echo "== list matching, $mrows list rows against $mpeople people (in memory, no storage)"
mdir=$work/match-$mpeople-$mrows
if [ ! -f "$mdir/list.csv" ]; then
	mkdir -p "$mdir"
	node bench/match/gen.mjs "$mpeople" "$mrows" "$mdir"
fi
# baseline: the same two files joined on the ID number by sort and join.  Rows without an ID
# number are left out beforehand, untimed (join would pair every empty key with every other).
# Each side's wall time, and its peak RSS from /usr/bin/time (the baseline's is the largest of
# its three commands); three rounds interleaved, medians.  match_bench runs as a list batch
# would (match_rows, two threads), and with the rows classed on one thread (the index is
# built on two either way).
for f in registry list; do
	[ -f "$mdir/$f.keyed" ] || grep -v '^[^,]*,,' "$mdir/$f.csv" >"$mdir/$f.keyed"
done
base=() brss=() fy=() frss=() fy1=() frss1=()
for i in 1 2 3; do
	s=$(date +%s.%N)
	LC_ALL=C /usr/bin/time -o "$work/match.m1" -f '%M' sort -t, -k2,2 -o "$mdir/registry.sorted" "$mdir/registry.keyed"
	LC_ALL=C /usr/bin/time -o "$work/match.m2" -f '%M' sort -t, -k2,2 -o "$mdir/list.sorted" "$mdir/list.keyed"
	LC_ALL=C /usr/bin/time -o "$work/match.m3" -f '%M' join -t, -j2 \
		"$mdir/registry.sorted" "$mdir/list.sorted" >"$mdir/joined.csv"
	base+=("$(echo "$(date +%s.%N) - $s" | bc)")
	brss+=("$(cat "$work"/match.m[123] | sort -n | tail -1)")
	wc -l <"$mdir/joined.csv" >"$mdir/joined"
	/usr/bin/time -o "$work/match.time" -f '%e %M' build/bench/match_bench "$mdir/registry.csv" "$mdir/list.csv" >"$mdir/match.out"
	read -r t m <"$work/match.time"
	fy+=("$t")
	frss+=("$m")
	/usr/bin/time -o "$work/match.time" -f '%e %M' build/bench/match_bench --threads 1 "$mdir/registry.csv" "$mdir/list.csv" >"$mdir/match1.out"
	read -r t m <"$work/match.time"
	fy1+=("$t")
	frss1+=("$m")
done
mb=$(printf '%s\n' "${base[@]}" | median)
mf=$(printf '%s\n' "${fy[@]}" | median)
mf1=$(printf '%s\n' "${fy1[@]}" | median)
printf '%-46s %8.2f s  peak RSS %s KiB (%s rows joined on the ID number)\n' "baseline: LC_ALL=C sort + join on the ID number" \
	"$mb" "$(printf '%s\n' "${brss[@]}" | median)" "$(cat "$mdir/joined")"
printf '%-46s %8.2f s  peak RSS %s KiB (%s x baseline, medians of 3)\n' "match_bench: read, index, classify, 2 threads" \
	"$mf" "$(printf '%s\n' "${frss[@]}" | median)" "$(awk -v a="$mf" -v b="$mb" 'BEGIN {printf "%.2f", a/b}')"
printf '%-46s %8.2f s  peak RSS %s KiB (%s x baseline, medians of 3)\n' "match_bench: the same, rows on one thread" \
	"$mf1" "$(printf '%s\n' "${frss1[@]}" | median)" "$(awk -v a="$mf1" -v b="$mb" 'BEGIN {printf "%.2f", a/b}')"
sed 's/^/  /' "$mdir/match.out"
# the rows of each class are the same however the rows are matched: in batches on two threads,
# on one, or one by one through match_row
build/bench/match_bench --one-by-one "$mdir/registry.csv" "$mdir/list.csv" >"$mdir/match0.out"
for f in match1 match0; do
	if ! diff <(tail -n +3 "$mdir/match.out") <(tail -n +3 "$mdir/$f.out") >/dev/null; then
		echo "match_bench: the class counts of $f.out differ from match.out" >&2
		exit 1
	fi
done
echo "  (the same counts on one thread and one row at a time through match_row)"
rm -f "$mdir/registry.sorted" "$mdir/list.sorted" "$mdir/joined.csv"
fi

if want lighthouse; then
echo "== lighthouse: mobile, simulated slow 4G (goals: performance and accessibility >= 95, FCP < 2 s, tip form <= 250 KB)"
# The UI as built (scripts/web.sh: precompressed, Element Plus on demand), served by a demo town
# with a grid worker of its first village; Debian's chromium, headless.
scripts/web.sh >/dev/null
[ -d bench/lighthouse/node_modules ] || scripts/npm-ci.sh bench/lighthouse
ldir=$(mktemp -d /tmp/fangyi-lighthouse.XXXXXX)
"$bin" demo --db "$ldir/l.db" --people 300 >/dev/null
printf 'bench-grid-password\n' | "$bin" user add benchgrid --role grid --area 430302100201001 \
	--db "$ldir/l.db" --password-stdin >/dev/null
port=$((20000 + RANDOM % 20000))
"$bin" serve --db "$ldir/l.db" --listen 127.0.0.1:$port --web web/dist >"$ldir/serve.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; rm -rf "$ldir"' EXIT
for _ in $(seq 50); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.2; done
CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} node bench/lighthouse/run.mjs \
	http://127.0.0.1:$port benchgrid bench-grid-password
kill $spid
wait $spid 2>/dev/null || true
rm -rf "$ldir"
trap - EXIT
fi

if want lists; then
echo
lpeople=${BENCH_LIST_PEOPLE:-1000000}
lrows=${BENCH_LIST_ROWS:-1000000}
lrounds=${BENCH_LIST_ROUNDS:-1} # rounds of the stored match: a million rows stored takes a while
echo "== a list end to end: $lrows rows against $lpeople people (SQLite: matched, stored, tasks opened)"
# the registry: a demo town of that many people, cached like the registry section's
ldb=$work/registry-$lpeople.db
schema=$("$bin" version | sed 's/.*schema \([0-9]*\).*/\1/')
if [ ! -f "$ldb" ] || [ "$(sqlite3 "$ldb" 'SELECT MAX(version) FROM schema_migrations' 2>/dev/null)" != "$schema" ]; then
	rm -f "$ldb" "$ldb"-*
	/usr/bin/time -f "demo --people $lpeople: %e s, max RSS %M KiB" "$bin" demo --db "$ldb" --people "$lpeople" >/dev/null
fi
"$bin" user list --db "$ldb" | grep -q '^benchadmin ' ||
	printf 'bench-admin-password\n' | "$bin" user add benchadmin --role admin --area 430302100000 --db "$ldb" --password-stdin >/dev/null
"$bin" user list --db "$ldb" | grep -q '^benchgate ' ||
	printf 'bench-gate-password\n' | "$bin" user add benchgate --role checkpoint --area 430302100201 --db "$ldb" --password-stdin >/dev/null
sqlite3 "$ldb" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
# the list: drawn from that database's people by bench/match/gen.mjs, as the district sends it
ldir=$work/lists-$lpeople-$lrows
if [ ! -f "$ldir/list-fangyi.csv" ]; then
	mkdir -p "$ldir"
	sqlite3 -separator , "$ldb" <bench/lists/registry.sql >"$ldir/registry.csv"
	node bench/match/gen.mjs --registry "$ldir/registry.csv" "$lrows" "$ldir"
	{ printf '序号,身份证号,手机号,姓名,出生日期,区划代码\n'; cat "$ldir/list.csv"; } >"$ldir/list-fangyi.csv"
fi
# baseline: sort + join of the same two files on the ID number, as the match section does
for f in registry list; do
	[ -f "$ldir/$f.keyed" ] || grep -v '^[^,]*,,' "$ldir/$f.csv" >"$ldir/$f.keyed"
done
# The matching itself, what the requirement compares with sort + join: `fangyi match --dry-run`
# reads the list file, reads the registry from the database, indexes it and classes every row,
# storing nothing; its wall time from start to exit, beside the baseline in the same round.
# Rounds interleaved, so a busy moment of the machine falls on both; medians.
base=() dry=() drss=() dcpu=()
for i in 1 2 3; do
	s=$(date +%s.%N)
	LC_ALL=C sort -t, -k2,2 -o "$ldir/registry.sorted" "$ldir/registry.keyed"
	LC_ALL=C sort -t, -k2,2 -o "$ldir/list.sorted" "$ldir/list.keyed"
	LC_ALL=C join -t, -j2 "$ldir/registry.sorted" "$ldir/list.sorted" >"$ldir/joined.csv"
	base+=("$(echo "$(date +%s.%N) - $s" | bc)")
	/usr/bin/time -o "$work/lists.time" -f '%e %M %U %S' "$bin" match "$ldir/list-fangyi.csv" --db "$ldb" \
		--dry-run --json >"$work/lists-dry.json"
	read -r t m u k <"$work/lists.time"
	dry+=("$t") drss+=("$m") dcpu+=("$(awk -v u="$u" -v k="$k" 'BEGIN {print u + k}')")
done
mb=$(printf '%s\n' "${base[@]}" | median)
md=$(printf '%s\n' "${dry[@]}" | median)
printf '%-46s %8.2f s  (%s rows joined on the ID number, median of 3: %s)\n' "baseline: LC_ALL=C sort + join on the ID number" \
	"$mb" "$(wc -l <"$ldir/joined.csv")" "$(echo "${base[*]}" | sed 's/ /, /g')"
printf '%-46s %8.2f s  peak RSS %s KiB, CPU %s s (%s x baseline, medians of 3: %s)\n' \
	"fangyi match --dry-run: read, registry, classify" "$md" "$(printf '%s\n' "${drss[@]}" | median)" \
	"$(printf '%s\n' "${dcpu[@]}" | median)" "$(awk -v a="$md" -v b="$mb" 'BEGIN {printf "%.2f", a/b}')" \
	"$(echo "${dry[*]}" | sed 's/ /, /g')"
jq -r '"  " + ([.rows, .found, .possible, .not_found, .refused, .duplicates_in_list, .already_watched, .records] |
	map(tostring) | "\(.[0]) rows: \(.[1]) found, \(.[2]) possible, \(.[3]) not found, \(.[4]) refused, \(.[5]) repeats, \(.[6]) watched; \(.[7]) people")' "$work/lists-dry.json"
# The same list stored: every row written, tasks opened, on a fresh copy of the database each
# round (a million rows stored takes a while: BENCH_LIST_ROUNDS=3 for medians of 3)
fy=() frss=() tread=() tindex=() tclass=() tstore=() tleads=()
# an older fangyi (bench/compare.sh's base) has no --timing: then no split
timing=
"$bin" match --help 2>&1 | grep -q -- --timing && timing=--timing
for i in $(seq "$lrounds"); do
	rm -f "$work"/lists-copy.db*
	cp "$ldb" "$work/lists-copy.db"
	/usr/bin/time -o "$work/lists.time" -f '%e %M' "$bin" match "$ldir/list-fangyi.csv" --db "$work/lists-copy.db" \
		--name "bench $i" --json $timing >"$work/lists.json" 2>"$work/lists.err"
	read -r t m <"$work/lists.time"
	fy+=("$t")
	frss+=("$m")
	read -r a b c d e <<<"$(sed -n 's/^timing: read \([0-9.]*\) s, index \([0-9.]*\) s, classify \([0-9.]*\) s, store \([0-9.]*\) s (of which leads \([0-9.]*\) s)$/\1 \2 \3 \4 \5/p' "$work/lists.err")" || true
	tread+=("$a") tindex+=("$b") tclass+=("$c") tstore+=("$d") tleads+=("$e")
	stored=$(sqlite3 "$work/lists-copy.db" 'SELECT COUNT(*) FROM list_row')
	[ "$stored" -eq "$lrows" ] || echo "!! fangyi match: $lrows rows in the list, $stored stored"
done
mf=$(printf '%s\n' "${fy[@]}" | median)
printf '%-46s %8.2f s  peak RSS %s KiB (%s x baseline, median of %s)\n' "fangyi match: read, match, store, open tasks" \
	"$mf" "$(printf '%s\n' "${frss[@]}" | median)" "$(awk -v a="$mf" -v b="$mb" 'BEGIN {printf "%.2f", a/b}')" "$lrounds"
if [ -n "$timing" ]; then
	mr=$(printf '%s\n' "${tread[@]}" | median)
	mi=$(printf '%s\n' "${tindex[@]}" | median)
	mc=$(printf '%s\n' "${tclass[@]}" | median)
	printf '%-46s read %.2f s, index %.2f s, classify %.2f s, store %.2f s (tasks and timelines %.2f s of it)\n' \
		"  where the time went (medians)" "$mr" "$mi" "$mc" \
		"$(printf '%s\n' "${tstore[@]}" | median)" "$(printf '%s\n' "${tleads[@]}" | median)"
	printf '%-46s %8.2f s  (%s x baseline: the phases before storing)\n' "  read + index + classify" \
		"$(awk -v r="$mr" -v a="$mi" -v b="$mc" 'BEGIN {print r + a + b}')" \
		"$(awk -v r="$mr" -v a="$mi" -v b="$mc" -v c="$mb" 'BEGIN {printf "%.2f", (r + a + b) / c}')"
else
	echo "  where the time went: this fangyi has no match --timing"
fi
jq -r '"  " + ([.rows, .found, .possible, .not_found, .refused, .duplicates_in_list, .already_watched, .tasks] |
	map(tostring) | "\(.[0]) rows: \(.[1]) found, \(.[2]) possible, \(.[3]) not found, \(.[4]) refused, \(.[5]) repeats, \(.[6]) watched; \(.[7]) tasks opened")' "$work/lists.json"
# the classes of the stored match are those of the dry run
[ "$(jq -c '[.found, .possible, .not_found, .refused, .duplicates_in_list, .already_watched]' "$work/lists.json")" = \
	"$(jq -c '[.found, .possible, .not_found, .refused, .duplicates_in_list, .already_watched]' "$work/lists-dry.json")" ] ||
	echo "!! fangyi match: the stored classes differ from the dry run's"
rm -f "$ldir/registry.sorted" "$ldir/list.sorted" "$ldir/joined.csv" "$work"/lists-copy.db*

if [ "${BENCH_LIST_SERVER:-1}" != 0 ]; then # BENCH_LIST_SERVER=0: the command line only
# The same list sent to a server that is taking screenings: wrk posts them at a steady pace
# (bench/lists/paced.lua: 4 connections, 20 ms between an answer and the next) for 20 s alone,
# then again from the upload of the list until its match is done; their latencies side by side.
# wrk: latency percentiles in ms from its --latency report (p50 and p99)
wrk_pct() { awk -v p="$2" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }' "$1"; }
wrk_rate() { awk '/Requests\/sec/ {print $2}' "$1"; }
sdb=$work/lists-serve.db
rm -rf "$sdb"*
cp "$ldb" "$sdb"
port=$((20000 + RANDOM % 20000))
"$bin" serve --db "$sdb" --listen 127.0.0.1:$port --threads 16 >"$work/serve-lists.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null' EXIT
for _ in $(seq 100); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.2; done
login() { curl -fs -X POST http://127.0.0.1:$port/api/v1/session -H 'Content-Type: application/json' \
	-d "{\"username\":\"$1\",\"password\":\"$2\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
admin=$(login benchadmin bench-admin-password)
gate=$(login benchgate bench-gate-password)
post=$(curl -fs "http://127.0.0.1:$port/api/v1/duty/posts" -H "Authorization: Bearer $gate" |
	jq -r '[.items[] | select(.kind == "checkpoint")][0].id')
export BENCH_TOKEN=$gate BENCH_POST=$post
wrk -t1 -c4 -d20s --latency -s bench/lists/paced.lua "http://127.0.0.1:$port" >"$work/wrk-alone.out"
wrk -t1 -c4 -d3600s --latency -s bench/lists/paced.lua "http://127.0.0.1:$port" >"$work/wrk-during.out" &
wpid=$!
sleep 1
s=$(date +%s.%N)
id=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/lists?name=bench&source=bench" -H "Authorization: Bearer $admin" \
	-H 'Content-Type: application/octet-stream' --data-binary @"$ldir/list-fangyi.csv" | jq -r .id)
up=$(echo "$(date +%s.%N) - $s" | bc)
status=matching
while [ "$status" = matching ]; do
	sleep 0.5
	status=$(curl -fs "http://127.0.0.1:$port/api/v1/lists/$id" -H "Authorization: Bearer $admin" | jq -r .status)
done
srv=$(echo "$(date +%s.%N) - $s" | bc)
kill -INT $wpid
wait $wpid || true
[ "$status" = done ] || echo "!! the list's match on the server ended $status"
kill $spid
wait $spid 2>/dev/null || true
trap - EXIT
stored=$(sqlite3 "$sdb" "SELECT COUNT(*) FROM list_row WHERE batch_id = $id")
[ "$stored" -eq "$lrows" ] || echo "!! the server: $lrows rows in the list, $stored stored"
printf '%-46s %8.2f s  (the upload answered 202 in %.2f s; %s rows stored)\n' "server: list uploaded, matched and stored" "$srv" "$up" "$stored"
printf '%-46s %8s ms p50 %8s ms p99  (%s screenings/s)\n' "screenings alone (20 s)" \
	"$(wrk_pct "$work/wrk-alone.out" 50%)" "$(wrk_pct "$work/wrk-alone.out" 99%)" "$(wrk_rate "$work/wrk-alone.out")"
printf '%-46s %8s ms p50 %8s ms p99  (%s screenings/s)\n' "screenings while the list is matched" \
	"$(wrk_pct "$work/wrk-during.out" 50%)" "$(wrk_pct "$work/wrk-during.out" 99%)" "$(wrk_rate "$work/wrk-during.out")"
awk '/Non-2xx/ {print "!! screenings: " $0}' "$work/wrk-alone.out" "$work/wrk-during.out"
grep -h 'group commit' "$work/serve-lists.log" || true
rm -rf "$sdb"*
fi
fi

if want crash; then
echo
kills=${BENCH_KILLS:-30}
echo "== crash: the server SIGKILLed $kills times at random moments of a burst of readings (bench/crash/run.mjs)"
# every reading answered 201 must be found after the kills, on both databases; a SIGKILL, not a
# power cut: the order of commit and answer is proven here, the disk's flush by its settings
# (SQLite synchronous=FULL, PostgreSQL synchronous_commit on)
cdir=$(mktemp -d /tmp/fangyi-crash.XXXXXX)
chmod 755 "$cdir"
trap 'scripts/pg-test.sh stop "$cdir/pg" 2>/dev/null; rm -rf "$cdir"' EXIT
node bench/crash/run.mjs --bin "$bin" --db "$cdir/crash.db" --kills "$kills" --label SQLite
pgurl=$(scripts/pg-test.sh start "$cdir/pg")
psql "$pgurl" -X -q -c 'CREATE DATABASE crash'
node bench/crash/run.mjs --bin "$bin" --db "${pgurl/\/postgres?//crash?}" --kills "$kills" --label PostgreSQL
scripts/pg-test.sh stop "$cdir/pg"
rm -rf "$cdir"
trap - EXIT
fi

# bench/run.sh feed: the change feed of the phones (GET /api/v1/changes)
if want feed; then
echo
echo "== the change feed: a grid worker's phone syncing its grid of ~500 people in a town of $people (SQLite)"
# The town of the registry section, in its own file: the sync reads it, and moves people into a
# grid of its own.  BENCH_FEED_FROM names a town made by an older fangyi (before migration 0021),
# which is copied and upgraded, timed: the real upgrade.  Without it the town is built by the
# demo and then made into one from before 0021 (its table, counter and triggers taken away from a
# copy), which this fangyi upgrades, timed.
fdb=$work/feed-$people.db
schema=$("$bin" version | sed 's/.*schema \([0-9]*\).*/\1/')
upgrade() { # upgrade DB: open it with this fangyi, which migrates it; the time and the rows
	local s up
	s=$(date +%s.%N)
	"$bin" user list --db "$1" >/dev/null
	up=$(echo "$(date +%s.%N) - $s" | bc)
	printf '%-46s %8.2f s  (%s rows for %s people)\n' "upgrade to 0021: change_log backfilled" "$up" \
		"$(sqlite3 "$1" 'SELECT COUNT(*) FROM change_log')" "$(sqlite3 "$1" 'SELECT COUNT(*) FROM person')"
}
if [ ! -f "$fdb" ] || [ "$(sqlite3 "$fdb" 'SELECT MAX(version) FROM schema_migrations' 2>/dev/null)" != "$schema" ]; then
	rm -f "$fdb" "$fdb"-* "$fdb".grid
	if [ -n "${BENCH_FEED_FROM:-}" ]; then
		cp "$BENCH_FEED_FROM" "$fdb" # a town at rest: closed, its log checkpointed into it
		echo "  the town: $BENCH_FEED_FROM (schema $(sqlite3 "$fdb" 'SELECT MAX(version) FROM schema_migrations'))"
		upgrade "$fdb"
	else
		/usr/bin/time -f "demo --people $people: %e s, max RSS %M KiB" "$bin" demo --db "$fdb" --people "$people" >/dev/null
	fi
fi
if [ -z "${BENCH_FEED_FROM:-}" ]; then
	cp "$fdb" "$work/feed-upgrade.db"
	rm -f "$work/feed-upgrade.db-wal" "$work/feed-upgrade.db-shm"
	{
		sqlite3 "$work/feed-upgrade.db" "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'change%'" |
			sed 's/.*/DROP TRIGGER &;/'
		echo "DROP TABLE change_log; DROP TABLE change_seq; DELETE FROM schema_migrations WHERE version >= 21;"
	} | sqlite3 "$work/feed-upgrade.db"
	upgrade "$work/feed-upgrade.db"
	rm -f "$work"/feed-upgrade.db*
fi
# A grid of ~500 people: whole households of 云龙村1组 moved into a new grid 云龙村901组 (once per
# database): the moves go through the triggers like any write, and leave their tombstones.
grid=430302100201901
if [ ! -f "$fdb".grid ]; then
	sqlite3 "$fdb" <<SQL
INSERT INTO area (code, name, level, kind, parent_id, created_at)
  SELECT '$grid', '901组', 4, 'grid', id, 0 FROM area WHERE code = '430302100201';
CREATE TEMP TABLE moved AS SELECT id FROM (SELECT household_id AS id,
  SUM(COUNT(*)) OVER (ORDER BY household_id) AS upto FROM person
  WHERE area_code = '430302100201001' AND household_id IS NOT NULL AND merged_into IS NULL
  GROUP BY household_id) AS h WHERE upto <= 500;
UPDATE household SET area_id = (SELECT id FROM area WHERE code = '$grid'), area_code = '$grid'
  WHERE id IN (SELECT id FROM moved);
UPDATE person SET area_id = (SELECT id FROM area WHERE code = '$grid'), area_code = '$grid'
  WHERE household_id IN (SELECT id FROM moved);
UPDATE area SET persons = (SELECT COUNT(*) FROM person WHERE area_code = '$grid'),
  households = (SELECT COUNT(*) FROM household WHERE area_code = '$grid') WHERE code = '$grid';
SQL
	touch "$fdb".grid
fi
"$bin" user list --db "$fdb" | grep -q '^benchfeed ' ||
	printf 'bench-feed-password\n' | "$bin" user add benchfeed --role grid --area $grid --db "$fdb" --password-stdin >/dev/null
"$bin" user list --db "$fdb" | grep -q '^benchadmin ' ||
	printf 'bench-admin-password\n' | "$bin" user add benchadmin --role admin --area 430302100000 --db "$fdb" --password-stdin >/dev/null
sqlite3 "$fdb" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
echo "  the grid: $(sqlite3 "$fdb" "SELECT COUNT(*) FROM person WHERE area_code = '$grid'") people, $(sqlite3 "$fdb" "SELECT COUNT(*) FROM household WHERE area_code = '$grid'") households; change_log $(sqlite3 "$fdb" 'SELECT COUNT(*) FROM change_log') rows"
port=$((20000 + RANDOM % 20000))
"$bin" serve --db "$fdb" --listen 127.0.0.1:$port --threads 2 >"$work/serve-feed.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null' EXIT
for _ in $(seq 100); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.2; done
login() { curl -fs -X POST http://127.0.0.1:$port/api/v1/session -H 'Content-Type: application/json' \
	-d "{\"username\":\"$1\",\"password\":\"$2\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
admin=$(login benchadmin bench-admin-password)
gw=$(login benchfeed bench-feed-password)
# The times are curl's: request sent to answer read, as the phone waits for them (the shell, curl
# and jq starting for each page are not counted: on a busy machine they would be most of it).
# one URL [HEADER]: one request's time in seconds
one() { curl -fs -o /dev/null -w '%{time_total}' ${2:+-H "$2"} "$1"; }
# sync AFTER: every page from the cursor AFTER, as the phone asks (500 a page) → "next_after
# items seconds" (the seconds of all its pages)
sync() {
	local after=$1 more=true n=0 t=0 out page k
	while [ "$more" = true ]; do
		out=$(curl -fs -w '\n%{time_total}' "http://127.0.0.1:$port/api/v1/changes?after=$after&limit=500" \
			-H "Authorization: Bearer $gw")
		page=${out%$'\n'*}
		t=$(echo "$t + ${out##*$'\n'}" | bc)
		read -r after more k <<<"$(jq -r '"\(.next_after) \(.more) \(.items | length)"' <<<"$page")"
		n=$((n + k))
	done
	echo "$after $n $t"
}
hb=() fp=() fs=() inc=()
for _ in 1 2 3 4 5; do
	hb+=("$(one "http://127.0.0.1:$port/healthz")")
	fp+=("$(one "http://127.0.0.1:$port/api/v1/persons?limit=50" "Authorization: Bearer $gw")")
	read -r cursor items t <<<"$(sync 0)"
	fs+=("$t")
done
# 100 changes in the town: 95 people anywhere, 5 of the grid, each an edit through the API
for id in $(sqlite3 "$fdb" "SELECT id FROM person WHERE merged_into IS NULL ORDER BY random() LIMIT 95") \
	$(sqlite3 "$fdb" "SELECT id FROM person WHERE area_code = '$grid' ORDER BY random() LIMIT 5"); do
	curl -fs -X PATCH "http://127.0.0.1:$port/api/v1/persons/$id" -H "Authorization: Bearer $admin" \
		-H 'Content-Type: application/json' -d "{\"notes\":\"bench $RANDOM\"}" >/dev/null
done
for _ in 1 2 3 4 5; do
	read -r _ ninc t <<<"$(sync "$cursor")"
	inc+=("$t")
done
kill $spid
wait $spid 2>/dev/null || true
trap - EXIT
mb=$(printf '%s\n' "${hb[@]}" | median)
mp=$(printf '%s\n' "${fp[@]}" | median)
ms=$(printf '%s\n' "${fs[@]}" | median)
mi=$(printf '%s\n' "${inc[@]}" | median)
ms_() { awk -v a="$1" 'BEGIN {printf "%.1f", a * 1000}'; }
printf '%-46s %8s ms\n' "baseline: GET /healthz (curl, bare HTTP path)" "$(ms_ "$mb")"
printf '%-46s %8s ms  (%s x baseline)\n' "baseline: the grid's person list, first page" "$(ms_ "$mp")" \
	"$(awk -v a="$mp" -v b="$mb" 'BEGIN {printf "%.1f", a/b}')"
printf '%-46s %8s ms  (%s records, goal < 1000 ms; %s x the first page)\n' "first sync of the grid, every page" \
	"$(ms_ "$ms")" "$items" "$(awk -v a="$ms" -v b="$mp" 'BEGIN {printf "%.1f", a/b}')"
printf '%-46s %8s ms  (%s records after 100 changes in the town)\n' "incremental sync" "$(ms_ "$mi")" "$ninc"
echo "  (medians of 5; a sync is the sum of its pages' times)"
fi
