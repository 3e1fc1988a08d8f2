// simulate() (rdha/analysis/drill.hpp): which database roles an AZ or region failure
// takes, what AWS does on its own, what degrades, and the RTO/RPO estimates.
#include "rdha/analysis/drill.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "analysis/drill/drill_facts.hpp"
#include "core/stack_view.hpp"
#include "rdha/error.hpp"

namespace rdha::analysis {

FailureDomain FailureDomain::parse(std::string_view text) {
  const auto colon = text.find(':');
  const std::string kind(text.substr(0, colon == std::string_view::npos ? 0 : colon));
  const std::string name(colon == std::string_view::npos ? "" : text.substr(colon + 1));
  const bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '-';
  });
  if ((kind == "az" || kind == "region") && valid_name) {
    const bool ends_in_letter = std::islower(static_cast<unsigned char>(name.back())) != 0;
    if (kind == "az" && !ends_in_letter)
      throw SpecError::invalid({{"fail", "\"" + std::string(text) + "\" names a region, not an availability zone: "
                                         "use az:<region><letter> (e.g. az:us-east-1a) or region:" + name + "."}});
    return FailureDomain{kind == "az" ? Kind::availability_zone : Kind::region, name};
  }
  throw SpecError::invalid({{"fail", "\"" + std::string(text) +
                                         "\" is not a failure domain: use az:NAME (e.g. az:us-east-1a) or "
                                         "region:NAME (e.g. region:us-east-1)."}});
}

std::string FailureDomain::str() const { return (kind == Kind::region ? "region:" : "az:") + name; }

std::string FailureDomain::region() const {
  if (kind == Kind::region) return name;
  std::string out = name;
  while (!out.empty() && std::isalpha(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out;
}

namespace {

using namespace detail;
using namespace rdha::detail;

// Assumed durations of the steps of a manual recovery, in seconds.
constexpr SecondsRange kDetection{120, 600};   // alarms (3 x 60 s periods) + paging the on-call
constexpr SecondsRange kDecision{300, 900};    // deciding to leave the region (a human call)
constexpr SecondsRange kPromotion{300, 900};   // promote-read-replica until "available"
constexpr SecondsRange kCutover{60, 300};      // applications pointed at the new endpoint
constexpr SecondsRange kMultiAzFailover{60, 120};

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

DbRoleOutcome outcome_of(const DbNode& node, std::string role, std::string outcome, std::string note) {
  return DbRoleOutcome{node.address, std::move(role), node.identifier,   node.region,
                       node.availability_zone, std::move(outcome), std::move(note)};
}

// Route tables whose default route goes to the NAT gateway, and the subnets using them.
std::string nat_effect(const Stack& stack, std::size_t nat, const std::string& region, std::size_t nats_in_region) {
  std::vector<std::string> tables;
  for (std::size_t route : of_type(stack, "aws_route")) {
    const Resource& r = stack.resource(route);
    const Json* target = arg(r, "nat_gateway_id");
    if (target == nullptr || !value_references(stack, *target, nat)) continue;
    for (std::size_t table : targets_of(stack, r, "route_table_id")) tables.push_back(stack.resource(table).address.str());
  }
  for (std::size_t table : of_type(stack, "aws_route_table"))
    if (const Json* routes = arg(stack.resource(table), "route"); routes != nullptr && value_references(stack, *routes, nat))
      tables.push_back(stack.resource(table).address.str());
  std::string effect = nats_in_region == 1
                           ? "private egress of " + region + " is gone: it is the region's only NAT gateway"
                           : "private egress of the subnets routed through it is gone";
  if (!tables.empty()) effect += " (default route of " + join(tables) + ")";
  return effect + "; the database keeps serving, but anything in the private subnets loses outbound access.";
}

}  // namespace

DrillReport simulate(const Stack& stack, const FailureDomain& domain) {
  DrillFacts facts;
  facts.stack = &stack;
  facts.topology = db_topology(stack);
  facts.domain = domain;
  const DbTopology& topology = facts.topology;

  // Regions and AZs the stack uses; an AZ's region is the stack region it starts with.
  std::set<std::string> regions;
  std::set<std::string> azs;
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const Resource& r = stack.resource(i);
    if (!r.placement.region.empty()) regions.insert(r.placement.region);
    const std::string az = availability_zone_of(stack, r);
    if (!az.empty()) azs.insert(az);
  }
  facts.region = domain.region();
  if (domain.kind == FailureDomain::Kind::availability_zone)
    for (const auto& region : regions)
      if (domain.name.starts_with(region) && domain.name.size() > region.size()) facts.region = region;
  const bool is_region = domain.kind == FailureDomain::Kind::region;

  DrillReport report;
  report.scenario = domain;
  report.region = facts.region;

  auto in_domain = [&](const Resource& r) {
    if (r.placement.region != facts.region) return false;
    return is_region || availability_zone_of(stack, r) == domain.name;
  };
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const Resource& r = stack.resource(i);
    if (r.address.kind == Kind::resource && in_domain(r)) report.affected_resources.push_back(r.address.str());
  }

  if (!regions.contains(facts.region))
    report.warnings.push_back("The stack has nothing in " + facts.region + " (its regions: " +
                              join({regions.begin(), regions.end()}) + "); losing it changes nothing.");
  else if (!is_region && !azs.contains(domain.name))
    report.warnings.push_back("No resource of the stack is pinned to " + domain.name + " (AZs in use: " +
                              join({azs.begin(), azs.end()}) +
                              "); only instances whose AZ RDS chooses could be there.");

  // ---- database roles -------------------------------------------------------------------
  for (std::size_t i = 0; i < topology.nodes.size(); ++i) {
    const DbNode& node = topology.nodes[i];
    const Resource& db = stack.resource(node.index);
    const bool here = node.region == facts.region;
    const bool cross_region = node.is_replica && node.source && topology.nodes[*node.source].region != node.region;
    const std::string role = node.is_replica ? (cross_region || node.role == "dr_replica" ? "dr_replica" : "reader")
                                             : "writer";

    if (!here) {
      // Outside the domain: unaffected, and a DR replica of a lost writer is the way back.
      const bool source_lost = node.source && is_region && topology.nodes[*node.source].region == facts.region &&
                               !topology.nodes[*node.source].is_replica;
      if (source_lost && !facts.promotion_target) {
        facts.promotion_target = i;
        report.promotion_target = node.address;
        report.surviving.push_back(outcome_of(node, role, "promotion_target",
                                              "Keeps the data up to its replica lag; promote it to become the "
                                              "writer (manual, irreversible)."));
      } else {
        report.surviving.push_back(
            outcome_of(node, role, "unaffected",
                       source_lost ? "Outside " + facts.region + "; its source is lost, so it stops receiving changes."
                                   : "Outside " + facts.region + "."));
      }
      continue;
    }

    if (is_region) {
      if (!node.is_replica) facts.affected_writers.push_back(i);
      if (role == "reader") facts.lost_readers.push_back(i);
      if (role == "dr_replica") facts.lost_dr_replicas.push_back(i);
      report.lost.push_back(outcome_of(node, role, "recreate", "In " + facts.region + ", which is lost."));
      if (node.multi_az)
        report.lost.push_back(outcome_of(node, "standby", "recreate", "Its Multi-AZ standby is in " + facts.region +
                                                                          " too."));
      continue;
    }

    // An AZ of the node's region fails.
    if (node.multi_az) {
      const auto group_azs = subnet_group_azs(stack, db);
      const bool possible = node.availability_zone == domain.name ||
                            (node.availability_zone.empty() && (group_azs.empty() || group_azs.contains(domain.name)));
      if (!possible && node.availability_zone.empty()) {
        report.surviving.push_back(outcome_of(node, role, "unaffected",
                                              "Its subnet group has no subnet in " + domain.name + "."));
        continue;
      }
      if (!node.is_replica) facts.affected_writers.push_back(i);
      facts.failing_over.push_back(i);
      report.surviving.push_back(outcome_of(
          node, role, "multi_az_failover",
          node.availability_zone.empty()
              ? "Multi-AZ: if its primary copy was in " + domain.name +
                    ", RDS fails over to the synchronous standby in another AZ (typically 60-120 s) under the same "
                    "endpoint; if the standby was there, the primary keeps running."
              : "Multi-AZ with its primary in " + domain.name +
                    ": RDS fails over to the synchronous standby (typically 60-120 s) under the same endpoint."));
      report.lost.push_back(outcome_of(node, "standby", "replaced_automatically",
                                       "Whichever copy (primary or standby) was in " + domain.name +
                                           " is lost; RDS rebuilds a standby in a healthy AZ of the subnet group."));
      report.automatic_actions.push_back(
          {node.address, "multi_az_failover",
           "If the primary copy was in " + domain.name +
               ", RDS promotes the synchronous standby and repoints the endpoint's DNS name to it; clients "
               "reconnect to the same endpoint.",
           kMultiAzFailover});
      report.automatic_actions.push_back(
          {node.address, "standby_rebuild",
           "RDS creates a new standby in another AZ of the subnet group and resynchronises it; until then the "
           "instance runs without a standby.",
           std::nullopt});
      const auto replicas = topology.replicas_of(i);
      if (!replicas.empty()) {
        const int major = major_version(node.engine_version);
        if (major >= 13 || major == 0)
          report.automatic_actions.push_back(
              {node.address, "replicas_follow_new_writer",
               "Its read replicas keep replicating from the new primary after a failover (RDS for PostgreSQL " +
                   std::string(major == 0 ? "13+" : std::to_string(major)) + ").",
               std::nullopt});
        else
          report.warnings.push_back(node.address + " runs PostgreSQL " + node.engine_version +
                                    ": before 13, read replicas may stop replicating after a Multi-AZ failover and "
                                    "need a reboot or re-creation.");
      }
      continue;
    }
    if (node.availability_zone == domain.name || node.availability_zone.empty()) {
      const bool certain = node.availability_zone == domain.name;
      if (!node.is_replica) facts.affected_writers.push_back(i);
      if (role == "reader") facts.lost_readers.push_back(i);
      if (role == "dr_replica") facts.lost_dr_replicas.push_back(i);
      report.lost.push_back(outcome_of(node, role, "recreate",
                                       certain ? "Single-AZ in " + domain.name + "."
                                               : "Single-AZ with an AZ RDS chose: lost if that is " + domain.name +
                                                     "."));
      if (!certain)
        report.warnings.push_back(node.address + " is single-AZ without a pinned availability_zone: the drill "
                                  "assumes the worst, that RDS placed it in " + domain.name + ".");
      continue;
    }
    report.surviving.push_back(outcome_of(node, role, "unaffected", "In " + node.availability_zone + "."));
  }

  // Readers that survive while their writer is affected.
  for (std::size_t i = 0; i < topology.nodes.size(); ++i) {
    const DbNode& node = topology.nodes[i];
    if (!node.is_replica || !node.source || node.region != topology.nodes[*node.source].region) continue;
    if (std::find(facts.lost_readers.begin(), facts.lost_readers.end(), i) != facts.lost_readers.end()) continue;
    facts.surviving_readers.push_back(i);
  }

  // ---- degraded resources ---------------------------------------------------------------
  const auto nats = of_type(stack, "aws_nat_gateway");
  if (!is_region) {
    std::size_t in_region = 0;
    for (std::size_t nat : nats) in_region += stack.resource(nat).placement.region == facts.region ? 1 : 0;
    for (std::size_t nat : nats) {
      const Resource& r = stack.resource(nat);
      if (!in_domain(r)) continue;
      facts.lost_nats.push_back(nat);
      report.degraded.push_back({r.address.str(), nat_effect(stack, nat, facts.region, in_region)});
    }
    for (std::size_t group : of_type(stack, "aws_db_subnet_group")) {
      const Resource& g = stack.resource(group);
      std::set<std::string> group_azs;
      for (std::size_t subnet : targets_of(stack, g, "subnet_ids"))
        group_azs.insert(availability_zone_of(stack, stack.resource(subnet)));
      if (!group_azs.contains(domain.name)) continue;
      group_azs.erase(domain.name);
      group_azs.erase("");
      report.degraded.push_back({g.address.str(), "Its subnet in " + domain.name + " is unavailable; RDS places "
                                                  "standbys and new instances in " +
                                                      (group_azs.empty() ? std::string("no other AZ") : join({group_azs.begin(), group_azs.end()})) +
                                                      "."});
      if (group_azs.empty())
        report.warnings.push_back(g.address.str() + " spans only " + domain.name +
                                  ": no standby or replacement instance can be placed while it is down.");
    }
  }
  for (std::size_t alarm : of_type(stack, "aws_cloudwatch_metric_alarm")) {
    const Resource& a = stack.resource(alarm);
    if (a.placement.region == facts.region && is_region) continue;  // lost with the region
    for (const auto& entry : report.lost) {
      auto index = stack.index_of(entry.address);
      const Json* dimensions = arg(a, "dimensions");
      if (entry.role == "standby" || !index || dimensions == nullptr || !value_references(stack, *dimensions, *index))
        continue;
      report.degraded.push_back({a.address.str(), "Watches " + entry.address +
                                                      ", which is lost: it goes to ALARM or INSUFFICIENT_DATA."});
      break;
    }
  }

  // ---- recovery path, estimates ---------------------------------------------------------
  const bool writer_lost = std::any_of(facts.affected_writers.begin(), facts.affected_writers.end(), [&](std::size_t w) {
                             return std::find(facts.failing_over.begin(), facts.failing_over.end(), w) ==
                                    facts.failing_over.end();
                           });
  for (std::size_t backup : of_type(stack, "aws_db_instance_automated_backups_replication")) {
    const Resource& b = stack.resource(backup);
    if (b.placement.region == facts.region) continue;
    for (std::size_t w : facts.affected_writers)
      if (const Json* source = arg(b, "source_db_instance_arn");
          source != nullptr && value_references(stack, *source, topology.nodes[w].index))
        facts.backup_replications.push_back(backup);
  }

  report.assumptions.push_back("Placement comes from the stack: each instance's region from its provider, AZ from "
                               "availability_zone (RDS chooses it when unset).");
  if (facts.affected_writers.empty()) {
    report.rto_seconds = SecondsRange{0, 0};
    report.rpo_seconds = SecondsRange{0, 0};
    report.rto = "No writer is affected: writes continue without interruption.";
    report.rpo = "None: no writer is affected.";
    if (!report.lost.empty())
      report.rto += " Lost replicas reduce read capacity (or DR protection) until they are re-created.";
  } else if (!writer_lost) {
    report.rto_seconds = kMultiAzFailover;
    report.rpo_seconds = SecondsRange{0, 0};
    report.rto = "Multi-AZ failover: typically 60-120 s without writes (0 s if the standby, not the primary, was in " +
                 domain.name + "); reads continue on the surviving replicas.";
    report.rpo = "None: the Multi-AZ standby is synchronous, so every committed transaction survives the failover.";
    report.assumptions.push_back("RDS Multi-AZ failover completes in 60-120 s (AWS's typical figure) and the "
                                 "endpoint's DNS name follows the new primary; clients reconnect and retry.");
  } else if (facts.promotion_target) {
    const DbNode& target = topology.nodes[*facts.promotion_target];
    const bool same_region = target.region == facts.region;
    report.rto_seconds = same_region ? sum({kDetection, kPromotion, kCutover}) : sum({kDetection, kDecision, kPromotion, kCutover});
    report.rto = "Manual promotion of " + target.address + " in " + target.region + ": about " +
                 minutes(*report.rto_seconds) + " (nothing fails over across regions automatically).";
    const auto threshold = replica_lag_threshold(stack, target);
    if (threshold) report.rpo_seconds = SecondsRange{0, static_cast<int>(*threshold)};
    report.rpo = "About the replica lag of " + target.address + " at the moment of loss (normally seconds" +
                 (threshold ? "; its ReplicaLag alarm fires above " + std::to_string(static_cast<int>(*threshold)) + " s" : "") +
                 "): transactions committed after the last WAL record replicated to " + target.region + " are lost.";
    report.assumptions.push_back("Detection takes " + minutes(kDetection) +
                                 " (alarm evaluation periods plus paging the on-call).");
    if (!same_region)
      report.assumptions.push_back("Deciding to leave " + facts.region + " takes " + minutes(kDecision) +
                                   ": promotion is irreversible and splits the data from the old primary.");
    report.assumptions.push_back("promote-read-replica takes " + minutes(kPromotion) +
                                 " until the instance is available (it reboots; longer with pending WAL replay).");
    report.assumptions.push_back("Pointing applications at the new endpoint takes " + minutes(kCutover) +
                                 " (configuration or DNS change, TTLs).");
    report.assumptions.push_back("The DR replica was replicating (ReplicaLag below its alarm threshold) when the "
                                 "region failed.");
  } else if (is_region) {
    report.total_outage = std::none_of(report.surviving.begin(), report.surviving.end(),
                                       [](const DbRoleOutcome& o) { return o.role == "writer"; });
    report.rto = "No in-stack recovery path: nothing outside " + facts.region + " can be promoted, so the database "
                 "is down until " + facts.region + " returns";
    report.rpo = "Unbounded by the stack: data written since the last copy outside " + facts.region + " is lost";
    if (!facts.backup_replications.empty()) {
      const std::string where = stack.resource(facts.backup_replications.front()).placement.region;
      report.rto += ", or until an instance is restored from the automated backups replicated to " + where +
                    " (size-dependent, typically an hour or more; not estimated).";
      report.rpo += "; restoring from the backups replicated to " + where +
                    " loses the changes after the latest restorable time (typically minutes behind).";
      report.assumptions.push_back("Automated backups replication keeps the latest restorable time of the copy in " +
                                   where + " within minutes of the source (AWS does not guarantee a figure).");
    } else {
      report.rto += ".";
      report.rpo += ", and nothing in the stack copies data out of the region.";
    }
    report.warnings.insert(report.warnings.begin(),
                           "Region loss = total outage: the writer and every replica are in " + facts.region +
                               " and no cross-region replica exists to promote. Add a DR replica in another region.");
  } else {
    // A single-AZ writer lost with its AZ: promote a surviving reader.
    report.rto = "The writer is single-AZ and lost";
    report.rpo = "";
    if (!facts.surviving_readers.empty()) {
      const DbNode& reader = topology.nodes[facts.surviving_readers.front()];
      facts.promotion_target = facts.surviving_readers.front();
      report.promotion_target = reader.address;
      report.rto_seconds = sum({kDetection, kPromotion, kCutover});
      report.rto += ": promote " + reader.address + " by hand, about " + minutes(*report.rto_seconds) + ".";
      report.rpo = "About the replica lag of " + reader.address + " at the moment of loss.";
      report.assumptions.push_back("Detection " + minutes(kDetection) + ", promotion " + minutes(kPromotion) +
                                   ", cut-over " + minutes(kCutover) + ".");
    } else {
      report.rto += " and no replica survives: the database is down until " + domain.name + " returns.";
      report.rpo = "Unbounded by the stack.";
      report.total_outage = true;
    }
    report.warnings.push_back("The writer is not Multi-AZ: an AZ loss stops writes. Set multi_az = true.");
  }

  if (is_region) {
    for (std::size_t i : facts.lost_dr_replicas)
      report.warnings.push_back(topology.nodes[i].address + " is lost: the stack has no cross-region recovery path "
                                "until it is re-created.");
  } else if (!facts.lost_readers.empty() && facts.surviving_readers.empty()) {
    report.warnings.push_back("No read replica survives: all reads fall on the writer until replicas are re-created.");
  }

  // What the surviving side brings to the recovery.
  if (facts.promotion_target && is_region) {
    const DbNode& target = topology.nodes[*facts.promotion_target];
    const Resource& db = stack.resource(target.index);
    const auto retention = literal_number(arg(db, "backup_retention_period"));
    report.recovery_assets.push_back(
        {target.address, retention && *retention >= 1
                             ? "Automated backups on (" + std::to_string(static_cast<int>(*retention)) +
                                   " days): point-in-time recovery from the moment of promotion."
                             : "Automated backups are off: pass --backup-retention-period when promoting."});
    for (std::size_t alarm : of_type(stack, "aws_cloudwatch_metric_alarm")) {
      const Resource& a = stack.resource(alarm);
      if (a.placement.region != target.region) continue;
      report.recovery_assets.push_back(
          {a.address.str(), "Alarm in " + target.region + " (" + literal_string(arg(a, "metric_name")).value_or("metric") +
                                "); keeps working after the primary region is gone."});
    }
    for (std::size_t topic : of_type(stack, "aws_sns_topic"))
      if (stack.resource(topic).placement.region == target.region)
        report.recovery_assets.push_back({stack.resource(topic).address.str(), "Alarm topic in " + target.region + "."});
    for (std::size_t secret : of_type(stack, "aws_secretsmanager_secret")) {
      const Resource& s = stack.resource(secret);
      if (s.placement.region == target.region) continue;
      const auto names = secrets_replicated_to(stack, target.region);
      if (names.empty()) {
        report.warnings.push_back(s.address.str() + " is not replicated to " + target.region +
                                  ": applications cannot read the database credentials there.");
        continue;
      }
      report.recovery_assets.push_back({s.address.str(), "Replica in " + target.region +
                                                             ": credentials stay readable; promote it to a "
                                                             "standalone secret."});
    }
  }

  report.runbook = build_runbook(facts);
  return report;
}

}  // namespace rdha::analysis
