// Graph export (rdha/emit/graph_export.hpp): one model of the graph (nodes sorted by
// address, edges sorted by their ends' addresses) rendered three ways.
#include "rdha/emit/graph_export.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include <fmt/format.h>

namespace rdha {
namespace {

struct NodeView {
  std::size_t index;  // position in the stack
  std::string address;
  const Resource* resource;
};

struct EdgeView {
  std::size_t from;  // position in the sorted node list (dependent)
  std::size_t to;    // position in the sorted node list (dependency)
  std::vector<std::string> arguments;
};

struct GraphView {
  std::vector<NodeView> nodes;
  std::vector<EdgeView> edges;
};

GraphView view_of(const Stack& stack) {
  GraphView view;
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const Resource& resource = stack.resource(i);
    view.nodes.push_back({i, resource.address.str(), &resource});
  }
  std::sort(view.nodes.begin(), view.nodes.end(),
            [](const NodeView& a, const NodeView& b) { return a.address < b.address; });
  std::vector<std::size_t> position(stack.size());
  for (std::size_t p = 0; p < view.nodes.size(); ++p) position[view.nodes[p].index] = p;

  for (const auto& [from, to] : stack.edges()) {
    const Resource& dependent = stack.resource(from);
    const std::string target = stack.resource(to).address.str();
    std::set<std::string> arguments;
    for (const auto& held : dependent.references)
      if (held.target.target() == target) arguments.insert(held.argument);
    view.edges.push_back({position[from], position[to], {arguments.begin(), arguments.end()}});
  }
  std::sort(view.edges.begin(), view.edges.end(),
            [](const EdgeView& a, const EdgeView& b) { return std::tie(a.from, a.to) < std::tie(b.from, b.to); });
  return view;
}

// Node fill colour per concern, shared by DOT and Mermaid so both read the same.
std::string_view colour(Concern concern) {
  switch (concern) {
    case Concern::network: return "#dbeafe";
    case Concern::security: return "#fee2e2";
    case Concern::database: return "#dcfce7";
    case Concern::monitoring: return "#fef9c3";
    case Concern::recovery: return "#ede9fe";
    case Concern::general: break;
  }
  return "#f3f4f6";
}

// Failure domains: region → availability zone → nodes, all sorted. Regional nodes
// (Multi-AZ instances, VPCs, alarms) sit under the AZ key ""; nodes without a region
// (hashicorp/random, global lookups) under the region key "".
using Domains = std::map<std::string, std::map<std::string, std::vector<std::size_t>>>;

Domains failure_domains(const GraphView& view) {
  Domains domains;
  for (std::size_t p = 0; p < view.nodes.size(); ++p) {
    const Placement& placement = view.nodes[p].resource->placement;
    domains[placement.region][placement.region.empty() ? "" : placement.availability_zone].push_back(p);
  }
  return domains;
}

// Walks the failure domains, opening a group per region and, inside it, per AZ; the
// renderers only say how a group opens and closes and how a node reads.
template <class Open, class Node, class Close>
void walk_domains(const GraphView& view, Open open, Node node, Close close) {
  for (const auto& [region, zones] : failure_domains(view)) {
    const int depth = region.empty() ? 0 : 1;
    if (depth == 1) open(region, region, 1);
    for (const auto& [zone, members] : zones) {
      if (!zone.empty()) open(region + "_" + zone, zone, depth + 1);
      for (std::size_t p : members) node(p, depth + (zone.empty() ? 0 : 1));
      if (!zone.empty()) close(depth + 1);
    }
    if (depth == 1) close(1);
  }
}

std::string indent(int depth) { return std::string(2 * static_cast<std::size_t>(depth + 1), ' '); }

// Second label line: concern, then AZ and role when set.
std::string detail_line(const Placement& placement) {
  std::string line(to_string(placement.concern));
  if (!placement.availability_zone.empty()) line += " · " + placement.availability_zone;
  if (const std::string role = placement.role_name(); !role.empty()) line += " · " + role;
  return line;
}

std::string dot_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string mermaid_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"': out += "#quot;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string mermaid_id(std::string_view text) {
  std::string out;
  for (char c : text) out += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '_';
  return out;
}

}  // namespace

std::string to_dot(const Stack& stack) {
  const GraphView view = view_of(stack);
  std::string out =
      "digraph rdha {\n"
      "  rankdir=LR;\n"
      "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
      "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#6b7280\"];\n";
  walk_domains(
      view,
      [&](const std::string& id, const std::string& label, int depth) {
        out += fmt::format("{0}subgraph {1} {{\n{0}  label={2};\n{0}  style=\"rounded\";\n{0}  color=\"{3}\";\n",
                           indent(depth - 1), dot_quote("cluster_" + id), dot_quote(label),
                           depth == 1 ? "#6b7280" : "#d1d5db");
      },
      [&](std::size_t p, int depth) {
        const Resource& r = *view.nodes[p].resource;
        std::string style = r.address.kind == Kind::data        ? ", style=\"rounded,filled,dashed\""
                            : r.address.kind == Kind::ephemeral ? ", style=\"rounded,filled,dotted\""
                                                                : "";
        out += fmt::format("{}{} [label={}, fillcolor=\"{}\"{}];\n", indent(depth), dot_quote(view.nodes[p].address),
                           dot_quote(view.nodes[p].address + "\n" + detail_line(r.placement)),
                           colour(r.placement.concern), style);
      },
      [&](int depth) { out += indent(depth - 1) + "}\n"; });
  for (const auto& edge : view.edges) {
    out += fmt::format("  {} -> {}", dot_quote(view.nodes[edge.from].address), dot_quote(view.nodes[edge.to].address));
    if (!edge.arguments.empty()) out += fmt::format(" [label={}]", dot_quote(fmt::format("{}", fmt::join(edge.arguments, ", "))));
    out += ";\n";
  }
  out += "}\n";
  return out;
}

std::string to_mermaid(const Stack& stack) {
  const GraphView view = view_of(stack);
  std::string out = "flowchart LR\n";
  walk_domains(
      view,
      [&](const std::string& id, const std::string& label, int depth) {
        out += fmt::format("{}subgraph domain_{}[\"{}\"]\n", indent(depth - 1), mermaid_id(id), mermaid_text(label));
      },
      [&](std::size_t p, int depth) {
        const Resource& r = *view.nodes[p].resource;
        const std::string label =
            mermaid_text(view.nodes[p].address) + "<br/>" + mermaid_text(detail_line(r.placement));
        // Data sources and ephemeral resources get the rounded shape; resources a box.
        if (r.address.kind == Kind::resource)
          out += fmt::format("{}n{}[\"{}\"]\n", indent(depth), p, label);
        else
          out += fmt::format("{}n{}(\"{}\")\n", indent(depth), p, label);
      },
      [&](int depth) { out += indent(depth - 1) + "end\n"; });
  for (const auto& edge : view.edges) out += fmt::format("  n{} --> n{}\n", edge.from, edge.to);
  // One class per concern present, so the colours match the DOT rendering.
  std::map<std::string, std::vector<std::size_t>> classes;
  for (std::size_t p = 0; p < view.nodes.size(); ++p)
    classes[std::string(to_string(view.nodes[p].resource->placement.concern))].push_back(p);
  for (const auto& [name, members] : classes) {
    const Concern concern = view.nodes[members.front()].resource->placement.concern;
    out += fmt::format("  classDef {} fill:{},stroke:#6b7280\n", name, colour(concern));
    std::vector<std::string> ids;
    for (std::size_t p : members) ids.push_back(fmt::format("n{}", p));
    out += fmt::format("  class {} {}\n", fmt::join(ids, ","), name);
  }
  return out;
}

nlohmann::json to_graph_json(const Stack& stack) {
  const GraphView view = view_of(stack);
  nlohmann::json nodes = nlohmann::json::array();
  for (const auto& node : view.nodes) {
    const Resource& r = *node.resource;
    nodes.push_back({{"address", node.address},
                     {"type", r.address.type},
                     {"name", r.address.name},
                     {"kind", to_string(r.address.kind)},
                     {"provider", r.provider},
                     {"region", r.placement.region},
                     {"az", r.placement.availability_zone},
                     {"concern", to_string(r.placement.concern)},
                     {"role", r.placement.role_name()}});
  }
  nlohmann::json edges = nlohmann::json::array();
  for (const auto& edge : view.edges)
    edges.push_back({{"from", view.nodes[edge.from].address},
                     {"to", view.nodes[edge.to].address},
                     {"arguments", edge.arguments}});
  nlohmann::json domains = nlohmann::json::array();
  for (const auto& [region, zones] : failure_domains(view)) {
    for (const auto& [zone, members] : zones) {
      nlohmann::json addresses = nlohmann::json::array();
      for (std::size_t p : members) addresses.push_back(view.nodes[p].address);
      domains.push_back({{"region", region}, {"az", zone}, {"nodes", std::move(addresses)}});
    }
  }
  return {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}, {"failure_domains", std::move(domains)}};
}

}  // namespace rdha
