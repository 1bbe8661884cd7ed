# The commands README.md promises. Each one bootstraps what it needs first.
BUILD_DIR ?= build
SANITIZE_DIR ?= build-sanitize
TSAN_DIR ?= build-tsan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all bootstrap configure build python demo test sanitize tsan bench format format-check clean

all: build

bootstrap:
	@scripts/bootstrap.sh build
	@tests/browser/install.sh

$(BUILD_DIR)/build.ninja: | bootstrap
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: bootstrap $(BUILD_DIR)/build.ninja
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The Python module alone (make build builds it too): build/python/quantloop*.so.
python: bootstrap $(BUILD_DIR)/build.ninja
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target quantloop_python

demo: build
	@scripts/demo.sh $(BUILD_DIR)/quantloop

test: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# AddressSanitizer + UndefinedBehaviorSanitizer build of every library and test that allows it.
sanitize: bootstrap
	@cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DQUANTLOOP_SANITIZE=ON \
	  -DQUANTLOOP_BROWSER_TESTS=OFF >/dev/null
	@cmake --build $(SANITIZE_DIR) -j $(JOBS)
	@ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j $(JOBS)

# ThreadSanitizer on the tests that run threads: parallel_for (ingest, validation), the training
# worker pool and heartbeat, concurrent atomic writes, the stores, the registry, the server
# (its connection threads, poller and cache), the job queue and scheduler. LibTorch is left out.
# Of the store's tests, those that run threads (the others are single-threaded SQL, the bulk of
# a run's time under ThreadSanitizer and of CI's).
TSAN_TESTS = 'AtomicFile|Ingest|Corpus|DelimitedFiles|StoreTest\.(Concurrent|AClaimWaits|FiresOfOneSchedule)|RunnerTest|EveryModelType|ServeTest|HostileRequests|DashboardApi|RegistryTest|PredictorTest|SchedulerTest|QueueServices|Maintenance|Screening|PairScan|PairTraining|PairBacktest'
tsan: bootstrap
	@cmake -S . -B $(TSAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DQUANTLOOP_TSAN=ON \
	  -DQUANTLOOP_TORCH=OFF -DQUANTLOOP_BENCHMARKS=OFF -DQUANTLOOP_BROWSER_TESTS=OFF >/dev/null
	@cmake --build $(TSAN_DIR) -j $(JOBS) --target core_test data_test store_test train_test registry_test serve_test sched_test pairs_test backtest_test
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/support/tsan.supp" ctest --test-dir $(TSAN_DIR) \
	  --output-on-failure -j $(JOBS) -R $(TSAN_TESTS) -E 'LibTorch'

bench: build
	@scripts/bootstrap.sh bench
	@bench/run_all.sh $(BUILD_DIR)

format:
	@find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

format-check: bootstrap
	@find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format --dry-run -Werror

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) $(TSAN_DIR)
