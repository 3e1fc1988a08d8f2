// Resolving, refusing, creating, opening and locking the output directory
// (output_directory.hpp).
#include "output_directory.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>

#include "rdha/error.hpp"

namespace fs = std::filesystem;

namespace rdha::detail {
namespace {

// Directories that are never a Terraform root module; writing into one is a mistake such
// as `--out "$UNSET_VARIABLE/"`.
constexpr std::array<std::string_view, 16> kSystemDirectories = {
    "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/opt",
    "/proc", "/root", "/run", "/sbin", "/sys", "/tmp", "/usr", "/var"};

std::optional<fs::path> home_directory() {
  const char* home = std::getenv("HOME");
  std::string path = home != nullptr ? home : "";
  if (path.empty()) {
    if (const passwd* entry = ::getpwuid(::getuid()); entry != nullptr && entry->pw_dir != nullptr) path = entry->pw_dir;
  }
  std::error_code error;
  if (path.empty()) return std::nullopt;
  fs::path resolved = fs::weakly_canonical(path, error);
  if (error) return std::nullopt;
  return resolved;
}

// Why rdha will not write into @p directory, or "" when it may.
std::string refusal_reason(const fs::path& directory) {
  if (directory == directory.root_path()) return "the root of the file system";
  for (std::string_view system : kSystemDirectories)
    if (directory == fs::path(system)) return "a system directory";
  if (const auto home = home_directory()) {
    if (directory == *home) return "the home directory";
    const auto [end, _] = std::mismatch(directory.begin(), directory.end(), home->begin(), home->end());
    if (end == directory.end()) return "a parent of the home directory";
  }
  return {};
}

// A trailing slash would make lstat follow a symbolic link.
fs::path without_trailing_slash(const fs::path& path) {
  fs::path clean = path.lexically_normal();
  return clean.has_filename() || clean == clean.root_path() ? clean : clean.parent_path();
}

void fsync_directory(const fs::path& path, const fs::path& given) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd || ::fsync(fd.get()) != 0) throw EmitError::io(given.string(), std::strerror(errno), false);
}

}  // namespace

void refuse_unusable_path(const fs::path& requested) {
  if (requested.empty()) throw EmitError::empty_path();
  if (requested == "-") throw EmitError::standard_output_path();
}

// Every error before the write starts leaves the directory as it was: "no output was
// written" holds whether or not an earlier one is there.
OutputDirectory open_output_directory(const fs::path& requested) {
  refuse_unusable_path(requested);
  std::error_code error;
  const fs::path absolute = without_trailing_slash(fs::absolute(requested, error));
  const std::string given = requested.string();
  if (error) throw EmitError::io(given, error.message(), false);
  if (fs::is_symlink(fs::symlink_status(absolute, error)) && !fs::exists(absolute, error))
    throw EmitError::dangling_symlink(given, fs::read_symlink(absolute, error).string());

  OutputDirectory out;
  out.given = requested;
  out.path = fs::weakly_canonical(absolute, error);
  if (error) throw EmitError::io(given, error.message(), false);
  if (const std::string reason = refusal_reason(out.path); !reason.empty())
    throw EmitError::refused_directory(out.path.string(), reason);

  const fs::file_status status = fs::status(out.path, error);
  bool created = false;
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) throw EmitError::not_a_directory(given);
  } else {
    created = fs::create_directories(out.path, error);
    if (error) throw EmitError::io(given, error.message(), false);
  }

  out.fd = FileDescriptor(::open(out.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!out.fd) throw EmitError::io(given, std::strerror(errno), false);
  // Concurrent writers take turns. File systems without flock (some network ones) are
  // written unlocked rather than refused.
  while (::flock(out.fd.get(), LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    if (errno == ENOLCK || errno == EOPNOTSUPP || errno == EBADF) break;
    throw EmitError::io(given, std::strerror(errno), false);
  }
  struct stat info {};
  if (::fstat(out.fd.get(), &info) != 0) throw EmitError::io(given, std::strerror(errno), false);
  out.device = info.st_dev;
  if (created) fsync_directory(out.path.parent_path(), given);  // the new directory's own entry
  return out;
}

}  // namespace rdha::detail
