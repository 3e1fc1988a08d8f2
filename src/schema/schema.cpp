// Provider schema facts (rdha/schema/schema.hpp): finding and parsing the embedded facts
// of a type on first use, and checking template-form values against cty types.
#include "rdha/schema/schema.hpp"

#include <algorithm>
#include <regex>

#include <fmt/format.h>

#include "facts_table.hpp"

namespace rdha::schema {
namespace {

using detail::FactsEntry;
using detail::kFactsTable;

// The index entry of (kind, type), or nullptr.
const FactsEntry* entry_of(Kind kind, std::string_view type) noexcept {
  const auto& entries = kFactsTable.entries;
  auto before = [](const FactsEntry& e, std::pair<Kind, std::string_view> key) {
    return e.kind != key.first ? e.kind < key.first : kFactsTable.type(e) < key.second;
  };
  auto found = std::lower_bound(entries.begin(), entries.end(), std::pair{kind, type}, before);
  return found != entries.end() && found->kind == kind && kFactsTable.type(*found) == type ? &*found : nullptr;
}

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

// A template sequence "${" or "%{" whose value Terraform computes; "$${" and "%%{" are escaped
// literal text ("String Templates", https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences-1).
bool is_interpolation(const nlohmann::json& value) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if ((text[i] != '$' && text[i] != '%') || text[i + 1] != '{') continue;
    if (i > 0 && text[i - 1] == text[i]) continue;  // "$${" / "%%{": escaped
    return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> BlockFacts::settable_names() const {
  std::vector<std::string> names;
  for (const auto& [name, facts] : attributes)
    if (facts.settable()) names.push_back(name);
  for (const auto& [name, facts] : blocks) names.push_back(name);
  return names;
}

Facts::Facts() : parsed_(new std::atomic<const TypeFacts*>[kFactsTable.entries.size()]{}) {}

Facts::~Facts() = default;

const Facts& Facts::embedded() {
  static const Facts facts;
  return facts;
}

bool Facts::contains(Kind kind, std::string_view type) const noexcept { return entry_of(kind, type) != nullptr; }

const TypeFacts* Facts::find(Kind kind, std::string_view type) const {
  const FactsEntry* entry = entry_of(kind, type);
  if (entry == nullptr) return nullptr;
  std::atomic<const TypeFacts*>& slot = parsed_[static_cast<std::size_t>(entry - kFactsTable.entries.data())];
  if (const TypeFacts* ready = slot.load(std::memory_order_acquire)) return ready;
  const std::lock_guard lock(mutex_);
  if (const TypeFacts* ready = slot.load(std::memory_order_relaxed)) return ready;  // parsed meanwhile
  auto parsed = std::make_unique<const TypeFacts>(TypeFacts{
      kind, std::string(type), std::string(type.substr(0, type.find('_'))),
      parse_block(nlohmann::json::parse(kFactsTable.facts(*entry)))});
  slot.store(parsed.get(), std::memory_order_release);
  owned_.push_back(std::move(parsed));
  return owned_.back().get();
}

bool Facts::covers_provider_of(std::string_view type) const noexcept {
  const std::string_view provider = type.substr(0, type.find('_'));
  return std::ranges::binary_search(kFactsTable.providers, provider);
}

std::vector<std::string> Facts::types(Kind kind) const {
  std::vector<std::string> names;
  for (const FactsEntry& entry : kFactsTable.entries)
    if (entry.kind == kind) names.emplace_back(kFactsTable.type(entry));
  return names;
}

bool Facts::any_type_defines(std::string_view name) const {
  // In the one-line facts an attribute or a block is a key whose value is an object.
  const std::string key = fmt::format("\"{}\":{{", name);
  for (const FactsEntry& entry : kFactsTable.entries)
    if (kFactsTable.facts(entry).find(key) != std::string_view::npos) return true;
  return false;
}

namespace {

// A string Terraform converts to a number: a decimal representation ("3", "-0.5", "1e3").
bool is_decimal(const std::string& text) {
  static const std::regex decimal(R"([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)");
  return std::regex_match(text, decimal);
}

}  // namespace

bool value_fits(const nlohmann::json& value, const nlohmann::json& cty_type) {
  if (value.is_null() || is_interpolation(value)) return true;
  if (cty_type.is_string()) {
    const auto& name = cty_type.get_ref<const std::string&>();
    // Terraform's own conversions: any primitive becomes a string; only numbers and strings
    // of a decimal number become a number; only bools and the strings "true", "false", "1"
    // and "0" become a bool (Terraform 1.11 converts "1"/"0" too). "Conversion of Primitive Types",
    // https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types
    if (name == "string") return value.is_primitive();
    if (name == "number") return value.is_number() || (value.is_string() && is_decimal(value.get<std::string>()));
    if (name == "bool")
      return value.is_boolean() ||
             (value.is_string() && (value == "true" || value == "false" || value == "1" || value == "0"));
    return true;  // "dynamic"
  }
  const std::string& kind = cty_type.at(0).get_ref<const std::string&>();
  if (kind == "list" || kind == "set") {
    if (!value.is_array()) return false;
    return std::ranges::all_of(value, [&](const auto& item) { return value_fits(item, cty_type.at(1)); });
  }
  if (kind == "map") {
    if (!value.is_object()) return false;
    return std::ranges::all_of(value, [&](const auto& item) { return value_fits(item, cty_type.at(1)); });
  }
  if (kind == "object") {
    // A member the type does not have is refused, although Terraform's conversion drops it
    // silently: a dropped member is almost always a misspelt one.
    if (!value.is_object()) return false;
    const auto& members = cty_type.at(1);
    for (const auto& [name, item] : value.items()) {
      auto member = members.find(name);
      if (member == members.end() || !value_fits(item, *member)) return false;
    }
    return true;
  }
  if (kind == "tuple") {
    const auto& elements = cty_type.at(1);
    if (!value.is_array() || value.size() != elements.size()) return false;
    for (std::size_t i = 0; i < value.size(); ++i)
      if (!value_fits(value[i], elements[i])) return false;
    return true;
  }
  return true;
}

std::string type_name(const nlohmann::json& cty_type) {
  if (cty_type.is_string()) return cty_type.get<std::string>();
  const std::string kind = cty_type.at(0).get<std::string>();
  if (kind == "list" || kind == "set" || kind == "map") return fmt::format("{}({})", kind, type_name(cty_type.at(1)));
  return kind;
}

}  // namespace rdha::schema
