// `rdha validate` (everything synth checks, nothing written), `rdha defaults --config` (the
// effective spec) and the example and exit codes in each subcommand's --help.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../testing/run_command.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha {
namespace {

using testing::run_cli;
using testing::ScratchDir;
namespace fs = std::filesystem;

std::string write(const ScratchDir& scratch, const std::string& name, const std::string& text) {
  const auto path = (scratch.path() / name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(CliValidate, AValidSpecExitsZeroWithOneLineAndWritesNothing) {
  ScratchDir scratch("validate-ok");
  const auto config = write(scratch, "spec.json", R"({"database": {"instance_class": "db.r6g.xlarge"}})");
  const auto result = run_cli("validate --config " + config);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto spec = stack::HaStackSpec{};
  spec.database.instance_class = "db.r6g.xlarge";
  EXPECT_EQ(result.out.rfind("rdha: " + config + " is valid: ", 0), 0u) << result.out;
  EXPECT_NE(result.out.find(" blocks, spec " + stack::spec_hash(spec) + "\n"), std::string::npos) << result.out;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1);
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(std::distance(fs::directory_iterator(scratch.path()), fs::directory_iterator{}), 1);  // the spec only

  const auto defaults = run_cli("validate");
  EXPECT_EQ(defaults.exit_code, 0) << defaults.err;
  EXPECT_EQ(defaults.out.rfind("rdha: the default spec is valid: ", 0), 0u) << defaults.out;
}

TEST(CliValidate, AnInvalidSpecExitsTwoWithTheSpecErrorFormat) {
  ScratchDir scratch("validate-bad");
  const auto config = write(scratch, "spec.json", R"({"database": {"backup_retention_days": 0}})");
  const auto result = run_cli("validate --config " + config);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err.rfind("rdha: [rdha.spec.invalid] (database.backup_retention_days) 0 is outside ", 0), 0u)
      << result.err;
  const auto malformed = run_cli("validate --config " + write(scratch, "broken.json", "{\"database\": "));
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_EQ(malformed.err.rfind("rdha: [rdha.spec.malformed_json] (", 0), 0u) << malformed.err;
  EXPECT_EQ(run_cli("validate --config " + (scratch.path() / "missing.json").string()).exit_code, 2);
}

// A pre-flight `rdha validate` must not pass a spec `rdha check` refuses: a waiver's rule is
// checked against the rule registry as check does.
TEST(CliValidate, AWaiverOfAnUnknownRuleIsRefusedAsCheckRefusesIt) {
  ScratchDir scratch("validate-waiver");
  const auto config = write(scratch, "spec.json",
                            R"({"check": {"waivers": [{"rule": "RDHA-DR-01", "reason": "no DR by design"}]}})");
  const auto validated = run_cli("validate --config " + config);
  const auto checked = run_cli("check --config " + config);
  EXPECT_EQ(validated.exit_code, 2);
  EXPECT_EQ(checked.exit_code, 2);
  EXPECT_EQ(validated.err.rfind("rdha: [rdha.spec.unknown_rule] (check.waivers[0].rule) \"RDHA-DR-01\" is not a rule "
                                "ID. The nearest: RDHA-DR-001",
                                0),
            0u)
      << validated.err;
  EXPECT_EQ(validated.err, checked.err);
}

TEST(CliDefaults, WithAConfigPrintsTheMergedEffectiveSpec) {
  ScratchDir scratch("defaults-merged");
  const auto config = write(scratch, "spec.json", R"({"database": {"port": 5433}, "name_suffix": "-prod"})");
  const auto result = run_cli("defaults --config " + config);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto expected = stack::HaStackSpec{};
  expected.database.port = 5433;
  expected.name_suffix = "-prod";
  EXPECT_EQ(nlohmann::json::parse(result.out), stack::to_json(expected));
  // The merged spec is itself a config that means the same.
  const auto again = run_cli("defaults --config " + write(scratch, "merged.json", result.out));
  EXPECT_EQ(again.out, result.out);

  const auto bad = run_cli("defaults --config " + write(scratch, "bad.json", R"({"database": {"prot": 1}})"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_NE(bad.err.find("database.prot"), std::string::npos) << bad.err;
}

TEST(CliHelp, EverySubcommandShowsAnExampleAndItsExitCodes) {
  for (const std::string command :
       {"synth", "bootstrap", "defaults", "validate", "schema", "graph", "check", "drill", "pipeline", "plan-check"}) {
    const auto help = run_cli(command + " --help");
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("Example:\n  "), std::string::npos) << command << ":\n" << help.out;
    EXPECT_NE(help.out.find("Exit codes:\n  0  success\n"), std::string::npos) << command << ":\n" << help.out;
    EXPECT_NE(help.out.find("  2  bad input (spec, arguments, files) or any other error; the message is on stderr\n"),
              std::string::npos)
        << command;
  }
  EXPECT_NE(run_cli("check --help").out.find("  1  a finding no waiver accepts is at least as severe as --fail-on\n"),
            std::string::npos);
  EXPECT_NE(run_cli("plan-check --help").out.find("  1  an error finding no waiver accepts\n"), std::string::npos);
}

}  // namespace
}  // namespace rdha
