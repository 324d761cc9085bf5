#!/bin/bash
# compare.sh [BASE] [SECTION]: `make bench-compare`: this tree's fangyi against BASE's (a commit,
# by default the last one on origin/main or HEAD~1) in the same run on the same machine.
# Each side runs bench/run.sh twice, interleaved (base, head, base, head), so drift of the machine
# falls on both; every figure is the median of its two runs, printed with head/base.
# For ms and s lower is better, for req/s higher is; the last column says which way it went.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
base=${1:-$(git rev-parse --verify -q origin/main || git rev-parse HEAD~1)}
section=${2:-all}
work=${BENCH_DIR:-/tmp/fangyi-bench}/compare
export BENCH_PEOPLE=${BENCH_PEOPLE:-200000} BENCH_ROWS=${BENCH_ROWS:-50000}
mkdir -p "$work"

# the base, built once per commit in a worktree of its own
rev=$(git rev-parse --short "$base")
src=$work/src-$rev
if [ ! -x "$src/build/fangyi" ]; then
	rm -rf "$src"
	git worktree prune
	git worktree add -f --detach "$src" "$rev" >/dev/null
	(cd "$src" && meson setup build --buildtype=debugoptimized >/dev/null && ninja -C build >/dev/null)
fi

# run SIDE N: one pass of bench/run.sh with SIDE's binary, its own databases
run() {
	local bin=$1 dir=$2 out=$3
	mkdir -p "$dir"
	BENCH_DIR=$dir FANGYI_BIN=$bin bench/run.sh "$section" >"$out" 2>&1 || {
		echo "bench/run.sh failed with $bin:"
		tail -20 "$out"
		exit 1
	}
}
for i in 1 2; do
	echo "pass $i: base $rev" >&2
	run "$src/build/fangyi" "$work/base" "$work/base.$i"
	echo "pass $i: head" >&2
	run "$root/build/fangyi" "$work/head" "$work/head.$i"
done

# label value unit per line, from the fixed-width lines bench/run.sh prints
figures() {
	awk '/^[^ =!].{45} +[0-9.]+ (ms|s|req\/s)/ { label = substr($0, 1, 46); sub(/ +$/, "", label);
		rest = substr($0, 47); split(rest, f, " "); print label "\t" f[1] "\t" f[2] }' "$@"
}
printf 'bench: head %s against base %s, %s people, %s rows; medians of 2 interleaved runs\n\n' \
	"$(git rev-parse --short HEAD)$(git diff --quiet || echo +changes)" "$rev" "$BENCH_PEOPLE" "$BENCH_ROWS"
printf '%-46s %12s %12s %7s\n' "" base head head/base
{ figures "$work/base.1" | sed 's/^/b1\t/'; figures "$work/base.2" | sed 's/^/b2\t/'
  figures "$work/head.1" | sed 's/^/h1\t/'; figures "$work/head.2" | sed 's/^/h2\t/'; } |
awk -F'\t' '
	{ k = $2; if (!(k in seen)) { seen[k] = 1; order[n++] = k; unit[k] = $4 }
	  v[$1, k] = $3 }
	END {
		for (i = 0; i < n; i++) {
			k = order[i]
			if (!((("b1", k) in v) && (("h1", k) in v))) continue
			b = (v["b1", k] + ((("b2", k) in v) ? v["b2", k] : v["b1", k])) / 2
			h = (v["h1", k] + ((("h2", k) in v) ? v["h2", k] : v["h1", k])) / 2
			r = b > 0 ? h / b : 0
			better = unit[k] == "req/s" ? r >= 1 : r <= 1
			way = (r > 0.9 && r < 1.1) ? "same" : (better ? "faster" : "SLOWER")
			printf "%-46s %9.2f %-2s %9.2f %-2s %6.2f  %s\n", k, b, unit[k] == "req/s" ? "/s" : unit[k], h, unit[k] == "req/s" ? "/s" : unit[k], r, way
		}
	}'
