// The single-field checks of validate(): a walk over the field table that checks every
// value against its field's constraints, with the path the walk is at
// ("database.replicas[1].name").
#include "field_checks.hpp"

#include <fmt/format.h>

#include <map>
#include <type_traits>

#include "rdha/stack/spec/fields.hpp"

namespace rdha::stack::fields {
namespace {


class FieldChecker {
 public:
  std::vector<Problem> problems;

  template <class T>
  void check(const T& value, const std::string& path, const Constraints& rules) {
    if constexpr (kIsSpecStruct<T>) {
      Fields visitor{*this, path};
      describe(visitor, const_cast<T&>(value));  // the visitor only reads
    } else if constexpr (IsList<T>::value) {
      check_list(value, path, rules);
    } else {
      check_value(value, path, rules);
    }
  }

 private:
  struct Fields {
    FieldChecker& checker;
    const std::string& path;
    template <class M>
    void field(std::string_view key, M& member, std::string_view, const Constraints& rules = {}) {
      checker.check(member, child_path(path, key), rules);
    }
  };

  void add(const std::string& path, std::string message) {
    if (!message.empty()) problems.push_back({path, std::move(message)});
  }

  template <class T>
  void check_list(const std::vector<T>& items, const std::string& path, const Constraints& rules) {
    if (rules.max_items) add(path, rules.max_items->check(items.size()));
    if constexpr (std::is_same_v<T, std::string>) {
      if (rules.min_distinct) add(path, rules.min_distinct->check(items));
      if (rules.unique)
        for (auto& problem : unique_problems(path, items)) problems.push_back(std::move(problem));
    }
    for (std::size_t i = 0; i < items.size(); ++i) check(items[i], fmt::format("{}[{}]", path, i), rules);
  }

  template <class T>
  void check_value(const T& value, const std::string& path, const Constraints& rules) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (rules.one_of) add(path, rules.one_of->check(value));
      if (rules.format) {
        const auto format_problems = rules.format->check(value);
        for (const auto& message : format_problems) add(path, message);
        if (format_problems.empty() && rules.reserved) add(path, rules.reserved->check(value));
      }
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if (rules.range) add(path, rules.range->check(static_cast<std::int64_t>(value)));
      if (rules.one_of) add(path, rules.one_of->check(static_cast<std::int64_t>(value)));
    } else if constexpr (std::is_floating_point_v<T>) {
      if (rules.range) add(path, rules.range->check(static_cast<double>(value)));
    }
    // Booleans, enums (their type is their rule) and maps have no value constraints.
  }
};

}  // namespace

std::vector<Problem> field_problems(const HaStackSpec& spec) {
  FieldChecker checker;
  checker.check(spec, "", {});
  return std::move(checker.problems);
}

}  // namespace rdha::stack::fields
