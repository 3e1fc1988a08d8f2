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

void check_argument(const std::string& address, const schema::BlockFacts& facts, const std::string& argument,
                    const nlohmann::json& value);

// Every argument of the body (or bodies) of nested block @p argument.
void check_block(const std::string& address, const schema::NestedBlockFacts& block, const std::string& argument,
                 const nlohmann::json& value) {
  const bool single = block.nesting == schema::Nesting::single;
  const bool fits = single ? value.is_object() : (value.is_array() || value.is_object());
  if (!fits) throw SchemaError::wrong_type(address, argument, single ? "a block (object)" : "a list of blocks", preview(value));
  auto check_body = [&](const nlohmann::json& body) {
    if (!body.is_object()) throw SchemaError::wrong_type(address, argument, "a block (object)", preview(body));
    for (const auto& [name, item] : body.items()) check_argument(address, *block.block, argument + "." + name, item);
  };
  // A map-nested block is an object of bodies; a list or set is an array, or one body.
  if (block.nesting == schema::Nesting::map && value.is_object()) {
    for (const auto& body : value) check_body(body);
  } else if (value.is_array()) {
    for (const auto& body : value) check_body(body);
  } else {
    check_body(value);
  }
}

// @p argument: its path from the type's body ("ingress.from_port"), named in errors; its
// last part is looked up in @p facts.
void check_argument(const std::string& address, const schema::BlockFacts& facts, const std::string& argument,
                    const nlohmann::json& value) {
  const std::string_view name = std::string_view(argument).substr(argument.rfind('.') + 1);
  if (auto attribute = facts.attributes.find(name); attribute != facts.attributes.end()) {
    if (!attribute->second.settable()) throw SchemaError::computed_only(address, argument);
    if (!schema::value_fits(value, attribute->second.type))
      throw SchemaError::wrong_type(address, argument, schema::type_name(attribute->second.type), preview(value));
    return;
  }
  if (auto block = facts.blocks.find(name); block != facts.blocks.end())
    return check_block(address, block->second, argument, value);
  throw SchemaError::unknown_argument(address, argument, closest_match(name, facts.settable_names()));
}

void check_against_schema(const Resource& node, std::string_view argument, const nlohmann::json& value) {
  const auto* facts = schema::Facts::embedded().find(node.address.kind, node.address.type);
  if (facts == nullptr) return;  // a provider the facts do not cover: accepted unchecked
  check_argument(node.address.str(), facts->block, std::string(argument), value);
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
    check_block(current.address.str(), found->second, std::string(block), body);
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
