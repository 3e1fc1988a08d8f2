// The envelope of every JSON output of the CLI (rdha/values/envelope.hpp): the tool and
// its version, and the hash of the effective spec — the same for the same spec however the
// config file spells it.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../testing/run_command.hpp"
#include "rdha/stack/spec.hpp"
#include "rdha/values/sha256.hpp"

namespace rdha {
namespace {

using testing::run_cli;
using testing::ScratchDir;

nlohmann::json json_of(const std::string& arguments) {
  const auto result = run_cli(arguments);
  EXPECT_LE(result.exit_code, 1) << arguments << ": " << result.err;
  return nlohmann::json::parse(result.out);
}

TEST(Sha256, KnownDigests) {
  // FIPS 180-4 examples ("abc", the two-block message) and the empty string.
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(CliJsonEnvelope, EveryJsonOutputNamesTheToolAndTheSpec) {
  const std::string hash = stack::spec_hash(stack::HaStackSpec{});
  ASSERT_EQ(hash.rfind("sha256:", 0), 0u);
  ASSERT_EQ(hash.size(), 7u + 64u);
  const std::vector<std::string> outputs = {"check --format json --today 2026-11-26", "graph --format json",
                                            "drill --fail az:us-east-1a --format json",
                                            "drill --fail region:us-east-1 --format json"};
  for (const auto& arguments : outputs) {
    const auto json = json_of(arguments);
    EXPECT_EQ(json["tool"]["name"], "rdha") << arguments;
    EXPECT_EQ(json["tool"]["version"], json_of("check --format json")["tool"]["version"]) << arguments;
    EXPECT_EQ(json["spec_hash"], hash) << arguments;
  }
  const auto sarif = json_of("check --format sarif --today 2026-11-26");
  EXPECT_EQ(sarif["runs"][0]["properties"]["spec_hash"], hash);
  const auto plan = json_of("plan-check --format json " + std::string(RDHA_SOURCE_DIR) +
                            "/tests/fixtures/plans/tag_only.json");
  EXPECT_EQ(plan["tool"]["name"], "rdha");
  EXPECT_TRUE(plan.contains("spec_hash"));
  EXPECT_TRUE(plan["spec_hash"].is_null());  // a plan is no spec
}

TEST(CliJsonEnvelope, TheSpecHashIsOfTheEffectiveSpec) {
  ScratchDir scratch("envelope-hash");
  const auto write = [&](const std::string& name, const std::string& text) {
    const auto path = (scratch.path() / name).string();
    std::ofstream(path) << text;
    return path;
  };
  const auto defaults_spelt_out = write("defaults.json", run_cli("defaults").out);
  const auto a = write("a.json", R"({"database": {"multi_az": false, "port": 5432}, "name_suffix": "-rdha"})");
  const auto b = write("b.json", R"({"name_suffix": "-rdha", "database": {"port": 5432, "multi_az": false}})");
  const auto c = write("c.json", R"({"database": {"multi_az": false}})");
  const auto hash_of = [&](const std::string& config) {
    return json_of("graph --format json --config " + config)["spec_hash"].get<std::string>();
  };
  EXPECT_EQ(hash_of(defaults_spelt_out), stack::spec_hash(stack::HaStackSpec{}));
  EXPECT_EQ(hash_of(a), hash_of(b));
  EXPECT_EQ(hash_of(a), hash_of(c));
  EXPECT_NE(hash_of(a), hash_of(defaults_spelt_out));
  EXPECT_EQ(json_of("check --format json --config " + a)["spec_hash"], hash_of(a));
}

TEST(CliJsonEnvelope, TheManifestNamesTheToolThatWroteTheFiles) {
  ScratchDir scratch("envelope-manifest");
  ASSERT_EQ(run_cli("synth --out " + (scratch.path() / "out").string()).exit_code, 0);
  std::ifstream in(scratch.path() / "out" / ".rdha-manifest.json");
  const auto manifest = nlohmann::json::parse(in);
  EXPECT_EQ(manifest["tool"], json_of("check --format json")["tool"]);
  EXPECT_EQ(manifest["rdha_manifest"], 1);
}

// `rdha defaults` prints a spec, which must stay a valid --config file: no envelope keys.
TEST(CliJsonEnvelope, DefaultsStaysABareSpec) {
  const auto spec = json_of("defaults");
  EXPECT_FALSE(spec.contains("tool"));
  EXPECT_FALSE(spec.contains("spec_hash"));
  EXPECT_EQ(spec, stack::to_json(stack::HaStackSpec{}));
}

}  // namespace
}  // namespace rdha
