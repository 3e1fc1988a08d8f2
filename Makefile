# Makefile — the project's commands.
#   make          install missing Debian packages, configure, build the library, the CLI and
#                 the Python module in build/, write terraform_out/ (no test programs)
#   make build-tests  build, then the test programs (GoogleTest, fuzz replay, fault injection)
#   make test     build-tests, then run every test suite: ctest, pytest, the Terraform checks
#                 and the emulated end-to-end deploy (skipped without moto/boto3); runs all
#                 suites and fails if any of them failed
#   make install  build Release in build-release/ and install it stripped into PREFIX
#                 (default ~/.local): bin/rdha, the library, headers, CMake package, and
#                 the Python package in lib/pythonX.Y/site-packages
#   make bench    build (Release, in build-bench/) and run the benchmarks: Google Benchmark
#                 programs, whole-process `rdha synth`, Python vs C++; results in
#                 benchmarks/results/ (JSON + summary.md)
#   make bench-compare  `rdha synth` vs the same stack in CDK for Terraform (npm install)
#   make e2e      the emulated end-to-end deploy (tests/e2e/run.sh)
#   make test-sanitize  every suite against an ASan + UBSan build (no recovery) in build-sanitize/
#   make test-sanitize-spec  the spec path's seed and regression corpora only, same build
#                 (what CI runs after `make test`)
#   make fuzz     build the spec fuzz target with libFuzzer (clang, build-fuzz/) and run it
#                 for FUZZ_SECONDS (default 120)
#   make clean    remove the build directory (build-release/ and the other trees stay)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= 2
CMAKE      ?= cmake
CTEST      ?= ctest
# Debian's interpreter: the one with pytest, and the one the extension is built for.
PYTHON     ?= /usr/bin/python3
OUT_DIR    ?= terraform_out
CMAKE_ARGS ?=
BENCH_ARGS ?=
# Benchmarks build optimised, in their own tree, so they never disturb build/.
BENCH_BUILD_DIR ?= build-bench

# Everything the build and the tests need, all from Debian.
DEB_PACKAGES := cmake g++ make \
  libboost-graph-dev nlohmann-json3-dev libfmt-dev libcli11-dev \
  pybind11-dev python3-dev libgtest-dev libgmock-dev libbenchmark-dev \
  graphviz python3-pytest python3-mypy python3-jsonschema \
  python3-grpcio python3-protobuf python3-msgpack python3-cryptography \
  hyperfine

ABS_BUILD_DIR := $(abspath $(BUILD_DIR))
# Keep the nested makes that cmake --build runs from printing "Entering directory".
export GNUMAKEFLAGS := --no-print-directory

.PHONY: all deps configure build build-tests synth install test test-cpp test-python test-terraform sanitize-configure test-sanitize test-sanitize-spec fuzz bench bench-configure bench-build bench-compare e2e clean

all: synth

# ---- dependencies: a no-op when every package is installed -----------------------------
deps:
	@if ! command -v dpkg >/dev/null 2>&1; then \
	  echo "deps: dpkg not found; install these packages yourself: $(DEB_PACKAGES)" >&2; exit 0; \
	fi; \
	missing=(); \
	for p in $(DEB_PACKAGES); do \
	  dpkg -s "$$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$$p"); \
	done; \
	if [ $${#missing[@]} -eq 0 ]; then echo "deps: all Debian packages present"; exit 0; fi; \
	echo "deps: installing missing Debian packages: $${missing[*]}"; \
	SUDO=; \
	if [ "$$(id -u)" != 0 ]; then \
	  command -v sudo >/dev/null || { echo "deps: need root or sudo to install $${missing[*]}" >&2; exit 1; }; \
	  SUDO=sudo; \
	fi; \
	$$SUDO apt-get update -qq; \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends "$${missing[@]}"

# ---- configure + build ----------------------------------------------------------------
configure: deps
	$(CMAKE) -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

build: configure
	$(CMAKE) --build $(BUILD_DIR) -j$(JOBS)

# The default stack, written by the CLI (make fails when the CLI does): flat JSON, and the
# committed example of the modules layout in the native syntax (docs/modules.md).
synth: build
	$(BUILD_DIR)/rdha synth --out $(OUT_DIR)
	$(BUILD_DIR)/rdha synth --format hcl --layout modules --out examples/hcl-modules

# The test programs are not part of `build` (CMake target rdha_test_programs).
build-tests: build
	$(CMAKE) --build $(BUILD_DIR) -j$(JOBS) --target rdha_test_programs

# ---- install --------------------------------------------------------------------------
# A Release tree of its own (build/ stays the RelWithDebInfo tree of the tests), without
# the tests; `cmake --install` strips what it installs (RDHA_INSTALL_STRIP, default ON).
INSTALL_BUILD_DIR ?= build-release
PREFIX            ?= $(HOME)/.local

install: deps
	$(CMAKE) -S . -B $(INSTALL_BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DRDHA_BUILD_TESTS=OFF $(CMAKE_ARGS)
	$(CMAKE) --build $(INSTALL_BUILD_DIR) -j$(JOBS)
	$(CMAKE) --install $(INSTALL_BUILD_DIR) --prefix $(PREFIX)

# ---- tests ----------------------------------------------------------------------------
define run_cpp_tests
echo "==> C++ tests (ctest)"
$(CTEST) --test-dir $(BUILD_DIR) --output-on-failure --no-tests=error -j$(JOBS)
endef

# pytest exit code 5 means "no tests collected": reported as a skip, not a failure.
define run_python_tests
echo "==> Python tests (pytest)"
if [ ! -d tests/python ]; then echo "SKIP: tests/python does not exist"; exit 0; fi
set +e
RDHA_BUILD_DIR=$(ABS_BUILD_DIR) $(PYTHON) -m pytest tests/python
rc=$$?
set -e
if [ $$rc -eq 5 ]; then echo "SKIP: pytest collected no tests in tests/python"; exit 0; fi
exit $$rc
endef

define run_terraform_tests
echo "==> Terraform checks (tests/terraform/test_*.sh)"
shopt -s nullglob
scripts=(tests/terraform/test_*.sh)
if [ $${#scripts[@]} -eq 0 ]; then echo "SKIP: no tests/terraform/test_*.sh"; exit 0; fi
failed=()
for t in "$${scripts[@]}"; do
  echo "--> $$t"
  RDHA_BUILD_DIR=$(ABS_BUILD_DIR) bash "$$t" || failed+=("$$t")
done
if [ $${#failed[@]} -ne 0 ]; then echo "FAILED: $${failed[*]}"; exit 1; fi
endef

export run_cpp_tests run_python_tests run_terraform_tests

test-cpp: build-tests
	@bash -euo pipefail -c "$$run_cpp_tests"

test-python: build-tests
	@bash -euo pipefail -c "$$run_python_tests"

test-terraform: build-tests
	@bash -euo pipefail -c "$$run_terraform_tests"

# Every suite runs even when an earlier one fails; the target fails if any did.
test: build-tests
	@failed=(); \
	bash -euo pipefail -c "$$run_cpp_tests" || failed+=(cpp); \
	bash -euo pipefail -c "$$run_python_tests" || failed+=(python); \
	bash -euo pipefail -c "$$run_terraform_tests" || failed+=(terraform); \
	bash -euo pipefail -c "$$run_e2e_tests" || failed+=(e2e); \
	if [ $${#failed[@]} -ne 0 ]; then echo "make test: FAILED suites: $${failed[*]}" >&2; exit 1; fi; \
	echo "make test: all suites passed"

# ---- sanitizers -----------------------------------------------------------------------
# The whole suite against a build with AddressSanitizer + UndefinedBehaviorSanitizer and no
# recovery (the first report fails the test), in its own tree. Python loads the sanitizer
# runtimes first (LD_PRELOAD; leak checks off: the interpreter keeps its objects at exit).
# Left out: install.FindPackageConsumer (it builds an outside project, without sanitizer
# flags, against the library) and codegen.GenBindings (Python only).
SANITIZE_BUILD_DIR ?= build-sanitize
SANITIZE_CXX       ?= g++
ABS_SANITIZE_BUILD_DIR := $(abspath $(SANITIZE_BUILD_DIR))

define run_sanitize_tests
export ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=()
echo "==> C++ tests (ctest) under ASan + UBSan"
$(CTEST) --test-dir $(SANITIZE_BUILD_DIR) --output-on-failure --no-tests=error -j$(JOBS) -LE 'install|codegen' || failed+=(cpp)
echo "==> Python tests (pytest) under ASan + UBSan"
runtimes="$$($(SANITIZE_CXX) -print-file-name=libasan.so) $$($(SANITIZE_CXX) -print-file-name=libubsan.so)"
LD_PRELOAD="$$runtimes" ASAN_OPTIONS="$$ASAN_OPTIONS:detect_leaks=0" RDHA_BUILD_DIR=$(ABS_SANITIZE_BUILD_DIR) \
  $(PYTHON) -m pytest -q tests/python || failed+=(python)
echo "==> Terraform checks with the sanitized CLI"
for t in tests/terraform/test_*.sh; do
  echo "--> $$t"
  RDHA_BUILD_DIR=$(ABS_SANITIZE_BUILD_DIR) bash "$$t" || failed+=("$$t")
done
if [ $${#failed[@]} -ne 0 ]; then echo "make test-sanitize: FAILED: $${failed[*]}" >&2; exit 1; fi
echo "make test-sanitize: all suites passed"
endef
export run_sanitize_tests

sanitize-configure: deps
	$(CMAKE) -S . -B $(SANITIZE_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DRDHA_SANITIZE=ON \
	  -DCMAKE_CXX_COMPILER=$(SANITIZE_CXX) $(CMAKE_ARGS)

test-sanitize: sanitize-configure
	$(CMAKE) --build $(SANITIZE_BUILD_DIR) -j$(JOBS)
	$(CMAKE) --build $(SANITIZE_BUILD_DIR) -j$(JOBS) --target rdha_test_programs
	@bash -euo pipefail -c "$$run_sanitize_tests"

# The subset CI runs (.ci/run): the sanitized library and the spec path's replay program
# only, over the seed corpus and every regression input (fuzz.SpecCorpora). The whole
# sanitized suite needs a second full build of the library, the tests and the Python
# module, which does not fit beside `make test` in the CI time budget.
test-sanitize-spec: sanitize-configure
	$(CMAKE) --build $(SANITIZE_BUILD_DIR) -j$(JOBS) --target rdha_fuzz_replay
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(CTEST) --test-dir $(SANITIZE_BUILD_DIR) --output-on-failure --no-tests=error -L fuzz

# ---- fuzzing --------------------------------------------------------------------------
# libFuzzer (clang) with ASan + UBSan over the spec path (tests/fuzz/). New inputs go to
# build-fuzz/corpus/ (not committed), crashes to build-fuzz/artifacts/; the committed seeds
# and regressions are read. A crash input belongs in tests/fuzz/regressions/spec/ with its
# fix: ctest replays that directory (fuzz.SpecCorpora) in every build.
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_CXX       ?= clang++-14
FUZZ_SECONDS   ?= 120
FUZZ_ARGS      ?=

fuzz: deps
	$(CMAKE) -S . -B $(FUZZ_BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=$(FUZZ_CXX) \
	  -DRDHA_BUILD_FUZZERS=ON -DRDHA_BUILD_TESTS=OFF -DRDHA_BUILD_PYTHON=OFF $(CMAKE_ARGS)
	$(CMAKE) --build $(FUZZ_BUILD_DIR) -j$(JOBS) --target rdha_spec_fuzzer
	mkdir -p $(FUZZ_BUILD_DIR)/corpus/spec $(FUZZ_BUILD_DIR)/artifacts
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(FUZZ_BUILD_DIR)/rdha_spec_fuzzer \
	  -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz/spec.dict -max_len=8192 -timeout=10 -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_BUILD_DIR)/artifacts/ $(FUZZ_ARGS) \
	  $(FUZZ_BUILD_DIR)/corpus/spec tests/fuzz/corpus/spec tests/fuzz/regressions/spec

# ---- benchmarks -----------------------------------------------------------------------
# BENCH_ARGS go to every Google Benchmark program (e.g. BENCH_ARGS=--benchmark_filter=ha_stack);
# RDHA_BENCH_MAX_RESOURCES=100000 caps the synthetic graphs for a quick run.
bench-configure: deps
	$(CMAKE) -S . -B $(BENCH_BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DRDHA_BUILD_BENCHMARKS=ON \
	  -DRDHA_BUILD_TESTS=OFF $(CMAKE_ARGS)

bench-build: bench-configure
	$(CMAKE) --build $(BENCH_BUILD_DIR) -j$(JOBS)

bench: bench-build
	RDHA_BUILD_DIR=$(abspath $(BENCH_BUILD_DIR)) BENCH_ARGS="$(BENCH_ARGS)" PYTHON=$(PYTHON) \
	  bash benchmarks/run.sh bench

# Installs cdktf 0.21.0 + @cdktf/provider-aws 20.1.0 from npm into benchmarks/compare/cdktf/
# (node_modules is not committed) and times both tools in the same run.
bench-compare: bench-configure
	$(CMAKE) --build $(BENCH_BUILD_DIR) -j$(JOBS) --target rdha_cli
	RDHA_BUILD_DIR=$(abspath $(BENCH_BUILD_DIR)) PYTHON=$(PYTHON) bash benchmarks/run.sh compare

# ---- end-to-end (emulated deploy) -----------------------------------------------------
# The emulator's own tests (one boto3 test per moto patch) and the failover automation's
# scripts (tests/e2e/test_automation_scripts.py), then the deploy of the stack to
# it: synth, apply, re-plan, boto3 checks, DR drill, destroy, for both password sources
# (tests/e2e/README.md); beside the deploy, the plan comparer's tests and the migration
# runbook run against their own emulator. Needs the interpreter with moto + boto3 (EMULATOR_PYTHON, default
# the python3 on PATH); skips when it or terraform is missing.
define run_e2e_tests
echo "==> Emulated end-to-end deploy (tests/e2e)"
py=$${EMULATOR_PYTHON:-python3}
if ! "$$py" -c 'import moto, boto3' 2>/dev/null; then echo "SKIP: $$py has no moto/boto3 (the emulator)"; exit 0; fi
rc=0
"$$py" -m unittest tests/e2e/test_moto_patches.py || rc=1
RDHA_BUILD_DIR=$(ABS_BUILD_DIR) "$$py" -m unittest tests/e2e/test_automation_scripts.py || rc=1
side_log=$$(mktemp); \
RDHA_BUILD_DIR=$(ABS_BUILD_DIR) "$$py" -m unittest tests/e2e/test_plan_equivalence.py tests/e2e/test_migration_runbook.py \
  >"$$side_log" 2>&1 & side=$$!
RDHA_BUILD_DIR=$(ABS_BUILD_DIR) bash tests/e2e/run.sh || rc=1
echo "==> Plan comparer and migration runbook (run beside the deploy)"
wait $$side || rc=1
cat "$$side_log"; rm -f "$$side_log"
exit $$rc
endef
export run_e2e_tests

e2e: build
	@bash -euo pipefail -c "$$run_e2e_tests"

clean:
	rm -rf $(BUILD_DIR)
