# Thin wrapper over CMake (out-of-source builds in build/, build-asan/, build-fuzz/).
BUILD ?= build
CC ?= cc
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX ?= /usr/local
DATA ?= ../shared/data

.PHONY: all build test asan fuzz bench eval facts-eval models install clean format lint

all: build

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# AddressSanitizer + UBSan build and test run
asan:
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDP_SANITIZE=ON >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# libFuzzer targets (clang); run one with: build-fuzz/fuzz/fuzz_analyze fuzz/corpus/analyze
fuzz:
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDP_BUILD_FUZZER=ON >/dev/null
	cmake --build build-fuzz -j $(JOBS)

bench: build
	bench/run.sh $(DATA)/news-orangesum-fr/orangesum_parsed.jsonl.gz

eval: build
	scripts/eval-ud.sh $(DATA)

# the facts layer against the gold articles of ../shared/eval (dev set and seed)
facts-eval: build
	scripts/eval-facts.sh $(dir $(DATA))eval

# retrains models/fr/*.dpm from $(DATA) (lexicons, clusters and NER data are built on the way)
models: build
	scripts/train-models.sh $(DATA)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

format:
	clang-format -i include/*.h src/*.c src/*.h src/*/*.c src/*/*.h cli/*.c cli/*.h

lint:
	cppcheck --quiet --enable=warning,performance,portability --inline-suppr -Iinclude -Isrc src cli

clean:
	rm -rf build build-asan build-fuzz
