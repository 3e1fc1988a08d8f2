// rdha/emit/tf_output.hpp — the output formats of `rdha synth`: Terraform JSON
// (tf_json.hpp, the default) or the native syntax (tf_hcl.hpp), rendered and written the
// same way.
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

/// @brief Every output file's name and exact text in @p format (rendered_tf_json or
///        rendered_tf_hcl).
std::map<std::string, std::string> rendered_tf(const Stack& stack, TfFormat format);

/// @brief Validates, renders and writes the stack in @p format into @p directory with
///        write_files_atomically (atomic_write.hpp): rdha's files of the other format are
///        removed, no other file is touched; Durability::no_sync for scratch output.
///        Returns the names written.
std::vector<std::string> write_tf(const Stack& stack, const std::filesystem::path& directory, TfFormat format,
                                  Durability durability = Durability::durable);

}  // namespace rdha
