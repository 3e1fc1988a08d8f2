// Generated typed bindings (tools/gen_bindings.py): including the umbrellas compiles every
// generated header under the project's warnings, and one binding of each shape — string
// and list setters, typed references, single / list / nested-in-nested blocks, data and
// ephemeral kinds, a keyword-named argument — stores the template-form JSON and the
// dependency edges the core and the emitter rely on.
#include <gtest/gtest.h>

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/aws/aws.hpp"
#include "rdha/core/stack.hpp"
#include "rdha/random/random.hpp"
#include "rdha/schema/schema.hpp"

namespace {

using nlohmann::json;
using Edges = std::vector<std::pair<std::size_t, std::size_t>>;

TEST(GeneratedBindings, CarryTheirKindAndTerraformType) {
  static_assert(rdha::aws::Vpc::kKind == rdha::Kind::resource);
  static_assert(rdha::aws::Vpc::kType == "aws_vpc");
  static_assert(rdha::aws::data::IamPolicyDocument::kKind == rdha::Kind::data);
  static_assert(rdha::aws::ephemeral::SecretsmanagerRandomPassword::kType == "aws_secretsmanager_random_password");
  static_assert(rdha::random::Password::kType == "random_password");

  rdha::Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto vpc = stack.add<rdha::aws::Vpc>("primary", east);
  EXPECT_EQ(vpc.str(), "aws_vpc.primary");
  EXPECT_EQ(vpc.node().address.kind, rdha::Kind::resource);
}

TEST(GeneratedBindings, TypedReferenceBecomesTemplateAndEdge) {
  rdha::Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto vpc = stack.add<rdha::aws::Vpc>("primary", east);
  vpc.cidr_block("10.0.0.0/16").enable_dns_hostnames(true);
  auto subnet = stack.add<rdha::aws::Subnet>("a", east);
  subnet.vpc_id(vpc.id()).cidr_block("10.0.1.0/24").availability_zone("us-east-1a");

  EXPECT_EQ(vpc.node().arguments["cidr_block"], "10.0.0.0/16");
  EXPECT_EQ(vpc.node().arguments["enable_dns_hostnames"], true);
  EXPECT_EQ(subnet.node().arguments["vpc_id"], "${aws_vpc.primary.id}");
  EXPECT_EQ(stack.edges(), (Edges{{subnet.index(), vpc.index()}}));
}

TEST(GeneratedBindings, ListSetterTakesSeveralReferences) {
  rdha::Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto app = stack.add<rdha::aws::SecurityGroup>("app", east);
  auto admin = stack.add<rdha::aws::SecurityGroup>("admin", east);
  auto db = stack.add<rdha::aws::DbInstance>("primary", east);
  db.vpc_security_group_ids({app.id(), admin.id()});

  EXPECT_EQ(db.node().arguments["vpc_security_group_ids"],
            json::parse(R"(["${aws_security_group.app.id}", "${aws_security_group.admin.id}"])"));
  EXPECT_EQ(stack.edges(), (Edges{{db.index(), app.index()}, {db.index(), admin.index()}}));
}

TEST(GeneratedBindings, MapSetterTakesLiteralEntries) {
  rdha::Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto vpc = stack.add<rdha::aws::Vpc>("primary", east);
  vpc.tags(std::map<std::string, std::string>{{"Name", "primary"}, {"Tier", "${literal}"}});

  EXPECT_EQ(vpc.node().arguments["tags"], json::parse(R"({"Name": "primary", "Tier": "$${literal}"})"));
}

TEST(GeneratedBindings, ListBlockAppendsOneObjectPerCall) {
  rdha::Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  using Group = rdha::aws::DbParameterGroup;
  auto params = stack.add<Group>("postgres", east);
  params.family("postgres16")
      .parameter(Group::Parameter().name("rds.force_ssl").value("1"))
      .parameter(Group::Parameter().name("shared_preload_libraries").value("pg_stat_statements").apply_method(
          "pending-reboot"));

  EXPECT_EQ(params.node().arguments["parameter"], json::parse(R"([
    {"name": "rds.force_ssl", "value": "1"},
    {"apply_method": "pending-reboot", "name": "shared_preload_libraries", "value": "pg_stat_statements"}
  ])"));
}

TEST(GeneratedBindings, SingleBlockIsAnObjectAndKeywordNamesGetAnUnderscore) {
  rdha::Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto db = stack.add<rdha::aws::DbInstance>("primary", east);
  db.timeouts(rdha::aws::DbInstance::Timeouts().create("60m").delete_("2h"));
  db.timeouts(rdha::aws::DbInstance::Timeouts().update("90m"));  // single: replaces

  EXPECT_EQ(db.node().arguments["timeouts"], json::parse(R"({"update": "90m"})"));
}

TEST(GeneratedBindings, NestedBlocksInsideBlocksBuildTheWholeTree) {
  rdha::Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto identity = stack.add<rdha::aws::data::CallerIdentity>("current", east);
  using Doc = rdha::aws::data::IamPolicyDocument;
  auto doc = stack.add<Doc>("kms", east);
  doc.statement(Doc::Statement()
                    .sid("Root")
                    .actions({"kms:*"})
                    .resources({"*"})
                    .principals(Doc::Statement::Principals().type("AWS").identifiers(
                        {rdha::tmpl("arn:aws:iam::", identity.account_id(), ":root")}))
                    .condition(Doc::Statement::Condition().test("Bool").variable("aws:SecureTransport").values(
                        {"true"})));

  EXPECT_EQ(doc.str(), "data.aws_iam_policy_document.kms");
  EXPECT_EQ(doc.node().arguments["statement"], json::parse(R"([{
    "actions": ["kms:*"],
    "condition": [{"test": "Bool", "values": ["true"], "variable": "aws:SecureTransport"}],
    "principals": [{"identifiers": ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"],
                    "type": "AWS"}],
    "resources": ["*"],
    "sid": "Root"
  }])"));
  EXPECT_EQ(stack.edges(), (Edges{{doc.index(), identity.index()}}));
  EXPECT_EQ(doc.json_().interpolated(), "${data.aws_iam_policy_document.kms.json}");
}

TEST(GeneratedBindings, EphemeralValueFeedsWriteOnlyArgument) {
  rdha::Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto password = stack.add<rdha::aws::ephemeral::SecretsmanagerRandomPassword>("master", east);
  password.password_length(16).exclude_punctuation(true);
  auto secret = stack.add<rdha::aws::SecretsmanagerSecretVersion>("master", east);
  secret.secret_string_wo(password.random_password()).secret_string_wo_version(1);

  EXPECT_EQ(secret.node().arguments["secret_string_wo"],
            "${ephemeral.aws_secretsmanager_random_password.master.random_password}");
  EXPECT_EQ(secret.node().arguments["secret_string_wo_version"], 1);
  EXPECT_EQ(stack.edges(), (Edges{{secret.index(), password.index()}}));
}

TEST(GeneratedBindings, RandomProviderBindingWorksWithoutRegion) {
  rdha::Stack stack;
  stack.require_provider("random", "hashicorp/random", "3.6.3");
  auto password = stack.add<rdha::random::Password>("master", rdha::ProviderRef{"random", ""});
  password.length(16).special(false);

  EXPECT_EQ(password.node().arguments["length"], 16);
  EXPECT_EQ(password.node().arguments["special"], false);
  EXPECT_EQ(password.result().interpolated(), "${random_password.master.result}");
}

TEST(GeneratedBindings, EveryBindingHasEmbeddedFacts) {
  const auto& facts = rdha::schema::Facts::embedded();
  ASSERT_NE(facts.find(rdha::Kind::resource, rdha::aws::DbInstance::kType), nullptr);
  ASSERT_NE(facts.find(rdha::Kind::data, rdha::aws::data::Region::kType), nullptr);
  const auto* password = facts.find(rdha::Kind::ephemeral, rdha::aws::ephemeral::SecretsmanagerRandomPassword::kType);
  ASSERT_NE(password, nullptr);
  EXPECT_TRUE(password->block.attributes.at("random_password").sensitive);

  const auto* db = facts.find(rdha::Kind::resource, "aws_db_instance");
  EXPECT_TRUE(db->block.attributes.at("password_wo").write_only);
  EXPECT_TRUE(db->block.attributes.at("instance_class").required);
  EXPECT_EQ(db->block.blocks.at("timeouts").nesting, rdha::schema::Nesting::single);
  EXPECT_EQ(facts.find(rdha::Kind::resource, "random_password")->provider, "random");
}

}  // namespace
