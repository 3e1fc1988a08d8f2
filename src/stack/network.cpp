// The network module: one region's VPC, subnets, gateways, routing, locked-down default
// security group and VPC flow logs. Called once per region; the DR side mirrors the primary.
#include "rdha/stack/modules.hpp"

#include <fmt/format.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "rdha/error.hpp"

namespace rdha::stack {
namespace {

using Tags = std::map<std::string, std::string>;

Tags name_tag(std::string name) { return Tags{{"Name", std::move(name)}}; }

// Each subnet list holds exactly one entry per AZ (subnet i goes into azs[i]). The spec
// validates this too; the module checks again because users may call it on their own.
void check_region(const RegionContext& region) {
  std::vector<Problem> problems;
  const RegionSpec& r = *region.spec;
  const std::string path = "regions." + region.key;
  for (const auto& [field, list] : {std::pair<const char*, const std::vector<std::string>*>{"public_subnets", &r.public_subnets},
                                    {"private_subnets", &r.private_subnets}}) {
    if (list->empty() || list->size() != r.azs.size())
      problems.push_back({fmt::format("{}.{}", path, field),
                          fmt::format("has {} subnet(s) for {} availability zone(s) {}; give exactly one subnet per AZ.",
                                      list->size(), r.azs.size(), nlohmann::json(r.azs).dump())});
  }
  if (!problems.empty()) throw SpecError::invalid(std::move(problems));
}

// The caller identity for the flow-log trust condition: the stack's shared one when
// add_providers() ran, else one of this region's own (standalone use of the module).
aws::data::CallerIdentity caller_identity(Stack& stack, const RegionContext& region) {
  if (auto existing = stack.find("data.aws_caller_identity.current")) return aws::data::CallerIdentity(*existing);
  return stack.add<aws::data::CallerIdentity>(region.key, region.provider);
}

aws::Subnet add_subnet(Stack& stack, const RegionContext& region, const aws::Vpc& vpc, const std::string& tier,
                       std::size_t index, const std::string& cidr, std::string name) {
  auto subnet = stack.add<aws::Subnet>(fmt::format("{}_{}_{}", region.key, tier, index + 1), region.provider);
  // A literal AZ also records the subnet's placement for the failure-domain analyses.
  subnet.vpc_id(vpc.id())
      .cidr_block(cidr)
      .availability_zone(region.spec->azs[index])
      .map_public_ip_on_launch(false)
      .tags(name_tag(std::move(name)));
  return subnet;
}

void add_flow_logs(Stack& stack, const RegionContext& region, const aws::Vpc& vpc,
                   const std::optional<Attr<tf::String>>& log_key_arn) {
  const std::string local = region.key + "_flow_logs";
  const std::string name = region.names.flow_logs();

  auto group = stack.add<aws::CloudwatchLogGroup>(local, region.provider);
  // A year of flow logs for security investigations and audits.
  group.name(name).retention_in_days(365);
  if (log_key_arn) group.kms_key_id(*log_key_arn);

  // Only the flow-logs service, and only on behalf of this account (confused deputy).
  auto caller = caller_identity(stack, region);
  aws::data::IamPolicyDocument::Statement trust;
  aws::data::IamPolicyDocument::Statement::Principals service;
  service.type("Service").identifiers({"vpc-flow-logs.amazonaws.com"});
  aws::data::IamPolicyDocument::Statement::Condition source_account;
  source_account.test("StringEquals").variable("aws:SourceAccount").values({caller.account_id()});
  trust.sid("VpcFlowLogsAssumeRole").effect("Allow").actions({"sts:AssumeRole"});
  trust.principals(service).condition(source_account);
  auto assume = stack.add<aws::data::IamPolicyDocument>(local + "_assume", region.provider);
  assume.statement(trust);

  // IAM is global, so each region's role carries the region key in its name.
  auto role = stack.add<aws::IamRole>(local, region.provider);
  role.name(name)
      .description(fmt::format("VPC flow logs of the {} region ({}) to CloudWatch Logs", region.key, region.spec->name))
      .assume_role_policy(assume.json_());

  // Writing into this log group only (the ARN without and with the stream suffix).
  aws::data::IamPolicyDocument::Statement write;
  write.sid("WriteFlowLogs").effect("Allow");
  write.actions({"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"});
  write.resources({group.arn(), tmpl(group.arn(), ":*")});
  auto permissions = stack.add<aws::data::IamPolicyDocument>(local, region.provider);
  permissions.statement(write);

  auto policy = stack.add<aws::IamRolePolicy>(local, region.provider);
  policy.name(name).role_(role.id()).policy(permissions.json_());

  auto flow_log = stack.add<aws::FlowLog>(region.key, region.provider);
  flow_log.vpc_id(vpc.id())
      .traffic_type("ALL")
      .log_destination_type("cloud-watch-logs")
      .log_destination(group.arn())
      .iam_role_arn(role.arn())
      .max_aggregation_interval(60)
      .tags(name_tag(name));
  // The role is usable only once its policy is attached.
  flow_log.depends_on(policy);
}

}  // namespace

// The spec argument keeps the modules' common signature: everything this module needs
// per region travels in the region context.
RegionNetwork build_network(Stack& stack, const HaStackSpec& /*spec*/, const RegionContext& region,
                            const std::optional<Attr<tf::String>>& log_key_arn) {
  check_region(region);
  const RegionSpec& r = *region.spec;
  const std::string& key = region.key;

  auto vpc = stack.add<aws::Vpc>(key, region.provider);
  // DNS support and hostnames: RDS endpoints resolve inside the VPC (and across the peering).
  vpc.cidr_block(r.vpc_cidr).enable_dns_support(true).enable_dns_hostnames(true).tags(name_tag(region.names.vpc()));

  std::vector<aws::Subnet> public_subnets;
  std::vector<aws::Subnet> private_subnets;
  for (std::size_t i = 0; i < r.public_subnets.size(); ++i)
    public_subnets.push_back(
        add_subnet(stack, region, vpc, "public", i, r.public_subnets[i], region.names.public_subnet(i)));
  for (std::size_t i = 0; i < r.private_subnets.size(); ++i)
    private_subnets.push_back(
        add_subnet(stack, region, vpc, "private", i, r.private_subnets[i], region.names.private_subnet(i)));

  auto igw = stack.add<aws::InternetGateway>(key, region.provider);
  igw.vpc_id(vpc.id()).tags(name_tag(region.names.internet_gateway()));

  // An EIP for a NAT gateway needs the IGW attached first (AWS rejects it otherwise).
  auto eip = stack.add<aws::Eip>(key + "_nat", region.provider);
  eip.domain("vpc").tags(name_tag(region.names.nat_eip()));
  eip.depends_on(igw);

  auto nat = stack.add<aws::NatGateway>(key, region.provider);
  nat.allocation_id(eip.allocation_id()).subnet_id(public_subnets.front().id()).tags(name_tag(region.names.nat_gateway()));
  nat.depends_on(igw);

  // Routes are separate aws_route resources (not inline route blocks) so the peering
  // module can add routes to the same tables without Terraform fighting over them.
  auto public_rt = stack.add<aws::RouteTable>(key + "_public", region.provider);
  public_rt.vpc_id(vpc.id()).tags(name_tag(region.names.public_route_table()));
  auto public_default = stack.add<aws::Route>(key + "_public_default", region.provider);
  public_default.route_table_id(public_rt.id()).destination_cidr_block("0.0.0.0/0").gateway_id(igw.id());

  auto private_rt = stack.add<aws::RouteTable>(key + "_private", region.provider);
  private_rt.vpc_id(vpc.id()).tags(name_tag(region.names.private_route_table()));
  auto private_default = stack.add<aws::Route>(key + "_private_default", region.provider);
  private_default.route_table_id(private_rt.id()).destination_cidr_block("0.0.0.0/0").nat_gateway_id(nat.id());

  for (std::size_t i = 0; i < public_subnets.size(); ++i) {
    auto assoc = stack.add<aws::RouteTableAssociation>(fmt::format("{}_public_{}", key, i + 1), region.provider);
    assoc.subnet_id(public_subnets[i].id()).route_table_id(public_rt.id());
  }
  for (std::size_t i = 0; i < private_subnets.size(); ++i) {
    auto assoc = stack.add<aws::RouteTableAssociation>(fmt::format("{}_private_{}", key, i + 1), region.provider);
    assoc.subnet_id(private_subnets[i].id()).route_table_id(private_rt.id());
  }

  // Adopting the default security group with no ingress/egress blocks removes its rules:
  // anything launched without an explicit group gets no access at all.
  auto default_sg = stack.add<aws::DefaultSecurityGroup>(key, region.provider);
  default_sg.vpc_id(vpc.id()).tags(name_tag(region.names.default_security_group()));

  add_flow_logs(stack, region, vpc, log_key_arn);

  return RegionNetwork{region, vpc, std::move(public_subnets), std::move(private_subnets), igw, nat, public_rt, private_rt};
}

}  // namespace rdha::stack
