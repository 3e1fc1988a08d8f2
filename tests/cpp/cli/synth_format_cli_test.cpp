// `rdha synth --format json|hcl`: the default stays JSON, --check compares the format asked
// for, switching format removes the other format's files rdha wrote (and nothing else), and
// a bad value is refused naming the option and the valid values.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testing/run_command.hpp"

namespace fs = std::filesystem;

namespace rdha {
namespace {

using testing::run_cli;
using testing::ScratchDir;

std::vector<std::string> files_in(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(CliSynthFormat, ABadFormatNamesTheOptionAndTheValidValues) {
  ScratchDir scratch("format-bad");
  const auto result = run_cli("synth --format yaml --out " + (scratch.path() / "out").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--format"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("json"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("hcl"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("yaml"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(scratch.path() / "out"));
}

TEST(CliSynthFormat, SwitchingFormatReplacesRdhasFilesAndKeepsTheUsers) {
  ScratchDir scratch("format-switch");
  const std::string out = (scratch.path() / "out").string();
  ASSERT_EQ(run_cli("synth --out " + out).exit_code, 0);
  std::ofstream(scratch.path() / "out" / "override.tf") << "# the user's own\n";
  std::ofstream(scratch.path() / "out" / "notes.txt") << "notes\n";

  const auto hcl = run_cli("synth --format hcl --out " + out);
  ASSERT_EQ(hcl.exit_code, 0) << hcl.err;
  EXPECT_EQ(files_in(scratch.path() / "out"),
            (std::vector<std::string>{".rdha-manifest.json", "database.tf", "main.tf", "monitoring.tf", "network.tf",
                                      "notes.txt", "outputs.tf", "override.tf", "providers.tf", "recovery.tf",
                                      "security.tf", "versions.tf"}));
  EXPECT_EQ(testing::read_file(scratch.path() / "out" / "override.tf"), "# the user's own\n");

  const auto fresh = run_cli("synth --format hcl --check --out " + out);
  EXPECT_EQ(fresh.exit_code, 0) << fresh.out << fresh.err;
  // Checked as JSON, the directory is stale: the JSON files are missing, rdha's *.tf extra
  // (the user's override.tf is not rdha's and not looked at).
  const auto stale = run_cli("synth --check --out " + out);
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.out.find("missing: main.tf.json"), std::string::npos) << stale.out;
  EXPECT_NE(stale.out.find("extra: main.tf\n"), std::string::npos) << stale.out;
  EXPECT_EQ(stale.out.find("override.tf"), std::string::npos) << stale.out;

  ASSERT_EQ(run_cli("synth --format json --out " + out).exit_code, 0);
  EXPECT_FALSE(fs::exists(scratch.path() / "out" / "main.tf"));
  EXPECT_TRUE(fs::exists(scratch.path() / "out" / "main.tf.json"));
  EXPECT_TRUE(fs::exists(scratch.path() / "out" / "override.tf"));
  EXPECT_TRUE(fs::exists(scratch.path() / "out" / "notes.txt"));
}

// A fresh checkout has no manifest: every *.tf or *.tf.json a write would not produce is
// extra, since Terraform would load it beside the stack.
TEST(CliSynthFormat, WithoutAManifestTheOtherFormatsFilesAreExtra) {
  ScratchDir scratch("format-check");
  const std::string out = (scratch.path() / "out").string();
  ASSERT_EQ(run_cli("synth --format hcl --out " + out).exit_code, 0);
  fs::remove(scratch.path() / "out" / ".rdha-manifest.json");
  std::ofstream(scratch.path() / "out" / "main.tf.json") << "{}\n";
  const auto result = run_cli("synth --format hcl --check --out " + out);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("extra: main.tf.json"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace rdha
