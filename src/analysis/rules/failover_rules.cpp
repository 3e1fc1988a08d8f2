// Failover rules (RDHA-FO-*): a region failover that works while the failed region, and
// the control planes it hosts, are unreachable. The writer name switches on a health check
// (data plane), the check holds the switch, the readers leave dead replicas, the runbook
// asks instead of refusing, never fails on a notification, switches the writer only after
// the promotion, and Terraform forgets lost databases without deleting them.
#include <algorithm>
#include <set>

#include "analysis/rules/automation.hpp"
#include "analysis/rules/policy.hpp"
#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"
#include "dr/db_topology.hpp"
#include "dr/route53_records.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;
using namespace rdha::dr::detail;

namespace {

constexpr const char* kControlPlaneSource =
    "(\"REL11-BP04 Rely on the data plane and not the control plane during recovery\", "
    "https://docs.aws.amazon.com/wellarchitected/latest/framework/rel_withstand_component_failures_avoid_control_plane.html)";

constexpr const char* kPrivateEndpoints =
    "Route 53's health checkers sit outside the VPC, and an RDS endpoint has no public IP, so only a check on a "
    "CloudWatch alarm can judge a private database (\"Configuring failover in a private hosted zone\", "
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-private-hosted-zones.html).";

// Cross-region replicas of each writer (topology node indexes).
std::vector<std::size_t> cross_region_replicas(const DbTopology& topology, std::size_t writer) {
  std::vector<std::size_t> out;
  for (std::size_t r : topology.replicas_of(writer))
    if (topology.nodes[r].region != topology.nodes[writer].region) out.push_back(r);
  return out;
}

// Records of the same name as @p record.
std::vector<const Resource*> same_name(const Stack& stack, const Resource& record) {
  std::vector<const Resource*> out;
  const auto name = literal_string(arg(record, "name"));
  if (!name) return out;
  for (std::size_t index : of_type(stack, "aws_route53_record")) {
    const Resource& other = stack.resource(index);
    if (&other != &record && literal_string(arg(other, "name")) == name) out.push_back(&other);
  }
  return out;
}

bool names_instance(const Stack& stack, const Resource& record, std::size_t instance) {
  const auto named = db_instances_named(stack, record);
  return std::find(named.begin(), named.end(), instance) != named.end();
}

// RDHA-FO-001: a writer with a cross-region replica is named by a failover pair.
void writer_fails_over(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const DbTopology topology = db_topology(stack);
  for (std::size_t w = 0; w < topology.nodes.size(); ++w) {
    const DbNode& writer = topology.nodes[w];
    if (writer.is_replica) continue;
    const auto replicas = cross_region_replicas(topology, w);
    if (replicas.empty()) continue;
    for (std::size_t index : of_type(stack, "aws_route53_record")) {
      const Resource& record = stack.resource(index);
      if (!names_instance(stack, record, writer.index)) continue;
      bool secondary = false;
      for (const Resource* other : same_name(stack, record))
        for (std::size_t r : replicas)
          secondary = secondary || (failover_type(*other) == "SECONDARY" &&
                                    names_instance(stack, *other, topology.nodes[r].index));
      if (failover_type(record) == "PRIMARY" && health_check_of(stack, record) != nullptr && secondary) continue;
      sink.report(record.address.str(),
                  "The writer's DNS name has no pre-provisioned failover to " + topology.nodes[replicas.front()].address +
                      ".",
                  "Switching it after a region loss would need a record change, and record changes are Route 53's "
                  "control plane, hosted in us-east-1 (\"Appendix B - Edge network global service guidance\", AWS "
                  "Fault Isolation Boundaries, https://docs.aws.amazon.com/whitepapers/latest/"
                  "aws-fault-isolation-boundaries/appendix-b---edge-network-global-service-guidance.html); "
                  "accelerated recovery covers public zones only. Make it a failover pair: PRIMARY on the writer "
                  "with a health check, SECONDARY (same name, set_identifier) on the cross-region replica.");
    }
  }
}

// RDHA-FO-002: no runbook step calls a control plane that lives in one region.
void no_control_plane_in_recovery(const CheckContext& context, FindingSink& sink) {
  static const std::vector<std::string> kControlPlane = {
      "route53:Change*", "route53:Create*", "route53:Update*", "route53:Delete*", "route53:Associate*",
      "route53:Disassociate*", "iam:Create*", "iam:Put*", "iam:Attach*", "iam:Update*", "iam:Delete*"};
  for (const auto& document : automation_documents(context.stack))
    for (const auto& step : document.steps)
      for (const auto& call : step.calls) {
        const bool control = std::any_of(kControlPlane.begin(), kControlPlane.end(),
                                         [&](const std::string& p) { return action_matches(p, call.action); });
        if (!control) continue;
        sink.report(context.stack.resource(document.index).address.str(),
                    "The runbook step " + step.name + " calls " + call.action + ", a control-plane action hosted in "
                    "us-east-1.",
                    "A recovery path must not need a control plane: Route 53's and IAM's live in us-east-1 and may "
                    "be down in the very outage the runbook handles " + std::string(kControlPlaneSource) +
                    ". Pre-provision the change (a failover record pair with a health check the runbook drives "
                    "with a data-plane call such as cloudwatch:PutMetricData in the surviving region).");
      }
}

// What keeps Route 53 from using an alarm, or "": "Route 53 supports CloudWatch alarms with
// ... Standard-resolution metrics ... Statistics: Average, Minimum, Maximum, Sum, and
// SampleCount. Extended statistics aren't supported" ("AlarmIdentifier", cited below).
std::string unsupported_by_route53(const Resource& alarm) {
  static const std::set<std::string> kSupported = {"Average", "Minimum", "Maximum", "Sum", "SampleCount"};
  if (const auto period = literal_number(arg(alarm, "period")); period && *period < 60)
    return "a period of " + std::to_string(static_cast<int>(*period)) + " s (a high-resolution metric)";
  const auto statistic = literal_string(arg(alarm, "statistic"));
  if (!statistic) return "no standard statistic (an extended statistic or a metric query)";
  if (!kSupported.contains(*statistic)) return "the statistic " + *statistic;
  return "";
}

// A CLOUDWATCH_METRIC check looks its alarm up in cloudwatch_alarm_region: reports a check
// whose literal region is not the alarm's own.
void check_names_alarm_region(const Resource& record, const Resource& check, const Resource& alarm,
                              FindingSink& sink) {
  const auto named = literal_string(arg(check, "cloudwatch_alarm_region"));
  if (!named || *named == alarm.placement.region) return;
  sink.report(record.address.str(),
              "The health check " + check.address.str() + " looks for its alarm in " + *named + ", but " +
                  alarm.address.str() + " is in " + alarm.placement.region + ".",
              "Route 53 reads the alarm from cloudwatch_alarm_region, \"the region that the alarm was created in\" "
              "(\"AlarmIdentifier\", https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html), "
              "so the check never sees the alarm's data. Set cloudwatch_alarm_region = \"" + alarm.placement.region +
                  "\".");
}

// RDHA-FO-003: the PRIMARY writer record's health check can switch and hold without the
// writer's region.
void writer_switch_holds(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const DbTopology topology = db_topology(stack);
  for (std::size_t index : of_type(stack, "aws_route53_record")) {
    const Resource& record = stack.resource(index);
    if (failover_type(record) != "PRIMARY") continue;
    std::string writer_region;
    for (std::size_t db : db_instances_named(stack, record))
      if (auto node = topology.node_of(db); node && !topology.nodes[*node].is_replica)
        writer_region = topology.nodes[*node].region;
    if (writer_region.empty()) continue;
    const std::string address = record.address.str();
    const Resource* check = health_check_of(stack, record);
    if (check == nullptr) {
      sink.report(address, "The writer's PRIMARY record has no health check: it never fails over.",
                  "Route 53 answers the SECONDARY record only when the PRIMARY's health check is unhealthy. Add "
                  "a CLOUDWATCH_METRIC health check on an alarm in the surviving region.");
      continue;
    }
    const Resource* alarm = alarm_of(stack, *check);
    if (alarm == nullptr) {
      sink.report(address,
                  "The writer's health check " + check->address.str() + " does not follow a CloudWatch alarm.",
                  std::string(kPrivateEndpoints) + " Use type CLOUDWATCH_METRIC.");
      continue;
    }
    check_names_alarm_region(record, *check, *alarm, sink);
    if (alarm->placement.region == writer_region)
      sink.report(address, "The writer's switch alarm " + alarm->address.str() + " is in the writer's own region " +
                               writer_region + ".",
                  "When that region fails, nothing can drive the alarm the switch follows. Put the alarm (and "
                  "cloudwatch_alarm_region) in the region that takes over.");
    if (literal_string(arg(*check, "insufficient_data_health_status")) != "LastKnownStatus")
      sink.report(address,
                  "The writer's health check " + check->address.str() +
                      " does not keep its last status on insufficient data.",
                  "Route 53 follows the alarm's data stream, not its state: once the switch's datapoint ages out "
                  "the check takes insufficient_data_health_status, and only LastKnownStatus holds the switch "
                  "(it also starts healthy); the alarm's treat_missing_data does not help (\"HealthCheckConfig\", "
                  "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html). Set "
                  "insufficient_data_health_status = \"LastKnownStatus\".");
    if (const std::string unsupported = unsupported_by_route53(*alarm); !unsupported.empty())
      sink.report(address,
                  "The writer's switch alarm " + alarm->address.str() + " uses " + unsupported +
                      ", which Route 53 does not support.",
                  "Route 53 supports alarms on standard-resolution metrics with Average, Minimum, Maximum, Sum or "
                  "SampleCount only (\"AlarmIdentifier\", https://docs.aws.amazon.com/Route53/latest/APIReference/"
                  "API_AlarmIdentifier.html). Use a period of 60 s or more and one of those statistics.");
  }
}

// RDHA-FO-004: readers leave dead replicas and fall back to the other region.
void readers_fail_over(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const DbTopology topology = db_topology(stack);
  constexpr const char* kSource =
      " (\"Weighted routing\", https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html; "
      "\"How Amazon Route 53 chooses records when health checking is configured\", https://docs.aws.amazon.com/"
      "Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html)";
  for (std::size_t index : of_type(stack, "aws_route53_record")) {
    const Resource& record = stack.resource(index);
    const auto weight = record_weight(record);
    const auto named = db_instances_named(stack, record);
    if (!weight || named.empty()) continue;
    const std::string address = record.address.str();
    const Resource* check = health_check_of(stack, record);
    if (*weight == 0) {
      if (check != nullptr)
        sink.report(address, "The weight-0 record carries a health check.",
                    std::string("Route 53 answers weight-0 records when every other record is unhealthy, and a "
                                "record without a check is always healthy; with a check that is unhealthy too, it "
                                "answers the dead non-zero records instead") +
                        kSource + ". Remove the health check from the fallback record.");
      continue;
    }
    if (check == nullptr) {
      sink.report(address, "The weighted database record has no health check.",
                  std::string("Without one Route 53 keeps answering it when its replica is lost (an AZ or a region "
                              "failure)") + kSource +
                      ". Add a CLOUDWATCH_METRIC check on an alarm the replica's metrics drive.");
      continue;
    }
    if (const Resource* alarm = alarm_of(stack, *check))
      check_names_alarm_region(record, *check, *alarm, sink);
    else
      sink.report(address, "The reader's health check " + check->address.str() + " does not follow a CloudWatch alarm.",
                  std::string(kPrivateEndpoints) + " Use type CLOUDWATCH_METRIC on an alarm the replica's metrics drive.");
    // insufficient_data_health_status applies to CLOUDWATCH_METRIC checks only.
    if (alarm_of(stack, *check) != nullptr &&
        literal_string(arg(*check, "insufficient_data_health_status")) != "Unhealthy")
      sink.report(address, "The reader's health check does not turn unhealthy when its metrics stop.",
                  "A dead replica stops publishing metrics; its check must then be unhealthy. Set "
                  "insufficient_data_health_status = \"Unhealthy\" on " + check->address.str() + ".");
    // A region loss takes every replica of the region: a weight-0 record on a cross-region
    // replica must take over.
    for (std::size_t db : named) {
      const auto node = topology.node_of(db);
      if (!node || !topology.nodes[*node].source) continue;
      const auto fallbacks = cross_region_replicas(topology, *topology.nodes[*node].source);
      if (fallbacks.empty()) continue;
      bool fallback = false;
      for (const Resource* other : same_name(stack, record))
        for (std::size_t r : fallbacks)
          fallback = fallback || (record_weight(*other) == 0 && names_instance(stack, *other, topology.nodes[r].index));
      if (!fallback)
        sink.report(address, "No weight-0 record on the cross-region replica backs the readers up.",
                    std::string("When the readers' region fails every non-zero record turns unhealthy and Route 53 "
                                "answers them all anyway") + kSource + ". Add a weight-0 record of the same name on " +
                        topology.nodes[fallbacks.front()].address + ", without a health check.");
    }
  }
}

// Calls @p visit with each automation document that promotes and the index of its first
// rds:PromoteReadReplica step.
template <typename Visit>
void for_each_promotion(const Stack& stack, Visit&& visit) {
  for (const auto& document : automation_documents(stack))
    if (const auto promote = first_call(document, "rds:PromoteReadReplica")) visit(document, *promote);
}

// RDHA-FO-005: a runbook that promotes can ask a person instead of refusing.
void promotion_asks(const CheckContext& context, FindingSink& sink) {
  for_each_promotion(context.stack, [&](const AutomationDocument& document, std::size_t promote) {
    const bool approval = std::any_of(document.steps.begin(), document.steps.begin() + static_cast<long>(promote),
                                      [](const AutomationStep& s) { return s.action == "aws:approve"; });
    if (approval) return;
    sink.report(context.stack.resource(document.index).address.str(),
                "The runbook promotes without a way to ask a person first.",
                "Once the source region is gone the replica's lag grows one second per second, so a fixed lag limit "
                "refuses every real failover after a while (\"Working with read replicas for Amazon RDS for "
                "PostgreSQL\", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
                "USER_PostgreSQL.Replication.ReadReplicas.html). Estimate the data loss, promote at once only "
                "within a bound, and otherwise wait at an aws:approve step.");
  });
}

// RDHA-FO-006: after the promotion, a failed notification does not fail the execution.
void notifications_never_fail_failover(const CheckContext& context, FindingSink& sink) {
  for_each_promotion(context.stack, [&](const AutomationDocument& document, std::size_t promote) {
    for (std::size_t i = promote + 1; i < document.steps.size(); ++i) {
      const AutomationStep& step = document.steps[i];
      const bool publishes = std::any_of(step.calls.begin(), step.calls.end(),
                                         [](const AutomationCall& c) { return action_matches("sns:Publish", c.action); });
      if (!publishes || (!step.critical && step.on_failure != "Abort")) continue;
      sink.report(context.stack.resource(document.index).address.str(),
                  "The notification step " + step.name + " can fail the completed failover.",
                  "Steps are critical by default: a failed critical step marks the execution Failed, and onFailure "
                  "Abort stops it, though the irreversible promotion already happened (\"Using conditional "
                  "statements in runbooks\", https://docs.aws.amazon.com/systems-manager/latest/userguide/"
                  "automation-branchdocs.html). Set isCritical false and onFailure Continue (or a step that reports "
                  "the failed notification).");
    }
  });
}

// A step that waits until a promoted instance takes writes: a script that describes the
// instance and requires its replication source to be gone. Waiting for "available" alone
// is not enough: right after PromoteReadReplica the instance may still report available as
// a replica, and RDS reboots it before making it available as a writer.
bool waits_for_promotion(const AutomationStep& step) {
  if (step.action != "aws:executeScript") return false;
  const auto script = step.inputs.find("Script");
  if (script == step.inputs.end() || !script->is_string()) return false;
  const bool describes = std::any_of(step.calls.begin(), step.calls.end(), [](const AutomationCall& c) {
    return action_matches("rds:DescribeDBInstances", c.action);
  });
  return describes && script->get<std::string>().find("ReadReplicaSourceDBInstanceIdentifier") != std::string::npos;
}

// RDHA-FO-007: the writer switch is published only once the promotion has taken effect.
void writer_switch_after_promotion(const CheckContext& context, FindingSink& sink) {
  for_each_promotion(context.stack, [&](const AutomationDocument& document, std::size_t promote) {
    const auto publish = first_call(document, "cloudwatch:PutMetricData");
    if (!publish) return;
    const bool waited = *publish > promote &&
                        std::any_of(document.steps.begin() + static_cast<long>(promote),
                                    document.steps.begin() + static_cast<long>(*publish), waits_for_promotion);
    if (waited) return;
    sink.report(context.stack.resource(document.index).address.str(),
                "The runbook publishes a metric (step " + document.steps[*publish].name +
                    ") before it has seen the promotion take effect.",
                "If that metric switches the writer's DNS name, applications would reach a read-only replica (or "
                "a rebooting instance): right after PromoteReadReplica the instance may still report available as "
                "a replica, and RDS reboots it before making it available (\"Promoting a read replica to be a "
                "standalone DB instance\", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
                "USER_ReadRepl.Promote.html). Publish it after a step that waits until the instance is available "
                "and has no ReadReplicaSourceDBInstanceIdentifier.");
  });
}

// RDHA-FO-008: removed DB resources are forgotten, not destroyed.
void lost_databases_forgotten(const CheckContext& context, FindingSink& sink) {
  for (const auto& removed : context.stack.removed()) {
    if (!removed.destroy) continue;
    if (!removed.from.starts_with("aws_db_instance.") &&
        !removed.from.starts_with("aws_db_instance_automated_backups_replication."))
      continue;
    sink.report(removed.from, "The removed block destroys a database resource.",
                "A removed block with destroy = true deletes the object, which needs its region's API and loses "
                "data a failback may still need. Set lifecycle { destroy = false } (\"Remove a resource from "
                "state\", https://developer.hashicorp.com/terraform/language/state/remove).");
  }
}

}  // namespace

void add_failover_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-FO-001", "WriterFailoverPair",
                 "The DNS name of a writer with a cross-region replica is a Route 53 failover pair", Severity::error,
                 "failover",
                 "Switching a DNS name by a record change needs Route 53's control plane (us-east-1); a failover "
                 "pair with a health check switches on the data plane.",
                 "Make the writer's record PRIMARY (with a health check) and add a SECONDARY of the same name on "
                 "the cross-region replica.",
                 {}},
                writer_fails_over});
  registry.add({{"RDHA-FO-002", "NoControlPlaneInRecovery", "Runbooks call no Route 53 or IAM control-plane action",
                 Severity::error, "failover",
                 "Route 53's and IAM's control planes are hosted in us-east-1; a recovery path that needs them fails "
                 "in the outage it is for.",
                 "Replace record changes by a pre-provisioned failover driven through a data-plane call in the "
                 "surviving region.",
                 {}},
                no_control_plane_in_recovery});
  registry.add({{"RDHA-FO-003", "WriterSwitchHolds",
                 "The writer's failover check follows an alarm outside the writer's region and holds its status",
                 Severity::error, "failover",
                 "The check must be CLOUDWATCH_METRIC (private endpoints), on a standard-resolution alarm of the "
                 "surviving region, with insufficient_data_health_status LastKnownStatus so the switch holds.",
                 "Use a CLOUDWATCH_METRIC check on an alarm in the DR region with LastKnownStatus.",
                 {}},
                writer_switch_holds});
  registry.add({{"RDHA-FO-004", "ReadersFailOver",
                 "Reader records have health checks and a weight-0 fallback in the other region", Severity::warning,
                 "failover",
                 "Weighted reader records without checks keep answering dead replicas; the fallback must carry no "
                 "check.",
                 "Give every non-zero reader record a check that turns unhealthy on missing data, and add a "
                 "check-less weight-0 record on the cross-region replica.",
                 {}},
                readers_fail_over});
  registry.add({{"RDHA-FO-005", "PromotionAsksInsteadOfRefusing",
                 "A promoting runbook can wait for approval instead of refusing", Severity::warning, "failover",
                 "Replica lag grows one second per second once the source is gone; a gate on it refuses every real "
                 "failover.",
                 "Estimate the data loss and add an aws:approve step before the promotion.",
                 {}},
                promotion_asks});
  registry.add({{"RDHA-FO-006", "NotificationsNeverFailFailover",
                 "Notifications after a promotion cannot fail the execution", Severity::error, "failover",
                 "A failed critical step marks a completed, irreversible failover as Failed.",
                 "Set isCritical false and onFailure Continue on publishing steps after the promotion.",
                 {}},
                notifications_never_fail_failover});
  registry.add({{"RDHA-FO-007", "WriterSwitchAfterPromotion",
                 "The runbook publishes its switch only after the promotion has taken effect", Severity::error,
                 "failover",
                 "Before the promotion completes, the writer's name must never point at a read-only replica; an "
                 "instance reports available as a replica right after the promote call.",
                 "Order the PutMetricData step after a step that waits until the instance is available and no "
                 "longer has a replication source.",
                 {}},
                writer_switch_after_promotion});
  registry.add({{"RDHA-FO-008", "LostDatabasesForgotten", "Removed blocks of database resources destroy nothing",
                 Severity::error, "failover",
                 "After a region failover the lost region's databases leave the configuration; destroying them "
                 "needs that region and loses data.",
                 "Set lifecycle { destroy = false } on removed blocks of aws_db_instance resources.",
                 {}},
                lost_databases_forgotten});
}

}  // namespace rdha::analysis::detail
