// The region-loss failover procedure (rdha/dr/region_failover.hpp): the ordered steps,
// and their rendering as AWS CLI commands for the drill's runbook. The SSM Automation
// rendering of the same steps is in src/stack/failover_document.cpp; what they act on is
// read from the graph in failover_target.cpp.
#include "rdha/dr/region_failover.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "dr/aws_cli.hpp"

namespace rdha::dr {
namespace {

using detail::account_lookup;
using detail::describe_instance;
using detail::rds_command;
using detail::replica_lag_command;
using detail::shell_quote;

// What the automation does beyond the manual step, appended to the step's description
// when the stack has the document.
std::string automated_note(const RegionFailoverTarget& t, const std::string& note) {
  return t.document_name.empty() ? std::string() : " Automation " + t.document_name + ": " + note;
}

}  // namespace

std::vector<FailoverStep> region_failover_steps(const RegionFailoverTarget& t) {
  std::vector<FailoverStep> steps;
  const auto add = [&](std::string id, FailoverAction action, StepPhase phase, std::string title,
                       std::string description, bool irreversible = false) {
    steps.push_back({std::move(id), action, phase, std::move(title), std::move(description), irreversible});
  };
  add("confirm-region-failure", FailoverAction::confirm_region_failure, StepPhase::assess,
      "Confirm the writer in " + t.primary_region + " is unreachable",
      "Expect an error or a non-available status. Fail over to " + t.dr_region +
          " only when the region (or the writer) is lost, not for a single-AZ problem (Multi-AZ handles that)." +
          automated_note(t, "asks " + t.primary_region + " from " + t.dr_region +
                                " and refuses to promote while the writer still answers as available (split-brain "
                                "guard; RequirePrimaryUnreachable=false overrides it)."));
  add("check-dr-replica", FailoverAction::check_dr_replica, StepPhase::assess,
      "Check the DR replica " + t.dr_id + " is available",
      "Status must be available and ReadReplicaSourceDBInstanceIdentifier must name the old writer.");
  add("estimate-data-loss", FailoverAction::estimate_data_loss, StepPhase::assess,
      "Estimate the data loss from " + t.dr_id + "'s ReplicaLag",
      "Read in " + t.dr_region + " only (the lost region's CloudWatch is down too). Once the source is gone the lag "
          "grows one second per second, so its current value is not the loss: the lag just before that growth "
          "began is, and transactions committed within it are lost. No datapoints, a series that ended or a lag "
          "of -1 (replication inactive) leave it unknown. Record it for the incident report." +
          automated_note(t,
                         "computes it (src/dr/automation/estimate_data_loss.py); with DryRun=true (the default) it "
                         "stops here."));
  add("approve-promotion", FailoverAction::approve_promotion, StepPhase::recover,
      "Accept the estimated data loss",
      "A person decides: promoting gives up the transactions within the estimate, waiting keeps the outage. "
      "Nothing is refused because time passed." +
          automated_note(t,
                         "skips this only when the automatic trigger started it and the estimate is at most "
                         "MaxDataLossSeconds, or when the operator passed AcceptedDataLossSeconds covering it; "
                         "otherwise it pages the DR topic and waits at an approval (Approvers)."));
  add("promote-dr-replica", FailoverAction::promote, StepPhase::recover,
      "Promote " + t.dr_id + " to a standalone writer",
      "Irreversible: the instance stops replicating and accepts writes; it can never again follow the old writer. "
      "Backups stay on (" +
          std::to_string(t.backup_retention_days) + " days). Make sure no application still writes to " + t.primary_id +
          " (it may come back with the region).",
      true);
  add("wait-for-new-writer", FailoverAction::wait_for_promotion, StepPhase::recover,
      "Wait until " + t.dr_id + " is available as the writer",
      "The promotion takes a few minutes and ends with a reboot; the instance then accepts writes. Right after "
      "the promote call it may still report available as a replica: repeat both commands until the second prints "
      "`available None` (no replication source left).");
  if (!t.dr_multi_az)
    add("enable-multi-az", FailoverAction::enable_multi_az, StepPhase::recover, "Make the new writer Multi-AZ",
        "The promoted instance is single-AZ; give it a synchronous standby so it survives an AZ loss in " +
            t.dr_region + ".");
  if (t.writer_switch) {
    const WriterSwitch& w = *t.writer_switch;
    add("switch-writer", FailoverAction::switch_writer, StepPhase::recover,
        "Switch " + t.writer_record + " to the new writer",
        "Publishes " + w.metric_namespace + " " + w.metric + " = 1 in " + w.region +
            " (a CloudWatch data-plane call there). The alarm " + w.alarm +
            " goes off, the Route 53 health check of the primary writer record follows its data and turns "
            "unhealthy, and " + t.writer_record + " answers " + t.dr_id + " (the failover record's secondary) "
            "within about a minute plus the TTL (" + std::to_string(t.record_ttl) +
            " s). The check keeps its last status once the datapoint ages out, so the switch holds; nothing "
            "calls Route 53's control plane. Only after the promotion: before it, the name must never point at "
            "a read-only replica.");
  }
  if (!t.topic_name.empty())
    add("notify-operators", FailoverAction::notify, StepPhase::recover, "Tell the operators the DR region took over",
        "Publishes to " + t.topic_name + " in " + t.dr_region + ", which every alarm subscriber receives." +
            automated_note(t, "a failed notification does not fail the completed failover; the output "
                              "NotificationFailed.Notification says so."));
  return steps;
}

std::vector<std::string> failover_commands(const FailoverStep& step, const RegionFailoverTarget& t) {
  const std::string dr_id = shell_quote(t.dr_id);
  switch (step.action) {
    case FailoverAction::confirm_region_failure:
      return {describe_instance(t.primary_region, t.primary_id, "DBInstances[0].[DBInstanceStatus,AvailabilityZone]")};
    case FailoverAction::check_dr_replica:
      return {describe_instance(t.dr_region, t.dr_id,
                                "DBInstances[0].[DBInstanceStatus,ReadReplicaSourceDBInstanceIdentifier,MultiAZ,"
                                "Endpoint.Address]")};
    case FailoverAction::estimate_data_loss:
      // The hours the estimator reads (src/dr/automation/estimate_data_loss.py, LOOKBACK).
      return {replica_lag_command(t.dr_region, t.dr_id, 180)};
    case FailoverAction::approve_promotion:
      return {};  // a decision, not a command
    case FailoverAction::promote:
      return {rds_command("promote-read-replica", t.dr_region,
                          "--db-instance-identifier " + dr_id + " --backup-retention-period " +
                              std::to_string(t.backup_retention_days))};
    case FailoverAction::wait_for_promotion:
      return {rds_command("wait db-instance-available", t.dr_region, "--db-instance-identifier " + dr_id),
              describe_instance(t.dr_region, t.dr_id,
                                "DBInstances[0].[DBInstanceStatus,ReadReplicaSourceDBInstanceIdentifier]")};
    case FailoverAction::enable_multi_az:
      return {rds_command("modify-db-instance", t.dr_region,
                          "--db-instance-identifier " + dr_id + " --multi-az --apply-immediately")};
    case FailoverAction::switch_writer: {
      if (!t.writer_switch) return {};
      const WriterSwitch& w = *t.writer_switch;
      const nlohmann::json datum = nlohmann::json::array(
          {{{"MetricName", w.metric},
            {"Dimensions", nlohmann::json::array({{{"Name", w.dimension}, {"Value", w.dimension_value}}})},
            {"Value", 1},
            {"Unit", "Count"}}});
      return {"aws cloudwatch put-metric-data --region " + w.region + " --namespace " +
              shell_quote(w.metric_namespace) + " --metric-data " + shell_quote(datum.dump())};
    }
    case FailoverAction::notify: {
      std::vector<std::string> out = account_lookup(t.dr_region);
      out.push_back("aws sns publish --region " + t.dr_region + " --topic-arn \"arn:${PARTITION}:sns:" + t.dr_region +
                    ":${ACCOUNT_ID}:" + t.topic_name + "\" --subject " +
                    shell_quote("Region failover: " + t.dr_id + " is the writer") + " --message " +
                    shell_quote(t.dr_id + " in " + t.dr_region + " was promoted after the loss of " + t.primary_region +
                                (t.writer_switch ? "; " + t.writer_record + " points at it." : ".")));
      return out;
    }
  }
  return {};
}

RunbookStep to_runbook_step(const FailoverStep& step, const RegionFailoverTarget& t) {
  RunbookStep out;
  out.id = step.id;
  out.phase = step.phase;
  out.title = step.title;
  out.description = step.description;
  const bool on_primary = step.action == FailoverAction::confirm_region_failure;
  out.region = on_primary ? t.primary_region : t.dr_region;
  const bool on_instance = step.action != FailoverAction::notify && step.action != FailoverAction::switch_writer &&
                           step.action != FailoverAction::approve_promotion;
  out.target = on_primary ? t.primary_address : (on_instance ? t.dr_address : "");
  out.commands = failover_commands(step, t);
  out.irreversible = step.irreversible;
  out.automated = !t.document_name.empty();
  return out;
}

std::string automation_step_name(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-' || c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

}  // namespace rdha::dr
