// The drill's runbook steps for the loss of an availability zone (runbook_steps.hpp):
// watch (or force) the Multi-AZ failovers, promote a surviving reader when a single-AZ
// writer is lost, replace lost readers and private egress while the AZ stays down, verify,
// and clean up when it returns.
#include <algorithm>

#include "analysis/drill/runbook_steps.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

void failover_checks(const DrillFacts& f, Runbook& rb) {
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
}

// A single-AZ writer lost with the AZ: the surviving reader the drill picked becomes the writer.
void promote_reader(const DrillFacts& f, Runbook& rb) {
  for (std::size_t w : f.affected_writers) {
    if (std::find(f.failing_over.begin(), f.failing_over.end(), w) != f.failing_over.end()) continue;
    if (!f.promotion_target) continue;
    const DbNode& reader = f.topology.nodes[*f.promotion_target];
    const std::string id = identifier_or_placeholder(reader);
    add(rb, {"promote-reader", StepPhase::recover, "Promote the surviving reader " + id,
             "The single-AZ writer is lost with " + f.domain.name + ". Irreversible: the promoted reader becomes the "
             "writer; point applications at its endpoint.",
             reader.region, reader.address,
             {replica_lag_command(reader.region, id),
              rds("promote-read-replica", reader.region,
                  "--db-instance-identifier " + q(id) + " --backup-retention-period " +
                      std::to_string(promoted_retention_days(*f.stack, reader, &f.topology.nodes[w]))),
              rds("wait db-instance-available", reader.region, "--db-instance-identifier " + q(id))},
             true});
  }
}

// A temporary reader in a healthy AZ for each lost one.
void temporary_readers(const DrillFacts& f, Runbook& rb) {
  const Stack& stack = *f.stack;
  const std::string& az = f.domain.name;
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
}

// True when a route table associated with @p subnet routes through an internet gateway.
bool is_public_subnet(const Stack& stack, std::size_t subnet) {
  for (std::size_t assoc : of_type(stack, "aws_route_table_association")) {
    const Resource& a = stack.resource(assoc);
    const Json* subnet_id = arg(a, "subnet_id");
    if (subnet_id == nullptr || !value_references(stack, *subnet_id, subnet)) continue;
    for (std::size_t table : targets_of(stack, a, "route_table_id"))
      for (std::size_t route : of_type(stack, "aws_route")) {
        const Resource& rt = stack.resource(route);
        const Json* table_ref = arg(rt, "route_table_id");
        if (table_ref != nullptr && value_references(stack, *table_ref, table) && arg(rt, "gateway_id") != nullptr)
          return true;
      }
  }
  return false;
}

// The Name tag of a public subnet of @p region outside @p az ("" if none).
std::string healthy_public_subnet_tag(const Stack& stack, const std::string& region, const std::string& az) {
  for (std::size_t s : of_type(stack, "aws_subnet")) {
    const Resource& subnet = stack.resource(s);
    if (subnet.placement.region != region || availability_zone_of(stack, subnet) == az) continue;
    const std::string tag = name_tag(subnet);
    if (is_public_subnet(stack, s) && !tag.empty()) return tag;
  }
  return "";
}

// The Name tag of the (last) route table whose default route goes to @p nat ("" if none).
std::string private_route_table_tag(const Stack& stack, std::size_t nat) {
  std::string table_tag;
  for (std::size_t route : of_type(stack, "aws_route")) {
    const Resource& rt = stack.resource(route);
    const Json* target = arg(rt, "nat_gateway_id");
    if (target == nullptr || !value_references(stack, *target, nat)) continue;
    for (std::size_t table : targets_of(stack, rt, "route_table_id")) table_tag = name_tag(stack.resource(table));
  }
  return table_tag;
}

// A NAT gateway in a healthy AZ for each lost one, and the private default route moved to it.
void restore_private_egress(const DrillFacts& f, Runbook& rb) {
  const Stack& stack = *f.stack;
  const std::string& az = f.domain.name;
  for (std::size_t nat : f.lost_nats) {
    const Resource& gateway = stack.resource(nat);
    const std::string region = gateway.placement.region;
    const std::string subnet_tag = healthy_public_subnet_tag(stack, region, az);
    const std::string table_tag = private_route_table_tag(stack, nat);
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
}

// After each failover: the readers follow the new primary, and the standby is rebuilt.
void verify_failovers(const DrillFacts& f, Runbook& rb) {
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
}

}  // namespace

void az_loss_steps(const DrillFacts& f, Runbook& rb) {
  failover_checks(f, rb);
  promote_reader(f, rb);
  temporary_readers(f, rb);
  restore_private_egress(f, rb);
  verify_failovers(f, rb);
  if (!f.lost_readers.empty() || !f.lost_nats.empty())
    add(rb, {"reconcile-after-az-returns", StepPhase::failback, "When " + f.domain.name + " returns: remove temporary resources",
             "Check the original readers replicate again (ReplicaLag), delete temporary readers and NAT gateways "
             "created above, and let Terraform restore the configured routes.",
             f.region, "", {"terraform plan -detailed-exitcode"}, false});
}

}  // namespace rdha::analysis::detail
