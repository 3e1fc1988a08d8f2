// One drill in progress and the phases simulate() runs over it, in order: locate the
// failure domain, assess the database roles, note what degrades, estimate the recovery,
// list the recovery assets; the runbook is built from the facts they gather. Internal to
// src/analysis/drill.
#pragma once

#include <optional>
#include <string>

#include "analysis/drill/drill_facts.hpp"

namespace rdha::analysis::detail {

/// A drill in progress: the facts the runbook reads, and the report the phases fill.
struct Simulation {
  DrillFacts facts;
  DrillReport report;

  const Stack& stack() const { return *facts.stack; }
  const DbNode& node(std::size_t i) const { return facts.topology.nodes[i]; }
  bool region_lost() const { return facts.domain.kind == FailureDomain::Kind::region; }
  /// True when @p resource is placed in the failure domain.
  bool in_domain(const Resource& resource) const;
};

// Assumed durations of the steps of a recovery, in seconds.
inline constexpr SecondsRange kDetection{120, 600};  // alarms (3 x 60 s periods) + paging the on-call
inline constexpr SecondsRange kDecision{300, 900};   // deciding to leave the region (a human call)
inline constexpr SecondsRange kPromotion{300, 900};  // promote-read-replica until "available"
inline constexpr SecondsRange kCutover{60, 300};     // applications pointed at the new endpoint
inline constexpr SecondsRange kMultiAzFailover{60, 120};

/// The report's role of a Multi-AZ standby (a copy of its instance, not a placement role).
inline constexpr const char* kStandby = "standby";

/// An automatic start of the region failover: the alarm that fires it (a lag threshold over
/// a number of periods) and the run it starts promotes without a person within its data-loss
/// bound.
struct AutomaticTrigger {
  std::string alarm;      ///< its address
  int lag_seconds = 0;    ///< the ReplicaLag it needs to see (or -1 / no data)
  int window_seconds = 0; ///< for this long in a row (evaluation periods x period)
};
/// The automatic trigger of a promotion of @p target (an aws_db_instance index): an
/// EventBridge target that starts an automation with Trigger=automatic, whose rule matches
/// an alarm on the target's ReplicaLag (automatic_trigger.cpp).
std::optional<AutomaticTrigger> automatic_trigger(const Stack& stack, std::size_t target);

/// @brief True when a metric (its @p metric_name and @p dimensions arguments, either may be
///        null) is the ReplicaLag of the DB instance at @p db (estimates.cpp).
bool is_replica_lag_of(const Stack& stack, const nlohmann::json* metric_name, const nlohmann::json* dimensions,
                       std::size_t db);

/// The region the domain belongs to, the resources placed in it, and a warning when the
/// stack has nothing there (simulate.cpp).
void locate_domain(Simulation& s);
/// What the failure does to each DB instance: lost, failing over, unaffected, or the
/// promotion target; and the readers that survive (database_outcomes.cpp).
void assess_databases(Simulation& s);
/// Surviving resources that work in a reduced way: NAT gateways and subnet groups in a
/// lost AZ, alarms watching lost instances (degraded.cpp).
void note_degraded(Simulation& s);
/// RTO and RPO with their assumptions, and the warnings about lost recovery paths
/// (estimates.cpp).
void estimate_recovery(Simulation& s);
/// What the DR region brings to a regional promotion: backups, alarms, topics, the
/// secret replica (recovery_assets.cpp).
void list_recovery_assets(Simulation& s);

}  // namespace rdha::analysis::detail
