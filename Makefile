# fangyi: a thin front for Meson.  `make run` and `make test` are the two commands of the README.
BUILD     ?= build
ASAN      ?= build-asan
FANGYI_DB ?= fangyi.db
LISTEN    ?= 127.0.0.1:8080

.PHONY: all deps build web run test test-unit bench bench-compare fuzz asan clean

all: build web

deps:
	@scripts/deps.sh build

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(ASAN)/build.ninja:
	meson setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

asan: deps $(ASAN)/build.ninja
	ninja -C $(ASAN)

web: deps
	scripts/web.sh

run: build web
	scripts/run.sh "$(BUILD)/fangyi" "$(FANGYI_DB)" "$(LISTEN)"

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory build web asan
	@tests/run.sh

bench: build
	@scripts/deps.sh bench
	bench/run.sh

# the same benchmarks for this tree and for BASE (a commit) in one run: make bench-compare BASE=abc123
bench-compare: build
	@scripts/deps.sh bench
	bench/compare.sh $(BASE)

fuzz: build
	@scripts/deps.sh fuzz
	fuzz/run.sh

clean:
	rm -rf $(BUILD) $(ASAN) web/dist
