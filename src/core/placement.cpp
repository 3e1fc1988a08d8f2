// Concern and role names, and the default concern of each resource type
// (rdha/core/placement.hpp).
#include "rdha/core/placement.hpp"

#include <array>
#include <utility>

namespace rdha {

std::string_view to_string(Concern concern) noexcept {
  switch (concern) {
    case Concern::network: return "network";
    case Concern::security: return "security";
    case Concern::database: return "database";
    case Concern::monitoring: return "monitoring";
    case Concern::recovery: return "recovery";
    case Concern::general: break;
  }
  return "general";
}

std::string_view to_string(DbRole role) noexcept {
  switch (role) {
    case DbRole::writer: return "writer";
    case DbRole::reader: return "reader";
    case DbRole::dr_replica: return "dr_replica";
    case DbRole::none: break;
  }
  return "none";
}

std::optional<DbRole> db_role_named(std::string_view name) noexcept {
  for (DbRole role : {DbRole::writer, DbRole::reader, DbRole::dr_replica})
    if (to_string(role) == name) return role;
  return std::nullopt;
}

std::string Placement::role_name() const {
  return role == DbRole::none ? custom_role : std::string(to_string(role));
}

Concern default_concern(std::string_view type) noexcept {
  // Longest matching prefix wins: "aws_db_event_subscription" lands in monitoring
  // although "aws_db_" is database, and "aws_route53_" in recovery, not "aws_route".
  static constexpr std::array<std::pair<std::string_view, Concern>, 24> kPrefixes{{
      {"aws_vpc_security_group_", Concern::security},
      {"aws_vpc", Concern::network},
      {"aws_subnet", Concern::network},
      {"aws_internet_gateway", Concern::network},
      {"aws_eip", Concern::network},
      {"aws_nat_gateway", Concern::network},
      {"aws_route_table", Concern::network},
      {"aws_route", Concern::network},
      {"aws_flow_log", Concern::network},
      {"aws_availability_zones", Concern::network},
      {"aws_default_security_group", Concern::security},
      {"aws_security_group", Concern::security},
      {"aws_kms_", Concern::security},
      {"aws_secretsmanager_", Concern::security},
      {"aws_iam_", Concern::security},
      {"random_", Concern::security},
      {"aws_db_event_subscription", Concern::monitoring},
      {"aws_db_", Concern::database},
      {"aws_rds_", Concern::database},
      {"aws_cloudwatch_", Concern::monitoring},
      {"aws_sns_", Concern::monitoring},
      {"aws_route53_", Concern::recovery},
      {"aws_ssm_", Concern::recovery},
      {"aws_scheduler_", Concern::recovery},
  }};
  std::size_t best_length = 0;
  Concern best = Concern::general;
  for (const auto& [prefix, concern] : kPrefixes) {
    if (type.starts_with(prefix) && prefix.size() > best_length) {
      best_length = prefix.size();
      best = concern;
    }
  }
  return best;
}

}  // namespace rdha
