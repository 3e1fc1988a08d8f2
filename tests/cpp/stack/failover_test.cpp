// Tests of build_failover (rdha/stack/modules.hpp) and the failover spec section: the
// private zone on both VPCs, the writer's failover pair and its switch, the readers'
// weighted records and their health checks, the region-loss automation document (its JSON
// content, and its parity with the drill's runbook), the automation's rights, the optional
// automatic trigger, the outputs, and the spec's rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
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

// The text of a file of the source tree.
std::string source_file(const std::string& path) {
  std::ifstream in(std::string(RDHA_SOURCE_DIR) + "/" + path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Every action of every statement of a policy document data source.
std::vector<std::string> actions_of(Stack& stack, const std::string& document) {
  std::vector<std::string> out;
  for (const auto& statement : args(stack, "data.aws_iam_policy_document." + document)["statement"])
    for (const auto& action : statement["actions"]) out.push_back(action);
  return out;
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
    EXPECT_EQ(a["health_check_id"], "${aws_route53_health_check.reader_" + std::to_string(i) + ".id}");
    EXPECT_FALSE(a.contains("multivalue_answer_routing_policy"));  // not allowed for CNAMEs
    EXPECT_TRUE(record.node().lifecycle.ignore_changes.empty());
  }
}

TEST(FailoverModule, EachReaderIsCheckedOnAnAlarmOverItsReplicaLagInItsRegion) {
  HaStack parts = build_ha_stack_parts({});
  const Failover& f = *parts.failover;
  ASSERT_EQ(f.reader_alarms.size(), 2u);
  ASSERT_EQ(f.reader_health_checks.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string n = std::to_string(i + 1);
    SCOPED_TRACE("reader " + n);
    const auto& check = f.reader_health_checks[i];
    EXPECT_EQ(check.str(), "aws_route53_health_check.reader_" + n);
    EXPECT_EQ(check.node().placement.concern, Concern::recovery);
    // A replica that died publishes nothing: no data must take it out of rotation.
    EXPECT_EQ(check.node().arguments, json({{"type", "CLOUDWATCH_METRIC"},
                                            {"cloudwatch_alarm_name",
                                             "${aws_cloudwatch_metric_alarm.reader_" + n + ".alarm_name}"},
                                            {"cloudwatch_alarm_region", "us-east-1"},
                                            {"insufficient_data_health_status", "Unhealthy"},
                                            {"tags", {{"Name", "replica-" + n + "-replicating-rdha"}}}}));
    const auto& alarm = f.reader_alarms[i];
    EXPECT_EQ(alarm.str(), "aws_cloudwatch_metric_alarm.reader_" + n);
    EXPECT_EQ(alarm.node().provider, "aws");  // the replica's region
    EXPECT_EQ(alarm.node().arguments, json::parse(R"({
      "actions_enabled": true,
      "alarm_actions": ["${aws_sns_topic.primary.arn}"],
      "alarm_description": "replica-)" + n + R"(-rdha is out of reader.db.rdha.internal: it stopped replicating (ReplicaLag -1) or reporting",
      "alarm_name": "replica-)" + n + R"(-replicating-rdha",
      "comparison_operator": "LessThanThreshold",
      "datapoints_to_alarm": 3,
      "dimensions": {"DBInstanceIdentifier": "${aws_db_instance.replica_)" + n + R"(.identifier}"},
      "evaluation_periods": 3,
      "metric_name": "ReplicaLag",
      "namespace": "AWS/RDS",
      "ok_actions": ["${aws_sns_topic.primary.arn}"],
      "period": 60,
      "statistic": "Minimum",
      "tags": {"Name": "replica-)" + n + R"(-replicating-rdha"},
      "threshold": 0,
      "treat_missing_data": "breaching"})"));
  }
}

TEST(FailoverModule, ReaderFallsBackToTheDrInstanceAtWeightZeroWithoutACheck) {
  HaStack parts = build_ha_stack_parts({});
  ASSERT_TRUE(parts.failover->reader_dr);
  const auto& dr = *parts.failover->reader_dr;
  EXPECT_EQ(dr.str(), "aws_route53_record.reader_dr");
  // Answered only when every weighted reader is unhealthy; without a check it is always healthy.
  EXPECT_EQ(dr.node().arguments, json::parse(R"({
    "zone_id": "${aws_route53_zone.db.zone_id}", "name": "reader.db.rdha.internal", "type": "CNAME", "ttl": 30,
    "records": ["${aws_db_instance.dr_replica.address}"], "set_identifier": "dr-replica-rdha",
    "weighted_routing_policy": [{"weight": 0}]})"));
}

TEST(FailoverModule, WithoutReplicasTheReaderNameFollowsTheWriterName) {
  HaStackSpec spec;
  spec.database.replicas.clear();
  HaStack parts = build_ha_stack_parts(spec);
  const Failover& f = *parts.failover;
  EXPECT_TRUE(f.reader_alarms.empty());
  EXPECT_TRUE(f.reader_health_checks.empty());
  EXPECT_FALSE(f.reader_dr);
  ASSERT_EQ(f.readers.size(), 1u);
  EXPECT_EQ(f.readers[0].node().arguments, json::parse(R"({
    "zone_id": "${aws_route53_zone.db.zone_id}", "name": "reader.db.rdha.internal", "type": "CNAME", "ttl": 30,
    "records": ["writer.db.rdha.internal"]})"));
  // After a region failover it still follows the writer: nothing to remove.
  spec.failover.state = FailoverState::dr_promoted;
  HaStack promoted = build_ha_stack_parts(spec);
  ASSERT_EQ(promoted.failover->readers.size(), 1u);
  EXPECT_EQ(promoted.failover->readers[0].node().arguments["records"], json::array({"writer.db.rdha.internal"}));
}

TEST(FailoverModule, ZoneNameAndTtlComeFromTheSpec) {
  HaStackSpec spec;
  spec.failover.zone_name = "pg.example.internal";
  spec.failover.record_ttl = 10;
  HaStack parts = build_ha_stack_parts(spec);
  EXPECT_EQ(args(parts.stack, "aws_route53_zone.db")["name"], "pg.example.internal");
  for (const char* record : {"aws_route53_record.writer", "aws_route53_record.writer_dr"}) {
    EXPECT_EQ(args(parts.stack, record)["name"], "writer.pg.example.internal") << record;
    EXPECT_EQ(args(parts.stack, record)["ttl"], 10) << record;
  }
  for (const char* record :
       {"aws_route53_record.reader_1", "aws_route53_record.reader_2", "aws_route53_record.reader_dr"}) {
    EXPECT_EQ(args(parts.stack, record)["name"], "reader.pg.example.internal") << record;
    EXPECT_EQ(args(parts.stack, record)["ttl"], 10) << record;
  }
  // The runbook's switch step names the record it switches.
  EXPECT_EQ(step_named(document_of(parts.stack), "SwitchWriter")["description"],
            "Switch writer.pg.example.internal to the new writer (runbook step switch-writer)");
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
  std::vector<std::string> keys;
  for (const auto& [key, value] : p.items()) keys.push_back(key);
  // Nothing names the zone or a record: the switch is a metric, not a record change.
  EXPECT_EQ(keys, (std::vector<std::string>{"AcceptedDataLossSeconds", "Approvers", "AutomationAssumeRole",
                                            "BackupRetentionDays", "DrInstanceId", "DryRun", "MaxDataLossSeconds",
                                            "NotificationTopicArn", "PrimaryInstanceId", "PrimaryRegion",
                                            "RequirePrimaryUnreachable", "Trigger"}));
  EXPECT_EQ(p["AutomationAssumeRole"]["default"], "${aws_iam_role.rds_operations.arn}");
  EXPECT_EQ(p["PrimaryRegion"]["default"], "us-east-1");
  EXPECT_EQ(p["PrimaryInstanceId"]["default"], "primary-rdha");
  EXPECT_EQ(p["DrInstanceId"]["default"], "dr-replica-rdha");
  EXPECT_EQ(
      p["BackupRetentionDays"],
      json({{"type", "Integer"}, {"default", 7}, {"description", "Backup retention of the promoted writer (days)."}}));
  EXPECT_EQ(p["NotificationTopicArn"]["default"], "${aws_sns_topic.dr.arn}");
  // Only the automatic trigger's runs may promote without a person, within the spec's loss.
  EXPECT_EQ(p["Trigger"]["default"], "manual");
  EXPECT_EQ(p["Trigger"]["allowedValues"], json::array({"manual", "automatic"}));
  EXPECT_EQ(p["MaxDataLossSeconds"], json({{"type", "Integer"},
                                           {"default", 60},
                                           {"description", "An automatic run promotes without approval when the "
                                                           "estimated data loss is at most this."}}));
  EXPECT_EQ(p["AcceptedDataLossSeconds"]["type"], "Integer");
  EXPECT_EQ(p["AcceptedDataLossSeconds"]["default"], -1);
  EXPECT_EQ(p["Approvers"]["type"], "StringList");
  EXPECT_EQ(p["Approvers"]["default"], json::array({"${aws_iam_role.rds_operations.arn}"}));
  // A manual start only checks: promoting needs DryRun=false.
  EXPECT_EQ(p["DryRun"]["type"], "Boolean");
  EXPECT_EQ(p["DryRun"]["default"], true);
  EXPECT_EQ(p["RequirePrimaryUnreachable"]["default"], true);
  // The references are edges: the document waits for the role and the topic.
  const std::string raw = a["content"];
  EXPECT_EQ(raw.find("$${"), std::string::npos);
}

TEST(FailoverDocument, TheLossAnAutomaticRunAcceptsFollowsTheSpec) {
  HaStackSpec spec;
  spec.failover.max_data_loss_seconds = 300;
  EXPECT_EQ(document_of(build_ha_stack(spec))["parameters"]["MaxDataLossSeconds"]["default"], 300);
}

TEST(FailoverDocument, StepsRunInTheRunbooksOrderWithADryRunGateAfterTheChecks) {
  const json content = document_of(build_ha_stack({}));
  EXPECT_EQ(step_names(content),
            (std::vector<std::string>{"ConfirmRegionFailure", "CheckDrReplica", "EstimateDataLoss", "DryRunGate",
                                      "PromotionGate", "PageForApproval", "ApprovePromotion", "PromoteDrReplica",
                                      "WaitForNewWriter", "SwitchWriter", "NotifyOperators", "NotificationFailed",
                                      "DryRunComplete"}));
  std::vector<std::string> actions;
  for (const auto& step : content["mainSteps"]) actions.push_back(step["action"]);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"aws:executeScript", "aws:assertAwsResourceProperty", "aws:executeScript",
                                      "aws:branch", "aws:branch", "aws:executeAwsApi", "aws:approve",
                                      "aws:executeAwsApi", "aws:executeScript", "aws:executeAwsApi",
                                      "aws:executeAwsApi", "aws:executeScript", "aws:sleep"}));
  const json& gate = step_named(content, "DryRunGate");
  EXPECT_EQ(gate["inputs"]["Choices"], json::parse(R"([{"NextStep": "DryRunComplete", "Variable": "{{ DryRun }}",
                                                        "BooleanEquals": true}])"));
  EXPECT_EQ(gate["inputs"]["Default"], "PromotionGate");
  // The last recovery step ends the execution; the other ends are reached only by a jump.
  std::vector<std::string> ends;
  for (const auto& step : content["mainSteps"])
    if (step.value("isEnd", false)) ends.push_back(step["name"]);
  EXPECT_EQ(ends, (std::vector<std::string>{"NotifyOperators", "NotificationFailed", "DryRunComplete"}));
}

TEST(FailoverDocument, PromotionWaitsForApprovalUnlessTheEstimateAllowsIt) {
  const json content = document_of(build_ha_stack({}));
  const json& gate = step_named(content, "PromotionGate");
  EXPECT_EQ(gate["inputs"], json::parse(R"({"Choices": [{"NextStep": "PromoteDrReplica", "StringEquals": "promote",
                                                         "Variable": "{{ EstimateDataLoss.Decision }}"}],
                                           "Default": "PageForApproval"})"));
  // The page goes out before the wait, and its failure does not stop the run.
  const json& page = step_named(content, "PageForApproval");
  EXPECT_EQ(page["onFailure"], "Continue");
  EXPECT_EQ(page["inputs"], json::parse(R"({
    "Service": "sns", "Api": "Publish", "TopicArn": "{{ NotificationTopicArn }}",
    "Subject": "Region failover of primary-rdha waits for approval",
    "Message": "Automation execution {{ automation:EXECUTION_ID }} will promote dr-replica-rdha in us-west-2 once approved. {{ EstimateDataLoss.Summary }}"})"));
  const json& approve = step_named(content, "ApprovePromotion");
  EXPECT_EQ(approve["timeoutSeconds"], 86400);
  EXPECT_EQ(approve["description"], "Accept the estimated data loss (runbook step approve-promotion)");
  EXPECT_EQ(approve["inputs"], json::parse(R"({
    "Approvers": "{{ Approvers }}", "MinRequiredApprovals": 1,
    "Message": "Promote dr-replica-rdha in us-west-2 to the writer? Irreversible. {{ EstimateDataLoss.Summary }}"})"));
  // The estimate step gives the decision the gate reads and the summary the messages carry.
  std::vector<std::string> outputs;
  for (const auto& o : step_named(content, "EstimateDataLoss")["outputs"]) outputs.push_back(o["Name"]);
  EXPECT_EQ(outputs, (std::vector<std::string>{"Decision", "Status", "LossSeconds", "Summary"}));
  EXPECT_EQ(content["outputs"], json::array({"ConfirmRegionFailure.PrimaryStatus", "EstimateDataLoss.Summary",
                                             "EstimateDataLoss.LossSeconds", "NotifyOperators.MessageId",
                                             "NotificationFailed.Notification"}));
}

TEST(FailoverDocument, NotificationsNeverFailACompletedFailover) {
  const json content = document_of(build_ha_stack({}));
  // Every other step is critical (the default): its failure fails the run.
  std::vector<std::string> not_critical;
  for (const auto& step : content["mainSteps"])
    if (step.contains("isCritical")) {
      EXPECT_EQ(step["isCritical"], false) << step["name"];
      not_critical.push_back(step["name"]);
    }
  EXPECT_EQ(not_critical, (std::vector<std::string>{"PageForApproval", "NotifyOperators", "NotificationFailed"}));
  EXPECT_EQ(step_named(content, "NotifyOperators")["onFailure"], "step:NotificationFailed");
  const json& failed = step_named(content, "NotificationFailed");
  EXPECT_EQ(failed["inputs"]["InputPayload"], json({{"Topic", "{{ NotificationTopicArn }}"}}));
  EXPECT_EQ(failed["outputs"], json::parse(R"([{"Name": "Notification", "Selector": "$.Payload.notification",
                                                "Type": "String"}])"));
}

TEST(FailoverDocument, ScriptStepsEmbedTheAutomationScriptsVerbatim) {
  const json content = document_of(build_ha_stack({}));
  // One text: the tests of src/dr/automation run the same file the document carries.
  EXPECT_EQ(step_named(content, "EstimateDataLoss")["inputs"]["Script"].get<std::string>(),
            source_file("src/dr/automation/estimate_data_loss.py"));
  EXPECT_EQ(step_named(content, "ConfirmRegionFailure")["inputs"]["Script"].get<std::string>(),
            source_file("src/dr/automation/confirm_region_failure.py"));
}

TEST(FailoverDocument, StepInputsCallExactlyTheRunbooksApis) {
  const json content = document_of(build_ha_stack({}));
  EXPECT_EQ(step_named(content, "CheckDrReplica")["inputs"], json::parse(R"({
    "Service": "rds", "Api": "DescribeDBInstances", "DBInstanceIdentifier": "{{ DrInstanceId }}",
    "PropertySelector": "$.DBInstances[0].DBInstanceStatus", "DesiredValues": ["available"]})"));
  EXPECT_EQ(step_named(content, "PromoteDrReplica")["inputs"], json::parse(R"({
    "Service": "rds", "Api": "PromoteReadReplica", "DBInstanceIdentifier": "{{ DrInstanceId }}",
    "BackupRetentionPeriod": "{{ BackupRetentionDays }}"})"));
  // The wait after the promotion: available is not enough (a replica reports it right after
  // the call); the script also requires the replication source gone. Attempts of nine
  // minutes, retried by the engine, under the ten-minute limit of one script run.
  const json& wait = step_named(content, "WaitForNewWriter");
  EXPECT_EQ(wait["action"], "aws:executeScript");
  EXPECT_EQ(wait["timeoutSeconds"], 600);
  EXPECT_EQ(wait["maxAttempts"], 7);
  EXPECT_EQ(wait["inputs"]["Script"].get<std::string>(), source_file("src/dr/automation/wait_for_promotion.py"));
  EXPECT_EQ(wait["inputs"]["InputPayload"],
            json::parse(R"({"DrRegion": "us-west-2", "DrInstanceId": "{{ DrInstanceId }}", "PollSeconds": 540,
                                    "IntervalSeconds": 15})"));
  EXPECT_EQ(wait["outputs"], json::parse(R"([{"Name": "Status", "Selector": "$.Payload.status", "Type": "String"}])"));
  // The switch: one datapoint in the DR region (the execution's own region), no record change.
  EXPECT_EQ(step_named(content, "SwitchWriter")["inputs"], json::parse(R"({
    "Service": "cloudwatch", "Api": "PutMetricData", "Namespace": "RDHA/Failover",
    "MetricData": [{"MetricName": "WriterFailedOver", "Value": 1, "Unit": "Count",
                    "Dimensions": [{"Name": "DBInstanceIdentifier", "Value": "primary-rdha"}]}]})"));
  EXPECT_EQ(step_named(content, "NotifyOperators")["inputs"], json::parse(R"({
    "Service": "sns", "Api": "Publish", "TopicArn": "{{ NotificationTopicArn }}",
    "Subject": "Region failover: dr-replica-rdha is the writer",
    "Message": "dr-replica-rdha in us-west-2 was promoted after the loss of us-east-1 by automation execution {{ automation:EXECUTION_ID }}; writer.db.rdha.internal points at it. {{ EstimateDataLoss.Summary }}"})"));
  // The guards: the split-brain check asks the primary region, the estimate reads the DR
  // region's CloudWatch only.
  const json& confirm = step_named(content, "ConfirmRegionFailure")["inputs"];
  EXPECT_EQ(confirm["Runtime"], "python3.11");
  EXPECT_EQ(confirm["Handler"], "handler");
  EXPECT_EQ(confirm["InputPayload"], json::parse(R"({"PrimaryRegion": "{{ PrimaryRegion }}",
    "PrimaryInstanceId": "{{ PrimaryInstanceId }}", "RequirePrimaryUnreachable": "{{ RequirePrimaryUnreachable }}"})"));
  const json& estimate = step_named(content, "EstimateDataLoss")["inputs"];
  EXPECT_EQ(estimate["Runtime"], "python3.11");
  EXPECT_EQ(estimate["Handler"], "handler");
  EXPECT_EQ(estimate["InputPayload"], json::parse(R"({"DrRegion": "us-west-2", "DrInstanceId": "{{ DrInstanceId }}",
    "Trigger": "{{ Trigger }}", "MaxDataLossSeconds": "{{ MaxDataLossSeconds }}",
    "AcceptedDataLossSeconds": "{{ AcceptedDataLossSeconds }}"})"));
  // SSM reads "{{" as a parameter reference: the scripts must not contain it.
  for (const auto* name : {"ConfirmRegionFailure", "EstimateDataLoss", "NotificationFailed"})
    EXPECT_EQ(step_named(content, name)["inputs"]["Script"].get<std::string>().find("{{"), std::string::npos) << name;
}

TEST(FailoverDocument, SwitchStepPublishesExactlyWhatTheWriterAlarmWatches) {
  HaStack parts = build_ha_stack_parts({});
  const Failover& f = *parts.failover;
  const json& alarm = f.writer_alarm->node().arguments;
  const json content = document_of(parts.stack);
  const json& inputs = step_named(content, "SwitchWriter")["inputs"];
  const json& datum = inputs["MetricData"][0];
  EXPECT_EQ(inputs["Namespace"], alarm["namespace"]);
  EXPECT_EQ(datum["MetricName"], alarm["metric_name"]);
  json dimensions = json::array();
  for (const auto& [name, value] : alarm["dimensions"].items())
    dimensions.push_back({{"Name", name}, {"Value", value}});
  EXPECT_EQ(datum["Dimensions"], dimensions);
  // The datapoint breaches the alarm's criteria (Maximum >= 1), whatever its unit.
  EXPECT_EQ(alarm["statistic"], "Maximum");
  EXPECT_EQ(alarm["comparison_operator"], "GreaterThanOrEqualToThreshold");
  EXPECT_GE(datum["Value"].get<double>(), alarm["threshold"].get<double>());
  EXPECT_FALSE(alarm.contains("unit"));
  EXPECT_FALSE(alarm.contains("extended_statistic"));
  // Same region: the automation's (the DR region), the alarm's and the one the check reads.
  EXPECT_EQ(f.writer_alarm->node().provider, f.document->node().provider);
  EXPECT_EQ(f.writer_health_check->node().arguments["cloudwatch_alarm_region"], "us-west-2");
  EXPECT_EQ(f.writer_alarm->node().arguments["treat_missing_data"], "ignore");
}

TEST(FailoverDocument, NothingInTheRecoveryChangesRoute53) {
  Stack stack = build_ha_stack({});
  // No Route 53 call in any step (its control plane is in us-east-1, the lost region).
  const json content = document_of(stack);
  EXPECT_EQ(lowercase(content.dump()).find("route53"), std::string::npos);
  EXPECT_EQ(content.dump().find("ChangeResourceRecordSets"), std::string::npos);
  // No Route 53 right on the role the automation assumes.
  for (const std::string document : {"rds_operations", "rds_operations_failover"})
    for (const auto& action : actions_of(stack, document))
      EXPECT_NE(action.rfind("route53:", 0), 0u) << document << ": " << action;
  // Nor in the runbook the drill prints.
  const auto report = analysis::simulate(stack, analysis::FailureDomain::parse("region:us-east-1"));
  for (const auto& step : report.runbook.steps)
    for (const auto& command : step.commands) EXPECT_EQ(command.find("route53"), std::string::npos) << command;
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
    // The gates, the page and the notification's fallback are the automation's own steps.
    const std::set<std::string> automation_only{"DryRunGate", "PromotionGate", "PageForApproval",
                                                "NotificationFailed", "DryRunComplete"};
    std::vector<std::string> from_document;
    for (const auto& name : step_names(content))
      if (!automation_only.contains(name)) from_document.push_back(name);
    EXPECT_EQ(from_drill, from_document);
  }
}

TEST(FailoverDocument, DrillRunbookPrintsTheCliOfTheSameSteps) {
  Stack stack = build_ha_stack({});
  const auto report = analysis::simulate(stack, analysis::FailureDomain::parse("region:us-east-1"));
  const auto step = std::find_if(report.runbook.steps.begin(), report.runbook.steps.end(),
                                 [](const auto& s) { return s.id == "switch-writer"; });
  ASSERT_NE(step, report.runbook.steps.end());
  EXPECT_TRUE(step->automated);
  EXPECT_EQ(step->region, "us-west-2");
  // The same datapoint as the document's SwitchWriter step, in the DR region.
  EXPECT_EQ(step->commands,
            std::vector<std::string>{
                "aws cloudwatch put-metric-data --region us-west-2 --namespace RDHA/Failover --metric-data "
                "'[{\"Dimensions\":[{\"Name\":\"DBInstanceIdentifier\",\"Value\":\"primary-rdha\"}],"
                "\"MetricName\":\"WriterFailedOver\",\"Unit\":\"Count\",\"Value\":1}]'"});
  const auto estimate = std::find_if(report.runbook.steps.begin(), report.runbook.steps.end(),
                                     [](const auto& s) { return s.id == "estimate-data-loss"; });
  ASSERT_NE(estimate, report.runbook.steps.end());
  EXPECT_EQ(estimate->region, "us-west-2");
  ASSERT_EQ(estimate->commands.size(), 1u);
  EXPECT_EQ(estimate->commands[0].rfind("aws cloudwatch get-metric-statistics --region us-west-2 --namespace AWS/RDS "
                                        "--metric-name ReplicaLag --dimensions "
                                        "Name=DBInstanceIdentifier,Value=dr-replica-rdha ",
                                        0),
            0u)
      << estimate->commands[0];
  // The manual repoint step is only for stacks without the writer's DNS name.
  EXPECT_TRUE(std::none_of(report.runbook.steps.begin(), report.runbook.steps.end(),
                           [](const auto& s) { return s.id == "point-applications"; }));

  HaStackSpec off;
  off.failover.enabled = false;
  const auto manual = analysis::simulate(build_ha_stack(off), analysis::FailureDomain::parse("region:us-east-1"));
  EXPECT_TRUE(std::none_of(manual.runbook.steps.begin(), manual.runbook.steps.end(),
                           [](const auto& s) { return s.automated || s.id == "switch-writer"; }));
  EXPECT_TRUE(std::any_of(manual.runbook.steps.begin(), manual.runbook.steps.end(),
                          [](const auto& s) { return s.id == "point-applications"; }));
}

TEST(FailoverDocument, OperationsRoleMayOnlyPublishTheFailoverMetricAndApproveRunsInTheDrRegion) {
  Stack stack = build_ha_stack({});
  const json& policy = args(stack, "aws_iam_role_policy.rds_operations_failover");
  EXPECT_EQ(policy["name"], "rds-operations-failover-rdha");
  EXPECT_EQ(policy["role"], "${aws_iam_role.rds_operations.id}");
  EXPECT_EQ(policy["policy"], "${data.aws_iam_policy_document.rds_operations_failover.json}");
  // PutMetricData has no resource-level permission: the namespace condition scopes it.
  const json statements = args(stack, "data.aws_iam_policy_document.rds_operations_failover")["statement"];
  EXPECT_EQ(statements, json::parse(R"([
    {"sid": "SwitchWriter", "effect": "Allow", "actions": ["cloudwatch:PutMetricData"], "resources": ["*"],
     "condition": [{"test": "StringEquals", "variable": "cloudwatch:namespace", "values": ["RDHA/Failover"]}]},
    {"sid": "ApprovePromotion", "effect": "Allow", "actions": ["ssm:SendAutomationSignal"],
     "resources": ["arn:${data.aws_partition.current.partition}:ssm:us-west-2:${data.aws_caller_identity.current.account_id}:automation-execution/*"]}
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

TEST(FailoverTrigger, AlarmFiresWhenDrReplicationStallsForTheConfiguredMinutes) {
  HaStack parts = build_ha_stack_parts(automatic());
  ASSERT_TRUE(parts.failover->trigger_alarm);
  const auto& alarm = *parts.failover->trigger_alarm;
  EXPECT_EQ(alarm.str(), "aws_cloudwatch_metric_alarm.primary_region_unreachable");
  EXPECT_EQ(alarm.node().provider, "aws.dr");
  EXPECT_EQ(alarm.node().placement.concern, Concern::recovery);
  const json& a = alarm.node().arguments;
  EXPECT_EQ(a["alarm_name"], "primary-region-unreachable-rdha");
  // One threshold for the three faces of a lost source: a lag growing one second per second,
  // -1 (counted as a day of lag) and no data (breaching).
  EXPECT_EQ(a["metric_query"], json::parse(R"json([
    {"id": "lag", "return_data": false,
     "metric": [{"namespace": "AWS/RDS", "metric_name": "ReplicaLag", "stat": "Maximum", "period": 60,
                 "dimensions": {"DBInstanceIdentifier": "${aws_db_instance.dr_replica.identifier}"}}]},
    {"id": "stalled", "expression": "IF(lag < 0, 86400, lag)", "label": "ReplicaLag, -1 counted as stopped",
     "return_data": true}])json"));
  EXPECT_FALSE(a.contains("metric_name"));
  EXPECT_EQ(a["comparison_operator"], "GreaterThanOrEqualToThreshold");
  EXPECT_EQ(a["threshold"], 360);
  EXPECT_EQ(a["treat_missing_data"], "breaching");
  EXPECT_EQ(a["evaluation_periods"], 10);
  EXPECT_EQ(a["datapoints_to_alarm"], 10);
  EXPECT_EQ(a["alarm_actions"], json::array({"${aws_sns_topic.dr.arn}"}));
}

TEST(FailoverTrigger, RuleStartsAnAutomaticRunWithDryRunOff) {
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
  // By name (the trigger's IAM names the same ARN and stays when the document goes), so the
  // order comes from depends_on.
  EXPECT_EQ(target["arn"],
            "arn:${data.aws_partition.current.partition}:ssm:us-west-2:${data.aws_caller_identity.current.account_id}"
            ":automation-definition/region-failover-rdha:$DEFAULT");
  const auto& after = parts.failover->trigger_target->node().depends_on;
  EXPECT_NE(std::find(after.begin(), after.end(), "aws_ssm_document.region_failover"), after.end());
  EXPECT_EQ(target["role_arn"], "${aws_iam_role.failover_trigger.arn}");
  // Trigger=automatic: only such a run may promote without approval (within max_data_loss_seconds).
  EXPECT_EQ(json::parse(target["input"].get<std::string>()),
            json::parse(R"({"DryRun": ["false"], "Trigger": ["automatic"]})"));
  const json content = document_of(parts.stack);
  const json& trigger = content["parameters"]["Trigger"];
  EXPECT_NE(std::find(trigger["allowedValues"].begin(), trigger["allowedValues"].end(), "automatic"),
            trigger["allowedValues"].end());
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
    "automatic": false, "trigger_periods": 10, "trigger_lag_seconds": 360, "max_data_loss_seconds": 60,
    "state": "normal"})"));
  const HaStackSpec merged = spec_from_json(json::parse(R"({"failover": {"automatic": true, "record_ttl": 15}})"));
  EXPECT_TRUE(merged.failover.automatic);
  EXPECT_EQ(merged.failover.record_ttl, 15);
  EXPECT_EQ(merged.failover.zone_name, "db.rdha.internal");
  const json full_schema = spec_json_schema();
  const json& schema = full_schema["properties"]["failover"]["properties"];
  EXPECT_EQ(schema["record_ttl"]["maximum"], 30);
  EXPECT_EQ(schema["max_data_loss_seconds"]["minimum"], 0);
  EXPECT_EQ(schema["max_data_loss_seconds"]["maximum"], 3600);
  EXPECT_EQ(schema["state"]["enum"], json::array({"normal", "dr_promoted"}));
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
  // Below 360 s an idle source (up to 300 s of lag) would start a failover.
  HaStackSpec eager;
  eager.failover.trigger_lag_seconds = 300;
  EXPECT_EQ(problem_at(eager, "failover.trigger_lag_seconds"),
            "300 is outside 360..3600; an idle source reports up to 300 s of lag until its WAL segment switches, plus "
            "publishing delay; more than an hour is no longer automatic.");

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
