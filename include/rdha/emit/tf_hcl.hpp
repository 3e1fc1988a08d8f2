// rdha/emit/tf_hcl.hpp — the stack in Terraform's native syntax (`*.tf`), laid out as
// `terraform fmt` leaves it.
//
// The same files, blocks and order as the JSON output (tf_blocks.hpp), each body written
// from its JSON syntax: a template that is one whole "${expr}" becomes the bare expression,
// other strings stay quoted with the same template escapes, multi-line text keeps exactly
// the same string in a `<<-EOT` heredoc; an argument is written as a nested block exactly
// when the provider schema facts say it is one (types without facts: every argument is an
// attribute). The rules and what differs from the JSON output: docs/hcl.md.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "rdha/core/stack.hpp"
#include "rdha/emit/tf_blocks.hpp"

namespace rdha {

/// @brief Every output file's name ("main.tf", "network.tf", ..., "versions.tf") and exact
///        text. Throws what Stack::validate throws.
std::map<std::string, std::string> rendered_tf_hcl(const Stack& stack);

/// @brief The name ("main.tf", ...) and exact text of each file of @p blocks_by_file
///        (tf_blocks(), or a module of tf_modules.hpp).
std::map<std::string, std::string> rendered_tf_hcl(const TfFiles& blocks_by_file);

/// @brief Validates and renders the stack, then writes it into @p directory with
///        write_files_atomically, with the guarantees of write_tf_json (tf_json.hpp): only
///        rdha's own files are replaced or removed, so a directory written as JSON loses its
///        *.tf.json files (and keeps every file rdha did not write). Returns the names written.
std::vector<std::string> write_tf_hcl(const Stack& stack, const std::filesystem::path& directory);

}  // namespace rdha
