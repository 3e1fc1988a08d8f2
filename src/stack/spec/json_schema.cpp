// The JSON Schema (draft 2020-12) of the HaStackSpec config file, built from the field
// table: types from the members, keywords from the constraints, so every key the reader
// accepts is in the schema and every rule of one field is stated there.
#include <map>

#include "rdha/stack/spec.hpp"
#include "rdha/stack/spec/fields.hpp"

namespace rdha::stack {
namespace {

using fields::Constraints;
using nlohmann::json;


// Builds the schema of one value. @p defaults is the default JSON at this spot (null
// inside array items, which have no defaults).
template <class T>
json schema_of(T& value, const json& defaults);

struct PropertiesVisitor {
  const json& defaults;
  json properties = json::object();
  json required = json::array();

  template <class T>
  void field(std::string_view key, T& value, std::string_view description, const Constraints& rules = {}) {
    const std::string name(key);
    const json& field_default = defaults.is_object() && defaults.contains(name) ? defaults.at(name) : json();
    json property = schema_of(value, field_default);
    const json item_rules = rules.item_schema();
    if constexpr (fields::IsList<T>::value) {
      property.update(rules.list_schema());
      if (!item_rules.empty()) property["items"].update(item_rules);  // constrain items, keep their type
    } else {
      property.update(item_rules);
    }
    property["description"] = std::string(description);
    properties[name] = std::move(property);
    if (rules.required) required.push_back(name);
  }
};

template <class T>
json schema_of(T& value, const json& defaults) {
  json out;
  if constexpr (fields::kIsSpecStruct<T>) {
    PropertiesVisitor visitor{defaults};
    fields::describe(visitor, value);
    out = {{"type", "object"}, {"additionalProperties", false}, {"properties", std::move(visitor.properties)}};
    if (!visitor.required.empty()) out["required"] = std::move(visitor.required);
    return out;  // an object's default is spelled out by its properties' defaults
  } else if constexpr (std::is_same_v<T, std::string>) {
    out = {{"type", "string"}};
  } else if constexpr (std::is_same_v<T, bool>) {
    out = {{"type", "boolean"}};
  } else if constexpr (std::is_integral_v<T>) {
    out = {{"type", "integer"}};
  } else if constexpr (std::is_floating_point_v<T>) {
    out = {{"type", "number"}};
  } else if constexpr (std::is_enum_v<T>) {
    json names = json::array();
    for (auto name : fields::spec_enum<T>().values) names.push_back(std::string(name));
    out = {{"type", "string"}, {"enum", std::move(names)}};
  } else if constexpr (fields::IsList<T>::value) {
    typename T::value_type item{};
    out = {{"type", "array"}, {"items", schema_of(item, json())}};
  } else {
    static_assert(std::is_same_v<T, std::map<std::string, std::string>>, "no schema for this field type");
    out = {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}};
  }
  if (!defaults.is_null()) out["default"] = defaults;
  return out;
}

}  // namespace

json spec_json_schema() {
  HaStackSpec defaults;
  json schema = schema_of(defaults, to_json(defaults));
  json out = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
              {"title", "rdha HaStackSpec"},
              {"description",
               "Configuration of the rdha multi-region HA PostgreSQL stack. Every key is optional: a file "
               "is merged over the defaults (objects merge key by key, arrays replace the default array)."}};
  out.update(schema);
  return out;
}

}  // namespace rdha::stack
