// DR rules (RDHA-DR-*): a cross-region replica that can take over when the primary
// region fails, and a DR region that can run on its own once it has.
#include <algorithm>
#include <map>
#include <set>

#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"
#include "dr/db_topology.hpp"
#include "rdha/values/cidr.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;
using namespace rdha::dr::detail;

namespace {

// A replica whose source lives in another region.
bool is_cross_region(const DbTopology& topology, const DbNode& node) {
  if (!node.is_replica) return false;
  if (node.source) return topology.nodes[*node.source].region != node.region;
  return node.role == DbRole::dr_replica;
}

// True when the stack adopts @p writer through an import block and forgets database
// instances through removed blocks: the configuration after a region failover
// (failover.state = "dr_promoted").
bool adopted_after_failover(const Stack& stack, const DbNode& writer) {
  const auto& imports = stack.imports();
  const bool adopted = std::any_of(imports.begin(), imports.end(), [&](const Import& i) { return i.to == writer.address; });
  const auto& removed = stack.removed();
  return adopted && std::any_of(removed.begin(), removed.end(),
                                [](const Removed& r) { return r.from.starts_with("aws_db_instance."); });
}

void cross_region_replica(const CheckContext& context, FindingSink& sink) {
  const DbTopology topology = db_topology(context.stack);
  for (std::size_t i = 0; i < topology.nodes.size(); ++i) {
    const DbNode& writer = topology.nodes[i];
    if (writer.is_replica) continue;
    bool found = false;
    for (std::size_t r : topology.replicas_of(i)) found = found || topology.nodes[r].region != writer.region;
    if (found) continue;
    if (adopted_after_failover(context.stack, writer)) {
      sink.report(writer.address,
                  "No cross-region replica after a region failover: losing " + writer.region +
                      " now is a total outage.",
                  "The configuration adopts this promoted instance as the writer and forgets the lost region's "
                  "instances, so until the failback nothing outside " + writer.region + " holds a copy. Once "
                  "another region is reachable, re-create a DR replica of this writer there (docs/failover.md, "
                  "section 6: failback).");
      continue;
    }
    sink.report(writer.address, "No cross-region replica: losing " + writer.region + " is a total outage.",
                "Nothing outside " + writer.region + " holds a copy of this database that can take over, so a "
                "region failure stops the database until the region returns (and data may be lost). Add a read "
                "replica in a second region (replicate_source_db = the writer's ARN, its own kms_key_id, subnet "
                "group, parameter group and security groups) to promote on region loss.");
  }
}

void source_by_arn(const CheckContext& context, FindingSink& sink) {
  const DbTopology topology = db_topology(context.stack);
  for (const auto& node : topology.nodes) {
    if (!is_cross_region(topology, node)) continue;
    const bool arn = node.source_attribute == "arn" ||
                     (node.source_attribute == "literal" &&
                      literal_string(arg(context.stack.resource(node.index), "replicate_source_db"))
                          .value_or("")
                          .starts_with("arn:"));
    if (arn) continue;
    sink.report(node.address, "The cross-region replica names its source without an ARN.",
                "RDS resolves a bare identifier only in the replica's own region, so creating a cross-region "
                "replica from one fails. Set replicate_source_db to the source's ARN (e.g. "
                "aws_db_instance.primary.arn).");
  }
}

void kms_key_in_own_region(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const DbTopology topology = db_topology(stack);
  for (const auto& node : topology.nodes) {
    if (!is_cross_region(topology, node)) continue;
    const Resource& resource = stack.resource(node.index);
    const Json* key = arg(resource, "kms_key_id");
    if (key == nullptr) {
      bool source_encrypted = true;
      if (node.source)
        source_encrypted =
            literal_bool(arg(stack.resource(topology.nodes[*node.source].index), "storage_encrypted")).value_or(false);
      if (!source_encrypted) continue;  // RDHA-DB-001 reports the unencrypted source
      sink.report(node.address, "The cross-region replica of an encrypted source has no kms_key_id.",
                  "KMS keys are regional: RDS refuses a cross-region replica of an encrypted instance unless it "
                  "names a key in the replica's region (" + node.region + "). Set kms_key_id to the replica key "
                  "of a multi-Region key (aws_kms_replica_key) or another key in " + node.region + ".");
      continue;
    }
    std::string key_region;
    for (std::size_t target : targets_in(stack, *key)) {
      const Resource& target_node = stack.resource(target);
      if (target_node.address.type.find("kms") != std::string::npos) {
        key_region = target_node.placement.region;
        break;
      }
    }
    if (key_region.empty()) key_region = arn_region(literal_string(key).value_or(""));
    if (key_region.empty() || key_region == node.region) continue;
    sink.report(node.address,
                "The cross-region replica's kms_key_id is a key of " + key_region + ", not of " + node.region + ".",
                "RDS encrypts the replica's storage with a key of the replica's own region and refuses a key from "
                "another region. Point kms_key_id at a key in " + node.region +
                    " (the replica key of the primary's multi-Region key).");
  }
}

void dr_backups(const CheckContext& context, FindingSink& sink) {
  const DbTopology topology = db_topology(context.stack);
  for (const auto& node : topology.nodes) {
    if (!is_cross_region(topology, node)) continue;
    const auto retention = literal_number(arg(context.stack.resource(node.index), "backup_retention_period"));
    if (retention && *retention >= 1) continue;
    sink.report(node.address, "Automated backups are off on the DR replica.",
                "Once promoted, the DR instance is the only database left; without backups it has no "
                "point-in-time recovery until someone enables them mid-incident (and RDS cannot create replicas "
                "of it). Set backup_retention_period (7 or more days) on the DR replica.");
  }
}

// The region-matching node types an argument references.
std::vector<const Resource*> referenced_of_type(const Stack& stack, const Resource& resource, std::string_view argument,
                                                std::string_view type) {
  std::vector<const Resource*> out;
  for (std::size_t target : targets_of(stack, resource, argument))
    if (stack.resource(target).address.type == type) out.push_back(&stack.resource(target));
  return out;
}

void dr_side_self_contained(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const DbTopology topology = db_topology(stack);
  std::set<std::string> topic_regions;
  for (std::size_t topic : of_type(stack, "aws_sns_topic")) topic_regions.insert(stack.resource(topic).placement.region);

  for (const auto& node : topology.nodes) {
    if (!is_cross_region(topology, node)) continue;
    const Resource& resource = stack.resource(node.index);
    const std::string& region = node.region;

    auto check_reference = [&](std::string_view argument, std::string_view type, const std::string& what,
                               const std::string& consequence) {
      const Json* value = arg(resource, argument);
      if (value == nullptr) {
        sink.report(node.address, "The DR replica has no " + what + " of its own (" + std::string(argument) + " unset).",
                    consequence + " Create a " + what + " in " + region + " and set " + std::string(argument) +
                        " to it.");
        return;
      }
      if (auto text = literal_string(value)) {
        if (argument == "parameter_group_name" && text->starts_with("default."))
          sink.report(node.address, "The DR replica uses the default parameter group \"" + *text + "\".",
                      consequence + " Create a parameter group in " + region + " and set parameter_group_name to it.");
        return;  // a literal name of a group managed elsewhere
      }
      for (const Resource* target : referenced_of_type(stack, resource, argument, type))
        if (target->placement.region != region)
          sink.report(node.address,
                      "The DR replica's " + std::string(argument) + " is " + target->address.str() + " in " +
                          target->placement.region + ", not in " + region + ".",
                      "RDS resolves it in the replica's own region, so the replica cannot be created. Create a " +
                          what + " in " + region + " and reference that one.");
    };

    check_reference("db_subnet_group_name", "aws_db_subnet_group", "DB subnet group",
                    "Without one the replica lands in the default VPC of " + region +
                        ", outside the DR network, its peering and its security groups.");
    check_reference("parameter_group_name", "aws_db_parameter_group", "DB parameter group",
                    "The default group does not force SSL (rds.force_ssl) nor carry the connection and timeout "
                    "limits, and a promoted DR would run without them.");
    const Json* groups = arg(resource, "vpc_security_group_ids");
    if (groups == nullptr || (groups->is_array() && groups->empty())) {
      sink.report(node.address, "The DR replica has no security group of its own (vpc_security_group_ids unset).",
                  "It then gets the default security group of its VPC instead of a group admitting only the "
                  "application tier. Create a DB security group in " + region +
                      " and set vpc_security_group_ids to it.");
    } else {
      for (const Resource* target : referenced_of_type(stack, resource, "vpc_security_group_ids", "aws_security_group"))
        if (target->placement.region != region)
          sink.report(node.address,
                      "The DR replica's security group " + target->address.str() + " is in " +
                          target->placement.region + ", not in " + region + ".",
                      "Security groups are regional and RDS cannot attach one from another region. Create a DB "
                      "security group in " + region + ".");
    }
    if (!topic_regions.contains(region))
      sink.report(node.address, "The DR region " + region + " has no SNS topic for alarms.",
                  "CloudWatch alarms publish only to topics in their own region, so the DR replica's alarms (and "
                  "the promoted DR's) cannot notify anyone. Create an alarm topic in " + region +
                      " (KMS-encrypted, policy admitting CloudWatch) and use it in the DR alarms' actions.");
  }
}

void secret_replicated(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const DbTopology topology = db_topology(stack);
  std::set<std::string> dr_regions;
  for (const auto& node : topology.nodes)
    if (is_cross_region(topology, node)) dr_regions.insert(node.region);
  if (dr_regions.empty()) return;
  for (std::size_t index : of_type(stack, "aws_secretsmanager_secret")) {
    const Resource& secret = stack.resource(index);
    std::set<std::string> replicated;
    if (const Json* replicas = arg(secret, "replica")) {
      const Json list = replicas->is_array() ? *replicas : Json::array({*replicas});
      for (const auto& replica : list)
        if (replica.is_object() && replica.contains("region"))
          if (auto region = literal_string(&replica["region"])) replicated.insert(*region);
    }
    for (const auto& region : dr_regions) {
      if (region == secret.placement.region || replicated.contains(region)) continue;
      sink.report(secret.address.str(), "The secret is not replicated to the DR region " + region + ".",
                  "When the secret's region fails, applications failing over to the DR database cannot read its "
                  "credentials. Add a replica block with region = \"" + region +
                      "\" (and a kms_key_id of that region).");
    }
  }
}

// An SSM Automation document in the replica's region that names or references it.
bool has_failover_automation(const Stack& stack, const DbNode& node) {
  for (std::size_t index : of_type(stack, "aws_ssm_document")) {
    const Resource& document = stack.resource(index);
    if (document.placement.region != node.region) continue;
    if (literal_string(arg(document, "document_type")) != "Automation") continue;
    const Json* content = arg(document, "content");
    if (content == nullptr) continue;
    if (value_references(stack, *content, node.index)) return true;
    if (!node.identifier.empty() && content->is_string() &&
        content->get<std::string>().find(node.identifier) != std::string::npos)
      return true;
  }
  return false;
}

void failover_automation(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const DbTopology topology = db_topology(stack);
  for (const auto& node : topology.nodes) {
    if (!is_cross_region(topology, node) || has_failover_automation(stack, node)) continue;
    sink.report(node.address, "No failover automation promotes this cross-region replica.",
                "When the primary region fails, someone must promote the replica and repoint applications by hand, "
                "under pressure. Deploy the region-loss runbook as an SSM Automation document (document_type "
                "Automation) in " + node.region + " that acts on this replica (rdha's failover section does).");
  }
}

// DNS names of database instances: records whose values reference an aws_db_instance.
void db_dns_ttl(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  constexpr double kMaxTtl = 30;
  for (std::size_t index : of_type(stack, "aws_route53_record")) {
    const Resource& record = stack.resource(index);
    bool database = false;
    for (std::size_t target : targets_of(stack, record, "records"))
      database = database || stack.resource(target).address.type == "aws_db_instance";
    if (!database) continue;
    const auto ttl = literal_number(arg(record, "ttl"));
    if (!ttl || *ttl <= kMaxTtl) continue;
    sink.report(record.address.str(),
                "The database DNS record has a TTL of " + std::to_string(static_cast<long long>(*ttl)) + " s.",
                "After a failover or promotion, clients keep resolving the old instance for up to the TTL. Keep the "
                "TTL at 30 s or less (AWS advises short TTLs for names that follow a new writer).");
  }
}

// The literal CIDR of the VPC that @p group lives in, and the CIDRs of the VPCs peered with it.
struct GroupNetwork {
  std::optional<Ipv4Cidr> vpc;
  std::vector<std::pair<std::string, Ipv4Cidr>> peers;  ///< region, CIDR
};

GroupNetwork network_of(const Stack& stack, const Resource& group) {
  GroupNetwork out;
  std::optional<std::size_t> vpc;
  for (std::size_t target : targets_of(stack, group, "vpc_id"))
    if (stack.resource(target).address.type == "aws_vpc") vpc = target;
  if (!vpc) return out;
  const auto cidr_of = [&](std::size_t index) { return parse_cidr(literal_string(arg(stack.resource(index), "cidr_block")).value_or("")); };
  out.vpc = cidr_of(*vpc);
  for (std::size_t index : of_type(stack, "aws_vpc_peering_connection")) {
    const Resource& peering = stack.resource(index);
    const auto own = targets_of(stack, peering, "vpc_id");
    const auto peer = targets_of(stack, peering, "peer_vpc_id");
    const auto add = [&](const std::vector<std::size_t>& mine, const std::vector<std::size_t>& theirs) {
      if (std::find(mine.begin(), mine.end(), *vpc) == mine.end()) return;
      for (std::size_t other : theirs)
        if (const auto cidr = cidr_of(other)) out.peers.emplace_back(stack.resource(other).placement.region, *cidr);
    };
    add(own, peer);
    add(peer, own);
  }
  return out;
}

// True when a TCP ingress rule of @p group admits @p port from addresses of @p peer (the
// rule's CIDR overlaps the peer VPC: a part of it, such as its application subnets, or a
// block containing it).
bool admits_from(const Stack& stack, std::size_t group, double port, const Ipv4Cidr& peer) {
  for (std::size_t index : of_type(stack, "aws_vpc_security_group_ingress_rule")) {
    const Resource& rule = stack.resource(index);
    const Json* owner = arg(rule, "security_group_id");
    if (owner == nullptr || !value_references(stack, *owner, group)) continue;
    const auto cidr = parse_cidr(literal_string(arg(rule, "cidr_ipv4")).value_or(""));
    if (!cidr || !(peer.contains(*cidr) || cidr->contains(peer))) continue;
    const std::string protocol = literal_string(arg(rule, "ip_protocol")).value_or("");
    if (protocol == "-1") return true;
    const auto from = literal_number(arg(rule, "from_port"));
    const auto to = literal_number(arg(rule, "to_port"));
    if ((protocol == "tcp" || protocol == "6") && from && to && *from <= port && port <= *to) return true;
  }
  return false;
}

// RDHA-DR-009: a writer, or an instance that becomes one, is reachable from the peered VPC.
void reachable_from_peer(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const DbTopology topology = db_topology(stack);
  for (const auto& node : topology.nodes) {
    if (node.is_replica && !is_cross_region(topology, node)) continue;
    const Resource& db = stack.resource(node.index);
    const double port = literal_number(arg(db, "port")).value_or(5432);
    std::map<std::string, bool> reachable;  // peer region → admitted
    for (std::size_t group : targets_of(stack, db, "vpc_security_group_ids")) {
      if (stack.resource(group).address.type != "aws_security_group") continue;
      for (const auto& [region, cidr] : network_of(stack, stack.resource(group)).peers)
        reachable[region] = reachable[region] || admits_from(stack, group, port, cidr);
    }
    for (const auto& [region, admitted] : reachable) {
      if (admitted) continue;
      sink.report(node.address,
                  "No security group of the instance admits port " + std::to_string(static_cast<int>(port)) +
                      " from the peered VPC in " + region + ".",
                  "Whenever this instance is the writer (now, or after a failover), applications in " + region +
                      " that resolve the writer's name to it are dropped. A group of another region cannot be "
                      "referenced (\"Update your security groups to reference peer security groups\", "
                      "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html): add an "
                      "ingress rule with cidr_ipv4 = the peer's application subnets on the database port.");
    }
  }
}

}  // namespace

void add_dr_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-DR-001", "CrossRegionReplica", "A cross-region replica of the writer exists", Severity::error,
                 "dr",
                 "A read replica in a second region is the recovery path when the primary region fails: promote it "
                 "and point applications at it. Without one a region loss is a total outage.",
                 "Add an aws_db_instance in another region with replicate_source_db = the writer's ARN.",
                 {}},
                cross_region_replica});
  registry.add({{"RDHA-DR-002", "DrReplicaSourceArn", "The cross-region replica names its source by ARN",
                 Severity::error, "dr",
                 "RDS needs the source's ARN to create a replica in another region.",
                 "Set replicate_source_db to the source's arn attribute.",
                 {}},
                source_by_arn});
  registry.add({{"RDHA-DR-003", "DrReplicaKmsKeyInRegion", "The cross-region replica uses a KMS key of its own region",
                 Severity::error, "dr",
                 "KMS keys are regional; an encrypted cross-region replica must name a key in its own region.",
                 "Set kms_key_id on the DR replica to the replica key of the primary's multi-Region key (or another "
                 "key of the DR region).",
                 {}},
                kms_key_in_own_region});
  registry.add({{"RDHA-DR-004", "DrReplicaBackups", "The cross-region replica has automated backups on",
                 Severity::warning, "dr",
                 "A promoted DR replica is the only database left; it needs backups from the first minute.",
                 "Set backup_retention_period (7 or more days) on the DR replica.",
                 {}},
                dr_backups});
  registry.add({{"RDHA-DR-005", "DrSideSelfContained",
                 "The DR side has its own subnet group, parameter group, security group and SNS topic",
                 Severity::error, "dr",
                 "Subnet groups, parameter groups, security groups and SNS topics are regional: the DR replica and "
                 "its alarms can only use ones in the DR region, and a promoted DR must run with the same "
                 "hardening as the primary.",
                 "Create the DR region's own DB subnet group (private subnets), parameter group (rds.force_ssl = "
                 "1), DB security group and alarm topic, and reference them from the DR replica and its alarms.",
                 {}},
                dr_side_self_contained});
  registry.add({{"RDHA-DR-006", "SecretReplicatedToDr", "Secrets are replicated to the DR region", Severity::warning,
                 "dr",
                 "Applications failing over to the DR database need its credentials while the primary region is "
                 "down.",
                 "Add a replica block (region, kms_key_id) for the DR region to every aws_secretsmanager_secret.",
                 {}},
                secret_replicated});
  registry.add({{"RDHA-DR-007", "FailoverAutomation", "A failover automation exists for the cross-region replica",
                 Severity::warning, "dr",
                 "A region loss is recovered faster and more safely by a tested, versioned automation than by "
                 "commands typed during the incident.",
                 "Add an aws_ssm_document (document_type Automation) in the DR region that promotes the replica and "
                 "repoints the writer's DNS name.",
                 {}},
                failover_automation});
  registry.add({{"RDHA-DR-008", "DatabaseDnsTtl", "Database DNS names have a TTL of 30 s or less", Severity::warning,
                 "dr",
                 "Clients cache a DNS answer for its TTL; a long TTL keeps them on a lost or demoted instance after "
                 "the name was switched.",
                 "Set ttl to 30 or less on aws_route53_record resources pointing at DB instances.",
                 {}},
                db_dns_ttl});
  registry.add({{"RDHA-DR-009", "ReachableFromPeerVpc",
                 "The writer and the cross-region replica admit the peered VPC's applications", Severity::error, "dr",
                 "After a failover the writer may be in the other region; applications of both VPCs must reach it, "
                 "by CIDR since groups cannot be referenced across regions.",
                 "Add ingress rules on the database port from the peer VPC's application subnets (cidr_ipv4) to the "
                 "DB security groups of both regions.",
                 {}},
                reachable_from_peer});
}

}  // namespace rdha::analysis::detail
