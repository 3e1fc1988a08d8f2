// Waivers of `rdha check` findings as CI uses them: in the spec (check.waivers) and in a file
// (--waivers), their reasons echoed in every format, --fail-on honouring them, stale waivers
// reported, unknown rules refused.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../testing/run_command.hpp"

namespace rdha {
namespace {

using testing::run_cli;
using testing::ScratchDir;

constexpr const char* kToday = " --today 2026-11-26";

// A stack with DR turned off on purpose: its one error is RDHA-DR-001 on the primary.
constexpr const char* kNoDr = R"json({"database": {"dr_replica": {"enabled": false}}, "check": {"waivers": [
  {"rule": "RDHA-DR-001", "address": "aws_db_instance.primary", "reason": "test stack: no DR by design (ADR-7)"}]}})json";

std::string config(const ScratchDir& scratch, const std::string& name, const std::string& text) {
  const auto path = (scratch.path() / name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(CliWaivers, ASpecWaiverLetsAStackWithoutDrPassAndEchoesTheReason) {
  ScratchDir scratch("waiver-spec");
  const auto unwaived = config(scratch, "nodr.json", R"({"database": {"dr_replica": {"enabled": false}}})");
  EXPECT_EQ(run_cli("check --config " + unwaived + kToday).exit_code, 1);

  const auto text = run_cli("check --config " + config(scratch, "spec.json", kNoDr) + kToday);
  EXPECT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_NE(text.out.find("error   RDHA-DR-001  aws_db_instance.primary\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("        waived: test stack: no DR by design (ADR-7)\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("rdha check: 0 errors, "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(", 1 waived ("), std::string::npos) << text.out;
  EXPECT_EQ(text.err, "");
}

// The whole DR region turned off (regions.dr.enabled): the DR path's one error waived with its
// reason is the only thing between such a stack and a green CI job.
TEST(CliWaivers, AStackWithoutItsDrRegionPassesWithTheDrFindingWaived) {
  ScratchDir scratch("waiver-no-dr-region");
  const auto single_region = config(scratch, "single.json", R"json({"regions": {"dr": {"enabled": false}},
    "database": {"dr_replica": {"enabled": false}, "automated_backups_replication": false},
    "check": {"waivers": [{"rule": "RDHA-DR-001", "reason": "single-region test stack by design"}]}})json");
  const auto result = run_cli("check --config " + single_region + kToday);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("        waived: single-region test stack by design\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("rdha check: 0 errors, "), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("us-west-2"), std::string::npos) << result.out;
}

TEST(CliWaivers, JsonMarksTheWaivedFindingAndCountsItApart) {
  ScratchDir scratch("waiver-json");
  const auto result = run_cli("check --format json --config " + config(scratch, "spec.json", kNoDr) + kToday);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["summary"]["errors"], 0);
  EXPECT_EQ(json["summary"]["waived"], 1);
  EXPECT_EQ(json["summary"]["passed"], true);
  const auto& waived = json["findings"].back();
  EXPECT_EQ(waived["rule_id"], "RDHA-DR-001");
  EXPECT_EQ(waived["waived"], "test stack: no DR by design (ADR-7)");
  EXPECT_EQ(json["waivers"][0]["origin"], "in_source");
  EXPECT_EQ(json["waivers"][0]["source"], "check.waivers[0]");
  EXPECT_EQ(json["unmatched_waivers"], nlohmann::json::array());
}

TEST(CliWaivers, SarifSuppressesWithTheReasonAndTheWaiversKind) {
  ScratchDir scratch("waiver-sarif");
  const auto file = config(scratch, "waivers.json", R"([{"rule": "RDHA-MON-006", "address": "aws_sns_topic.*",
    "reason": "alarms go to the shared on-call topic"}])");
  const auto result =
      run_cli("check --format sarif --config " + config(scratch, "spec.json", kNoDr) + " --waivers " + file + kToday);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  int in_source = 0, external = 0;
  const auto sarif = nlohmann::json::parse(result.out);
  for (const auto& r : sarif["runs"][0]["results"]) {
    if (r["ruleId"] == "RDHA-DR-001") {
      ++in_source;
      EXPECT_EQ(r["suppressions"], nlohmann::json::parse(R"json([{"kind": "inSource", "status": "accepted",
        "justification": "test stack: no DR by design (ADR-7)"}])json"));
    } else if (r["ruleId"] == "RDHA-MON-006") {
      ++external;
      EXPECT_EQ(r["suppressions"], nlohmann::json::parse(R"([{"kind": "external", "status": "accepted",
        "justification": "alarms go to the shared on-call topic"}])"));
    } else {
      EXPECT_FALSE(r.contains("suppressions")) << r.dump();
    }
  }
  EXPECT_EQ(in_source, 1);
  EXPECT_EQ(external, 1);  // the glob matches the topic (without DR, only the primary region's)
}

TEST(CliWaivers, FailOnCountsOnlyFindingsNoWaiverAccepts) {
  ScratchDir scratch("waiver-fail-on");
  const auto spec = config(scratch, "spec.json", kNoDr);
  // The unsubscribed topic is a warning: --fail-on warning fails until it is waived.
  EXPECT_EQ(run_cli("check --fail-on warning --config " + spec + kToday).exit_code, 1);
  const auto file = config(scratch, "waivers.json",
                           R"([{"rule": "RDHA-MON-006", "reason": "alarms go to the shared on-call topic"}])");
  const auto waived = run_cli("check --fail-on warning --config " + spec + " --waivers " + file + kToday);
  EXPECT_EQ(waived.exit_code, 0) << waived.out << waived.err;
  EXPECT_NE(waived.out.find("rdha check: 0 errors, 0 warnings, 2 info, 2 waived ("), std::string::npos) << waived.out;
}

TEST(CliWaivers, AWaiverMatchingNothingIsReportedAsAWarning) {
  ScratchDir scratch("waiver-stale");
  const auto file = config(scratch, "waivers.json",
                           R"([{"rule": "RDHA-HA-001", "address": "aws_db_instance.primary", "reason": "CAB-9"}])");
  const auto text = run_cli("check --waivers " + file + kToday);
  EXPECT_EQ(text.exit_code, 0) << text.err;
  const std::string warning = "waiver " + file + "[0] (RDHA-HA-001 at aws_db_instance.primary) matches no finding; "
                              "remove it or correct its rule or address";
  EXPECT_NE(text.out.find("warning: " + warning + "\n"), std::string::npos) << text.out;
  const auto json = run_cli("check --format json --waivers " + file + kToday);
  EXPECT_EQ(json.err, "rdha: warning: " + warning + "\n");
  EXPECT_EQ(nlohmann::json::parse(json.out)["unmatched_waivers"][0]["rule"], "RDHA-HA-001");
}

TEST(CliWaivers, AnUnknownRuleIsRefusedNamingTheFieldAndTheNearest) {
  ScratchDir scratch("waiver-unknown");
  const auto spec = config(scratch, "spec.json",
                           R"({"check": {"waivers": [{"rule": "RDHA-DR-01", "reason": "no DR here"}]}})");
  const auto result = run_cli("check --config " + spec);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "rdha: [rdha.spec.unknown_rule] (check.waivers[0].rule) \"RDHA-DR-01\" is not a rule ID. The "
                        "nearest: RDHA-DR-001, RDHA-DR-002, RDHA-DR-003. docs/check.md lists every rule.\n");

  const auto file = config(scratch, "waivers.json", R"([{"rule": "RDHA-MON-06", "reason": "x"}])");
  const auto from_file = run_cli("check --waivers " + file);
  EXPECT_EQ(from_file.exit_code, 2);
  EXPECT_NE(from_file.err.find("(" + file + "[0].rule) \"RDHA-MON-06\" is not a rule ID. The nearest: RDHA-MON-006"),
            std::string::npos)
      << from_file.err;
}

TEST(CliWaivers, AWaiverWithoutAReasonIsRefused) {
  ScratchDir scratch("waiver-reason");
  const auto spec = config(scratch, "spec.json", R"({"check": {"waivers": [{"rule": "RDHA-DR-001", "reason": " "}]}})");
  const auto result = run_cli("check --config " + spec);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("check.waivers[0].reason"), std::string::npos) << result.err;

  const auto file = config(scratch, "waivers.json", R"([{"rule": "RDHA-DR-001", "address": "x"}])");
  const auto from_file = run_cli("check --waivers " + file);
  EXPECT_EQ(from_file.exit_code, 2);
  EXPECT_EQ(from_file.err, "rdha: [rdha.spec.invalid] (" + file + "[0].reason) is required.\n");
  EXPECT_EQ(run_cli("check --waivers " + config(scratch, "bad.json", "{\"rule\": 1}")).exit_code, 2);
}

// A broken waivers file is named as one, with how it should look, not as a spec file.
TEST(CliWaivers, AMalformedWaiversFileIsNamedAsTheWaiversFile) {
  ScratchDir scratch("waiver-malformed");
  const auto waivers = config(scratch, "waivers.json", "[{\"rule\": \"RDHA-DR-001\",]\n");
  const auto result = run_cli("check --waivers " + waivers + kToday);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("(" + waivers + ") is not valid JSON at line 1, column "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("A waivers file is a JSON list of {\"rule\", \"address\", \"reason\"} objects"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("rdha defaults"), std::string::npos) << result.err;
  EXPECT_EQ(result.out, "");
}

TEST(CliWaivers, PlanCheckTakesTheSameWaiverFile) {
  ScratchDir scratch("waiver-plan");
  const auto file = config(scratch, "waivers.json", R"([{"rule": "RDHA-PLAN-002", "address": "aws_db_instance.*",
    "reason": "CAB-42 resize approved"}])");
  const auto plan = std::string(RDHA_SOURCE_DIR) + "/tests/fixtures/plans/instance_class.json";
  EXPECT_EQ(run_cli("plan-check " + plan).exit_code, 1);
  const auto result = run_cli("plan-check --format json --waivers " + file + " " + plan);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["summary"]["blocking"], 0);
  EXPECT_GT(json["summary"]["waived"], 0);
  const auto unknown = config(scratch, "unknown.json", R"([{"rule": "RDHA-DR-001", "reason": "x"}])");
  const auto refused = run_cli("plan-check --waivers " + unknown + " " + plan);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("(" + unknown + "[0].rule) \"RDHA-DR-001\" is not a rule ID."), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("docs/plan-check.md lists every rule."), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace rdha
