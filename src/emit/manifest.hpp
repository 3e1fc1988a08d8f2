// The writer's record of what it owns in an output directory (atomic_write.cpp): the
// files it wrote last time and the directories it created, as paths relative to the
// output directory. Only what is listed here is ever replaced or removed.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace rdha::detail {

struct Manifest {
  std::set<std::string> files;
  std::set<std::string> directories;

  bool operator==(const Manifest&) const = default;
};

/// @brief Whether @p name is a path the writer may own: relative, "/"-separated, without
///        empty, "." or ".." parts, and whose last part is none of the writer's reserved
///        names (manifest, sentinel, temporary files).
bool is_ownable_name(std::string_view name);

/// @brief The manifest file's text (JSON, sorted, newline-terminated): same manifest,
///        same bytes.
std::string manifest_text(const Manifest& manifest);

/// @brief Parses a manifest; throws EmitError::bad_manifest (naming @p path) when the
///        text is not a manifest or lists a name the writer could not own.
Manifest parse_manifest(std::string_view text, const std::string& path);

}  // namespace rdha::detail
