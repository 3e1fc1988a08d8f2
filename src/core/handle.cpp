// ResourceHandle (rdha/core/handle.hpp): edits a node and records the references its
// arguments hold, so the graph's edges are known at all times.
#include "rdha/core/handle.hpp"

#include <algorithm>

#include "rdha/error.hpp"
#include "rdha/schema/schema.hpp"
#include "stack_data.hpp"

namespace rdha {
namespace {

// Shortens a value for an error message.
std::string preview(const nlohmann::json& value) {
  std::string text = value.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

void check_against_schema(const Resource& node, std::string_view argument, const nlohmann::json& value) {
  const auto* facts = schema::Facts::embedded().find(node.address.kind, node.address.type);
  if (facts == nullptr) return;  // outside the known set: accepted unchecked
  const std::string address = node.address.str();
  if (auto attribute = facts->block.attributes.find(argument); attribute != facts->block.attributes.end()) {
    if (!attribute->second.settable()) throw SchemaError::computed_only(address, std::string(argument));
    if (!schema::value_fits(value, attribute->second.type))
      throw SchemaError::wrong_type(address, std::string(argument), schema::type_name(attribute->second.type),
                                    preview(value));
    return;
  }
  if (auto block = facts->block.blocks.find(argument); block != facts->block.blocks.end()) {
    const bool single = block->second.nesting == schema::Nesting::single;
    const bool fits = single ? value.is_object() : (value.is_array() || value.is_object());
    if (!fits)
      throw SchemaError::wrong_type(address, std::string(argument),
                                    single ? "a block (object)" : "a list of blocks", preview(value));
    return;
  }
  throw SchemaError::unknown_argument(address, std::string(argument),
                                      closest_match(argument, facts->block.settable_names()));
}

}  // namespace

Resource& ResourceHandle::mutable_node() const { return stack_->resources.at(index_); }
const Resource& ResourceHandle::node() const { return mutable_node(); }
const Address& ResourceHandle::address() const { return node().address; }

std::string ResourceHandle::reference_prefix() const {
  const Address& a = address();
  return a.kind == Kind::resource ? a.type + "." + a.name : a.str();
}

void ResourceHandle::record_references(std::string_view argument, const nlohmann::json& value) {
  std::vector<FoundReference> found;
  collect_references(value, found);
  auto& held = mutable_node().references;
  for (auto& target : found) held.push_back({std::string(argument), std::move(target)});
}

void ResourceHandle::put(std::string_view argument, nlohmann::json value) {
  Resource& node = mutable_node();
  std::erase_if(node.references, [&](const HeldReference& r) { return r.argument == argument; });
  record_references(argument, value);
  // A literal availability zone is placement metadata the analyses use.
  if (argument == "availability_zone" && value.is_string() &&
      value.get_ref<const std::string&>().find("${") == std::string::npos)
    node.placement.availability_zone = value.get<std::string>();
  node.arguments[std::string(argument)] = std::move(value);
}

void ResourceHandle::append_block(std::string_view block, nlohmann::json body, bool single) {
  if (single) return put(block, std::move(body));
  Resource& node = mutable_node();
  record_references(block, body);
  auto& slot = node.arguments[std::string(block)];
  if (!slot.is_array()) slot = nlohmann::json::array();
  slot.push_back(std::move(body));
}

ResourceHandle& ResourceHandle::set(std::string_view argument, const Arg<tf::Dynamic>& value) {
  return set_json(argument, value.json());
}

ResourceHandle& ResourceHandle::set_json(std::string_view argument, const nlohmann::json& template_value) {
  check_against_schema(node(), argument, template_value);
  put(argument, template_value);
  return *this;
}

ResourceHandle& ResourceHandle::add_block(std::string_view block, const nlohmann::json& body) {
  const Resource& current = node();
  const auto* facts = schema::Facts::embedded().find(current.address.kind, current.address.type);
  bool single = false;
  if (facts != nullptr) {
    auto found = facts->block.blocks.find(block);
    if (found == facts->block.blocks.end())
      throw SchemaError::unknown_argument(current.address.str(), std::string(block),
                                          closest_match(block, facts->block.settable_names()));
    single = found->second.nesting == schema::Nesting::single;
    if (!body.is_object())
      throw SchemaError::wrong_type(current.address.str(), std::string(block), "a block (object)", preview(body));
  }
  append_block(block, body, single);
  return *this;
}

bool ResourceHandle::unset(std::string_view argument) {
  Resource& node = mutable_node();
  std::erase_if(node.references, [&](const HeldReference& r) { return r.argument == argument; });
  return node.arguments.is_object() && node.arguments.erase(std::string(argument)) > 0;
}

const nlohmann::json* ResourceHandle::get(std::string_view argument) const {
  const auto& arguments = node().arguments;
  if (!arguments.is_object()) return nullptr;
  auto found = arguments.find(std::string(argument));
  return found == arguments.end() ? nullptr : &*found;
}

ResourceHandle& ResourceHandle::depends_on(const ResourceHandle& other) {
  if (other.stack_ != stack_) throw GraphError::foreign_reference(other.str());
  Resource& node = mutable_node();
  const Address& target = other.address();
  const std::string text = target.str();
  if (std::find(node.depends_on.begin(), node.depends_on.end(), text) != node.depends_on.end()) return *this;
  node.depends_on.push_back(text);
  const RefRoot root = target.kind == Kind::data        ? RefRoot::data
                       : target.kind == Kind::ephemeral ? RefRoot::ephemeral
                                                        : RefRoot::resource;
  node.references.push_back({"depends_on", {root, target.type, target.name, ""}});
  return *this;
}

ResourceHandle& ResourceHandle::lifecycle(Lifecycle lifecycle) {
  Resource& node = mutable_node();
  std::erase_if(node.references, [](const HeldReference& r) { return r.argument == "lifecycle"; });
  for (const auto& expression : lifecycle.replace_triggered_by)
    record_references("lifecycle", "${" + expression + "}");
  node.lifecycle = std::move(lifecycle);
  return *this;
}

ResourceHandle& ResourceHandle::count(const Arg<tf::Number>& count) {
  std::erase_if(mutable_node().references, [](const HeldReference& r) { return r.argument == "count"; });
  record_references("count", count.json());
  mutable_node().count = count.json();
  return *this;
}

ResourceHandle& ResourceHandle::for_each(const Arg<tf::Dynamic>& collection) {
  std::erase_if(mutable_node().references, [](const HeldReference& r) { return r.argument == "for_each"; });
  record_references("for_each", collection.json());
  mutable_node().for_each = collection.json();
  return *this;
}

ResourceHandle& ResourceHandle::placed_in_az(std::string availability_zone) {
  mutable_node().placement.availability_zone = std::move(availability_zone);
  return *this;
}

ResourceHandle& ResourceHandle::concern(Concern concern) {
  mutable_node().placement.concern = concern;
  return *this;
}

ResourceHandle& ResourceHandle::role(DbRole role) {
  Placement& placement = mutable_node().placement;
  placement.role = role;
  placement.custom_role.clear();
  return *this;
}

ResourceHandle& ResourceHandle::role(std::string name) {
  if (auto known = db_role_named(name)) return role(*known);
  Placement& placement = mutable_node().placement;
  placement.role = DbRole::none;
  placement.custom_role = std::move(name);
  return *this;
}

}  // namespace rdha
