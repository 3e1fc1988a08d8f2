// Shared pieces of the drill: the facts about the scenario the simulation gathers and the
// runbook reads (runbook.cpp), and the names the commands use (command_names.cpp).
// Internal to src/analysis/drill.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dr/db_topology.hpp"
#include "rdha/analysis/drill.hpp"

namespace rdha::analysis::detail {

// The runbook types (rdha/dr/runbook.hpp) and the database tier (dr/db_topology.hpp).
using namespace rdha::dr;
using namespace rdha::dr::detail;

/// What the runbook needs to know about the scenario.
struct DrillFacts {
  const Stack* stack = nullptr;
  DbTopology topology;
  FailureDomain domain;
  std::string region;  ///< region of the domain
  /// Writers affected by the failure (indexes into topology.nodes).
  std::vector<std::size_t> affected_writers;
  /// Writers whose Multi-AZ failover the failure may trigger.
  std::vector<std::size_t> failing_over;
  /// Lost same-region readers and the writer they replicate.
  std::vector<std::size_t> lost_readers;
  /// Surviving readers of affected writers.
  std::vector<std::size_t> surviving_readers;
  /// Lost cross-region replicas (DR region lost).
  std::vector<std::size_t> lost_dr_replicas;
  std::optional<std::size_t> promotion_target;  ///< index into topology.nodes
  std::vector<std::size_t> lost_nats;           ///< stack indexes
  /// aws_db_instance_automated_backups_replication nodes copying an affected writer's
  /// backups out of the lost region (stack indexes).
  std::vector<std::size_t> backup_replications;
};

/// The runbook for the scenario (runbook.cpp).
Runbook build_runbook(const DrillFacts& facts);

// ---- names for commands (literal values from the stack, else a <placeholder>) -------

/// Literal `name` of the node an argument references (or the argument's literal value).
std::string referenced_name(const Stack& stack, const Resource& resource, std::string_view argument,
                            std::string_view type, std::string_view placeholder);
/// Names of the security groups an instance uses.
std::vector<std::string> security_group_names(const Stack& stack, const Resource& db);
/// What `--kms-key-id` takes for the customer-managed key of @p region: the alias name
/// of a key in that region, else a placeholder.
std::string kms_key_for_region(const Stack& stack, const std::string& region);
/// The database network a new writer in a region joins: the stack's own DB subnet group,
/// parameter group and security groups there (literal names, else placeholders).
struct RegionDbNetwork {
  std::string subnet_group;
  std::string parameter_group;
  /// The groups that admit @p model's port in the region (the DB groups, not the app groups);
  /// their IDs are known only after apply, so commands look them up by name (sg_lookup).
  std::vector<std::string> security_groups;
};
/// The DB network of @p region for an instance like @p model (its port, its parameter
/// group's family).
RegionDbNetwork db_network_in(const Stack& stack, const std::string& region, const Resource& model);
/// Literal name of the secret replicated into @p region ("" if none).
std::vector<std::string> secrets_replicated_to(const Stack& stack, const std::string& region);
/// Alarm names (literal) of the alarms in @p region.
std::vector<std::string> alarm_names_in(const Stack& stack, const std::string& region);

}  // namespace rdha::analysis::detail
