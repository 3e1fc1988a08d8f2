// Test helper (testing/directory_snapshot.hpp).
#include "directory_snapshot.hpp"

#include <sys/stat.h>

#include <stdexcept>
#include <vector>

#include "run_command.hpp"

namespace fs = std::filesystem;

namespace rdha::testing {

Snapshot snapshot(const fs::path& root) {
  Snapshot out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    struct stat info {};
    if (::lstat(entry.path().c_str(), &info) != 0) throw std::runtime_error("cannot lstat " + entry.path().string());
    SnapshotEntry snap;
    snap.inode = info.st_ino;
    snap.mode = info.st_mode & 07777;
    if (S_ISLNK(info.st_mode)) {
      snap.type = 'l';
      snap.content = fs::read_symlink(entry.path()).string();
    } else if (S_ISDIR(info.st_mode)) {
      snap.type = 'd';
    } else {
      snap.type = 'f';
      snap.content = read_file(entry.path());
    }
    out[fs::relative(entry.path(), root).string()] = snap;
  }
  return out;
}

Snapshot without(Snapshot snapshot, const std::vector<std::string>& excluded) {
  std::erase_if(snapshot, [&](const auto& item) {
    for (const auto& prefix : excluded)
      if (item.first == prefix || item.first.starts_with(prefix + "/")) return true;
    return false;
  });
  return snapshot;
}

std::string differences(const Snapshot& expected, const Snapshot& actual) {
  std::string out;
  for (const auto& [path, entry] : expected) {
    const auto it = actual.find(path);
    if (it == actual.end())
      out += "missing: " + path + "\n";
    else if (!(it->second == entry))
      out += "changed: " + path + "\n";
  }
  for (const auto& [path, entry] : actual)
    if (!expected.contains(path)) out += "added: " + path + "\n";
  return out;
}

}  // namespace rdha::testing
