// rdha/analysis/check.hpp — `rdha check`: run the policy rules over a stack.
//
// run_checks() runs every rule of a registry and returns the findings sorted by
// severity, rule ID and address. The report renders as text for people, as JSON
// (shape documented in docs/check.md) and as SARIF 2.1.0 (sarif.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/analysis/finding.hpp"
#include "rdha/analysis/rule.hpp"
#include "rdha/core/stack.hpp"

namespace rdha::analysis {

/// @brief The result of a check run.
struct CheckReport {
  std::vector<Finding> findings;  ///< sorted: not waived first, by severity, rule ID, address
  std::size_t rules_run = 0;
  std::vector<std::string> skipped;  ///< IDs of the rules not run (CheckOptions::skip), in registry order
  Date today;  ///< the date the engine-support rules used
  /// The least severity that fails the check; nullopt: none does (`--fail-on never`).
  std::optional<Severity> fail_on = Severity::error;

  std::vector<Waiver> waivers;            ///< as given (CheckOptions::waivers)
  std::vector<Waiver> unmatched_waivers;  ///< those that matched no finding: stale, or misspelt

  /// @brief Number of findings of @p severity that no waiver accepted.
  std::size_t count(Severity severity) const noexcept;
  /// @brief Number of findings a waiver accepted.
  std::size_t waived() const noexcept;
  /// @brief True when any finding no waiver accepted is an error.
  bool has_errors() const noexcept { return count(Severity::error) > 0; }
  /// @brief True when any finding no waiver accepted is at least as severe as fail_on
  ///        (`rdha check` then exits 1).
  bool failed() const noexcept;
};

/// @brief Runs every rule of @p registry over @p stack but those of options.skip, then
///        applies options.waivers. Throws SpecError (code unknown_rule; subject "skip", or the
///        waiver's "<source>.rule") for an ID that is no rule of @p registry.
///
/// @code{.cpp}
/// rdha::Stack stack = rdha::stack::build_ha_stack({});
/// auto report = rdha::analysis::run_checks(stack);
/// std::cout << rdha::analysis::format_text(report);
/// return report.failed() ? 1 : 0;
/// @endcode
CheckReport run_checks(const Stack& stack, const CheckOptions& options = {},
                       const RuleRegistry& registry = RuleRegistry::builtin());

/// @brief Human-readable report: one block per finding (a waived one with "waived: <reason>"),
///        a "warning:" line per unmatched waiver, then a summary line.
std::string format_text(const CheckReport& report);

/// @brief The report as JSON (see docs/check.md): {"summary": {...}, "findings": [...]}.
nlohmann::json to_json(const CheckReport& report, const RuleRegistry& registry = RuleRegistry::builtin());

}  // namespace rdha::analysis
