// The output formats and layouts (rdha/emit/tf_output.hpp).
#include "rdha/emit/tf_output.hpp"

#include "rdha/emit/atomic_write.hpp"
#include "rdha/emit/tf_hcl.hpp"
#include "rdha/emit/tf_json.hpp"
#include "rdha/emit/tf_modules.hpp"

namespace rdha {
namespace {

std::map<std::string, std::string> rendered_files(const TfFiles& files, TfFormat format) {
  return format == TfFormat::hcl ? rendered_tf_hcl(files) : rendered_tf_json(files);
}

}  // namespace

std::string_view to_string(TfFormat format) noexcept { return format == TfFormat::hcl ? "hcl" : "json"; }

std::optional<TfFormat> tf_format_named(std::string_view name) noexcept {
  if (name == "json") return TfFormat::json;
  if (name == "hcl") return TfFormat::hcl;
  return std::nullopt;
}

std::string_view to_string(TfLayout layout) noexcept { return layout == TfLayout::modules ? "modules" : "flat"; }

std::optional<TfLayout> tf_layout_named(std::string_view name) noexcept {
  if (name == "flat") return TfLayout::flat;
  if (name == "modules") return TfLayout::modules;
  return std::nullopt;
}

std::map<std::string, std::string> rendered_tf(const Stack& stack, TfOutputOptions options) {
  if (options.layout == TfLayout::flat) return rendered_files(tf_blocks(stack), options.format);
  const TfModuleLayout layout = tf_module_layout(stack);
  auto files = rendered_files(layout.root, options.format);
  for (const TfModule& module : layout.modules) {
    const std::string directory = "modules/" + module.name + "/";
    for (auto& [name, text] : rendered_files(module.files, options.format)) files[directory + name] = std::move(text);
    files[directory + "README.md"] = module.readme;
  }
  return files;
}

std::map<std::string, std::string> rendered_tf(const Stack& stack, TfFormat format) {
  return rendered_tf(stack, TfOutputOptions{format, TfLayout::flat});
}

std::vector<std::string> write_tf(const Stack& stack, const std::filesystem::path& directory, TfOutputOptions options,
                                  Durability durability) {
  const auto files = rendered_tf(stack, options);
  write_files_atomically(files, directory, durability);
  std::vector<std::string> names;
  for (const auto& [name, text] : files) names.push_back(name);
  return names;
}

std::vector<std::string> write_tf(const Stack& stack, const std::filesystem::path& directory, TfFormat format,
                                  Durability durability) {
  return write_tf(stack, directory, TfOutputOptions{format, TfLayout::flat}, durability);
}

}  // namespace rdha
