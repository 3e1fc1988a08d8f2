// The JSON Schema (draft 2020-12) of the HaStackSpec config file, built from the same
// field table as the JSON reader, so every key the reader accepts is in the schema.
#include <map>

#include "rdha/stack/spec.hpp"
#include "rdha/stack/spec/fields.hpp"

namespace rdha::stack {
namespace {

using detail::Rule;
using nlohmann::json;

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

// Builds the schema of one value. @p defaults is the default JSON at this spot (null
// inside array items, which have no defaults).
template <class T>
json schema_of(T& value, const json& defaults);

struct PropertiesVisitor {
  const json& defaults;
  json properties = json::object();
  json required = json::array();

  template <class T>
  void field(std::string_view key, T& value, std::string_view description, const Rule& rule = {}) {
    const std::string name(key);
    const json& field_default = defaults.is_object() && defaults.contains(name) ? defaults.at(name) : json();
    json property = schema_of(value, field_default);
    for (const auto& [constraint, setting] : rule.schema.items()) {
      if (constraint == "items")
        property["items"].update(setting);  // constrain items, keep their type
      else
        property[constraint] = setting;
    }
    property["description"] = std::string(description);
    properties[name] = std::move(property);
    if (rule.required) required.push_back(name);
  }
};

template <class T>
json schema_of(T& value, const json& defaults) {
  json out;
  if constexpr (detail::kIsSpecStruct<T>) {
    PropertiesVisitor visitor{defaults};
    detail::describe(visitor, value);
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
    out = {{"type", "string"}, {"enum", detail::json_array(detail::EnumNames<T>::names)}};
  } else if constexpr (IsVector<T>::value) {
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
