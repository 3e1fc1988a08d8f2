// Test helper (testing/output_state.hpp).
#include "output_state.hpp"

#include <nlohmann/json.hpp>

#include "directory_snapshot.hpp"
#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/ha_stack.hpp"

namespace rdha::testing {

Files rendered(const std::string& name_suffix) {
  stack::HaStackSpec spec;
  spec.name_suffix = name_suffix;
  Files files;
  for (const auto& [name, document] : to_tf_json(stack::build_ha_stack(spec))) files[name] = render(document);
  return files;
}

OutputState state_of(const std::filesystem::path& out, const std::vector<std::string>& foreign) {
  OutputState state;
  for (const auto& [path, entry] : without(snapshot(out), foreign)) {
    if (path == kManifestFileName) {
      state.manifest_files = nlohmann::json::parse(entry.content)["files"].get<std::vector<std::string>>();
    } else if (path == kWriteInProgressFileName) {
      state.sentinel = true;
    } else if (path.starts_with(kTemporaryFilePrefix)) {
      ++state.temporaries;
    } else if (entry.type == 'f') {
      state.owned[path] = entry.content;
    }
  }
  return state;
}

std::vector<std::string> names_of(const Files& files) {
  std::vector<std::string> names;
  for (const auto& [name, text] : files) names.push_back(name);
  return names;
}

std::string guarantee_violation(const OutputState& state, const Files& a, const Files& b) {
  for (const auto& [name, text] : state.owned) {
    const bool complete = (a.contains(name) && a.at(name) == text) || (b.contains(name) && b.at(name) == text);
    if (!complete) return name + " is not a complete file of either set";
  }
  if (state.sentinel) return "";
  if (state.temporaries != 0) return "temporary files without the sentinel";
  if (state.owned != a && state.owned != b) return "a mixed set without the sentinel";
  if (state.manifest_files != names_of(state.owned)) return "the manifest does not list the files present";
  return "";
}

}  // namespace rdha::testing
