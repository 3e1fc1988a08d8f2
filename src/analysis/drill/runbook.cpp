// The drill's runbook: ordered steps with exact AWS CLI commands for the stack's
// identifiers and regions (see drill_facts.hpp). Values that are not literal in the
// stack (ids AWS assigns) are looked up by name in the commands themselves, or appear as
// <placeholders> naming the resource they come from.
#include <algorithm>
#include <cctype>

#include "analysis/drill/drill_facts.hpp"
#include "core/stack_view.hpp"
#include "dr/aws_cli.hpp"
#include "rdha/dr/region_failover.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

std::string referenced_name(const Stack& stack, const Resource& resource, std::string_view argument,
                            std::string_view type, std::string_view placeholder) {
  for (std::size_t target : targets_of(stack, resource, argument)) {
    const Resource& node = stack.resource(target);
    if (node.address.type != type) continue;
    if (auto name = literal_string(arg(node, "name"))) return *name;
    return "<name of " + node.address.str() + ">";
  }
  if (auto name = literal_string(arg(resource, argument))) return *name;
  return std::string(placeholder);
}

std::vector<std::string> security_group_names(const Stack& stack, const Resource& db) {
  std::vector<std::string> out;
  for (std::size_t target : targets_of(stack, db, "vpc_security_group_ids")) {
    const Resource& group = stack.resource(target);
    if (group.address.type != "aws_security_group") continue;
    out.push_back(literal_string(arg(group, "name")).value_or("<name of " + group.address.str() + ">"));
  }
  return out;
}

std::string kms_key_for_region(const Stack& stack, const std::string& region) {
  for (std::size_t alias : of_type(stack, "aws_kms_alias")) {
    const Resource& a = stack.resource(alias);
    if (a.placement.region != region) continue;
    if (auto name = literal_string(arg(a, "name")); name && !name->starts_with("alias/aws/")) return *name;
  }
  return "<customer-managed KMS key ARN in " + region + ">";
}

std::vector<std::string> secrets_replicated_to(const Stack& stack, const std::string& region) {
  std::vector<std::string> out;
  for (std::size_t index : of_type(stack, "aws_secretsmanager_secret")) {
    const Resource& secret = stack.resource(index);
    const Json* replicas = arg(secret, "replica");
    if (replicas == nullptr) continue;
    const Json list = replicas->is_array() ? *replicas : Json::array({*replicas});
    for (const auto& replica : list)
      if (replica.is_object() && replica.contains("region") && literal_string(&replica["region"]) == region)
        out.push_back(literal_string(arg(secret, "name")).value_or("<name of " + secret.address.str() + ">"));
  }
  return out;
}

std::vector<std::string> alarm_names_in(const Stack& stack, const std::string& region) {
  std::vector<std::string> out;
  for (std::size_t index : of_type(stack, "aws_cloudwatch_metric_alarm")) {
    const Resource& alarm = stack.resource(index);
    if (alarm.placement.region != region) continue;
    if (auto name = literal_string(arg(alarm, "alarm_name"))) out.push_back(*name);
  }
  return out;
}

std::optional<double> replica_lag_threshold(const Stack& stack, const DbNode& node) {
  for (std::size_t index : of_type(stack, "aws_cloudwatch_metric_alarm")) {
    const Resource& alarm = stack.resource(index);
    if (literal_string(arg(alarm, "metric_name")).value_or("") != "ReplicaLag") continue;
    // Only a lag threshold: a LessThan alarm on ReplicaLag watches for stopped replication.
    if (!literal_string(arg(alarm, "comparison_operator")).value_or("Greater").starts_with("Greater")) continue;
    const Json* dimensions = arg(alarm, "dimensions");
    if (dimensions == nullptr || !value_references(stack, *dimensions, node.index)) continue;
    if (auto threshold = literal_number(arg(alarm, "threshold"))) return threshold;
  }
  return std::nullopt;
}

namespace {

std::string events_command(const std::string& region, const std::string& id) {
  return rds_command("describe-events", region, "--source-type db-instance --source-identifier " + shell_quote(id) +
                                            " --duration 120 --query 'Events[].[Date,Message]' --output table");
}

// Flags that recreate an instance with the hardening of @p model.
std::string hardening_flags(const Stack& stack, const Resource& model, bool temporary = false) {
  std::string out;
  if (auto cls = literal_string(arg(model, "instance_class"))) out += " --db-instance-class " + shell_quote(*cls);
  if (literal_bool(arg(model, "multi_az")) == true) out += " --multi-az";
  out += " --no-publicly-accessible";
  if (literal_bool(arg(model, "iam_database_authentication_enabled")) == true) out += " --enable-iam-database-authentication";
  if (literal_bool(arg(model, "deletion_protection")) == true && !temporary) out += " --deletion-protection";
  if (literal_bool(arg(model, "copy_tags_to_snapshot")) == true) out += " --copy-tags-to-snapshot";
  if (literal_bool(arg(model, "auto_minor_version_upgrade")) == false) out += " --no-auto-minor-version-upgrade";
  if (auto interval = literal_number(arg(model, "monitoring_interval")); interval && *interval > 0) {
    out += " --monitoring-interval " + std::to_string(static_cast<int>(*interval));
    for (std::size_t role : targets_of(stack, model, "monitoring_role_arn"))
      if (auto name = literal_string(arg(stack.resource(role), "name")))
        out += " --monitoring-role-arn \"arn:${PARTITION}:iam::${ACCOUNT_ID}:role/" + *name + "\"";
  }
  if (literal_bool(arg(model, "performance_insights_enabled")) == true) out += " --enable-performance-insights";
  const auto exports = literal_strings(arg(model, "enabled_cloudwatch_logs_exports"));
  if (!exports.empty()) out += " --enable-cloudwatch-logs-exports " + join(exports, " ");
  return out;
}

std::string q(const std::string& value) { return shell_quote(value); }
std::string rds(const std::string& subcommand, const std::string& region, const std::string& rest) {
  return rds_command(subcommand, region, rest);
}

std::string sg_lookup(const std::string& region, const std::vector<std::string>& names) {
  return "SG_IDS=$(aws ec2 describe-security-groups --region " + region + " --filters Name=group-name,Values=" +
         q(join(names, ",")) + " --query 'SecurityGroups[].GroupId' --output text)";
}

void add(Runbook& runbook, RunbookStep step) { runbook.steps.push_back(std::move(step)); }

// ---- region loss with a cross-region replica to promote ---------------------------------
void region_promotion(const DrillFacts& f, Runbook& rb) {
  const Stack& stack = *f.stack;
  const DbNode& target = f.topology.nodes[*f.promotion_target];
  const DbNode* old_writer = target.source ? &f.topology.nodes[*target.source] : nullptr;
  const std::string dr = target.region;
  const std::string id = identifier_or_placeholder(target);
  const std::string old_id = old_writer ? identifier_or_placeholder(*old_writer) : "<old writer>";
  const std::string old_region = f.region;

  // The shared region-loss procedure (also the stack's automation document), with the
  // manual-only steps between: the secret replica before applications reconnect, and a
  // manual repoint when the stack has no writer DNS name.
  const RegionFailoverTarget failover = region_failover_target(stack, target.index);
  bool secrets_added = false;
  const auto add_secret_steps = [&] {
    if (secrets_added) return;
    secrets_added = true;
    for (const auto& name : secrets_replicated_to(stack, dr))
      add(rb, {"promote-secret-replica", StepPhase::recover, "Make the secret replica in " + dr + " standalone",
               "Stops replication from " + old_region + " so the secret can be read, updated and rotated in " + dr +
                   " while the primary region is down.",
               dr, "", {"aws secretsmanager stop-replication-to-replica --region " + dr + " --secret-id " + q(name)},
               false});
  };
  for (const auto& step : region_failover_steps(failover)) {
    if (step.action == FailoverAction::switch_writer_dns || step.action == FailoverAction::notify) add_secret_steps();
    add(rb, to_runbook_step(step, failover));
  }
  add_secret_steps();
  if (failover.zone_name.empty())
    add(rb, {"point-applications", StepPhase::recover, "Point applications at the new writer's endpoint",
             "Update the applications' database host (configuration or DNS) to this endpoint; credentials come from "
             "the secret in " + dr + ".",
             dr, target.address,
             {rds("describe-db-instances", dr, "--db-instance-identifier " + q(id) +
                                                   " --query 'DBInstances[0].Endpoint.[Address,Port]' --output text")},
             false});
  add(rb, {"verify-new-writer", StepPhase::verify, "Verify the new writer",
           "Expect status available, no replication source, backups on. The events list shows the promotion.", dr,
           target.address,
           {describe_instance(dr, id,
                              "DBInstances[0].[DBInstanceStatus,ReadReplicaSourceDBInstanceIdentifier,"
                              "BackupRetentionPeriod,MultiAZ]"),
            events_command(dr, id)},
           false});
  const auto alarms = alarm_names_in(stack, dr);
  if (!alarms.empty())
    add(rb, {"verify-dr-alarms", StepPhase::verify, "Check the alarms in " + dr,
             "The ReplicaLag alarm of the promoted instance goes to INSUFFICIENT_DATA (it no longer replicates). "
             "Check that CPU, connection, storage and memory alarms watch the new writer; the old writer's alarms "
             "were in " + old_region + ".",
             dr, "",
             {"aws cloudwatch describe-alarms --region " + dr + " --alarm-names " + join(alarms, " ") +
              " --query 'MetricAlarms[].[AlarmName,StateValue]' --output table"},
             false});

  // When the old region returns.
  if (old_writer != nullptr) {
    const Resource& old_db = stack.resource(old_writer->index);
    std::vector<std::string> retire;
    // Readers first: they replicate from the old writer.
    std::vector<std::string> old_ids;
    for (std::size_t r : f.lost_readers) old_ids.push_back(identifier_or_placeholder(f.topology.nodes[r]));
    old_ids.push_back(old_id);
    const std::string snapshot = old_id + "-after-region-loss";
    add(rb, {"snapshot-old-writer", StepPhase::failback, "Snapshot the old writer when " + old_region + " returns",
             "The old writer may hold transactions that never reached " + dr +
                 "; keep them in a snapshot for reconciliation before retiring it.",
             old_region, old_writer->address,
             {rds("create-db-snapshot", old_region,
                  "--db-instance-identifier " + q(old_id) + " --db-snapshot-identifier " + q(snapshot)),
              rds("wait db-snapshot-available", old_region, "--db-snapshot-identifier " + q(snapshot))},
             false});
    for (const auto& old : old_ids) {
      retire.push_back(rds("modify-db-instance", old_region,
                           "--db-instance-identifier " + q(old) + " --no-deletion-protection --apply-immediately"));
      retire.push_back(rds("delete-db-instance", old_region,
                           "--db-instance-identifier " + q(old) + " --skip-final-snapshot --no-delete-automated-backups"));
    }
    for (const auto& old : old_ids)
      retire.push_back(rds("wait db-instance-deleted", old_region, "--db-instance-identifier " + q(old)));
    add(rb, {"retire-old-instances", StepPhase::failback, "Retire the old writer and readers in " + old_region,
             "Irreversible. They diverged from the new writer (split brain) and hold its identifiers; the snapshot "
             "from the previous step keeps the old writer's data.",
             old_region, old_writer->address, retire, true});
    std::vector<std::string> recreate = account_lookup(dr);
    const auto groups = security_group_names(stack, old_db);
    if (!groups.empty()) recreate.push_back(sg_lookup(old_region, groups));
    const std::string subnet_group =
        referenced_name(stack, old_db, "db_subnet_group_name", "aws_db_subnet_group", "<DB subnet group name>");
    const std::string parameter_group =
        referenced_name(stack, old_db, "parameter_group_name", "aws_db_parameter_group", "<parameter group name>");
    recreate.push_back(rds(
        "create-db-instance-read-replica", old_region,
        "--db-instance-identifier " + q(old_id) + " --source-db-instance-identifier \"arn:${PARTITION}:rds:" + dr +
            ":${ACCOUNT_ID}:db:" + id + "\" --source-region " + dr + " --kms-key-id " +
            q(kms_key_for_region(stack, old_region)) + " --db-subnet-group-name " + q(subnet_group) +
            " --db-parameter-group-name " + q(parameter_group) + (groups.empty() ? "" : " --vpc-security-group-ids $SG_IDS") +
            hardening_flags(stack, old_db)));
    recreate.push_back(rds("wait db-instance-available", old_region, "--db-instance-identifier " + q(old_id)));
    add(rb, {"recreate-replica-in-old-region", StepPhase::failback,
             "Re-create " + old_id + " in " + old_region + " as a replica of " + id,
             "Restores cross-region protection, now in the other direction, with the old writer's name, network and "
             "hardening. Re-create the readers the same way once it is available.",
             old_region, old_writer->address, recreate, false});
    add(rb, {"reconcile-terraform", StepPhase::failback, "Reconcile Terraform with the new topology",
             "The configuration still describes " + old_id + " as the writer and " + id +
                 " as its replica. Do not apply blindly: plan, then either fail back (promote " + old_id +
                 " in a maintenance window and re-create " + id + " as its replica) or change the configuration "
                 "to the new roles. A secret replica promoted above is a standalone secret Terraform no "
                 "longer tracks: import it or delete it once the old region's secret serves again." +
                 (failover.zone_name.empty()
                      ? std::string()
                      : " Terraform ignores the value of " + failover.writer_record +
                            ", so it keeps pointing at " + id + "; once " + old_id +
                            " is the writer again, switch it back with the same UPSERT."),
             "", "", {"terraform plan -detailed-exitcode"}, false});
  }
}

// ---- region loss without anything to promote ---------------------------------------------
void region_total_outage(const DrillFacts& f, Runbook& rb) {
  const Stack& stack = *f.stack;
  for (std::size_t w : f.affected_writers) {
    const DbNode& writer = f.topology.nodes[w];
    const std::string id = identifier_or_placeholder(writer);
    add(rb, {"confirm-region-failure", StepPhase::assess, "Confirm the writer in " + f.region + " is unreachable",
             "Nothing outside " + f.region + " can take over: this is a total outage of the database.", f.region,
             writer.address, {describe_instance(f.region, id, "DBInstances[0].DBInstanceStatus")}, false});
    for (std::size_t backup : f.backup_replications) {
      const Resource& b = stack.resource(backup);
      const std::string where = b.placement.region;
      std::vector<std::string> commands = {
          "BACKUP_ARN=$(aws rds describe-db-instance-automated-backups --region " + where +
              " --query \"DBInstanceAutomatedBackups[?DBInstanceIdentifier=='" + id +
              "'].DBInstanceAutomatedBackupsArn | [0]\" --output text)",
          rds("restore-db-instance-to-point-in-time", where,
              "--source-db-instance-automated-backups-arn \"$BACKUP_ARN\" --target-db-instance-identifier " +
                  q(id + "-restored") + " --use-latest-restorable-time --no-publicly-accessible" +
                  (literal_bool(arg(stack.resource(writer.index), "multi_az")) == true ? " --multi-az" : "")),
          rds("wait db-instance-available", where, "--db-instance-identifier " + q(id + "-restored"))};
      add(rb, {"restore-replicated-backup", StepPhase::recover, "Restore the replicated backups in " + where,
               "The only copy outside " + f.region + ": restores to the latest restorable time (data after it is "
               "lost). Add --db-subnet-group-name, --vpc-security-group-ids and --db-parameter-group-name of a "
               "network in " + where + ", or the instance lands in the default VPC.",
               where, b.address.str(), commands, false});
    }
    if (f.backup_replications.empty())
      add(rb, {"wait-for-region", StepPhase::recover, "Wait for " + f.region + " to return",
               "The stack keeps no copy of the data outside " + f.region +
                   ": poll until the writer is available again. Add a cross-region replica to avoid this.",
               f.region, writer.address,
               {rds("wait db-instance-available", f.region, "--db-instance-identifier " + q(id))}, false});
  }
}

// ---- the DR region is lost ---------------------------------------------------------------
void dr_region_lost(const DrillFacts& f, Runbook& rb) {
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
    const auto groups = security_group_names(stack, db);
    if (!groups.empty()) commands.push_back(sg_lookup(f.region, groups));
    commands.push_back(rds("modify-db-instance", f.region,
                           "--db-instance-identifier " + q(id) + " --no-deletion-protection --apply-immediately"));
    commands.push_back(rds("delete-db-instance", f.region, "--db-instance-identifier " + q(id) + " --skip-final-snapshot"));
    commands.push_back(rds("wait db-instance-deleted", f.region, "--db-instance-identifier " + q(id)));
    commands.push_back(rds(
        "create-db-instance-read-replica", f.region,
        "--db-instance-identifier " + q(id) + " --source-db-instance-identifier \"arn:${PARTITION}:rds:" +
            source.region + ":${ACCOUNT_ID}:db:" + source_id + "\" --source-region " + source.region +
            " --kms-key-id " + q(kms_key_for_region(stack, f.region)) + " --db-subnet-group-name " +
            q(referenced_name(stack, db, "db_subnet_group_name", "aws_db_subnet_group", "<DB subnet group name>")) +
            " --db-parameter-group-name " +
            q(referenced_name(stack, db, "parameter_group_name", "aws_db_parameter_group", "<parameter group name>")) +
            (groups.empty() ? "" : " --vpc-security-group-ids $SG_IDS") + hardening_flags(stack, db)));
    commands.push_back(rds("wait db-instance-available", f.region, "--db-instance-identifier " + q(id)));
    add(rb, {"recreate-dr-replica", StepPhase::failback, "Re-create " + id + " when " + f.region + " returns",
             "If the replica does not resume replicating on its own (check ReplicaLag), replace it. Until then the "
             "stack has no regional DR path.",
             f.region, replica.address, commands, true});
    add(rb, {"verify-dr-replica", StepPhase::failback, "Verify the DR replica replicates again", "ReplicaLag should fall to seconds.",
             f.region, replica.address, {replica_lag_command(f.region, id)}, false});
  }
}

// ---- an availability zone is lost --------------------------------------------------------
void az_loss(const DrillFacts& f, Runbook& rb) {
  const Stack& stack = *f.stack;
  const std::string& az = f.domain.name;
  for (std::size_t w : f.failing_over) {
    const DbNode& node = f.topology.nodes[w];
    const std::string id = identifier_or_placeholder(node);
    add(rb, {"check-failover-" + id, StepPhase::assess, "Check the Multi-AZ failover of " + id,
             "Look for \"Multi-AZ instance failover started/completed\" events, then confirm the instance is "
             "available in an AZ other than " + az + ".",
             node.region, node.address,
             {events_command(node.region, id),
              describe_instance(node.region, id, "DBInstances[0].[DBInstanceStatus,AvailabilityZone,SecondaryAvailabilityZone]")},
             false});
    add(rb, {"force-failover-" + id, StepPhase::recover, "Only if " + id + " is still unavailable after 5 minutes: force a failover",
             "RDS normally fails over on its own. If the primary still shows " + az +
                 " and is not available, reboot with failover to move it to the standby.",
             node.region, node.address,
             {rds("reboot-db-instance", node.region, "--db-instance-identifier " + q(id) + " --force-failover"),
              rds("wait db-instance-available", node.region, "--db-instance-identifier " + q(id))},
             false});
  }
  for (std::size_t w : f.affected_writers) {
    if (std::find(f.failing_over.begin(), f.failing_over.end(), w) != f.failing_over.end()) continue;
    if (!f.promotion_target) continue;
    const DbNode& reader = f.topology.nodes[*f.promotion_target];
    const std::string id = identifier_or_placeholder(reader);
    add(rb, {"promote-reader", StepPhase::recover, "Promote the surviving reader " + id,
             "The single-AZ writer is lost with " + az + ". Irreversible: the promoted reader becomes the writer; "
             "point applications at its endpoint.",
             reader.region, reader.address,
             {replica_lag_command(reader.region, id),
              rds("promote-read-replica", reader.region,
                  "--db-instance-identifier " + q(id) + " --backup-retention-period " +
                      std::to_string(promoted_retention_days(stack, reader, &f.topology.nodes[w]))),
              rds("wait db-instance-available", reader.region, "--db-instance-identifier " + q(id))},
             true});
  }
  std::string healthy_az;
  for (std::size_t r : f.surviving_readers)
    if (!f.topology.nodes[r].availability_zone.empty()) healthy_az = f.topology.nodes[r].availability_zone;
  for (std::size_t r : f.lost_readers) {
    const DbNode& reader = f.topology.nodes[r];
    if (!reader.source) continue;
    const DbNode& source = f.topology.nodes[*reader.source];
    const std::string id = identifier_or_placeholder(reader);
    const std::string temporary = id + "-temp";
    const Resource& db = stack.resource(reader.index);
    std::vector<std::string> commands = account_lookup(reader.region);
    const auto groups = security_group_names(stack, db);
    if (!groups.empty()) commands.push_back(sg_lookup(reader.region, groups));
    commands.push_back(rds(
        "create-db-instance-read-replica", reader.region,
        "--db-instance-identifier " + q(temporary) + " --source-db-instance-identifier " +
            q(identifier_or_placeholder(source)) +
            (healthy_az.empty() ? "" : " --availability-zone " + healthy_az) + " --db-parameter-group-name " +
            q(referenced_name(stack, db, "parameter_group_name", "aws_db_parameter_group", "<parameter group name>")) +
            (groups.empty() ? "" : " --vpc-security-group-ids $SG_IDS") + hardening_flags(stack, db, true)));
    commands.push_back(rds("wait db-instance-available", reader.region, "--db-instance-identifier " + q(temporary)));
    add(rb, {"replace-reader-" + id, StepPhase::recover, "If " + az + " stays down: add a temporary reader for " + id,
             "Reads on " + id + " fail while " + az + " is down; the surviving readers take its traffic. When the "
             "outage lasts, create a temporary reader in a healthy AZ and send " + id + "'s traffic to it.",
             reader.region, reader.address, commands, false});
  }
  for (std::size_t nat : f.lost_nats) {
    const Resource& gateway = stack.resource(nat);
    const std::string region = gateway.placement.region;
    // A public subnet in another AZ of the region, and the private route table using the NAT.
    std::string subnet_tag;
    for (std::size_t s : of_type(stack, "aws_subnet")) {
      const Resource& subnet = stack.resource(s);
      if (subnet.placement.region != region || availability_zone_of(stack, subnet) == az) continue;
      const std::string tag = name_tag(subnet);
      bool is_public = false;
      for (std::size_t assoc : of_type(stack, "aws_route_table_association")) {
        const Resource& a = stack.resource(assoc);
        const Json* subnet_id = arg(a, "subnet_id");
        if (subnet_id == nullptr || !value_references(stack, *subnet_id, s)) continue;
        for (std::size_t table : targets_of(stack, a, "route_table_id"))
          for (std::size_t route : of_type(stack, "aws_route")) {
            const Resource& rt = stack.resource(route);
            const Json* table_ref = arg(rt, "route_table_id");
            if (table_ref != nullptr && value_references(stack, *table_ref, table) && arg(rt, "gateway_id") != nullptr)
              is_public = true;
          }
      }
      if (is_public && !tag.empty()) {
        subnet_tag = tag;
        break;
      }
    }
    std::string table_tag;
    for (std::size_t route : of_type(stack, "aws_route")) {
      const Resource& rt = stack.resource(route);
      const Json* target = arg(rt, "nat_gateway_id");
      if (target == nullptr || !value_references(stack, *target, nat)) continue;
      for (std::size_t table : targets_of(stack, rt, "route_table_id")) table_tag = name_tag(stack.resource(table));
    }
    const std::string subnet_filter = subnet_tag.empty() ? "<public subnet in a healthy AZ>" : subnet_tag;
    const std::string table_filter = table_tag.empty() ? "<private route table>" : table_tag;
    add(rb, {"restore-private-egress", StepPhase::recover, "If " + az + " stays down: a NAT gateway in a healthy AZ",
             "Private egress of " + region + " went through the NAT gateway in " + az +
                 ". This creates one in another AZ and moves the private default route to it; Terraform shows "
                 "the change as drift until the AZ returns.",
             region, gateway.address.str(),
             {"SUBNET_ID=$(aws ec2 describe-subnets --region " + region + " --filters " +
                  q("Name=tag:Name,Values=" + subnet_filter) + " --query 'Subnets[0].SubnetId' --output text)",
              "ALLOCATION_ID=$(aws ec2 allocate-address --region " + region + " --domain vpc --query AllocationId --output text)",
              "NAT_ID=$(aws ec2 create-nat-gateway --region " + region +
                  " --subnet-id \"$SUBNET_ID\" --allocation-id \"$ALLOCATION_ID\" --query NatGateway.NatGatewayId --output text)",
              "aws ec2 wait nat-gateway-available --region " + region + " --nat-gateway-ids \"$NAT_ID\"",
              "ROUTE_TABLE_ID=$(aws ec2 describe-route-tables --region " + region + " --filters " +
                  q("Name=tag:Name,Values=" + table_filter) + " --query 'RouteTables[0].RouteTableId' --output text)",
              "aws ec2 replace-route --region " + region +
                  " --route-table-id \"$ROUTE_TABLE_ID\" --destination-cidr-block 0.0.0.0/0 --nat-gateway-id \"$NAT_ID\""},
             false});
  }
  for (std::size_t w : f.failing_over) {
    const DbNode& node = f.topology.nodes[w];
    const std::string id = identifier_or_placeholder(node);
    std::string query = "DBInstances[?ReadReplicaSourceDBInstanceIdentifier=='" + id +
                        "'].[DBInstanceIdentifier,AvailabilityZone,DBInstanceStatus]";
    add(rb, {"verify-readers-" + id, StepPhase::verify, "Verify the readers of " + id + " follow the new primary",
             "Surviving readers stay available and keep replicating; the lost ones show a non-available status.",
             node.region, node.address,
             {rds("describe-db-instances", node.region, "--query " + q(query) + " --output table")}, false});
    add(rb, {"check-standby-rebuilt-" + id, StepPhase::failback, "Check the standby of " + id + " was rebuilt",
             "SecondaryAvailabilityZone must show a healthy AZ again; until it does, another AZ loss would stop "
             "writes.",
             node.region, node.address,
             {describe_instance(node.region, id, "DBInstances[0].[AvailabilityZone,SecondaryAvailabilityZone]")}, false});
  }
  if (!f.lost_readers.empty() || !f.lost_nats.empty())
    add(rb, {"reconcile-after-az-returns", StepPhase::failback, "When " + az + " returns: remove temporary resources",
             "Check the original readers replicate again (ReplicaLag), delete temporary readers and NAT gateways "
             "created above, and let Terraform restore the configured routes.",
             f.region, "", {"terraform plan -detailed-exitcode"}, false});
}

}  // namespace

Runbook build_runbook(const DrillFacts& f) {
  Runbook rb;
  rb.title = "Recovery runbook: loss of " + f.domain.str();
  const bool is_region = f.domain.kind == FailureDomain::Kind::region;
  const bool nothing = f.affected_writers.empty() && f.lost_readers.empty() && f.lost_dr_replicas.empty() &&
                       f.lost_nats.empty() && f.failing_over.empty();
  if (nothing) {
    const std::string query =
        is_region ? "DBInstances[].[DBInstanceIdentifier,DBInstanceStatus]"
                  : "DBInstances[?AvailabilityZone=='" + f.domain.name + "' || SecondaryAvailabilityZone=='" +
                        f.domain.name + "'].[DBInstanceIdentifier,DBInstanceStatus]";
    add(rb, {"confirm-no-database-in-domain", StepPhase::assess,
             "Confirm no DB instance runs in " + f.domain.name,
             "The stack places no database role there; an empty result confirms nothing needs recovering.", f.region,
             "", {rds("describe-db-instances", f.region, "--query " + q(query) + " --output table")}, false});
    return rb;
  }
  if (is_region && f.promotion_target) region_promotion(f, rb);
  else if (is_region && !f.affected_writers.empty()) region_total_outage(f, rb);
  if (is_region) dr_region_lost(f, rb);
  if (!is_region) az_loss(f, rb);
  // Order by phase, keeping the order within a phase.
  std::stable_sort(rb.steps.begin(), rb.steps.end(),
                   [](const RunbookStep& a, const RunbookStep& b) { return a.phase < b.phase; });
  return rb;
}

}  // namespace rdha::analysis::detail
