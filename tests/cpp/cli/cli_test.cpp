// The `rdha` CLI as build scripts use it: exit codes, stdout/stderr, and the committed
// terraform_out/ and docs/spec.md being exactly what `rdha synth` and `rdha schema` produce.
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

TEST(Cli, CommittedTerraformOutIsFresh) {
  ScratchDir scratch("fresh");
  const auto result = run_cli("synth --out " + (scratch.path() / "out").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const fs::path committed = fs::path(RDHA_SOURCE_DIR) / "terraform_out";
  std::vector<std::string> produced;
  for (const auto& entry : fs::directory_iterator(scratch.path() / "out")) {
    const std::string name = entry.path().filename().string();
    if (name == ".rdha-manifest.json") continue;  // rdha's record of its files, not committed
    produced.push_back(name);
    ASSERT_TRUE(fs::exists(committed / name)) << name << " is missing from terraform_out/: run `make`";
    EXPECT_EQ(read_file(entry.path()), read_file(committed / name))
        << "terraform_out/" << name << " differs from `rdha synth` output: run `make` and commit";
  }
  for (const auto& entry : fs::directory_iterator(committed)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".tf.json")) {
      EXPECT_NE(std::find(produced.begin(), produced.end(), name), produced.end())
          << "terraform_out/" << name << " is stale: `rdha synth` no longer writes it";
    }
  }
}

// examples/hcl-modules/ is the modules layout of the default stack in the native syntax
// (make synth writes it); without a manifest, --check also finds leftover *.tf files there.
TEST(Cli, CommittedHclModulesIsFresh) {
  const fs::path committed = fs::path(RDHA_SOURCE_DIR) / "examples" / "hcl-modules";
  const auto result = run_cli("synth --check --format hcl --layout modules --out " + committed.string());
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err
                                 << "examples/hcl-modules/ differs from `rdha synth --format hcl --layout modules`: run "
                                    "`make synth` and commit";
}

TEST(Cli, SynthCheckIsFreshForEveryFormatAndLayout) {
  ScratchDir scratch("layouts");
  for (const std::string format : {"json", "hcl"})
    for (const std::string layout : {"flat", "modules"}) {
      const std::string options = "--format " + format + " --layout " + layout + " --out " +
                                  (scratch.path() / "out").string();
      ASSERT_EQ(run_cli("synth " + options).exit_code, 0) << options;
      const auto check = run_cli("synth --check " + options);
      EXPECT_EQ(check.exit_code, 0) << options << "\n" << check.out;
    }
  // The modules layout removed by a flat write: a check of modules now finds them missing.
  ASSERT_EQ(run_cli("synth --format hcl --out " + (scratch.path() / "out").string()).exit_code, 0);
  const auto stale = run_cli("synth --check --format hcl --layout modules --out " + (scratch.path() / "out").string());
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.out.find("missing: modules/dr_network/main.tf"), std::string::npos) << stale.out;
}

TEST(Cli, SynthBadLayoutExitsTwoNamingTheValidOnes) {
  ScratchDir scratch("bad-layout");
  const auto result = run_cli("synth --layout nested --out " + (scratch.path() / "out").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("flat"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("modules"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(scratch.path() / "out"));
}

TEST(Cli, SynthIsDeterministic) {
  ScratchDir scratch("determinism");
  ASSERT_EQ(run_cli("synth --out " + (scratch.path() / "a").string()).exit_code, 0);
  ASSERT_EQ(run_cli("synth --out " + (scratch.path() / "b").string()).exit_code, 0);
  for (const auto& entry : fs::directory_iterator(scratch.path() / "a"))
    EXPECT_EQ(read_file(entry.path()), read_file(scratch.path() / "b" / entry.path().filename()));
}

TEST(Cli, DefaultsRoundTripAsConfig) {
  ScratchDir scratch("defaults");
  const auto defaults = run_cli("defaults");
  ASSERT_EQ(defaults.exit_code, 0) << defaults.err;
  std::ofstream(scratch.path() / "spec.json") << defaults.out;
  const auto synth = run_cli("synth --config " + (scratch.path() / "spec.json").string() + " --out " +
                             (scratch.path() / "out").string());
  EXPECT_EQ(synth.exit_code, 0) << synth.err;
}

TEST(Cli, SchemaIsDraft202012) {
  const auto result = run_cli("schema");
  ASSERT_EQ(result.exit_code, 0);
  const auto schema = nlohmann::json::parse(result.out);
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

TEST(Cli, SchemaFormatsAreJsonByDefaultAndMarkdown) {
  const auto json = run_cli("schema --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out, run_cli("schema").out);
  const auto markdown = run_cli("schema --format markdown");
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_EQ(markdown.out.substr(0, 18), "# Spec reference\n\n");
  EXPECT_EQ(run_cli("schema --format yaml").exit_code, 2);
}

TEST(Cli, CommittedSpecReferenceIsFresh) {
  const auto result = run_cli("schema --format markdown");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, read_file(fs::path(RDHA_SOURCE_DIR) / "docs" / "spec.md"))
      << "docs/spec.md differs from `rdha schema --format markdown`: run `build/rdha schema --format markdown > "
         "docs/spec.md` and commit";
}

TEST(Cli, BadConfigExitsTwoAndLeavesOutputUntouched) {
  ScratchDir scratch("bad");
  const fs::path out = scratch.path() / "out";
  ASSERT_EQ(run_cli("synth --out " + out.string()).exit_code, 0);
  const std::string before = read_file(out / "database.tf.json");
  std::ofstream(scratch.path() / "bad.json") << R"({"database": {"backup_retention_days": 0}})";
  const auto result = run_cli("synth --config " + (scratch.path() / "bad.json").string() + " --out " + out.string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.out.empty());
  EXPECT_NE(result.err.find("database.backup_retention_days"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(out / "database.tf.json"), before);
}

TEST(Cli, MalformedJsonNamesLineAndColumn) {
  ScratchDir scratch("malformed");
  std::ofstream(scratch.path() / "bad.json") << "{\n  \"name_suffix\": \"-x\",\n  oops\n}";
  const auto result = run_cli("synth --config " + (scratch.path() / "bad.json").string() + " --out " +
                              (scratch.path() / "out").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("line 3"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(scratch.path() / "out"));
}

// Whatever is thrown — here by operator new, well inside main — ends as exit 2 and one
// line on stderr, never std::terminate. The CLI built with the shared C++ runtime, whose
// operator new the preloaded one replaces (same sources as `rdha`).
TEST(Cli, AnyExceptionIsReportedWithExitTwo) {
  ScratchDir scratch("exceptions");
  const std::string bug = ". This is a bug in rdha; please report it with the input that caused it.\n";
  const std::vector<std::pair<std::string, std::string>> thrown = {
      {"bad_alloc",
       "rdha: [rdha.internal.out_of_memory] rdha ran out of memory. The input is far larger than any spec or stack "
       "should be.\n"},
      {"runtime_error", "rdha: [rdha.internal.unexpected] unexpected error: injected by the tests' fault library" + bug},
      {"int", "rdha: [rdha.internal.unexpected] unexpected error: an exception of unknown type" + bug},
  };
  for (const auto& [kind, message] : thrown) {
    auto environment = testing::fault_injection("RDHA_FAIL_NEW", "1000");
    environment.push_back("RDHA_FAIL_NEW_THROWS=" + kind);
    const fs::path log = scratch.path() / (kind + ".log");
    const int code =
        testing::wait_for(testing::spawn_program(RDHA_CLI_SHARED_RUNTIME_PATH,
                                                 {"synth", "--out", (scratch.path() / "out").string()}, log, environment));
    EXPECT_EQ(code, 2) << kind;
    EXPECT_EQ(read_file(log), message) << kind;
  }
}

TEST(Cli, GraphFormats) {
  const auto dot = run_cli("graph --format dot");
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_NE(dot.out.find("digraph"), std::string::npos);
  const auto mermaid = run_cli("graph --format mermaid");
  ASSERT_EQ(mermaid.exit_code, 0);
  EXPECT_NE(mermaid.out.find("flowchart"), std::string::npos);
  const auto json = run_cli("graph --format json");
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_TRUE(nlohmann::json::parse(json.out).contains("nodes"));
}

TEST(Cli, GraphOptionsNarrowTheGraphAndAddALegend) {
  const auto west = run_cli("graph --format json --region us-west-2 --no-edge-labels --legend");
  ASSERT_EQ(west.exit_code, 0) << west.err;
  const auto graph = nlohmann::json::parse(west.out);
  ASSERT_FALSE(graph["nodes"].empty());
  for (const auto& node : graph["nodes"]) EXPECT_EQ(node["region"], "us-west-2") << node;
  for (const auto& edge : graph["edges"]) EXPECT_FALSE(edge.contains("arguments")) << edge;
  EXPECT_TRUE(graph.contains("legend"));

  const auto focus = run_cli("graph --format json --focus aws_db_instance.dr_replica --depth 0");
  ASSERT_EQ(focus.exit_code, 0) << focus.err;
  EXPECT_EQ(nlohmann::json::parse(focus.out)["nodes"].size(), 1u);
  const auto dot = run_cli("graph --legend");
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_NE(dot.out.find("subgraph \"cluster_legend\""), std::string::npos);
}

TEST(Cli, GraphOptionErrorsExitTwoNamingTheValue) {
  const auto focus = run_cli("graph --focus aws_db_instance.primar");
  EXPECT_EQ(focus.exit_code, 2);
  EXPECT_EQ(focus.out, "");
  EXPECT_EQ(focus.err,
            "rdha: [rdha.spec.invalid] (focus) \"aws_db_instance.primar\" is not in the stack. The nearest address: "
            "aws_db_instance.primary. `rdha graph --format json` lists every address.\n");
  const auto region = run_cli("graph --region us-east-9");
  EXPECT_EQ(region.exit_code, 2);
  EXPECT_EQ(region.err,
            "rdha: [rdha.spec.invalid] (region) \"us-east-9\" is not a region of the stack, so the graph would be "
            "empty. The stack's regions: us-east-1, us-west-2.\n");
  const auto depth = run_cli("graph --depth 2");
  EXPECT_EQ(depth.exit_code, 2);
  EXPECT_EQ(depth.err,
            "rdha: [rdha.spec.invalid] (depth) 2 counts edges from a focus block, and none is given. Give the focus "
            "address too (--focus ADDRESS).\n");
  const auto negative = run_cli("graph --focus aws_vpc.primary --depth -1");  // a value, not an unknown option
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_EQ(negative.err,
            "rdha: [rdha.spec.invalid] (depth) must be 0 or more (0 keeps the focus block alone), got -1.\n");
}

}  // namespace
}  // namespace rdha
