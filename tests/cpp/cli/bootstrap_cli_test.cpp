// `rdha bootstrap`: writes the state bootstrap through the owned-output writer, refuses bad
// input with exit 2 and an untouched directory, and refuses files it does not own.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../testing/run_command.hpp"

namespace fs = std::filesystem;

namespace rdha {
namespace {

using testing::read_file;
using testing::run_cli;
using testing::ScratchDir;

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

TEST(CliBootstrap, WritesTheBootstrapAndItsManifest) {
  ScratchDir dir("cli-bootstrap");
  write(dir.path() / "spec.json", R"({"state": {"account_id": "123456789012", "bucket": "rdha-state-123456789012"}})");
  const auto result = run_cli("bootstrap --config " + (dir.path() / "spec.json").string() + " --out " +
                              (dir.path() / "out").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "rdha: wrote 5 files (25 blocks) of the state bootstrap to " + (dir.path() / "out").string() +
                            "\n");
  const auto manifest = nlohmann::json::parse(read_file(dir.path() / "out" / ".rdha-manifest.json"));
  EXPECT_NE(manifest.dump().find("main.tf.json"), std::string::npos);
  const auto main = nlohmann::json::parse(read_file(dir.path() / "out" / "main.tf.json"));
  EXPECT_NE(main.dump().find("\"delete_marker_replication\":[{\"status\":\"Enabled\"}]"), std::string::npos);
  EXPECT_FALSE(nlohmann::json::parse(read_file(dir.path() / "out" / "versions.tf.json")).at("terraform").contains("backend"));
}

// S3 lock files need Terraform 1.11: the stack asks the core for it, and `rdha synth`
// writes it (with random passwords, which need no more than 1.5).
TEST(CliBootstrap, SynthWithLockfileStateRequiresTerraform111) {
  ScratchDir dir("cli-synth-state");
  write(dir.path() / "spec.json",
        R"({"database": {"password_source": "random"},
            "state": {"enabled": true, "account_id": "123456789012", "bucket": "rdha-state-123456789012",
                      "kms_key_id": "arn:aws:kms:us-east-1:123456789012:key/abc"}})");
  const auto result = run_cli("synth --config " + (dir.path() / "spec.json").string() + " --out " +
                              (dir.path() / "out").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto terraform = nlohmann::json::parse(read_file(dir.path() / "out" / "versions.tf.json")).at("terraform");
  EXPECT_EQ(terraform.at("backend").at("s3").at("use_lockfile"), true);
  EXPECT_EQ(terraform.at("required_version"), ">= 1.11.0");
}

TEST(CliBootstrap, BadInputExitsTwoAndWritesNothing) {
  ScratchDir dir("cli-bootstrap-bad");
  write(dir.path() / "spec.json", R"({"state": {"account_id": "123456789012", "bucket": "/state"}})");
  const auto result = run_cli("bootstrap --config " + (dir.path() / "spec.json").string() + " --out " +
                              (dir.path() / "out").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("  state.bucket: \"/state\" contains \"/\"; S3 bucket names consist only of lowercase "
                            "letters, digits, dots and hyphens.\n"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
  EXPECT_EQ(run_cli("bootstrap --out " + (dir.path() / "out").string()).exit_code, 2);  // --config is required
  write(dir.path() / "empty.json", "{}");
  const auto no_bucket = run_cli("bootstrap --config " + (dir.path() / "empty.json").string() + " --out " +
                                 (dir.path() / "out").string());
  EXPECT_EQ(no_bucket.exit_code, 2);
  EXPECT_EQ(no_bucket.err,
            "rdha: [rdha.spec.invalid] (state.bucket) is empty; rdha bootstrap creates the state bucket of this name, "
            "e.g. \"rdha-state-<account id>\".\n");
}

TEST(CliBootstrap, RefusesAFileItDoesNotOwn) {
  ScratchDir dir("cli-bootstrap-owned");
  write(dir.path() / "spec.json", R"({"state": {"account_id": "123456789012", "bucket": "rdha-state-123456789012"}})");
  fs::create_directories(dir.path() / "out");
  write(dir.path() / "out" / "main.tf.json", "{\"hand\": \"written\"}\n");
  write(dir.path() / "out" / "terraform.tfstate", "{\"serial\": 7}\n");
  const auto result = run_cli("bootstrap --config " + (dir.path() / "spec.json").string() + " --out " +
                              (dir.path() / "out").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("rdha.emit.not_owned"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(dir.path() / "out" / "main.tf.json"), "{\"hand\": \"written\"}\n");
  EXPECT_EQ(read_file(dir.path() / "out" / "terraform.tfstate"), "{\"serial\": 7}\n");
}

}  // namespace
}  // namespace rdha
