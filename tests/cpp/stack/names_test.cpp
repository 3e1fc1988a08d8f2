// Tests of rdha/stack/names.hpp: the naming scheme and each resource type's naming rule.
#include "rdha/stack/names.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "rdha/stack/ha_stack.hpp"

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

TEST(Names, RegionNamesCarryTheRegionKeyAndTheSuffix) {
  HaStackSpec spec;
  spec.name_suffix = "-prod";
  spec.database.engine_version = "16.4";
  const Names names(spec);
  const RegionNames dr = names.region(RegionRole::dr);
  EXPECT_EQ(dr.vpc(), "dr-vpc-prod");
  EXPECT_EQ(dr.internet_gateway(), "dr-igw-prod");
  EXPECT_EQ(dr.nat_eip(), "dr-nat-eip-prod");
  EXPECT_EQ(dr.nat_gateway(), "dr-nat-prod");
  EXPECT_EQ(dr.public_route_table(), "dr-public-rt-prod");
  EXPECT_EQ(dr.private_route_table(), "dr-private-rt-prod");
  EXPECT_EQ(dr.public_subnet(0), "dr-public-1-prod");
  EXPECT_EQ(dr.private_subnet(1), "dr-private-2-prod");
  EXPECT_EQ(dr.flow_logs(), "dr-flow-logs-prod");
  EXPECT_EQ(dr.db_security_group(), "dr-db-sg-prod");
  EXPECT_EQ(dr.app_security_group(), "dr-app-sg-prod");
  EXPECT_EQ(dr.default_security_group(), "dr-default-sg-prod");
  EXPECT_EQ(dr.db_subnet_group(), "dr-db-subnets-prod");
  EXPECT_EQ(dr.parameter_group(), "dr-postgres16-d928-prod");
  EXPECT_EQ(dr.kms_key(), "dr-kms-prod");
  EXPECT_EQ(dr.alarm_topic(), "dr-db-alarms-prod");
  EXPECT_EQ(dr.event_subscription(), "dr-db-events-prod");
  EXPECT_EQ(names.region("eu").vpc(), "eu-vpc-prod");
  // The key "*" gives the pattern of a name in every region (IAM resource scopes).
  EXPECT_EQ(names.region("*").flow_logs(), "*-flow-logs-prod");
  EXPECT_EQ(names.any(), "*-prod");
}

TEST(Names, ParameterGroupNameFollowsTheArgumentsThatReplaceIt) {
  // FNV-1a of "<family>\n<description>", low 16 bits: what a replacement changes, the name
  // changes with, so create_before_destroy never meets the old group's name.
  const RegionNames primary = Names{HaStackSpec{}}.region(RegionRole::primary);
  EXPECT_EQ(primary.parameter_group_description(),
            "rdha: hardened postgres17 settings (SSL only, connection cap, timeouts, logging)");
  EXPECT_EQ(primary.parameter_group(), "primary-postgres17-8d78-rdha");
  const RegionNames other_family("primary", "-rdha", "postgres16");
  EXPECT_EQ(other_family.parameter_group(), "primary-postgres16-d928-rdha");
  EXPECT_EQ(name_rule_violation(NameKind::db_parameter_group, primary.parameter_group()), "");
}

TEST(Names, InstanceNamesGiveTheIdentifierAndTheAlarms) {
  const Names names{HaStackSpec{}};
  EXPECT_EQ(names.primary().identifier(), "primary-rdha");
  EXPECT_EQ(names.primary().field(), "");
  EXPECT_EQ(names.replica(1).identifier(), "replica-2-rdha");
  EXPECT_EQ(names.replica(1).field(), "database.replicas[1].name");
  EXPECT_EQ(names.replica(1).alarm(InstanceAlarm::free_storage), "replica-2-free-storage-rdha");
  EXPECT_EQ(names.dr_replica().alarm(InstanceAlarm::replica_lag), "dr-replica-lag-rdha");
  EXPECT_EQ(names.dr_replica().field(), "database.dr_replica.name");
  EXPECT_THROW(names.replica(9), std::out_of_range);
  EXPECT_EQ(instance_alarms(false).size(), 4u);
  EXPECT_EQ(instance_alarms(true).back(), InstanceAlarm::replica_lag);
}

TEST(Names, StackWideNames) {
  const Names names{HaStackSpec{}};
  EXPECT_EQ(names.final_snapshot(), "primary-final-rdha");
  EXPECT_EQ(names.peering(), "peering-rdha");
  EXPECT_EQ(names.kms_alias(), "alias/rds-rdha");
  EXPECT_EQ(names.master_secret(), "db-master-password-rdha");
  EXPECT_EQ(names.terraform_execution(), "terraform-execution-rdha");
  EXPECT_EQ(names.rds_monitoring(), "rds-monitoring-rdha");
  EXPECT_EQ(names.rds_operations(), "rds-operations-rdha");
  EXPECT_EQ(names.rds_operations_failover(), "rds-operations-failover-rdha");
  EXPECT_EQ(names.db_zone(), "db-zone-rdha");
  EXPECT_EQ(names.failover_document(), "region-failover-rdha");
  EXPECT_EQ(names.failover_trigger_alarm(), "primary-region-unreachable-rdha");
  EXPECT_EQ(names.failover_trigger(), "failover-trigger-rdha");
  EXPECT_EQ(names.failover_target_id(), "region-failover");
  EXPECT_EQ(names.writer_record(), "writer.db.rdha.internal");
  EXPECT_EQ(names.reader_record(), "reader.db.rdha.internal");
}

TEST(Names, TheTriggerTargetIdCarriesNoSuffixAndFollowsItsRule) {
  HaStackSpec spec;
  spec.failover.automatic = true;
  const auto names = Names(spec).all();
  EXPECT_NE(std::find(names.begin(), names.end(),
                      GeneratedName{NameKind::event_target, "region-failover", "region-failover", ""}),
            names.end());
  EXPECT_EQ(to_string(NameKind::event_target), "EventBridge target ID");
  EXPECT_EQ(name_rule_violation(NameKind::event_target, "region failover"),
            "EventBridge target IDs use only letters, digits, ., - and _");
  EXPECT_EQ(name_rule_violation(NameKind::event_target, std::string(65, 't')),
            "EventBridge target IDs are at most 64 characters (this one has 65)");
}

TEST(Names, AllListsEachNameWithItsBase) {
  HaStackSpec spec;
  spec.name_suffix = "-x";
  const auto names = Names(spec).all();
  const auto alias = std::find_if(names.begin(), names.end(), [](const auto& n) { return n.kind == NameKind::kms_alias; });
  ASSERT_NE(alias, names.end());
  EXPECT_EQ(*alias, (GeneratedName{NameKind::kms_alias, "rds", "alias/rds-x", ""}));
  for (const auto& n : names) {
    // An instance's log group holds its identifier inside: /aws/rds/instance/<base>-x/<log type>.
    if (n.kind == NameKind::log_group && n.name.starts_with("/aws/rds/instance/"))
      EXPECT_TRUE(n.name.starts_with("/aws/rds/instance/" + n.base + "-x/")) << n.name;
    else
      EXPECT_TRUE(n.name.ends_with(n.base + "-x")) << n.name;
  }
}

TEST(Names, DefaultSpecGeneratesTheDocumentedNames) {
  const auto names = Names(HaStackSpec{}).all();
  EXPECT_TRUE(has_name(names, NameKind::db_instance, "primary-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::db_instance, "replica-1-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::db_instance, "dr-replica-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::security_group, "primary-db-sg-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::security_group, "dr-app-sg-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::db_parameter_group, "primary-postgres17-8d78-rdha"));
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
  const auto names = Names(spec).all();
  EXPECT_FALSE(has_name(names, NameKind::db_instance, "dr-replica-rdha"));
  EXPECT_FALSE(has_name(names, NameKind::kms_alias, "alias/rds-rdha"));
  EXPECT_FALSE(has_name(names, NameKind::security_group, "primary-app-sg-rdha"));
  EXPECT_TRUE(has_name(names, NameKind::secret, "db-master-password-rdha"));
}

// The naming rule of each resource type's name argument, for the types the HA stack names.
const std::map<std::string, std::pair<std::string, NameKind>>& name_arguments() {
  static const std::map<std::string, std::pair<std::string, NameKind>> table{
      {"aws_db_instance", {"identifier", NameKind::db_instance}},
      {"aws_db_parameter_group", {"name", NameKind::db_parameter_group}},
      {"aws_db_subnet_group", {"name", NameKind::db_subnet_group}},
      {"aws_security_group", {"name", NameKind::security_group}},
      {"aws_kms_alias", {"name", NameKind::kms_alias}},
      {"aws_iam_role", {"name", NameKind::iam_role}},
      {"aws_iam_role_policy", {"name", NameKind::iam_policy}},
      {"aws_sns_topic", {"name", NameKind::sns_topic}},
      {"aws_cloudwatch_metric_alarm", {"alarm_name", NameKind::cloudwatch_alarm}},
      {"aws_secretsmanager_secret", {"name", NameKind::secret}},
      {"aws_cloudwatch_log_group", {"name", NameKind::log_group}},
      {"aws_db_event_subscription", {"name", NameKind::event_subscription}},
      {"aws_ssm_document", {"name", NameKind::ssm_document}},
      {"aws_cloudwatch_event_rule", {"name", NameKind::event_rule}},
  };
  return table;
}

// Literal values only: "${...}" values are references to names set elsewhere.
bool is_literal(const nlohmann::json& value) {
  return value.is_string() && value.get<std::string>().find("${") == std::string::npos;
}

// Every literal name, identifier, alarm_name and Name tag the built stack emits is listed
// by Names::all() with its type's rule, so the spec validates what the modules create.
void expect_emitted_names_are_generated(const HaStackSpec& spec) {
  const auto names = Names(spec).all();
  const Stack stack = build_ha_stack(spec);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const Resource& resource = stack.resource(i);
    if (resource.address.kind != Kind::resource) continue;  // data sources name nothing
    const std::string where = resource.address.str();
    // DNS names (the private zone and its records) come from failover.zone_name, which the
    // spec checks as a domain name.
    if (resource.address.type == "aws_route53_zone" || resource.address.type == "aws_route53_record") continue;
    const nlohmann::json& args = resource.arguments;
    for (const char* key : {"name", "identifier", "alarm_name"}) {
      if (!args.contains(key) || !is_literal(args[key])) continue;
      const std::string value = args[key].get<std::string>();
      if (value.starts_with("alias/aws/")) continue;  // AWS-managed, not ours to name
      const auto rule = name_arguments().find(resource.address.type);
      ASSERT_NE(rule, name_arguments().end()) << where << " sets " << key << " = " << value
                                              << ": add its type to Names::all() and this table";
      EXPECT_EQ(rule->second.first, key) << where;
      EXPECT_TRUE(has_name(names, rule->second.second, value))
          << where << "." << key << " = " << value << " is not in Names::all() as a "
          << to_string(rule->second.second);
      ++checked;
    }
    if (args.contains("tags") && args["tags"].is_object() && args["tags"].contains("Name") &&
        is_literal(args["tags"]["Name"])) {
      const std::string tag = args["tags"]["Name"].get<std::string>();
      EXPECT_TRUE(std::any_of(names.begin(), names.end(), [&](const auto& n) { return n.name == tag; }))
          << where << " Name tag " << tag << " is not in Names::all()";
      EXPECT_EQ(name_rule_violation(NameKind::name_tag, tag), "") << where;
      ++checked;
    }
  }
  EXPECT_GT(checked, 50u);  // the scan saw the stack's names, not an empty argument layout
}

TEST(Names, EveryNameTheDefaultStackEmitsIsGenerated) { expect_emitted_names_are_generated(HaStackSpec{}); }

TEST(Names, EveryNameTheStackWithTheFailoverTriggerEmitsIsGenerated) {
  HaStackSpec spec;
  spec.failover.automatic = true;
  const auto names = Names(spec).all();
  EXPECT_TRUE(has_name(names, NameKind::iam_policy, "failover-trigger-rdha"));
  expect_emitted_names_are_generated(spec);
}

TEST(Names, InlinePolicyNamesAreGenerated) {
  const auto names = Names(HaStackSpec{}).all();
  for (const char* policy : {"terraform-execution-rdha", "rds-operations-rdha", "rds-operations-failover-rdha",
                             "primary-flow-logs-rdha", "dr-flow-logs-rdha"})
    EXPECT_TRUE(has_name(names, NameKind::iam_policy, policy)) << policy;
  EXPECT_FALSE(has_name(names, NameKind::iam_policy, "rds-monitoring-rdha"));  // managed policy only
  EXPECT_FALSE(has_name(names, NameKind::iam_policy, "failover-trigger-rdha"));  // trigger off by default
  HaStackSpec no_dr;
  no_dr.database.dr_replica.enabled = false;
  EXPECT_FALSE(has_name(Names(no_dr).all(), NameKind::iam_policy, "rds-operations-failover-rdha"));
}

TEST(Names, ReplicaNamesCarryTheirFieldPath) {
  const auto names = Names(HaStackSpec{}).all();
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
  EXPECT_EQ(name_rule_violation(NameKind::iam_policy, std::string(128, 'p')), "");
  EXPECT_EQ(name_rule_violation(NameKind::iam_policy, std::string(129, 'p')),
            "IAM policy names are at most 128 characters (this one has 129)");
  EXPECT_EQ(name_rule_violation(NameKind::iam_policy, "rds/operations"),
            "IAM policy names use only letters, digits and +=,.@_-");
  EXPECT_EQ(name_rule_violation(NameKind::iam_policy, ""), "the name must not be empty");
}

}  // namespace
}  // namespace rdha::stack
