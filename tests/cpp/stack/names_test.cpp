// Tests of rdha/stack/names.hpp: the naming scheme and each resource type's naming rule.
#include "rdha/stack/names.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace rdha::stack {
namespace {

bool has_name(const std::vector<GeneratedName>& names, NameKind kind, const std::string& name) {
  return std::any_of(names.begin(), names.end(), [&](const auto& n) { return n.kind == kind && n.name == name; });
}

TEST(Names, NamedAppendsTheSuffix) {
  HaStackSpec spec;
  EXPECT_EQ(named(spec, "primary"), "primary-rdha");
  spec.name_suffix = "";
  EXPECT_EQ(named(spec, "primary"), "primary");
}

TEST(Names, DefaultSpecGeneratesTheDocumentedNames) {
  const auto names = generated_names(HaStackSpec{});
  EXPECT_TRUE(has_name(names, NameKind::db_instance, "primary-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::db_instance, "replica-1-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::db_instance, "dr-replica-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::security_group, "primary-db-sg-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::security_group, "dr-app-sg-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::db_parameter_group, "primary-postgres17-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::db_subnet_group, "dr-db-subnets-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::kms_alias, "alias/rds-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::iam_role, "terraform-execution-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::cloudwatch_alarm, "dr-replica-lag-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::name_tag, "primary-private-2-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::log_group, "dr-flow-logs-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::event_subscription, "primary-db-events-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::iam_role, "rds-operations-rdha"));
  for (const auto& n : names) EXPECT_EQ(name_rule_violation(n.kind, n.name), "") << n.name;
}

TEST(Names, NamesFollowTheSpecChoices) {
  HaStackSpec spec;
  spec.database.dr_replica.enabled = false;
  spec.database.kms_mode = KmsMode::aws_managed;
  spec.database.password_source = PasswordSource::ephemeral;
  spec.monitoring.monitoring_interval = 0;
  spec.security.create_app_security_groups = false;
  const auto names = generated_names(spec);
  EXPECT_FALSE(has_name(names, NameKind::db_instance, "dr-replica-rdha"));
  EXPECT_FALSE(has_name(names, NameKind::kms_alias, "alias/rds-rdha"));
  EXPECT_FALSE(has_name(names, NameKind::security_group, "primary-app-sg-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::secret, "db-master-password-rdha"));
}

TEST(Names, ReplicaNamesCarryTheirFieldPath) {
  const auto names = generated_names(HaStackSpec{});
  const auto it = std::find_if(names.begin(), names.end(), [](const auto& n) { return n.name == "replica-2-rdha"; });
  ASSERT_NE(it, names.end());
  EXPECT_EQ(it->field, "database.replicas[1].name");
  EXPECT_EQ(it->base, "replica-2");
}

TEST(Names, RdsIdentifierRules) {
  EXPECT_EQ(name_rule_violation(NameKind::db_instance, "primary-rdha"), "");
  EXPECT_EQ(name_rule_violation(NameKind::db_instance, "Primary"),
            "RDS DB instance identifiers use only lowercase letters, digits and hyphens");
  EXPECT_EQ(name_rule_violation(NameKind::db_instance, "1primary"),
            "RDS DB instance identifiers must start with a letter");
  EXPECT_EQ(name_rule_violation(NameKind::db_instance, "a--b"),
            "RDS DB instance identifiers must not contain two consecutive hyphens");
  EXPECT_EQ(name_rule_violation(NameKind::db_instance, "ab-"),
            "RDS DB instance identifiers must not end with a hyphen");
  EXPECT_EQ(name_rule_violation(NameKind::db_instance, std::string(64, 'a')),
            "RDS DB instance identifiers are at most 63 characters (this one has 64)");
  EXPECT_EQ(name_rule_violation(NameKind::db_instance, std::string(63, 'a')), "");
  EXPECT_EQ(name_rule_violation(NameKind::db_parameter_group, std::string(200, 'a')), "");
  EXPECT_EQ(name_rule_violation(NameKind::db_snapshot, "Primary-Final"), "");
  EXPECT_EQ(name_rule_violation(NameKind::db_subnet_group, "default"),
            "\"default\" is reserved for the default DB subnet group");
}

TEST(Names, OtherResourceTypeRules) {
  EXPECT_EQ(name_rule_violation(NameKind::security_group, "sg-primary"),
            "security group names must not start with \"sg-\" (the prefix of group IDs)");
  EXPECT_EQ(name_rule_violation(NameKind::security_group, "primary-db-sg"), "");
  EXPECT_EQ(name_rule_violation(NameKind::kms_alias, "alias/aws/rds"),
            "KMS aliases starting with alias/aws/ are reserved for AWS-managed keys");
  EXPECT_EQ(name_rule_violation(NameKind::kms_alias, "rds"), "KMS aliases have the form alias/<name>");
  EXPECT_EQ(name_rule_violation(NameKind::iam_role, std::string(65, 'r')),
            "IAM role names are at most 64 characters (this one has 65)");
  EXPECT_EQ(name_rule_violation(NameKind::iam_role, "role name"),
            "IAM role names use only letters, digits and _+=,.@-");
  EXPECT_EQ(name_rule_violation(NameKind::sns_topic, "alarms.rdha"),
            "SNS topic names use only letters, digits, underscores and hyphens");
  EXPECT_EQ(name_rule_violation(NameKind::cloudwatch_alarm, "cpu\thigh"),
            "CloudWatch alarm names must not contain control characters");
  EXPECT_EQ(name_rule_violation(NameKind::secret, "db password"),
            "Secrets Manager secret names use only letters, digits and /_+=.@-");
  EXPECT_EQ(name_rule_violation(NameKind::name_tag, "vpc#1"),
            "tag values use only letters, digits, spaces and _.:/=+-@");
  EXPECT_EQ(name_rule_violation(NameKind::log_group, "flow logs"),
            "CloudWatch Logs log group names use only letters, digits and _-/.#");
  EXPECT_EQ(name_rule_violation(NameKind::event_subscription, "db_events"),
            "RDS event subscription names use only letters, digits and hyphens");
  EXPECT_EQ(name_rule_violation(NameKind::iam_role, ""), "the name must not be empty");
}

}  // namespace
}  // namespace rdha::stack
