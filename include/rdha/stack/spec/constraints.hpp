// rdha/stack/spec/constraints.hpp — the typed constraints of spec fields.
//
// A constraint is a rule about one field's value: numeric bounds, a set of allowed
// values, a text format, unique list items. Each one emits the JSON Schema keywords that
// state it (`rdha schema`), checks values against it (validate()) and describes itself
// for the spec reference (docs/spec.md), so the schema, the validator and the reference
// cannot disagree. Rules that relate several fields (CIDR containment, window overlap,
// IOPS per storage type, ...) are not constraints: validate() checks them itself.
//
// Problem texts are templates filled with fmt named arguments: {value} is the offending
// value as JSON ("\"db.r6g\"", 120), the other names are listed at each template.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rdha/error.hpp"

namespace rdha::stack::fields {

/// @brief Numeric bounds and the reason for them.
struct Range {
  std::optional<std::int64_t> minimum{};            ///< inclusive
  std::optional<std::int64_t> exclusive_minimum{};  ///< the value must be above it
  std::optional<std::int64_t> maximum{};            ///< inclusive
  std::optional<std::int64_t> multiple_of{};        ///< the value must be a multiple of it
  std::span<const int> or_values{};                 ///< values allowed besides the bounds
  std::string_view why{};                           ///< why the bounds exist (for messages and the reference)
  /// The problem text: {value}, {minimum}, {maximum}, {exclusive_minimum}, {multiple_of}, {why}.
  std::string_view message = "{value} is outside {minimum}..{maximum}; {why}.";

  /// @brief minimum, maximum, exclusiveMinimum, multipleOf; anyOf with an enum of or_values.
  nlohmann::json schema() const;
  /// @brief The problem of @p value ("" when it is within the bounds).
  std::string check(std::int64_t value) const;
  std::string check(double value) const;
  /// @brief "1..35", "> 0, <= 100", "7, 731 or a multiple of 31 in 31..713".
  std::string doc() const;
};

/// @brief min..max inclusive: "<value> is outside min..max; <why>."
constexpr Range within(std::int64_t minimum, std::int64_t maximum, std::string_view why) {
  return {.minimum = minimum, .maximum = maximum, .why = why};
}

/// @brief The allowed values of a number or a string.
struct OneOf {
  std::span<const int> numbers{};
  std::span<const std::string_view> names{};
  /// The problem text: {value}, {choices} ("0, 1, 5" or "\"https\", \"sqs\"").
  std::string_view message = "{value} is not one of {choices}.";

  nlohmann::json schema() const;  ///< enum
  std::string check(std::int64_t value) const;
  std::string check(std::string_view value) const;
  std::string doc() const;  ///< "one of `https`, `sqs`"
};

/// @brief A text format: a predicate and the JSON Schema pattern that spells the same
///        rule (a test runs both over good and bad values), with an example.
struct Format {
  /// Completes "<value> is not ..." in problems and the reference: "an AWS region name like
  /// {example}" ({example} and {max_length} are filled in).
  std::string_view what{};
  std::string_view pattern{};                   ///< JSON Schema pattern (ECMA 262), anchored
  std::string_view example{};                   ///< a value of this format
  bool (*matches)(std::string_view) = nullptr;  ///< the rule the pattern spells
  std::size_t max_length = 0;                   ///< also emitted as maxLength; 0: none
  /// Rules past the pattern that JSON Schema cannot state (host bits of a CIDR, the
  /// length of a window): the problems of a value that has the format.
  std::vector<std::string> (*beyond_pattern)(std::string_view) = nullptr;
  std::string_view beyond_pattern_doc{};  ///< those rules, for the reference

  /// @brief True when @p value matches the pattern and fits max_length.
  bool accepts(std::string_view value) const;
  nlohmann::json schema() const;  ///< pattern, maxLength
  /// @brief "<value> is not <what>." or the problems past the pattern; empty when valid.
  std::vector<std::string> check(std::string_view value) const;
  /// @brief what, with the example filled in.
  std::string description() const;
};

/// @brief Values a format admits that AWS or PostgreSQL reserve.
struct Reserved {
  std::string_view pattern{};                   ///< JSON Schema pattern of the reserved values
  bool (*matches)(std::string_view) = nullptr;  ///< the rule the pattern spells
  std::string_view message{};                   ///< the problem text: {value}
  std::string_view doc{};                       ///< the reserved values, for the reference

  nlohmann::json schema() const;  ///< not: {pattern}
  std::string check(std::string_view value) const;
};

/// @brief At least @p count distinct list items.
struct MinDistinct {
  std::size_t count = 0;
  /// The problem text: {count} (distinct items found), {s} ("" for one, else "s"),
  /// {values} (the distinct items as a JSON list), {minimum}.
  std::string_view message{};

  nlohmann::json schema() const;  ///< minItems (uniqueItems comes from the unique constraint)
  std::string check(const std::vector<std::string>& values) const;
};

/// @brief At most @p count list items.
struct MaxItems {
  std::size_t count = 0;
  std::string_view message{};  ///< the problem text: {count} (items found), {maximum}

  nlohmann::json schema() const;  ///< maxItems
  std::string check(std::size_t size) const;
};

/// @brief Each list item at most once: "<value> repeats <path>[<first>]; list each value once.",
///        at the index of every repeat.
std::vector<Problem> unique_problems(const std::string& path, const std::vector<std::string>& values);

/// @brief Everything the field table says about one field beyond its type. Item rules
///        (range, one_of, format, reserved, name_base) apply to each item of a list field.
struct Constraints {
  std::optional<Range> range{};
  std::optional<OneOf> one_of{};
  const Format* format = nullptr;
  const Reserved* reserved = nullptr;  ///< checked on values that have the format
  /// The field is the base of generated names: its pattern is emitted here, the names'
  /// own rules are checked with name_suffix appended (validate(), see names.hpp).
  const Format* name_base = nullptr;
  bool unique = false;  ///< uniqueItems
  std::optional<MinDistinct> min_distinct{};
  std::optional<MaxItems> max_items{};
  bool required = false;  ///< the key must be present (array items, which have no defaults)

  /// @brief The keywords of the item rules.
  nlohmann::json item_schema() const;
  /// @brief The keywords of the list rules (uniqueItems, minItems, maxItems).
  nlohmann::json list_schema() const;
};

}  // namespace rdha::stack::fields
