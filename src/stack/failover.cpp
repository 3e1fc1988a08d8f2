// The failover module: stable DNS names for the writer and the readers, the region-loss
// runbook as an SSM Automation document in the DR region, and the optional automatic
// trigger.
//
// DNS. A Route 53 private zone with two `vpc` blocks (the primary VPC, and the DR VPC
// with vpc_region): exclusive in-line associations, so no aws_route53_zone_association
// (whose mix with in-line blocks makes a perpetual diff). Route 53 is global; the zone is
// bound to the primary provider. `writer` is a CNAME to the writer's address (not its
// endpoint, which carries ":port"). Its value is ignored by Terraform after creation
// (lifecycle.ignore_changes = ["records"]): a promotion switches it to the DR instance,
// and an apply that still describes the old topology must not switch it back to a writer
// that lost its region (or came back diverged). The price: if the writer's address ever
// changes through Terraform, re-create the record (`terraform apply
// -replace=aws_route53_record.writer`). `reader` holds one CNAME per same-region replica,
// with equal weights: Route 53 has no multivalue answers for CNAMEs, and a name can hold
// only one plain CNAME. Known limit: Route 53's control plane (record changes) is served
// from us-east-1, so when that is the lost region the automation's DNS step may fail
// (it retries); the promoted writer is then reachable at its own endpoint (output
// dr_endpoint) until the UPSERT goes through.
//
// Automatic trigger (off by default). From the DR region the primary region is seen only
// through replication: the alarm fires when the DR replica has reported no ReplicaLag
// (or -1: replication not running) for trigger_periods consecutive minutes, and an
// EventBridge rule on its ALARM transition starts the automation with DryRun=false. (A
// Route 53 health check on a primary-region alarm does not help: its status metric lives
// in us-east-1, the region that failed.) Split-brain risk: a partition between the
// regions, or a broken replication, looks the same while the old writer still accepts
// writes. The automation's first steps are the guard: it refuses to promote while the
// old writer answers as available from the DR region, and when the DR replica's last
// reported lag exceeds failover.max_replica_lag_seconds.
#include <fmt/format.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "failover_document.hpp"
#include "rdha/stack/modules.hpp"

namespace rdha::stack {
namespace {

using Tags = std::map<std::string, std::string>;
using Document = aws::data::IamPolicyDocument;
using Statement = Document::Statement;

Statement::Condition condition(std::string test, std::string variable, const Arg<tf::List<tf::String>>& values) {
  Statement::Condition c;
  c.test(test).variable(variable).values(values);
  return c;
}

// JSON text as a string template: literal text escaped, @p references put in for their
// tokens as interpolations.
Arg<tf::String> json_template(const nlohmann::json& value,
                              const std::vector<std::pair<std::string, Expr>>& references) {
  std::string text = escape_template(value.dump());
  for (const auto& [token, expr] : references)
    for (auto at = text.find(token); at != std::string::npos; at = text.find(token))
      text.replace(at, token.size(), expr.interpolated());
  return Arg<tf::String>::from_json(std::move(text));
}

aws::Route53Record cname(Stack& stack, const std::string& local, const ProviderRef& provider,
                         const aws::Route53Zone& zone, const std::string& name, int ttl,
                         const Attr<tf::String>& target) {
  auto record = stack.add<aws::Route53Record>(local, provider);
  record.zone_id(zone.zone_id()).name(name).type("CNAME").ttl(ttl).records({target});
  return record;
}

// The document's extra rights on the RDS-operations role: the writer record of this zone
// only (UPSERT of a CNAME), and the DR topic. Promotion, describe and metric reads are in
// the role's base policy (iam.cpp).
aws::IamRolePolicy operations_rights(Stack& stack, const HaStackSpec& spec, const Providers& providers,
                                     const aws::Route53Zone& zone, const std::string& writer_name,
                                     const Monitoring& monitoring, const IamRoles& iam) {
  const ProviderRef& provider = providers.primary.provider;
  auto doc = stack.add<Document>("rds_operations_failover", provider);
  Statement dns;
  dns.sid("SwitchWriterRecord").effect("Allow").actions({"route53:ChangeResourceRecordSets"});
  dns.resources({tmpl("arn:", providers.partition.partition(), ":route53:::hostedzone/", zone.zone_id())});
  dns.condition(
      condition("ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsNormalizedRecordNames", {writer_name}));
  dns.condition(condition("ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsRecordTypes", {"CNAME"}));
  dns.condition(condition("ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsActions", {"UPSERT"}));
  doc.statement(dns);
  Statement notify;
  notify.sid("NotifyDrTopic").effect("Allow").actions({"sns:Publish"}).resources({monitoring.dr_topic.arn()});
  doc.statement(notify);
  auto policy = stack.add<aws::IamRolePolicy>("rds_operations_failover", provider);
  policy.name(Names(spec).rds_operations_failover()).role_(iam.rds_operations.id()).policy(doc.json_());
  return policy;
}

struct Trigger {
  aws::CloudwatchMetricAlarm alarm;
  aws::CloudwatchEventRule rule;
  aws::CloudwatchEventTarget target;
  aws::IamRole role;
};

Trigger add_trigger(Stack& stack, const HaStackSpec& spec, const Providers& providers,
                    const aws::DbInstance& dr_replica, const Monitoring& monitoring, const IamRoles& iam,
                    const aws::SsmDocument& document) {
  const FailoverSpec& f = spec.failover;
  const RegionContext& dr = providers.dr;
  const Names names(spec);

  const std::string alarm_name = names.failover_trigger_alarm();
  auto alarm = stack.add<aws::CloudwatchMetricAlarm>("primary_region_unreachable", dr.provider);
  alarm.alarm_name(alarm_name)
      .alarm_description(fmt::format("{}: no replication from {} for {} minutes (ReplicaLag missing or -1); starts "
                                     "the region failover automation",
                                     names.dr_replica().identifier(), providers.primary.spec->name,
                                     f.trigger_periods))
      .namespace_("AWS/RDS")
      .metric_name("ReplicaLag")
      .dimensions(std::map<std::string, Arg<tf::String>>{{"DBInstanceIdentifier", dr_replica.identifier()}})
      .statistic("Maximum")
      .period(60)
      .evaluation_periods(f.trigger_periods)
      .datapoints_to_alarm(f.trigger_periods)
      // Real lag is >= 0: only -1 (replication not running) and missing data breach.
      .comparison_operator("LessThanThreshold")
      .threshold(0)
      .treat_missing_data("breaching")
      .actions_enabled(true)
      .alarm_actions({monitoring.dr_topic.arn()})
      .tags(Tags{{"Name", alarm_name}});
  alarm.concern(Concern::recovery);

  // EventBridge starts the automation with this role (the role the automation itself
  // assumes is passed to SSM, nothing else).
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

  const auto definition = [&](const std::string& version) {
    return tmpl("arn:", providers.partition.partition(), ":ssm:", dr.spec->name, ":", providers.caller.account_id(),
                ":automation-definition/", document.name(), ":", version);
  };
  auto rights = stack.add<Document>("failover_trigger", providers.primary.provider);
  Statement start;
  start.sid("StartFailoverAutomation").effect("Allow").actions({"ssm:StartAutomationExecution"});
  start.resources({definition("*")});
  rights.statement(start);
  Statement pass;
  pass.sid("PassOperationsRoleToSsm").effect("Allow").actions({"iam:PassRole"}).resources({iam.rds_operations.arn()});
  pass.condition(condition("StringEquals", "iam:PassedToService", {"ssm.amazonaws.com"}));
  rights.statement(pass);
  auto policy = stack.add<aws::IamRolePolicy>("failover_trigger", providers.primary.provider);
  policy.name(role_name).role_(role.id()).policy(rights.json_());

  const std::string rule_name = names.failover_trigger();
  auto rule = stack.add<aws::CloudwatchEventRule>("failover_trigger", dr.provider);
  const std::string alarm_token = "@@rdha-alarm-arn@@";
  const nlohmann::json pattern = {{"source", {"aws.cloudwatch"}},
                                  {"detail-type", {"CloudWatch Alarm State Change"}},
                                  {"resources", {alarm_token}},
                                  {"detail", {{"state", {{"value", {"ALARM"}}}}}}};
  rule.name(rule_name)
      .description("rdha: starts the region failover automation when " + alarm_name + " goes to ALARM")
      .event_pattern(json_template(pattern, {{alarm_token, alarm.arn()}}))
      .tags(Tags{{"Name", rule_name}});
  rule.concern(Concern::recovery);

  auto target = stack.add<aws::CloudwatchEventTarget>("failover_trigger", dr.provider);
  target.rule(rule.name())
      .target_id(names.failover_target_id())
      .arn(definition("$DEFAULT"))
      .role_arn(role.arn())
      // Automation parameters: everything else keeps the document's defaults.
      .input(nlohmann::json{{"DryRun", {"false"}}}.dump());
  target.depends_on(policy);
  target.concern(Concern::recovery);
  return {alarm, rule, target, role};
}

}  // namespace

Failover build_failover(Stack& stack, const HaStackSpec& spec, const Providers& providers, const RegionNetwork& primary,
                        const RegionNetwork& dr, const Database& database, const Monitoring& monitoring,
                        const IamRoles& iam) {
  const FailoverSpec& f = spec.failover;
  const ProviderRef& global = providers.primary.provider;
  const Names names(spec);

  const std::string zone_tag = names.db_zone();
  auto zone = stack.add<aws::Route53Zone>("db", global);
  zone.name(f.zone_name)
      .comment("rdha: stable names of the PostgreSQL writer and readers")
      .vpc(aws::Route53Zone::Vpc().vpc_id(primary.vpc.id()).vpc_region(primary.region.spec->name))
      .vpc(aws::Route53Zone::Vpc().vpc_id(dr.vpc.id()).vpc_region(dr.region.spec->name))
      .tags(Tags{{"Name", zone_tag}});

  const std::string writer_name = names.writer_record();
  const std::string reader_name = names.reader_record();
  auto writer = cname(stack, "writer", global, zone, writer_name, f.record_ttl, database.primary.address_());
  Lifecycle keep_runbook_switch;
  keep_runbook_switch.ignore_changes = {"records"};
  writer.lifecycle(keep_runbook_switch);

  std::vector<aws::Route53Record> readers;
  for (std::size_t i = 0; i < database.replicas.size(); ++i) {
    const auto& replica = database.replicas[i];
    auto record =
        cname(stack, fmt::format("reader_{}", i + 1), global, zone, reader_name, f.record_ttl, replica.address_());
    record.set_identifier(replica.identifier())
        .weighted_routing_policy(aws::Route53Record::WeightedRoutingPolicy().weight(1));
    readers.push_back(record);
  }
  // Without replicas, reads go to the writer.
  if (readers.empty())
    readers.push_back(cname(stack, "reader", global, zone, reader_name, f.record_ttl, database.primary.address_()));

  Failover out{zone, writer, readers, writer_name, reader_name, {}, {}, {}, {}, {}, {}};
  if (!database.dr_replica) return out;

  const aws::DbInstance& dr_replica = *database.dr_replica;
  detail::FailoverDocumentInputs inputs;
  analysis::RegionFailoverTarget& t = inputs.target;
  t.primary_region = providers.primary.spec->name;
  t.primary_id = names.primary().identifier();
  t.primary_address = database.primary.str();
  t.dr_region = providers.dr.spec->name;
  t.dr_id = names.dr_replica().identifier();
  t.dr_address = dr_replica.str();
  t.backup_retention_days = spec.database.backup_retention_days;
  t.dr_multi_az = spec.database.dr_replica.multi_az;
  t.zone_name = f.zone_name;
  t.writer_record = writer_name;
  t.record_ttl = f.record_ttl;
  t.topic_name = providers.dr.names.alarm_topic();
  const std::string document_name = names.failover_document();
  t.document_name = document_name;
  inputs.max_replica_lag_seconds = f.max_replica_lag_seconds;
  inputs.role_arn = iam.rds_operations.arn();
  inputs.zone_id = zone.zone_id();
  inputs.new_writer_address = dr_replica.address_();
  inputs.topic_arn = monitoring.dr_topic.arn();

  auto document = stack.add<aws::SsmDocument>("region_failover", providers.dr.provider);
  document.name(document_name)
      .document_type("Automation")
      .document_format("JSON")
      .content(detail::failover_document_content(inputs))
      .tags(Tags{{"Name", document_name}});
  out.document = document;
  out.operations_policy = operations_rights(stack, spec, providers, zone, writer_name, monitoring, iam);

  if (f.automatic) {
    Trigger trigger = add_trigger(stack, spec, providers, dr_replica, monitoring, iam, document);
    out.trigger_alarm = trigger.alarm;
    out.trigger_rule = trigger.rule;
    out.trigger_target = trigger.target;
    out.trigger_role = trigger.role;
  }
  return out;
}

}  // namespace rdha::stack
