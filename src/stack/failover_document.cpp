// The region-loss automation document: each step of the shared procedure
// (dr::region_failover_steps) becomes one SSM Automation step, named after the
// step's ID, in the procedure's order. A DryRun branch after the assess steps ends the
// execution before anything changes (DryRun defaults to true, so a manual start only
// checks); the automatic trigger passes DryRun=false.
//
// API-call steps use aws:executeAwsApi / aws:assertAwsResourceProperty /
// aws:waitForAwsResourceProperty. Two guards need more than an API call and a string
// comparison, and are aws:executeScript steps: confirming the loss asks the primary
// region (executeAwsApi only calls the execution's own region), and the data-loss guard
// compares the DR replica's last reported ReplicaLag with a number.
#include "failover_document.hpp"

#include <utility>
#include <vector>

namespace rdha::stack::detail {
namespace {

using dr::FailoverAction;
using dr::FailoverStep;
using Json = nlohmann::json;

// Inputs that read one DB instance's status and expect it to be "available".
Json instance_available(const std::string& instance) {
  return {{"Service", "rds"},
          {"Api", "DescribeDBInstances"},
          {"DBInstanceIdentifier", instance},
          {"PropertySelector", "$.DBInstances[0].DBInstanceStatus"},
          {"DesiredValues", {"available"}}};
}

// Split-brain guard: the old writer must not answer as available. Connection failures
// and 5xx answers mean the region is unreachable; any other error (no permission, no such
// instance) stops the automation rather than passing the guard.
constexpr const char* kConfirmScript = R"py(import boto3
import botocore.config
import botocore.exceptions

UNREACHABLE = (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectTimeoutError,
               botocore.exceptions.ReadTimeoutError)


def handler(events, context):
    if not events['RequirePrimaryUnreachable']:
        return dict(status='not checked (RequirePrimaryUnreachable=false)')
    config = botocore.config.Config(connect_timeout=5, read_timeout=10, retries=dict(max_attempts=2))
    rds = boto3.client('rds', region_name=events['PrimaryRegion'], config=config)
    try:
        found = rds.describe_db_instances(DBInstanceIdentifier=events['PrimaryInstanceId'])
    except UNREACHABLE as error:
        return dict(status='unreachable: ' + type(error).__name__)
    except botocore.exceptions.ClientError as error:
        if error.response.get('ResponseMetadata', dict()).get('HTTPStatusCode', 0) >= 500:
            return dict(status='failing: ' + error.response['Error']['Code'])
        raise
    status = found['DBInstances'][0]['DBInstanceStatus']
    if status == 'available':
        raise Exception('the writer ' + events['PrimaryInstanceId'] + ' in ' + events['PrimaryRegion'] +
                        ' answers as available: not promoting (split brain). Start again with '
                        'RequirePrimaryUnreachable=false only when applications cannot reach it.')
    return dict(status=status)
)py";

// Data-loss guard: the DR replica's last non-negative ReplicaLag of the past hour (RDS
// reports -1 or nothing once replication stops, so this is the lag when it stopped).
constexpr const char* kLagScript = R"py(import datetime

import boto3


def handler(events, context):
    end = datetime.datetime.now(datetime.timezone.utc)
    start = end - datetime.timedelta(hours=1)
    metric = dict(Namespace='AWS/RDS', MetricName='ReplicaLag',
                  Dimensions=[dict(Name='DBInstanceIdentifier', Value=events['DrInstanceId'])])
    query = dict(Id='lag', MetricStat=dict(Metric=metric, Period=60, Stat='Maximum'))
    result = boto3.client('cloudwatch').get_metric_data(
        MetricDataQueries=[query], StartTime=start, EndTime=end, ScanBy='TimestampDescending')
    values = [value for value in result['MetricDataResults'][0]['Values'] if value >= 0]
    if not values:
        raise Exception('no ReplicaLag of ' + events['DrInstanceId'] + ' in the last hour: the data-loss window '
                        'is unknown. Check it by hand, then raise MaxReplicaLagSeconds to proceed.')
    lag = values[0]
    if lag > events['MaxReplicaLagSeconds']:
        raise Exception('the last ReplicaLag of ' + events['DrInstanceId'] + ' is ' + str(lag) +
                        ' s, above MaxReplicaLagSeconds: promoting would lose that much. Raise '
                        'MaxReplicaLagSeconds to accept it.')
    return dict(replica_lag_seconds=int(lag))
)py";

// Parameter references inside step inputs ("{{ DrInstanceId }}").
std::string param(const char* name) { return std::string("{{ ") + name + " }}"; }

// The document with references as tokens, and the expressions they stand for.
struct Rendered {
  Json document;
  std::vector<std::pair<std::string, Expr>> references;
};

class Renderer {
 public:
  explicit Renderer(const FailoverDocumentInputs& inputs) : in_(inputs), t_(inputs.target) {}

  Rendered render() {
    Json doc = Json::object();
    doc["schemaVersion"] = "0.3";
    doc["description"] = "Region-loss failover of " + t_.primary_id + " (" + t_.primary_region + ") to " + t_.dr_id +
                         " (" + t_.dr_region +
                         "), generated by rdha from the runbook `rdha drill --fail region:" + t_.primary_region +
                         "` prints. DryRun (default true) stops after the checks; the promotion is irreversible.";
    doc["assumeRole"] = param("AutomationAssumeRole");
    doc["parameters"] = parameters();
    doc["mainSteps"] = steps();
    doc["outputs"] = Json::array({dr::automation_step_name("confirm-region-failure") + ".PrimaryStatus",
                                  dr::automation_step_name("check-replica-lag") + ".ReplicaLagSeconds"});
    return {std::move(doc), std::move(references_)};
  }

 private:
  const FailoverDocumentInputs& in_;
  const dr::RegionFailoverTarget& t_;
  std::vector<std::pair<std::string, Expr>> references_;

  std::string reference(const Expr& expr) {
    std::string token = "@@rdha-ref-" + std::to_string(references_.size()) + "@@";
    references_.emplace_back(token, expr);
    return token;
  }

  Json parameters() {
    Json p = Json::object();
    const auto add = [&](const char* name, const char* type, Json value, std::string description) {
      p[name] = {{"type", type}, {"default", std::move(value)}, {"description", std::move(description)}};
    };
    add("AutomationAssumeRole", "String", reference(in_.role_arn),
        "Role the automation assumes: the stack's RDS-operations role.");
    add("PrimaryRegion", "String", t_.primary_region, "Region of the lost writer.");
    add("PrimaryInstanceId", "String", t_.primary_id, "Identifier of the lost writer.");
    add("DrInstanceId", "String", t_.dr_id, "Identifier of the DR replica to promote.");
    add("BackupRetentionDays", "Integer", t_.backup_retention_days, "Backup retention of the promoted writer (days).");
    add("MaxReplicaLagSeconds", "Integer", in_.max_replica_lag_seconds,
        "Refuse to promote when the DR replica's last reported lag (the data-loss window) is above this.");
    if (!t_.zone_name.empty()) {
      add("HostedZoneId", "String", reference(in_.zone_id), "Private hosted zone of " + t_.zone_name + ".");
      add("WriterRecordName", "String", t_.writer_record, "The writer's DNS name.");
      add("NewWriterAddress", "String", reference(in_.new_writer_address), "Address of the DR replica.");
    }
    if (!t_.topic_name.empty())
      add("NotificationTopicArn", "String", reference(in_.topic_arn), "SNS topic of the DR region.");
    add("RequirePrimaryUnreachable", "Boolean", true,
        "Refuse to promote while the old writer answers as available (split-brain guard).");
    add("DryRun", "Boolean", true, "Stop after the checks, before the promotion.");
    return p;
  }

  // The step performing @p s: its action and inputs, named after the runbook step.
  Json step(const FailoverStep& s) const {
    Json out = action(s.action);
    out["name"] = dr::automation_step_name(s.id);
    out["description"] = s.title + " (runbook step " + s.id + ")";
    return out;
  }

  Json action(FailoverAction action) const {
    const std::string db = param("DrInstanceId");
    switch (action) {
      case FailoverAction::confirm_region_failure: return confirm_region_failure();
      case FailoverAction::check_dr_replica:
        return {{"action", "aws:assertAwsResourceProperty"}, {"inputs", instance_available(db)}};
      case FailoverAction::check_replica_lag: return check_replica_lag();
      case FailoverAction::promote:
        return {{"action", "aws:executeAwsApi"},
                {"inputs",
                 {{"Service", "rds"},
                  {"Api", "PromoteReadReplica"},
                  {"DBInstanceIdentifier", db},
                  {"BackupRetentionPeriod", param("BackupRetentionDays")}}}};
      case FailoverAction::wait_available:
        return {{"action", "aws:waitForAwsResourceProperty"}, {"timeoutSeconds", 3600}, {"inputs", instance_available(db)}};
      case FailoverAction::enable_multi_az:
        return {{"action", "aws:executeAwsApi"},
                {"inputs",
                 {{"Service", "rds"},
                  {"Api", "ModifyDBInstance"},
                  {"DBInstanceIdentifier", db},
                  {"MultiAZ", true},
                  {"ApplyImmediately", true}}}};
      case FailoverAction::switch_writer_dns: return switch_writer_dns();
      case FailoverAction::notify: return notify();
    }
    return Json::object();
  }

  static Json confirm_region_failure() {
    return {{"action", "aws:executeScript"},
            {"inputs",
             {{"Runtime", "python3.11"},
              {"Handler", "handler"},
              {"Script", kConfirmScript},
              {"InputPayload",
               {{"PrimaryRegion", param("PrimaryRegion")},
                {"PrimaryInstanceId", param("PrimaryInstanceId")},
                {"RequirePrimaryUnreachable", param("RequirePrimaryUnreachable")}}}}},
            {"outputs", Json::array({{{"Name", "PrimaryStatus"}, {"Selector", "$.Payload.status"}, {"Type", "String"}}})}};
  }

  static Json check_replica_lag() {
    return {{"action", "aws:executeScript"},
            {"inputs",
             {{"Runtime", "python3.11"},
              {"Handler", "handler"},
              {"Script", kLagScript},
              {"InputPayload",
               {{"DrInstanceId", param("DrInstanceId")}, {"MaxReplicaLagSeconds", param("MaxReplicaLagSeconds")}}}}},
            {"outputs", Json::array({{{"Name", "ReplicaLagSeconds"},
                                      {"Selector", "$.Payload.replica_lag_seconds"},
                                      {"Type", "Integer"}}})}};
  }

  // Route 53's control plane is in us-east-1: retry when the primary region is that one.
  Json switch_writer_dns() const {
    const Json record = {{"Name", param("WriterRecordName")},
                         {"Type", "CNAME"},
                         {"TTL", t_.record_ttl},
                         {"ResourceRecords", Json::array({{{"Value", param("NewWriterAddress")}}})}};
    return {{"action", "aws:executeAwsApi"},
            {"maxAttempts", 5},
            {"inputs",
             {{"Service", "route53"},
              {"Api", "ChangeResourceRecordSets"},
              {"HostedZoneId", param("HostedZoneId")},
              {"ChangeBatch",
               {{"Comment", "rdha region failover: writer to " + t_.dr_id},
                {"Changes", Json::array({{{"Action", "UPSERT"}, {"ResourceRecordSet", record}}})}}}}}};
  }

  Json notify() const {
    return {{"action", "aws:executeAwsApi"},
            {"inputs",
             {{"Service", "sns"},
              {"Api", "Publish"},
              {"TopicArn", param("NotificationTopicArn")},
              {"Subject", "Region failover: " + t_.dr_id + " is the writer"},
              {"Message", t_.dr_id + " in " + t_.dr_region + " was promoted after the loss of " + t_.primary_region +
                              " by automation execution {{ automation:EXECUTION_ID }}" +
                              (t_.zone_name.empty() ? "." : "; " + t_.writer_record + " points at it.")}}}};
  }

  Json steps() const {
    const auto procedure = dr::region_failover_steps(t_);
    Json out = Json::array();
    bool gated = false;
    for (std::size_t i = 0; i < procedure.size(); ++i) {
      const FailoverStep& s = procedure[i];
      if (!gated && s.phase != dr::StepPhase::assess) {
        gated = true;
        out.push_back(
            {{"name", kDryRunGate},
             {"description", "Stop here when DryRun is true: nothing has changed yet."},
             {"action", "aws:branch"},
             {"inputs",
              {{"Choices",
                Json::array({{{"NextStep", kDryRunComplete}, {"Variable", param("DryRun")}, {"BooleanEquals", true}}})},
               {"Default", dr::automation_step_name(s.id)}}}});
      }
      out.push_back(step(s));
    }
    out.back()["isEnd"] = true;
    out.push_back({{"name", kDryRunComplete},
                   {"description", "Dry run: the checks passed; nothing was changed."},
                   {"action", "aws:sleep"},
                   {"inputs", {{"Duration", "PT1S"}}},
                   {"isEnd", true}});
    return out;
  }
};

// Replaces the tokens in every string of @p value.
void substitute(Json& value, const std::vector<std::pair<std::string, Expr>>& references) {
  if (value.is_string()) {
    auto& text = value.get_ref<std::string&>();
    for (const auto& [token, expr] : references)
      for (auto at = text.find(token); at != std::string::npos; at = text.find(token))
        text.replace(at, token.size(), expr.interpolated());
  } else if (value.is_structured()) {
    for (auto& item : value) substitute(item, references);
  }
}

}  // namespace

nlohmann::json failover_document(const FailoverDocumentInputs& inputs) {
  Rendered rendered = Renderer(inputs).render();
  substitute(rendered.document, rendered.references);
  return std::move(rendered.document);
}

Arg<tf::String> failover_document_content(const FailoverDocumentInputs& inputs) {
  const Rendered rendered = Renderer(inputs).render();
  // Escape the literal text, then put the references in as interpolations.
  std::string text = escape_template(rendered.document.dump(2));
  for (const auto& [token, expr] : rendered.references)
    for (auto at = text.find(token); at != std::string::npos; at = text.find(token))
      text.replace(at, token.size(), expr.interpolated());
  return Arg<tf::String>::from_json(std::move(text));
}

}  // namespace rdha::stack::detail
