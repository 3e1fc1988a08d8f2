// The region-loss failover procedure (rdha/dr/region_failover.hpp): the ordered steps,
// and their rendering as AWS CLI commands for the drill's runbook. The SSM Automation
// rendering of the same steps is in src/stack/failover_document.cpp; what they act on is
// read from the graph in failover_target.cpp.
#include "rdha/dr/region_failover.hpp"

#include <cctype>

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
          " only when the region is down, not for a single-AZ problem (Multi-AZ handles that)." +
          automated_note(t, "asks " + t.primary_region + " from " + t.dr_region +
                                " and refuses to promote while the writer still answers as available (split-brain "
                                "guard; RequirePrimaryUnreachable=false overrides it)."));
  add("check-dr-replica", FailoverAction::check_dr_replica, StepPhase::assess,
      "Check the DR replica " + t.dr_id + " is available",
      "Status must be available and ReadReplicaSourceDBInstanceIdentifier must name the old writer.");
  add("check-replica-lag", FailoverAction::check_replica_lag, StepPhase::assess,
      "Read the DR replica's last ReplicaLag",
      "The last value before the loss is the data-loss window (RPO): transactions committed after it are lost. "
      "Record it for the incident report." +
          automated_note(t,
                         "refuses to promote when the last reported lag exceeds MaxReplicaLagSeconds; with "
                         "DryRun=true (the default) it stops here."));
  add("promote-dr-replica", FailoverAction::promote, StepPhase::recover,
      "Promote " + t.dr_id + " to a standalone writer",
      "Irreversible: the instance stops replicating and accepts writes; it can never again follow the old writer. "
      "Backups stay on (" +
          std::to_string(t.backup_retention_days) + " days). Make sure no application still writes to " + t.primary_id +
          " (it may come back with the region).",
      true);
  add("wait-for-new-writer", FailoverAction::wait_available, StepPhase::recover,
      "Wait until " + t.dr_id + " is available as the writer",
      "The promotion takes a few minutes and ends with a reboot; the instance then accepts writes.");
  if (!t.dr_multi_az)
    add("enable-multi-az", FailoverAction::enable_multi_az, StepPhase::recover, "Make the new writer Multi-AZ",
        "The promoted instance is single-AZ; give it a synchronous standby so it survives an AZ loss in " +
            t.dr_region + ".");
  if (!t.zone_name.empty())
    add("switch-writer-dns", FailoverAction::switch_writer_dns, StepPhase::recover,
        "Point " + t.writer_record + " at the new writer",
        "Applications connect to " + t.writer_record + "; after this UPSERT (TTL " + std::to_string(t.record_ttl) +
            " s) new connections reach " + t.dr_id +
            ". Terraform ignores this record's value, so the next apply "
            "does not switch it back.");
  if (!t.topic_name.empty())
    add("notify-operators", FailoverAction::notify, StepPhase::recover, "Tell the operators the DR region took over",
        "Publishes to " + t.topic_name + " in " + t.dr_region + ", which every alarm subscriber receives.");
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
    case FailoverAction::check_replica_lag:
      return {replica_lag_command(t.dr_region, t.dr_id)};
    case FailoverAction::promote:
      return {rds_command("promote-read-replica", t.dr_region,
                          "--db-instance-identifier " + dr_id + " --backup-retention-period " +
                              std::to_string(t.backup_retention_days))};
    case FailoverAction::wait_available:
      return {rds_command("wait db-instance-available", t.dr_region, "--db-instance-identifier " + dr_id)};
    case FailoverAction::enable_multi_az:
      return {rds_command("modify-db-instance", t.dr_region,
                          "--db-instance-identifier " + dr_id + " --multi-az --apply-immediately")};
    case FailoverAction::switch_writer_dns: {
      const std::string zone = t.zone_name + ".";
      return {"ZONE_ID=$(aws route53 list-hosted-zones-by-name --dns-name " + t.zone_name +
                  " --query \"HostedZones[?Name=='" + zone + "' && Config.PrivateZone].Id | [0]\" --output text)",
              "NEW_WRITER=$(" +
                  rds_command("describe-db-instances", t.dr_region,
                              "--db-instance-identifier " + dr_id +
                                  " --query 'DBInstances[0].Endpoint.Address' --output text") +
                  ")",
              "aws route53 change-resource-record-sets --hosted-zone-id \"$ZONE_ID\" --change-batch "
              "'{\"Changes\":[{\"Action\":\"UPSERT\",\"ResourceRecordSet\":{\"Name\":\"" +
                  t.writer_record + "\",\"Type\":\"CNAME\",\"TTL\":" + std::to_string(t.record_ttl) +
                  ",\"ResourceRecords\":[{\"Value\":\"'\"$NEW_WRITER\"'\"}]}}]}'"};
    }
    case FailoverAction::notify: {
      std::vector<std::string> out = account_lookup(t.dr_region);
      out.push_back("aws sns publish --region " + t.dr_region + " --topic-arn \"arn:${PARTITION}:sns:" + t.dr_region +
                    ":${ACCOUNT_ID}:" + t.topic_name + "\" --subject " +
                    shell_quote("Region failover: " + t.dr_id + " is the writer") + " --message " +
                    shell_quote(t.dr_id + " in " + t.dr_region + " was promoted after the loss of " + t.primary_region +
                                (t.zone_name.empty() ? "." : "; " + t.writer_record + " points at it.")));
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
  out.target = on_primary ? t.primary_address : (step.action == FailoverAction::notify ? "" : t.dr_address);
  if (step.action == FailoverAction::switch_writer_dns) out.target = "";
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
