// The output formats (rdha/emit/tf_output.hpp).
#include "rdha/emit/tf_output.hpp"

#include "rdha/emit/atomic_write.hpp"
#include "rdha/emit/tf_hcl.hpp"
#include "rdha/emit/tf_json.hpp"

namespace rdha {

std::string_view to_string(TfFormat format) noexcept { return format == TfFormat::hcl ? "hcl" : "json"; }

std::optional<TfFormat> tf_format_named(std::string_view name) noexcept {
  if (name == "json") return TfFormat::json;
  if (name == "hcl") return TfFormat::hcl;
  return std::nullopt;
}

std::map<std::string, std::string> rendered_tf(const Stack& stack, TfFormat format) {
  return format == TfFormat::hcl ? rendered_tf_hcl(stack) : rendered_tf_json(stack);
}

std::vector<std::string> write_tf(const Stack& stack, const std::filesystem::path& directory, TfFormat format,
                                  Durability durability) {
  const auto files = rendered_tf(stack, format);
  write_files_atomically(files, directory, durability);
  std::vector<std::string> names;
  for (const auto& [name, text] : files) names.push_back(name);
  return names;
}

}  // namespace rdha
