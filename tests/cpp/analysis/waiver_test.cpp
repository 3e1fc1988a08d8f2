// Waivers (rdha/analysis/waiver.hpp): address globs, the JSON list of the spec and of
// --waivers files, unknown rules, and which findings a set of waivers accepts.
#include "rdha/analysis/waiver.hpp"

#include <gtest/gtest.h>

#include "rdha/analysis/check.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/ha_stack.hpp"

namespace rdha::analysis {
namespace {

TEST(Waiver, AddressesMatchExactlyOrByGlob) {
  EXPECT_TRUE(address_matches("aws_db_instance.primary", "aws_db_instance.primary"));
  EXPECT_FALSE(address_matches("aws_db_instance.primary", "aws_db_instance.primary_2"));
  EXPECT_TRUE(address_matches("", "anything.at_all"));
  EXPECT_TRUE(address_matches("aws_sns_topic.*", "aws_sns_topic.dr"));
  EXPECT_FALSE(address_matches("aws_sns_topic.*", "aws_sns_topic_subscription.dr"));
  EXPECT_TRUE(address_matches("*.dr", "aws_nat_gateway.dr"));
  EXPECT_TRUE(address_matches("aws_*_instance.*replica*", "aws_db_instance.dr_replica"));
  EXPECT_TRUE(address_matches("aws_db_instance.r*", "aws_db_instance.r"));  // '*' matches none too
  EXPECT_FALSE(address_matches("aws_db_instance.r*x", "aws_db_instance.replica"));
  EXPECT_TRUE(address_matches(R"(aws_db_instance.r["a:*"])", R"(aws_db_instance.r["a:b"])"));
}

TEST(Waiver, ReadsTheJsonListNamingEachProblemsField) {
  const auto waivers = waivers_from_json(
      nlohmann::json::parse(R"([{"rule": "RDHA-DR-001", "reason": "no DR"},
                                {"rule": "RDHA-MON-006", "address": "aws_sns_topic.*", "reason": "shared topic"}])"),
      "check.waivers", WaiverOrigin::in_source);
  ASSERT_EQ(waivers.size(), 2u);
  EXPECT_EQ(waivers[0], (Waiver{"", "no DR", "RDHA-DR-001", WaiverOrigin::in_source, "check.waivers[0]"}));
  EXPECT_EQ(waivers[1].address, "aws_sns_topic.*");
  try {
    waivers_from_json(nlohmann::json::parse(R"([{"rule": "", "reason": "\t", "adress": "x"}])"), "w.json",
                      WaiverOrigin::external);
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_EQ(std::string(e.what()),
              "[rdha.spec.invalid] 3 problems found:\n"
              "  w.json[0].adress: is not a waiver key; a waiver has rule, address and reason.\n"
              "  w.json[0].reason: is empty; say why the findings are accepted (it is echoed with them).\n"
              "  w.json[0].rule: is empty; name the rule the waiver accepts (rdha check lists rule IDs).");
  }
  try {
    waivers_from_json(nlohmann::json::parse(R"({"waivers": []})"), "w.json", WaiverOrigin::external);
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_EQ(std::string(e.what()), "[rdha.spec.invalid] (w.json) must be a list of {\"rule\", \"address\", "
                                     "\"reason\"} objects, not {\"waivers\":[]}.");
  }
}

TEST(Waiver, AnUnknownRuleNamesTheFieldAndTheNearest) {
  const std::vector<Waiver> waivers = {{"", "x", "RDHA-DR-001", WaiverOrigin::in_source, "check.waivers[0]"},
                                       {"", "x", "RDHA-DR-01", WaiverOrigin::in_source, "check.waivers[1]"}};
  try {
    require_known_rules(waivers, {"RDHA-DR-001", "RDHA-DR-002", "RDHA-HA-001"});
    FAIL();
  } catch (const SpecError& e) {
    EXPECT_EQ(e.code(), "unknown_rule");
    EXPECT_EQ(std::string(e.what()), "[rdha.spec.unknown_rule] (check.waivers[1].rule) \"RDHA-DR-01\" is not a rule "
                                     "ID. The nearest: RDHA-DR-001, RDHA-DR-002, RDHA-HA-001. docs/check.md lists "
                                     "every rule.");
  }
}

TEST(Waiver, TheFirstMatchingWaiverSpeaksAndUnmatchedOnesAreReturned) {
  std::vector<Finding> findings = {{"RDHA-MON-006", Severity::warning, "aws_sns_topic.dr", "s", "d"},
                                   {"RDHA-MON-006", Severity::warning, "aws_sns_topic.primary", "s", "d"},
                                   {"RDHA-NET-001", Severity::info, "aws_nat_gateway.dr", "s", "d"}};
  const std::vector<Waiver> waivers = {{"aws_sns_topic.dr", "spec", "RDHA-MON-006", WaiverOrigin::in_source, "a"},
                                       {"aws_sns_topic.*", "file", "RDHA-MON-006", WaiverOrigin::external, "b"},
                                       {"aws_nat_gateway.dr", "wrong rule", "RDHA-NET-002", WaiverOrigin::external, "c"}};
  const auto unmatched = apply_waivers(waivers, findings);
  EXPECT_EQ(findings[0].waived, "spec");
  EXPECT_EQ(findings[0].waived_by, WaiverOrigin::in_source);
  EXPECT_EQ(findings[1].waived, "file");
  EXPECT_EQ(findings[1].waived_by, WaiverOrigin::external);
  EXPECT_EQ(findings[2].waived, "");
  ASSERT_EQ(unmatched.size(), 1u);
  EXPECT_EQ(unmatched_warning(unmatched[0]),
            "waiver c (RDHA-NET-002 at aws_nat_gateway.dr) matches no finding; remove it or correct its rule or address");
}

TEST(Waiver, RunChecksCountsWaivedFindingsApartFromFailOn) {
  const Stack stack = stack::build_ha_stack({});
  CheckOptions options;
  options.today = Date::parse("2026-11-26");
  options.fail_on = Severity::warning;
  EXPECT_TRUE(run_checks(stack, options).failed());  // the unsubscribed topics
  options.waivers = {{"aws_sns_topic.*", "shared on-call topic", "RDHA-MON-006", WaiverOrigin::external, "w"}};
  const auto report = run_checks(stack, options);
  EXPECT_FALSE(report.failed());
  EXPECT_EQ(report.waived(), 2u);
  EXPECT_EQ(report.count(Severity::warning), 0u);
  EXPECT_TRUE(report.unmatched_waivers.empty());
  EXPECT_FALSE(report.findings.back().waived.empty());  // waived ones come last
  options.waivers[0].rule = "RDHA-MON-06";
  EXPECT_THROW(run_checks(stack, options), SpecError);
}

}  // namespace
}  // namespace rdha::analysis
