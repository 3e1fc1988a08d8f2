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

#include "rdha/error.hpp"

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

GraphView full_view(const Stack& stack) {
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

// The option errors: SpecError naming the option, as for the other export options
// (rdha/emit/pipeline.hpp).
SpecError unknown_region(const std::string& region, const std::set<std::string>& regions) {
  return SpecError::invalid({{"region", fmt::format("\"{}\" is not a region of the stack, so the graph would be "
                                                    "empty. The stack's regions: {}.",
                                                    region, fmt::join(regions, ", "))}});
}

SpecError unknown_focus(const std::string& address, const std::vector<std::string>& nearest) {
  if (nearest.empty()) return SpecError::invalid({{"focus", fmt::format("\"{}\" is not in the stack, which is empty.", address)}});
  return SpecError::invalid({{"focus", fmt::format("\"{}\" is not in the stack. The nearest address: {}. `rdha graph "
                                                   "--format json` lists every address.",
                                                   address, nearest.front())}});
}

SpecError depth_without_focus(int depth) {
  return SpecError::invalid({{"depth", fmt::format("{} counts edges from a focus block, and none is given. Give the "
                                                   "focus address too (--focus ADDRESS).",
                                                   depth)}});
}

SpecError negative_depth(int depth) {
  return SpecError::invalid(
      {{"depth", fmt::format("must be 0 or more (0 keeps the focus block alone), got {}.", depth)}});
}

// The node positions (in @p view) that pass the region filter; throws when no block is
// placed in the region. Regionless neighbours of kept blocks are kept: they are what the
// region's blocks use (a random password) or what uses them.
std::vector<bool> in_region(const GraphView& view, const std::string& region) {
  std::vector<bool> keep(view.nodes.size(), false);
  std::set<std::string> regions;
  for (std::size_t p = 0; p < view.nodes.size(); ++p) {
    const std::string& placed = view.nodes[p].resource->placement.region;
    if (!placed.empty()) regions.insert(placed);
    keep[p] = placed == region;
  }
  if (regions.count(region) == 0) throw unknown_region(region, regions);
  std::vector<bool> regional = keep;
  for (const auto& edge : view.edges) {
    const bool from_global = view.nodes[edge.from].resource->placement.region.empty();
    const bool to_global = view.nodes[edge.to].resource->placement.region.empty();
    if (from_global && regional[edge.to]) keep[edge.from] = true;
    if (to_global && regional[edge.from]) keep[edge.to] = true;
  }
  return keep;
}

// The node positions within @p depth edges of @p focus, edges followed either way.
std::vector<bool> near_focus(const GraphView& view, const std::string& focus, int depth) {
  std::vector<std::string> addresses;
  for (const auto& node : view.nodes) addresses.push_back(node.address);
  const auto found = std::lower_bound(addresses.begin(), addresses.end(), focus);
  if (found == addresses.end() || *found != focus) {
    throw unknown_focus(focus, nearest_matches(focus, addresses, 1));
  }
  std::vector<std::vector<std::size_t>> neighbours(view.nodes.size());
  for (const auto& edge : view.edges) {
    neighbours[edge.from].push_back(edge.to);
    neighbours[edge.to].push_back(edge.from);
  }
  std::vector<bool> keep(view.nodes.size(), false);
  std::vector<std::size_t> frontier{static_cast<std::size_t>(found - addresses.begin())};
  keep[frontier.front()] = true;
  for (int step = 0; step < depth && !frontier.empty(); ++step) {
    std::vector<std::size_t> next;
    for (std::size_t p : frontier)
      for (std::size_t q : neighbours[p])
        if (!keep[q]) {
          keep[q] = true;
          next.push_back(q);
        }
    frontier = std::move(next);
  }
  return keep;
}

// The view the options ask for: the kept nodes (still sorted) and the edges between them.
GraphView view_of(const Stack& stack, const GraphOptions& options) {
  if (options.depth && *options.depth < 0) throw negative_depth(*options.depth);
  if (options.depth && options.focus.empty()) throw depth_without_focus(*options.depth);
  GraphView view = full_view(stack);
  std::vector<bool> keep(view.nodes.size(), true);
  if (!options.region.empty()) keep = in_region(view, options.region);
  if (!options.focus.empty()) {
    const std::vector<bool> near = near_focus(view, options.focus, options.depth.value_or(1));
    for (std::size_t p = 0; p < keep.size(); ++p) keep[p] = keep[p] && near[p];
  }
  GraphView kept;
  std::vector<std::size_t> position(view.nodes.size());
  for (std::size_t p = 0; p < view.nodes.size(); ++p) {
    if (!keep[p]) continue;
    position[p] = kept.nodes.size();
    kept.nodes.push_back(std::move(view.nodes[p]));
  }
  for (auto& edge : view.edges)
    if (keep[edge.from] && keep[edge.to]) kept.edges.push_back({position[edge.from], position[edge.to], std::move(edge.arguments)});
  return kept;
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

// The legend's facts, one home for the three formats.
constexpr Concern kConcerns[] = {Concern::network,    Concern::security, Concern::database,
                                 Concern::monitoring, Concern::recovery, Concern::general};
constexpr std::string_view kEdgeMeaning = "an arrow points from a block to the block it needs";
constexpr std::string_view kEdgeLabelMeaning = "an arrow's label names the arguments that hold the reference";
constexpr std::string_view kRegionMeaning =
    "boxes group blocks by region, then availability zone; a block outside every box has no region "
    "(hashicorp/random, global lookups)";

std::string_view kind_label(Kind kind) {
  switch (kind) {
    case Kind::data: return "data source";
    case Kind::ephemeral: return "ephemeral resource";
    case Kind::resource: break;
  }
  return "resource";
}

// DOT draws data sources dashed and ephemeral resources dotted; resources keep the default style.
std::string_view dot_style(Kind kind) {
  switch (kind) {
    case Kind::data: return "rounded,filled,dashed";
    case Kind::ephemeral: return "rounded,filled,dotted";
    case Kind::resource: break;
  }
  return "";
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

// Mermaid has no free-standing legend: a comment block says what the drawing means.
std::string mermaid_legend() {
  std::string out = "  %% legend\n";
  out += "  %% box: resource; rounded box: data source or ephemeral resource\n";
  std::vector<std::string> fills;
  for (Concern concern : kConcerns) fills.push_back(fmt::format("{} {}", to_string(concern), colour(concern)));
  out += fmt::format("  %% fill: {}\n", fmt::join(fills, ", "));
  out += fmt::format("  %% {}\n  %% {}\n", kEdgeMeaning, kRegionMeaning);
  return out;
}

// What the DOT and Mermaid drawings of the same graph mean, for a reader of the JSON.
nlohmann::json json_legend(bool edge_labels) {
  nlohmann::json fills = nlohmann::json::object();
  for (Concern concern : kConcerns) fills[std::string(to_string(concern))] = colour(concern);
  nlohmann::json dot_kinds = nlohmann::json::object();
  for (Kind kind : {Kind::resource, Kind::data, Kind::ephemeral}) {
    const std::string_view style = dot_style(kind);
    dot_kinds[std::string(to_string(kind))] = style.empty() ? "rounded,filled" : style;
  }
  nlohmann::json legend = {{"fill_by_concern", std::move(fills)},
                           {"dot_style_by_kind", std::move(dot_kinds)},
                           {"mermaid_shape_by_kind", {{"resource", "box"}, {"data", "rounded"}, {"ephemeral", "rounded"}}},
                           {"edges", kEdgeMeaning},
                           {"regions", kRegionMeaning}};
  if (edge_labels) legend["edge_labels"] = kEdgeLabelMeaning;
  return legend;
}

std::string dot_legend(bool edge_labels) {
  std::string out =
      "  subgraph \"cluster_legend\" {\n    label=\"legend\";\n    style=\"rounded\";\n    color=\"#6b7280\";\n";
  for (Concern concern : kConcerns)
    out += fmt::format("    {} [label={}, fillcolor=\"{}\"];\n", dot_quote(fmt::format("legend_{}", to_string(concern))),
                       dot_quote(to_string(concern)), colour(concern));
  for (Kind kind : {Kind::resource, Kind::data, Kind::ephemeral}) {
    const std::string_view style = dot_style(kind);
    out += fmt::format("    {} [label={}, fillcolor=\"#ffffff\"{}];\n", dot_quote(fmt::format("legend_{}", to_string(kind))),
                       dot_quote(kind_label(kind)), style.empty() ? "" : fmt::format(", style=\"{}\"", style));
  }
  out += fmt::format("    \"legend_regions\" [shape=plaintext, style=\"\", label={}];\n", dot_quote(kRegionMeaning));
  out += "    \"legend_dependent\" [label=\"dependent\", fillcolor=\"#ffffff\"];\n"
         "    \"legend_dependency\" [label=\"dependency\", fillcolor=\"#ffffff\"];\n";
  out += fmt::format("    \"legend_dependent\" -> \"legend_dependency\" [label={}];\n",
                     dot_quote(edge_labels ? fmt::format("{};\n{}", kEdgeMeaning, kEdgeLabelMeaning) : kEdgeMeaning));
  return out + "  }\n";
}

}  // namespace

std::string to_dot(const Stack& stack, const GraphOptions& options) {
  const GraphView view = view_of(stack, options);
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
        const std::string_view kind_style = dot_style(r.address.kind);
        const std::string style = kind_style.empty() ? "" : fmt::format(", style=\"{}\"", kind_style);
        out += fmt::format("{}{} [label={}, fillcolor=\"{}\"{}];\n", indent(depth), dot_quote(view.nodes[p].address),
                           dot_quote(view.nodes[p].address + "\n" + detail_line(r.placement)),
                           colour(r.placement.concern), style);
      },
      [&](int depth) { out += indent(depth - 1) + "}\n"; });
  for (const auto& edge : view.edges) {
    out += fmt::format("  {} -> {}", dot_quote(view.nodes[edge.from].address), dot_quote(view.nodes[edge.to].address));
    if (options.edge_labels && !edge.arguments.empty())
      out += fmt::format(" [label={}]", dot_quote(fmt::format("{}", fmt::join(edge.arguments, ", "))));
    out += ";\n";
  }
  if (options.legend) out += dot_legend(options.edge_labels);
  out += "}\n";
  return out;
}

std::string to_mermaid(const Stack& stack, const GraphOptions& options) {
  const GraphView view = view_of(stack, options);
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
  if (options.legend) out += mermaid_legend();
  return out;
}

nlohmann::json to_graph_json(const Stack& stack, const GraphOptions& options) {
  const GraphView view = view_of(stack, options);
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
  for (const auto& edge : view.edges) {
    nlohmann::json entry = {{"from", view.nodes[edge.from].address}, {"to", view.nodes[edge.to].address}};
    if (options.edge_labels) entry["arguments"] = edge.arguments;
    edges.push_back(std::move(entry));
  }
  nlohmann::json domains = nlohmann::json::array();
  for (const auto& [region, zones] : failure_domains(view)) {
    for (const auto& [zone, members] : zones) {
      nlohmann::json addresses = nlohmann::json::array();
      for (std::size_t p : members) addresses.push_back(view.nodes[p].address);
      domains.push_back({{"region", region}, {"az", zone}, {"nodes", std::move(addresses)}});
    }
  }
  nlohmann::json graph = {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}, {"failure_domains", std::move(domains)}};
  if (options.legend) graph["legend"] = json_legend(options.edge_labels);
  return graph;
}

}  // namespace rdha
