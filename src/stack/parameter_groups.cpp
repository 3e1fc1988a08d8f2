// Per-region database plumbing: the DB subnet group over the private subnets and the
// hardened PostgreSQL parameter group (SSL only, connection cap, timeouts, logging).
#include <fmt/format.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "database_parts.hpp"

namespace rdha::stack::detail {
namespace {

constexpr const char* kImmediate = "immediate";
// Static parameters only take effect after a reboot, and RDS refuses "immediate" for them.
// "pending-reboot" is also accepted for dynamic ones, so it is the safe default.
constexpr const char* kPendingReboot = "pending-reboot";

}  // namespace

std::vector<DbParameter> db_parameters(const DatabaseSpec& database) {
  const ParametersSpec& p = database.parameters;
  // name → (value, apply method); a map keeps names unique and the output sorted.
  std::map<std::string, std::pair<std::string, std::string>> params{
      // rds.force_ssl is dynamic on PostgreSQL 15+, but static on older majors: applying it
      // at reboot is safe on every version.
      {"rds.force_ssl", {"1", kPendingReboot}},
      {"ssl_min_protocol_version", {"TLSv1.2", kImmediate}},
      // Static: the shared memory for connection slots is sized at start-up. Replicas take
      // the same value, as PostgreSQL requires a standby's max_connections >= the primary's.
      {"max_connections", {std::to_string(p.max_connections), kPendingReboot}},
      {"statement_timeout", {std::to_string(p.statement_timeout_ms), kImmediate}},
      {"idle_in_transaction_session_timeout", {std::to_string(p.idle_in_transaction_session_timeout_ms), kImmediate}},
      {"lock_timeout", {std::to_string(p.lock_timeout_ms), kImmediate}},
      {"log_min_duration_statement", {std::to_string(p.log_min_duration_statement_ms), kImmediate}},
      // Schema changes are audited; logging every statement would flood the logs. DDL
      // includes ALTER ROLE ... PASSWORD: passwords are set pre-hashed (psql's \password),
      // and the master password goes through the RDS API, never SQL (docs/security.md).
      {"log_statement", {"ddl", kImmediate}},
      {"log_connections", {"1", kImmediate}},
      {"log_disconnections", {"1", kImmediate}},
  };
  for (const auto& [name, value] : p.extra) {
    auto it = params.find(name);
    if (it != params.end())
      it->second.first = value;
    else
      params.emplace(name, std::pair<std::string, std::string>{value, kPendingReboot});  // static or not: unknown here
  }

  std::vector<DbParameter> out;
  out.reserve(params.size());
  for (auto& [name, setting] : params) out.push_back({name, std::move(setting.first), std::move(setting.second)});
  return out;
}

RegionDatabase build_region_database(Stack& stack, const HaStackSpec& spec, const RegionNetwork& network) {
  const RegionContext& region = network.region;
  const std::string family = parameter_group_family(spec.database);

  // Private subnets only: the database is never reachable from the internet.
  std::vector<Arg<tf::String>> subnet_ids;
  for (const auto& subnet : network.private_subnets) subnet_ids.emplace_back(subnet.id());
  const std::string subnet_group_name = region.names.db_subnet_group();
  auto subnets = stack.add<aws::DbSubnetGroup>(region.key, region.provider);
  subnets.name(subnet_group_name)
      .description(fmt::format("rdha: private subnets of the {} region ({}) for RDS", region.key, region.spec->name))
      .subnet_ids(Arg<tf::Set<tf::String>>(subnet_ids))
      .tags(std::map<std::string, std::string>{{"Name", subnet_group_name}});

  // create_before_destroy: a replacement (a new family on a major upgrade, a new
  // description) is created, the instances switched to it, and only then the old group
  // destroyed. Its name carries a hash of those arguments (RegionNames::parameter_group()),
  // so the new group never collides with the one still in use.
  const std::string group_name = region.names.parameter_group();
  auto group = stack.add<aws::DbParameterGroup>(region.key, region.provider);
  group.name(group_name)
      .family(family)
      .description(region.names.parameter_group_description())
      .tags(std::map<std::string, std::string>{{"Name", group_name}});
  for (const auto& parameter : db_parameters(spec.database)) {
    aws::DbParameterGroup::Parameter block;
    block.name(parameter.name).value(parameter.value).apply_method(parameter.apply_method);
    group.parameter(block);
  }
  Lifecycle lifecycle;
  lifecycle.create_before_destroy = true;
  group.lifecycle(lifecycle);

  return RegionDatabase{subnets, group};
}

}  // namespace rdha::stack::detail
