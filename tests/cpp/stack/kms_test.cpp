// The KMS module: multi-Region key, replica key, aliases and key policies; aws_managed mode.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/modules.hpp"
#include "testing/module_stack.hpp"

namespace rdha::stack {
namespace {

const nlohmann::json& args(Stack& stack, const std::string& address) {
  auto handle = stack.find(address);
  if (!handle) throw std::runtime_error("no node " + address);
  return handle->node().arguments;
}

// The statement of a policy document with this sid.
nlohmann::json statement(Stack& stack, const std::string& document, const std::string& sid) {
  for (const auto& s : args(stack, document).at("statement"))
    if (s.value("sid", "") == sid) return s;
  throw std::runtime_error("no statement " + sid + " in " + document);
}

// The values of the condition on @p variable.
nlohmann::json condition(const nlohmann::json& statement, const std::string& variable) {
  for (const auto& c : statement.at("condition"))
    if (c.at("variable") == variable) return c;
  throw std::runtime_error("no condition on " + variable);
}

std::size_t count_resources(const Stack& stack, const std::string& type) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < stack.size(); ++i)
    n += stack.resource(i).address.kind == Kind::resource && stack.resource(i).address.type == type;
  return n;
}

using testing::build_modules;
using testing::Module;
using testing::ModuleStack;

std::unique_ptr<ModuleStack> build(const HaStackSpec& spec) { return build_modules(spec, Module::kms); }

TEST(Kms, PrimaryKeyIsMultiRegionWithRotationAndExplicitPolicy) {
  HaStackSpec spec;
  spec.database.kms_deletion_window_days = 14;
  auto b = build(spec);
  ASSERT_TRUE(b->kms->customer_managed);
  ASSERT_TRUE(b->kms->primary_key);
  const auto& key = b->kms->primary_key->node();
  EXPECT_EQ(key.address.str(), "aws_kms_key.primary");
  EXPECT_EQ(key.provider, "aws");
  EXPECT_EQ(key.arguments.at("multi_region"), true);
  EXPECT_EQ(key.arguments.at("enable_key_rotation"), true);
  EXPECT_EQ(key.arguments.at("deletion_window_in_days"), 14);
  EXPECT_EQ(key.arguments.at("policy"), "${data.aws_iam_policy_document.kms_primary.json}");
  EXPECT_EQ(key.arguments.at("tags"), nlohmann::json({{"Name", "primary-kms-rdha"}}));
  EXPECT_EQ(key.placement.concern, Concern::security);
  EXPECT_EQ(b->kms->primary_arn->text(), "aws_kms_key.primary.arn");
}

TEST(Kms, ReplicaKeyLivesInTheDrRegionWithItsOwnPolicy) {
  auto b = build(HaStackSpec{});
  ASSERT_TRUE(b->kms->dr_key);
  const auto& replica = b->kms->dr_key->node();
  EXPECT_EQ(replica.address.str(), "aws_kms_replica_key.dr");
  EXPECT_EQ(replica.provider, "aws.dr");
  EXPECT_EQ(replica.placement.region, "us-west-2");
  EXPECT_EQ(replica.arguments.at("primary_key_arn"), "${aws_kms_key.primary.arn}");
  EXPECT_EQ(replica.arguments.at("deletion_window_in_days"), 30);
  EXPECT_EQ(replica.arguments.at("policy"), "${data.aws_iam_policy_document.kms_dr.json}");
  EXPECT_EQ(replica.arguments.at("tags"), nlohmann::json({{"Name", "dr-kms-rdha"}}));
  EXPECT_EQ(b->stack.find("data.aws_iam_policy_document.kms_dr")->node().provider, "aws.dr");
  EXPECT_EQ(b->kms->dr_arn->text(), "aws_kms_replica_key.dr.arn");
  EXPECT_FALSE(b->kms->dr_rds_default_arn);
}

TEST(Kms, AliasesNameTheKeyInEachRegion) {
  HaStackSpec spec;
  spec.name_suffix = "-prod";
  auto b = build(spec);
  const auto& primary = args(b->stack, "aws_kms_alias.primary");
  EXPECT_EQ(primary.at("name"), "alias/rds-prod");
  EXPECT_EQ(primary.at("target_key_id"), "${aws_kms_key.primary.key_id}");
  const auto& dr = args(b->stack, "aws_kms_alias.dr");
  EXPECT_EQ(dr.at("name"), "alias/rds-prod");
  EXPECT_EQ(dr.at("target_key_id"), "${aws_kms_replica_key.dr.key_id}");
  EXPECT_EQ(b->stack.find("aws_kms_alias.dr")->node().provider, "aws.dr");
}

TEST(Kms, KeyPoliciesNameEveryPrincipalNeverAWildcard) {
  auto b = build(HaStackSpec{});
  for (const std::string document : {"data.aws_iam_policy_document.kms_primary", "data.aws_iam_policy_document.kms_dr"}) {
    const auto& statements = args(b->stack, document).at("statement");
    ASSERT_EQ(statements.size(), 5u) << document;
    for (const auto& s : statements) {
      ASSERT_TRUE(s.contains("principals")) << s.dump();
      EXPECT_FALSE(s.contains("not_principals"));
      for (const auto& p : s.at("principals"))
        for (const auto& id : p.at("identifiers")) EXPECT_NE(id, "*") << document << ": " << s.dump();
    }
  }
  const auto admin = statement(b->stack, "data.aws_iam_policy_document.kms_primary", "AccountAdministration");
  EXPECT_EQ(admin.at("principals")[0].at("type"), "AWS");
  EXPECT_EQ(admin.at("principals")[0].at("identifiers"),
            nlohmann::json({"arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"}));
}

TEST(Kms, ServiceUseIsScopedToTheKeysOwnRegion) {
  auto b = build(HaStackSpec{});
  const std::pair<std::string, std::string> cases[] = {{"data.aws_iam_policy_document.kms_primary", "us-east-1"},
                                                       {"data.aws_iam_policy_document.kms_dr", "us-west-2"}};
  for (const auto& [document, region] : cases) {
    const auto use = statement(b->stack, document, "UseViaRdsAndSecretsManager");
    EXPECT_EQ(condition(use, "kms:ViaService").at("values"),
              nlohmann::json({"rds." + region + ".amazonaws.com", "secretsmanager." + region + ".amazonaws.com"}));
    EXPECT_EQ(condition(use, "kms:CallerAccount").at("values"),
              nlohmann::json({"${data.aws_caller_identity.current.account_id}"}));

    const auto grants = statement(b->stack, document, "GrantsForAwsResources");
    EXPECT_EQ(condition(grants, "kms:GrantIsForAWSResource").at("values"), nlohmann::json({"true"}));

    const auto logs = statement(b->stack, document, "CloudWatchLogs");
    EXPECT_EQ(logs.at("principals")[0].at("identifiers"), nlohmann::json({"logs." + region + ".amazonaws.com"}));
    const auto context = condition(logs, "kms:EncryptionContext:aws:logs:arn");
    EXPECT_EQ(context.at("test"), "ArnLike");
    EXPECT_EQ(context.at("values"),
              nlohmann::json({"arn:${data.aws_partition.current.partition}:logs:" + region +
                              ":${data.aws_caller_identity.current.account_id}:log-group:*"}));
  }
}

TEST(Kms, CloudWatchAlarmsAndRdsEventsMayPublishToEncryptedTopics) {
  auto b = build(HaStackSpec{});
  const auto publish = statement(b->stack, "data.aws_iam_policy_document.kms_primary", "AlarmAndEventPublishingToSns");
  EXPECT_EQ(publish.at("actions"), nlohmann::json({"kms:Decrypt", "kms:GenerateDataKey*"}));
  EXPECT_EQ(publish.at("principals")[0].at("type"), "Service");
  EXPECT_EQ(publish.at("principals")[0].at("identifiers"),
            nlohmann::json({"cloudwatch.amazonaws.com", "events.rds.amazonaws.com"}));
}

TEST(Kms, AwsManagedModeCreatesNoKeysAndLooksUpTheDrRdsKey) {
  HaStackSpec spec;
  spec.database.kms_mode = KmsMode::aws_managed;
  auto b = build(spec);
  EXPECT_FALSE(b->kms->customer_managed);
  EXPECT_FALSE(b->kms->primary_key);
  EXPECT_FALSE(b->kms->dr_key);
  EXPECT_FALSE(b->kms->primary_arn);
  EXPECT_FALSE(b->kms->dr_arn);
  for (const char* type : {"aws_kms_key", "aws_kms_replica_key", "aws_kms_alias"})
    EXPECT_EQ(count_resources(b->stack, type), 0u) << type;
  EXPECT_FALSE(b->stack.find("data.aws_iam_policy_document.kms_primary"));

  auto alias = b->stack.find("data.aws_kms_alias.dr_rds");
  ASSERT_TRUE(alias);
  EXPECT_EQ(alias->node().provider, "aws.dr");
  EXPECT_EQ(alias->node().arguments.at("name"), "alias/aws/rds");
  ASSERT_TRUE(b->kms->dr_rds_default_arn);
  EXPECT_EQ(b->kms->dr_rds_default_arn->text(), "data.aws_kms_alias.dr_rds.target_key_arn");
}

TEST(Kms, BothModesEmitIntoTheSecurityFile) {
  for (KmsMode mode : {KmsMode::customer_managed, KmsMode::aws_managed}) {
    HaStackSpec spec;
    spec.database.kms_mode = mode;
    auto b = build(spec);
    auto files = to_tf_json(b->stack);
    const auto& security = files.at("security.tf.json");
    EXPECT_EQ(security.contains("resource"), mode == KmsMode::customer_managed) << to_string(mode);
    EXPECT_TRUE(security.contains("data")) << to_string(mode);
  }
}

}  // namespace
}  // namespace rdha::stack
