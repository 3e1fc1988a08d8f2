// rdha/emit/tf_json.hpp — Terraform JSON emission.
//
// The stack is split into one file per concern (versions, providers, variables, network,
// security, database, monitoring, recovery, main for anything else, outputs; the files of
// ordered blocks of tf_blocks.hpp, which the native syntax, tf_hcl.hpp, renders too). Inside a
// file, blocks appear in topological order (Terraform's JSON syntax accepts an array of
// single-block objects for `resource`, `data` and `ephemeral`, which keeps the order);
// object keys are sorted. Same stack → same bytes.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/core/stack.hpp"
#include "rdha/emit/atomic_write.hpp"
#include "rdha/emit/tf_blocks.hpp"

namespace rdha {

/// @brief Output files (name → document) of a validated stack. Throws what
///        Stack::validate throws.
std::map<std::string, nlohmann::json> to_tf_json(const Stack& stack);

/// @brief The documents of files of blocks (tf_blocks(), or a module of tf_modules.hpp).
std::map<std::string, nlohmann::json> to_tf_json(const TfFiles& blocks_by_file);

/// @brief The exact text written for one document (2-space indent, trailing newline).
std::string render(const nlohmann::json& document);

/// @brief Every output file's name and exact text (what write_tf_json writes).
std::map<std::string, std::string> rendered_tf_json(const Stack& stack);

/// @brief The name and exact text of each file of @p blocks_by_file.
std::map<std::string, std::string> rendered_tf_json(const TfFiles& blocks_by_file);

/// @brief Validates and renders the stack, then writes it into @p directory with
///        write_files_atomically: only rdha's own files are replaced or removed (another
///        file where rdha writes one is refused before anything changes), a kill
///        leaves complete files and a set that is old, new, or refused by Terraform until
///        the next write repairs it; bad input (an invalid stack) changes nothing. Returns
///        the names written.
///
/// @code{.cpp}
/// rdha::write_tf_json(stack, "terraform_out");
/// @endcode
std::vector<std::string> write_tf_json(const Stack& stack, const std::filesystem::path& directory);

}  // namespace rdha
