// The fuzz target of the spec path: bytes → config loader (spec_from_json_text) →
// validation → stack build → Terraform JSON in memory → policy checks and graph export.
//
// Built with libFuzzer (make fuzz, clang) and, with replay_main.cpp, as a plain program
// that ctest runs over the committed seed and regression corpora. Anything but an
// rdha::SpecError from the loader is a crash, and so is any exception at all after the
// loader accepted the input: a spec the loader accepts must build, emit and check.
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rdha/analysis/check.hpp"
#include "rdha/emit/graph_export.hpp"
#include "rdha/emit/tf_json.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "testing/utf8.hpp"

namespace {

[[noreturn]] void violated(const char* what, std::string_view detail) {
  std::fprintf(stderr, "spec fuzz target: %s: %.*s\n", what, static_cast<int>(std::min<std::size_t>(detail.size(), 2000)),
               detail.data());
  std::abort();
}

// A message quotes values capped in length; it may list many problems, each short.
void check_message(const rdha::SpecError& error, std::size_t input_size) {
  const std::string_view what = error.what();
  if (!rdha::testing::is_utf8(what)) violated("message is not valid UTF-8", what);
  if (what.size() > 64 * 1024 + 64 * input_size) violated("message out of proportion to the input", what.substr(0, 500));
}

// A config is merged over the defaults and `null` removes a default tag, which to_json
// cannot express: only a spec that keeps every default tag key round-trips.
bool keeps_default_tags(const rdha::stack::HaStackSpec& spec) {
  for (const auto& [key, value] : rdha::stack::HaStackSpec{}.tags)
    if (!spec.tags.contains(key)) return false;
  return true;
}

void exercise_accepted(const rdha::stack::HaStackSpec& spec) {
  if (keeps_default_tags(spec) && !(rdha::stack::spec_from_json(rdha::stack::to_json(spec)) == spec))
    violated("to_json / spec_from_json does not round-trip", rdha::stack::to_json(spec).dump());
  const rdha::Stack stack = rdha::stack::build_ha_stack(spec);
  for (const auto& [name, document] : rdha::to_tf_json(stack)) {
    const std::string text = rdha::render(document);
    if (nlohmann::json::parse(text) != document) violated("rendered JSON does not parse back", name);
  }
  static_cast<void>(rdha::analysis::run_checks(stack));
  static_cast<void>(rdha::to_graph_json(stack));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  rdha::stack::HaStackSpec spec;
  try {
    spec = rdha::stack::spec_from_json_text(text, "fuzz.json");
  } catch (const rdha::SpecError& error) {
    check_message(error, size);
    return 0;
  }
  try {
    exercise_accepted(spec);
  } catch (const std::exception& error) {
    violated("an accepted spec failed after the loader", error.what());
  }
  return 0;
}
