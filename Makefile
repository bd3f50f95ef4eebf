# Entry points for ifa026-sim. `make run` and `make test` are the README's quick start; both
# install missing Debian packages (as root), configure with CMake + Ninja and build first.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
OUT_DIR ?= out
SANITIZE ?= OFF
# Unity build (CMake merges each target's sources into batches of 8 and compiles one file per
# batch): on in CI, where every build starts from a clean clone and it saves about a third of the
# compile time; off for developers, whose incremental builds then recompile only the source they
# changed. `make test UNITY=ON` tries it locally (docs/testing.md, "CI time").
UNITY ?= $(if $(CI),ON,OFF)
CMAKE_FLAGS ?=
# Extra ctest arguments of `make test` (a label, a name filter): `make test CTEST_ARGS='-L fast'`.
CTEST_ARGS ?=
JOBS ?= 2

# The libFuzzer targets (fuzz/, docs/fuzzing.md): a clang build folder of their own, each target
# run FUZZ_SECONDS (`make fuzz`; FUZZ_TARGETS picks some), and CI's short pass (`make fuzz-ci`).
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 15
FUZZ_TARGETS ?=

.PHONY: all deps configure build run test test-fast test-slow test-interop golden bench sanitize \
  fuzz-build fuzz fuzz-ci fuzz-seeds format clean

all: build

deps:
	@./scripts/setup-deps.sh

$(BUILD_DIR)/build.ninja:
	@$(MAKE) --no-print-directory deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DIFA026_SANITIZE=$(SANITIZE) \
	  -DCMAKE_UNITY_BUILD:BOOL=$(UNITY) -DCMAKE_UNITY_BUILD_BATCH_SIZE=8 $(CMAKE_FLAGS)

# A build folder configured before with the other UNITY setting is configured again.
configure: deps $(BUILD_DIR)/build.ninja
	@grep -q '^CMAKE_UNITY_BUILD:BOOL=$(UNITY)$$' $(BUILD_DIR)/CMakeCache.txt || \
	  cmake -S . -B $(BUILD_DIR) -DCMAKE_UNITY_BUILD:BOOL=$(UNITY) -DCMAKE_UNITY_BUILD_BATCH_SIZE=8

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@mkdir -p $(OUT_DIR)
	$(BUILD_DIR)/bin/ifa026 conform --out $(OUT_DIR)

# Every test; test-fast, test-slow and test-interop run one ctest label each (docs/testing.md).
test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test-fast test-slow test-interop: test-%: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -L '^$*$$'

# Stores the shipped scenarios' trace fingerprints for tests/golden (docs/testing.md: commit them
# with the change that moved them, and say why).
golden: build
	IFA026_SCENARIOS= $(BUILD_DIR)/bin/ifa026 fingerprints --write tests/golden/fingerprints.json

bench: build
	@mkdir -p $(OUT_DIR)
	$(BUILD_DIR)/bin/ifa026-bench --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true \
	  --benchmark_display_aggregates_only=true \
	  --benchmark_out=$(OUT_DIR)/bench.json --benchmark_out_format=json

# The CI job with AddressSanitizer and UndefinedBehaviorSanitizer: the fast tier (every shipped
# scenario runs in it), without the golden fingerprints, which run every scenario again under
# three schedulers and check determinism, not memory (the Release suite runs them, and the slow
# and interop tiers). docs/testing.md, "Sanitizers".
sanitize:
	$(MAKE) --no-print-directory test BUILD_DIR=build-asan BUILD_TYPE=Debug SANITIZE=ON \
	  CMAKE_FLAGS="$(CMAKE_FLAGS) -DIFA026_BENCH=OFF -DIFA026_REPORT_PAGE=OFF" \
	  CTEST_ARGS="-L fast -E GoldenFingerprint"

# Debug with -O1 (the root CMakeLists.txt adds it): libFuzzer's advice for sanitized targets.
# Its own folder: clang, and only sim, pki, the typed messages and the targets are built.
$(FUZZ_DIR)/build.ninja:
	@$(MAKE) --no-print-directory deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DIFA026_FUZZ=ON \
	  -DIFA026_BENCH=OFF -DIFA026_REPORT_PAGE=OFF $(CMAKE_FLAGS)

fuzz-build: deps $(FUZZ_DIR)/build.ninja
	cmake --build $(FUZZ_DIR) -j $(JOBS)

fuzz: fuzz-build
	fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-ci: fuzz-build
	fuzz/run.sh $(FUZZ_DIR) $(FUZZ_CI_SECONDS) $(FUZZ_TARGETS)

# Writes the seed corpora again (fuzz/corpus/; docs/fuzzing.md says when).
fuzz-seeds: fuzz-build
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target ifa026-fuzz-seeds
	$(FUZZ_DIR)/bin/ifa026-fuzz-seeds

format:
	find sim pki actors conformance reports cli bench tests fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) build-asan $(FUZZ_DIR) $(OUT_DIR)
