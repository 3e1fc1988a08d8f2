// Network rules (RDHA-NET-*): AZ single points of failure in egress, flow logs, closed
// default security groups, no public exposure, described and scoped security rules,
// and peering routes that never carry default traffic.
#include <map>
#include <set>

#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

bool is_any_cidr(std::string_view cidr) { return cidr == "0.0.0.0/0" || cidr == "::/0"; }

void single_nat(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  std::map<std::string, std::vector<std::size_t>> nats;
  for (std::size_t index : of_type(stack, "aws_nat_gateway")) nats[stack.resource(index).placement.region].push_back(index);
  std::map<std::string, std::set<std::string>> subnet_azs;
  for (std::size_t index : of_type(stack, "aws_subnet")) {
    const Resource& subnet = stack.resource(index);
    const std::string az = availability_zone_of(stack, subnet);
    if (!az.empty()) subnet_azs[subnet.placement.region].insert(az);
  }
  for (const auto& [region, list] : nats) {
    if (list.size() != 1 || subnet_azs[region].size() < 2) continue;
    const Resource& nat = stack.resource(list.front());
    const std::string az = availability_zone_of(stack, nat);
    sink.report(nat.address.str(),
                "The only NAT gateway of " + region + (az.empty() ? "" : " (in " + az + ")") +
                    " is an AZ single point of failure for private egress.",
                "If its availability zone fails, every private subnet of " + region +
                    " loses outbound internet access (package mirrors, AWS APIs without VPC endpoints); the "
                    "database keeps serving. For AZ-independent egress add one NAT gateway per AZ with a private "
                    "route table per AZ, or VPC endpoints for the AWS services used.");
  }
}

void flow_logs(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const auto logs = of_type(stack, "aws_flow_log");
  for (std::size_t vpc : of_type(stack, "aws_vpc")) {
    bool logged = false;
    for (std::size_t log : logs) {
      const Json* target = arg(stack.resource(log), "vpc_id");
      logged = logged || (target != nullptr && value_references(stack, *target, vpc));
    }
    if (logged) continue;
    sink.report(stack.resource(vpc).address.str(), "The VPC has no flow log.",
                "Without flow logs there is no record of who connected to the database network, for incident "
                "response or audits. Add an aws_flow_log with vpc_id = this VPC (traffic_type = \"ALL\") to a "
                "KMS-encrypted log group with a year's retention.");
  }
}

bool has_rules(const Json* value) { return value != nullptr && !(value->is_array() && value->empty()); }

void default_sg_closed(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const auto defaults = of_type(stack, "aws_default_security_group");
  for (std::size_t vpc : of_type(stack, "aws_vpc")) {
    const std::string address = stack.resource(vpc).address.str();
    std::optional<std::size_t> found;
    for (std::size_t group : defaults) {
      const Json* target = arg(stack.resource(group), "vpc_id");
      if (target != nullptr && value_references(stack, *target, vpc)) found = group;
    }
    if (!found) {
      sink.report(address, "The VPC's default security group is not managed (and keeps AWS's allow rules).",
                  "AWS creates every VPC's default security group allowing all traffic between its members and all "
                  "egress; anything launched without a group gets it. Add an aws_default_security_group with "
                  "vpc_id = this VPC and no ingress or egress rules, which removes them.");
      continue;
    }
    const Resource& group = stack.resource(*found);
    if (has_rules(arg(group, "ingress")) || has_rules(arg(group, "egress")))
      sink.report(group.address.str(), "The default security group has rules.",
                  "Anything launched without an explicit group would get them. Remove every ingress and egress rule "
                  "from the default security group.");
  }
}

void no_public_ip(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_subnet")) {
    const Resource& subnet = stack.resource(index);
    if (literal_bool(arg(subnet, "map_public_ip_on_launch")) != true) continue;
    sink.report(subnet.address.str(), "The subnet assigns public IPs on launch.",
                "Every instance or interface launched there gets an internet-routable address without asking. Set "
                "map_public_ip_on_launch = false and attach Elastic IPs explicitly where needed (the NAT gateway).");
  }
}

bool described(const Json* value) {
  const auto text = literal_string(value);
  if (!text) return value != nullptr;  // an expression
  return !text->empty() && *text != "Managed by Terraform";
}

// Inline ingress/egress entries of an aws_security_group, as a list.
std::vector<Json> inline_rules(const Resource& group, std::string_view direction) {
  std::vector<Json> out;
  const Json* rules = arg(group, direction);
  if (rules == nullptr) return out;
  if (rules->is_array())
    for (const auto& rule : *rules) out.push_back(rule);
  else if (rules->is_object())
    out.push_back(*rules);
  return out;
}

void described_groups(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_security_group")) {
    const Resource& group = stack.resource(index);
    if (!described(arg(group, "description")))
      sink.report(group.address.str(), "The security group has no description.",
                  "Descriptions tell reviewers and responders what a group admits and why. Set description "
                  "(e.g. \"PostgreSQL from the application tier\").");
    for (const char* direction : {"ingress", "egress"})
      for (const auto& rule : inline_rules(group, direction))
        if (!rule.is_object() || !rule.contains("description") || !described(&rule["description"])) {
          sink.report(group.address.str(), std::string("An inline ") + direction + " rule has no description.",
                      "Describe every rule with what it admits and why, or move the rules to "
                      "aws_vpc_security_group_" + std::string(direction) + "_rule resources with a description.");
          break;
        }
  }
  for (const char* type : {"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
                           "aws_security_group_rule"})
    for (std::size_t index : of_type(stack, type)) {
      const Resource& rule = stack.resource(index);
      if (described(arg(rule, "description"))) continue;
      sink.report(rule.address.str(), "The security group rule has no description.",
                  "Describe what the rule admits and why (e.g. \"PostgreSQL from the app tier\").");
    }
}

// Open CIDRs of every rule in @p direction ("ingress" / "egress"), by reporting address.
std::vector<std::pair<std::string, std::string>> open_rules(const Stack& stack, const std::string& direction) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t index : of_type(stack, "aws_security_group")) {
    const Resource& group = stack.resource(index);
    for (const auto& rule : inline_rules(group, direction)) {
      if (!rule.is_object()) continue;
      for (const char* key : {"cidr_blocks", "ipv6_cidr_blocks"})
        if (rule.contains(key))
          for (const auto& cidr : literal_strings(&rule[key]))
            if (is_any_cidr(cidr)) out.emplace_back(group.address.str(), cidr);
    }
  }
  for (std::size_t index : of_type(stack, "aws_vpc_security_group_" + direction + "_rule")) {
    const Resource& rule = stack.resource(index);
    for (const char* key : {"cidr_ipv4", "cidr_ipv6"})
      if (auto cidr = literal_string(arg(rule, key)); cidr && is_any_cidr(*cidr))
        out.emplace_back(rule.address.str(), *cidr);
  }
  for (std::size_t index : of_type(stack, "aws_security_group_rule")) {
    const Resource& rule = stack.resource(index);
    if (literal_string(arg(rule, "type")).value_or("") != direction) continue;
    for (const char* key : {"cidr_blocks", "ipv6_cidr_blocks"})
      for (const auto& cidr : literal_strings(arg(rule, key)))
        if (is_any_cidr(cidr)) out.emplace_back(rule.address.str(), cidr);
  }
  return out;
}

void no_internet_ingress(const CheckContext& context, FindingSink& sink) {
  for (const auto& [address, cidr] : open_rules(context.stack, "ingress"))
    sink.report(address, "Ingress is open to " + cidr + ".",
                "Anyone on the internet can reach the admitted ports wherever a public path exists. Admit only the "
                "application tier's security group (referenced_security_group_id) or specific CIDRs.");
}

void restricted_egress(const CheckContext& context, FindingSink& sink) {
  for (const auto& [address, cidr] : open_rules(context.stack, "egress"))
    sink.report(address, "Egress is open to " + cidr + ".",
                "Unrestricted egress lets a compromised workload exfiltrate data anywhere. Restrict egress to the "
                "CIDRs and ports the workload needs (the VPC and peer VPC for a database).");
}

void peering_routes(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_route")) {
    const Resource& route = stack.resource(index);
    if (arg(route, "vpc_peering_connection_id") == nullptr) continue;
    for (const char* key : {"destination_cidr_block", "destination_ipv6_cidr_block"})
      if (auto cidr = literal_string(arg(route, key)); cidr && is_any_cidr(*cidr))
        sink.report(route.address.str(), "A peering route carries the default route " + *cidr + ".",
                    "Sending all traffic through a VPC peering connection bypasses the NAT and internet gateways "
                    "and exposes the peer to everything. Route only the peer VPC's CIDR over the peering.");
  }
  for (std::size_t index : of_type(stack, "aws_route_table")) {
    const Resource& table = stack.resource(index);
    const Json* routes = arg(table, "route");
    if (routes == nullptr || !routes->is_array()) continue;
    for (const auto& route : *routes) {
      if (!route.is_object() || !route.contains("vpc_peering_connection_id")) continue;
      if (route["vpc_peering_connection_id"].is_null()) continue;
      for (const char* key : {"cidr_block", "ipv6_cidr_block"})
        if (route.contains(key))
          if (auto cidr = literal_string(&route[key]); cidr && is_any_cidr(*cidr))
            sink.report(table.address.str(), "A peering route carries the default route " + *cidr + ".",
                        "Route only the peer VPC's CIDR over the peering connection.");
    }
  }
}

// RDHA-NET-009: security-group references stay within a region.
void no_cross_region_group_reference(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const auto report = [&](const Resource& rule, const Resource& group) {
    sink.report(rule.address.str(),
                "The rule in " + rule.placement.region + " references " + group.address.str() + " in " +
                    group.placement.region + ".",
                "\"You can't reference the security group of a peer VPC that's in a different Region. Instead, "
                "use the CIDR block of the peer VPC\" (\"Update your security groups to reference peer security "
                "groups\", https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html). "
                "Admit the peer's application subnets by CIDR (cidr_ipv4).");
  };
  // The argument that names another group, per rule type; inline rules of a group name them
  // in their security_groups.
  const std::pair<const char*, const char*> kRules[] = {
      {"aws_vpc_security_group_ingress_rule", "referenced_security_group_id"},
      {"aws_vpc_security_group_egress_rule", "referenced_security_group_id"},
      {"aws_security_group_rule", "source_security_group_id"},
      {"aws_security_group", "ingress"},
      {"aws_security_group", "egress"}};
  for (const auto& [type, argument] : kRules)
    for (std::size_t index : of_type(stack, type)) {
      const Resource& rule = stack.resource(index);
      for (std::size_t target : targets_of(stack, rule, argument)) {
        const Resource& group = stack.resource(target);
        if (group.address.type != "aws_security_group" || group.placement.region == rule.placement.region) continue;
        report(rule, group);
      }
    }
}

}  // namespace

void add_network_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-NET-001", "SingleNatGateway", "One NAT gateway per region is an AZ single point of failure",
                 Severity::info, "network",
                 "With a single NAT gateway, private egress of the whole region depends on one availability zone.",
                 "Use one NAT gateway per AZ with per-AZ private route tables, or VPC endpoints, when private "
                 "egress must survive an AZ loss.",
                 {}},
                single_nat});
  registry.add({{"RDHA-NET-002", "VpcFlowLogs", "Every VPC has flow logs", Severity::warning, "network",
                 "Flow logs record the connections into and out of the database network.",
                 "Add an aws_flow_log for each VPC.",
                 {checkov("CKV2_AWS_11"), trivy("AVD-AWS-0178")}},
                flow_logs});
  registry.add({{"RDHA-NET-003", "DefaultSecurityGroupClosed", "Default security groups allow nothing",
                 Severity::warning, "network",
                 "AWS's default security group allows all traffic among its members and all egress.",
                 "Manage each VPC's aws_default_security_group with no rules.",
                 {checkov("CKV2_AWS_12")}},
                default_sg_closed});
  registry.add({{"RDHA-NET-004", "NoPublicIpOnLaunch", "Subnets do not assign public IPs on launch", Severity::warning,
                 "network", "Automatic public IPs expose whatever is launched in the subnet.",
                 "Set map_public_ip_on_launch = false.",
                 {checkov("CKV_AWS_130"), trivy("AVD-AWS-0164")}},
                no_public_ip});
  registry.add({{"RDHA-NET-005", "SecurityGroupsDescribed", "Every security group and rule is described",
                 Severity::warning, "network", "Descriptions make reviews and incident response possible.",
                 "Set description on every security group and rule.",
                 {checkov("CKV_AWS_23"), trivy("AVD-AWS-0099"), trivy("AVD-AWS-0124")}},
                described_groups});
  registry.add({{"RDHA-NET-006", "NoIngressFromInternet", "No ingress from 0.0.0.0/0 or ::/0", Severity::error,
                 "network", "Ingress from anywhere exposes the admitted ports to the internet.",
                 "Admit the application tier's security group or specific CIDRs only.",
                 {trivy("AVD-AWS-0107")}},
                no_internet_ingress});
  registry.add({{"RDHA-NET-007", "RestrictedEgress", "Egress is restricted", Severity::warning, "network",
                 "Unrestricted egress is the exfiltration path of a compromised workload.",
                 "Restrict egress to the CIDRs and ports needed.",
                 {trivy("AVD-AWS-0104")}},
                restricted_egress});
  registry.add({{"RDHA-NET-008", "PeeringRoutesScoped", "Peering routes never carry 0.0.0.0/0", Severity::error,
                 "network", "A default route over a peering connection sends all traffic to the peer VPC.",
                 "Route only the peer VPC's CIDR over the peering connection.", {}},
                peering_routes});
  registry.add({{"RDHA-NET-009", "NoCrossRegionGroupReference",
                 "Security group rules reference groups of their own region only", Severity::error, "network",
                 "A security group cannot be referenced across regions, even over peering; such a rule cannot be "
                 "created.",
                 "Use the peer VPC's (or its application subnets') CIDR blocks instead.", {}},
                no_cross_region_group_reference});
}

}  // namespace rdha::analysis::detail
