// rdha/emit/atomic_write.hpp — writing a set of files into an output directory that
// other programs share (Terraform's state and lock files, editors, overrides, mounted
// volumes), touching only the files rdha owns.
//
// Ownership: the manifest (kManifestFileName, in the output directory) lists the files
// rdha wrote there last time and the directories it created. A write replaces the files
// it writes now, removes the owned files it no longer writes (and owned directories left
// empty), and never moves, copies, re-permissions or deletes anything else. Without a
// manifest nothing in the directory is owned. An existing file where the write puts one
// that the manifest does not list is refused before anything changes (EmitError
// not_owned), unless it is a regular file holding exactly the bytes written there: that
// is rdha's output whoever put it there (a clone of a repository that commits its
// output), and it is adopted.
//
// Crash guarantee (kill -9 at any moment): every owned file is complete, old or new, and
// the set of files is the old one, the new one, or a mixed set that Terraform refuses to
// load because the sentinel kWriteInProgressFileName (not valid Terraform JSON) is still
// in the directory; the next write repairs it. The output directory itself is never
// moved, replaced or removed.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace rdha {

/// @brief The manifest of owned files and directories in an output directory.
inline constexpr std::string_view kManifestFileName = ".rdha-manifest.json";
/// @brief Present exactly while a write is in progress or after one was interrupted;
///        invalid Terraform JSON, so Terraform refuses to load the directory.
inline constexpr std::string_view kWriteInProgressFileName = "_rdha_write_in_progress.tf.json";
/// @brief Prefix of the temporary files a write creates in the output directory; a later
///        write removes any it finds (left by a killed write).
inline constexpr std::string_view kTemporaryFilePrefix = ".rdha-tmp-";

/// @brief Whether a write waits until its files are on disk.
enum class Durability {
  /// Flushed before write_files_atomically returns; the crash guarantee holds across a
  /// power failure too, on file systems that commit metadata changes in order (ext4 and
  /// XFS in their default modes). The default.
  durable,
  /// Left to the kernel's write-back, for scratch output (benchmarks, tests, output a
  /// build regenerates): the kill -9 guarantee holds, a power failure may lose or empty
  /// files.
  no_sync,
};

/// @brief Writes @p files (path relative to @p directory → text; paths may name
///        subdirectories, e.g. "modules/network/main.tf.json") with the ownership and
///        crash rules above.
///
/// The directory is resolved first: a symbolic link to a directory is written through
/// to its target; "", "/", the home directory, its parents and system directories are
/// refused; a missing directory is created with the umask's default mode. Concurrent
/// writes to the same directory take turns (flock). Each file is written to a temporary
/// file, all are flushed to disk, renamed into place, and the directories fsync'ed once
/// (Durability::no_sync: nothing is flushed).
/// Subdirectories are created as needed; a write never follows a symbolic link inside
/// the output directory and never enters another file system mounted in it.
///
/// Throws EmitError: before anything changed the previous output is intact; an error
/// half-way leaves the sentinel for the next write to repair.
void write_files_atomically(const std::map<std::string, std::string>& files,
                            const std::filesystem::path& directory, Durability durability = Durability::durable);

}  // namespace rdha
