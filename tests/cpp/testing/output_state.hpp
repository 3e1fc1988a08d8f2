// Test helper: what an output directory holds, in the terms of the writer's guarantee
// (rdha/emit/atomic_write.hpp), and the default stack rendered with a name suffix (two
// suffixes give two outputs that differ in every file).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rdha::testing {

using Files = std::map<std::string, std::string>;  ///< relative path → bytes

/// @brief The files `rdha synth` writes for the default spec with @p name_suffix.
Files rendered(const std::string& name_suffix);

struct OutputState {
  Files owned;                              ///< every regular file but bookkeeping and @p foreign
  bool sentinel = false;                    ///< the write-in-progress sentinel is present
  std::size_t temporaries = 0;              ///< rdha's temporary files present
  std::vector<std::string> manifest_files;  ///< the manifest's "files"
};

/// @brief The state of @p out, leaving out the paths (and what is under them) in @p foreign.
OutputState state_of(const std::filesystem::path& out, const std::vector<std::string>& foreign);

/// @brief The names of @p files, sorted.
std::vector<std::string> names_of(const Files& files);

/// @brief "" when @p state keeps the guarantee for a write between the sets @p a and @p b
///        (every file complete; without the sentinel: no temporaries, exactly one of the
///        sets, the manifest listing it); otherwise what breaks it.
std::string guarantee_violation(const OutputState& state, const Files& a, const Files& b);

}  // namespace rdha::testing
