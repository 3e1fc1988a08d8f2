// rdha/analysis/rule.hpp — policy rules and the registry `rdha check` runs.
//
// A rule is its metadata (finding.hpp) plus a function that inspects a Stack and
// reports findings through a FindingSink. Rules look at the graph generically —
// resources by type, their template-form arguments, the references between them and
// their placement — never at the HaStackSpec, so they apply to user-composed stacks as
// much as to the default one. RuleRegistry::builtin() holds rdha's rules; users may add
// their own to a copy.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rdha/analysis/date.hpp"
#include "rdha/analysis/finding.hpp"
#include "rdha/analysis/waiver.hpp"
#include "rdha/core/stack.hpp"

namespace rdha::analysis {

/// @brief Knobs of a check run.
struct CheckOptions {
  /// The date engine-support rules compare against; the system clock's UTC date when unset.
  std::optional<Date> today;
  /// Daily off-peak window (UTC, "hh24:mi-hh24:mi") the backup window must fall inside.
  std::string off_peak_window = "02:00-04:00";
  /// The suffix every resource's name or Name tag ends in (HaStackSpec::name_suffix).
  std::string name_suffix = "-rdha";
  /// IDs of rules not to run (a stack without DR on purpose skips the DR rules); each must
  /// be a rule of the registry.
  std::vector<std::string> skip;
  /// The least severity that fails the check (CheckReport::failed); nullopt: none does.
  std::optional<Severity> fail_on = Severity::error;
  /// Accepted findings (the spec's check.waivers, then --waivers FILE): reported as waived,
  /// never failing the check. Each rule must be a rule of the registry.
  std::vector<Waiver> waivers;
};

/// @brief What a rule sees.
struct CheckContext {
  const Stack& stack;
  Date today;                  ///< resolved from CheckOptions::today
  const CheckOptions& options;
};

/// @brief Collects the findings of one rule, stamping its ID and severity.
class FindingSink {
 public:
  FindingSink(const RuleInfo& rule, std::vector<Finding>& out) : rule_(&rule), out_(&out) {}
  /// @brief Reports a finding at the rule's default severity.
  void report(std::string address, std::string summary, std::string detail);
  /// @brief Reports a finding at @p severity (a milder case of the rule, e.g. "not set
  ///        explicitly" where the rule's default is for "set to an unsafe value").
  void report(Severity severity, std::string address, std::string summary, std::string detail);
  const RuleInfo& rule() const noexcept { return *rule_; }

 private:
  const RuleInfo* rule_;
  std::vector<Finding>* out_;
};

/// @brief A policy rule: metadata + the function that checks a stack.
struct Rule {
  RuleInfo info;
  std::function<void(const CheckContext&, FindingSink&)> check;
};

/// @brief An ordered set of rules with unique IDs.
///
/// @code{.cpp}
/// auto rules = rdha::analysis::RuleRegistry::builtin();
/// for (const auto& rule : rules.rules()) std::cout << rule.info.id << ' ' << rule.info.title << '\n';
/// @endcode
class RuleRegistry {
 public:
  /// @brief Adds a rule; throws GraphError (code duplicate_rule) on a repeated ID.
  void add(Rule rule);
  /// @brief Rules in the order added.
  const std::vector<Rule>& rules() const noexcept { return rules_; }
  /// @brief The rule with this ID, or nullptr.
  const Rule* find(std::string_view id) const;
  /// @brief Position of the rule with this ID in rules() (SARIF's ruleIndex), or -1.
  int index_of(std::string_view id) const;

  /// @brief rdha's built-in HA/DR, security and engine-support rules.
  static const RuleRegistry& builtin();

 private:
  std::vector<Rule> rules_;
};

}  // namespace rdha::analysis
