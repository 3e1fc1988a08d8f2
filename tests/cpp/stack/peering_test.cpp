// The peering module: requester/accepter across regions, routes to the peer CIDR only,
// DNS resolution options; and the emitted partial stack providers → kms → networks → peering.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
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

using testing::build_modules;
using testing::Module;
using testing::ModuleStack;

std::unique_ptr<ModuleStack> build(const HaStackSpec& spec) { return build_modules(spec, Module::peering); }

TEST(Peering, RequestedInThePrimaryRegionForTheDrVpc) {
  auto b = build(HaStackSpec{});
  const auto& connection = b->peering->connection.node();
  EXPECT_EQ(connection.address.str(), "aws_vpc_peering_connection.primary_to_dr");
  EXPECT_EQ(connection.provider, "aws");
  EXPECT_EQ(connection.arguments.at("vpc_id"), "${aws_vpc.primary.id}");
  EXPECT_EQ(connection.arguments.at("peer_vpc_id"), "${aws_vpc.dr.id}");
  EXPECT_EQ(connection.arguments.at("peer_region"), "us-west-2");
  // AWS refuses auto_accept on the requester of a cross-region peering.
  EXPECT_FALSE(connection.arguments.contains("auto_accept"));
  EXPECT_EQ(connection.arguments.at("tags").at("Name"), "peering-rdha");
  EXPECT_EQ(connection.placement.concern, Concern::network);
}

TEST(Peering, AcceptedInTheDrRegion) {
  auto b = build(HaStackSpec{});
  const auto& accepter = b->peering->accepter.node();
  EXPECT_EQ(accepter.address.str(), "aws_vpc_peering_connection_accepter.primary_to_dr");
  EXPECT_EQ(accepter.provider, "aws.dr");
  EXPECT_EQ(accepter.placement.region, "us-west-2");
  EXPECT_EQ(accepter.arguments.at("vpc_peering_connection_id"), "${aws_vpc_peering_connection.primary_to_dr.id}");
  EXPECT_EQ(accepter.arguments.at("auto_accept"), true);
  EXPECT_EQ(accepter.arguments.at("tags").at("Name"), "peering-rdha");
}

TEST(Peering, RoutesGoToThePeerCidrOnlyNeverTheDefaultRoute) {
  auto b = build(HaStackSpec{});
  std::vector<std::string> peering_routes;
  for (std::size_t i = 0; i < b->stack.size(); ++i) {
    const Resource& r = b->stack.resource(i);
    if (r.address.type != "aws_route" || !r.arguments.contains("vpc_peering_connection_id")) continue;
    peering_routes.push_back(r.address.str());
    EXPECT_NE(r.arguments.at("destination_cidr_block"), "0.0.0.0/0") << r.address.str();
    EXPECT_EQ(r.arguments.at("vpc_peering_connection_id"), "${aws_vpc_peering_connection_accepter.primary_to_dr.id}");
  }
  EXPECT_EQ(peering_routes, (std::vector<std::string>{"aws_route.primary_private_to_peer", "aws_route.dr_private_to_peer"}));

  const auto& to_dr = node(b->stack, "aws_route.primary_private_to_peer");
  EXPECT_EQ(to_dr.provider, "aws");
  EXPECT_EQ(to_dr.arguments.at("route_table_id"), "${aws_route_table.primary_private.id}");
  EXPECT_EQ(to_dr.arguments.at("destination_cidr_block"), "10.1.0.0/16");
  const auto& to_primary = node(b->stack, "aws_route.dr_private_to_peer");
  EXPECT_EQ(to_primary.provider, "aws.dr");
  EXPECT_EQ(to_primary.arguments.at("route_table_id"), "${aws_route_table.dr_private.id}");
  EXPECT_EQ(to_primary.arguments.at("destination_cidr_block"), "10.0.0.0/16");
}

TEST(Peering, EachSideEnablesRemoteDnsResolutionAfterAcceptance) {
  auto b = build(HaStackSpec{});
  const auto& requester = node(b->stack, "aws_vpc_peering_connection_options.primary");
  EXPECT_EQ(requester.provider, "aws");
  EXPECT_EQ(requester.arguments,
            nlohmann::json({{"vpc_peering_connection_id", "${aws_vpc_peering_connection_accepter.primary_to_dr.id}"},
                            {"requester", {{{"allow_remote_vpc_dns_resolution", true}}}}}));
  const auto& accepter = node(b->stack, "aws_vpc_peering_connection_options.dr");
  EXPECT_EQ(accepter.provider, "aws.dr");
  EXPECT_EQ(accepter.arguments,
            nlohmann::json({{"vpc_peering_connection_id", "${aws_vpc_peering_connection_accepter.primary_to_dr.id}"},
                            {"accepter", {{{"allow_remote_vpc_dns_resolution", true}}}}}));
}

// The single problem build_peering reports for a spec whose DR VPC CIDR is @p dr_cidr.
Problem peering_problem(const std::string& dr_cidr) {
  HaStackSpec spec;
  spec.regions.dr.vpc_cidr = dr_cidr;
  auto s = build_modules(spec, Module::network);
  try {
    build_peering(s->stack, s->spec, *s->primary_network, *s->dr_network);
  } catch (const SpecError& e) {
    EXPECT_EQ(e.problems().size(), 1u);
    return e.problems().front();
  }
  ADD_FAILURE() << "expected SpecError for " << dr_cidr;
  return {};
}

TEST(Peering, RejectsOverlappingVpcCidrs) {
  const Problem problem = peering_problem("10.0.128.0/17");
  EXPECT_EQ(problem.subject, "regions.dr.vpc_cidr");
  EXPECT_EQ(problem.message,
            "\"10.0.128.0/17\" overlaps regions.primary.vpc_cidr \"10.0.0.0/16\"; peered VPCs need disjoint CIDR blocks.");
}

TEST(Peering, RejectsTheDefaultRouteAsAVpcCidr) {
  const Problem problem = peering_problem("0.0.0.0/0");
  EXPECT_EQ(problem.subject, "regions.dr.vpc_cidr");
  EXPECT_EQ(problem.message,
            "\"0.0.0.0/0\" cannot be a peering route destination; give the VPC's own CIDR block (e.g. \"10.1.0.0/16\").");
}

TEST(Peering, PartialStackEmitsInBothKmsModes) {
  for (KmsMode mode : {KmsMode::customer_managed, KmsMode::aws_managed}) {
    HaStackSpec spec;
    spec.database.kms_mode = mode;
    auto b = build(spec);
    const auto files = to_tf_json(b->stack);
    ASSERT_TRUE(files.count("network.tf.json")) << to_string(mode);
    ASSERT_TRUE(files.count("security.tf.json")) << to_string(mode);
    EXPECT_EQ(b->stack.required_version(), ">= 1.5.0");
    // Topological order: the accepter comes after the requester it accepts.
    std::vector<std::string> order;
    for (const auto& entry : files.at("network.tf.json").at("resource"))
      for (const auto& [type, blocks] : entry.items())
        for (const auto& [name, body] : blocks.items()) order.push_back(type + "." + name);
    const auto at = [&order](const std::string& address) {
      return std::find(order.begin(), order.end(), address) - order.begin();
    };
    EXPECT_LT(at("aws_vpc_peering_connection.primary_to_dr"), at("aws_vpc_peering_connection_accepter.primary_to_dr"));
    EXPECT_LT(at("aws_vpc_peering_connection_accepter.primary_to_dr"), at("aws_route.primary_private_to_peer"));
    EXPECT_LT(at("aws_route.dr_private_to_peer"), static_cast<std::ptrdiff_t>(order.size()));
  }
}

}  // namespace
}  // namespace rdha::stack
