// rdha/stack/names.hpp — every name the HA stack generates, and the rule each must obey.
//
// Names are `<base><name_suffix>` (see named() in spec.hpp). AWS restricts names per
// resource type (RDS identifiers: lowercase, 63 characters, no "--"; security groups may
// not start with "sg-"; ...). generated_names() is the one list of what the stack names
// and how, so the spec can reject a suffix or replica name that would break any of them
// before anything is built, and the modules take their names from the same scheme.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rdha/stack/spec.hpp"

namespace rdha::stack {

/// @brief The naming rule a generated name must follow.
enum class NameKind {
  db_instance,         ///< RDS DB instance identifier
  db_parameter_group,  ///< RDS DB parameter group name
  db_subnet_group,     ///< RDS DB subnet group name
  db_snapshot,         ///< RDS DB snapshot identifier (the final snapshot)
  security_group,      ///< EC2 security group name
  kms_alias,           ///< KMS alias ("alias/...")
  iam_role,            ///< IAM role name
  iam_policy,          ///< IAM (inline role) policy name
  sns_topic,           ///< SNS topic name
  cloudwatch_alarm,    ///< CloudWatch alarm name
  secret,              ///< Secrets Manager secret name
  log_group,           ///< CloudWatch Logs log group name
  event_subscription,  ///< RDS event subscription name
  name_tag,            ///< value of a `Name` tag
  ssm_document,        ///< SSM document name
  event_rule           ///< EventBridge rule name
};

/// @brief Human-readable kind, e.g. "RDS DB instance identifier".
std::string_view to_string(NameKind kind) noexcept;

/// @brief The rule @p name breaks for its @p kind, as a sentence fragment ("RDS DB instance
///        identifiers are at most 63 characters"), or "" when the name is valid.
std::string name_rule_violation(NameKind kind, std::string_view name);

/// @brief One name the stack generates.
struct GeneratedName {
  NameKind kind;      ///< which rule applies
  std::string base;   ///< the base before the suffix ("primary-db-sg")
  std::string name;   ///< the full name ("primary-db-sg-rdha"; KMS aliases include "alias/")
  std::string field;  ///< spec field the base comes from ("database.replicas[0].name"), "" if fixed

  bool operator==(const GeneratedName&) const = default;
};

/// @brief Every name the stack built from @p spec uses, in a stable order.
///
/// Per region role R ("primary", "dr"): Name tags R-vpc, R-igw, R-nat-eip, R-nat,
/// R-public-rt, R-private-rt, R-public-N, R-private-N (N from 1); VPC flow logs' log group
/// and IAM role R-flow-logs (with its inline policy R-flow-logs); security groups R-db-sg and (when created) R-app-sg; DB
/// subnet group R-db-subnets; parameter group R-<family> (R-postgres17); SNS topic
/// R-db-alarms; RDS event subscription R-db-events. Then the peering Name tag "peering";
/// KMS alias alias/rds<suffix> (customer-managed keys); DB instances "primary", each
/// replica's name, the DR replica's name; the final snapshot "primary-final"; the secret
/// "db-master-password" (unless rds_managed); IAM roles "terraform-execution",
/// "rds-monitoring", "rds-operations", and the inline policies "terraform-execution",
/// "rds-operations"; alarms <instance>-cpu, -connections,
/// -free-storage, -freeable-memory, and <replica>-lag on every replica. With failover on:
/// the zone's Name tag "db-zone" and, with a DR replica, the SSM document
/// "region-failover" and the inline policy "rds-operations-failover"; with the automatic
/// trigger also the alarm "primary-region-unreachable" and the EventBridge rule, IAM role
/// and inline policy "failover-trigger".
std::vector<GeneratedName> generated_names(const HaStackSpec& spec);

}  // namespace rdha::stack
