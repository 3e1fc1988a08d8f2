// Provider schema facts (rdha/schema/schema.hpp): loading the embedded facts and
// checking template-form values against cty types.
#include "rdha/schema/schema.hpp"

#include <fmt/format.h>

namespace rdha::schema {
namespace detail {
extern const std::string_view kEmbeddedFacts;  // src/schema/facts_data.cpp (generated)
}

namespace {

Nesting parse_nesting(const std::string& text) {
  if (text == "single" || text == "group") return Nesting::single;
  if (text == "set") return Nesting::set;
  if (text == "map") return Nesting::map;
  return Nesting::list;
}

BlockFacts parse_block(const nlohmann::json& body) {
  BlockFacts block;
  if (auto attributes = body.find("attributes"); attributes != body.end()) {
    for (const auto& [name, facts] : attributes->items()) {
      AttributeFacts attribute;
      attribute.type = facts.at("type");
      attribute.required = facts.value("required", false);
      attribute.optional = facts.value("optional", false);
      attribute.computed = facts.value("computed", false);
      attribute.sensitive = facts.value("sensitive", false);
      attribute.write_only = facts.value("write_only", false);
      attribute.deprecated = facts.value("deprecated", false);
      block.attributes.emplace(name, std::move(attribute));
    }
  }
  if (auto blocks = body.find("blocks"); blocks != body.end()) {
    for (const auto& [name, facts] : blocks->items()) {
      NestedBlockFacts nested;
      nested.nesting = parse_nesting(facts.value("nesting", "list"));
      nested.min_items = facts.value("min", std::size_t{0});
      nested.max_items = facts.value("max", std::size_t{0});
      nested.block = std::make_shared<const BlockFacts>(parse_block(facts.at("block")));
      block.blocks.emplace(name, std::move(nested));
    }
  }
  return block;
}

bool is_interpolation(const nlohmann::json& value) {
  return value.is_string() && value.get_ref<const std::string&>().find("${") != std::string::npos;
}

}  // namespace

std::vector<std::string> BlockFacts::settable_names() const {
  std::vector<std::string> names;
  for (const auto& [name, facts] : attributes)
    if (facts.settable()) names.push_back(name);
  for (const auto& [name, facts] : blocks) names.push_back(name);
  return names;
}

Facts Facts::from_json(const nlohmann::json& document) {
  Facts facts;
  for (const auto& [name, provider] : document.at("providers").items())
    facts.providers_.push_back({name, provider.at("source"), provider.at("version")});
  const auto& types = document.at("types");
  for (Kind kind : {Kind::resource, Kind::data, Kind::ephemeral}) {
    auto group = types.find(std::string(to_string(kind)));
    if (group == types.end()) continue;
    for (const auto& [type, body] : group->items()) {
      TypeFacts entry{kind, type, type.substr(0, type.find('_')), parse_block(body)};
      facts.kinds_[static_cast<int>(kind)].emplace(type, std::move(entry));
    }
  }
  return facts;
}

const Facts& Facts::embedded() {
  static const Facts facts = from_json(nlohmann::json::parse(detail::kEmbeddedFacts));
  return facts;
}

const TypeFacts* Facts::find(Kind kind, std::string_view type) const {
  const auto& group = kinds_[static_cast<int>(kind)];
  auto found = group.find(type);
  return found == group.end() ? nullptr : &found->second;
}

std::vector<std::string> Facts::types(Kind kind) const {
  std::vector<std::string> names;
  for (const auto& [name, facts] : kinds_[static_cast<int>(kind)]) names.push_back(name);
  return names;
}

bool value_fits(const nlohmann::json& value, const nlohmann::json& cty_type) {
  if (value.is_null() || is_interpolation(value)) return true;
  if (cty_type.is_string()) {
    const auto& name = cty_type.get_ref<const std::string&>();
    // Terraform converts between string, number and bool where the text allows it;
    // only structurally impossible values are rejected here.
    if (name == "string") return value.is_primitive();
    if (name == "number") return value.is_number() || value.is_string();
    if (name == "bool") return value.is_boolean() || value.is_string();
    return true;  // "dynamic"
  }
  const std::string& kind = cty_type.at(0).get_ref<const std::string&>();
  if (kind == "list" || kind == "set") {
    if (!value.is_array()) return false;
    for (const auto& item : value)
      if (!value_fits(item, cty_type.at(1))) return false;
    return true;
  }
  if (kind == "map") {
    if (!value.is_object()) return false;
    for (const auto& item : value)
      if (!value_fits(item, cty_type.at(1))) return false;
    return true;
  }
  if (kind == "object") return value.is_object();
  if (kind == "tuple") return value.is_array();
  return true;
}

std::string type_name(const nlohmann::json& cty_type) {
  if (cty_type.is_string()) return cty_type.get<std::string>();
  const std::string kind = cty_type.at(0).get<std::string>();
  if (kind == "list" || kind == "set" || kind == "map") return fmt::format("{}({})", kind, type_name(cty_type.at(1)));
  return kind;
}

}  // namespace rdha::schema
