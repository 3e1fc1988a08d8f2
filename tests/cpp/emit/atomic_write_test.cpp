// The output writer's ownership rules: it writes, replaces and removes only the files it
// owns (its manifest; without one, none), refuses a file it did not write where it writes
// one unless that file holds exactly its output, resolves a symlinked output directory,
// never follows a symbolic link inside it, refuses directories that are never a Terraform
// root, and repairs what an interrupted write left.
#include "rdha/emit/atomic_write.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

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
using testing::without;

using Files = std::map<std::string, std::string>;

const std::string kManifest(kManifestFileName);
const std::string kSentinel(kWriteInProgressFileName);

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

nlohmann::json manifest_of(const fs::path& out) { return nlohmann::json::parse(read_file(out / kManifest)); }

std::vector<std::string> owned_files(const fs::path& out) { return manifest_of(out)["files"]; }
std::vector<std::string> owned_directories(const fs::path& out) { return manifest_of(out)["directories"]; }

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

// The error a call throws, for exact-text assertions.
template <class Call>
EmitError emit_error_of(Call call) {
  try {
    call();
  } catch (const EmitError& e) {
    return e;
  }
  ADD_FAILURE() << "no EmitError thrown";
  return EmitError("none", "", "");
}

class UmaskScope {
 public:
  explicit UmaskScope(mode_t mask) : previous_(::umask(mask)) {}
  ~UmaskScope() { ::umask(previous_); }

 private:
  mode_t previous_;
};

class HomeScope {
 public:
  explicit HomeScope(const fs::path& home) {
    if (const char* old = std::getenv("HOME")) previous_ = old;
    ::setenv("HOME", home.c_str(), 1);
  }
  ~HomeScope() { ::setenv("HOME", previous_.c_str(), 1); }

 private:
  std::string previous_;
};

TEST(AtomicWrite, WritesTheFilesAndAManifestOfThem) {
  ScratchDir scratch("writer-fresh");
  const fs::path out = scratch.path() / "a" / "out";  // missing parents are created
  write_files_atomically({{"main.tf.json", "{}\n"}, {"modules/net/main.tf.json", "{\"x\": 1}\n"}}, out);
  EXPECT_EQ(read_file(out / "main.tf.json"), "{}\n");
  EXPECT_EQ(read_file(out / "modules/net/main.tf.json"), "{\"x\": 1}\n");
  EXPECT_EQ(owned_files(out), (std::vector<std::string>{"main.tf.json", "modules/net/main.tf.json"}));
  EXPECT_EQ(owned_directories(out), (std::vector<std::string>{"modules", "modules/net"}));
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(out)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{".rdha-manifest.json", "main.tf.json", "modules"}))
      << "no sentinel, no temporary file left";
}

TEST(AtomicWrite, ReplacesAndRemovesOnlyWhatItOwns) {
  ScratchDir scratch("writer-owned");
  const fs::path out = scratch.path() / "out";
  write_files_atomically({{"a.tf.json", "a1"}, {"b.tf.json", "b1"}, {"modules/x/main.tf.json", "x1"}}, out);
  // What Terraform, editors and the user keep beside rdha's files.
  write(out / "terraform.tfstate", "{\"serial\": 7}");
  write(out / ".terraform/providers/marker", "plugin");
  write(out / "override.tf.json", "{\"locals\": {}}");
  write(out / "network.tf.json", "the user's, not in the manifest");
  write(out / "modules/x/notes.txt", "the user's, in rdha's directory");
  const auto before = without(snapshot(out), {"a.tf.json", "b.tf.json", "c.tf.json", "modules/x/main.tf.json", kManifest});

  write_files_atomically({{"b.tf.json", "b2"}, {"c.tf.json", "c2"}}, out);

  EXPECT_FALSE(fs::exists(out / "a.tf.json"));
  EXPECT_FALSE(fs::exists(out / "modules/x/main.tf.json"));
  EXPECT_EQ(read_file(out / "b.tf.json"), "b2");
  EXPECT_EQ(read_file(out / "c.tf.json"), "c2");
  const auto after = without(snapshot(out), {"a.tf.json", "b.tf.json", "c.tf.json", "modules/x/main.tf.json", kManifest});
  EXPECT_EQ(differences(before, after), "") << "same inodes, modes and bytes";
  // modules/x holds the user's file: it stays, and is no longer rdha's to remove.
  EXPECT_EQ(owned_files(out), (std::vector<std::string>{"b.tf.json", "c.tf.json"}));
  EXPECT_EQ(owned_directories(out), std::vector<std::string>{});
}

TEST(AtomicWrite, RemovesTheDirectoriesItCreatedOnceEmpty) {
  ScratchDir scratch("writer-dirs");
  const fs::path out = scratch.path() / "out";
  write_files_atomically({{"modules/x/main.tf.json", "x"}, {"modules/y/main.tf.json", "y"}}, out);
  write_files_atomically({{"modules/y/main.tf.json", "y2"}}, out);
  EXPECT_FALSE(fs::exists(out / "modules/x"));
  EXPECT_EQ(owned_directories(out), (std::vector<std::string>{"modules", "modules/y"}));
  write_files_atomically({{"main.tf.json", "{}"}}, out);
  EXPECT_FALSE(fs::exists(out / "modules"));
  EXPECT_EQ(owned_directories(out), std::vector<std::string>{});
}

TEST(AtomicWrite, NewDirectoriesAndFilesGetTheUmaskModeExistingOnesKeepTheirs) {
  ScratchDir scratch("writer-modes");
  const fs::path out = scratch.path() / "out";
  fs::create_directories(out / "modules");
  fs::permissions(out / "modules", fs::perms::owner_all);  // 0700, the user's choice
  fs::permissions(out, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  UmaskScope umask(027);
  write_files_atomically({{"modules/x/main.tf.json", "x"}}, out);
  EXPECT_EQ(mode_of(out), 0750u);
  EXPECT_EQ(mode_of(out / "modules"), 0700u);
  EXPECT_EQ(mode_of(out / "modules/x"), 0750u);
  EXPECT_EQ(mode_of(out / "modules/x/main.tf.json"), 0640u);
  // modules existed: it is the user's, and only modules/x is rdha's.
  EXPECT_EQ(owned_directories(out), std::vector<std::string>{"modules/x"});
  write_files_atomically({}, out);
  EXPECT_FALSE(fs::exists(out / "modules/x"));
  EXPECT_TRUE(fs::is_directory(out / "modules"));
  EXPECT_EQ(mode_of(out / "modules"), 0700u);
}

// The refusal of files rdha did not write, for the paths given (absolute, in order).
std::string not_owned_message(const std::vector<fs::path>& paths) {
  if (paths.size() == 1)
    return "[rdha.emit.not_owned] (" + paths.front().string() +
           ") exists, and rdha did not write it: .rdha-manifest.json does not list it and it differs from what rdha "
           "writes there. Nothing was written. Move it away, or delete it if it is an old output of rdha, then run "
           "rdha again.";
  std::string rest;
  for (std::size_t i = 1; i < paths.size(); ++i) rest += (i > 1 ? ", " : "") + paths[i].string();
  return "[rdha.emit.not_owned] (" + paths.front().string() + ") exists, and rdha did not write it, nor " + rest +
         ": .rdha-manifest.json lists none of them and they differ from what rdha writes there. Nothing was written. "
         "Move them away, or delete them if they are an old output of rdha, then run rdha again.";
}

TEST(AtomicWrite, WithoutAManifestItOwnsNothingItFinds) {
  ScratchDir scratch("writer-no-manifest");
  const fs::path out = scratch.path() / "out";
  write(out / "recovery.tf.json", "one of rdha's file names, but not written by this rdha");
  write(out / "mine.tf.json", "the user's");
  const auto before = snapshot(out);
  write_files_atomically({{"database.tf.json", "new"}}, out);
  EXPECT_EQ(read_file(out / "database.tf.json"), "new");
  EXPECT_EQ(differences(before, without(snapshot(out), {"database.tf.json", kManifest})), "")
      << "what rdha did not write stays: same inodes, modes and bytes";
  EXPECT_EQ(owned_files(out), std::vector<std::string>{"database.tf.json"});
  write_files_atomically({{"main.tf.json", "{}"}}, out);
  EXPECT_EQ(differences(before, without(snapshot(out), {"main.tf.json", kManifest})), "");
}

TEST(AtomicWrite, WithoutAManifestAFileItWouldReplaceIsRefused) {
  ScratchDir scratch("writer-no-manifest-refused");
  const fs::path out = scratch.path() / "out";
  write(out / "database.tf.json", "written by hand, or by an rdha from before manifests");
  write(out / "main.tf.json", "{}");  // what this write puts there: adoptable, but the write is refused
  const auto before = snapshot(scratch.path());
  const auto error =
      emit_error_of([&] { write_files_atomically({{"database.tf.json", "new"}, {"main.tf.json", "{}"}}, out); });
  EXPECT_EQ(std::string(error.what()), not_owned_message({out / "database.tf.json"}));
  EXPECT_EQ(error.code(), "not_owned");
  EXPECT_EQ(error.subject(), (out / "database.tf.json").string());
  EXPECT_EQ(differences(before, snapshot(scratch.path())), "") << "no manifest, no sentinel, nothing replaced";
}

TEST(AtomicWrite, AFileItDidNotWriteAtAPathItWritesIsRefused) {
  ScratchDir scratch("writer-not-owned");
  const fs::path out = scratch.path() / "out";
  write(scratch.path() / "elsewhere.json", "x");
  write_files_atomically({{"a.tf.json", "a1"}, {"modules/m/main.tf.json", "m1"}}, out);
  write(out / "b.tf.json", "the user's");
  write(out / "modules/m/c.tf.json", "the user's, in rdha's directory");
  fs::create_symlink(scratch.path() / "elsewhere.json", out / "d.tf.json");  // its target holds exactly "x"
  const auto before = snapshot(scratch.path());
  const auto error = emit_error_of([&] {
    write_files_atomically({{"a.tf.json", "a2"}, {"b.tf.json", "b2"}, {"d.tf.json", "x"}, {"modules/m/c.tf.json", "c2"},
                            {"modules/m/main.tf.json", "m2"}},
                           out);
  });
  EXPECT_EQ(std::string(error.what()),
            not_owned_message({out / "b.tf.json", out / "d.tf.json", out / "modules/m/c.tf.json"}));
  EXPECT_EQ(differences(before, snapshot(scratch.path())), "")
      << "same names, inodes, modes and bytes; no sentinel, no temporary file";
}

// A file that already holds exactly what the write puts there is rdha's output (a clone of
// a repository with committed output, a copy of an output directory): adopted, not refused.
TEST(AtomicWrite, AFileHoldingExactlyWhatItWritesIsAdopted) {
  ScratchDir scratch("writer-adopt");
  const fs::path out = scratch.path() / "out";
  write(out / "main.tf.json", "{}\n");
  write(out / "network.tf.json", "{\"n\": 1}\n");
  write(out / "recovery.tf.json", "an old file this write does not write");
  write_files_atomically({{"main.tf.json", "{}\n"}, {"network.tf.json", "{\"n\": 1}\n"}}, out);
  EXPECT_EQ(owned_files(out), (std::vector<std::string>{"main.tf.json", "network.tf.json"}));
  EXPECT_EQ(read_file(out / "recovery.tf.json"), "an old file this write does not write");
  // The same with a manifest: a file added beside rdha's (by a checkout) that is rdha's bytes.
  write(out / "outputs.tf.json", "{\"o\": 1}\n");
  write_files_atomically({{"main.tf.json", "{}\n"}, {"outputs.tf.json", "{\"o\": 1}\n"}}, out);
  EXPECT_EQ(owned_files(out), (std::vector<std::string>{"main.tf.json", "outputs.tf.json"}));
  EXPECT_FALSE(fs::exists(out / "network.tf.json")) << "owned once adopted: removed when no longer written";
  EXPECT_EQ(read_file(out / "recovery.tf.json"), "an old file this write does not write");
}

TEST(AtomicWrite, WritesThroughASymlinkedOutputDirectory) {
  ScratchDir scratch("writer-symlinked");
  const fs::path target = scratch.path() / "volume" / "tf";
  fs::create_directories(target);
  write(target / "terraform.tfstate", "state");
  fs::create_directory_symlink(target, scratch.path() / "out");
  write_files_atomically({{"main.tf.json", "{}"}}, scratch.path() / "out");
  EXPECT_TRUE(fs::is_symlink(scratch.path() / "out"));
  EXPECT_EQ(fs::read_symlink(scratch.path() / "out"), target);
  EXPECT_EQ(read_file(target / "main.tf.json"), "{}");
  EXPECT_EQ(read_file(target / "terraform.tfstate"), "state");
  EXPECT_EQ(owned_files(target), std::vector<std::string>{"main.tf.json"});
}

TEST(AtomicWrite, RefusesADanglingSymlink) {
  ScratchDir scratch("writer-dangling");
  fs::create_directory_symlink(scratch.path() / "gone", scratch.path() / "out");
  const auto error = emit_error_of([&] { write_files_atomically({{"main.tf.json", "{}"}}, scratch.path() / "out"); });
  EXPECT_EQ(std::string(error.what()),
            "[rdha.emit.dangling_symlink] (" + (scratch.path() / "out").string() + ") is a symbolic link to \"" +
                (scratch.path() / "gone").string() +
                "\", which does not exist. Create that directory or choose another output path.");
  EXPECT_FALSE(fs::exists(scratch.path() / "gone"));
}

TEST(AtomicWrite, ReplacesASymlinkAtAnOwnedNameWithoutWritingThroughIt) {
  ScratchDir scratch("writer-link-file");
  const fs::path out = scratch.path() / "out";
  write(scratch.path() / "elsewhere.json", "not rdha's");
  write_files_atomically({{"main.tf.json", "old"}}, out);
  fs::remove(out / "main.tf.json");
  fs::create_symlink(scratch.path() / "elsewhere.json", out / "main.tf.json");
  fs::create_symlink(scratch.path() / "elsewhere.json", out / "user-link");
  write_files_atomically({{"main.tf.json", "{}"}}, out);
  EXPECT_FALSE(fs::is_symlink(out / "main.tf.json"));
  EXPECT_EQ(read_file(out / "main.tf.json"), "{}");
  EXPECT_EQ(read_file(scratch.path() / "elsewhere.json"), "not rdha's");
  EXPECT_TRUE(fs::is_symlink(out / "user-link"));
}

TEST(AtomicWrite, NeverWritesThroughASymlinkedSubdirectory) {
  ScratchDir scratch("writer-link-dir");
  const fs::path out = scratch.path() / "out";
  fs::create_directories(scratch.path() / "elsewhere");
  write_files_atomically({{"main.tf.json", "old"}}, out);
  fs::create_directory_symlink(scratch.path() / "elsewhere", out / "modules");
  const auto before = snapshot(scratch.path());
  const auto error =
      emit_error_of([&] { write_files_atomically({{"main.tf.json", "new"}, {"modules/x/main.tf.json", "x"}}, out); });
  EXPECT_EQ(std::string(error.what()),
            "[rdha.emit.unsafe_subdirectory] (" + (out / "modules").string() +
                ") is a symbolic link; rdha writes only into directories of the output directory's own file system "
                "and never through a symbolic link. Nothing was written. Move it away.");
  EXPECT_EQ(differences(before, snapshot(scratch.path())), "");
}

TEST(AtomicWrite, RefusesADirectoryWhereAFileGoes) {
  ScratchDir scratch("writer-dir-target");
  const fs::path out = scratch.path() / "out";
  fs::create_directories(out / "main.tf.json");
  write(out / "other.tf.json", "x");
  const auto before = snapshot(out);
  const auto error = emit_error_of([&] { write_files_atomically({{"main.tf.json", "{}"}, {"a.tf.json", "a"}}, out); });
  EXPECT_EQ(std::string(error.what()), "[rdha.emit.target_is_directory] (" + (out / "main.tf.json").string() +
                                           ") is a directory where rdha writes a file. Nothing was written. Move it away.");
  EXPECT_EQ(differences(before, snapshot(out)), "");
}

TEST(AtomicWrite, RefusesTheRootTheHomeDirectoryAndSystemDirectories) {
  const auto message = [](const std::string& path) {
    return std::string(emit_error_of([&] { write_files_atomically({{"main.tf.json", "{}"}}, path); }).what());
  };
  EXPECT_EQ(message(""),
            "[rdha.emit.empty_path] the output directory path is empty. Give a directory, e.g. terraform_out.");
  const std::string fix = "; rdha does not write Terraform files there. Choose a directory of its own, e.g. ./terraform_out.";
  EXPECT_EQ(message("/"), "[rdha.emit.refused_directory] (/) is the root of the file system" + fix);
  EXPECT_EQ(message("/etc/"), "[rdha.emit.refused_directory] (/etc) is a system directory" + fix);
  EXPECT_EQ(message("/usr/../tmp"), "[rdha.emit.refused_directory] (/tmp) is a system directory" + fix);

  ScratchDir scratch("writer-home");
  const fs::path home = scratch.path() / "users" / "me";
  fs::create_directories(home);
  HomeScope scope(home);
  const auto before = snapshot(scratch.path());
  EXPECT_EQ(message(home.string()), "[rdha.emit.refused_directory] (" + home.string() + ") is the home directory" + fix);
  EXPECT_EQ(message((home / "..").string()),
            "[rdha.emit.refused_directory] (" + (scratch.path() / "users").string() +
                ") is a parent of the home directory" + fix);
  EXPECT_EQ(differences(before, snapshot(scratch.path())), "");
  write_files_atomically({{"main.tf.json", "{}"}}, home / "project");  // below the home directory: fine
  EXPECT_EQ(read_file(home / "project" / "main.tf.json"), "{}");
}

TEST(AtomicWrite, RejectsNamesOutsideTheDirectoryAndReservedNames) {
  ScratchDir scratch("writer-names");
  const fs::path out = scratch.path() / "out";
  for (const std::string name : {"../x.tf.json", "/abs.tf.json", "a//b.tf.json", "./a.tf.json", "a/..", "",
                                 ".rdha-manifest.json", "sub/_rdha_write_in_progress.tf.json", ".rdha-tmp-1-x"}) {
    const auto error = emit_error_of([&] { write_files_atomically({{name, "x"}}, out); });
    EXPECT_EQ(error.message(),
              "is not a file name rdha can write: it must be a relative path inside the output directory, without "
              "empty, \".\" or \"..\" parts, and not one of rdha's reserved names (.rdha-manifest.json, "
              "_rdha_write_in_progress.tf.json, .rdha-tmp-*).")
        << name;
    EXPECT_EQ(error.code(), "invalid_file_name") << name;
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST(AtomicWrite, RejectsAManifestItDidNotWrite) {
  ScratchDir scratch("writer-manifest");
  const fs::path out = scratch.path() / "out";
  write_files_atomically({{"main.tf.json", "{}"}}, out);
  const std::string prefix = "[rdha.emit.bad_manifest] (" + (out / kManifest).string() + ") is not a manifest rdha wrote: ";
  const std::string fix =
      ". rdha lists there the files it owns; restore it, or delete it: rdha then treats the files in the directory "
      "as not its own.";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "it is not JSON with \"rdha_manifest\": 1"},
      {R"({"rdha_manifest": "1", "files": []})", "it is not JSON with \"rdha_manifest\": 1"},
      {R"({"rdha_manifest": 1, "files": ["../../etc/passwd"]})",
       "\"files\" lists \"../../etc/passwd\", which is not a relative path inside the directory"},
      {R"({"rdha_manifest": 1, "files": [], "directories": {"a": 1}})", "\"directories\" is not a list"},
  };
  for (const auto& [text, detail] : cases) {
    write(out / kManifest, text);
    const auto before = snapshot(scratch.path());
    EXPECT_EQ(std::string(emit_error_of([&] { write_files_atomically({{"x.tf.json", "x"}}, out); }).what()),
              prefix + detail + fix);
    EXPECT_EQ(differences(before, snapshot(scratch.path())), "") << text;
  }
}

TEST(AtomicWrite, RepairsWhatAKilledWriteLeft) {
  ScratchDir scratch("writer-repair");
  const fs::path out = scratch.path() / "out";
  write_files_atomically({{"a.tf.json", "a1"}, {"b.tf.json", "b1"}}, out);
  // A write of {a, extra, modules/m/main} killed after renaming some files: the pending
  // manifest lists old and new, the sentinel and temporary files are still there.
  write(out / kManifest, R"({"rdha_manifest": 1, "files": ["a.tf.json", "b.tf.json", "extra.tf.json",
                              "modules/m/main.tf.json"], "directories": ["modules", "modules/m"]})");
  write(out / kSentinel, "");
  write(out / "extra.tf.json", "from the killed write");
  write(out / "modules/m/main.tf.json", "from the killed write");
  write(out / ".rdha-tmp-4242-00000000deadbeef-b.tf.json", "b2 (half");
  fs::create_directories(out / ".rdha-tmp-not-a-file");  // not a temporary file of rdha's: stays

  write_files_atomically({{"a.tf.json", "a3"}, {"c.tf.json", "c3"}}, out);

  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(out))
    names.push_back(fs::relative(entry.path(), out).string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{".rdha-manifest.json", ".rdha-tmp-not-a-file", "a.tf.json", "c.tf.json"}));
  EXPECT_EQ(owned_files(out), (std::vector<std::string>{"a.tf.json", "c.tf.json"}));
}

TEST(AtomicWrite, FailsWithoutChangingAnythingWhenTheDirectoryIsAFile) {
  ScratchDir scratch("writer-file");
  write(scratch.path() / "out", "keep me");
  const auto error = emit_error_of([&] { write_files_atomically({{"main.tf.json", "{}"}}, scratch.path() / "out"); });
  EXPECT_EQ(error.code(), "not_a_directory");
  EXPECT_EQ(read_file(scratch.path() / "out"), "keep me");
}

}  // namespace
}  // namespace rdha
