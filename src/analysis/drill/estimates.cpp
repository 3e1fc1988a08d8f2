// estimate_recovery (simulation.hpp): the recovery time and data-loss window of the
// scenario, one case each: no writer affected; only Multi-AZ failovers; a manual
// promotion of the DR replica; a region loss with nothing to promote; a single-AZ writer
// lost with its AZ. Then the warnings about recovery paths the failure took.
#include <algorithm>
#include <cmath>

#include "analysis/drill/simulation.hpp"
#include "core/stack_view.hpp"
#include "rdha/dr/region_failover.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

SecondsRange sum(std::initializer_list<SecondsRange> parts) {
  SecondsRange out;
  for (const auto& part : parts) {
    out.min += part.min;
    out.max += part.max;
  }
  return out;
}

std::string minutes(const SecondsRange& range) {
  auto m = [](int s) { return std::to_string(static_cast<int>(std::lround(s / 60.0))); };
  return m(range.min) + "-" + m(range.max) + " min";
}

// Threshold of the ReplicaLag alarm on a DB instance, if literal.
std::optional<double> replica_lag_threshold(const Stack& stack, const DbNode& node) {
  for (std::size_t index : of_type(stack, "aws_cloudwatch_metric_alarm")) {
    const Resource& alarm = stack.resource(index);
    if (!is_replica_lag_of(stack, arg(alarm, "metric_name"), arg(alarm, "dimensions"), node.index)) continue;
    // Only a lag threshold: a LessThan alarm on ReplicaLag watches for stopped replication.
    if (!literal_string(arg(alarm, "comparison_operator")).value_or("Greater").starts_with("Greater")) continue;
    if (auto threshold = literal_number(arg(alarm, "threshold"))) return threshold;
  }
  return std::nullopt;
}

// True when an affected writer is lost outright (not saved by a Multi-AZ failover).
bool writer_lost(const DrillFacts& f) {
  return std::any_of(f.affected_writers.begin(), f.affected_writers.end(), [&](std::size_t w) {
    return std::find(f.failing_over.begin(), f.failing_over.end(), w) == f.failing_over.end();
  });
}

// Automated backups replications copying an affected writer's backups out of the region.
void find_backup_copies(Simulation& s) {
  const Stack& stack = s.stack();
  for (std::size_t backup : of_type(stack, "aws_db_instance_automated_backups_replication")) {
    const Resource& b = stack.resource(backup);
    if (b.placement.region == s.facts.region) continue;
    for (std::size_t w : s.facts.affected_writers)
      if (const Json* source = arg(b, "source_db_instance_arn");
          source != nullptr && value_references(stack, *source, s.node(w).index))
        s.facts.backup_replications.push_back(backup);
  }
}

void no_writer_affected(Simulation& s) {
  DrillReport& r = s.report;
  r.rto_seconds = SecondsRange{0, 0};
  r.rpo_seconds = SecondsRange{0, 0};
  r.rto = "No writer is affected: writes continue without interruption.";
  r.rpo = "None: no writer is affected.";
  if (!r.lost.empty()) r.rto += " Lost replicas reduce read capacity (or DR protection) until they are re-created.";
}

void multi_az_failover_only(Simulation& s) {
  DrillReport& r = s.report;
  r.rto_seconds = kMultiAzFailover;
  r.rpo_seconds = SecondsRange{0, 0};
  r.rto = "Multi-AZ failover: typically 60-120 s without writes (0 s if the standby, not the primary, was in " +
          s.facts.domain.name + "); reads continue on the surviving replicas.";
  r.rpo = "None: the Multi-AZ standby is synchronous, so every committed transaction survives the failover.";
  r.assumptions.push_back("RDS Multi-AZ failover completes in 60-120 s (\"Failover times are typically 60-120 "
                          "seconds\", \"Failing over a Multi-AZ DB instance for Amazon RDS\", "
                          "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html) and "
                          "the endpoint's DNS name follows the new primary; clients reconnect and retry.");
}

// The detection and decision of an automatic run: the trigger's alarm fires once the lag,
// growing one second per second from the loss, has stayed above its threshold for its
// window; the run promotes at once within its data-loss bound, else waits for a person.
void automatic_detection(DrillReport& r, const AutomaticTrigger& trigger, SecondsRange& detection,
                         SecondsRange& decision) {
  detection = SecondsRange{trigger.lag_seconds + trigger.window_seconds,
                           trigger.lag_seconds + trigger.window_seconds + 120};
  decision = SecondsRange{0, kDecision.max};
  r.assumptions.push_back("The automatic trigger " + trigger.alarm + " fires " + minutes(detection) +
                          " after the loss: the DR replica's ReplicaLag grows one second per second from the loss "
                          "and must stay at or above " + std::to_string(trigger.lag_seconds) + " s for " +
                          std::to_string(trigger.window_seconds / 60) +
                          " one-minute periods (plus publishing delay; docs/failover.md).");
  r.assumptions.push_back("The automatic run promotes at once when the estimated data loss is within the "
                          "automation's MaxDataLossSeconds; otherwise it pages and waits for a person (up to " +
                          std::to_string(kDecision.max / 60) + " min more).");
}

// A promotion of the DR replica: detection, (leaving the region,) promotion, cut-over;
// detected and decided by the automatic trigger when the stack has one.
void promotion(Simulation& s) {
  DrillReport& r = s.report;
  const DbNode& target = s.node(*s.facts.promotion_target);
  const bool same_region = target.region == s.facts.region;
  const auto trigger = same_region ? std::nullopt : automatic_trigger(s.stack(), target.index);
  SecondsRange detection = kDetection, decision = kDecision;
  if (trigger) automatic_detection(r, *trigger, detection, decision);
  r.rto_seconds = same_region ? sum({detection, kPromotion, kCutover}) : sum({detection, decision, kPromotion, kCutover});
  r.rto = trigger ? "Automatic promotion of " + target.address + " in " + target.region + ": about " +
                        minutes(*r.rto_seconds) + " (started by " + trigger->alarm + ")."
                  : "Manual promotion of " + target.address + " in " + target.region + ": about " +
                        minutes(*r.rto_seconds) + " (nothing fails over across regions automatically).";
  const auto threshold = replica_lag_threshold(s.stack(), target);
  if (threshold) r.rpo_seconds = SecondsRange{0, static_cast<int>(*threshold)};
  r.rpo = "About the replica lag of " + target.address + " at the moment of loss (normally seconds" +
          (threshold ? "; its ReplicaLag alarm fires above " + std::to_string(static_cast<int>(*threshold)) + " s" : "") +
          "): transactions committed after the last WAL record replicated to " + target.region + " are lost.";
  if (!trigger)
    r.assumptions.push_back("Detection takes " + minutes(kDetection) +
                            " (alarm evaluation periods plus paging the on-call).");
  if (!same_region && !trigger)
    r.assumptions.push_back("Deciding to leave " + s.facts.region + " (accepting the estimated data loss) takes " +
                            minutes(kDecision) + ": promotion is irreversible and splits the data from the old primary.");
  r.assumptions.push_back("promote-read-replica takes " + minutes(kPromotion) +
                          " until the instance is available (\"The promotion process can take several minutes or "
                          "longer to complete, depending on the size of the read replica\", \"Promoting a read replica "
                          "to be a standalone DB instance\", "
                          "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html).");
  // A pre-provisioned writer switch replaces the repointing by hand.
  const auto writer_switch =
      same_region ? std::nullopt : dr::region_failover_target(s.stack(), target.index).writer_switch;
  if (writer_switch)
    r.assumptions.push_back("The writer's DNS name follows within " + minutes(kCutover) + ": the " +
                            writer_switch->metric + " datapoint in " + writer_switch->region +
                            ", the Route 53 health check following its alarm's data, and the record's TTL.");
  else
    r.assumptions.push_back("Pointing applications at the new endpoint takes " + minutes(kCutover) +
                            " (configuration or DNS change, TTLs).");
  r.assumptions.push_back("The DR replica was replicating (ReplicaLag below its alarm threshold) when the "
                          "region failed. It replicates asynchronously (\"an asynchronously created physical replica "
                          "of the source DB instance\", \"Working with read replicas for Amazon RDS for PostgreSQL\", "
                          "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html), "
                          "so the RPO is its lag at the loss, which the runbook's estimate-data-loss step reads.");
}

// A region loss with nothing outside to promote: down until the region returns, or until
// a restore from backups replicated elsewhere.
void region_total_outage(Simulation& s) {
  DrillReport& r = s.report;
  const std::string& region = s.facts.region;
  r.total_outage = std::none_of(r.surviving.begin(), r.surviving.end(),
                                [](const DbRoleOutcome& o) { return o.role == to_string(DbRole::writer); });
  r.rto = "No in-stack recovery path: nothing outside " + region + " can be promoted, so the database is down until " +
          region + " returns";
  r.rpo = "Unbounded by the stack: data written since the last copy outside " + region + " is lost";
  if (!s.facts.backup_replications.empty()) {
    const std::string where = s.stack().resource(s.facts.backup_replications.front()).placement.region;
    r.rto += ", or until an instance is restored from the automated backups replicated to " + where +
             " (size-dependent, typically an hour or more; not estimated).";
    r.rpo += "; restoring from the backups replicated to " + where +
             " loses the changes after the latest restorable time (typically minutes behind).";
    r.assumptions.push_back("Automated backups replication keeps the latest restorable time of the copy in " + where +
                            " within minutes of the source (AWS does not guarantee a figure).");
  } else {
    r.rto += ".";
    r.rpo += ", and nothing in the stack copies data out of the region.";
  }
  // A stack entirely in the lost region has no DR region at all: there is no replica to add
  // before a region to put it in.
  const Stack& stack = s.stack();
  bool single_region = true;
  for (std::size_t i = 0; i < stack.size() && single_region; ++i) {
    const std::string& placed = stack.resource(i).placement.region;
    single_region = placed.empty() || placed == region;
  }
  r.warnings.insert(r.warnings.begin(),
                    single_region ? "Region loss = total outage: the stack has no DR region (all of it is in " +
                                        region + "), so there is no region to fail over to. Add a DR region with a "
                                                 "cross-region replica."
                                  : "Region loss = total outage: the writer and every replica are in " + region +
                                        " and no cross-region replica exists to promote. Add a DR replica in "
                                        "another region.");
}

// A single-AZ writer lost with its AZ: promote a surviving reader (the promotion target of
// the runbook), or wait for the AZ.
void single_az_writer_lost(Simulation& s) {
  DrillReport& r = s.report;
  r.rto = "The writer is single-AZ and lost";
  r.rpo = "";
  if (!s.facts.surviving_readers.empty()) {
    const DbNode& reader = s.node(s.facts.surviving_readers.front());
    s.facts.promotion_target = s.facts.surviving_readers.front();
    r.promotion_target = reader.address;
    r.rto_seconds = sum({kDetection, kPromotion, kCutover});
    r.rto += ": promote " + reader.address + " by hand, about " + minutes(*r.rto_seconds) + ".";
    r.rpo = "About the replica lag of " + reader.address + " at the moment of loss.";
    r.assumptions.push_back("Detection " + minutes(kDetection) + ", promotion " + minutes(kPromotion) + ", cut-over " +
                            minutes(kCutover) + ".");
  } else {
    r.rto += " and no replica survives: the database is down until " + s.facts.domain.name + " returns.";
    r.rpo = "Unbounded by the stack.";
    r.total_outage = true;
  }
  r.warnings.push_back("The writer is not Multi-AZ: an AZ loss stops writes. Set multi_az = true.");
}

// Recovery paths the failure took: lost DR replicas, or every reader.
void warn_lost_replicas(Simulation& s) {
  if (s.region_lost()) {
    for (std::size_t i : s.facts.lost_dr_replicas)
      s.report.warnings.push_back(s.node(i).address +
                                  " is lost: the stack has no cross-region recovery path until it is re-created.");
  } else if (!s.facts.lost_readers.empty() && s.facts.surviving_readers.empty()) {
    s.report.warnings.push_back("No read replica survives: all reads fall on the writer until replicas are re-created.");
  }
}

}  // namespace

bool is_replica_lag_of(const Stack& stack, const Json* metric_name, const Json* dimensions, std::size_t db) {
  return literal_string(metric_name).value_or("") == "ReplicaLag" && dimensions != nullptr &&
         value_references(stack, *dimensions, db);
}

void estimate_recovery(Simulation& s) {
  find_backup_copies(s);
  s.report.assumptions.push_back("Placement comes from the stack: each instance's region from its provider, AZ from "
                                 "availability_zone (RDS chooses it when unset).");
  if (s.facts.affected_writers.empty()) no_writer_affected(s);
  else if (!writer_lost(s.facts)) multi_az_failover_only(s);
  else if (s.facts.promotion_target) promotion(s);
  else if (s.region_lost()) region_total_outage(s);
  else single_az_writer_lost(s);
  warn_lost_replicas(s);
}

}  // namespace rdha::analysis::detail
