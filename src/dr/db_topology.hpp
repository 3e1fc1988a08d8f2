// The database tier of a stack as the analyses see it: every aws_db_instance with its
// role, placement, source and the settings the HA/DR reasoning needs. Roles come from
// placement.role when set, else from the graph (no source → writer; source in the same
// region → reader; in another region → dr_replica). The region failover reads its target
// from it; the analyses (rules, drill) reason over it. Internal to src/.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "rdha/core/stack.hpp"

namespace rdha::dr::detail {

struct DbNode {
  std::size_t index = 0;
  std::string address;
  DbRole role = DbRole::none;  ///< placement.role when set, else inferred from the graph
  std::string region;
  std::string availability_zone;  ///< "" when RDS chooses
  bool multi_az = false;
  bool is_replica = false;         ///< replicate_source_db is set
  std::optional<std::size_t> source;  ///< index into DbTopology::nodes of the source
  std::string source_attribute;    ///< attribute the reference uses ("arn", "identifier", ...), "literal" if literal
  std::string identifier;          ///< literal identifier ("" if not literal)
  std::string engine;              ///< inherited from the source for replicas
  std::string engine_version;      ///< inherited from the source for replicas
};

struct DbTopology {
  std::vector<DbNode> nodes;

  /// Nodes that replicate from @p node (index into nodes), in stack order.
  std::vector<std::size_t> replicas_of(std::size_t node) const;
  /// Index into nodes of the DB instance at stack index @p stack_index.
  std::optional<std::size_t> node_of(std::size_t stack_index) const;
};

DbTopology db_topology(const Stack& stack);

/// The RDS identifier to use in commands: the literal one, else a placeholder naming the
/// address ("<identifier of aws_db_instance.x>").
std::string identifier_or_placeholder(const DbNode& node);

/// Backup retention (days) @p node keeps when promoted: its literal
/// backup_retention_period, else that of @p fallback (the writer it replicates), else 7.
int promoted_retention_days(const Stack& stack, const DbNode& node, const DbNode* fallback);

/// Major version number of "17.4" / "17" (0 when unknown).
int major_version(const std::string& engine_version);

}  // namespace rdha::dr::detail
