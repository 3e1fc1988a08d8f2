// assess_databases (simulation.hpp): what an AZ or region failure does to each DB
// instance. Outside the failed region an instance is unaffected, and a cross-region
// replica of a lost writer becomes the promotion target; a region loss takes every
// instance in it (and its Multi-AZ standby); an AZ loss fails a Multi-AZ instance over and
// takes the single-AZ instances pinned there (or placed there by RDS).
#include <algorithm>
#include <set>

#include "analysis/drill/simulation.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

// The role an instance plays in the report: a replica in another region than its source
// (or placed as a DR replica) is a DR replica.
DbRole outcome_role(const DbTopology& topology, const DbNode& node) {
  if (!node.is_replica) return DbRole::writer;
  const bool cross_region = node.source && topology.nodes[*node.source].region != node.region;
  return cross_region || node.role == DbRole::dr_replica ? DbRole::dr_replica : DbRole::reader;
}

DbRoleOutcome outcome_of(const DbNode& node, std::string role, std::string outcome, std::string note) {
  return DbRoleOutcome{node.address, std::move(role), node.identifier,   node.region,
                       node.availability_zone, std::move(outcome), std::move(note)};
}

DbRoleOutcome outcome_of(const DbNode& node, DbRole role, std::string outcome, std::string note) {
  return outcome_of(node, std::string(to_string(role)), std::move(outcome), std::move(note));
}

// AZs of the subnets in the DB subnet group an instance uses (empty when unknown).
std::set<std::string> subnet_group_azs(const Stack& stack, const Resource& db) {
  std::set<std::string> azs;
  for (std::size_t group : targets_of(stack, db, "db_subnet_group_name")) {
    if (stack.resource(group).address.type != "aws_db_subnet_group") continue;
    for (std::size_t subnet : targets_of(stack, stack.resource(group), "subnet_ids")) {
      const std::string az = availability_zone_of(stack, stack.resource(subnet));
      if (!az.empty()) azs.insert(az);
    }
  }
  return azs;
}

// Records a lost instance in the facts the runbook reads.
void record_loss(DrillFacts& facts, std::size_t i, DbRole role) {
  if (!facts.topology.nodes[i].is_replica) facts.affected_writers.push_back(i);
  if (role == DbRole::reader) facts.lost_readers.push_back(i);
  if (role == DbRole::dr_replica) facts.lost_dr_replicas.push_back(i);
}

// Outside the failed region: unaffected, and a DR replica of a lost writer is the way back.
void outside_domain(Simulation& s, std::size_t i) {
  const DbNode& node = s.node(i);
  const DbRole role = outcome_role(s.facts.topology, node);
  const bool source_lost = node.source && s.region_lost() && s.node(*node.source).region == s.facts.region &&
                           !s.node(*node.source).is_replica;
  if (source_lost && !s.facts.promotion_target) {
    s.facts.promotion_target = i;
    s.report.promotion_target = node.address;
    s.report.surviving.push_back(outcome_of(node, role, "promotion_target",
                                            "Keeps the data up to its replica lag; promote it to become the "
                                            "writer (manual, irreversible)."));
    return;
  }
  s.report.surviving.push_back(
      outcome_of(node, role, "unaffected",
                 source_lost ? "Outside " + s.facts.region + "; its source is lost, so it stops receiving changes."
                             : "Outside " + s.facts.region + "."));
}

// The whole region is lost: the instance, and its Multi-AZ standby with it.
void lost_with_region(Simulation& s, std::size_t i) {
  const DbNode& node = s.node(i);
  const DbRole role = outcome_role(s.facts.topology, node);
  record_loss(s.facts, i, role);
  s.report.lost.push_back(outcome_of(node, role, "recreate", "In " + s.facts.region + ", which is lost."));
  if (node.multi_az)
    s.report.lost.push_back(
        outcome_of(node, kStandby, "recreate", "Its Multi-AZ standby is in " + s.facts.region + " too."));
}

// What RDS does on its own when a Multi-AZ instance loses the AZ of one of its copies.
void add_failover_actions(Simulation& s, std::size_t i) {
  const DbNode& node = s.node(i);
  const std::string& az = s.facts.domain.name;
  s.report.automatic_actions.push_back(
      {node.address, "multi_az_failover",
       "If the primary copy was in " + az +
           ", RDS promotes the synchronous standby and repoints the endpoint's DNS name to it; clients "
           "reconnect to the same endpoint.",
       kMultiAzFailover});
  s.report.automatic_actions.push_back(
      {node.address, "standby_rebuild",
       "RDS creates a new standby in another AZ of the subnet group and resynchronises it; until then the "
       "instance runs without a standby.",
       std::nullopt});
  if (s.facts.topology.replicas_of(i).empty()) return;
  const int major = major_version(node.engine_version);
  if (major >= 13 || major == 0)
    s.report.automatic_actions.push_back(
        {node.address, "replicas_follow_new_writer",
         "Its read replicas keep replicating from the new primary after a failover (RDS for PostgreSQL " +
             std::string(major == 0 ? "13+" : std::to_string(major)) + ").",
         std::nullopt});
  else
    s.report.warnings.push_back(node.address + " runs PostgreSQL " + node.engine_version +
                                ": before 13, read replicas may stop replicating after a Multi-AZ failover and "
                                "need a reboot or re-creation.");
}

// An AZ of a Multi-AZ instance's region fails: it fails over if a copy may have been there.
void multi_az_failover(Simulation& s, std::size_t i) {
  const DbNode& node = s.node(i);
  const DbRole role = outcome_role(s.facts.topology, node);
  const std::string& az = s.facts.domain.name;
  const auto group_azs = subnet_group_azs(s.stack(), s.stack().resource(node.index));
  const bool possible = node.availability_zone == az ||
                        (node.availability_zone.empty() && (group_azs.empty() || group_azs.contains(az)));
  if (!possible && node.availability_zone.empty()) {
    s.report.surviving.push_back(outcome_of(node, role, "unaffected", "Its subnet group has no subnet in " + az + "."));
    return;
  }
  if (!node.is_replica) s.facts.affected_writers.push_back(i);
  s.facts.failing_over.push_back(i);
  s.report.surviving.push_back(outcome_of(
      node, role, "multi_az_failover",
      node.availability_zone.empty()
          ? "Multi-AZ: if its primary copy was in " + az +
                ", RDS fails over to the synchronous standby in another AZ (typically 60-120 s) under the same "
                "endpoint; if the standby was there, the primary keeps running."
          : "Multi-AZ with its primary in " + az +
                ": RDS fails over to the synchronous standby (typically 60-120 s) under the same endpoint."));
  s.report.lost.push_back(outcome_of(node, kStandby, "replaced_automatically",
                                     "Whichever copy (primary or standby) was in " + az +
                                         " is lost; RDS rebuilds a standby in a healthy AZ of the subnet group."));
  add_failover_actions(s, i);
}

// An AZ of a single-AZ instance's region fails: lost when pinned there, or when RDS chose
// its AZ (the worst case, with a warning).
void single_az_loss(Simulation& s, std::size_t i) {
  const DbNode& node = s.node(i);
  const DbRole role = outcome_role(s.facts.topology, node);
  const std::string& az = s.facts.domain.name;
  if (node.availability_zone != az && !node.availability_zone.empty()) {
    s.report.surviving.push_back(outcome_of(node, role, "unaffected", "In " + node.availability_zone + "."));
    return;
  }
  const bool certain = node.availability_zone == az;
  record_loss(s.facts, i, role);
  s.report.lost.push_back(outcome_of(
      node, role, "recreate",
      certain ? "Single-AZ in " + az + "." : "Single-AZ with an AZ RDS chose: lost if that is " + az + "."));
  if (!certain)
    s.report.warnings.push_back(node.address + " is single-AZ without a pinned availability_zone: the drill "
                                "assumes the worst, that RDS placed it in " + az + ".");
}

// Same-region readers that survive (their writer may be affected).
void find_surviving_readers(Simulation& s) {
  const DrillFacts& f = s.facts;
  for (std::size_t i = 0; i < f.topology.nodes.size(); ++i) {
    const DbNode& node = s.node(i);
    if (!node.is_replica || !node.source || node.region != s.node(*node.source).region) continue;
    if (std::find(f.lost_readers.begin(), f.lost_readers.end(), i) != f.lost_readers.end()) continue;
    s.facts.surviving_readers.push_back(i);
  }
}

}  // namespace

void assess_databases(Simulation& s) {
  for (std::size_t i = 0; i < s.facts.topology.nodes.size(); ++i) {
    const DbNode& node = s.node(i);
    if (node.region != s.facts.region) outside_domain(s, i);
    else if (s.region_lost()) lost_with_region(s, i);
    else if (node.multi_az) multi_az_failover(s, i);
    else single_az_loss(s, i);
  }
  find_surviving_readers(s);
}

}  // namespace rdha::analysis::detail
