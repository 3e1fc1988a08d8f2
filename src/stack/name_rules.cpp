// The AWS naming rule of each resource type the HA stack names (rdha/stack/names.hpp).
#include "rdha/stack/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace rdha::stack {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_lower(c) || is_upper(c) || is_digit(c); }

bool all_of(std::string_view s, auto pred) { return std::all_of(s.begin(), s.end(), pred); }

std::string too_long(std::string_view what, std::size_t max, std::size_t size) {
  return fmt::format("{} are at most {} characters (this one has {})", what, max, size);
}

// RDS identifier rules (instances, parameter groups, snapshots): a letter first, letters,
// digits and hyphens, no "--", no trailing "-".
std::string rds_identifier_rule(std::string_view name, std::string_view what, std::size_t max, bool uppercase_allowed) {
  if (name.size() > max) return too_long(what, max, name.size());
  const auto allowed = [&](char c) {
    return is_lower(c) || is_digit(c) || c == '-' || (uppercase_allowed && is_upper(c));
  };
  if (!all_of(name, allowed))
    return fmt::format("{} use only {}letters, digits and hyphens", what, uppercase_allowed ? "" : "lowercase ");
  if (!is_lower(name.front()) && !is_upper(name.front())) return fmt::format("{} must start with a letter", what);
  if (name.find("--") != std::string_view::npos)
    return fmt::format("{} must not contain two consecutive hyphens", what);
  if (name.back() == '-') return fmt::format("{} must not end with a hyphen", what);
  return {};
}

}  // namespace

std::string_view to_string(NameKind kind) noexcept {
  switch (kind) {
    case NameKind::db_instance:
      return "RDS DB instance identifier";
    case NameKind::db_parameter_group:
      return "RDS DB parameter group name";
    case NameKind::db_subnet_group:
      return "RDS DB subnet group name";
    case NameKind::db_snapshot:
      return "RDS DB snapshot identifier";
    case NameKind::security_group:
      return "security group name";
    case NameKind::kms_alias:
      return "KMS alias";
    case NameKind::iam_role:
      return "IAM role name";
    case NameKind::iam_policy:
      return "IAM policy name";
    case NameKind::sns_topic:
      return "SNS topic name";
    case NameKind::cloudwatch_alarm:
      return "CloudWatch alarm name";
    case NameKind::secret:
      return "Secrets Manager secret name";
    case NameKind::log_group:
      return "CloudWatch Logs log group name";
    case NameKind::event_subscription:
      return "RDS event subscription name";
    case NameKind::name_tag:
      return "Name tag";
    case NameKind::ssm_document:
      return "SSM document name";
    case NameKind::event_rule:
      return "EventBridge rule name";
    case NameKind::event_target:
      return "EventBridge target ID";
    case NameKind::dms_replication_instance:
      return "AWS DMS replication instance identifier";
    case NameKind::dms_identifier:
      return "AWS DMS endpoint or task identifier";
  }
  return "name";
}

std::string name_rule_violation(NameKind kind, std::string_view name) {
  if (name.empty()) return "the name must not be empty";
  switch (kind) {
    case NameKind::db_instance:
      return rds_identifier_rule(name, "RDS DB instance identifiers", 63, false);
    case NameKind::db_parameter_group:
      return rds_identifier_rule(name, "RDS DB parameter group names", 255, false);
    case NameKind::db_snapshot:
      return rds_identifier_rule(name, "RDS DB snapshot identifiers", 255, true);
    case NameKind::db_subnet_group:
      if (name.size() > 255) return too_long("RDS DB subnet group names", 255, name.size());
      if (!all_of(name,
                  [](char c) { return is_lower(c) || is_digit(c) || c == ' ' || c == '.' || c == '_' || c == '-'; }))
        return "RDS DB subnet group names use only lowercase letters, digits, spaces, periods, underscores and hyphens";
      if (name == "default") return "\"default\" is reserved for the default DB subnet group";
      return {};
    case NameKind::security_group:
      if (name.size() > 255) return too_long("security group names", 255, name.size());
      if (name.substr(0, 3) == "sg-")
        return "security group names must not start with \"sg-\" (the prefix of group IDs)";
      if (!all_of(name, [](char c) {
            return is_alnum(c) || std::string_view(" ._-:/()#,@[]+=&;{}!$*").find(c) != std::string_view::npos;
          }))
        return "security group names use only letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*";
      return {};
    case NameKind::kms_alias:
      if (name.size() > 256) return too_long("KMS aliases", 256, name.size());
      if (name.substr(0, 6) != "alias/" || name.size() == 6) return "KMS aliases have the form alias/<name>";
      if (name.substr(0, 10) == "alias/aws/")
        return "KMS aliases starting with alias/aws/ are reserved for AWS-managed keys";
      if (!all_of(name.substr(6), [](char c) { return is_alnum(c) || c == '/' || c == '_' || c == '-'; }))
        return "KMS alias names use only letters, digits, slashes, underscores and hyphens";
      return {};
    case NameKind::iam_role:
      if (name.size() > 64) return too_long("IAM role names", 64, name.size());
      if (!all_of(name,
                  [](char c) { return is_alnum(c) || std::string_view("_+=,.@-").find(c) != std::string_view::npos; }))
        return "IAM role names use only letters, digits and _+=,.@-";
      return {};
    case NameKind::iam_policy:
      if (name.size() > 128) return too_long("IAM policy names", 128, name.size());
      if (!all_of(name,
                  [](char c) { return is_alnum(c) || std::string_view("+=,.@_-").find(c) != std::string_view::npos; }))
        return "IAM policy names use only letters, digits and +=,.@_-";
      return {};
    case NameKind::sns_topic:
      if (name.size() > 256) return too_long("SNS topic names", 256, name.size());
      if (!all_of(name, [](char c) { return is_alnum(c) || c == '_' || c == '-'; }))
        return "SNS topic names use only letters, digits, underscores and hyphens";
      return {};
    case NameKind::cloudwatch_alarm:
      if (name.size() > 255) return too_long("CloudWatch alarm names", 255, name.size());
      if (!all_of(name, [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f; }))
        return "CloudWatch alarm names must not contain control characters";
      return {};
    case NameKind::secret:
      if (name.size() > 512) return too_long("Secrets Manager secret names", 512, name.size());
      if (!all_of(name,
                  [](char c) { return is_alnum(c) || std::string_view("/_+=.@-").find(c) != std::string_view::npos; }))
        return "Secrets Manager secret names use only letters, digits and /_+=.@-";
      return {};
    case NameKind::log_group:
      if (name.size() > 512) return too_long("CloudWatch Logs log group names", 512, name.size());
      if (!all_of(name,
                  [](char c) { return is_alnum(c) || std::string_view("_-/.#").find(c) != std::string_view::npos; }))
        return "CloudWatch Logs log group names use only letters, digits and _-/.#";
      return {};
    case NameKind::event_subscription:
      if (name.size() > 255) return too_long("RDS event subscription names", 255, name.size());
      if (!all_of(name, [](char c) { return is_alnum(c) || c == '-'; }))
        return "RDS event subscription names use only letters, digits and hyphens";
      return {};
    case NameKind::name_tag:
      if (name.size() > 256) return too_long("tag values", 256, name.size());
      if (!all_of(name, [](char c) {
            return is_alnum(c) || std::string_view(" _.:/=+-@").find(c) != std::string_view::npos;
          }))
        return "tag values use only letters, digits, spaces and _.:/=+-@";
      return {};
    case NameKind::ssm_document: {
      if (name.size() < 3 || name.size() > 128)
        return fmt::format("SSM document names have 3 to 128 characters (this one has {})", name.size());
      if (!all_of(name, [](char c) { return is_alnum(c) || c == '_' || c == '-' || c == '.'; }))
        return "SSM document names use only letters, digits, _, - and .";
      std::string lower(name);
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      for (const char* reserved : {"aws", "amazon", "amzn"})
        if (lower.starts_with(reserved))
          return fmt::format("SSM document names must not start with \"{}\" (reserved for AWS)", reserved);
      return {};
    }
    case NameKind::event_rule:
      if (name.size() > 64) return too_long("EventBridge rule names", 64, name.size());
      if (!all_of(name, [](char c) { return is_alnum(c) || c == '.' || c == '-' || c == '_'; }))
        return "EventBridge rule names use only letters, digits, ., - and _";
      return {};
    // Amazon EventBridge API Reference, Target (Id: 1 to 64 characters, [\.\-_A-Za-z0-9]+):
    // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html
    case NameKind::event_target:
      if (name.size() > 64) return too_long("EventBridge target IDs", 64, name.size());
      if (!all_of(name, [](char c) { return is_alnum(c) || c == '.' || c == '-' || c == '_'; }))
        return "EventBridge target IDs use only letters, digits, ., - and _";
      return {};
    // ReplicationInstanceIdentifier: 1 to 63 letters, digits or hyphens, a letter first, no
    // "--", no trailing "-" (https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateReplicationInstance.html);
    // EndpointIdentifier and ReplicationTaskIdentifier: the same up to 255
    // (API_CreateEndpoint.html, API_CreateReplicationTask.html).
    case NameKind::dms_replication_instance:
      return rds_identifier_rule(name, "AWS DMS replication instance identifiers", 63, true);
    case NameKind::dms_identifier:
      return rds_identifier_rule(name, "AWS DMS endpoint and task identifiers", 255, true);
  }
  return {};
}

}  // namespace rdha::stack
