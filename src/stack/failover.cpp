// The failover module: stable DNS names for the writer and the readers that fail over on
// Route 53 health checks, the region-loss runbook as an SSM Automation document in the DR
// region, and the optional automatic trigger.
//
// DNS. A Route 53 private zone with two `vpc` blocks (the primary VPC, and the DR VPC
// with vpc_region): exclusive in-line associations, so no aws_route53_zone_association
// (whose mix with in-line blocks makes a perpetual diff). Route 53 is global; the zone is
// bound to the primary provider. Records are CNAMEs to instance addresses (not endpoints,
// which carry ":port").
//
// Failover without a control plane. Route 53's control plane (record and health-check
// changes) is hosted in us-east-1, and its accelerated recovery covers public zones only,
// so a recovery path must not change records: "you should not rely on the Route 53 control
// plane in your recovery path. For example, a statically-stable design would be to use the
// status of health checks to perform failovers between Regions" ("Appendix B - Edge network
// global service guidance", AWS Fault Isolation Boundaries, https://docs.aws.amazon.com/
// whitepapers/latest/aws-fault-isolation-boundaries/appendix-b---edge-network-global-service-guidance.html;
// "Enabling accelerated recovery for managing public DNS records", https://docs.aws.amazon.com/
// Route53/latest/DeveloperGuide/accelerated-recovery.html). Route 53's health checkers sit
// outside the VPC and an RDS endpoint has no public IP, so the checks follow CloudWatch
// alarms ("Configuring failover in a private hosted zone", https://docs.aws.amazon.com/
// Route53/latest/DeveloperGuide/dns-failover-private-hosted-zones.html). A check follows its
// alarm's data stream against the alarm's criteria, not the alarm's state, and with
// insufficient data takes insufficient_data_health_status: LastKnownStatus keeps the last
// status, and a new check starts healthy ("Types of Amazon Route 53 health checks",
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html;
// "HealthCheckConfig", https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html).
//  - writer: PRIMARY on the writer, checked against an alarm in the DR region on a metric
//    only the runbook publishes, after the promoted instance is available; SECONDARY on the
//    DR instance. Before the publish the name never points at a read-only replica; after it
//    the check stays unhealthy, so the switch holds with nothing more published.
//  - reader: weight 1 per same-region replica, each checked against an alarm on its
//    ReplicaLag (-1 = replication stopped; no data = a dead replica: Unhealthy); weight 0 on
//    the DR instance without a check, which Route 53 answers only when every non-zero record
//    is unhealthy, and a record without a check is always healthy ("Weighted routing",
//    https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html;
//    "How Amazon Route 53 chooses records when health checking is configured",
//    https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html).
//
// Automatic trigger (off by default). From the DR region the primary region is seen only
// through replication: the alarm fires when the DR replica's ReplicaLag has been at least
// trigger_lag_seconds (growing one second per second once the source is gone), -1
// (replication not running) or missing for trigger_periods consecutive minutes, and an
// EventBridge rule on its ALARM transition starts the automation with DryRun=false and
// Trigger=automatic. Split-brain risk: a partition between the regions, or a broken
// replication, looks the same while the old writer still accepts writes. The automation's
// first step is the guard: it refuses to promote while the old writer answers as
// available from the DR region; and it promotes without a person only when the estimated
// data loss is at most failover.max_data_loss_seconds.
#include <fmt/format.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "failover_document.hpp"
#include "rdha/dr/region_failover.hpp"
#include "rdha/stack/modules.hpp"

namespace rdha::stack {
namespace {

using Tags = std::map<std::string, std::string>;
using Document = aws::data::IamPolicyDocument;
using Statement = Document::Statement;
using Dimensions = std::map<std::string, Arg<tf::String>>;

Statement::Condition condition(std::string test, std::string variable, const Arg<tf::List<tf::String>>& values) {
  Statement::Condition c;
  c.test(test).variable(variable).values(values);
  return c;
}

aws::Route53Record cname(Stack& stack, const std::string& local, const ProviderRef& provider,
                         const aws::Route53Zone& zone, const std::string& name, int ttl,
                         const Arg<tf::String>& target) {
  auto record = stack.add<aws::Route53Record>(local, provider);
  record.zone_id(zone.zone_id()).name(name).type("CNAME").ttl(ttl).records({target});
  return record;
}

// A health check on a CloudWatch alarm (the only kind that reaches a private RDS endpoint).
aws::Route53HealthCheck alarm_check(Stack& stack, const std::string& local, const ProviderRef& global,
                                    const aws::CloudwatchMetricAlarm& alarm, const std::string& alarm_region,
                                    const std::string& insufficient_data, const std::string& name_tag) {
  auto check = stack.add<aws::Route53HealthCheck>(local, global);
  check.type("CLOUDWATCH_METRIC")
      .cloudwatch_alarm_name(alarm.alarm_name())
      .cloudwatch_alarm_region(alarm_region)
      .insufficient_data_health_status(insufficient_data)
      .tags(Tags{{"Name", name_tag}});
  check.concern(Concern::recovery);
  return check;
}

// An alarm that routes traffic (and tells the region's topic when it does).
aws::CloudwatchMetricAlarm routing_alarm(Stack& stack, const std::string& local, const ProviderRef& provider,
                                         const std::string& name, const std::string& description,
                                         const aws::SnsTopic& topic) {
  auto alarm = stack.add<aws::CloudwatchMetricAlarm>(local, provider);
  alarm.alarm_name(name)
      .alarm_description(description)
      .period(60)
      .actions_enabled(true)
      .alarm_actions({topic.arn()})
      .ok_actions({topic.arn()})
      .tags(Tags{{"Name", name}});
  alarm.concern(Concern::recovery);
  return alarm;
}

// ---- the writer ------------------------------------------------------------------------------

// The switch: the failover metric in the DR region, which only the runbook publishes (1 =
// the DR instance is the writer). Standard resolution, Maximum, one period: supported by
// Route 53 ("AlarmIdentifier", https://docs.aws.amazon.com/Route53/latest/APIReference/
// API_AlarmIdentifier.html). treat_missing_data = ignore: the alarm keeps showing the switch
// after the datapoint ages out, as the health check does.
aws::CloudwatchMetricAlarm add_writer_alarm(Stack& stack, const HaStackSpec& spec, const Names& names,
                                            const Providers& providers, const Monitoring& monitoring) {
  const std::string primary_id = names.primary().identifier();
  auto alarm = routing_alarm(stack, "writer_failover", providers.dr->provider, names.writer_failover(),
                             fmt::format("writer.{} answers the DR instance while {} >= 1 (the region failover "
                                         "publishes it after the promotion; publish 0 to fail back)",
                                         spec.failover.zone_name, names.failover_metric()),
                             *monitoring.dr_topic);
  alarm.namespace_(names.failover_metric_namespace())
      .metric_name(names.failover_metric())
      .dimensions(Dimensions{{"DBInstanceIdentifier", primary_id}})
      .statistic("Maximum")
      .evaluation_periods(1)
      .comparison_operator("GreaterThanOrEqualToThreshold")
      .threshold(1)
      .treat_missing_data("ignore");
  return alarm;
}

void add_writer(Stack& stack, const HaStackSpec& spec, const Names& names, const Providers& providers,
                const Database& database, const Monitoring& monitoring, const aws::Route53Zone& zone,
                Failover& out) {
  const FailoverSpec& f = spec.failover;
  const ProviderRef& global = providers.primary.provider;
  const aws::DbInstance* dr_instance = database.in_dr_region();
  if (dr_instance == nullptr) {
    out.writer = cname(stack, "writer", global, zone, out.writer_name, f.record_ttl, database.primary.address_());
    return;
  }
  out.writer_alarm = add_writer_alarm(stack, spec, names, providers, monitoring);
  out.writer_health_check = alarm_check(stack, "writer", global, *out.writer_alarm, providers.dr->spec->name,
                                        "LastKnownStatus", names.writer_failover());
  auto secondary = cname(stack, "writer_dr", global, zone, out.writer_name, f.record_ttl, dr_instance->address_());
  secondary.set_identifier("dr").failover_routing_policy(
      aws::Route53Record::FailoverRoutingPolicy().type("SECONDARY"));
  out.writer_dr = secondary;
  if (database.promoted) {
    // The PRIMARY record names the lost writer's address: Terraform forgets it; Route 53
    // keeps answering the SECONDARY while the check holds.
    stack.add_removed({"aws_route53_record.writer"});
    return;
  }
  auto primary = cname(stack, "writer", global, zone, out.writer_name, f.record_ttl, database.primary.address_());
  primary.set_identifier("primary")
      .failover_routing_policy(aws::Route53Record::FailoverRoutingPolicy().type("PRIMARY"))
      .health_check_id(out.writer_health_check->id());
  // Replacing an older plain writer record must finish before the pair's other half exists.
  out.writer_dr->depends_on(primary);
  out.writer = primary;
}

// ---- the readers -----------------------------------------------------------------------------

// A replica in the primary region: its handle, or (dr_promoted) only its names.
struct Reader {
  std::string local;  ///< "reader_1"
  InstanceNames names;
  Arg<tf::String> identifier;
  const aws::DbInstance* instance;  ///< nullptr once its region is lost
};

std::vector<Reader> readers_of(const HaStackSpec& spec, const Names& names, const Database& database) {
  std::vector<Reader> out;
  for (std::size_t i = 0; i < spec.database.replicas.size(); ++i) {
    const aws::DbInstance* instance = i < database.replicas.size() ? &database.replicas[i] : nullptr;
    Arg<tf::String> identifier = instance != nullptr ? Arg<tf::String>(instance->identifier())
                                                     : Arg<tf::String>(names.replica(i).identifier());
    out.push_back({fmt::format("reader_{}", i + 1), names.replica(i), identifier, instance});
  }
  return out;
}

// A replica in rotation: it reports ReplicaLag and the lag is not -1. Minimum over a minute
// catches a -1; three periods ride out a late datapoint.
aws::CloudwatchMetricAlarm add_reader_alarm(Stack& stack, const Providers& providers, const Reader& reader,
                                            const std::string& reader_name, const Monitoring& monitoring) {
  auto alarm = routing_alarm(stack, reader.local, providers.primary.provider, reader.names.replicating(),
                             fmt::format("{} is out of {}: it stopped replicating (ReplicaLag -1) or reporting",
                                         reader.names.identifier(), reader_name),
                             monitoring.primary_topic);
  alarm.namespace_("AWS/RDS")
      .metric_name("ReplicaLag")
      .dimensions(Dimensions{{"DBInstanceIdentifier", reader.identifier}})
      .statistic("Minimum")
      .evaluation_periods(3)
      .datapoints_to_alarm(3)
      .comparison_operator("LessThanThreshold")
      .threshold(0)
      .treat_missing_data("breaching");
  return alarm;
}

void add_readers(Stack& stack, const HaStackSpec& spec, const Names& names, const Providers& providers,
                 const Database& database, const Monitoring& monitoring, const aws::Route53Zone& zone,
                 Failover& out) {
  const FailoverSpec& f = spec.failover;
  const ProviderRef& global = providers.primary.provider;
  const std::vector<Reader> readers = readers_of(spec, names, database);
  for (const Reader& reader : readers) {
    auto alarm = add_reader_alarm(stack, providers, reader, out.reader_name, monitoring);
    auto check = alarm_check(stack, reader.local, global, alarm, providers.primary.spec->name, "Unhealthy",
                             reader.names.replicating());
    out.reader_alarms.push_back(alarm);
    out.reader_health_checks.push_back(check);
    if (reader.instance == nullptr) {
      stack.add_removed({"aws_route53_record." + reader.local});
      continue;
    }
    auto record = cname(stack, reader.local, global, zone, out.reader_name, f.record_ttl, reader.instance->address_());
    record.set_identifier(reader.instance->identifier())
        .weighted_routing_policy(aws::Route53Record::WeightedRoutingPolicy().weight(1))
        .health_check_id(check.id());
    out.readers.push_back(record);
  }
  const aws::DbInstance* dr_instance = database.in_dr_region();
  if (readers.empty()) {
    // Without replicas, reads go to the writer, by its name: they follow the writer switch,
    // and the record stays valid after a failover.
    out.readers.push_back(cname(stack, "reader", global, zone, out.reader_name, f.record_ttl, out.writer_name));
    return;
  }
  if (dr_instance == nullptr) return;
  auto dr = cname(stack, "reader_dr", global, zone, out.reader_name, f.record_ttl, dr_instance->address_());
  dr.set_identifier(names.dr_replica().identifier())
      .weighted_routing_policy(aws::Route53Record::WeightedRoutingPolicy().weight(0));
  out.reader_dr = dr;
}

// ---- the automation ---------------------------------------------------------------------------

// The document's rights beyond the RDS-operations role's base policy (iam.cpp): publish the
// writer switch (only in the failover namespace) and let the approvers signal the approval.
aws::IamRolePolicy operations_rights(Stack& stack, const Names& names, const Providers& providers,
                                     const IamRoles& iam) {
  const ProviderRef& provider = providers.primary.provider;
  auto doc = stack.add<Document>("rds_operations_failover", provider);
  Statement publish;
  publish.sid("SwitchWriter").effect("Allow").actions({"cloudwatch:PutMetricData"}).resources({"*"});
  publish.condition(condition("StringEquals", "cloudwatch:namespace", {names.failover_metric_namespace()}));
  doc.statement(publish);
  Statement approve;
  approve.sid("ApprovePromotion").effect("Allow").actions({"ssm:SendAutomationSignal"});
  approve.resources({tmpl("arn:", providers.partition.partition(), ":ssm:", providers.dr->spec->name, ":",
                          providers.caller.account_id(), ":automation-execution/*")});
  doc.statement(approve);
  auto policy = stack.add<aws::IamRolePolicy>("rds_operations_failover", provider);
  policy.name(names.rds_operations_failover()).role_(iam.rds_operations.id()).policy(doc.json_());
  return policy;
}

// The ARN of a version ("*", "$DEFAULT") of the automation document. By name, not by
// reference: the trigger's IAM stays unchanged when the document is dropped (dr_promoted).
Arg<tf::String> automation_definition(const Names& names, const Providers& providers, const std::string& version) {
  return tmpl("arn:", providers.partition.partition(), ":ssm:", providers.dr->spec->name, ":",
              providers.caller.account_id(), ":automation-definition/", names.failover_document(), ":", version);
}

// The alarm in the DR region on stalled replication from the primary region. Metric math
// ("Using math expressions with CloudWatch metrics", IF function,
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html)
// maps -1 (replication not running) to a day of lag, so one threshold covers the three ways
// a lost source shows from the DR region: a lag that grows one second per second, -1, and
// no data (treat_missing_data breaching; an expression over a missing metric has no data).
aws::CloudwatchMetricAlarm add_trigger_alarm(Stack& stack, const HaStackSpec& spec, const Names& names,
                                             const Providers& providers, const aws::DbInstance& dr_replica,
                                             const Monitoring& monitoring) {
  const FailoverSpec& f = spec.failover;
  const std::string alarm_name = names.failover_trigger_alarm();
  constexpr int kReplicationStopped = 86400;  // what -1 counts as: above every allowed threshold
  using Query = aws::CloudwatchMetricAlarm::MetricQuery;
  auto alarm = stack.add<aws::CloudwatchMetricAlarm>("primary_region_unreachable", providers.dr->provider);
  alarm.alarm_name(alarm_name)
      .alarm_description(fmt::format("{}: replication from {} stalled for {} minutes (ReplicaLag at least {} s, -1 "
                                     "or missing); starts the region failover automation",
                                     names.dr_replica().identifier(), providers.primary.spec->name,
                                     f.trigger_periods, f.trigger_lag_seconds))
      .metric_query(Query()
                        .id("lag")
                        .return_data(false)
                        .metric(Query::Metric()
                                    .namespace_("AWS/RDS")
                                    .metric_name("ReplicaLag")
                                    .dimensions(Dimensions{{"DBInstanceIdentifier", dr_replica.identifier()}})
                                    .stat("Maximum")
                                    .period(60)))
      .metric_query(Query()
                        .id("stalled")
                        .expression(fmt::format("IF(lag < 0, {}, lag)", kReplicationStopped))
                        .label("ReplicaLag, -1 counted as stopped")
                        .return_data(true))
      .evaluation_periods(f.trigger_periods)
      .datapoints_to_alarm(f.trigger_periods)
      .comparison_operator("GreaterThanOrEqualToThreshold")
      .threshold(f.trigger_lag_seconds)
      .treat_missing_data("breaching")
      .actions_enabled(true)
      .alarm_actions({monitoring.dr_topic->arn()})
      .tags(Tags{{"Name", alarm_name}});
  alarm.concern(Concern::recovery);
  return alarm;
}

struct TriggerRole {
  aws::IamRole role;
  aws::IamRolePolicy policy;
};

// EventBridge starts the automation with this role (the role the automation itself
// assumes is passed to SSM, nothing else).
TriggerRole add_trigger_role(Stack& stack, const Names& names, const Providers& providers, const IamRoles& iam) {
  const std::string role_name = names.failover_trigger();
  auto trust = stack.add<Document>("failover_trigger_trust", providers.primary.provider);
  Statement assume;
  assume.sid("AssumedByEventBridge").effect("Allow").actions({"sts:AssumeRole"});
  assume.principals(Statement::Principals().type("Service").identifiers({"events.amazonaws.com"}));
  assume.condition(condition("StringEquals", "aws:SourceAccount", {providers.caller.account_id()}));
  trust.statement(assume);
  auto role = stack.add<aws::IamRole>("failover_trigger", providers.primary.provider);
  role.name(role_name)
      .description("rdha: lets EventBridge start the region failover automation")
      .assume_role_policy(trust.json_())
      .tags(Tags{{"Name", role_name}});

  auto rights = stack.add<Document>("failover_trigger", providers.primary.provider);
  Statement start;
  start.sid("StartFailoverAutomation").effect("Allow").actions({"ssm:StartAutomationExecution"});
  start.resources({automation_definition(names, providers, "*")});
  rights.statement(start);
  Statement pass;
  pass.sid("PassOperationsRoleToSsm").effect("Allow").actions({"iam:PassRole"}).resources({iam.rds_operations.arn()});
  pass.condition(condition("StringEquals", "iam:PassedToService", {"ssm.amazonaws.com"}));
  rights.statement(pass);
  auto policy = stack.add<aws::IamRolePolicy>("failover_trigger", providers.primary.provider);
  policy.name(role_name).role_(role.id()).policy(rights.json_());
  return {role, policy};
}

// The alarm and the EventBridge rule that starts the automation on the alarm's ALARM
// transition with DryRun=false and Trigger=automatic.
void add_trigger(Stack& stack, const HaStackSpec& spec, const Names& names, const Providers& providers,
                 const aws::DbInstance& dr_replica, const Monitoring& monitoring, const TriggerRole& role,
                 Failover& out) {
  auto alarm = add_trigger_alarm(stack, spec, names, providers, dr_replica, monitoring);
  const std::string rule_name = names.failover_trigger();
  auto rule = stack.add<aws::CloudwatchEventRule>("failover_trigger", providers.dr->provider);
  const std::string alarm_token = "@@rdha-alarm-arn@@";
  const nlohmann::json pattern = {{"source", {"aws.cloudwatch"}},
                                  {"detail-type", {"CloudWatch Alarm State Change"}},
                                  {"resources", {alarm_token}},
                                  {"detail", {{"state", {{"value", {"ALARM"}}}}}}};
  rule.name(rule_name)
      .description("rdha: starts the region failover automation when " + names.failover_trigger_alarm() +
                   " goes to ALARM")
      .event_pattern(detail::json_template(pattern, {{alarm_token, alarm.arn()}}))
      .tags(Tags{{"Name", rule_name}});
  rule.concern(Concern::recovery);

  auto target = stack.add<aws::CloudwatchEventTarget>("failover_trigger", providers.dr->provider);
  target.rule(rule.name())
      .target_id(names.failover_target_id())
      .arn(automation_definition(names, providers, "$DEFAULT"))
      .role_arn(role.role.arn())
      // Automation parameters: everything else keeps the document's defaults.
      .input(nlohmann::json{{"DryRun", {"false"}}, {"Trigger", {"automatic"}}}.dump());
  target.depends_on(*out.document);
  target.depends_on(role.policy);
  target.concern(Concern::recovery);
  out.trigger_alarm = alarm;
  out.trigger_rule = rule;
  out.trigger_target = target;
}

void add_automation(Stack& stack, const HaStackSpec& spec, const Names& names, const Providers& providers,
                    const Database& database, const Monitoring& monitoring, const IamRoles& iam, Failover& out) {
  out.operations_policy = operations_rights(stack, names, providers, iam);
  std::optional<TriggerRole> role;
  if (spec.failover.automatic) role = add_trigger_role(stack, names, providers, iam);
  // Once promoted there is nothing left to fail over: the document and the trigger go (they
  // live in the DR region); their IAM stays, unchanged.
  if (database.promoted) return;

  const aws::DbInstance& dr_replica = *database.dr_replica;
  detail::FailoverDocumentInputs inputs;
  // What the procedure acts on comes from the graph, as the drill reads it; the document
  // being rendered names itself.
  inputs.target = rdha::dr::region_failover_target(stack, dr_replica.index());
  inputs.target.document_name = names.failover_document();
  inputs.max_data_loss_seconds = spec.failover.max_data_loss_seconds;
  inputs.role_arn = iam.rds_operations.arn();
  inputs.topic_arn = monitoring.dr_topic->arn();

  auto document = stack.add<aws::SsmDocument>("region_failover", providers.dr->provider);
  document.name(names.failover_document())
      .document_type("Automation")
      .document_format("JSON")
      .content(detail::failover_document_content(inputs))
      .tags(Tags{{"Name", names.failover_document()}});
  out.document = document;
  if (role) {
    add_trigger(stack, spec, names, providers, dr_replica, monitoring, *role, out);
    out.trigger_role = role->role;
  }
}

}  // namespace

Failover build_failover(Stack& stack, const HaStackSpec& spec, const Providers& providers, const RegionNetwork& primary,
                        const RegionNetwork* dr, const Database& database, const Monitoring& monitoring,
                        const IamRoles& iam) {
  const FailoverSpec& f = spec.failover;
  const Names names(spec);

  auto zone = stack.add<aws::Route53Zone>("db", providers.primary.provider);
  zone.name(f.zone_name)
      .comment("rdha: stable names of the PostgreSQL writer and readers")
      .vpc(aws::Route53Zone::Vpc().vpc_id(primary.vpc.id()).vpc_region(primary.region.spec->name));
  if (dr != nullptr) zone.vpc(aws::Route53Zone::Vpc().vpc_id(dr->vpc.id()).vpc_region(dr->region.spec->name));
  zone.tags(Tags{{"Name", names.db_zone()}});

  Failover out(zone);
  out.writer_name = names.writer_record();
  out.reader_name = names.reader_record();
  add_writer(stack, spec, names, providers, database, monitoring, zone, out);
  add_readers(stack, spec, names, providers, database, monitoring, zone, out);
  if (database.in_dr_region() != nullptr) add_automation(stack, spec, names, providers, database, monitoring, iam, out);
  return out;
}

}  // namespace rdha::stack
