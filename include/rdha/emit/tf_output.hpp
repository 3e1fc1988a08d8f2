// rdha/emit/tf_output.hpp — the output formats and layouts of `rdha synth`: Terraform JSON
// (tf_json.hpp, the default) or the native syntax (tf_hcl.hpp), each as one flat root
// module (the default) or a root calling one module per region and concern
// (tf_modules.hpp), rendered and written the same way.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rdha/core/stack.hpp"
#include "rdha/emit/atomic_write.hpp"

namespace rdha {

/// @brief How the configuration is written: `*.tf.json` or `*.tf`.
enum class TfFormat { json, hcl };

/// @brief "json" or "hcl".
std::string_view to_string(TfFormat format) noexcept;

/// @brief The format named @p name ("json", "hcl"), or nullopt.
std::optional<TfFormat> tf_format_named(std::string_view name) noexcept;

/// @brief How the configuration is laid out: every block in the root module (`flat`), or
///        a root calling one child module per region and concern under `modules/`
///        (`modules`, docs/modules.md).
enum class TfLayout { flat, modules };

/// @brief "flat" or "modules".
std::string_view to_string(TfLayout layout) noexcept;

/// @brief The layout named @p name ("flat", "modules"), or nullopt.
std::optional<TfLayout> tf_layout_named(std::string_view name) noexcept;

/// @brief Format and layout of one output.
struct TfOutputOptions {
  TfFormat format = TfFormat::json;
  TfLayout layout = TfLayout::flat;
};

/// @brief Every output file's name (relative to the output directory: "main.tf",
///        "modules/dr_network/main.tf", "modules/dr_network/README.md") and exact text.
std::map<std::string, std::string> rendered_tf(const Stack& stack, TfOutputOptions options);

/// @brief rendered_tf in @p format, flat layout.
std::map<std::string, std::string> rendered_tf(const Stack& stack, TfFormat format);

/// @brief Validates, renders and writes the stack as @p options say into @p directory with
///        write_files_atomically (atomic_write.hpp): rdha's files of another format or
///        layout (the `modules/` subtree too) are removed, no other file is touched;
///        Durability::no_sync for scratch output. Returns the names written.
std::vector<std::string> write_tf(const Stack& stack, const std::filesystem::path& directory, TfOutputOptions options,
                                  Durability durability = Durability::durable);

/// @brief write_tf in @p format, flat layout.
std::vector<std::string> write_tf(const Stack& stack, const std::filesystem::path& directory, TfFormat format,
                                  Durability durability = Durability::durable);

}  // namespace rdha
