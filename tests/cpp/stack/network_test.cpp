// The network module: VPC, subnets, gateways, routing, default SG and flow logs of one
// region; the DR region mirrors the primary.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "rdha/emit/tf_json.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/modules.hpp"
#include "testing/module_stack.hpp"

namespace rdha::stack {
namespace {

const Resource& node(Stack& stack, const std::string& address) {
  auto handle = stack.find(address);
  if (!handle) throw std::runtime_error("no node " + address);
  return handle->node();
}

const nlohmann::json& args(Stack& stack, const std::string& address) { return node(stack, address).arguments; }

using testing::build_modules;
using testing::Module;
using testing::ModuleStack;

std::unique_ptr<ModuleStack> build(const HaStackSpec& spec) { return build_modules(spec, Module::network); }

TEST(Network, VpcHasDnsSupportAndHostnames) {
  auto b = build(HaStackSpec{});
  const auto& vpc = args(b->stack, "aws_vpc.primary");
  EXPECT_EQ(vpc.at("cidr_block"), "10.0.0.0/16");
  EXPECT_EQ(vpc.at("enable_dns_support"), true);
  EXPECT_EQ(vpc.at("enable_dns_hostnames"), true);
  EXPECT_EQ(vpc.at("tags"), nlohmann::json({{"Name", "primary-vpc-rdha"}}));
  EXPECT_EQ(b->primary_network->vpc.str(), "aws_vpc.primary");
}

TEST(Network, OneSubnetPerAzPerTierWithoutPublicIps) {
  auto b = build(HaStackSpec{});
  ASSERT_EQ(b->primary_network->public_subnets.size(), 2u);
  ASSERT_EQ(b->primary_network->private_subnets.size(), 2u);
  const struct {
    std::string address, cidr, az, name;
  } expected[] = {{"aws_subnet.primary_public_1", "10.0.1.0/24", "us-east-1a", "primary-public-1-rdha"},
                  {"aws_subnet.primary_public_2", "10.0.2.0/24", "us-east-1b", "primary-public-2-rdha"},
                  {"aws_subnet.primary_private_1", "10.0.3.0/24", "us-east-1a", "primary-private-1-rdha"},
                  {"aws_subnet.primary_private_2", "10.0.4.0/24", "us-east-1b", "primary-private-2-rdha"}};
  for (const auto& e : expected) {
    const auto& subnet = node(b->stack, e.address);
    EXPECT_EQ(subnet.arguments.at("vpc_id"), "${aws_vpc.primary.id}") << e.address;
    EXPECT_EQ(subnet.arguments.at("cidr_block"), e.cidr) << e.address;
    EXPECT_EQ(subnet.arguments.at("availability_zone"), e.az) << e.address;
    EXPECT_EQ(subnet.arguments.at("map_public_ip_on_launch"), false) << e.address;
    EXPECT_EQ(subnet.arguments.at("tags").at("Name"), e.name) << e.address;
    EXPECT_EQ(subnet.placement.availability_zone, e.az) << e.address;
  }
  EXPECT_EQ(b->primary_network->private_subnets[1].str(), "aws_subnet.primary_private_2");
}

TEST(Network, NatGatewayWithEipInTheFirstPublicSubnet) {
  auto b = build(HaStackSpec{});
  const auto& eip = node(b->stack, "aws_eip.primary_nat");
  EXPECT_EQ(eip.arguments.at("domain"), "vpc");
  EXPECT_EQ(eip.arguments.at("tags").at("Name"), "primary-nat-eip-rdha");
  EXPECT_EQ(eip.depends_on, std::vector<std::string>{"aws_internet_gateway.primary"});
  const auto& nat = args(b->stack, "aws_nat_gateway.primary");
  EXPECT_EQ(nat.at("allocation_id"), "${aws_eip.primary_nat.allocation_id}");
  EXPECT_EQ(nat.at("subnet_id"), "${aws_subnet.primary_public_1.id}");
  EXPECT_EQ(nat.at("tags").at("Name"), "primary-nat-rdha");
  EXPECT_EQ(args(b->stack, "aws_internet_gateway.primary").at("vpc_id"), "${aws_vpc.primary.id}");
}

TEST(Network, DefaultRoutesAsSeparateResources) {
  auto b = build(HaStackSpec{});
  EXPECT_FALSE(args(b->stack, "aws_route_table.primary_public").contains("route"));
  EXPECT_EQ(args(b->stack, "aws_route_table.primary_public").at("tags").at("Name"), "primary-public-rt-rdha");
  EXPECT_EQ(args(b->stack, "aws_route_table.primary_private").at("tags").at("Name"), "primary-private-rt-rdha");

  const auto& public_default = args(b->stack, "aws_route.primary_public_default");
  EXPECT_EQ(public_default, nlohmann::json({{"route_table_id", "${aws_route_table.primary_public.id}"},
                                            {"destination_cidr_block", "0.0.0.0/0"},
                                            {"gateway_id", "${aws_internet_gateway.primary.id}"}}));
  const auto& private_default = args(b->stack, "aws_route.primary_private_default");
  EXPECT_EQ(private_default, nlohmann::json({{"route_table_id", "${aws_route_table.primary_private.id}"},
                                             {"destination_cidr_block", "0.0.0.0/0"},
                                             {"nat_gateway_id", "${aws_nat_gateway.primary.id}"}}));
}

TEST(Network, EverySubnetIsAssociatedWithItsTiersRouteTable) {
  auto b = build(HaStackSpec{});
  for (const std::string tier : {"public", "private"})
    for (int i = 1; i <= 2; ++i) {
      const std::string suffix = tier + "_" + std::to_string(i);
      const auto& assoc = args(b->stack, "aws_route_table_association.primary_" + suffix);
      EXPECT_EQ(assoc.at("subnet_id"), "${aws_subnet.primary_" + suffix + ".id}");
      EXPECT_EQ(assoc.at("route_table_id"), "${aws_route_table.primary_" + tier + ".id}");
    }
}

TEST(Network, DefaultSecurityGroupIsAdoptedWithoutRules) {
  auto b = build(HaStackSpec{});
  const auto& sg = node(b->stack, "aws_default_security_group.primary");
  // No ingress / egress blocks (no rules); only the Name tag that carries the suffix.
  EXPECT_EQ(sg.arguments, nlohmann::json({{"vpc_id", "${aws_vpc.primary.id}"},
                                          {"tags", {{"Name", "primary-default-sg-rdha"}}}}));
  EXPECT_EQ(sg.placement.concern, Concern::security);
}

TEST(Network, FlowLogsGoToAKmsEncryptedLogGroupKeptAYear) {
  auto b = build(HaStackSpec{});
  const auto& group = args(b->stack, "aws_cloudwatch_log_group.primary_flow_logs");
  EXPECT_EQ(group.at("name"), "primary-flow-logs-rdha");
  EXPECT_GE(group.at("retention_in_days").get<int>(), 365);
  EXPECT_EQ(group.at("kms_key_id"), "${aws_kms_key.primary.arn}");
  EXPECT_EQ(args(b->stack, "aws_cloudwatch_log_group.dr_flow_logs").at("kms_key_id"), "${aws_kms_replica_key.dr.arn}");

  const auto& flow = node(b->stack, "aws_flow_log.primary");
  EXPECT_EQ(flow.arguments.at("vpc_id"), "${aws_vpc.primary.id}");
  EXPECT_EQ(flow.arguments.at("traffic_type"), "ALL");
  EXPECT_EQ(flow.arguments.at("log_destination_type"), "cloud-watch-logs");
  EXPECT_EQ(flow.arguments.at("log_destination"), "${aws_cloudwatch_log_group.primary_flow_logs.arn}");
  EXPECT_EQ(flow.arguments.at("iam_role_arn"), "${aws_iam_role.primary_flow_logs.arn}");
  EXPECT_EQ(flow.depends_on, std::vector<std::string>{"aws_iam_role_policy.primary_flow_logs"});
}

TEST(Network, FlowLogRoleTrustsOnlyTheServiceForThisAccount) {
  auto b = build(HaStackSpec{});
  const auto& role = node(b->stack, "aws_iam_role.primary_flow_logs");
  EXPECT_EQ(role.arguments.at("name"), "primary-flow-logs-rdha");
  EXPECT_EQ(role.arguments.at("assume_role_policy"), "${data.aws_iam_policy_document.primary_flow_logs_assume.json}");
  EXPECT_EQ(role.placement.concern, Concern::security);

  const auto& trust = args(b->stack, "data.aws_iam_policy_document.primary_flow_logs_assume").at("statement");
  ASSERT_EQ(trust.size(), 1u);
  EXPECT_EQ(trust[0].at("actions"), nlohmann::json({"sts:AssumeRole"}));
  EXPECT_EQ(trust[0].at("principals"),
            nlohmann::json({{{"type", "Service"}, {"identifiers", {"vpc-flow-logs.amazonaws.com"}}}}));
  EXPECT_EQ(trust[0].at("condition"),
            nlohmann::json({{{"test", "StringEquals"},
                             {"variable", "aws:SourceAccount"},
                             {"values", {"${data.aws_caller_identity.current.account_id}"}}}}));

  const auto& permissions = args(b->stack, "data.aws_iam_policy_document.primary_flow_logs").at("statement");
  ASSERT_EQ(permissions.size(), 1u);
  EXPECT_EQ(permissions[0].at("resources"),
            nlohmann::json({"${aws_cloudwatch_log_group.primary_flow_logs.arn}",
                            "${aws_cloudwatch_log_group.primary_flow_logs.arn}:*"}));
  const auto& policy = args(b->stack, "aws_iam_role_policy.primary_flow_logs");
  EXPECT_EQ(policy.at("role"), "${aws_iam_role.primary_flow_logs.id}");
  EXPECT_EQ(policy.at("policy"), "${data.aws_iam_policy_document.primary_flow_logs.json}");
}

TEST(Network, AwsManagedModeLeavesTheLogGroupOnDefaultEncryption) {
  HaStackSpec spec;
  spec.database.kms_mode = KmsMode::aws_managed;
  auto b = build(spec);
  EXPECT_FALSE(args(b->stack, "aws_cloudwatch_log_group.primary_flow_logs").contains("kms_key_id"));
  EXPECT_FALSE(args(b->stack, "aws_cloudwatch_log_group.dr_flow_logs").contains("kms_key_id"));
  EXPECT_NO_THROW(to_tf_json(b->stack));
}

// Replaces the region key and the primary's CIDRs / AZs / region with the DR ones, so a
// primary node's arguments must equal its DR counterpart's.
std::string mirror(std::string text, const HaStackSpec& spec) {
  const auto replace_all = [&text](const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  };
  const auto& p = spec.regions.primary;
  const auto& d = spec.regions.dr;
  replace_all("primary", "dr");
  replace_all("aws_kms_key.dr", "aws_kms_replica_key.dr");
  replace_all(p.vpc_cidr, d.vpc_cidr);
  for (std::size_t i = 0; i < p.azs.size(); ++i) replace_all(p.azs[i], d.azs[i]);
  for (std::size_t i = 0; i < p.public_subnets.size(); ++i) replace_all(p.public_subnets[i], d.public_subnets[i]);
  for (std::size_t i = 0; i < p.private_subnets.size(); ++i) replace_all(p.private_subnets[i], d.private_subnets[i]);
  replace_all(p.name, d.name);
  return text;
}

TEST(Network, DrMirrorsThePrimaryOnTheDrProvider) {
  const HaStackSpec spec;
  auto b = build(spec);
  std::vector<std::string> primary_nodes;
  std::size_t dr_nodes = 0;
  for (std::size_t i = 0; i < b->stack.size(); ++i) {
    const Resource& r = b->stack.resource(i);
    if (r.address.type.starts_with("aws_kms") || r.address.name.starts_with("kms_") || r.address.name == "current")
      continue;  // providers / kms module
    if (r.address.name.starts_with("primary")) {
      primary_nodes.push_back(r.address.str());
      EXPECT_EQ(r.provider, "aws") << r.address.str();
      EXPECT_EQ(r.placement.region, "us-east-1") << r.address.str();
    } else {
      ASSERT_TRUE(r.address.name.starts_with("dr")) << r.address.str();
      EXPECT_EQ(r.provider, "aws.dr") << r.address.str();
      EXPECT_EQ(r.placement.region, "us-west-2") << r.address.str();
      ++dr_nodes;
    }
  }
  EXPECT_EQ(primary_nodes.size(), 23u);  // vpc, 4 subnets, igw, eip, nat, 2 tables, 2 routes, 4 associations, default SG, 6 flow-log nodes
  EXPECT_EQ(dr_nodes, primary_nodes.size());
  for (const auto& address : primary_nodes) {
    const std::string dr_address = mirror(address, spec);
    const Resource& p = node(b->stack, address);
    const Resource& d = node(b->stack, dr_address);
    EXPECT_EQ(mirror(p.arguments.dump(), spec), d.arguments.dump()) << address;
    EXPECT_EQ(p.depends_on.size(), d.depends_on.size()) << address;
    EXPECT_EQ(p.placement.concern, d.placement.concern) << address;
    if (!p.placement.availability_zone.empty()) {
      EXPECT_EQ(mirror(p.placement.availability_zone, spec), d.placement.availability_zone) << address;
    }
  }
  EXPECT_EQ(args(b->stack, "aws_vpc.dr").at("cidr_block"), "10.1.0.0/16");
  EXPECT_EQ(args(b->stack, "aws_subnet.dr_private_2").at("cidr_block"), "10.1.4.0/24");
  EXPECT_EQ(args(b->stack, "aws_iam_role.dr_flow_logs").at("name"), "dr-flow-logs-rdha");
}

TEST(Network, StandaloneUseAddsItsOwnCallerIdentity) {
  const HaStackSpec spec;
  Stack stack;
  const RegionContext region = region_context(spec, RegionRole::primary, stack.add_provider("aws", "us-east-1"));
  build_network(stack, spec, region, std::nullopt);
  EXPECT_TRUE(stack.find("data.aws_caller_identity.primary"));
  EXPECT_EQ(args(stack, "data.aws_iam_policy_document.primary_flow_logs_assume").at("statement")[0].at("condition")[0].at("values"),
            nlohmann::json({"${data.aws_caller_identity.primary.account_id}"}));
  EXPECT_NO_THROW(to_tf_json(stack));
}

TEST(Network, RejectsSubnetListsThatDoNotMatchTheAzs) {
  HaStackSpec spec;
  spec.regions.dr.private_subnets = {"10.1.3.0/24"};
  Stack stack;
  const Providers providers = add_providers(stack, spec);
  try {
    build_network(stack, spec, *providers.dr, std::nullopt);
    FAIL() << "expected SpecError";
  } catch (const SpecError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].subject, "regions.dr.private_subnets");
    EXPECT_EQ(e.problems()[0].message,
              "has 1 subnet(s) for 2 availability zone(s) [\"us-west-2a\",\"us-west-2b\"]; give exactly one subnet per AZ.");
  }
}

}  // namespace
}  // namespace rdha::stack
