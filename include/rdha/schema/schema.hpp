// rdha/schema/schema.hpp — provider schema facts: names, types and flags of every
// argument, attribute and nested block of the types rdha knows.
//
// The facts are trimmed from `terraform providers schema -json` (hashicorp/aws 5.100.0,
// hashicorp/random 3.6.3) by tools/gen_bindings.py and compiled into the library, so the
// generic API validates at run time exactly what the generated bindings check at
// compile time. Types outside the facts are accepted unchecked.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/schema/block_kind.hpp"

namespace rdha::schema {

/// @brief How a nested block repeats: `single` is an object, `list`/`set` are arrays.
enum class Nesting { single, list, set, map, group };

/// @brief One attribute (argument or computed attribute).
struct AttributeFacts {
  nlohmann::json type;  ///< cty type JSON: "string", ["list","string"], ["object",{...}]
  bool required = false;
  bool optional = false;
  bool computed = false;
  bool sensitive = false;
  bool write_only = false;
  bool deprecated = false;

  /// @brief Can be set in configuration (required or optional).
  bool settable() const noexcept { return required || optional; }
};

struct BlockFacts;

/// @brief A nested block type.
struct NestedBlockFacts {
  Nesting nesting = Nesting::list;
  std::size_t min_items = 0;
  std::size_t max_items = 0;  ///< 0 = unbounded
  std::shared_ptr<const BlockFacts> block;
};

/// @brief The body of a block: attributes and nested blocks by name.
struct BlockFacts {
  std::map<std::string, AttributeFacts, std::less<>> attributes;
  std::map<std::string, NestedBlockFacts, std::less<>> blocks;

  /// @brief Names that may be set in configuration (settable attributes and blocks).
  std::vector<std::string> settable_names() const;
};

/// @brief Facts of one resource / data source / ephemeral resource type.
struct TypeFacts {
  Kind kind = Kind::resource;
  std::string type;
  std::string provider;  ///< provider local name, "aws"
  BlockFacts block;
};

/// @brief Facts of a provider: its source address and the version the facts come from.
struct ProviderFacts {
  std::string local_name;
  std::string source;
  std::string version;
};

/// @brief The facts compiled into the library (parsed once, on first use).
class Facts {
 public:
  /// @brief The process-wide instance built from the embedded facts.
  static const Facts& embedded();
  /// @brief Facts from a JSON document in the format tools/gen_bindings.py writes.
  static Facts from_json(const nlohmann::json& document);

  const TypeFacts* find(Kind kind, std::string_view type) const;
  const std::vector<ProviderFacts>& providers() const noexcept { return providers_; }
  /// @brief Every type of @p kind, sorted.
  std::vector<std::string> types(Kind kind) const;

 private:
  std::map<std::string, TypeFacts, std::less<>> kinds_[3];
  std::vector<ProviderFacts> providers_;
};

/// @brief Whether a template-form JSON value fits a cty type. Interpolations ("${...}")
///        fit any type; elements of collections are checked recursively.
bool value_fits(const nlohmann::json& value, const nlohmann::json& cty_type);

/// @brief A short human-readable rendering of a cty type: "list(string)".
std::string type_name(const nlohmann::json& cty_type);

}  // namespace rdha::schema
