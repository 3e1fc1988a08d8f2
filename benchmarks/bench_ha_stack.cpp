// The default HA stack, stage by stage: build the graph from the spec (spec validation
// + the modules), validate against the schema facts, the policy checks (`rdha check`),
// topological order, emission to memory (and its floor, a bare dump of the finished
// documents), emission to disk (atomic write of the files), and the whole in-process
// synth (`rdha synth` minus process start-up). `synth_to_memory` is the C++ figure
// bench_python.py compares the Python bindings against.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <optional>
#include <string>
#include <unistd.h>

#include "memory_counter.hpp"
#include "rdha/analysis/check.hpp"
#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/ha_stack.hpp"

namespace {

namespace fs = std::filesystem;
using rdha_bench::heap_in_use;

const rdha::stack::HaStackSpec& default_spec() {
  static const rdha::stack::HaStackSpec spec;
  return spec;
}

const rdha::Stack& default_stack() {
  static const rdha::Stack stack = rdha::stack::build_ha_stack(default_spec());
  return stack;
}

void report_blocks(benchmark::State& state) {
  const auto blocks = static_cast<std::int64_t>(default_stack().size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * blocks);
  state.counters["blocks"] = static_cast<double>(blocks);
}

// A scratch output directory, removed at exit.
const fs::path& scratch_dir() {
  static const struct Scratch {
    fs::path path = fs::temp_directory_path() / ("rdha-bench-" + std::to_string(::getpid()));
    ~Scratch() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } scratch;
  return scratch.path;
}

void build(benchmark::State& state) {
  std::int64_t retained = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::int64_t before = heap_in_use();
    state.ResumeTiming();
    std::optional<rdha::Stack> stack = rdha::stack::build_ha_stack(default_spec());
    state.PauseTiming();
    retained = heap_in_use() - before;
    stack.reset();
    state.ResumeTiming();
  }
  report_blocks(state);
  state.counters["bytes_per_block"] = static_cast<double>(retained) / static_cast<double>(default_stack().size());
}

void validate(benchmark::State& state) {
  const rdha::Stack& stack = default_stack();
  for (auto _ : state) stack.validate();
  report_blocks(state);
}

void check(benchmark::State& state) {
  const rdha::Stack& stack = default_stack();
  std::size_t findings = 0;
  for (auto _ : state) findings = rdha::analysis::run_checks(stack).findings.size();
  report_blocks(state);
  state.counters["findings"] = static_cast<double>(findings);
}

void topological_order(benchmark::State& state) {
  const rdha::Stack& stack = default_stack();
  for (auto _ : state) {
    auto order = stack.topological_order();
    benchmark::DoNotOptimize(order.data());
  }
  report_blocks(state);
}

std::int64_t rendered_bytes(const std::map<std::string, nlohmann::json>& documents) {
  std::int64_t bytes = 0;
  for (const auto& [name, document] : documents) bytes += static_cast<std::int64_t>(rdha::render(document).size());
  return bytes;
}

void emit_to_memory(benchmark::State& state) {
  const rdha::Stack& stack = default_stack();
  std::int64_t bytes = 0;
  for (auto _ : state) bytes += rendered_bytes(rdha::to_tf_json(stack));
  report_blocks(state);
  state.SetBytesProcessed(bytes);
}

// The floor for emission: dump(2) of the documents emit_to_memory produces.
void bare_dump(benchmark::State& state) {
  const auto documents = rdha::to_tf_json(default_stack());
  std::int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& [name, document] : documents) {
      std::string text = document.dump(2);
      text += '\n';
      bytes += static_cast<std::int64_t>(text.size());
    }
  }
  report_blocks(state);
  state.SetBytesProcessed(bytes);
}

// write_tf_json: validate, render, write to a staging directory (fsync each file) and
// swap it in atomically.
void emit_to_disk(benchmark::State& state) {
  const rdha::Stack& stack = default_stack();
  for (auto _ : state) {
    auto names = rdha::write_tf_json(stack, scratch_dir());
    benchmark::DoNotOptimize(names.size());
  }
  report_blocks(state);
}

// The whole synth in one process: spec → graph → validated documents → text.
void synth_to_memory(benchmark::State& state) {
  for (auto _ : state) {
    rdha::Stack stack = rdha::stack::build_ha_stack(default_spec());
    benchmark::DoNotOptimize(rendered_bytes(rdha::to_tf_json(stack)));
  }
  report_blocks(state);
}

// `rdha synth` without process start-up: build + write_tf_json.
void synth_to_disk(benchmark::State& state) {
  for (auto _ : state) {
    rdha::Stack stack = rdha::stack::build_ha_stack(default_spec());
    auto names = rdha::write_tf_json(stack, scratch_dir());
    benchmark::DoNotOptimize(names.size());
  }
  report_blocks(state);
}

}  // namespace

int main(int argc, char** argv) {
  for (auto [name, fn] : {std::pair{"ha_stack/build", &build}, std::pair{"ha_stack/validate", &validate},
                          std::pair{"ha_stack/check", &check},
                          std::pair{"ha_stack/topological_order", &topological_order},
                          std::pair{"ha_stack/emit_to_memory", &emit_to_memory},
                          std::pair{"ha_stack/bare_dump", &bare_dump},
                          std::pair{"ha_stack/synth_to_memory", &synth_to_memory}}) {
    benchmark::RegisterBenchmark(name, fn)->Unit(benchmark::kMicrosecond);
  }
  // Disk work waits on fsync: measured in wall-clock time.
  for (auto [name, fn] : {std::pair{"ha_stack/emit_to_disk", &emit_to_disk},
                          std::pair{"ha_stack/synth_to_disk", &synth_to_disk}}) {
    benchmark::RegisterBenchmark(name, fn)->Unit(benchmark::kMicrosecond)->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
