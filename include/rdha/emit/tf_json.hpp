// rdha/emit/tf_json.hpp — Terraform JSON emission.
//
// The stack is split into one file per concern (versions, providers, variables, network,
// security, database, monitoring, recovery, main for anything else, outputs). Inside a
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

namespace rdha {

/// @brief Output files (name → document) of a validated stack. Throws what
///        Stack::validate throws.
std::map<std::string, nlohmann::json> to_tf_json(const Stack& stack);

/// @brief The exact text written for one document (2-space indent, trailing newline).
std::string render(const nlohmann::json& document);

/// @brief Every file name rdha may write; only these are replaced in an existing output
///        directory, anything else there (state, lock file, overrides) is kept.
const std::vector<std::string>& managed_file_names();

/// @brief Validates, renders and writes the stack into @p directory atomically: the new
///        set is built in a sibling temporary directory and swapped in with one rename,
///        so an error or a kill leaves the previous output intact. Files rdha does not
///        manage are carried over. Returns the names written.
///
/// @code{.cpp}
/// rdha::write_tf_json(stack, "terraform_out");
/// @endcode
std::vector<std::string> write_tf_json(const Stack& stack, const std::filesystem::path& directory);

/// @brief Writes prepared files (name → text) into @p directory with the same atomic
///        swap and carry-over rules as write_tf_json.
void write_files_atomically(const std::map<std::string, std::string>& files,
                            const std::filesystem::path& directory);

}  // namespace rdha
