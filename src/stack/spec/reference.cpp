// The spec reference: every field of the field table with its type, default, constraints
// and description, as data (spec_reference()) and as docs/spec.md (spec_reference_markdown()).
#include <fmt/format.h>

#include <map>
#include <sstream>

#include "rdha/stack/spec.hpp"
#include "rdha/stack/spec/fields.hpp"

namespace rdha::stack {
namespace {

using fields::Constraints;
using nlohmann::json;

template <class T>
struct IsStructList : std::false_type {};
template <class T>
struct IsStructList<std::vector<T>> : std::bool_constant<fields::kIsSpecStruct<T>> {};

template <class T>
std::string type_name() {
  if constexpr (fields::kIsSpecStruct<T>)
    return std::string(fields::class_name<T>());
  else if constexpr (std::is_same_v<T, std::string>)
    return "string";
  else if constexpr (std::is_same_v<T, bool>)
    return "boolean";
  else if constexpr (std::is_integral_v<T>)
    return "integer";
  else if constexpr (std::is_floating_point_v<T>)
    return "number";
  else if constexpr (std::is_enum_v<T>)
    return std::string(fields::enum_class_name<T>());
  else if constexpr (fields::IsList<T>::value)
    return "list of " + type_name<typename T::value_type>();
  else
    return "map of string to string";
}

// The format in words; its exact pattern is in `rdha schema`.
std::string format_text(const fields::Format& format) {
  std::string text = format.description();
  if (!format.beyond_pattern_doc.empty()) text += fmt::format("; {}", format.beyond_pattern_doc);
  return text;
}

// The rules of one field as sentences; item rules of a list field say so.
template <class T>
std::vector<std::string> constraint_texts(const Constraints& rules) {
  std::vector<std::string> texts;
  if (rules.required) texts.emplace_back("required");
  const std::string each = fields::IsList<T>::value ? "each item: " : "";
  if constexpr (std::is_enum_v<T>) {
    std::vector<std::string> names;
    for (auto name : fields::spec_enum<T>().values) names.push_back(json(std::string(name)).dump());
    texts.push_back(fmt::format("one of {}", fmt::join(names, ", ")));
  }
  if (rules.range) texts.push_back(each + rules.range->doc());
  if (rules.one_of) texts.push_back(each + rules.one_of->doc());
  if (rules.format) texts.push_back(each + format_text(*rules.format));
  if (rules.reserved) texts.push_back(each + std::string(rules.reserved->doc));
  if (rules.name_base)
    texts.push_back(each + format_text(*rules.name_base) +
                    "; the generated names, with name_suffix appended, "
                    "must also follow their AWS naming rules");
  if (rules.unique) texts.emplace_back("items unique");
  if (rules.min_distinct) texts.push_back(fmt::format("at least {} distinct items", rules.min_distinct->count));
  if (rules.max_items) texts.push_back(fmt::format("at most {} items", rules.max_items->count));
  return texts;
}

// Walks the table depth first: one section per struct occurrence, with its fields.
class ReferenceBuilder {
 public:
  json sections = json::array();

  template <class S>
  void section(S& value, const std::string& path, const json& defaults) {
    const auto index = sections.size();
    sections.push_back({{"path", path},
                        {"name", fields::class_name<S>()},
                        {"doc", fields::spec_struct<S>().doc},
                        {"fields", json::array()}});
    Fields visitor{*this, index, path, defaults};
    fields::describe(visitor, value);
  }

 private:
  struct Fields {
    ReferenceBuilder& builder;
    std::size_t index;
    const std::string& path;
    const json& defaults;

    template <class M>
    void field(std::string_view key, M& member, std::string_view description, const Constraints& rules = {}) {
      const std::string field_path = path.empty() ? std::string(key) : path + "." + std::string(key);
      const json field_default =
          defaults.is_object() && defaults.contains(key) ? defaults.at(std::string(key)) : json();
      json entry = {{"key", key},
                    {"path", field_path},
                    {"type", type_name<M>()},
                    {"description", description},
                    {"constraints", constraint_texts<M>(rules)},
                    {"examples", json::array()}};
      if (!field_default.is_null() && !fields::kIsSpecStruct<M>) entry["default"] = field_default;
      for (const auto* format : {rules.format, rules.name_base})
        if (format) entry["examples"].push_back(std::string(format->example));
      if constexpr (fields::kIsSpecStruct<M>) entry["section"] = field_path;
      if constexpr (IsStructList<M>::value) entry["section"] = field_path + "[]";
      builder.sections[index]["fields"].push_back(std::move(entry));

      if constexpr (fields::kIsSpecStruct<M>) builder.section(member, field_path, field_default);
      if constexpr (IsStructList<M>::value) {
        typename M::value_type item{};  // list items have no defaults: every key is given
        builder.section(item, field_path + "[]", json());
      }
    }
  };
};

// A Markdown table cell: pipes escaped (inside code spans too), and "<" outside code spans,
// where "<account>" would read as an HTML tag.
std::string cell(const std::string& text) {
  std::string out;
  bool in_code = false;
  for (char c : text) {
    if (c == '`') in_code = !in_code;
    if (c == '|')
      out += "\\|";
    else if (c == '<' && !in_code)
      out += "&lt;";
    else
      out += c;
  }
  return out;
}

std::string code(const std::string& text) { return text.empty() ? "" : "`" + text + "`"; }

}  // namespace

json spec_reference() {
  HaStackSpec defaults;
  ReferenceBuilder builder;
  builder.section(defaults, "", to_json(defaults));
  return builder.sections;
}

std::string spec_reference_markdown() {
  std::ostringstream out;
  out << "# Spec reference\n\n"
         "<!-- Generated from the field table (include/rdha/stack/spec/fields.hpp) by\n"
         "     `rdha schema --format markdown > docs/spec.md`; a test fails when it is stale. -->\n\n"
         "Every setting of the HA stack, with its default and the rules it must follow. A config file\n"
         "(`rdha synth --config FILE`, `rdha.HaStackSpec.from_dict`) is merged over these defaults as a\n"
         "JSON Merge Patch: objects merge key by key, lists replace the default list whole, `null`\n"
         "resets a field to its default. `rdha defaults` prints the defaults as a complete config file\n"
         "and `rdha schema` the same rules as JSON Schema, with the exact patterns.\n\n"
         "Besides the rules of each field, validation checks the rules that relate several fields:\n"
         "subnets inside their VPC and disjoint, VPCs disjoint, one subnet per AZ, AZs of their region,\n"
         "replica AZs in the subnet group, backup and maintenance windows disjoint, IOPS per storage\n"
         "type, autoscaling ceilings and the free-storage alarm against the allocated storage, read\n"
         "replicas with the password source, the endpoint format per protocol, and every generated\n"
         "name with the name suffix appended.\n";
  for (const auto& section : spec_reference()) {
    const std::string path = section["path"];
    out << "\n<a id=\"" << (path.empty() ? "top" : path) << "\"></a>\n\n";
    out << "## " << (path.empty() ? "Top level" : code(path)) << " (" << section["name"].get<std::string>() << ")\n\n";
    out << section["doc"].get<std::string>() << "\n\n";
    out << "| field | type | default | rules | description |\n|---|---|---|---|---|\n";
    for (const auto& f : section["fields"]) {
      const std::string type = f.contains("section") ? fmt::format("[{}](#{})", f["type"].get<std::string>(),
                                                                   f["section"].get<std::string>())
                                                     : f["type"].get<std::string>();
      std::vector<std::string> rules;
      for (const auto& rule : f["constraints"]) rules.push_back(rule.get<std::string>());
      out << "| " << code(f["key"].get<std::string>()) << " | " << type << " | "
          << cell(f.contains("default") ? code(f["default"].dump()) : std::string()) << " | "
          << cell(fmt::format("{}", fmt::join(rules, "; "))) << " | " << cell(f["description"].get<std::string>())
          << " |\n";
    }
  }
  return out.str();
}

}  // namespace rdha::stack
