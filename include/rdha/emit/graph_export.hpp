// rdha/emit/graph_export.hpp — the dependency graph of a Stack as DOT, Mermaid or JSON.
//
// Shared by the CLI (`rdha graph`) and the Python package (`Stack.graph()`, notebook
// rendering). Every export lists the same nodes and edges: nodes sorted by address, each
// with its type, kind, provider configuration and placement (region, availability zone,
// concern, role); edges dependent → dependency (an edge a → b means "a needs b"), sorted.
// The output depends only on the graph, never on insertion order, and a graph with cycles
// exports too (that is when one wants to look at it).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "rdha/core/stack.hpp"

namespace rdha {

/// @brief Graphviz DOT: one `cluster_<region>` subgraph per region (regionless nodes such
///        as random_password stay at the top level), nodes coloured by concern, edges
///        labelled with the arguments that hold the reference.
///
/// @code{.cpp}
/// std::ofstream("graph.dot") << rdha::to_dot(stack);  // dot -Tsvg graph.dot > graph.svg
/// @endcode
std::string to_dot(const Stack& stack);

/// @brief Mermaid flowchart text (`flowchart LR`), one subgraph per region, for Markdown
///        renderers and notebooks without Graphviz.
std::string to_mermaid(const Stack& stack);

/// @brief `{"nodes": [...], "edges": [...]}`. A node is {address, type, name, kind,
///        provider, region, az, concern, role}; an edge is {from, to, arguments} with
///        `from` the dependent, `to` the dependency and `arguments` the sorted names of
///        the arguments of `from` that reference `to` ("depends_on" included).
nlohmann::json to_graph_json(const Stack& stack);

}  // namespace rdha
