// Directories inside the output directory, opened for the writer's *at() calls without
// following a symbolic link or entering another file system (atomic_write.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "file_descriptor.hpp"
#include "output_directory.hpp"

namespace rdha::detail {

/// @brief Why a directory could not be opened: a system error (detail is its text) or an
///        unsafe part of the path (detail says what it is).
struct DirectoryProblem {
  std::string relative;
  std::string detail;
  bool unsafe = false;
};

class Subdirectories {
 public:
  explicit Subdirectories(const OutputDirectory& root) : root_(root) {}

  /// @brief What to do with a missing or unsafe (symbolic link, not a directory, another
  ///        file system) part of the path.
  enum class Mode {
    find,         ///< missing → -1; unsafe → DirectoryProblem
    create,       ///< missing → created; unsafe → DirectoryProblem
    find_if_safe  ///< missing or unsafe → -1 (what is no longer rdha's own is left alone)
  };

  /// @brief The open directory @p relative ("a/b"; "" is the output directory), or -1.
  ///        Throws DirectoryProblem.
  int open(const std::string& relative, Mode mode);

  /// @brief The directories open() created, parents first.
  const std::vector<std::string>& created() const noexcept { return created_; }

  /// @brief The path of @p relative as the caller named the directory, for messages.
  std::string path_of(const std::string& relative) const;

 private:
  const OutputDirectory& root_;
  std::map<std::string, FileDescriptor> open_;
  std::vector<std::string> created_;
};

/// @brief "a/b" for "a/b/c.tf.json"; "" for "c.tf.json".
std::string parent_of(const std::string& relative);
/// @brief "c.tf.json" for "a/b/c.tf.json".
std::string base_of(const std::string& relative);

}  // namespace rdha::detail
