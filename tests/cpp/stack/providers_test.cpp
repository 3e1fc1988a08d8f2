// The providers module: required providers, the two aws configurations with default
// tags, and the shared caller/partition data sources.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/modules.hpp"

namespace rdha::stack {
namespace {

TEST(Providers, RequiresAws5AndRandom3) {
  Stack stack;
  add_providers(stack, HaStackSpec{});
  const auto& required = stack.required_providers();
  ASSERT_EQ(required.size(), 2u);
  EXPECT_EQ(required.at("aws").source, "hashicorp/aws");
  EXPECT_EQ(required.at("aws").version, ">= 5.100.0, < 6.0.0");
  EXPECT_EQ(required.at("random").source, "hashicorp/random");
  EXPECT_EQ(required.at("random").version, "~> 3.6");
}

TEST(Providers, ConfiguresPrimaryAndDrRegionsWithDefaultTags) {
  HaStackSpec spec;
  spec.regions.primary.name = "eu-west-1";
  spec.regions.dr.name = "eu-central-1";
  Stack stack;
  const Providers providers = add_providers(stack, spec);

  const ProviderConfig* primary = stack.find_provider("aws");
  const ProviderConfig* dr = stack.find_provider("aws.dr");
  ASSERT_NE(primary, nullptr);
  ASSERT_NE(dr, nullptr);
  EXPECT_EQ(primary->region, "eu-west-1");
  EXPECT_EQ(dr->region, "eu-central-1");
  const nlohmann::json tags = {{"Environment", "production"}, {"ManagedBy", "rdha"}, {"Project", "rdha"}};
  EXPECT_EQ(primary->config.at("default_tags").at("tags"), tags);
  EXPECT_EQ(dr->config.at("default_tags").at("tags"), tags);

  EXPECT_EQ(providers.primary.key, "primary");
  EXPECT_EQ(providers.primary.provider.str(), "aws");
  EXPECT_EQ(providers.primary.spec, &spec.regions.primary);
  EXPECT_EQ(providers.dr->key, "dr");
  EXPECT_EQ(providers.dr->provider.str(), "aws.dr");
  EXPECT_EQ(providers.dr->spec, &spec.regions.dr);
}

TEST(Providers, RegionContextsCarryRoleNamesAndTheRegionsInputs) {
  HaStackSpec spec;
  spec.name_suffix = "-prod";
  spec.security.existing_app_security_group_ids.primary = {"sg-0123456789abcdef0"};
  spec.security.existing_app_security_group_ids.dr = {"sg-11111111", "sg-22222222"};
  Stack stack;
  const Providers providers = add_providers(stack, spec);
  EXPECT_EQ(providers.primary.role, RegionRole::primary);
  EXPECT_EQ(providers.dr->role, RegionRole::dr);
  EXPECT_EQ(providers.primary.names.vpc(), "primary-vpc-prod");
  EXPECT_EQ(providers.dr->names.alarm_topic(), "dr-db-alarms-prod");
  EXPECT_EQ(providers.primary.existing_app_security_group_ids, std::vector<std::string>{"sg-0123456789abcdef0"});
  EXPECT_EQ(providers.dr->existing_app_security_group_ids, (std::vector<std::string>{"sg-11111111", "sg-22222222"}));
}

// The application subnets the other region's database admits: the spec's, else the
// region's private subnets.
TEST(Providers, RegionContextsCarryTheirAppSubnetsDefaultingToThePrivateSubnets) {
  HaStackSpec spec;
  spec.security.cross_region_app_cidrs.dr = {"10.1.8.0/24"};
  Stack stack;
  const Providers providers = add_providers(stack, spec);
  EXPECT_EQ(providers.primary.cross_region_app_cidrs, (std::vector<std::string>{"10.0.3.0/24", "10.0.4.0/24"}));
  EXPECT_EQ(providers.dr->cross_region_app_cidrs, std::vector<std::string>{"10.1.8.0/24"});
}

// After a region failover the providers' own calls must not reach the lost region's STS.
TEST(Providers, DrPromotedStateTakesCredentialsFromTheDrRegionsSts) {
  Stack normal;
  add_providers(normal, HaStackSpec{});
  EXPECT_FALSE(normal.find_provider("aws")->config.contains("sts_region"));
  EXPECT_FALSE(normal.find_provider("aws.dr")->config.contains("sts_region"));

  HaStackSpec spec;
  spec.failover.state = FailoverState::dr_promoted;
  Stack promoted;
  add_providers(promoted, spec);
  for (const char* provider : {"aws", "aws.dr"})
    EXPECT_EQ(promoted.find_provider(provider)->config["sts_region"], "us-west-2") << provider;
  EXPECT_EQ(promoted.find_provider("aws")->region, "us-east-1");
  const auto files = to_tf_json(promoted);
  const auto& aws = files.at("providers.tf.json").at("provider").at("aws");
  EXPECT_EQ(aws[0].at("sts_region"), "us-west-2");
  EXPECT_EQ(aws[1].at("sts_region"), "us-west-2");
}

TEST(Providers, EscapesTemplateSyntaxInTagValues) {
  HaStackSpec spec;
  spec.tags = {{"Owner", "${team}"}};
  Stack stack;
  add_providers(stack, spec);
  EXPECT_EQ(stack.find_provider("aws")->config["default_tags"]["tags"]["Owner"], "$${team}");
}

TEST(Providers, CallerIdentityAndPartitionUseThePrimaryProvider) {
  Stack stack;
  const Providers providers = add_providers(stack, HaStackSpec{});
  EXPECT_EQ(providers.caller.str(), "data.aws_caller_identity.current");
  EXPECT_EQ(providers.caller.node().provider, "aws");
  EXPECT_EQ(providers.partition.str(), "data.aws_partition.current");
  EXPECT_EQ(providers.partition.node().provider, "aws");
  EXPECT_EQ(providers.caller.account_id().text(), "data.aws_caller_identity.current.account_id");
}

TEST(Providers, EmitsBothConfigurationsAndTheVersionsBlock) {
  Stack stack;
  add_providers(stack, HaStackSpec{});
  auto files = to_tf_json(stack);
  const auto& aws = files.at("providers.tf.json").at("provider").at("aws");
  ASSERT_EQ(aws.size(), 2u);
  EXPECT_EQ(aws[0].at("region"), "us-east-1");
  EXPECT_FALSE(aws[0].contains("alias"));
  EXPECT_EQ(aws[1].at("region"), "us-west-2");
  EXPECT_EQ(aws[1].at("alias"), "dr");
  EXPECT_EQ(aws[1].at("default_tags").at("tags").at("ManagedBy"), "rdha");
  const auto& terraform = files.at("versions.tf.json").at("terraform");
  EXPECT_EQ(terraform.at("required_providers").at("aws").at("version"), ">= 5.100.0, < 6.0.0");
  EXPECT_EQ(terraform.at("required_providers").at("random").at("source"), "hashicorp/random");
}

}  // namespace
}  // namespace rdha::stack
