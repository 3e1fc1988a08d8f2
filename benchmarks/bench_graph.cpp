// Scale benchmarks over synthetic stacks of 10^3 .. 10^6 resources (synthetic_graph.hpp):
// build through the typed bindings, whole-stack validation (which includes the cycle
// check), topological order, the cycle report of a cyclic graph, and emission to memory.
//
// Every benchmark reports `time_per_resource` (seconds per resource; items_per_second is
// its inverse) so the sizes compare directly; the build reports the heap the finished
// graph retains per resource (`bytes_per_resource`, counted by memory_counter.hpp) and
// the emission reports the extra heap it needs at its peak.
//
// RDHA_BENCH_MAX_RESOURCES=N caps the sizes (e.g. 100000 for a quick run).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "memory_counter.hpp"
#include "rdha/emit/tf_json.hpp"
#include "rdha/error.hpp"
#include "synthetic_graph.hpp"

namespace {

using rdha_bench::heap_in_use;

// One stack kept between benchmarks: they are registered size by size, so every
// benchmark of one size reuses it, and at most one large graph is alive at a time.
struct CachedStack {
  std::size_t resources = 0;
  bool cyclic = false;
  std::optional<rdha::Stack> stack;
};

CachedStack& cache() {
  static CachedStack instance;
  return instance;
}

rdha::Stack& stack_of(std::size_t resources, bool cyclic = false) {
  auto& c = cache();
  if (!c.stack || c.resources != resources || c.cyclic != cyclic) {
    c.stack.reset();  // free the previous graph before building the next
    c.stack.emplace(rdha_bench::synthetic_stack(resources));
    if (cyclic) rdha_bench::add_cycle(*c.stack);
    c.resources = resources;
    c.cyclic = cyclic;
  }
  return *c.stack;
}

double per_resource(std::int64_t value, std::size_t resources) {
  return static_cast<double>(value) / static_cast<double>(resources);
}

void report_rate(benchmark::State& state, std::size_t resources) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(resources));
  state.counters["resources"] = static_cast<double>(resources);
  state.counters["time_per_resource"] =
      benchmark::Counter(static_cast<double>(resources),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// Building the graph through the typed bindings (Stack::add + setters, references
// recorded as they are set). Measuring the heap and destroying the graph are not timed.
void build(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  cache().stack.reset();
  std::optional<rdha::Stack> stack;
  std::int64_t retained = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::int64_t before = heap_in_use();
    state.ResumeTiming();
    stack.emplace(rdha_bench::synthetic_stack(n));
    state.PauseTiming();
    retained = heap_in_use() - before;
    stack.reset();
    state.ResumeTiming();
  }
  report_rate(state, n);
  state.counters["bytes_per_resource"] = per_resource(retained, n);
}

// Stack::validate: references, attributes, required arguments, block counts, secret
// literals, and the cycle check (a full topological sort).
void validate(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const rdha::Stack& stack = stack_of(n);
  for (auto _ : state) stack.validate();
  report_rate(state, n);
}

// Deterministic topological order (Kahn's algorithm, ties broken by address).
void topological_order(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const rdha::Stack& stack = stack_of(n);
  for (auto _ : state) {
    auto order = stack.topological_order();
    benchmark::DoNotOptimize(order.data());
  }
  report_rate(state, n);
}

// Emission to memory: to_tf_json (validates, orders, builds the documents) and the text
// of every file. Measuring the heap and freeing the results are not timed.
void emit_to_memory(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const rdha::Stack& stack = stack_of(n);
  std::int64_t bytes = 0;
  std::int64_t held = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::int64_t before = heap_in_use();
    state.ResumeTiming();
    std::optional<std::map<std::string, nlohmann::json>> documents = rdha::to_tf_json(stack);
    std::vector<std::string> texts;
    for (const auto& [name, document] : *documents) texts.push_back(rdha::render(document));
    state.PauseTiming();
    held = heap_in_use() - before;
    for (const auto& text : texts) bytes += static_cast<std::int64_t>(text.size());
    documents.reset();
    texts.clear();
    texts.shrink_to_fit();
    state.ResumeTiming();
  }
  report_rate(state, n);
  state.SetBytesProcessed(bytes);
  state.counters["output_bytes_per_resource"] = per_resource(bytes / state.iterations(), n);
  state.counters["emit_heap_bytes_per_resource"] = per_resource(held, n);
}

// Cycle detection on a graph with one three-node cycle: the failed sort, the strongly
// connected components and the shortest-cycle report (CycleError).
void cycle_report(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const rdha::Stack& stack = stack_of(n, /*cyclic=*/true);
  std::size_t cycles = 0;
  for (auto _ : state) {
    try {
      (void)stack.topological_order();
    } catch (const rdha::CycleError& e) {
      cycles = e.cycles().size();
    }
  }
  if (cycles != 1) state.SkipWithError("expected exactly one cycle");
  report_rate(state, n);
}

std::size_t max_resources() {
  const char* cap = std::getenv("RDHA_BENCH_MAX_RESOURCES");
  return cap != nullptr ? static_cast<std::size_t>(std::strtoull(cap, nullptr, 10)) : 1'000'000;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::int64_t> sizes = {1'000, 10'000, 100'000, 1'000'000};
  for (std::int64_t n : sizes) {
    if (static_cast<std::size_t>(n) > max_resources()) continue;
    for (auto [name, fn] : {std::pair{"graph/build", &build}, std::pair{"graph/validate", &validate},
                            std::pair{"graph/topological_order", &topological_order},
                            std::pair{"graph/emit_to_memory", &emit_to_memory},
                            std::pair{"graph/cycle_report", &cycle_report}}) {
      benchmark::RegisterBenchmark(name, fn)->Arg(n)->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
