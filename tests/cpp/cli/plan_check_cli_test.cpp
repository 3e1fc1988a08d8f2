// `rdha plan-check` as a pipeline step runs it: exit codes, formats, waivers and bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "../testing/run_command.hpp"

namespace rdha {
namespace {

using testing::run_cli;
using testing::ScratchDir;

std::string fixture(const std::string& name) {
  return std::string(RDHA_SOURCE_DIR) + "/tests/fixtures/plans/" + name + ".json";
}

TEST(CliPlanCheck, CleanPlanExitsZero) {
  const auto result = run_cli("plan-check " + fixture("tag_only"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "rdha plan-check: " + fixture("tag_only") + ": no findings (3 resource changes checked)\n");
}

TEST(CliPlanCheck, BlockingFindingExitsOne) {
  const auto result = run_cli("plan-check --format json " + fixture("kms_replace"));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["summary"]["blocking"], 1);
  EXPECT_EQ(json["summary"]["passed"], false);
  EXPECT_EQ(json["findings"][0]["rule_id"], "RDHA-PLAN-001");
  EXPECT_EQ(json["findings"][0]["address"], "aws_db_instance.primary");
}

TEST(CliPlanCheck, WarningsDoNotBlock) {
  EXPECT_EQ(run_cli("plan-check " + fixture("pg_replace")).exit_code, 0);
}

TEST(CliPlanCheck, WaiversAreEchoedAndUnusedOnesReported) {
  ScratchDir scratch("plan-waivers");
  std::ofstream(scratch.path() / "waivers.txt") << "# CAB-42\naws_db_instance.replica_1[0] reader resized too\n";
  const auto result = run_cli("plan-check " + fixture("instance_class") +
                              " --allow 'aws_db_instance.primary:CAB-42 resize approved' --allow 'aws_kms_key.x:stale'" +
                              " --allow-file " + (scratch.path() / "waivers.txt").string());
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("warning RDHA-PLAN-006  aws_kms_key.x\n        Waiver matches no finding of this plan.\n"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("waived: CAB-42 resize approved\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("waived: reader resized too\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("0 blocking findings, 2 waived, 1 warning"), std::string::npos) << result.out;
}

TEST(CliPlanCheck, SarifMarksWaivedResultsSuppressed) {
  const auto result =
      run_cli("plan-check --format sarif --allow 'aws_db_instance.primary:approved' " + fixture("rename"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto sarif = nlohmann::json::parse(result.out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  const auto& results = sarif["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u);  // a rename is one finding, RDHA-PLAN-003
  EXPECT_EQ(results[0]["ruleId"], "RDHA-PLAN-003");
  EXPECT_EQ(results[0]["suppressions"][0]["status"], "accepted");
  EXPECT_EQ(sarif["runs"][0]["properties"]["plan"], fixture("rename"));
}

TEST(CliPlanCheck, BadInputExitsTwoNamingTheFile) {
  ScratchDir scratch("plan-bad");
  const auto missing = (scratch.path() / "plan.json").string();
  auto result = run_cli("plan-check " + missing);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.out.empty());
  EXPECT_EQ(result.err, "rdha: [rdha.plan.unreadable] (" + missing + ") cannot be read: No such file or directory.\n");

  std::ofstream(scratch.path() / "state.json") << R"({"format_version": "1.0", "values": {}})";
  result = run_cli("plan-check " + (scratch.path() / "state.json").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("[rdha.plan.not_a_plan] (" + (scratch.path() / "state.json").string() + ") is not a Terraform plan: it is a state"),
            std::string::npos)
      << result.err;

  result = run_cli("plan-check --allow aws_db_instance.primary " + fixture("tag_only"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("[rdha.plan.bad_waiver] (--allow) waiver \"aws_db_instance.primary\" has no reason."),
            std::string::npos)
      << result.err;
  EXPECT_EQ(run_cli("plan-check").exit_code, 2);  // PLAN_JSON is required
  EXPECT_EQ(run_cli("plan-check --format xml " + fixture("tag_only")).exit_code, 2);
}

}  // namespace
}  // namespace rdha
