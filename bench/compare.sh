#!/bin/bash
# compare.sh [BASE] [SECTION]: `make bench-compare`: this tree's fangyi against BASE's (a commit,
# by default the last one on origin/main or HEAD~1) in the same run on the same machine.
# Each side runs bench/run.sh BENCH_PASSES times (3), interleaved (base, head, base, head, ...), so
# drift of the machine falls on both; every figure is the median of its runs, printed with
# head/base. Run it on a quiet machine: the figures of a loaded one say little.
# For ms and s lower is better, for req/s higher is; the last column says which way it went.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
base=${1:-$(git rev-parse --verify -q origin/main || git rev-parse HEAD~1)}
section=${2:-all}
passes=${BENCH_PASSES:-3}
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
# BENCH_REPORT_ONLY=1 prints the table of the last runs again without running them
for i in $(seq "$passes"); do
	[ -n "${BENCH_REPORT_ONLY:-}" ] && break
	echo "pass $i: base $rev" >&2
	run "$src/build/fangyi" "$work/base" "$work/base.$i"
	echo "pass $i: head" >&2
	run "$root/build/fangyi" "$work/head" "$work/head.$i"
done

# label, value and unit of each figure bench/run.sh printed
figures() {
	perl -ne 'print "$1\t$2\t$3\n" if /^([^\s=!].*?)\s+([0-9.]+) (ms|s|req\/s)\b/' "$@"
}
printf 'bench: head %s against base %s, %s people, %s rows; medians of %s interleaved runs\n\n' \
	"$(git rev-parse --short HEAD)$(git diff --quiet || echo +changes)" "$rev" "$BENCH_PEOPLE" "$BENCH_ROWS" "$passes"
printf '%-46s %12s %12s %7s\n' "" base head head/base
for i in $(seq "$passes"); do
	figures "$work/base.$i" | sed 's/^/b\t/'
	figures "$work/head.$i" | sed 's/^/h\t/'
done | awk -F'\t' '
	function median(side, k,   n, i, j, t, a) {
		n = cnt[side, k]
		for (i = 1; i <= n; i++) a[i] = v[side, k, i]
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{ k = $2; if (!(k in seen)) { seen[k] = 1; order[n++] = k; unit[k] = $4 }
	  v[$1, k, ++cnt[$1, k]] = $3 }
	END {
		for (i = 0; i < n; i++) {
			k = order[i]
			if (!cnt["b", k] || !cnt["h", k]) continue
			b = median("b", k); h = median("h", k)
			r = b > 0 ? h / b : 0
			better = unit[k] == "req/s" ? r >= 1 : r <= 1
			way = (r > 0.9 && r < 1.1) ? "same" : (better ? "faster" : "SLOWER")
			u = unit[k] == "req/s" ? "/s" : unit[k]
			printf "%-46s %9.2f %-2s %9.2f %-2s %6.2f  %s\n", k, b, u, h, u, r, way
		}
	}'
