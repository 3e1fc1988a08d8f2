// Test helper: everything under a directory (type, bytes or link target, inode, mode), to
// prove a write left what is not rdha's exactly as it was — not moved, copied or
// re-permissioned.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rdha::testing {

struct SnapshotEntry {
  char type = '?';       ///< 'f' file, 'd' directory, 'l' symbolic link
  std::string content;   ///< a file's bytes, a link's target
  ino_t inode = 0;
  mode_t mode = 0;
  bool operator==(const SnapshotEntry&) const = default;
};

/// @brief Relative path → entry, for every entry under @p root (links not followed).
using Snapshot = std::map<std::string, SnapshotEntry>;

Snapshot snapshot(const std::filesystem::path& root);

/// @brief The entries of @p snapshot whose path is in (or under) none of @p excluded.
Snapshot without(Snapshot snapshot, const std::vector<std::string>& excluded);

/// @brief A readable list of the paths that differ ("" when equal), for failure messages.
std::string differences(const Snapshot& expected, const Snapshot& actual);

}  // namespace rdha::testing
