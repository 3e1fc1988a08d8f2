// The database tier of a stack (see db_topology.hpp).
#include "dr/db_topology.hpp"

#include <charconv>

#include "core/stack_view.hpp"

namespace rdha::dr::detail {

using namespace rdha::detail;

std::vector<std::size_t> DbTopology::replicas_of(std::size_t node) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].source == node) out.push_back(i);
  return out;
}

std::optional<std::size_t> DbTopology::node_of(std::size_t stack_index) const {
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].index == stack_index) return i;
  return std::nullopt;
}

DbTopology db_topology(const Stack& stack) {
  DbTopology topology;
  for (std::size_t index : of_type(stack, "aws_db_instance")) {
    const Resource& resource = stack.resource(index);
    DbNode node;
    node.index = index;
    node.address = resource.address.str();
    node.region = resource.placement.region;
    node.availability_zone = availability_zone_of(stack, resource);
    node.multi_az = literal_bool(arg(resource, "multi_az")).value_or(false);
    node.is_replica = arg(resource, "replicate_source_db") != nullptr;
    node.identifier = literal_string(arg(resource, "identifier")).value_or("");
    node.engine = literal_string(arg(resource, "engine")).value_or("");
    node.engine_version = literal_string(arg(resource, "engine_version")).value_or("");
    topology.nodes.push_back(std::move(node));
  }

  // Sources: a reference to another aws_db_instance, or a literal identifier / ARN.
  for (auto& node : topology.nodes) {
    const Resource& resource = stack.resource(node.index);
    const Json* source = arg(resource, "replicate_source_db");
    if (source == nullptr) continue;
    for (const auto& reference : references_in(*source)) {
      auto target = resolve(stack, reference);
      if (!target || stack.resource(*target).address.type != "aws_db_instance") continue;
      node.source = topology.node_of(*target);
      node.source_attribute = reference.attribute;
      break;
    }
    if (node.source) continue;
    if (auto text = literal_string(source)) {
      node.source_attribute = "literal";
      for (std::size_t i = 0; i < topology.nodes.size(); ++i) {
        const std::string& id = topology.nodes[i].identifier;
        if (!id.empty() && (*text == id || text->ends_with(":db:" + id))) node.source = i;
      }
    }
  }

  // Engine settings are inherited along the replication chain.
  for (auto& node : topology.nodes) {
    std::optional<std::size_t> cursor = node.source;
    for (int hops = 0; cursor && hops < 8; ++hops) {
      const DbNode& source = topology.nodes[*cursor];
      if (node.engine.empty()) node.engine = source.engine;
      if (node.engine_version.empty()) node.engine_version = source.engine_version;
      cursor = source.source;
    }
  }

  for (auto& node : topology.nodes) {
    node.role = stack.resource(node.index).placement.role;
    if (node.role != DbRole::none) continue;
    if (!node.is_replica) node.role = DbRole::writer;
    else if (node.source && topology.nodes[*node.source].region != node.region) node.role = DbRole::dr_replica;
    else node.role = DbRole::reader;
  }
  return topology;
}

std::string identifier_or_placeholder(const DbNode& node) {
  return node.identifier.empty() ? "<identifier of " + node.address + ">" : node.identifier;
}

int promoted_retention_days(const Stack& stack, const DbNode& node, const DbNode* fallback) {
  for (const DbNode* n : {&node, fallback}) {
    if (n == nullptr) continue;
    if (auto days = literal_number(arg(stack.resource(n->index), "backup_retention_period")); days && *days >= 1)
      return static_cast<int>(*days);
  }
  return 7;
}

int major_version(const std::string& engine_version) {
  int major = 0;
  const char* begin = engine_version.data();
  auto [ptr, ec] = std::from_chars(begin, begin + engine_version.size(), major);
  (void)ptr;
  return ec == std::errc() ? major : 0;
}

}  // namespace rdha::dr::detail
