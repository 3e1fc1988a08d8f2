// rdha/schema/schema.hpp — provider schema facts: names, types and flags of every
// argument, attribute and nested block of the types rdha knows.
//
// The facts are trimmed from `terraform providers schema -json` (hashicorp/aws 5.100.0,
// hashicorp/random 3.6.3) by tools/gen_bindings.py and compiled into the library, for
// every type of those providers, so the generic API validates at run time exactly what
// the generated bindings check at compile time, and refuses a type the provider does not
// have. Types of other providers are accepted unchecked.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
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

/// @brief The facts compiled into the library: every resource, data source and ephemeral
///        resource type of the covered providers.
///
/// A type's facts are parsed from its embedded text on its first lookup and kept for the
/// life of the process (thread-safe); checking that a type exists and listing the names
/// parse nothing, and nothing is parsed at start-up.
class Facts {
 public:
  /// @brief The process-wide instance.
  static const Facts& embedded();
  ~Facts();
  Facts(const Facts&) = delete;
  Facts& operator=(const Facts&) = delete;

  /// @brief The facts of @p type, or nullptr when the facts have no such type.
  const TypeFacts* find(Kind kind, std::string_view type) const;
  /// @brief Whether the facts have @p type (parses nothing).
  bool contains(Kind kind, std::string_view type) const noexcept;
  /// @brief Whether the facts cover the provider @p type belongs to (its prefix before the
  ///        first "_", as Terraform infers it): every type of that provider is then known.
  bool covers_provider_of(std::string_view type) const noexcept;
  /// @brief Every type of @p kind, sorted.
  std::vector<std::string> types(Kind kind) const;
  /// @brief Whether some type has an attribute or block named @p name at any depth
  ///        (a text search: parses nothing).
  bool any_type_defines(std::string_view name) const;

 private:
  Facts();
  std::unique_ptr<std::atomic<const TypeFacts*>[]> parsed_;  ///< per index entry, set once
  mutable std::mutex mutex_;                                 ///< serialises first parses
  mutable std::vector<std::unique_ptr<const TypeFacts>> owned_;
};

/// @brief Whether a template-form JSON value fits a cty type. Interpolations ("${...}")
///        fit any type; elements of collections are checked recursively.
bool value_fits(const nlohmann::json& value, const nlohmann::json& cty_type);

/// @brief A short human-readable rendering of a cty type: "list(string)".
std::string type_name(const nlohmann::json& cty_type);

}  // namespace rdha::schema
