// The drill runbook's parts: the steps of each scenario (region_loss_runbook.cpp,
// az_loss_runbook.cpp), which build_runbook (runbook.cpp) picks and orders, and the
// command pieces they share. Internal to src/analysis/drill.
#pragma once

#include <string>
#include <vector>

#include "analysis/drill/drill_facts.hpp"
#include "dr/aws_cli.hpp"

namespace rdha::analysis::detail {

// ---- steps per scenario ---------------------------------------------------------------

/// Region loss with a cross-region replica to promote: the shared region-loss procedure
/// (also the stack's automation document) with the manual-only steps, verification, and
/// the failback when the old region returns.
void region_promotion_steps(const DrillFacts& f, Runbook& rb);
/// Region loss without anything to promote: confirm, restore replicated backups or wait.
void region_outage_steps(const DrillFacts& f, Runbook& rb);
/// The DR region is lost: check the writer, re-create the DR replica when it returns.
void dr_region_lost_steps(const DrillFacts& f, Runbook& rb);
/// An availability zone is lost: failovers, a reader to promote, temporary replacements,
/// verification and clean-up.
void az_loss_steps(const DrillFacts& f, Runbook& rb);

// ---- command pieces (runbook.cpp) -------------------------------------------------------

/// Short names for the two pieces every step uses.
inline std::string q(const std::string& value) { return shell_quote(value); }
inline std::string rds(const std::string& subcommand, const std::string& region, const std::string& rest) {
  return rds_command(subcommand, region, rest);
}

/// The last two hours of RDS events of an instance.
std::string events_command(const std::string& region, const std::string& id);
/// Flags that recreate an instance with the hardening of @p model (a temporary instance
/// skips deletion protection).
std::string hardening_flags(const Stack& stack, const Resource& model, bool temporary = false);
/// Sets SG_IDS to the IDs of the named security groups.
std::string sg_lookup(const std::string& region, const std::vector<std::string>& names);
/// create-db-instance-read-replica of @p id in @p region from @p source_id in
/// @p source_region (by ARN), with the network, key and hardening of @p model. Uses
/// ACCOUNT_ID / PARTITION (account_lookup) and SG_IDS (sg_lookup) when @p model has
/// security groups.
std::string cross_region_replica_command(const Stack& stack, const Resource& model, const std::string& region,
                                         const std::string& id, const std::string& source_region,
                                         const std::string& source_id);

inline void add(Runbook& runbook, RunbookStep step) { runbook.steps.push_back(std::move(step)); }

}  // namespace rdha::analysis::detail
