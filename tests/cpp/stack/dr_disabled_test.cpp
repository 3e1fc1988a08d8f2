// Tests of a stack without its DR region (regions.dr.enabled = false): nothing is placed in
// the DR region and no provider configuration points there, the primary region is built as
// in the two-region stack, the outputs keep their shape, and every setting that needs the DR
// region is refused by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "rdha/analysis/check.hpp"
#include "rdha/analysis/drill.hpp"
#include "rdha/emit/tf_json.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/ha_stack.hpp"

namespace rdha::stack {
namespace {

HaStackSpec single_region() {
  HaStackSpec spec;
  spec.regions.dr.enabled = false;
  spec.database.dr_replica.enabled = false;
  spec.database.automated_backups_replication = false;
  return spec;
}

std::set<std::string> addresses(const Stack& stack) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < stack.size(); ++i) out.insert(stack.resource(i).address.str());
  return out;
}

std::string problem_at(const HaStackSpec& spec, const std::string& subject) {
  for (const Problem& problem : validate(spec))
    if (problem.subject == subject) return problem.message;
  return "";
}

TEST(DrDisabled, NoBlockAndNoProviderConfigurationInTheDrRegion) {
  HaStackSpec spec = single_region();
  spec.failover.enabled = true;  // every optional module that touches the DR region
  const HaStack parts = build_ha_stack_parts(spec);
  const Stack& stack = parts.stack;
  ASSERT_GT(stack.size(), 0u);
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const Resource& r = stack.resource(i);
    EXPECT_EQ(r.provider, "aws") << r.address.str();  // the default configuration is the primary region's
    EXPECT_EQ(r.placement.region, "us-east-1") << r.address.str();
  }
  for (const ProviderConfig& provider : stack.providers()) EXPECT_NE(provider.region, "us-west-2");
  EXPECT_EQ(stack.find_provider("aws.dr"), nullptr);
  EXPECT_FALSE(parts.providers.dr);
  EXPECT_FALSE(parts.dr_network);
  EXPECT_FALSE(parts.peering);
  EXPECT_FALSE(parts.dr_security);
  EXPECT_FALSE(parts.database->dr_region);
  EXPECT_FALSE(parts.monitoring.dr_topic);
  EXPECT_FALSE(parts.kms.dr_key);
  EXPECT_FALSE(parts.kms.dr_arn);
  EXPECT_NO_THROW(to_tf_json(stack));
}

TEST(DrDisabled, ThePrimaryRegionIsTheTwoRegionStacksMinusTheCrossRegionParts) {
  HaStackSpec two_regions;
  two_regions.database.dr_replica.enabled = false;
  two_regions.database.automated_backups_replication = false;
  std::set<std::string> expected;
  const Stack full = build_ha_stack(two_regions);
  for (std::size_t i = 0; i < full.size(); ++i) {
    const Resource& r = full.resource(i);
    const std::string address = r.address.str();
    // The DR region's blocks, and the primary's peering and its routes/rules to the peer.
    if (r.placement.region == "us-west-2" || address.find("peer") != std::string::npos ||
        r.address.type.starts_with("aws_vpc_peering_connection"))
      continue;
    expected.insert(address);
  }
  EXPECT_EQ(addresses(build_ha_stack(single_region())), expected);
}

TEST(DrDisabled, NoDrRegionInPoliciesSecretOrOutputs) {
  const HaStack parts = build_ha_stack_parts(single_region());
  for (const auto& [file, content] : to_tf_json(parts.stack)) {
    const std::string text = content.dump();
    EXPECT_EQ(text.find("us-west-2"), std::string::npos) << file;
    EXPECT_EQ(text.find("aws.dr"), std::string::npos) << file;
  }
  const auto& outputs = parts.stack.outputs();
  EXPECT_FALSE(outputs.contains("peering_connection_id"));
  EXPECT_FALSE(outputs.contains("dr_endpoint"));
  EXPECT_EQ(outputs.at("vpc_ids").value, nlohmann::json({{"primary", "${aws_vpc.primary.id}"}}));
  EXPECT_EQ(outputs.at("alarm_topic_arns").value, nlohmann::json({{"primary", "${aws_sns_topic.primary.arn}"}}));
  EXPECT_EQ(outputs.at("kms_key_arns").value, nlohmann::json({{"primary", "${aws_kms_key.primary.arn}"}}));
  // Descriptions promise nothing of a DR region the stack does not have.
  for (const char* name : {"kms_key_arns", "writer_dns_name", "reader_dns_name"})
    EXPECT_EQ(outputs.at(name).description.find("DR"), std::string::npos) << name << ": " << outputs.at(name).description;
  EXPECT_EQ(outputs.at("kms_key_arns").description.find("its replica"), std::string::npos);
}

TEST(DrDisabled, AwsManagedKeysNeedNoLookupInTheDrRegion) {
  HaStackSpec spec = single_region();
  spec.database.kms_mode = KmsMode::aws_managed;
  const Stack stack = build_ha_stack(spec);
  for (std::size_t i = 0; i < stack.size(); ++i)
    EXPECT_EQ(stack.resource(i).placement.region, "us-east-1") << stack.resource(i).address.str();
}

TEST(DrDisabled, SettingsThatNeedTheDrRegionAreRefusedByName) {
  HaStackSpec spec;
  spec.regions.dr.enabled = false;
  spec.security.existing_app_security_group_ids.dr = {"sg-11111111"};
  spec.security.cross_region_app_cidrs.primary = {"10.0.8.0/24"};
  spec.security.cross_region_app_cidrs.dr = {"10.1.8.0/24"};
  spec.monitoring.notification_endpoints.dr = {{"https", "https://example.com/hook"}};
  EXPECT_EQ(problem_at(spec, "database.dr_replica.enabled"),
            "is true while regions.dr.enabled is false; the cross-region DR replica lives in the DR region "
            "\"us-west-2\", which the stack leaves out.");
  EXPECT_EQ(problem_at(spec, "database.automated_backups_replication"),
            "is true while regions.dr.enabled is false; the copy of the automated backups lives in the DR region "
            "\"us-west-2\", which the stack leaves out.");
  EXPECT_EQ(problem_at(spec, "security.existing_app_security_group_ids.dr"),
            "is a list of 1 while regions.dr.enabled is false; the DB security group these groups would reach lives "
            "in the DR region \"us-west-2\", which the stack leaves out.");
  EXPECT_EQ(problem_at(spec, "security.cross_region_app_cidrs.primary"),
            "is a list of 1 while regions.dr.enabled is false; the DB security group that would admit these subnets "
            "lives in the DR region \"us-west-2\", which the stack leaves out.");
  EXPECT_EQ(problem_at(spec, "security.cross_region_app_cidrs.dr"),
            "is a list of 1 while regions.dr.enabled is false; the VPC peering that would carry this traffic lives "
            "in the DR region \"us-west-2\", which the stack leaves out.");
  EXPECT_EQ(problem_at(spec, "monitoring.notification_endpoints.dr"),
            "is a list of 1 while regions.dr.enabled is false; the alarm topic these endpoints would subscribe to "
            "lives in the DR region \"us-west-2\", which the stack leaves out.");
  EXPECT_EQ(validate(spec).size(), 6u);
  try {
    build_ha_stack(spec);
    FAIL() << "expected SpecError";
  } catch (const SpecError& error) {
    EXPECT_EQ(error.problems().size(), 6u);
  }

  HaStackSpec no_primary;
  no_primary.regions.primary.enabled = false;
  EXPECT_EQ(problem_at(no_primary, "regions.primary.enabled"),
            "is false; the primary region holds the writer and cannot be left out (only regions.dr.enabled can be "
            "false).");
  EXPECT_TRUE(validate(single_region()).empty());
}

TEST(DrDisabled, ModulesRefuseADrReplicaWithoutTheDrRegionsParts) {
  HaStackSpec spec;  // a DR replica, but the caller builds no DR network
  Stack stack;
  const Providers providers = add_providers(stack, spec);
  const KmsKeys kms = build_kms(stack, spec, providers);
  const RegionNetwork network = build_network(stack, spec, providers.primary, kms.primary_arn);
  const MasterSecret secret = build_secrets(stack, spec, providers, kms);
  const RegionSecurity security = build_security_groups(stack, spec, network, nullptr);
  const IamRoles iam = build_iam(stack, spec, providers, kms);
  try {
    build_database(stack, spec, providers, network, nullptr, security, nullptr, kms, secret, iam, std::nullopt);
    FAIL() << "expected SpecError";
  } catch (const SpecError& error) {
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].subject, "regions.dr.enabled");
  }
}

// rdha check on a stack without a DR region: the DR rules report the missing DR path, no
// rule fails, and nothing speaks of a DR resource that does not exist.
TEST(DrDisabled, CheckReportsTheMissingDrPathWithoutNonsense) {
  const Stack stack = build_ha_stack(single_region());
  const analysis::CheckReport report = analysis::run_checks(stack);
  bool no_cross_region = false;
  for (const auto& finding : report.findings) {
    const std::string text = finding.summary + " " + finding.detail;
    EXPECT_EQ(text.find("us-west-2"), std::string::npos) << finding.rule_id << ": " << text;
    EXPECT_EQ(finding.address.find(".dr"), std::string::npos) << finding.rule_id << ": " << finding.address;
    if (finding.summary.find("No cross-region replica") != std::string::npos) no_cross_region = true;
  }
  EXPECT_TRUE(no_cross_region);
}

TEST(DrDisabled, DrillOfTheLeftOutRegionIsRefusedAndRegionLossSaysThereIsNoDrRegion) {
  const Stack stack = build_ha_stack(single_region());
  try {
    analysis::simulate(stack, analysis::FailureDomain::parse("region:us-west-2"));
    FAIL() << "expected SpecError";
  } catch (const SpecError& error) {
    EXPECT_EQ(error.problems().at(0).message,
              "\"region:us-west-2\" is not in the stack, so a drill of it shows nothing. The stack's regions: "
              "us-east-1; its availability zones: us-east-1a, us-east-1b.");
  }
  const auto report = analysis::simulate(stack, analysis::FailureDomain::parse("region:us-east-1"));
  EXPECT_TRUE(report.total_outage);
  EXPECT_FALSE(report.promotion_target.has_value());
  ASSERT_FALSE(report.warnings.empty());
  EXPECT_EQ(report.warnings[0],
            "Region loss = total outage: the stack has no DR region (all of it is in us-east-1), so there is no "
            "region to fail over to. Add a DR region with a cross-region replica.");
}

}  // namespace
}  // namespace rdha::stack
