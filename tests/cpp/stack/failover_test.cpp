// Tests of build_failover (rdha/stack/modules.hpp) and the failover spec section: the
// private zone on both VPCs, the writer and reader records, the region-loss automation
// document (its JSON content, and its parity with the drill's runbook), the automation's
// rights, the optional automatic trigger, the outputs, and the spec's rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rdha/analysis/drill.hpp"
#include "rdha/dr/region_failover.hpp"
#include "rdha/emit/tf_json.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "rdha/stack/names.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;

const json& args(Stack& stack, const std::string& address) {
  auto handle = stack.find(address);
  if (!handle) throw std::runtime_error("no node " + address);
  return handle->node().arguments;
}

json document_of(Stack& stack) {
  return json::parse(args(stack, "aws_ssm_document.region_failover")["content"].get<std::string>());
}
json document_of(Stack&& stack) { return document_of(stack); }

std::vector<std::string> step_names(const json& document) {
  std::vector<std::string> out;
  for (const auto& step : document["mainSteps"]) out.push_back(step["name"]);
  return out;
}

const json& step_named(const json& document, const std::string& name) {
  for (const auto& step : document["mainSteps"])
    if (step["name"] == name) return step;
  throw std::runtime_error("no step " + name);
}

HaStackSpec automatic() {
  HaStackSpec spec;
  spec.failover.automatic = true;
  return spec;
}

// ---- DNS ------------------------------------------------------------------------------------

TEST(FailoverModule, PrivateZoneIsAssociatedWithBothVpcs) {
  HaStack parts = build_ha_stack_parts({});
  ASSERT_TRUE(parts.failover);
  const auto& zone = parts.failover->zone;
  EXPECT_EQ(zone.str(), "aws_route53_zone.db");
  EXPECT_EQ(zone.node().provider, "aws");
  EXPECT_EQ(zone.node().placement.concern, Concern::recovery);
  const json& a = zone.node().arguments;
  EXPECT_EQ(a["name"], "db.rdha.internal");
  EXPECT_EQ(a["vpc"], json::parse(R"([{"vpc_id": "${aws_vpc.primary.id}", "vpc_region": "us-east-1"},
                                      {"vpc_id": "${aws_vpc.dr.id}", "vpc_region": "us-west-2"}])"));
  EXPECT_EQ(a["tags"], json({{"Name", "db-zone-rdha"}}));
  // In-line associations only: a separate association resource would fight them.
  EXPECT_FALSE(parts.stack.find("aws_route53_zone_association.dr").has_value());
}

TEST(FailoverModule, WriterIsAFailoverPairSwitchedByAMetricInTheDrRegion) {
  HaStack parts = build_ha_stack_parts({});
  const Failover& f = *parts.failover;
  ASSERT_TRUE(f.writer && f.writer_dr && f.writer_alarm && f.writer_health_check);
  EXPECT_EQ(f.writer->str(), "aws_route53_record.writer");
  const json& primary = f.writer->node().arguments;
  EXPECT_EQ(primary["zone_id"], "${aws_route53_zone.db.zone_id}");
  EXPECT_EQ(primary["name"], "writer.db.rdha.internal");
  EXPECT_EQ(primary["type"], "CNAME");
  EXPECT_EQ(primary["ttl"], 30);
  // The address, not the endpoint (which carries ":5432").
  EXPECT_EQ(primary["records"], json::array({"${aws_db_instance.primary.address}"}));
  EXPECT_EQ(primary["set_identifier"], "primary");
  EXPECT_EQ(primary["failover_routing_policy"], json::array({{{"type", "PRIMARY"}}}));
  EXPECT_EQ(primary["health_check_id"], "${aws_route53_health_check.writer.id}");
  // Nothing changes the records at failover time: no ignore_changes needed.
  EXPECT_TRUE(f.writer->node().lifecycle.ignore_changes.empty());

  const json& secondary = f.writer_dr->node().arguments;
  EXPECT_EQ(secondary["name"], "writer.db.rdha.internal");
  EXPECT_EQ(secondary["records"], json::array({"${aws_db_instance.dr_replica.address}"}));
  EXPECT_EQ(secondary["set_identifier"], "dr");
  EXPECT_EQ(secondary["failover_routing_policy"], json::array({{{"type", "SECONDARY"}}}));
  EXPECT_FALSE(secondary.contains("health_check_id"));

  const json& check = f.writer_health_check->node().arguments;
  EXPECT_EQ(check["type"], "CLOUDWATCH_METRIC");
  EXPECT_EQ(check["cloudwatch_alarm_name"], "${aws_cloudwatch_metric_alarm.writer_failover.alarm_name}");
  EXPECT_EQ(check["cloudwatch_alarm_region"], "us-west-2");
  EXPECT_EQ(check["insufficient_data_health_status"], "LastKnownStatus");

  const json& alarm = f.writer_alarm->node().arguments;
  EXPECT_EQ(f.writer_alarm->node().provider, "aws.dr");
  EXPECT_EQ(alarm["metric_name"], "WriterFailedOver");
  EXPECT_EQ(alarm["statistic"], "Maximum");
  EXPECT_EQ(alarm["period"], 60);
  EXPECT_EQ(alarm["evaluation_periods"], 1);
  EXPECT_EQ(alarm["comparison_operator"], "GreaterThanOrEqualToThreshold");
  EXPECT_EQ(alarm["threshold"], 1);
  EXPECT_EQ(f.writer_name, "writer.db.rdha.internal");
}

TEST(FailoverModule, ReaderHasAnEqualWeightCnamePerSameRegionReplica) {
  HaStack parts = build_ha_stack_parts({});
  ASSERT_EQ(parts.failover->readers.size(), 2u);
  for (int i = 1; i <= 2; ++i) {
    const auto& record = parts.failover->readers[i - 1];
    const std::string replica = "aws_db_instance.replica_" + std::to_string(i);
    EXPECT_EQ(record.str(), "aws_route53_record.reader_" + std::to_string(i));
    const json& a = record.node().arguments;
    EXPECT_EQ(a["name"], "reader.db.rdha.internal");
    EXPECT_EQ(a["type"], "CNAME");
    EXPECT_EQ(a["ttl"], 30);
    EXPECT_EQ(a["records"], json::array({"${" + replica + ".address}"}));
    EXPECT_EQ(a["set_identifier"], "${" + replica + ".identifier}");
    EXPECT_EQ(a["weighted_routing_policy"], json::parse(R"([{"weight": 1}])"));
    EXPECT_FALSE(a.contains("multivalue_answer_routing_policy"));  // not allowed for CNAMEs
    EXPECT_TRUE(record.node().lifecycle.ignore_changes.empty());
  }
}

TEST(FailoverModule, ZoneNameAndTtlComeFromTheSpec) {
  HaStackSpec spec;
  spec.failover.zone_name = "pg.example.internal";
  spec.failover.record_ttl = 10;
  HaStack parts = build_ha_stack_parts(spec);
  EXPECT_EQ(args(parts.stack, "aws_route53_zone.db")["name"], "pg.example.internal");
  EXPECT_EQ(args(parts.stack, "aws_route53_record.writer")["name"], "writer.pg.example.internal");
  EXPECT_EQ(args(parts.stack, "aws_route53_record.reader_2")["ttl"], 10);
  EXPECT_EQ(document_of(parts.stack)["parameters"]["WriterRecordName"]["default"], "writer.pg.example.internal");
}

// ---- the automation document ----------------------------------------------------------------

TEST(FailoverDocument, IsAnAutomationInTheDrRegionAssumingTheOperationsRole) {
  HaStack parts = build_ha_stack_parts({});
  ASSERT_TRUE(parts.failover->document);
  const auto& document = *parts.failover->document;
  EXPECT_EQ(document.str(), "aws_ssm_document.region_failover");
  EXPECT_EQ(document.node().provider, "aws.dr");
  EXPECT_EQ(document.node().placement.concern, Concern::recovery);
  const json& a = document.node().arguments;
  EXPECT_EQ(a["name"], "region-failover-rdha");
  EXPECT_EQ(a["document_type"], "Automation");
  EXPECT_EQ(a["document_format"], "JSON");

  const json content = document_of(parts.stack);
  EXPECT_EQ(content["schemaVersion"], "0.3");
  EXPECT_EQ(content["assumeRole"], "{{ AutomationAssumeRole }}");
  const json& p = content["parameters"];
  EXPECT_EQ(p["AutomationAssumeRole"]["default"], "${aws_iam_role.rds_operations.arn}");
  EXPECT_EQ(p["PrimaryRegion"]["default"], "us-east-1");
  EXPECT_EQ(p["PrimaryInstanceId"]["default"], "primary-rdha");
  EXPECT_EQ(p["DrInstanceId"]["default"], "dr-replica-rdha");
  EXPECT_EQ(
      p["BackupRetentionDays"],
      json({{"type", "Integer"}, {"default", 7}, {"description", "Backup retention of the promoted writer (days)."}}));
  EXPECT_EQ(p["MaxReplicaLagSeconds"]["default"], 60);
  EXPECT_EQ(p["HostedZoneId"]["default"], "${aws_route53_zone.db.zone_id}");
  EXPECT_EQ(p["WriterRecordName"]["default"], "writer.db.rdha.internal");
  EXPECT_EQ(p["NewWriterAddress"]["default"], "${aws_db_instance.dr_replica.address}");
  EXPECT_EQ(p["NotificationTopicArn"]["default"], "${aws_sns_topic.dr.arn}");
  // A manual start only checks: promoting needs DryRun=false.
  EXPECT_EQ(p["DryRun"]["type"], "Boolean");
  EXPECT_EQ(p["DryRun"]["default"], true);
  EXPECT_EQ(p["RequirePrimaryUnreachable"]["default"], true);
  // The references are edges: the document waits for the zone, the role and the replica.
  const std::string raw = a["content"];
  EXPECT_EQ(raw.find("$${"), std::string::npos);
}

TEST(FailoverDocument, StepsRunInTheRunbooksOrderWithADryRunGateAfterTheChecks) {
  const json content = document_of(build_ha_stack({}));
  EXPECT_EQ(step_names(content), (std::vector<std::string>{"ConfirmRegionFailure", "CheckDrReplica", "CheckReplicaLag",
                                                           "DryRunGate", "PromoteDrReplica", "WaitForNewWriter",
                                                           "SwitchWriterDns", "NotifyOperators", "DryRunComplete"}));
  std::vector<std::string> actions;
  for (const auto& step : content["mainSteps"]) actions.push_back(step["action"]);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"aws:executeScript", "aws:assertAwsResourceProperty", "aws:executeScript",
                                      "aws:branch", "aws:executeAwsApi", "aws:waitForAwsResourceProperty",
                                      "aws:executeAwsApi", "aws:executeAwsApi", "aws:sleep"}));
  const json& gate = step_named(content, "DryRunGate");
  EXPECT_EQ(gate["inputs"]["Choices"], json::parse(R"([{"NextStep": "DryRunComplete", "Variable": "{{ DryRun }}",
                                                        "BooleanEquals": true}])"));
  EXPECT_EQ(gate["inputs"]["Default"], "PromoteDrReplica");
  // The last recovery step ends the execution; the dry-run end is reached only by the gate.
  EXPECT_EQ(step_named(content, "NotifyOperators")["isEnd"], true);
  EXPECT_EQ(step_named(content, "DryRunComplete")["isEnd"], true);
}

TEST(FailoverDocument, StepInputsCallExactlyTheRunbooksApis) {
  const json content = document_of(build_ha_stack({}));
  EXPECT_EQ(step_named(content, "CheckDrReplica")["inputs"], json::parse(R"({
    "Service": "rds", "Api": "DescribeDBInstances", "DBInstanceIdentifier": "{{ DrInstanceId }}",
    "PropertySelector": "$.DBInstances[0].DBInstanceStatus", "DesiredValues": ["available"]})"));
  EXPECT_EQ(step_named(content, "PromoteDrReplica")["inputs"], json::parse(R"({
    "Service": "rds", "Api": "PromoteReadReplica", "DBInstanceIdentifier": "{{ DrInstanceId }}",
    "BackupRetentionPeriod": "{{ BackupRetentionDays }}"})"));
  EXPECT_EQ(step_named(content, "WaitForNewWriter")["inputs"]["DesiredValues"], json::array({"available"}));
  const json& dns = step_named(content, "SwitchWriterDns")["inputs"];
  EXPECT_EQ(dns["Service"], "route53");
  EXPECT_EQ(dns["Api"], "ChangeResourceRecordSets");
  EXPECT_EQ(dns["HostedZoneId"], "{{ HostedZoneId }}");
  EXPECT_EQ(dns["ChangeBatch"]["Changes"], json::parse(R"([{"Action": "UPSERT", "ResourceRecordSet": {
    "Name": "{{ WriterRecordName }}", "Type": "CNAME", "TTL": 30,
    "ResourceRecords": [{"Value": "{{ NewWriterAddress }}"}]}}])"));
  const json& notify = step_named(content, "NotifyOperators")["inputs"];
  EXPECT_EQ(notify["Service"], "sns");
  EXPECT_EQ(notify["Api"], "Publish");
  EXPECT_EQ(notify["TopicArn"], "{{ NotificationTopicArn }}");
  // The guards: the split-brain check asks the primary region, the lag check reads ReplicaLag.
  const json& confirm = step_named(content, "ConfirmRegionFailure")["inputs"];
  EXPECT_EQ(confirm["Runtime"], "python3.11");
  EXPECT_NE(confirm["Script"].get<std::string>().find("describe_db_instances"), std::string::npos);
  EXPECT_EQ(confirm["InputPayload"]["PrimaryRegion"], "{{ PrimaryRegion }}");
  const json& lag = step_named(content, "CheckReplicaLag")["inputs"];
  EXPECT_NE(lag["Script"].get<std::string>().find("'ReplicaLag'"), std::string::npos);
  EXPECT_EQ(lag["InputPayload"]["MaxReplicaLagSeconds"], "{{ MaxReplicaLagSeconds }}");
  // SSM reads "{{" as a parameter reference: the scripts must not contain it.
  for (const auto* name : {"ConfirmRegionFailure", "CheckReplicaLag"})
    EXPECT_EQ(step_named(content, name)["inputs"]["Script"].get<std::string>().find("{{"), std::string::npos);
}

TEST(FailoverDocument, SingleAzDrReplicaGetsAMultiAzStep) {
  HaStackSpec spec;
  spec.database.dr_replica.multi_az = false;
  const json content = document_of(build_ha_stack(spec));
  const auto names = step_names(content);
  const auto at = std::find(names.begin(), names.end(), "EnableMultiAz");
  ASSERT_NE(at, names.end());
  EXPECT_EQ(*(at - 1), "WaitForNewWriter");
  EXPECT_EQ(step_named(content, "EnableMultiAz")["inputs"]["MultiAZ"], true);
}

TEST(FailoverDocument, HasTheSameStepsInTheSameOrderAsTheDrillRunbook) {
  for (const bool multi_az : {true, false}) {
    SCOPED_TRACE(multi_az ? "Multi-AZ DR replica" : "single-AZ DR replica");
    HaStackSpec spec;
    spec.database.dr_replica.multi_az = multi_az;
    Stack stack = build_ha_stack(spec);
    const json content = document_of(stack);
    const auto report = analysis::simulate(stack, analysis::FailureDomain::parse("region:us-east-1"));
    std::vector<std::string> from_drill;
    for (const auto& step : report.runbook.steps) {
      if (!step.automated) continue;
      from_drill.push_back(dr::automation_step_name(step.id));
      // Same title, and the document's description names the runbook step.
      EXPECT_EQ(step_named(content, from_drill.back())["description"], step.title + " (runbook step " + step.id + ")");
    }
    std::vector<std::string> from_document;
    for (const auto& name : step_names(content))
      if (name != "DryRunGate" && name != "DryRunComplete") from_document.push_back(name);
    EXPECT_EQ(from_drill, from_document);
  }
}

TEST(FailoverDocument, DrillRunbookPrintsTheCliOfTheSameSteps) {
  Stack stack = build_ha_stack({});
  const auto report = analysis::simulate(stack, analysis::FailureDomain::parse("region:us-east-1"));
  const auto step = std::find_if(report.runbook.steps.begin(), report.runbook.steps.end(),
                                 [](const auto& s) { return s.id == "switch-writer-dns"; });
  ASSERT_NE(step, report.runbook.steps.end());
  EXPECT_TRUE(step->automated);
  EXPECT_EQ(step->region, "us-west-2");
  ASSERT_EQ(step->commands.size(), 3u);
  EXPECT_NE(step->commands[0].find("aws route53 list-hosted-zones-by-name --dns-name db.rdha.internal"),
            std::string::npos);
  EXPECT_NE(step->commands[2].find("aws route53 change-resource-record-sets --hosted-zone-id \"$ZONE_ID\""),
            std::string::npos);
  EXPECT_NE(step->commands[2].find(R"("Name":"writer.db.rdha.internal","Type":"CNAME","TTL":30)"), std::string::npos);
  // The manual repoint step is only for stacks without the writer's DNS name.
  EXPECT_TRUE(std::none_of(report.runbook.steps.begin(), report.runbook.steps.end(),
                           [](const auto& s) { return s.id == "point-applications"; }));

  HaStackSpec off;
  off.failover.enabled = false;
  const auto manual = analysis::simulate(build_ha_stack(off), analysis::FailureDomain::parse("region:us-east-1"));
  EXPECT_TRUE(std::none_of(manual.runbook.steps.begin(), manual.runbook.steps.end(),
                           [](const auto& s) { return s.automated || s.id == "switch-writer-dns"; }));
  EXPECT_TRUE(std::any_of(manual.runbook.steps.begin(), manual.runbook.steps.end(),
                          [](const auto& s) { return s.id == "point-applications"; }));
}

TEST(FailoverDocument, OperationsRoleMayOnlyUpsertTheWriterRecordAndPublishToTheDrTopic) {
  Stack stack = build_ha_stack({});
  const json& policy = args(stack, "aws_iam_role_policy.rds_operations_failover");
  EXPECT_EQ(policy["role"], "${aws_iam_role.rds_operations.id}");
  EXPECT_EQ(policy["policy"], "${data.aws_iam_policy_document.rds_operations_failover.json}");
  const json statements = args(stack, "data.aws_iam_policy_document.rds_operations_failover")["statement"];
  EXPECT_EQ(statements, json::parse(R"([
    {"sid": "SwitchWriterRecord", "effect": "Allow", "actions": ["route53:ChangeResourceRecordSets"],
     "resources": ["arn:${data.aws_partition.current.partition}:route53:::hostedzone/${aws_route53_zone.db.zone_id}"],
     "condition": [
       {"test": "ForAllValues:StringEquals", "variable": "route53:ChangeResourceRecordSetsNormalizedRecordNames",
        "values": ["writer.db.rdha.internal"]},
       {"test": "ForAllValues:StringEquals", "variable": "route53:ChangeResourceRecordSetsRecordTypes",
        "values": ["CNAME"]},
       {"test": "ForAllValues:StringEquals", "variable": "route53:ChangeResourceRecordSetsActions",
        "values": ["UPSERT"]}]},
    {"sid": "NotifyDrTopic", "effect": "Allow", "actions": ["sns:Publish"], "resources": ["${aws_sns_topic.dr.arn}"]}
  ])"));
  // SSM Automation may assume the role (iam.cpp's trust policy).
  const json trust = args(stack, "data.aws_iam_policy_document.rds_operations_trust")["statement"];
  EXPECT_TRUE(std::any_of(trust.begin(), trust.end(), [](const json& s) {
    return s["principals"][0]["identifiers"] == json::array({"ssm.amazonaws.com"});
  }));
}

// ---- the automatic trigger ------------------------------------------------------------------

TEST(FailoverTrigger, OffByDefault) {
  HaStack parts = build_ha_stack_parts({});
  EXPECT_FALSE(parts.failover->trigger_alarm);
  EXPECT_FALSE(parts.stack.find("aws_cloudwatch_event_rule.failover_trigger").has_value());
  EXPECT_FALSE(parts.stack.find("aws_iam_role.failover_trigger").has_value());
}

TEST(FailoverTrigger, AlarmFiresWhenDrReplicationStopsForTheConfiguredMinutes) {
  HaStack parts = build_ha_stack_parts(automatic());
  ASSERT_TRUE(parts.failover->trigger_alarm);
  const auto& alarm = *parts.failover->trigger_alarm;
  EXPECT_EQ(alarm.str(), "aws_cloudwatch_metric_alarm.primary_region_unreachable");
  EXPECT_EQ(alarm.node().provider, "aws.dr");
  EXPECT_EQ(alarm.node().placement.concern, Concern::recovery);
  const json& a = alarm.node().arguments;
  EXPECT_EQ(a["alarm_name"], "primary-region-unreachable-rdha");
  EXPECT_EQ(a["namespace"], "AWS/RDS");
  EXPECT_EQ(a["metric_name"], "ReplicaLag");
  EXPECT_EQ(a["dimensions"], json({{"DBInstanceIdentifier", "${aws_db_instance.dr_replica.identifier}"}}));
  EXPECT_EQ(a["comparison_operator"], "LessThanThreshold");
  EXPECT_EQ(a["threshold"], 0);
  EXPECT_EQ(a["treat_missing_data"], "breaching");
  EXPECT_EQ(a["period"], 60);
  EXPECT_EQ(a["evaluation_periods"], 10);
  EXPECT_EQ(a["datapoints_to_alarm"], 10);
  EXPECT_EQ(a["alarm_actions"], json::array({"${aws_sns_topic.dr.arn}"}));
}

TEST(FailoverTrigger, RuleStartsTheAutomationWithDryRunOff) {
  HaStack parts = build_ha_stack_parts(automatic());
  const json& rule = args(parts.stack, "aws_cloudwatch_event_rule.failover_trigger");
  EXPECT_EQ(parts.failover->trigger_rule->node().provider, "aws.dr");
  EXPECT_EQ(rule["name"], "failover-trigger-rdha");
  EXPECT_EQ(json::parse(rule["event_pattern"].get<std::string>()), json::parse(R"({
    "source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"],
    "resources": ["${aws_cloudwatch_metric_alarm.primary_region_unreachable.arn}"],
    "detail": {"state": {"value": ["ALARM"]}}})"));
  const json& target = args(parts.stack, "aws_cloudwatch_event_target.failover_trigger");
  EXPECT_EQ(target["rule"], "${aws_cloudwatch_event_rule.failover_trigger.name}");
  EXPECT_EQ(target["arn"],
            "arn:${data.aws_partition.current.partition}:ssm:us-west-2:${data.aws_caller_identity.current.account_id}"
            ":automation-definition/${aws_ssm_document.region_failover.name}:$DEFAULT");
  EXPECT_EQ(target["role_arn"], "${aws_iam_role.failover_trigger.arn}");
  EXPECT_EQ(json::parse(target["input"].get<std::string>()), json::parse(R"({"DryRun": ["false"]})"));
  EXPECT_EQ(parts.failover->trigger_target->node().placement.concern, Concern::recovery);
}

TEST(FailoverTrigger, EventBridgeRoleMayOnlyStartTheAutomationAndPassTheOperationsRoleToSsm) {
  Stack stack = build_ha_stack(automatic());
  const json trust = args(stack, "data.aws_iam_policy_document.failover_trigger_trust")["statement"];
  ASSERT_EQ(trust.size(), 1u);
  EXPECT_EQ(trust[0]["principals"], json::parse(R"([{"type": "Service", "identifiers": ["events.amazonaws.com"]}])"));
  const json rights = args(stack, "data.aws_iam_policy_document.failover_trigger")["statement"];
  ASSERT_EQ(rights.size(), 2u);
  EXPECT_EQ(rights[0]["actions"], json::array({"ssm:StartAutomationExecution"}));
  EXPECT_EQ(rights[1]["actions"], json::array({"iam:PassRole"}));
  EXPECT_EQ(rights[1]["resources"], json::array({"${aws_iam_role.rds_operations.arn}"}));
  EXPECT_EQ(rights[1]["condition"][0]["values"], json::array({"ssm.amazonaws.com"}));
}

// ---- variants, outputs, emission ------------------------------------------------------------

TEST(FailoverModule, DisabledAddsNothing) {
  HaStackSpec spec;
  spec.failover.enabled = false;
  HaStack parts = build_ha_stack_parts(spec);
  EXPECT_FALSE(parts.failover);
  for (std::size_t i = 0; i < parts.stack.size(); ++i) {
    const Resource& resource = parts.stack.resource(i);
    EXPECT_FALSE(resource.address.type.starts_with("aws_route53_")) << resource.address.str();
    EXPECT_NE(resource.address.type, "aws_ssm_document");
  }
  EXPECT_FALSE(parts.stack.outputs().contains("writer_dns_name"));
}

TEST(FailoverModule, WithoutDrReplicaKeepsTheNamesButHasNoAutomation) {
  HaStackSpec spec;
  spec.database.dr_replica.enabled = false;
  spec.database.automated_backups_replication = false;
  HaStack parts = build_ha_stack_parts(spec);
  ASSERT_TRUE(parts.failover);
  EXPECT_FALSE(parts.failover->document);
  EXPECT_TRUE(parts.stack.outputs().contains("writer_dns_name"));
  EXPECT_FALSE(parts.stack.outputs().contains("failover_document_name"));
}

TEST(FailoverModule, OutputsNameTheStableEndpointsAndTheDocument) {
  Stack stack = build_ha_stack({});
  const auto& outputs = stack.outputs();
  EXPECT_EQ(outputs.at("writer_dns_name").value, "${aws_route53_record.writer.fqdn}");
  EXPECT_EQ(outputs.at("reader_dns_name").value, "${aws_route53_record.reader_1.fqdn}");
  EXPECT_EQ(outputs.at("failover_document_name").value, "${aws_ssm_document.region_failover.name}");
}

TEST(FailoverModule, EmitsIntoRecoveryWithTheFeatureOnOffAndAutomatic) {
  HaStackSpec off;
  off.failover.enabled = false;
  for (const HaStackSpec& spec : {HaStackSpec{}, off, automatic()}) {
    Stack stack = build_ha_stack(spec);
    const auto files = to_tf_json(stack);
    const bool has_recovery = files.contains("recovery.tf.json");
    EXPECT_EQ(has_recovery, spec.failover.enabled);
    if (has_recovery) {
      const json& resources = files.at("recovery.tf.json")["resource"];
      EXPECT_TRUE(resources.dump().find("aws_ssm_document") != std::string::npos);
      EXPECT_EQ(resources.dump().find("aws_cloudwatch_event_rule") != std::string::npos, spec.failover.automatic);
    }
  }
}

// ---- the spec section -----------------------------------------------------------------------

TEST(FailoverSpec, DefaultsAreOnWithoutTheAutomaticTrigger) {
  const json defaults = to_json(HaStackSpec{});
  EXPECT_EQ(defaults["failover"], json::parse(R"({"enabled": true, "zone_name": "db.rdha.internal", "record_ttl": 30,
    "automatic": false, "trigger_periods": 10, "max_replica_lag_seconds": 60})"));
  const HaStackSpec merged = spec_from_json(json::parse(R"({"failover": {"automatic": true, "record_ttl": 15}})"));
  EXPECT_TRUE(merged.failover.automatic);
  EXPECT_EQ(merged.failover.record_ttl, 15);
  EXPECT_EQ(merged.failover.zone_name, "db.rdha.internal");
  EXPECT_EQ(spec_json_schema()["properties"]["failover"]["properties"]["record_ttl"]["maximum"], 30);
}

std::string problem_at(const HaStackSpec& spec, const std::string& subject) {
  for (const auto& p : validate(spec))
    if (p.subject == subject) return p.message;
  return "";
}

TEST(FailoverSpec, RejectsLongTtlsBadZoneNamesAndATriggerWithoutDrReplica) {
  HaStackSpec spec;
  spec.failover.record_ttl = 60;
  spec.failover.zone_name = "DB..internal";
  spec.failover.trigger_periods = 1;
  EXPECT_EQ(problem_at(spec, "failover.record_ttl"),
            "60 is outside 5..30; clients must follow a promoted writer within 30 s, and below 5 s only adds resolver "
            "load (RDS's own endpoints use 5 s).");
  EXPECT_EQ(problem_at(spec, "failover.zone_name"),
            "\"DB..internal\" is not a DNS zone name: two or more dot-separated labels of lowercase letters, digits "
            "and inner hyphens (1 to 63 characters each), at most 240 characters, no trailing dot, e.g. "
            "\"db.rdha.internal\".");
  EXPECT_NE(problem_at(spec, "failover.trigger_periods"), "");

  HaStackSpec shadow;
  shadow.failover.zone_name = "rds.amazonaws.com";
  EXPECT_NE(problem_at(shadow, "failover.zone_name").find("shadow the RDS endpoints"), std::string::npos);

  HaStackSpec no_dr = automatic();
  no_dr.database.dr_replica.enabled = false;
  EXPECT_EQ(problem_at(no_dr, "failover.automatic"),
            "is true while database.dr_replica.enabled is false; the automatic trigger promotes the DR replica, so it "
            "needs one.");
  try {
    build_ha_stack(no_dr);
    FAIL() << "expected SpecError";
  } catch (const SpecError& error) {
    EXPECT_NE(std::string(error.what()).find("failover.automatic"), std::string::npos);
  }
}

TEST(FailoverSpec, GeneratedNamesIncludeTheFailoverResources) {
  const auto has = [](const std::vector<GeneratedName>& names, NameKind kind, const std::string& name) {
    return std::any_of(names.begin(), names.end(), [&](const auto& n) { return n.kind == kind && n.name == name; });
  };
  const auto defaults = Names(HaStackSpec{}).all();
  EXPECT_TRUE(has(defaults, NameKind::ssm_document, "region-failover-rdha"));
  EXPECT_TRUE(has(defaults, NameKind::name_tag, "db-zone-rdha"));
  EXPECT_FALSE(has(defaults, NameKind::event_rule, "failover-trigger-rdha"));
  const auto with_trigger = Names(automatic()).all();
  EXPECT_TRUE(has(with_trigger, NameKind::event_rule, "failover-trigger-rdha"));
  EXPECT_TRUE(has(with_trigger, NameKind::iam_role, "failover-trigger-rdha"));
  EXPECT_TRUE(has(with_trigger, NameKind::cloudwatch_alarm, "primary-region-unreachable-rdha"));
  for (const auto& n : with_trigger) EXPECT_EQ(name_rule_violation(n.kind, n.name), "") << n.name;
  EXPECT_EQ(name_rule_violation(NameKind::ssm_document, "aws-failover"),
            "SSM document names must not start with \"aws\" (reserved for AWS)");
  EXPECT_EQ(name_rule_violation(NameKind::event_rule, "a rule"),
            "EventBridge rule names use only letters, digits, ., - and _");
}

}  // namespace
}  // namespace rdha::stack
