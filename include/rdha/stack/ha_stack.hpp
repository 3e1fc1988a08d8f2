// rdha/stack/ha_stack.hpp — the default HA stack, composed from the modules.
//
// build_ha_stack(spec) validates the spec (SpecError listing every problem) and then
// runs the modules of stack/modules.hpp in dependency order, adding the outputs
// applications and operators need. The result is an ordinary Stack: inspect it, add to
// it, check it, emit it.
#pragma once

#include <optional>

#include "rdha/core/stack.hpp"
#include "rdha/stack/modules.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack {

/// @brief Everything build_ha_stack() created, for callers that extend the stack.
struct HaStack {
  Stack stack;
  Providers providers;
  KmsKeys kms;
  RegionNetwork primary_network;
  std::optional<RegionNetwork> dr_network;  ///< nullopt when regions.dr.enabled is false
  std::optional<Peering> peering;           ///< nullopt when regions.dr.enabled is false
  MasterSecret secret;
  RegionSecurity primary_security;
  std::optional<RegionSecurity> dr_security;  ///< nullopt when regions.dr.enabled is false
  IamRoles iam;
  /// The encrypted copy of the migration source's snapshot (add_migration_copy); nullopt
  /// without migration.
  std::optional<aws::DbSnapshotCopy> migration_copy;
  /// nullopt in migration.phase copy: the primary is restored from the copy in the next
  /// phase, so a full apply of the copy phase creates only the copy.
  std::optional<Database> database;
  Monitoring monitoring;             ///< without a database only the alarm topics
  std::optional<Failover> failover;  ///< spec.failover.enabled, and a database to fail over
  RemoteState remote_state;          ///< spec.state: the backend block and the state policy's attachment
};

/// @brief True in the migration's copy phase: the stack holds the snapshot copy and no
///        database yet (the primary is restored from the copy in the restore phase), so
///        build_ha_stack_parts() leaves out the database, its alarms and its failover.
bool database_deferred_by_migration(const HaStackSpec& spec);

/// @brief Builds the HA stack with its module handles. Throws SpecError for an invalid
///        spec before adding anything.
HaStack build_ha_stack_parts(const HaStackSpec& spec);

/// @brief Builds the HA stack described by @p spec (the defaults: SPEC.md's stack).
///
/// @code{.cpp}
/// rdha::stack::HaStackSpec spec;            // the defaults
/// spec.database.replicas.push_back({"replica-3", "us-east-1c"});
/// spec.regions.primary.azs.push_back("us-east-1c");
/// rdha::Stack stack = rdha::stack::build_ha_stack(spec);
/// rdha::write_tf_json(stack, "terraform_out");
/// @endcode
Stack build_ha_stack(const HaStackSpec& spec);

/// @brief Stack outputs: primary endpoint, reader endpoints, DR endpoint, secret ARN,
///        KMS key ARNs, VPC IDs, peering ID (secrets marked sensitive; the DR entries only
///        with a DR region; the database's only with a database); with failover the
///        writer and reader DNS names and the failover automation document's name.
void add_outputs(HaStack& parts);

}  // namespace rdha::stack
