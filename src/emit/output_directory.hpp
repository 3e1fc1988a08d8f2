// The output directory of the writer (atomic_write.cpp): resolved, checked, created when
// missing, open and locked for the whole write.
#pragma once

#include <sys/types.h>

#include <filesystem>

#include "file_descriptor.hpp"

namespace rdha::detail {

struct OutputDirectory {
  std::filesystem::path given;  ///< as the caller gave it: what errors name
  std::filesystem::path path;   ///< absolute, every symbolic link resolved
  FileDescriptor fd;           ///< the directory, open; holds rdha's exclusive lock
  dev_t device = 0;            ///< its file system: the writer never leaves it
};

/// @brief Throws EmitError for "" and "-" (standard output to most tools), which name no
///        directory rdha can write or compare.
void refuse_unusable_path(const std::filesystem::path& requested);

/// @brief Refuses what refuse_unusable_path() refuses, resolves @p requested (a symlinked directory is written through to its target),
///        refuses "", "/", the home directory, its parents and the system directories,
///        creates the directory (and missing parents, with the umask's default mode) when
///        absent, opens it and takes an exclusive flock on it so that concurrent writers
///        take turns. Throws EmitError.
OutputDirectory open_output_directory(const std::filesystem::path& requested);

}  // namespace rdha::detail
