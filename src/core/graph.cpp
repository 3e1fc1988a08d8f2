// The graph algorithms of a Stack: edges, deterministic topological order, cycle
// reports. Boost.Graph stays inside this file so users never compile it.
//
// Edge direction: dependent → dependency. The topological order lists dependencies
// first; among nodes that are ready at the same time the smallest address goes first,
// so the order depends only on the graph, never on insertion order.
#include <algorithm>
#include <deque>
#include <functional>
#include <queue>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include "rdha/core/stack.hpp"
#include "rdha/error.hpp"
#include "stack_data.hpp"

namespace rdha {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

// Ranks of nodes by address, so comparisons in the hot loops are integer compares.
std::vector<std::uint32_t> address_ranks(const detail::StackData& data) {
  std::vector<std::uint32_t> by_address(data.resources.size());
  for (std::uint32_t i = 0; i < by_address.size(); ++i) by_address[i] = i;
  std::vector<std::string> keys(data.resources.size());
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = data.resources[i].address.str();
  std::sort(by_address.begin(), by_address.end(), [&](auto a, auto b) { return keys[a] < keys[b]; });
  std::vector<std::uint32_t> rank(by_address.size());
  for (std::uint32_t r = 0; r < by_address.size(); ++r) rank[by_address[r]] = r;
  return rank;
}

// The shortest cycle through @p start inside one strongly connected component.
std::vector<std::size_t> shortest_cycle(const Graph& graph, std::size_t start,
                                        const std::vector<int>& component, const std::vector<std::uint32_t>& rank) {
  std::vector<std::size_t> parent(boost::num_vertices(graph), SIZE_MAX);
  std::deque<std::size_t> queue{start};
  while (!queue.empty()) {
    const std::size_t v = queue.front();
    queue.pop_front();
    // Visit successors in address order so the reported chain is stable.
    std::vector<std::size_t> next;
    for (auto [e, end] = boost::out_edges(v, graph); e != end; ++e) next.push_back(boost::target(*e, graph));
    std::sort(next.begin(), next.end(), [&](auto a, auto b) { return rank[a] < rank[b]; });
    for (std::size_t w : next) {
      if (component[w] != component[start]) continue;
      if (w == start) {
        std::vector<std::size_t> chain{start};
        for (std::size_t u = v; u != start; u = parent[u]) chain.insert(chain.begin() + 1, u);
        chain.push_back(start);
        return chain;
      }
      if (parent[w] == SIZE_MAX) {
        parent[w] = v;
        queue.push_back(w);
      }
    }
  }
  return {start, start};
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> Stack::edges() const {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const auto& data = *data_;
  for (std::size_t i = 0; i < data.resources.size(); ++i) {
    for (const auto& held : data.resources[i].references) {
      const auto root = held.target.root;
      if (root == RefRoot::variable || root == RefRoot::local) continue;
      auto found = data.index.find(held.target.target());
      if (found != data.index.end()) out.emplace_back(i, found->second);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::size_t> Stack::topological_order() const {
  const auto& data = *data_;
  const std::size_t n = data.resources.size();
  const auto edge_list = edges();
  Graph graph(n);
  std::vector<std::size_t> waiting_on(n, 0);  // number of unresolved dependencies
  std::vector<std::vector<std::size_t>> dependents(n);
  for (const auto& [from, to] : edge_list) {
    boost::add_edge(from, to, graph);
    ++waiting_on[from];
    dependents[to].push_back(from);
  }
  const auto rank = address_ranks(data);

  // Kahn's algorithm with a min-heap on address rank.
  auto later = [&rank](std::size_t a, std::size_t b) { return rank[a] > rank[b]; };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> ready(later);
  for (std::size_t i = 0; i < n; ++i)
    if (waiting_on[i] == 0) ready.push(i);
  std::vector<std::size_t> order;
  order.reserve(n);
  while (!ready.empty()) {
    const std::size_t v = ready.top();
    ready.pop();
    order.push_back(v);
    for (std::size_t dependent : dependents[v])
      if (--waiting_on[dependent] == 0) ready.push(dependent);
  }
  if (order.size() == n) return order;

  // Not acyclic: report every cycle (one per strongly connected component) and every
  // self-reference, each starting at its smallest address.
  std::vector<int> component(n);
  boost::strong_components(graph, boost::make_iterator_property_map(component.begin(),
                                                                      boost::get(boost::vertex_index, graph)));
  std::map<int, std::vector<std::size_t>> members;
  for (std::size_t v = 0; v < n; ++v) members[component[v]].push_back(v);
  std::vector<std::vector<std::string>> cycles;
  std::vector<std::string> self_references;
  for (const auto& [id, vertices] : members) {
    if (vertices.size() < 2) continue;
    const std::size_t start = *std::min_element(vertices.begin(), vertices.end(),
                                                [&](auto a, auto b) { return rank[a] < rank[b]; });
    std::vector<std::string> chain;
    for (std::size_t v : shortest_cycle(graph, start, component, rank)) chain.push_back(data.resources[v].address.str());
    cycles.push_back(std::move(chain));
  }
  for (const auto& [from, to] : edge_list)
    if (from == to) self_references.push_back(data.resources[from].address.str());
  std::sort(cycles.begin(), cycles.end());
  std::sort(self_references.begin(), self_references.end());
  throw CycleError(std::move(cycles), std::move(self_references));
}

}  // namespace rdha
