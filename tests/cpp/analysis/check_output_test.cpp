// The renderings of a check report: text for people, the JSON shape of docs/check.md and
// SARIF 2.1.0 with rules, levels and logical locations.
#include <gtest/gtest.h>

#include "analysis_fixture.hpp"
#include "rdha/analysis/sarif.hpp"

namespace rdha::analysis {
namespace {

using testing::at;
using testing::check;

// The default stack with one error (writer not Multi-AZ) added to its findings: the two alarm
// topics without subscribers (warnings) and the two single NAT gateways (infos).
CheckReport broken_report() {
  Stack stack = stack::build_ha_stack({});
  at(stack, "aws_db_instance.primary").set("multi_az", false);
  return check(stack);
}

TEST(CheckOutput, FindingsAreSortedErrorsFirst) {
  const auto report = broken_report();
  ASSERT_GE(report.findings.size(), 2u);
  EXPECT_EQ(report.findings.front().rule_id, "RDHA-HA-001");
  EXPECT_EQ(report.findings.front().severity, Severity::error);
  EXPECT_EQ(report.findings.back().severity, Severity::info);
  EXPECT_TRUE(report.has_errors());
}

TEST(CheckOutput, TextNamesSeverityRuleAddressAndTotals) {
  const std::string text = format_text(broken_report());
  EXPECT_NE(text.find("error   RDHA-HA-001  aws_db_instance.primary\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Set multi_az = true"), std::string::npos);
  EXPECT_NE(text.find("warning RDHA-MON-006  aws_sns_topic.dr\n"), std::string::npos) << text;
  const std::string totals = "rdha check: 1 error, 2 warnings, 2 info (" +
                             std::to_string(RuleRegistry::builtin().rules().size()) +
                             " rules, engine support as of 2026-11-26)";
  EXPECT_NE(text.find(totals), std::string::npos) << text;
}

TEST(CheckOutput, JsonShape) {
  const auto json = to_json(broken_report());
  EXPECT_EQ(json["tool"]["name"], "rdha");
  EXPECT_EQ(json["today"], "2026-11-26");
  EXPECT_EQ(json["summary"]["errors"], 1);
  EXPECT_EQ(json["summary"]["warnings"], 2);
  EXPECT_EQ(json["summary"]["info"], 2);
  EXPECT_EQ(json["summary"]["passed"], false);
  const auto& first = json["findings"][0];
  EXPECT_EQ(first["rule_id"], "RDHA-HA-001");
  EXPECT_EQ(first["severity"], "error");
  EXPECT_EQ(first["address"], "aws_db_instance.primary");
  EXPECT_EQ(first["title"], "The writer is Multi-AZ");
  EXPECT_EQ(first["category"], "ha");
  EXPECT_EQ(first["scanners"], nlohmann::json::parse(R"([{"scanner":"checkov","id":"CKV_AWS_157"}])"));
  EXPECT_TRUE(first["summary"].is_string() && first["detail"].is_string());
  EXPECT_EQ(json["findings"][1]["rule_id"], "RDHA-MON-006");
  EXPECT_EQ(json["findings"][1]["severity"], "warning");
}

TEST(CheckOutput, SarifStructure) {
  const auto report = broken_report();
  const auto sarif = to_sarif(report);
  EXPECT_EQ(sarif["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_EQ(sarif["runs"].size(), 1u);
  const auto& run = sarif["runs"][0];
  const auto& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "rdha");
  EXPECT_TRUE(driver["version"].is_string());
  const auto& rules = driver["rules"];
  ASSERT_EQ(rules.size(), RuleRegistry::builtin().rules().size());
  for (const auto& rule : rules) {
    for (const char* key : {"id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration",
                            "properties"})
      EXPECT_TRUE(rule.contains(key)) << key << " missing in " << rule.dump();
    EXPECT_TRUE(rule["shortDescription"]["text"].is_string());
    EXPECT_TRUE(rule["help"]["text"].is_string());
    const std::string level = rule["defaultConfiguration"]["level"];
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
  }
  ASSERT_EQ(run["results"].size(), report.findings.size());
  for (const auto& result : run["results"]) {
    const int index = result["ruleIndex"];
    EXPECT_EQ(rules[index]["id"], result["ruleId"]);  // ruleIndex points at the rule
    EXPECT_TRUE(result["message"]["text"].is_string());
    const auto& location = result["locations"][0]["logicalLocations"][0];
    EXPECT_EQ(location["kind"], "resource");
    EXPECT_TRUE(location["fullyQualifiedName"].is_string());
  }
  const auto& first = run["results"][0];
  EXPECT_EQ(first["ruleId"], "RDHA-HA-001");
  EXPECT_EQ(first["level"], "error");
  EXPECT_EQ(first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "aws_db_instance.primary");
  EXPECT_EQ(run["results"].back()["level"], "note");  // info → note
  // Scanner mappings travel in the rule's properties.
  const auto& db001 = rules[RuleRegistry::builtin().index_of("RDHA-DB-001")];
  EXPECT_EQ(db001["properties"]["scanners"][0]["id"], "CKV_AWS_16");
  EXPECT_EQ(db001["defaultConfiguration"]["level"], "error");
}

TEST(CheckOutput, DateParsing) {
  EXPECT_EQ(Date::parse("2026-11-26")->str(), "2026-11-26");
  EXPECT_FALSE(Date::parse("2026-02-30"));
  EXPECT_FALSE(Date::parse("26-11-2026"));
  EXPECT_TRUE(Date::parse("2024-02-29"));
  EXPECT_EQ(Date::parse("1970-01-02")->days_since_epoch(), 1);
  EXPECT_EQ(Date::parse("2026-05-31")->days_since_epoch() - Date::parse("2026-05-01")->days_since_epoch(), 30);
  EXPECT_LT(*Date::parse("2026-05-01"), *Date::parse("2026-05-31"));
}

}  // namespace
}  // namespace rdha::analysis
