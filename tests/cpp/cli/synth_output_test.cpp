// `rdha synth` and its output directory: refused paths, files rdha did not write where it
// writes its own (refused; files holding exactly its output are adopted), and the writer
// stopped by an I/O error at every step (a preloaded library fails the N-th fsync or
// fdatasync, or renameat): before the first rename nothing changes; after it the sentinel marks the
// directory until the next synth repairs it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "rdha/emit/atomic_write.hpp"
#include "rdha/stack/spec.hpp"
#include "testing/directory_snapshot.hpp"
#include "testing/output_state.hpp"
#include "testing/run_command.hpp"

namespace fs = std::filesystem;

namespace rdha {
namespace {

using testing::differences;
using testing::read_file;
using testing::ScratchDir;
using testing::snapshot;

std::vector<std::string> failing(const std::string& function, int call) {
  return testing::fault_injection("RDHA_FAIL_" + function, std::to_string(call));
}

struct Synth {
  int exit_code;
  std::string output;
};

Synth synth(const ScratchDir& scratch, const std::vector<std::string>& arguments,
            const std::vector<std::string>& environment = {}) {
  const fs::path log = scratch.path() / "log";
  fs::remove(log);
  std::vector<std::string> all = {"synth"};
  all.insert(all.end(), arguments.begin(), arguments.end());
  const int code = testing::wait_for(testing::spawn_cli(all, log, environment));
  return {code, read_file(log)};
}

// An output directory written once with the "-old" suffix, beside files that are not rdha's.
fs::path prepared_output(const ScratchDir& scratch) {
  const fs::path out = scratch.path() / "out";
  std::ofstream(scratch.path() / "old.json") << R"({"name_suffix": "-old"})";
  std::ofstream(scratch.path() / "new.json") << R"({"name_suffix": "-new"})";
  EXPECT_EQ(synth(scratch, {"--config", (scratch.path() / "old.json").string(), "--out", out.string()}).exit_code, 0);
  fs::create_directories(out / ".terraform");
  std::ofstream(out / ".terraform" / "marker") << "plugins";
  std::ofstream(out / "terraform.tfstate") << "{\"serial\": 3}";
  return out;
}

TEST(CliOutput, AnEmptyOutputPathIsRefused) {
  ScratchDir scratch("out-empty");
  const Synth result = synth(scratch, {"--out", ""});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output,
            "rdha: [rdha.emit.empty_path] the output directory path is empty. Give a directory, e.g. terraform_out.\n");
}

TEST(CliOutput, StandardOutputIsRefusedAsAnOutputDirectory) {
  ScratchDir scratch("out-dash");
  const Synth result = synth(scratch, {"--out", "-"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output,
            "rdha: [rdha.emit.standard_output_path] (-) is not an output directory: rdha writes several files, which "
            "standard output cannot hold. Give a directory, e.g. terraform_out (or ./- for a directory named \"-\").\n");
  EXPECT_FALSE(fs::exists("-"));
}

// The path as given, not where it resolves; and no claim of a previous output that never was.
TEST(CliOutput, AWriteErrorNamesTheGivenPathAndSaysNothingWasWrittenWhenNothingWasThere) {
  ScratchDir scratch("out-given");
  fs::create_directories(scratch.path() / "real");
  fs::create_directory_symlink(scratch.path() / "real", scratch.path() / "link");
  const fs::path given = scratch.path() / "link";
  const Synth result = synth(scratch, {"--out", given.string()}, failing("FSYNC", 1));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output, "rdha: [rdha.emit.io] (" + (given / "database.tf.json").string() +
                               ") could not be written: Input/output error. No output was written.\n");
  EXPECT_TRUE(fs::is_empty(scratch.path() / "real"));
}

TEST(CliOutput, TheRootDirectoryIsRefused) {
  ScratchDir scratch("out-root");
  const Synth result = synth(scratch, {"--out", "/"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output,
            "rdha: [rdha.emit.refused_directory] (/) is the root of the file system; rdha does not write Terraform "
            "files there. Choose a directory of its own, e.g. ./terraform_out.\n");
}

TEST(CliOutput, AnErrorBeforeTheFirstRenameChangesNothing) {
  ScratchDir scratch("out-fsync");
  const fs::path out = prepared_output(scratch);
  const auto before = snapshot(out);
  // Nine files and two manifests are flushed before the first rename.
  const std::vector<std::string> flushed = {"database.tf.json", "main.tf.json",     "monitoring.tf.json",
                                            "network.tf.json",  "outputs.tf.json",  "providers.tf.json",
                                            "recovery.tf.json", "security.tf.json", "versions.tf.json",
                                            ".rdha-manifest.json", ".rdha-manifest.json"};
  for (std::size_t call = 1; call <= flushed.size(); ++call) {
    const Synth result = synth(scratch, {"--config", (scratch.path() / "new.json").string(), "--out", out.string()},
                               failing("FSYNC", static_cast<int>(call)));
    EXPECT_EQ(result.exit_code, 2) << call;
    EXPECT_EQ(result.output, "rdha: [rdha.emit.io] (" + (out / flushed[call - 1]).string() +
                                 ") could not be written: Input/output error. The previous output is unchanged.\n");
    EXPECT_EQ(differences(before, snapshot(out)), "") << "fsync " << call << ": same names, inodes, modes and bytes";
  }
}

// --no-sync flushes nothing (a failing first flush goes unnoticed) and writes the same files.
TEST(CliOutput, NoSyncFlushesNothingAndWritesTheSameFiles) {
  ScratchDir scratch("out-no-sync");
  const fs::path out = prepared_output(scratch);
  const fs::path durable = scratch.path() / "durable";
  ASSERT_EQ(synth(scratch, {"--config", (scratch.path() / "new.json").string(), "--out", durable.string()}).exit_code, 0);
  const Synth result = synth(scratch, {"--config", (scratch.path() / "new.json").string(), "--out", out.string(), "--no-sync"},
                             failing("FSYNC", 1));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  const auto state = testing::state_of(out, {".terraform", "terraform.tfstate"});
  EXPECT_FALSE(state.sentinel);
  EXPECT_EQ(state.owned, testing::state_of(durable, {}).owned);  // names and bytes
}

TEST(CliOutput, AnErrorHalfWayIsRefusedByTerraformUntilTheNextSynthRepairsIt) {
  ScratchDir scratch("out-rename");
  const fs::path out = prepared_output(scratch);
  const testing::Files old_files = testing::rendered("-old"), new_files = testing::rendered("-new");
  // The pending manifest, the nine files, the final manifest: stop at each.
  for (int call = 1; call <= 11; ++call) {
    const Synth failed = synth(scratch, {"--config", (scratch.path() / "new.json").string(), "--out", out.string()},
                               failing("RENAMEAT", call));
    EXPECT_EQ(failed.exit_code, 2) << call;
    EXPECT_NE(failed.output.find("[rdha.emit.interrupted]"), std::string::npos) << failed.output;
    const auto state = testing::state_of(out, {".terraform", "terraform.tfstate"});
    EXPECT_TRUE(state.sentinel) << "rename " << call;
    EXPECT_EQ(state.temporaries, 0u) << "rename " << call;
    EXPECT_EQ(testing::guarantee_violation(state, old_files, new_files), "") << "rename " << call;
    EXPECT_EQ(read_file(out / "terraform.tfstate"), "{\"serial\": 3}");
    EXPECT_EQ(read_file(out / ".terraform" / "marker"), "plugins");

    const Synth repair = synth(scratch, {"--config", (scratch.path() / "old.json").string(), "--out", out.string()});
    EXPECT_EQ(repair.exit_code, 0) << repair.output;
    const auto repaired = testing::state_of(out, {".terraform", "terraform.tfstate"});
    EXPECT_FALSE(repaired.sentinel);
    EXPECT_EQ(repaired.owned, old_files);
  }
  const Synth first_file = synth(scratch, {"--config", (scratch.path() / "new.json").string(), "--out", out.string()},
                                 failing("RENAMEAT", 2));
  EXPECT_EQ(first_file.output,
            "rdha: [rdha.emit.interrupted] (" + (out / "database.tf.json").string() +
                ") could not be written: Input/output error. The write stopped half-way: Terraform refuses to load "
                "the output directory (it holds _rdha_write_in_progress.tf.json) until rdha writes it again, which "
                "completes it.\n");
}

TEST(CliOutput, AFileRdhaDidNotWriteIsRefusedAndNothingChanges) {
  ScratchDir scratch("out-not-owned");
  const fs::path out = scratch.path() / "out";
  fs::create_directories(out);
  std::ofstream(out / "network.tf.json") << "{\"resource\": []}\n";  // the user's, where rdha writes
  std::ofstream(out / "terraform.tfstate") << "{\"serial\": 3}";
  const auto before = snapshot(scratch.path());
  const Synth result = synth(scratch, {"--out", out.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output, "rdha: [rdha.emit.not_owned] (" + (out / "network.tf.json").string() +
                               ") exists, and rdha did not write it: .rdha-manifest.json does not list it and it "
                               "differs from what rdha writes there. Nothing was written. Move it away, or delete it "
                               "if it is an old output of rdha, then run rdha again.\n");
  EXPECT_EQ(differences(before, testing::without(snapshot(scratch.path()), {"log"})), "");
}

// A clean clone of a repository that commits its output has the files but not the
// manifest (a record of what rdha wrote in one checkout): files that hold exactly what
// rdha writes are its output and are adopted; a file edited by hand is refused.
TEST(CliOutput, ACleanCloneOfCommittedOutputIsAdoptedUnlessAFileWasEdited) {
  ScratchDir scratch("out-clone");
  const fs::path out = scratch.path() / "out";
  fs::create_directories(out);
  const testing::Files committed = testing::rendered(stack::HaStackSpec{}.name_suffix);  // `rdha synth`
  for (const auto& [name, text] : committed) std::ofstream(out / name) << text;

  const Synth adopted = synth(scratch, {"--out", out.string()});
  EXPECT_EQ(adopted.exit_code, 0) << adopted.output;
  const auto state = testing::state_of(out, {});
  EXPECT_EQ(state.owned, committed);
  EXPECT_EQ(state.manifest_files, testing::names_of(committed));

  fs::remove(out / std::string(kManifestFileName));  // another clean clone, edited before its first synth
  std::ofstream(out / "database.tf.json", std::ios::app) << " ";
  const auto before = snapshot(out);
  const Synth edited = synth(scratch, {"--out", out.string()});
  EXPECT_EQ(edited.exit_code, 2);
  EXPECT_NE(edited.output.find("[rdha.emit.not_owned] (" + (out / "database.tf.json").string() + ") exists, and rdha "
                               "did not write it: "),
            std::string::npos)
      << edited.output;
  EXPECT_EQ(differences(before, snapshot(out)), "");
}

// The files a first synth into a directory renamed in before it stopped are rdha's to the
// next synth: the pending manifest names them before the first is renamed.
TEST(CliOutput, AFirstSynthStoppedAtAnyRenameIsCompletedByTheNextOfAnotherConfig) {
  ScratchDir scratch("out-first-rename");
  std::ofstream(scratch.path() / "old.json") << R"({"name_suffix": "-old"})";
  std::ofstream(scratch.path() / "new.json") << R"({"name_suffix": "-new"})";
  const testing::Files old_files = testing::rendered("-old");
  for (int call = 1; call <= 11; ++call) {
    const fs::path out = scratch.path() / ("out-" + std::to_string(call));
    fs::create_directories(out);
    std::ofstream(out / "terraform.tfstate") << "{\"serial\": 3}";
    const Synth failed = synth(scratch, {"--config", (scratch.path() / "new.json").string(), "--out", out.string()},
                               failing("RENAMEAT", call));
    EXPECT_EQ(failed.exit_code, 2) << call << failed.output;
    const Synth next = synth(scratch, {"--config", (scratch.path() / "old.json").string(), "--out", out.string()});
    EXPECT_EQ(next.exit_code, 0) << "rename " << call << ": " << next.output;
    const auto state = testing::state_of(out, {"terraform.tfstate"});
    EXPECT_FALSE(state.sentinel) << "rename " << call;
    EXPECT_EQ(state.owned, old_files) << "rename " << call;
    EXPECT_EQ(read_file(out / "terraform.tfstate"), "{\"serial\": 3}");
  }
}

TEST(CliOutput, AConfigLargerThanAnySpecIsRefused) {
  ScratchDir scratch("config-size");
  const Synth zero = synth(scratch, {"--config", "/dev/zero", "--out", (scratch.path() / "out").string()});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_EQ(zero.output,
            "rdha: [rdha.spec.too_large] (/dev/zero) is larger than 1024 KiB, which no spec file is. Check the path (a "
            "spec file looks like the output of `rdha defaults`).\n");
  EXPECT_FALSE(fs::exists(scratch.path() / "out"));
}

}  // namespace
}  // namespace rdha
