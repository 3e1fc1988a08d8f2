// The drill's runbook steps for a region loss (runbook_steps.hpp): promoting the
// cross-region replica through the shared region-loss procedure (rdha/dr/region_failover.hpp)
// and failing back when the region returns; a total outage without anything to promote;
// and the loss of the DR region itself.
#include "analysis/drill/runbook_steps.hpp"
#include "core/stack_view.hpp"
#include "rdha/dr/region_failover.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

// ---- promotion of the cross-region replica ------------------------------------------------

// The shared region-loss procedure (also the stack's automation document), with the
// manual-only steps between: the secret replica before applications reconnect, and a
// manual repoint when the stack has no writer DNS name.
void failover_procedure(const DrillFacts& f, const RegionFailoverTarget& failover, const DbNode& target, Runbook& rb) {
  const std::string& dr = target.region;
  bool secrets_added = false;
  const auto add_secret_steps = [&] {
    if (secrets_added) return;
    secrets_added = true;
    for (const auto& name : secrets_replicated_to(*f.stack, dr))
      add(rb, {"promote-secret-replica", StepPhase::recover, "Make the secret replica in " + dr + " standalone",
               "Stops replication from " + f.region + " so the secret can be read, updated and rotated in " + dr +
                   " while the primary region is down.",
               dr, "", {"aws secretsmanager stop-replication-to-replica --region " + dr + " --secret-id " + q(name)},
               false});
  };
  for (const auto& step : region_failover_steps(failover)) {
    if (step.action == FailoverAction::switch_writer || step.action == FailoverAction::notify) add_secret_steps();
    add(rb, to_runbook_step(step, failover));
  }
  add_secret_steps();
  if (!failover.writer_switch)
    add(rb, {"point-applications", StepPhase::recover, "Point applications at the new writer's endpoint",
             "Update the applications' database host (configuration or DNS) to this endpoint; credentials come from "
             "the secret in " + dr + ".",
             dr, target.address,
             {rds("describe-db-instances", dr, "--db-instance-identifier " + q(failover.dr_id) +
                                                   " --query 'DBInstances[0].Endpoint.[Address,Port]' --output text")},
             false});
}

// The promoted writer and the alarms of its region.
void verify_new_writer(const DrillFacts& f, const DbNode& target, Runbook& rb) {
  const std::string& dr = target.region;
  const std::string id = identifier_or_placeholder(target);
  add(rb, {"verify-new-writer", StepPhase::verify, "Verify the new writer",
           "Expect status available, no replication source, backups on. The events list shows the promotion.", dr,
           target.address,
           {describe_instance(dr, id,
                              "DBInstances[0].[DBInstanceStatus,ReadReplicaSourceDBInstanceIdentifier,"
                              "BackupRetentionPeriod,MultiAZ]"),
            events_command(dr, id)},
           false});
  const auto alarms = alarm_names_in(*f.stack, dr);
  if (alarms.empty()) return;
  add(rb, {"verify-dr-alarms", StepPhase::verify, "Check the alarms in " + dr,
           "The ReplicaLag alarm of the promoted instance goes to INSUFFICIENT_DATA (it no longer replicates). "
           "Check that CPU, connection, storage and memory alarms watch the new writer; the old writer's alarms "
           "were in " + f.region + ".",
           dr, "",
           {"aws cloudwatch describe-alarms --region " + dr + " --alarm-names " + join(alarms, " ") +
            " --query 'MetricAlarms[].[AlarmName,StateValue]' --output table"},
           false});
}

// ---- failback when the old region returns ---------------------------------------------------

void snapshot_old_writer(const DrillFacts& f, const RegionFailoverTarget& failover, Runbook& rb) {
  const std::string& old_id = failover.primary_id;
  const std::string snapshot = old_id + "-after-region-loss";
  add(rb, {"snapshot-old-writer", StepPhase::failback, "Snapshot the old writer when " + f.region + " returns",
           "The old writer may hold transactions that never reached " + failover.dr_region +
               "; keep them in a snapshot for reconciliation before retiring it.",
           f.region, failover.primary_address,
           {rds("create-db-snapshot", f.region,
                "--db-instance-identifier " + q(old_id) + " --db-snapshot-identifier " + q(snapshot)),
            rds("wait db-snapshot-available", f.region, "--db-snapshot-identifier " + q(snapshot))},
           false});
}

// The old writer and its readers diverged: delete them (readers first, they replicate
// from the writer).
void retire_old_instances(const DrillFacts& f, const RegionFailoverTarget& failover, Runbook& rb) {
  std::vector<std::string> old_ids;
  for (std::size_t r : f.lost_readers) old_ids.push_back(identifier_or_placeholder(f.topology.nodes[r]));
  old_ids.push_back(failover.primary_id);
  std::vector<std::string> retire;
  for (const auto& old : old_ids) {
    retire.push_back(rds("modify-db-instance", f.region,
                         "--db-instance-identifier " + q(old) + " --no-deletion-protection --apply-immediately"));
    retire.push_back(rds("delete-db-instance", f.region,
                         "--db-instance-identifier " + q(old) + " --skip-final-snapshot --no-delete-automated-backups"));
  }
  for (const auto& old : old_ids)
    retire.push_back(rds("wait db-instance-deleted", f.region, "--db-instance-identifier " + q(old)));
  add(rb, {"retire-old-instances", StepPhase::failback, "Retire the old writer and readers in " + f.region,
           "Irreversible. They diverged from the new writer (split brain) and hold its identifiers; the snapshot "
           "from the previous step keeps the old writer's data.",
           f.region, failover.primary_address, retire, true});
}

// The old writer's identifier, network and hardening, as a replica of the new writer.
void recreate_replica_in_old_region(const DrillFacts& f, const RegionFailoverTarget& failover,
                                    const DbNode& old_writer, Runbook& rb) {
  const Stack& stack = *f.stack;
  const Resource& old_db = stack.resource(old_writer.index);
  const std::string& old_id = failover.primary_id;
  std::vector<std::string> recreate = account_lookup(failover.dr_region);
  if (const auto groups = security_group_names(stack, old_db); !groups.empty())
    recreate.push_back(sg_lookup(f.region, groups));
  recreate.push_back(
      cross_region_replica_command(stack, old_db, f.region, old_id, failover.dr_region, failover.dr_id));
  recreate.push_back(rds("wait db-instance-available", f.region, "--db-instance-identifier " + q(old_id)));
  add(rb, {"recreate-replica-in-old-region", StepPhase::failback,
           "Re-create " + old_id + " in " + f.region + " as a replica of " + failover.dr_id,
           "Restores cross-region protection, now in the other direction, with the old writer's name, network and "
           "hardening. Re-create the readers the same way once it is available.",
           f.region, old_writer.address, recreate, false});
}

void reconcile_terraform(const RegionFailoverTarget& failover, Runbook& rb) {
  const std::string& id = failover.dr_id;
  const std::string& old_id = failover.primary_id;
  add(rb, {"reconcile-terraform", StepPhase::failback, "Reconcile Terraform with the new topology",
           "The configuration still describes " + old_id + " as the writer and " + id +
               " as its replica. Do not apply it: set failover.state to \"dr_promoted\" (rdha synth), which "
               "adopts " + id + " as the writer and forgets the lost instances without deleting them, and plan "
               "with -refresh=false while " + failover.primary_region +
               " is down (docs/failover.md). A secret replica promoted above is a standalone secret Terraform no "
               "longer tracks: import it or delete it once the old region's secret serves again." +
               (failover.writer_switch ? " " + failover.writer_record + " keeps answering " + id + " until " +
                                             failover.writer_switch->metric + " = 0 is published (the failback)."
                                       : std::string()),
           "", "", {"terraform plan -refresh=false -detailed-exitcode"}, false});
}

// ---- nothing to promote ---------------------------------------------------------------------

// The key the backups replication encrypts with: the region's customer-managed key (its
// alias), or the alias it looked up (aws/rds).
std::string replicated_backup_key(const Stack& stack, const Resource& replication, const std::string& region) {
  for (std::size_t target : targets_of(stack, replication, "kms_key_id")) {
    const Resource& key = stack.resource(target);
    if (key.address.type == "aws_kms_alias")
      if (auto name = literal_string(arg(key, "name"))) return *name;
  }
  return kms_key_for_region(stack, region);
}

// The only copy outside the region: a point-in-time restore of the replicated backups, into
// the stack's own DB network of that region; without it the instance gets "the default
// security group, the default subnet group, and the default DB parameter group"
// ("RestoreDBInstanceToPointInTime", Amazon RDS API Reference,
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceToPointInTime.html).
// That call has no KMS key parameter: the instance keeps the key of the replicated backups,
// the one the backups replication names ("Replicating automated backups to another AWS
// Region", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html).
void restore_replicated_backup(const DrillFacts& f, const DbNode& writer, std::size_t backup, Runbook& rb) {
  const Stack& stack = *f.stack;
  const Resource& b = stack.resource(backup);
  const Resource& model = stack.resource(writer.index);
  const std::string where = b.placement.region;
  const std::string id = identifier_or_placeholder(writer);
  const RegionDbNetwork network = db_network_in(stack, where, model);
  std::vector<std::string> commands = {
      "BACKUP_ARN=$(aws rds describe-db-instance-automated-backups --region " + where +
      " --query \"DBInstanceAutomatedBackups[?DBInstanceIdentifier=='" + id +
      "'].DBInstanceAutomatedBackupsArn | [0]\" --output text)"};
  if (!network.security_groups.empty()) commands.push_back(sg_lookup(where, network.security_groups));
  commands.push_back(rds(
      "restore-db-instance-to-point-in-time", where,
      "--source-db-instance-automated-backups-arn \"$BACKUP_ARN\" --target-db-instance-identifier " +
          q(id + "-restored") + " --use-latest-restorable-time --db-subnet-group-name " + q(network.subnet_group) +
          " --db-parameter-group-name " + q(network.parameter_group) +
          (network.security_groups.empty() ? "" : " --vpc-security-group-ids $SG_IDS") +
          " --no-publicly-accessible" + (literal_bool(arg(model, "multi_az")) == true ? " --multi-az" : "")));
  commands.push_back(rds("wait db-instance-available", where, "--db-instance-identifier " + q(id + "-restored")));
  const std::string groups =
      network.security_groups.empty()
          ? "no security group of the stack admits the port there (the region's default group applies)"
          : (network.security_groups.size() > 1 ? "security groups " : "security group ") +
                join(network.security_groups, ", ") + " (IDs looked up by name)";
  add(rb, {"restore-replicated-backup", StepPhase::recover, "Restore the replicated backups in " + where,
           "The only copy outside " + f.region + ": restores to the latest restorable time (data after it is "
           "lost) into the stack's network in " + where + ": DB subnet group " + network.subnet_group +
               ", parameter group " + network.parameter_group + ", " + groups +
               ". The instance keeps the key of the replicated backups, " + replicated_backup_key(stack, b, where) +
               ".",
           where, b.address.str(), commands, false});
}

}  // namespace

void region_promotion_steps(const DrillFacts& f, Runbook& rb) {
  const DbNode& target = f.topology.nodes[*f.promotion_target];
  const RegionFailoverTarget failover = region_failover_target(*f.stack, target.index);
  failover_procedure(f, failover, target, rb);
  verify_new_writer(f, target, rb);
  if (!target.source) return;
  snapshot_old_writer(f, failover, rb);
  retire_old_instances(f, failover, rb);
  recreate_replica_in_old_region(f, failover, f.topology.nodes[*target.source], rb);
  reconcile_terraform(failover, rb);
}

void region_outage_steps(const DrillFacts& f, Runbook& rb) {
  for (std::size_t w : f.affected_writers) {
    const DbNode& writer = f.topology.nodes[w];
    const std::string id = identifier_or_placeholder(writer);
    add(rb, {"confirm-region-failure", StepPhase::assess, "Confirm the writer in " + f.region + " is unreachable",
             "Nothing outside " + f.region + " can take over: this is a total outage of the database.", f.region,
             writer.address, {describe_instance(f.region, id, "DBInstances[0].DBInstanceStatus")}, false});
    for (std::size_t backup : f.backup_replications) restore_replicated_backup(f, writer, backup, rb);
    if (f.backup_replications.empty())
      add(rb, {"wait-for-region", StepPhase::recover, "Wait for " + f.region + " to return",
               "The stack keeps no copy of the data outside " + f.region +
                   ": poll until the writer is available again. Add a cross-region replica to avoid this.",
               f.region, writer.address,
               {rds("wait db-instance-available", f.region, "--db-instance-identifier " + q(id))}, false});
  }
}

void dr_region_lost_steps(const DrillFacts& f, Runbook& rb) {
  const Stack& stack = *f.stack;
  for (std::size_t r : f.lost_dr_replicas) {
    const DbNode& replica = f.topology.nodes[r];
    if (!replica.source) continue;
    const DbNode& source = f.topology.nodes[*replica.source];
    const std::string id = identifier_or_placeholder(replica);
    const std::string source_id = identifier_or_placeholder(source);
    add(rb, {"check-writer", StepPhase::assess, "Check the writer " + source_id + " in " + source.region + " is healthy",
             "Only the DR protection is gone; the writer and its readers keep serving.", source.region, source.address,
             {describe_instance(source.region, source_id, "DBInstances[0].[DBInstanceStatus,MultiAZ]")}, false});
    const Resource& db = stack.resource(replica.index);
    std::vector<std::string> commands = account_lookup(source.region);
    if (const auto groups = security_group_names(stack, db); !groups.empty())
      commands.push_back(sg_lookup(f.region, groups));
    commands.push_back(rds("modify-db-instance", f.region,
                           "--db-instance-identifier " + q(id) + " --no-deletion-protection --apply-immediately"));
    commands.push_back(rds("delete-db-instance", f.region, "--db-instance-identifier " + q(id) + " --skip-final-snapshot"));
    commands.push_back(rds("wait db-instance-deleted", f.region, "--db-instance-identifier " + q(id)));
    commands.push_back(cross_region_replica_command(stack, db, f.region, id, source.region, source_id));
    commands.push_back(rds("wait db-instance-available", f.region, "--db-instance-identifier " + q(id)));
    add(rb, {"recreate-dr-replica", StepPhase::failback, "Re-create " + id + " when " + f.region + " returns",
             "If the replica does not resume replicating on its own (check ReplicaLag), replace it. Until then the "
             "stack has no regional DR path.",
             f.region, replica.address, commands, true});
    add(rb, {"verify-dr-replica", StepPhase::failback, "Verify the DR replica replicates again", "ReplicaLag should fall to seconds.",
             f.region, replica.address, {replica_lag_command(f.region, id)}, false});
  }
}

}  // namespace rdha::analysis::detail
