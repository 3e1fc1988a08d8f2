// Opening directories inside the output directory (subdirectories.hpp).
#include "subdirectories.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <cstring>


namespace rdha::detail {
namespace {

// A mount point, even a bind mount of the same file system, is another file system's
// territory: STATX_ATTR_MOUNT_ROOT marks it (Linux 5.8+), a different device number
// marks the rest.
bool on_other_file_system(int fd, dev_t device) {
  struct statx info {};
  if (::statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &info) != 0) return true;
  if ((info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) != 0 && (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0)
    return true;
  return ::makedev(info.stx_dev_major, info.stx_dev_minor) != device;
}

}  // namespace

std::string parent_of(const std::string& relative) {
  const auto slash = relative.rfind('/');
  return slash == std::string::npos ? std::string() : relative.substr(0, slash);
}

std::string base_of(const std::string& relative) {
  const auto slash = relative.rfind('/');
  return slash == std::string::npos ? relative : relative.substr(slash + 1);
}

std::string Subdirectories::path_of(const std::string& relative) const {
  return relative.empty() ? root_.given.string() : (root_.given / relative).string();
}

int Subdirectories::open(const std::string& relative, Mode mode) {
  if (relative.empty()) return root_.fd.get();
  if (const auto it = open_.find(relative); it != open_.end()) return it->second.get();
  const int parent = open(parent_of(relative), mode);
  if (parent < 0) return -1;

  const std::string base = base_of(relative);
  constexpr int kFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  FileDescriptor fd(::openat(parent, base.c_str(), kFlags));
  if (!fd && errno == ENOENT && mode == Mode::create) {
    // 0777: the umask decides, as for any directory a user's tool creates.
    if (::mkdirat(parent, base.c_str(), 0777) == 0)
      created_.push_back(relative);
    else if (errno != EEXIST)
      throw DirectoryProblem{relative, std::strerror(errno)};
    fd = FileDescriptor(::openat(parent, base.c_str(), kFlags));
  }
  std::string unsafe;
  if (!fd) {
    if (errno == ENOENT) return -1;
    if (errno != ELOOP && errno != ENOTDIR) throw DirectoryProblem{relative, std::strerror(errno)};
    // With O_DIRECTORY, a symbolic link fails as ENOTDIR on Linux: ask what it is.
    struct stat info {};
    const bool link = ::fstatat(parent, base.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(info.st_mode);
    unsafe = link ? "a symbolic link" : "not a directory";
  } else if (on_other_file_system(fd.get(), root_.device)) {
    unsafe = "another file system mounted inside the output directory";
  }
  if (!unsafe.empty()) {
    if (mode == Mode::find_if_safe) return -1;
    throw DirectoryProblem{relative, unsafe, true};
  }
  return open_.emplace(relative, std::move(fd)).first->second.get();
}

}  // namespace rdha::detail
