// Graph export: the same nodes and edges in DOT, Mermaid and JSON, independent of
// insertion order, grouped by region, and exportable even when the graph has a cycle.
#include "rdha/emit/graph_export.hpp"

#include <gtest/gtest.h>

#include "rdha/error.hpp"

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

// A chain across two regions with a region-less password:
// aws_db_instance.replica (west) -> aws_db_instance.primary (east) -> random_password.db,
// and aws_vpc.dr (west) alone.
Stack chain_stack() {
  Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto west = stack.add_provider("aws", "us-west-2", "dr");
  stack.require_provider("random", "hashicorp/random", "3.6.3");
  auto password = stack.add(Kind::resource, "random_password", "db", ProviderRef{"random", ""});
  auto primary = stack.add(Kind::resource, "aws_db_instance", "primary", east);
  primary.set("password", password.attr("result"));
  auto replica = stack.add(Kind::resource, "aws_db_instance", "replica", west);
  replica.set("replicate_source_db", primary.attr("arn"));
  stack.add(Kind::resource, "aws_vpc", "dr", west);
  return stack;
}

std::vector<std::string> addresses(const nlohmann::json& graph) {
  std::vector<std::string> out;
  for (const auto& node : graph["nodes"]) out.push_back(node["address"]);
  return out;
}

TEST(GraphExport, DefaultOptionsExportEverything) {
  const Stack stack = chain_stack();
  EXPECT_EQ(to_dot(stack, GraphOptions{}), to_dot(stack));
  EXPECT_EQ(addresses(to_graph_json(stack)), (std::vector<std::string>{"aws_db_instance.primary", "aws_db_instance.replica",
                                                                      "aws_vpc.dr", "random_password.db"}));
}

TEST(GraphExport, RegionKeepsItsBlocksAndTheRegionlessOnesJoinedToThem) {
  const Stack stack = chain_stack();
  GraphOptions east;
  east.region = "us-east-1";
  EXPECT_EQ(addresses(to_graph_json(stack, east)),
            (std::vector<std::string>{"aws_db_instance.primary", "random_password.db"}));
  GraphOptions west;
  west.region = "us-west-2";
  // The password serves the primary only: the west has no edge to it, nor to the primary.
  EXPECT_EQ(addresses(to_graph_json(stack, west)), (std::vector<std::string>{"aws_db_instance.replica", "aws_vpc.dr"}));
  EXPECT_EQ(to_graph_json(stack, west)["edges"], nlohmann::json::array());
}

TEST(GraphExport, RegionFilteredDotIsExact) {
  GraphOptions east;
  east.region = "us-east-1";
  EXPECT_EQ(to_dot(chain_stack(), east),
            "digraph rdha {\n"
            "  rankdir=LR;\n"
            "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
            "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#6b7280\"];\n"
            "  \"random_password.db\" [label=\"random_password.db\\nsecurity\", fillcolor=\"#fee2e2\"];\n"
            "  subgraph \"cluster_us-east-1\" {\n"
            "    label=\"us-east-1\";\n"
            "    style=\"rounded\";\n"
            "    color=\"#6b7280\";\n"
            "    \"aws_db_instance.primary\" [label=\"aws_db_instance.primary\\ndatabase\", fillcolor=\"#dcfce7\"];\n"
            "  }\n"
            "  \"aws_db_instance.primary\" -> \"random_password.db\" [label=\"password\"];\n"
            "}\n");
}

TEST(GraphExport, FocusKeepsBlocksWithinDepthEitherDirection) {
  const Stack stack = chain_stack();
  GraphOptions options;
  options.focus = "aws_db_instance.primary";  // depth 1 by default
  EXPECT_EQ(addresses(to_graph_json(stack, options)),
            (std::vector<std::string>{"aws_db_instance.primary", "aws_db_instance.replica", "random_password.db"}));
  options.focus = "aws_db_instance.replica";
  EXPECT_EQ(addresses(to_graph_json(stack, options)),
            (std::vector<std::string>{"aws_db_instance.primary", "aws_db_instance.replica"}));
  options.depth = 2;
  EXPECT_EQ(addresses(to_graph_json(stack, options)),
            (std::vector<std::string>{"aws_db_instance.primary", "aws_db_instance.replica", "random_password.db"}));
  options.depth = 0;
  EXPECT_EQ(addresses(to_graph_json(stack, options)), (std::vector<std::string>{"aws_db_instance.replica"}));
  options.depth = 2;
  options.region = "us-west-2";  // the filters compose
  EXPECT_EQ(addresses(to_graph_json(stack, options)), (std::vector<std::string>{"aws_db_instance.replica"}));
}

TEST(GraphExport, FocusedMermaidIsExactAndNumbersTheKeptNodes) {
  GraphOptions options;
  options.focus = "aws_db_instance.replica";
  EXPECT_EQ(to_mermaid(chain_stack(), options),
            "flowchart LR\n"
            "  subgraph domain_us_east_1[\"us-east-1\"]\n"
            "    n0[\"aws_db_instance.primary<br/>database\"]\n"
            "  end\n"
            "  subgraph domain_us_west_2[\"us-west-2\"]\n"
            "    n1[\"aws_db_instance.replica<br/>database\"]\n"
            "  end\n"
            "  n1 --> n0\n"
            "  classDef database fill:#dcfce7,stroke:#6b7280\n"
            "  class n0,n1 database\n");
}

TEST(GraphExport, WithoutEdgeLabels) {
  GraphOptions options;
  options.edge_labels = false;
  const Stack stack = chain_stack();
  const std::string dot = to_dot(stack, options);
  EXPECT_NE(dot.find("  \"aws_db_instance.primary\" -> \"random_password.db\";\n"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("[label=\"password\"]"), std::string::npos) << dot;
  EXPECT_EQ(to_graph_json(stack, options)["edges"][0],
            (nlohmann::json{{"from", "aws_db_instance.primary"}, {"to", "random_password.db"}}));
  EXPECT_EQ(to_mermaid(stack, options), to_mermaid(stack));  // Mermaid edges carry no labels
}

TEST(GraphExport, DotLegendIsACluster) {
  GraphOptions options;
  options.legend = true;
  const std::string dot = to_dot(chain_stack(), options);
  const auto legend = dot.find("  subgraph \"cluster_legend\" {\n    label=\"legend\";\n");
  ASSERT_NE(legend, std::string::npos) << dot;
  EXPECT_EQ(dot.substr(legend),
            "  subgraph \"cluster_legend\" {\n"
            "    label=\"legend\";\n"
            "    style=\"rounded\";\n"
            "    color=\"#6b7280\";\n"
            "    \"legend_network\" [label=\"network\", fillcolor=\"#dbeafe\"];\n"
            "    \"legend_security\" [label=\"security\", fillcolor=\"#fee2e2\"];\n"
            "    \"legend_database\" [label=\"database\", fillcolor=\"#dcfce7\"];\n"
            "    \"legend_monitoring\" [label=\"monitoring\", fillcolor=\"#fef9c3\"];\n"
            "    \"legend_recovery\" [label=\"recovery\", fillcolor=\"#ede9fe\"];\n"
            "    \"legend_general\" [label=\"general\", fillcolor=\"#f3f4f6\"];\n"
            "    \"legend_resource\" [label=\"resource\", fillcolor=\"#ffffff\"];\n"
            "    \"legend_data\" [label=\"data source\", fillcolor=\"#ffffff\", style=\"rounded,filled,dashed\"];\n"
            "    \"legend_ephemeral\" [label=\"ephemeral resource\", fillcolor=\"#ffffff\", style=\"rounded,filled,dotted\"];\n"
            "    \"legend_regions\" [shape=plaintext, style=\"\", label=\"boxes group blocks by region, then availability "
            "zone; a block outside every box has no region (hashicorp/random, global lookups)\"];\n"
            "    \"legend_dependent\" [label=\"dependent\", fillcolor=\"#ffffff\"];\n"
            "    \"legend_dependency\" [label=\"dependency\", fillcolor=\"#ffffff\"];\n"
            "    \"legend_dependent\" -> \"legend_dependency\" [label=\"an arrow points from a block to the block it "
            "needs;\\nan arrow's label names the arguments that hold the reference\"];\n"
            "  }\n"
            "}\n");
  options.edge_labels = false;
  EXPECT_NE(to_dot(chain_stack(), options)
                .find("[label=\"an arrow points from a block to the block it needs\"];\n  }\n}\n"),
            std::string::npos);
}

TEST(GraphExport, MermaidLegendIsACommentBlockAndJsonLegendAnObject) {
  GraphOptions options;
  options.legend = true;
  const Stack stack = chain_stack();
  const std::string mermaid = to_mermaid(stack, options);
  EXPECT_EQ(mermaid.substr(to_mermaid(stack).size()),
            "  %% legend\n"
            "  %% box: resource; rounded box: data source or ephemeral resource\n"
            "  %% fill: network #dbeafe, security #fee2e2, database #dcfce7, monitoring #fef9c3, recovery #ede9fe, "
            "general #f3f4f6\n"
            "  %% an arrow points from a block to the block it needs\n"
            "  %% boxes group blocks by region, then availability zone; a block outside every box has no region "
            "(hashicorp/random, global lookups)\n");
  const nlohmann::json legend = to_graph_json(stack, options)["legend"];
  EXPECT_EQ(legend["fill_by_concern"]["database"], "#dcfce7");
  EXPECT_EQ(legend["dot_style_by_kind"],
            (nlohmann::json{{"resource", "rounded,filled"}, {"data", "rounded,filled,dashed"}, {"ephemeral", "rounded,filled,dotted"}}));
  EXPECT_EQ(legend["mermaid_shape_by_kind"]["data"], "rounded");
  EXPECT_EQ(legend["edge_labels"], "an arrow's label names the arguments that hold the reference");
  EXPECT_FALSE(to_graph_json(stack).contains("legend"));
}

// Each bad option: the exception type and its exact text.
template <class Options>
std::string export_error(const Stack& stack, Options&& set) {
  GraphOptions options;
  set(options);
  try {
    to_graph_json(stack, options);
  } catch (const SpecError& e) {
    return e.what();
  }
  return "no error";
}

TEST(GraphExport, BadOptionsAreSpecErrorsNamingTheValue) {
  const Stack stack = chain_stack();
  EXPECT_EQ(export_error(stack, [](GraphOptions& o) { o.region = "us-east-9"; }),
            "[rdha.spec.invalid] (region) \"us-east-9\" is not a region of the stack, so the graph would "
            "be empty. The stack's regions: us-east-1, us-west-2.");
  EXPECT_EQ(export_error(stack, [](GraphOptions& o) { o.focus = "aws_db_instance.primar"; }),
            "[rdha.spec.invalid] (focus) \"aws_db_instance.primar\" is not in the stack. The nearest "
            "address: aws_db_instance.primary. `rdha graph --format json` lists every address.");
  EXPECT_EQ(export_error(Stack{}, [](GraphOptions& o) { o.focus = "aws_vpc.x"; }),
            "[rdha.spec.invalid] (focus) \"aws_vpc.x\" is not in the stack, which is empty.");
  EXPECT_EQ(export_error(stack, [](GraphOptions& o) { o.depth = 2; }),
            "[rdha.spec.invalid] (depth) 2 counts edges from a focus block, and none is given. Give "
            "the focus address too (--focus ADDRESS).");
  EXPECT_EQ(export_error(stack,
                         [](GraphOptions& o) {
                           o.focus = "aws_vpc.dr";
                           o.depth = -1;
                         }),
            "[rdha.spec.invalid] (depth) must be 0 or more (0 keeps the focus block alone), got -1.");
}

}  // namespace
}  // namespace rdha
