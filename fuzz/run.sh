#!/bin/sh
# fuzz/run.sh: build the libFuzzer targets with clang (ASan+UBSan) and run each over its corpus.
# usage: fuzz/run.sh [target...]      FUZZ_SECONDS per target (default 60)
set -eu
cd "$(dirname "$0")/.."

build=${FUZZ_BUILD:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
targets=${*:-csvread idnum}

# The whole library is instrumented for coverage (fuzzer-no-link); only the
# targets themselves link libFuzzer's main.
if [ ! -f "$build/build.ninja" ]; then
	CC=clang-14 meson setup "$build" --buildtype=debugoptimized \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fsanitize=fuzzer-no-link
fi
for t in $targets; do
	ninja -C "$build" "fuzz/fuzz_$t"
done

# A UBSan report is a finding, not a warning.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

status=0
for t in $targets; do
	# New inputs go to the build dir; the committed seeds stay small and reviewed.
	work="$build/corpus/$t"
	mkdir -p "$work" "$build/crashes"
	echo "fuzz: $t for ${seconds}s"
	"$build/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=65536 \
		-artifact_prefix="$build/crashes/$t-" "$work" "fuzz/corpus/$t" || status=1
done
[ $status -eq 0 ] && echo "fuzz: no findings" || echo "fuzz: findings in $build/crashes"
exit $status
