// `rdha check` and `rdha drill` as build scripts and people use them: exit codes, formats,
// and bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "../testing/run_command.hpp"

namespace rdha {
namespace {

using testing::run_cli;
using testing::ScratchDir;
namespace fs = std::filesystem;

TEST(CliCheck, DefaultStackExitsZeroWithText) {
  const auto result = run_cli("check --today 2026-11-26");
  // Warnings do not fail the check: the default spec names no notification e-mail, so both
  // alarm topics have no subscriber.
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("warning RDHA-MON-006  aws_sns_topic.dr\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("warning RDHA-MON-006  aws_sns_topic.primary\n"), std::string::npos) << result.out;
  // The 17 line with automatic minor upgrades: no engine finding, only the NAT infos besides.
  EXPECT_NE(result.out.find("rdha check: 0 errors, 2 warnings, 2 info"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("RDHA-ENG-"), std::string::npos) << result.out;
}

TEST(CliCheck, SubscribedTopicsLeaveOnlyTheNatInfos) {
  ScratchDir scratch("check-subscribed");
  std::ofstream(scratch.path() / "spec.json") << R"({"monitoring": {"notification_emails": ["oncall@example.com"]}})";
  const auto result = run_cli("check --today 2026-11-26 --config " + (scratch.path() / "spec.json").string());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("rdha check: 0 errors, 0 warnings, 2 info"), std::string::npos) << result.out;
}

TEST(CliCheck, ConfigurationAfterARegionFailoverHasNoDrUntilTheFailback) {
  ScratchDir scratch("check-promoted");
  std::ofstream(scratch.path() / "spec.json") << R"({"failover": {"state": "dr_promoted"}})";
  const auto result = run_cli("check --today 2026-11-26 --config " + (scratch.path() / "spec.json").string());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("error   RDHA-DR-001  aws_db_instance.dr_writer\n        No cross-region replica after "
                            "a region failover: losing us-west-2 now is a total outage.\n"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("rdha check: 1 error, 3 warnings, 2 info"), std::string::npos) << result.out;
}

TEST(CliCheck, NameRuleTakesTheSpecsSuffix) {
  ScratchDir scratch("check-suffix");
  std::ofstream(scratch.path() / "spec.json") << R"({"name_suffix": "-prod"})";
  const auto result = run_cli("check --today 2026-11-26 --config " + (scratch.path() / "spec.json").string());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find("RDHA-NAME-001"), std::string::npos) << result.out;
}

TEST(CliCheck, ErrorFindingExitsOne) {
  ScratchDir scratch("check-errors");
  std::ofstream(scratch.path() / "spec.json") << R"({"database": {"multi_az": false}})";
  const auto result = run_cli("check --format json --config " + (scratch.path() / "spec.json").string());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["summary"]["passed"], false);
  EXPECT_EQ(json["findings"][0]["rule_id"], "RDHA-HA-001");
  EXPECT_EQ(json["findings"][0]["address"], "aws_db_instance.primary");
}

TEST(CliCheck, SarifFormat) {
  const auto result = run_cli("check --format sarif --today 2026-11-26");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto sarif = nlohmann::json::parse(result.out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["name"], "rdha");
  // Errors first, then warnings, then notes: the unsubscribed topics, then the NAT gateways.
  const auto& results = sarif["runs"][0]["results"];
  ASSERT_EQ(results.size(), 4u) << result.out;
  EXPECT_EQ(results[0]["ruleId"], "RDHA-MON-006");
  EXPECT_EQ(results[0]["level"], "warning");
  EXPECT_EQ(results[3]["ruleId"], "RDHA-NET-001");
  EXPECT_EQ(results[3]["level"], "note");
}

// Every result points at the committed file and the line of its block (GitHub code scanning
// needs a physical location); fingerprints never carry the message.
TEST(CliCheck, SarifResultsPointAtTheBlockInTheCommittedFiles) {
  const fs::path root = fs::path(RDHA_SOURCE_DIR);
  const auto result = run_cli("check --format sarif --tf-dir terraform_out --today 2026-11-26");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto results = nlohmann::json::parse(result.out)["runs"][0]["results"];
  ASSERT_FALSE(results.empty());
  std::set<std::string> fingerprints;
  for (const auto& r : results) {
    const auto& physical = r["locations"][0]["physicalLocation"];
    const std::string uri = physical["artifactLocation"]["uri"];
    const std::string address = r["locations"][0]["logicalLocations"][0]["name"];
    EXPECT_EQ(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    ASSERT_TRUE(uri.starts_with("terraform_out/")) << uri;
    std::ifstream file(root / uri);
    ASSERT_TRUE(file) << uri;
    std::string line;
    for (int n = physical["region"]["startLine"].get<int>(); n > 0; --n) std::getline(file, line);
    const std::string name = address.substr(address.rfind('.') + 1);
    EXPECT_NE(line.find("\"" + name + "\": {"), std::string::npos) << address << " at " << uri << ": " << line;
    const std::string fingerprint = r["partialFingerprints"]["rdhaFinding/v2"];
    EXPECT_EQ(fingerprint.find(r["message"]["text"].get<std::string>().substr(0, 12)), std::string::npos);
    EXPECT_TRUE(fingerprints.insert(fingerprint).second) << fingerprint;
  }
}

// The default stack at this date: no error, the two unsubscribed alarm topics (warnings),
// the two NAT gateways (info).
constexpr const char* kToday = " --today 2026-11-26";

TEST(CliCheck, FailOnSetsTheLeastSeverityThatFails) {
  EXPECT_EQ(run_cli(std::string("check --fail-on error") + kToday).exit_code, 0);
  const auto warning = run_cli(std::string("check --format json --fail-on warning") + kToday);
  EXPECT_EQ(warning.exit_code, 1) << warning.err;
  const auto json = nlohmann::json::parse(warning.out);
  EXPECT_EQ(json["summary"]["fail_on"], "warning");
  EXPECT_EQ(json["summary"]["passed"], false);

  ScratchDir scratch("check-fail-on");
  std::ofstream(scratch.path() / "spec.json") << R"({"database": {"multi_az": false}})";
  const auto never = run_cli("check --format json --fail-on never --config " + (scratch.path() / "spec.json").string());
  EXPECT_EQ(never.exit_code, 0) << never.err;
  const auto reported = nlohmann::json::parse(never.out);
  EXPECT_GT(reported["summary"]["errors"], 0);  // still reported, only not failing
  EXPECT_EQ(reported["summary"]["fail_on"], "never");
  EXPECT_EQ(reported["summary"]["passed"], true);
  EXPECT_EQ(run_cli("check --fail-on info").exit_code, 2);
}

TEST(CliCheck, SkippedRulesDoNotRunAndAreEchoedAndRecorded) {
  const auto text = run_cli(std::string("check --fail-on warning --skip RDHA-MON-006") + kToday);
  EXPECT_EQ(text.exit_code, 0) << text.out;
  EXPECT_EQ(text.err, "rdha: skipped: RDHA-MON-006\n");
  EXPECT_EQ(text.out.find("RDHA-MON-006"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("rdha check: 0 errors, 0 warnings, 2 info ("), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(" rules, 1 skipped, engine support as of 2026-11-26)"), std::string::npos) << text.out;

  const auto json = run_cli(std::string("check --format json --skip RDHA-MON-006,RDHA-NET-001 --skip RDHA-DR-001") + kToday);
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.err, "rdha: skipped: RDHA-DR-001\nrdha: skipped: RDHA-MON-006\nrdha: skipped: RDHA-NET-001\n");
  const auto summary = nlohmann::json::parse(json.out)["summary"];
  EXPECT_EQ(summary["skipped"], nlohmann::json::array({"RDHA-DR-001", "RDHA-MON-006", "RDHA-NET-001"}));
  EXPECT_EQ(summary["warnings"], 0);
  EXPECT_EQ(summary["info"], 0);
}

TEST(CliCheck, SarifRecordsSkippedRulesAsDisabledOverrides) {
  const auto result = run_cli(std::string("check --format sarif --skip RDHA-MON-006") + kToday);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto run = nlohmann::json::parse(result.out)["runs"][0];
  for (const auto& r : run["results"]) EXPECT_NE(r["ruleId"], "RDHA-MON-006");
  const auto& rules = run["tool"]["driver"]["rules"];
  std::size_t index = 0;
  while (index < rules.size() && rules[index]["id"] != "RDHA-MON-006") ++index;
  ASSERT_LT(index, rules.size()) << "the skipped rule stays described";
  EXPECT_EQ(run["invocations"], nlohmann::json::parse(R"([{"executionSuccessful": true, "ruleConfigurationOverrides": [
      {"descriptor": {"id": "RDHA-MON-006", "index": )" + std::to_string(index) + R"(}, "configuration": {"enabled": false}}]}])"));
  // Nothing skipped: no invocation, the log as before.
  EXPECT_FALSE(nlohmann::json::parse(run_cli(std::string("check --format sarif") + kToday).out)["runs"][0].contains("invocations"));
}

TEST(CliCheck, AnUnknownSkippedRuleIsAnErrorNamingTheNearest) {
  const auto result = run_cli("check --skip RDHA-DR-01");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "rdha: [rdha.spec.unknown_rule] (skip) \"RDHA-DR-01\" is not a rule ID. The nearest: "
                        "RDHA-DR-001, RDHA-DR-002, RDHA-DR-003. docs/check.md lists every rule.\n");
}

TEST(CliCheck, BadInputExitsTwo) {
  EXPECT_EQ(run_cli("check --format xml").exit_code, 2);
  EXPECT_EQ(run_cli("check --today 2026-13-01").exit_code, 2);
  ScratchDir scratch("check-bad");
  std::ofstream(scratch.path() / "bad.json") << R"({"database": {"backup_retention_days": 0}})";
  const auto result = run_cli("check --config " + (scratch.path() / "bad.json").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("database.backup_retention_days"), std::string::npos) << result.err;
}

TEST(CliDrill, AzLossText) {
  const auto result = run_cli("drill --fail az:us-east-1a");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("writer  aws_db_instance.primary (primary-rdha)  [multi_az_failover]"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("reader  aws_db_instance.replica_2 (replica-2-rdha)  [unaffected]"), std::string::npos);
}

TEST(CliDrill, RegionLossJson) {
  const auto result = run_cli("drill --fail region:us-east-1 --format json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["promotion_target"], "aws_db_instance.dr_replica");
  bool named = false;
  for (const auto& step : json["manual_steps"])
    for (const auto& command : step["commands"])
      named = named || command.get<std::string>().find("promote-read-replica --region us-west-2 "
                                                       "--db-instance-identifier dr-replica-rdha") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST(CliDrill, WithoutDrReplicaSaysTotalOutage) {
  ScratchDir scratch("drill-nodr");
  std::ofstream(scratch.path() / "spec.json") << R"({"database": {"dr_replica": {"enabled": false}}})";
  const auto result = run_cli("drill --fail region:us-east-1 --config " + (scratch.path() / "spec.json").string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("TOTAL OUTAGE"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Region loss = total outage"), std::string::npos);
}

TEST(CliDrill, AnAzOutsideTheStackExitsTwoListingItsAzsAndRegions) {
  const auto result = run_cli("drill --fail az:us-east-1z");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err,
            "rdha: [rdha.spec.unknown_failure_domain] (fail) \"az:us-east-1z\" is not in the stack, so a drill of it "
            "shows nothing. The stack's regions: us-east-1, us-west-2; its availability zones: us-east-1a, "
            "us-east-1b, us-west-2a, us-west-2b.\n");
}

TEST(CliDrill, BadInputExitsTwo) {
  EXPECT_EQ(run_cli("drill").exit_code, 2);  // --fail is required
  const auto result = run_cli("drill --fail zone:a");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(result.out.empty());
  EXPECT_NE(result.err.find("[rdha.spec.invalid] (fail)"), std::string::npos) << result.err;
  EXPECT_EQ(run_cli("drill --fail az:us-east-1a --format sarif").exit_code, 2);
}

}  // namespace
}  // namespace rdha
