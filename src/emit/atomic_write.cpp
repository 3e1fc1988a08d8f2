// Atomic replacement of an output directory (rdha/emit/tf_json.hpp).
//
// The new file set is written into a temporary sibling directory, together with hard
// links to everything in the old directory that rdha does not manage (state, lock
// files, overrides, .terraform/), then exchanged with the old directory in one
// renameat2(RENAME_EXCHANGE). Readers see either the old set or the new one; a crash
// leaves at worst a stray ".<name>.rdha-*" directory beside the output.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>

#include "rdha/emit/tf_json.hpp"
#include "rdha/error.hpp"

namespace fs = std::filesystem;

namespace rdha {
namespace {

void write_file(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw EmitError::io(path.string(), std::strerror(errno));
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      throw EmitError::io(path.string(), std::strerror(error));
    }
    written += static_cast<std::size_t>(n);
  }
  // Durable before the swap: the exchange must never expose a half-written file.
  if (::fsync(fd) != 0 || ::close(fd) != 0) throw EmitError::io(path.string(), std::strerror(errno));
}

// Mirrors @p from into @p to with hard links (copies where linking is impossible),
// leaving out the top-level names in @p skip.
void carry_over(const fs::path& from, const fs::path& to, const std::vector<std::string>& skip = {}) {
  for (const auto& entry : fs::directory_iterator(from)) {
    if (std::find(skip.begin(), skip.end(), entry.path().filename().string()) != skip.end()) continue;
    const fs::path target = to / entry.path().filename();
    if (entry.is_symlink()) {
      fs::copy_symlink(entry.path(), target);
    } else if (entry.is_directory()) {
      fs::create_directory(target);
      carry_over(entry.path(), target);
    } else {
      std::error_code error;
      fs::create_hard_link(entry.path(), target, error);
      if (error) fs::copy_file(entry.path(), target);
    }
  }
}

std::string unique_suffix() {
  std::random_device device;
  return std::to_string(::getpid()) + "-" + std::to_string(device());
}

void swap_in(const fs::path& staging, const fs::path& target, bool target_exists) {
  if (!target_exists) {
    if (::rename(staging.c_str(), target.c_str()) != 0) throw EmitError::io(target.string(), std::strerror(errno));
    return;
  }
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) return;
  // Filesystems without RENAME_EXCHANGE: two renames, the old set kept until the end.
  const fs::path parked = target.parent_path() / ("." + target.filename().string() + ".rdha-old-" + unique_suffix());
  if (::rename(target.c_str(), parked.c_str()) != 0) throw EmitError::io(target.string(), std::strerror(errno));
  if (::rename(staging.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::rename(parked.c_str(), target.c_str());
    throw EmitError::io(target.string(), std::strerror(error));
  }
  ::rename(parked.c_str(), staging.c_str());  // so the caller removes it like an exchanged dir
}

}  // namespace

void write_files_atomically(const std::map<std::string, std::string>& files, const fs::path& directory) {
  const fs::path target = fs::absolute(directory).lexically_normal();
  const fs::path clean = target.filename().empty() ? target.parent_path() : target;
  std::error_code error;
  const bool exists = fs::exists(clean, error);
  if (exists && !fs::is_directory(clean)) throw EmitError::not_a_directory(clean.string());
  fs::create_directories(clean.parent_path(), error);
  if (error) throw EmitError::io(clean.parent_path().string(), error.message());

  const fs::path staging = clean.parent_path() / ("." + clean.filename().string() + ".rdha-" + unique_suffix());
  try {
    fs::create_directory(staging);
    if (exists) {
      carry_over(clean, staging, managed_file_names());
      fs::permissions(staging, fs::status(clean).permissions());
    }
    for (const auto& [name, text] : files) write_file(staging / name, text);
    swap_in(staging, clean, exists);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(staging, error);
    throw EmitError::io(e.path1().string(), e.code().message());
  } catch (...) {
    fs::remove_all(staging, error);
    throw;
  }
  fs::remove_all(staging, error);  // after an exchange this is the previous set
}

}  // namespace rdha
