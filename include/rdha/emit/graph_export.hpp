// rdha/emit/graph_export.hpp — the dependency graph of a Stack as DOT, Mermaid or JSON.
//
// Shared by the CLI (`rdha graph`) and the Python package (`Stack.graph()`, notebook
// rendering). Every export lists the same nodes and edges: nodes sorted by address, each
// with its type, kind, provider configuration and placement (region, availability zone,
// concern, role); edges dependent → dependency (an edge a → b means "a needs b"), sorted.
// The output depends only on the graph, never on insertion order, and a graph with cycles
// exports too (that is when one wants to look at it). GraphOptions narrows the export to a
// region or to the neighbourhood of one block, drops edge labels and adds a legend; the
// default options export everything exactly as before. docs/graph.md describes the output.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "rdha/core/stack.hpp"

namespace rdha {

/// @brief What to export and how. The filters compose: a block is kept when it passes both.
struct GraphOptions {
  /// @brief Keep the blocks placed in this region ("" keeps every region). Blocks without a
  ///        region (hashicorp/random, global lookups) are kept when an edge joins them to a
  ///        kept block of the region; they stay outside every region cluster.
  std::string region;
  /// @brief Keep the blocks within `depth` edges of this address, following edges in
  ///        either direction ("" keeps the whole graph).
  std::string focus;
  /// @brief Edges from the focus (default 1 with a focus); only with a focus, at least 0.
  std::optional<int> depth;
  /// @brief DOT labels edges with the arguments that hold the reference, JSON lists them as
  ///        `arguments`; false leaves both out. Mermaid edges never carry labels.
  bool edge_labels = true;
  /// @brief Explain node shapes, fill colours, edge direction and the region boxes: a
  ///        `cluster_legend` in DOT, a comment block in Mermaid, a `legend` object in JSON.
  bool legend = false;
};

/// @brief Graphviz DOT: one `cluster_<region>` subgraph per region (regionless nodes such
///        as random_password stay at the top level), nodes coloured by concern, edges
///        labelled with the arguments that hold the reference.
///
/// @code{.cpp}
/// std::ofstream("graph.dot") << rdha::to_dot(stack);  // dot -Tsvg graph.dot > graph.svg
/// @endcode
///
/// @throws SpecError when an option does not fit the stack: a region where it has no block
///         (naming its regions), an address that is not in it (naming the nearest), a depth
///         without a focus or below 0. to_mermaid and to_graph_json throw the same.
std::string to_dot(const Stack& stack, const GraphOptions& options = {});

/// @brief Mermaid flowchart text (`flowchart LR`), one subgraph per region, for Markdown
///        renderers and notebooks without Graphviz.
std::string to_mermaid(const Stack& stack, const GraphOptions& options = {});

/// @brief `{"nodes": [...], "edges": [...]}`. A node is {address, type, name, kind,
///        provider, region, az, concern, role}; an edge is {from, to, arguments} with
///        `from` the dependent, `to` the dependency and `arguments` the sorted names of
///        the arguments of `from` that reference `to` ("depends_on" included), then
///        `failure_domains` and, with GraphOptions::legend, `legend`.
nlohmann::json to_graph_json(const Stack& stack, const GraphOptions& options = {});

}  // namespace rdha
