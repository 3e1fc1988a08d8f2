// The typed constraints of rdha/stack/spec/constraints.hpp: their JSON Schema keywords,
// their checks and their reference text.
#include "rdha/stack/spec/constraints.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "problem_text.hpp"

namespace rdha::stack::fields {
namespace {

using nlohmann::json;

std::string text_of(const std::optional<std::int64_t>& number) { return number ? std::to_string(*number) : ""; }

template <class Number>
bool within_bounds(const Range& r, Number value) {
  if (r.minimum && !(value >= static_cast<Number>(*r.minimum))) return false;
  if (r.exclusive_minimum && !(value > static_cast<Number>(*r.exclusive_minimum))) return false;
  if (r.maximum && !(value <= static_cast<Number>(*r.maximum))) return false;
  if (!r.multiple_of) return true;
  if constexpr (std::is_floating_point_v<Number>)
    return std::fmod(value, static_cast<Number>(*r.multiple_of)) == 0;
  else
    return value % *r.multiple_of == 0;
}

template <class Number>
std::string range_problem(const Range& r, Number value) {
  if (within_bounds(r, value)) return "";
  if (std::find(r.or_values.begin(), r.or_values.end(), value) != r.or_values.end()) return "";
  return fmt::format(fmt::runtime(r.message), fmt::arg("value", value), fmt::arg("minimum", text_of(r.minimum)),
                     fmt::arg("maximum", text_of(r.maximum)),
                     fmt::arg("exclusive_minimum", text_of(r.exclusive_minimum)),
                     fmt::arg("multiple_of", text_of(r.multiple_of)), fmt::arg("why", r.why));
}

std::string choices_of(const OneOf& one_of) {
  std::vector<std::string> choices;
  for (int n : one_of.numbers) choices.push_back(std::to_string(n));
  for (auto name : one_of.names) choices.push_back(quote(name));
  return fmt::format("{}", fmt::join(choices, ", "));
}

std::string one_of_problem(const OneOf& one_of, const std::string& value) {
  return fmt::format(fmt::runtime(one_of.message), fmt::arg("value", value), fmt::arg("choices", choices_of(one_of)));
}

}  // namespace

// ---- Range -------------------------------------------------------------------------------------

json Range::schema() const {
  json bounds = json::object();
  if (minimum) bounds["minimum"] = *minimum;
  if (exclusive_minimum) bounds["exclusiveMinimum"] = *exclusive_minimum;
  if (maximum) bounds["maximum"] = *maximum;
  if (multiple_of) bounds["multipleOf"] = *multiple_of;
  if (or_values.empty()) return bounds;
  return {{"anyOf", json::array({{{"enum", json(std::vector<int>(or_values.begin(), or_values.end()))}}, bounds})}};
}

std::string Range::check(std::int64_t value) const { return range_problem(*this, value); }

std::string Range::check(double value) const { return range_problem(*this, value); }

std::string Range::doc() const {
  std::vector<std::string> parts;
  if (minimum && maximum)
    parts.push_back(fmt::format("{}..{}", *minimum, *maximum));
  else if (minimum)
    parts.push_back(fmt::format(">= {}", *minimum));
  if (exclusive_minimum) parts.push_back(fmt::format("> {}", *exclusive_minimum));
  if (maximum && !minimum) parts.push_back(fmt::format("<= {}", *maximum));
  if (multiple_of) parts.push_back(fmt::format("a multiple of {}", *multiple_of));
  std::string text = fmt::format("{}", fmt::join(parts, ", "));
  if (!or_values.empty()) text = fmt::format("{}, or {}", fmt::join(or_values, ", "), text);
  return why.empty() ? text : fmt::format("{} ({})", text, why);
}

// ---- OneOf -------------------------------------------------------------------------------------

json OneOf::schema() const {
  if (!numbers.empty()) return {{"enum", json(std::vector<int>(numbers.begin(), numbers.end()))}};
  json names_json = json::array();
  for (auto name : names) names_json.push_back(std::string(name));
  return {{"enum", std::move(names_json)}};
}

std::string OneOf::check(std::int64_t value) const {
  if (std::find(numbers.begin(), numbers.end(), value) != numbers.end()) return "";
  return one_of_problem(*this, std::to_string(value));
}

std::string OneOf::check(std::string_view value) const {
  if (std::find(names.begin(), names.end(), value) != names.end()) return "";
  return one_of_problem(*this, quote(value));
}

std::string OneOf::doc() const { return "one of " + choices_of(*this); }

// ---- Format ------------------------------------------------------------------------------------

bool Format::accepts(std::string_view value) const {
  return matches(value) && (max_length == 0 || value.size() <= max_length);
}

json Format::schema() const {
  json out = {{"pattern", std::string(pattern)}};
  if (max_length != 0) out["maxLength"] = max_length;
  return out;
}

std::vector<std::string> Format::check(std::string_view value) const {
  if (!accepts(value)) return {fmt::format("{} is not {}.", quote(value), description())};
  return beyond_pattern ? beyond_pattern(value) : std::vector<std::string>{};
}

std::string Format::description() const {
  return fmt::format(fmt::runtime(what), fmt::arg("example", quote(example)), fmt::arg("max_length", max_length));
}

// ---- Reserved ----------------------------------------------------------------------------------

json Reserved::schema() const { return {{"not", {{"pattern", std::string(pattern)}}}}; }

std::string Reserved::check(std::string_view value) const {
  return matches(value) ? fmt::format(fmt::runtime(message), fmt::arg("value", quote(value))) : "";
}

// ---- list rules --------------------------------------------------------------------------------

json MinDistinct::schema() const { return {{"minItems", count}}; }

std::string MinDistinct::check(const std::vector<std::string>& values) const {
  std::vector<std::string> distinct;
  for (const auto& v : values)
    if (std::find(distinct.begin(), distinct.end(), v) == distinct.end()) distinct.push_back(v);
  if (distinct.size() >= count) return "";
  return fmt::format(fmt::runtime(message), fmt::arg("count", distinct.size()),
                     fmt::arg("s", distinct.size() == 1 ? "" : "s"), fmt::arg("values", quote_list(distinct)),
                     fmt::arg("minimum", count));
}

json MaxItems::schema() const { return {{"maxItems", count}}; }

std::string MaxItems::check(std::size_t size) const {
  if (size <= count) return "";
  return fmt::format(fmt::runtime(message), fmt::arg("count", size), fmt::arg("maximum", count));
}

std::vector<Problem> unique_problems(const std::string& path, const std::vector<std::string>& values) {
  std::vector<Problem> problems;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto first = std::find(values.begin(), values.end(), values[i]) - values.begin();
    if (static_cast<std::size_t>(first) != i)
      problems.push_back({fmt::format("{}[{}]", path, i),
                          fmt::format("{} repeats {}[{}]; list each value once.", quote(values[i]), path, first)});
  }
  return problems;
}

// ---- Constraints -------------------------------------------------------------------------------

json Constraints::item_schema() const {
  json out = json::object();
  if (range) out.update(range->schema());
  if (one_of) out.update(one_of->schema());
  if (format) out.update(format->schema());
  if (reserved) out.update(reserved->schema());
  if (name_base) out.update(name_base->schema());
  return out;
}

json Constraints::list_schema() const {
  json out = json::object();
  if (unique) out["uniqueItems"] = true;
  if (min_distinct) out.update(min_distinct->schema());
  if (max_items) out.update(max_items->schema());
  return out;
}

}  // namespace rdha::stack::fields
