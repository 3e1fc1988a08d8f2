// Emission throughput against its floor: rdha's whole emission (validate, order, build
// the documents, render the text) versus nlohmann::json::dump of the very documents it
// produced. The floor uses the same format rdha writes (2-space indent, trailing
// newline); the compact dump is reported as well for reference. All four report
// bytes_per_second over the same output bytes, so the ratio reads off directly
// (benchmarks/report.py prints it).
//
// Stacks: the synthetic graphs of synthetic_graph.hpp at 10^3 .. 10^5 resources.
#include <benchmark/benchmark.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rdha/emit/tf_json.hpp"
#include "synthetic_graph.hpp"

namespace {

struct Fixture {
  std::size_t resources = 0;
  std::optional<rdha::Stack> stack;
  std::map<std::string, nlohmann::json> documents;  ///< what to_tf_json produced for it
  std::int64_t text_bytes = 0;                      ///< bytes of the rendered files
};

Fixture& fixture(std::size_t resources) {
  static Fixture f;
  if (f.resources != resources) {
    f.documents.clear();
    f.stack.reset();
    f.stack.emplace(rdha_bench::synthetic_stack(resources));
    f.documents = rdha::to_tf_json(*f.stack);
    f.text_bytes = 0;
    for (const auto& [name, document] : f.documents)
      f.text_bytes += static_cast<std::int64_t>(rdha::render(document).size());
    f.resources = resources;
  }
  return f;
}

void report(benchmark::State& state, const Fixture& f) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * f.text_bytes);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(f.resources));
  state.counters["resources"] = static_cast<double>(f.resources);
  state.counters["output_bytes"] = static_cast<double>(f.text_bytes);
}

// rdha's emission to memory: to_tf_json + render of every file.
void rdha_emit(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto documents = rdha::to_tf_json(*f.stack);
    std::int64_t bytes = 0;
    for (const auto& [name, document] : documents) bytes += static_cast<std::int64_t>(rdha::render(document).size());
    benchmark::DoNotOptimize(bytes);
  }
  report(state, f);
}

// The documents alone (validation + topological order + building the JSON values).
void rdha_documents(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto documents = rdha::to_tf_json(*f.stack);
    benchmark::DoNotOptimize(documents.size());
  }
  report(state, f);
}

// The floor: dump(2) + "\n" of the finished documents (what rdha::render does).
void bare_dump(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::int64_t bytes = 0;
    for (const auto& [name, document] : f.documents) {
      std::string text = document.dump(2);
      text += '\n';
      bytes += static_cast<std::int64_t>(text.size());
    }
    benchmark::DoNotOptimize(bytes);
  }
  report(state, f);
}

// For reference: compact dump() of the same documents (fewer bytes to write).
void bare_dump_compact(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::int64_t bytes = 0;
    for (const auto& [name, document] : f.documents) bytes += static_cast<std::int64_t>(document.dump().size());
    benchmark::DoNotOptimize(bytes);
  }
  report(state, f);
}

}  // namespace

int main(int argc, char** argv) {
  for (std::int64_t n : {1'000, 10'000, 100'000}) {
    for (auto [name, fn] : {std::pair{"emit/rdha_emit", &rdha_emit}, std::pair{"emit/rdha_documents", &rdha_documents},
                            std::pair{"emit/bare_dump", &bare_dump},
                            std::pair{"emit/bare_dump_compact", &bare_dump_compact}}) {
      benchmark::RegisterBenchmark(name, fn)->Arg(n)->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
