// rdha/stack/migration.hpp — the cutover runbook of the spec's migration section
// (`rdha migrate`): the stack's names and versions put into the procedure of rdha/dr/migration.hpp.
#pragma once

#include <string>

#include "rdha/dr/migration.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack {

/// @brief The runbook's inputs from a valid spec: identifiers (Names), the upgrade path
///        of the snapshot upgrade table, the key alias, the writer record.
/// @param config_path the spec file, named in the runbook's rdha synth lines.
/// @throws SpecError (migration.enabled) when the spec has no migration.
dr::SnapshotMigration snapshot_migration(const HaStackSpec& spec, const std::string& config_path);

/// @brief The replication method's runbook inputs from a valid spec: the DMS identifiers
///        (Names), the source's CDC parameter group, the secrets, the writer record.
/// @throws SpecError (migration.enabled) when the spec has no migration.
dr::ReplicationMigration replication_migration(const HaStackSpec& spec, const std::string& config_path);

/// @brief The cutover runbook of @p spec's migration (either method).
/// @throws SpecError (migration.enabled) when the spec has no migration.
dr::MigrationRunbook migration_runbook(const HaStackSpec& spec, const std::string& config_path);

}  // namespace rdha::stack
