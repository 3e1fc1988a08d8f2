// Graph export: the same nodes and edges in DOT, Mermaid and JSON, independent of
// insertion order, grouped by region, and exportable even when the graph has a cycle.
#include "rdha/emit/graph_export.hpp"

#include <gtest/gtest.h>

namespace rdha {
namespace {

// A small two-region graph; @p reversed adds the same nodes in the opposite order.
Stack example_stack(bool reversed = false) {
  Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto west = stack.add_provider("aws", "us-west-2", "dr");
  auto add_vpcs = [&] {
    stack.add(Kind::resource, "aws_vpc", "primary", east).set("cidr_block", "10.0.0.0/16");
    stack.add(Kind::resource, "aws_vpc", "dr", west).set("cidr_block", "10.1.0.0/16");
  };
  auto add_subnet = [&] {
    auto subnet = stack.add(Kind::resource, "aws_subnet", "primary_private_1", east);
    subnet.set("cidr_block", "10.0.3.0/24");
    subnet.set("availability_zone", "us-east-1a");
    subnet.role("private");
  };
  auto add_data = [&] { stack.add(Kind::data, "aws_caller_identity", "current", east); };
  if (reversed) {
    add_data();
    add_subnet();
    add_vpcs();
  } else {
    add_vpcs();
    add_subnet();
    add_data();
  }
  auto subnet = *stack.find("aws_subnet.primary_private_1");
  subnet.set("vpc_id", stack.find("aws_vpc.primary")->attr("id"));
  subnet.depends_on(*stack.find("data.aws_caller_identity.current"));
  return stack;
}

TEST(GraphExport, JsonListsNodesWithPlacementAndEdgesDependentToDependency) {
  const nlohmann::json graph = to_graph_json(example_stack());
  ASSERT_EQ(graph["nodes"].size(), 4u);
  EXPECT_EQ(graph["nodes"][0]["address"], "aws_subnet.primary_private_1");
  EXPECT_EQ(graph["nodes"][0],
            (nlohmann::json{{"address", "aws_subnet.primary_private_1"},
                            {"type", "aws_subnet"},
                            {"name", "primary_private_1"},
                            {"kind", "resource"},
                            {"provider", "aws"},
                            {"region", "us-east-1"},
                            {"az", "us-east-1a"},
                            {"concern", "network"},
                            {"role", "private"}}));
  EXPECT_EQ(graph["nodes"][1]["address"], "aws_vpc.dr");
  EXPECT_EQ(graph["nodes"][1]["provider"], "aws.dr");
  EXPECT_EQ(graph["nodes"][1]["region"], "us-west-2");
  EXPECT_EQ(graph["nodes"][3]["address"], "data.aws_caller_identity.current");
  EXPECT_EQ(graph["nodes"][3]["kind"], "data");

  EXPECT_EQ(graph["edges"], (nlohmann::json::array({
                                {{"from", "aws_subnet.primary_private_1"}, {"to", "aws_vpc.primary"}, {"arguments", {"vpc_id"}}},
                                {{"from", "aws_subnet.primary_private_1"},
                                 {"to", "data.aws_caller_identity.current"},
                                 {"arguments", {"depends_on"}}},
                            })));
}

TEST(GraphExport, OutputDoesNotDependOnInsertionOrder) {
  EXPECT_EQ(to_graph_json(example_stack(false)), to_graph_json(example_stack(true)));
  EXPECT_EQ(to_dot(example_stack(false)), to_dot(example_stack(true)));
  EXPECT_EQ(to_mermaid(example_stack(false)), to_mermaid(example_stack(true)));
}

TEST(GraphExport, DotGroupsNodesByRegionAndLabelsEdges) {
  const std::string dot = to_dot(example_stack());
  EXPECT_EQ(dot.rfind("digraph rdha {\n", 0), 0u);
  const auto east = dot.find("subgraph \"cluster_us-east-1\" {");
  const auto west = dot.find("subgraph \"cluster_us-west-2\" {");
  ASSERT_NE(east, std::string::npos);
  ASSERT_NE(west, std::string::npos);
  // The primary VPC is declared inside the us-east-1 cluster, the DR VPC in us-west-2.
  const auto primary = dot.find("    \"aws_vpc.primary\" [label=\"aws_vpc.primary\\nnetwork\"");
  const auto dr = dot.find("    \"aws_vpc.dr\" [label=");
  EXPECT_TRUE(east < primary && primary < west) << dot;
  EXPECT_GT(dr, west) << dot;
  EXPECT_NE(dot.find("\"aws_subnet.primary_private_1\" -> \"aws_vpc.primary\" [label=\"vpc_id\"];"), std::string::npos)
      << dot;
  EXPECT_NE(dot.find("label=\"aws_subnet.primary_private_1\\nnetwork · us-east-1a · private\""), std::string::npos)
      << dot;
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
}

TEST(GraphExport, DotNestsAvailabilityZonesInsideTheirRegion) {
  const std::string dot = to_dot(example_stack());
  const auto east = dot.find("  subgraph \"cluster_us-east-1\" {");
  const auto zone = dot.find("    subgraph \"cluster_us-east-1_us-east-1a\" {\n      label=\"us-east-1a\";");
  const auto subnet = dot.find("      \"aws_subnet.primary_private_1\" [label=");
  const auto west = dot.find("  subgraph \"cluster_us-west-2\" {");
  ASSERT_NE(zone, std::string::npos) << dot;
  EXPECT_TRUE(east < zone && zone < subnet && subnet < west) << dot;
}

TEST(GraphExport, JsonListsFailureDomains) {
  const auto graph = to_graph_json(example_stack());
  const nlohmann::json expected = nlohmann::json::array({
      {{"region", "us-east-1"}, {"az", ""}, {"nodes", {"aws_vpc.primary", "data.aws_caller_identity.current"}}},
      {{"region", "us-east-1"}, {"az", "us-east-1a"}, {"nodes", {"aws_subnet.primary_private_1"}}},
      {{"region", "us-west-2"}, {"az", ""}, {"nodes", {"aws_vpc.dr"}}},
  });
  EXPECT_EQ(graph["failure_domains"], expected);
}

TEST(GraphExport, MermaidDeclaresRegionSubgraphsNodesAndEdges) {
  const std::string mermaid = to_mermaid(example_stack());
  EXPECT_EQ(mermaid.rfind("flowchart LR\n", 0), 0u);
  EXPECT_NE(mermaid.find("  subgraph domain_us_east_1[\"us-east-1\"]\n"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("    subgraph domain_us_east_1_us_east_1a[\"us-east-1a\"]\n"
                         "      n0[\"aws_subnet.primary_private_1<br/>network · us-east-1a · private\"]\n"
                         "    end\n"),
            std::string::npos)
      << mermaid;
  EXPECT_NE(mermaid.find("    n3(\"data.aws_caller_identity.current<br/>general\")\n"), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find("  n0 --> n2\n"), std::string::npos) << mermaid;  // subnet -> primary VPC
  EXPECT_NE(mermaid.find("  n0 --> n3\n"), std::string::npos) << mermaid;  // subnet -> caller identity
  EXPECT_NE(mermaid.find("  class n0,n1,n2 network\n"), std::string::npos) << mermaid;
}

TEST(GraphExport, ExportsAGraphWithACycle) {
  Stack stack;
  auto aws = stack.add_provider("aws", "us-east-1");
  auto a = stack.add(Kind::resource, "aws_security_group", "a", aws);
  auto b = stack.add(Kind::resource, "aws_security_group", "b", aws);
  a.depends_on(b);
  b.depends_on(a);
  const nlohmann::json graph = to_graph_json(stack);
  EXPECT_EQ(graph["edges"].size(), 2u);
  EXPECT_NE(to_dot(stack).find("\"aws_security_group.b\" -> \"aws_security_group.a\""), std::string::npos);
}

TEST(GraphExport, EscapesQuotesInLabels) {
  Stack stack;
  auto aws = stack.add_provider("aws", "us-east-1");
  stack.add(Kind::resource, "aws_vpc", "main", aws).role("say \"hi\"");
  EXPECT_NE(to_dot(stack).find("main\\nnetwork · say \\\"hi\\\"\""), std::string::npos) << to_dot(stack);
  EXPECT_NE(to_mermaid(stack).find("say #quot;hi#quot;"), std::string::npos) << to_mermaid(stack);
}

}  // namespace
}  // namespace rdha
