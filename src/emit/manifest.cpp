// The manifest format and the rule for names the writer may own (manifest.hpp).
#include "manifest.hpp"

#include <nlohmann/json.hpp>

#include "rdha/emit/atomic_write.hpp"
#include "rdha/error.hpp"
#include "rdha/values/envelope.hpp"

namespace rdha::detail {
namespace {

constexpr int kFormat = 1;

std::set<std::string> names_of(const nlohmann::json& list, std::string_view key, const std::string& path) {
  if (!list.is_array()) throw EmitError::bad_manifest(path, std::string("\"") + std::string(key) + "\" is not a list");
  std::set<std::string> names;
  for (const auto& entry : list) {
    if (!entry.is_string() || !is_ownable_name(entry.get_ref<const std::string&>()))
      throw EmitError::bad_manifest(path, std::string("\"") + std::string(key) + "\" lists " + entry.dump() +
                                              ", which is not a relative path inside the directory");
    names.insert(entry.get<std::string>());
  }
  return names;
}

}  // namespace

bool is_ownable_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\0') != std::string_view::npos) return false;
  std::string_view last;
  for (std::size_t start = 0; start <= name.size();) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    last = name.substr(start, end - start);
    if (last.empty() || last == "." || last == "..") return false;
    start = end + 1;
  }
  return last != kManifestFileName && last != kWriteInProgressFileName && !last.starts_with(kTemporaryFilePrefix);
}

std::string manifest_text(const Manifest& manifest) {
  const nlohmann::json document = {
      {"rdha_manifest", kFormat},
      {"comment", "The files rdha wrote here and the directories it created; rdha replaces and removes only these."},
      {"files", manifest.files},
      {"directories", manifest.directories},
      {"tool", tool_json()}};  // which rdha wrote the files (the envelope of JSON outputs)
  return document.dump(2) + "\n";
}

Manifest parse_manifest(std::string_view text, const std::string& path) {
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || !document.contains("rdha_manifest") || document["rdha_manifest"] != kFormat)
    throw EmitError::bad_manifest(path, "it is not JSON with \"rdha_manifest\": 1");
  return {names_of(document.value("files", nlohmann::json::array()), "files", path),
          names_of(document.value("directories", nlohmann::json::array()), "directories", path)};
}

}  // namespace rdha::detail
