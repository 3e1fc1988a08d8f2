// The output writer (rdha/emit/atomic_write.hpp).
//
// One write, under the output directory's lock:
//   1. remove the temporary files a killed write left; read the manifest (the owned set);
//   2. check every path (no file where a directory goes, no directory where a file goes,
//      no symbolic link or mount point on the way, no file rdha did not write where it
//      writes one) before changing anything;
//   3. create the sentinel, then write every file, the "pending" manifest (old ∪ new owned
//      set) and the final manifest to temporary files in the output directory, and flush
//      them all to disk;
//   4. rename the pending manifest into place (from here on a kill leaves a state the next
//      write repairs: the manifest names every file that may be rdha's), create missing
//      subdirectories, rename each file into place, remove the owned files and
//      directories no longer written, rename the final manifest into place;
//   5. fsync each directory that changed, once, and remove the sentinel.
// An error before step 4 leaves the directory as it was (less any stale temporaries).
//
// Flushing: the order above needs the files on disk before the first rename and the
// renames on disk at the end, the floor of any durable replace-by-rename. Each file's
// write-back starts as soon as it is written (sync_file_range), so the fdatasyncs of
// step 3 wait for I/O already under way, all files' together; fdatasync, not fsync,
// because a new file's size and blocks are all of its metadata a reader needs (the
// renames make it visible, the directory fsyncs make them durable). Each changed
// directory is fsynced once. syncfs would flush every other program's dirty data on the
// file system too. The alternatives, measured: README.md, "Durable writes".
// Durability::no_sync skips these flushes; the order, and so the kill -9 guarantee, stay.
#include "rdha/emit/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <set>
#include <vector>

#include <dirent.h>
#include <fmt/format.h>

#include "rdha/error.hpp"
#include "file_descriptor.hpp"
#include "manifest.hpp"
#include "output_directory.hpp"
#include "subdirectories.hpp"

namespace rdha {
namespace {

using detail::FileDescriptor;
using detail::Manifest;
using Mode = detail::Subdirectories::Mode;

// What Terraform reads if it loads the directory mid-write: not JSON, so it refuses.
constexpr std::string_view kSentinelText =
    "rdha is writing the Terraform files of this directory. If no rdha is running, a write was "
    "interrupted: run rdha again with this output directory to complete it. Terraform refuses to load "
    "the directory while this file exists.\n";

// A manifest is a list of paths; anything this large is not one of rdha's.
constexpr std::size_t kManifestSizeLimit = 16 * 1024 * 1024;

// "a/b/c.tf.json" → "a", "a/b".
void add_ancestors(const std::string& relative, std::set<std::string>& out) {
  for (std::size_t slash = relative.find('/'); slash != std::string::npos; slash = relative.find('/', slash + 1))
    out.insert(relative.substr(0, slash));
}

bool is_regular_file(int directory, const std::string& base) {
  struct stat info {};
  return ::fstatat(directory, base.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(info.st_mode);
}

// Appends @p fd's bytes to @p text up to its end or one byte past @p limit; false on a
// read error (errno says which).
bool read_up_to(int fd, std::size_t limit, std::string& text) {
  char buffer[65536];
  while (text.size() <= limit) {
    const ssize_t n = ::read(fd, buffer, std::min(sizeof buffer, limit + 1 - text.size()));
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

class DirectoryWrite {
 public:
  DirectoryWrite(const detail::OutputDirectory& root, Durability durability)
      : root_(root), subdirectories_(root), durable_(durability == Durability::durable) {}
  DirectoryWrite(const DirectoryWrite&) = delete;
  DirectoryWrite& operator=(const DirectoryWrite&) = delete;

  // Temporaries never outlive the write; the sentinel goes only if this write created it
  // and nothing was renamed yet (otherwise it marks a state the next write repairs).
  ~DirectoryWrite() {
    for (const auto& staged : staged_)
      if (!staged.renamed) ::unlinkat(root_.fd.get(), staged.temporary.c_str(), 0);
    if (created_sentinel_ && !committing_) ::unlinkat(root_.fd.get(), std::string(kWriteInProgressFileName).c_str(), 0);
  }

  void run(const std::map<std::string, std::string>& files) {
    remove_stale_temporaries();
    old_ = owned_before();
    plan(files);
    create_sentinel();
    for (const auto& [name, text] : files) stage(name, text);
    stage(std::string(kManifestFileName), detail::manifest_text(pending_));
    stage(std::string(kManifestFileName), detail::manifest_text(next_));
    flush_staged();

    committing_ = true;
    rename_staged(staged_.size() - 2);  // the pending manifest
    for (const auto& directory : needed_directories_) open_directory(directory, Mode::create);
    for (std::size_t i = 0; i + 2 < staged_.size(); ++i) rename_staged(i);
    remove_no_longer_written();
    record_directories_actually_created();
    rename_staged(staged_.size() - 1);  // the final manifest
    if (durable_)
      for (const auto& directory : changed_directories_) fsync_directory(directory);
    if (::unlinkat(root_.fd.get(), std::string(kWriteInProgressFileName).c_str(), 0) != 0)
      fail(std::string(kWriteInProgressFileName), std::strerror(errno));
  }

 private:
  struct Staged {
    std::string target;     // relative to the output directory
    std::string temporary;  // in the output directory
    FileDescriptor fd;      // open until flushed
    bool renamed = false;
  };

  // Before the first rename the previous output (the files the manifest lists, if any) is
  // intact; after it, the sentinel stays for the next write to repair.
  [[noreturn]] void fail(const std::string& relative, const std::string& detail) const {
    const std::string path = subdirectories_.path_of(relative);
    if (committing_) throw EmitError::interrupted(path, detail, kWriteInProgressFileName);
    throw EmitError::io(path, detail, !old_.files.empty());
  }

  int open_directory(const std::string& relative, Mode mode) {
    try {
      return subdirectories_.open(relative, mode);
    } catch (const detail::DirectoryProblem& problem) {
      if (problem.unsafe && !committing_)
        throw EmitError::unsafe_subdirectory(subdirectories_.path_of(problem.relative), problem.detail);
      fail(problem.relative, problem.detail);
    }
  }

  void remove_stale_temporaries() {
    FileDescriptor listing(::dup(root_.fd.get()));
    DIR* directory = listing ? ::fdopendir(listing.get()) : nullptr;
    if (directory == nullptr) fail("", std::strerror(errno));
    static_cast<void>(listing.release());  // closedir closes it
    // The duplicate shares the directory offset with the open output directory.
    std::vector<std::string> stale;
    ::rewinddir(directory);
    while (const dirent* entry = ::readdir(directory)) {
      const std::string name = entry->d_name;
      if (name.starts_with(kTemporaryFilePrefix) && is_regular_file(root_.fd.get(), name)) stale.push_back(name);
    }
    ::closedir(directory);
    for (const auto& name : stale)
      if (::unlinkat(root_.fd.get(), name.c_str(), 0) != 0 && errno != ENOENT) fail(name, std::strerror(errno));
    if (!stale.empty()) changed_directories_.insert("");
  }

  Manifest owned_before() {
    const std::string name(kManifestFileName);
    FileDescriptor fd(::openat(root_.fd.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
      if (errno == ELOOP) throw EmitError::bad_manifest(subdirectories_.path_of(name), "it is a symbolic link");
      if (errno != ENOENT) fail(name, std::strerror(errno));
      return {};  // no record of what rdha wrote here: nothing in the directory is its own
    }
    std::string text;
    if (!read_up_to(fd.get(), kManifestSizeLimit, text)) fail(name, std::strerror(errno));
    if (text.size() > kManifestSizeLimit)
      throw EmitError::bad_manifest(subdirectories_.path_of(name), "it is larger than 16 MiB");
    return detail::parse_manifest(text, subdirectories_.path_of(name));
  }

  // Decides the owned sets and checks every path the write will use, changing nothing.
  // An existing file where the write puts one is replaced only when rdha owns it, or when
  // it already holds exactly the bytes written there: then it is rdha's output whoever
  // put it there (a clone of a repository that commits its output, a copy), and is
  // adopted. Any other file is refused, all of them named at once.
  void plan(const std::map<std::string, std::string>& files) {
    std::set<std::string> needed;
    for (const auto& [name, text] : files) {
      next_.files.insert(name);
      add_ancestors(name, needed);
    }
    needed_directories_.assign(needed.begin(), needed.end());  // sorted: parents first
    for (const auto& directory : needed_directories_) {
      const bool exists = open_directory(directory, Mode::find) >= 0;
      if (!exists || old_.directories.contains(directory)) next_.directories.insert(directory);
    }
    std::vector<std::string> not_owned;
    for (const auto& [name, text] : files) {
      const int parent = open_directory(detail::parent_of(name), Mode::find);
      if (parent < 0) continue;
      struct stat info {};
      if (::fstatat(parent, detail::base_of(name).c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) continue;
        fail(name, std::strerror(errno));
      }
      if (S_ISDIR(info.st_mode)) throw EmitError::target_is_directory(subdirectories_.path_of(name));
      if (!old_.files.contains(name) && !holds_exactly(parent, name, info, text))
        not_owned.push_back(subdirectories_.path_of(name));
    }
    if (!not_owned.empty()) throw EmitError::not_owned(not_owned, kManifestFileName);
    pending_ = old_;
    pending_.files.insert(next_.files.begin(), next_.files.end());
    pending_.directories.insert(next_.directories.begin(), next_.directories.end());
  }

  // Whether the file @p name (in the open directory @p parent, @p info its lstat) is a
  // regular file holding exactly @p text.
  bool holds_exactly(int parent, const std::string& name, const struct stat& info, std::string_view text) const {
    if (!S_ISREG(info.st_mode) || static_cast<std::size_t>(info.st_size) != text.size()) return false;
    // O_NONBLOCK: should a FIFO replace the file meanwhile, opening it must not wait for a writer.
    FileDescriptor fd(::openat(parent, detail::base_of(name).c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    std::string content;
    if (!fd || !read_up_to(fd.get(), text.size(), content)) fail(name, std::strerror(errno));
    return content == text;
  }

  void create_sentinel() {
    const std::string name(kWriteInProgressFileName);
    FileDescriptor fd(::openat(root_.fd.get(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666));
    if (!fd) {
      if (errno == EEXIST) return;  // an interrupted write: this one repairs it
      fail(name, std::strerror(errno));
    }
    created_sentinel_ = true;
    write_all(fd.get(), kSentinelText, name);
    changed_directories_.insert("");
  }

  void write_all(int fd, std::string_view text, const std::string& relative) const {
    while (!text.empty()) {
      const ssize_t n = ::write(fd, text.data(), text.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        fail(relative, std::strerror(errno));
      }
      text.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  void stage(const std::string& target, const std::string& text) {
    const std::string temporary = fmt::format("{}{}-{:016x}-{}", kTemporaryFilePrefix, ::getpid(), random_(),
                                              detail::base_of(target).substr(0, 64));
    Staged staged{target, temporary, FileDescriptor(::openat(root_.fd.get(), temporary.c_str(),
                                                             O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666))};
    if (!staged.fd) fail(target, std::strerror(errno));
    staged_.push_back(std::move(staged));
    write_all(staged_.back().fd.get(), text, target);
    // Start the write-back now so the fdatasyncs below wait for all files' I/O together.
    if (durable_) ::sync_file_range(staged_.back().fd.get(), 0, 0, SYNC_FILE_RANGE_WRITE);
  }

  void flush_staged() {
    for (auto& staged : staged_) flush(staged);
  }

  void flush(Staged& staged) {
    if (durable_ && ::fdatasync(staged.fd.get()) != 0) fail(staged.target, std::strerror(errno));
    staged.fd.reset();
  }

  void rename_staged(std::size_t index) {
    Staged& staged = staged_[index];
    const std::string parent = detail::parent_of(staged.target);
    const int directory = open_directory(parent, Mode::find);
    if (directory < 0) fail(parent, std::strerror(ENOENT));
    if (::renameat(root_.fd.get(), staged.temporary.c_str(), directory, detail::base_of(staged.target).c_str()) != 0)
      fail(staged.target, std::strerror(errno));
    staged.renamed = true;
    changed_directories_.insert(parent);
  }

  // Owned files no longer written, then owned directories no longer needed (deepest
  // first, and only when empty). What is no longer a regular file or a directory of the
  // output directory's own file system is not rdha's any more and stays.
  void remove_no_longer_written() {
    for (const auto& name : old_.files) {
      if (next_.files.contains(name)) continue;
      const std::string parent = detail::parent_of(name);
      const int directory = open_directory(parent, Mode::find_if_safe);
      if (directory < 0 || !is_regular_file(directory, detail::base_of(name))) continue;
      if (::unlinkat(directory, detail::base_of(name).c_str(), 0) != 0 && errno != ENOENT)
        fail(name, std::strerror(errno));
      changed_directories_.insert(parent);
    }
    for (auto it = old_.directories.rbegin(); it != old_.directories.rend(); ++it) {
      if (std::binary_search(needed_directories_.begin(), needed_directories_.end(), *it)) continue;
      if (open_directory(*it, Mode::find_if_safe) < 0) continue;
      const std::string parent = detail::parent_of(*it);
      const int directory = open_directory(parent, Mode::find_if_safe);
      if (directory < 0) continue;
      if (::unlinkat(directory, detail::base_of(*it).c_str(), AT_REMOVEDIR) == 0) changed_directories_.insert(parent);
    }
  }

  // The final manifest was staged assuming every missing directory would be created by
  // this write; if another program created one first, it is not rdha's: restage.
  void record_directories_actually_created() {
    for (const auto& directory : subdirectories_.created()) changed_directories_.insert(detail::parent_of(directory));
    Manifest actual = next_;
    for (const auto& directory : next_.directories) {
      const bool created = std::find(subdirectories_.created().begin(), subdirectories_.created().end(), directory) !=
                           subdirectories_.created().end();
      if (!created && !old_.directories.contains(directory)) actual.directories.erase(directory);
    }
    if (actual == next_) return;
    ::unlinkat(root_.fd.get(), staged_.back().temporary.c_str(), 0);
    staged_.pop_back();
    stage(std::string(kManifestFileName), detail::manifest_text(actual));
    flush(staged_.back());
  }

  void fsync_directory(const std::string& relative) {
    const int directory = open_directory(relative, Mode::find);
    if (directory >= 0 && ::fsync(directory) != 0) fail(relative, std::strerror(errno));
  }

  const detail::OutputDirectory& root_;
  detail::Subdirectories subdirectories_;
  Manifest old_;      // owned when the write started
  Manifest pending_;  // old ∪ new: in place while files are renamed
  Manifest next_;     // what this write owns when it is done
  std::vector<std::string> needed_directories_;
  std::set<std::string> changed_directories_;
  std::vector<Staged> staged_;
  std::mt19937_64 random_{std::random_device{}()};
  bool durable_;
  bool created_sentinel_ = false;
  bool committing_ = false;
};

}  // namespace

void write_files_atomically(const std::map<std::string, std::string>& files, const std::filesystem::path& directory,
                            Durability durability) {
  for (const auto& [name, text] : files)
    if (!detail::is_ownable_name(name))
      throw EmitError::invalid_file_name(
          name, {kManifestFileName, kWriteInProgressFileName, std::string(kTemporaryFilePrefix) + "*"});
  const detail::OutputDirectory root = detail::open_output_directory(directory);
  DirectoryWrite(root, durability).run(files);
}

}  // namespace rdha
