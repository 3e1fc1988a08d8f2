// The output writer and mount points: a tmpfs mounted inside the output directory, as the
// output directory, and reached through symbolic links, in a private mount namespace (a
// child process does what `unshare -rm` does). Skips with the reason where the kernel or
// the container does not allow mounting.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>

#include "rdha/emit/atomic_write.hpp"
#include "rdha/error.hpp"
#include "testing/directory_snapshot.hpp"
#include "testing/run_command.hpp"

namespace fs = std::filesystem;

namespace rdha {
namespace {

using testing::differences;
using testing::read_file;
using testing::ScratchDir;
using testing::snapshot;

// Thrown inside the namespace when the environment, not rdha, stops the test.
struct Skip {
  std::string reason;
};

void write_text(const fs::path& path, const std::string& text) {
  if (!(std::ofstream(path) << text)) throw std::runtime_error("cannot write " + path.string());
}

void write_proc(const char* path, const std::string& text) {
  const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  const bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (fd >= 0) ::close(fd);
  if (!ok) throw Skip{std::string("cannot write ") + path + ": " + std::strerror(errno)};
}

void enter_private_mount_namespace() {
  if (::geteuid() == 0) {
    if (::unshare(CLONE_NEWNS) != 0) throw Skip{std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno)};
  } else {
    const uid_t uid = ::geteuid();
    const gid_t gid = ::getegid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
      throw Skip{std::string("unshare(CLONE_NEWUSER | CLONE_NEWNS): ") + std::strerror(errno)};
    write_proc("/proc/self/setgroups", "deny");
    write_proc("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1");
    write_proc("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1");
  }
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    throw Skip{std::string("making / private: ") + std::strerror(errno)};
}

void mount_tmpfs(const fs::path& at) {
  fs::create_directories(at);
  if (::mount("tmpfs", at.c_str(), "tmpfs", 0, "size=8m,mode=0755") != 0)
    throw Skip{"mount -t tmpfs " + at.string() + ": " + std::strerror(errno)};
}

bool is_mount_root(const fs::path& path) {
  struct statx info {};
  return ::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &info) == 0 &&
         (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}

struct NamespaceRun {
  bool skipped = false;
  std::string text;  // the skip reason, or the failures ("" when none)
};

// Runs @p body in a child process in a private mount namespace; its mounts vanish with it.
NamespaceRun in_private_mount_namespace(const std::function<std::string()>& body) {
  int channel[2];
  if (::pipe(channel) != 0) return {false, "pipe failed"};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(channel[0]);
    int code = 0;
    std::string text;
    try {
      enter_private_mount_namespace();
      text = body();
      code = text.empty() ? 0 : 1;
    } catch (const Skip& skip) {
      text = skip.reason;
      code = 77;
    } catch (const std::exception& e) {
      text = std::string("exception: ") + e.what();
      code = 1;
    }
    const ssize_t ignored = ::write(channel[1], text.data(), text.size());
    static_cast<void>(ignored);
    ::_exit(code);
  }
  ::close(channel[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(channel[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  ::close(channel[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (code == 77) return {true, text};
  if (code != 0 && text.empty()) text = "child exited with " + std::to_string(code);
  return {false, text};
}

#define RDHA_SKIP_OR_EXPECT_CLEAN(run)                                                          \
  do {                                                                                          \
    const NamespaceRun result_ = (run);                                                         \
    if (result_.skipped) {                                                                      \
      std::printf("[ SKIPPED  ] mounting is not allowed here: %s\n", result_.text.c_str());      \
      GTEST_SKIP() << "mounting is not allowed here: " << result_.text;                         \
    }                                                                                           \
    EXPECT_EQ(result_.text, "");                                                                \
  } while (false)

// Collects failed expectations inside the child, where gtest's cannot report.
struct Checks {
  std::string failures;
  void expect(bool condition, const std::string& what) {
    if (!condition) failures += what + "\n";
  }
};

TEST(WriterMounts, AFileSystemMountedInsideTheOutputDirectoryIsNeverEntered) {
  ScratchDir scratch("mount-inside");
  const fs::path out = scratch.path() / "out";
  RDHA_SKIP_OR_EXPECT_CLEAN(in_private_mount_namespace([&] {
    Checks checks;
    write_files_atomically({{"a.tf.json", "a1"}, {"modules/x/main.tf.json", "x1"}}, out);
    // A volume holding state, and one mounted over rdha's own modules directory.
    mount_tmpfs(out / "state");
    write_text(out / "state" / "terraform.tfstate", "state");
    mount_tmpfs(out / "modules");
    fs::create_directories(out / "modules" / "x");
    write_text(out / "modules" / "x" / "main.tf.json", "the volume's, not rdha's");
    const auto volumes = testing::without(snapshot(out), {"a.tf.json", ".rdha-manifest.json"});

    write_files_atomically({{"a.tf.json", "a2"}}, out);  // modules/x/main.tf.json is no longer written
    checks.expect(read_file(out / "a.tf.json") == "a2", "a.tf.json rewritten");
    checks.expect(differences(volumes, testing::without(snapshot(out), {"a.tf.json", ".rdha-manifest.json"})) == "",
                  "the mounted volumes unchanged");
    checks.expect(is_mount_root(out / "state") && is_mount_root(out / "modules"), "both still mounted");

    try {
      write_files_atomically({{"a.tf.json", "a3"}, {"modules/y/main.tf.json", "y"}}, out);
      checks.expect(false, "writing into the mounted modules directory is refused");
    } catch (const EmitError& e) {
      checks.expect(std::string(e.what()) ==
                        "[rdha.emit.unsafe_subdirectory] (" + (out / "modules").string() +
                            ") is another file system mounted inside the output directory; rdha writes only into "
                            "directories of the output directory's own file system and never through a symbolic "
                            "link. Nothing was written. Move it away.",
                    std::string("exact message, got: ") + e.what());
    }
    checks.expect(read_file(out / "a.tf.json") == "a2", "nothing written after the refusal");
    checks.expect(!fs::exists(out / "modules" / "y"), "nothing written into the volume");
    return checks.failures;
  }));
}

TEST(WriterMounts, AMountPointAsTheOutputDirectoryIsWrittenInPlace) {
  ScratchDir scratch("mount-as-out");
  const fs::path out = scratch.path() / "out";
  RDHA_SKIP_OR_EXPECT_CLEAN(in_private_mount_namespace([&] {
    Checks checks;
    mount_tmpfs(out);
    write_text(out / "terraform.tfstate", "state");
    write_files_atomically({{"a.tf.json", "a1"}, {"b.tf.json", "b1"}}, out);
    write_files_atomically({{"b.tf.json", "b2"}, {"modules/m/main.tf.json", "m"}}, out);
    checks.expect(is_mount_root(out), "the output directory is still the mount");
    checks.expect(!fs::exists(out / "a.tf.json") && read_file(out / "b.tf.json") == "b2" &&
                      read_file(out / "modules/m/main.tf.json") == "m",
                  "the second set is in place");
    checks.expect(read_file(out / "terraform.tfstate") == "state", "the state kept");
    return checks.failures;
  }));
}

TEST(WriterMounts, SymbolicLinksToOtherFileSystemsAsAndInTheOutputDirectory) {
  ScratchDir scratch("mount-symlinks");
  RDHA_SKIP_OR_EXPECT_CLEAN(in_private_mount_namespace([&] {
    Checks checks;
    const fs::path volume = scratch.path() / "volume", other = scratch.path() / "other";
    mount_tmpfs(volume);
    mount_tmpfs(other);
    fs::create_directories(volume / "tf");
    write_text(other / "terraform.tfstate", "state on another volume");
    const fs::path out = scratch.path() / "out";
    fs::create_directory_symlink(volume / "tf", out);       // the output directory: a link to a volume
    fs::create_directory_symlink(other, volume / "tf" / "state");  // inside it: a link to another volume
    const auto before_other = snapshot(other);

    write_files_atomically({{"a.tf.json", "a1"}}, out);
    write_files_atomically({{"b.tf.json", "b1"}}, out);
    checks.expect(fs::is_symlink(out) && fs::read_symlink(out) == volume / "tf", "the output link kept");
    checks.expect(read_file(volume / "tf" / "b.tf.json") == "b1" && !fs::exists(volume / "tf" / "a.tf.json"),
                  "written through to the volume");
    checks.expect(fs::is_symlink(volume / "tf" / "state"), "the inner link kept");
    checks.expect(differences(before_other, snapshot(other)) == "", "the other volume unchanged");
    return checks.failures;
  }));
}

}  // namespace
}  // namespace rdha
