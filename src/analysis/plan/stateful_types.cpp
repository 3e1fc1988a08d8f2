// The stateful resource types of plan-check (stateful_types.hpp). Sources in
// docs/plan-check.md, "Stateful resource types".
#include "analysis/plan/stateful_types.hpp"

#include <array>

namespace rdha::analysis::plan {
namespace {

constexpr std::array<StatefulType, 11> kStateful{{
    {"aws_db_instance", "the database: its data, automated backups and endpoint"},
    {"aws_rds_cluster", "the cluster's database and its automated backups"},
    {"aws_db_snapshot", "a DB snapshot: a restore point"},
    {"aws_db_snapshot_copy", "a copy of a DB snapshot: a restore point"},
    {"aws_db_instance_automated_backups_replication", "the automated backups replicated to the DR region"},
    {"aws_kms_key",
     "the key that encrypts the databases, their backups and the secret: what is encrypted under it cannot be "
     "read once the key is deleted"},
    {"aws_kms_replica_key", "the DR region's copy of the key that encrypts the DR replica and its backups"},
    {"aws_secretsmanager_secret", "the master credentials and their versions"},
    {"aws_secretsmanager_secret_version", "the master password the databases use"},
    {"aws_db_subnet_group", "the subnets of the DB instances that use it"},
    {"aws_route53_zone", "the private zone where clients resolve the writer and reader names"},
}};

const StatefulType* find_type(std::string_view type) {
  for (const auto& entry : kStateful)
    if (entry.type == type) return &entry;
  return nullptr;
}

bool subnet_group_in_use(const ResourceChange& group, const PlanDocument& plan) {
  const auto& name = group.was("name");
  if (!name.is_string()) return false;
  for (const auto* instance : plan.of_type("aws_db_instance"))
    if (instance->was("db_subnet_group_name") == name) return true;
  return false;
}

bool private_zone(const ResourceChange& zone) {
  const auto& vpcs = zone.was("vpc");
  return vpcs.is_array() && !vpcs.empty();
}

}  // namespace

const StatefulType* stateful(const ResourceChange& change, const PlanDocument& plan) {
  const StatefulType* entry = find_type(change.type);
  if (entry == nullptr) return nullptr;
  if (change.type == "aws_db_subnet_group" && !subnet_group_in_use(change, plan)) return nullptr;
  if (change.type == "aws_route53_zone" && !private_zone(change)) return nullptr;
  return entry;
}

bool holds_a_copy(const ResourceChange& change) {
  if (change.type == "aws_db_instance_automated_backups_replication") return true;
  const auto& source = change.was("replicate_source_db");
  return change.type == "aws_db_instance" && source.is_string() && !source.get<std::string>().empty();
}

}  // namespace rdha::analysis::plan
