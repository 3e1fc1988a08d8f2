// rdha/analysis/sarif.hpp — check reports as SARIF 2.1.0 for code-scanning tools.
//
// One run whose tool.driver lists every rule of the registry (ID, name, short and full
// description, help, default level, scanner mappings in properties) and one result per
// finding with its level and a logical location: the resource address.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/analysis/check.hpp"

namespace rdha::analysis {

/// @brief The SARIF level of a severity: "error", "warning" or "note".
std::string_view sarif_level(Severity severity) noexcept;

/// @brief Findings as a SARIF 2.1.0 log of one run: tool.driver lists @p rules (the index
///        of a rule there is its results' ruleIndex); a waived finding carries an accepted
///        external suppression with the waiver's reason; @p run_properties become the run's
///        properties; @p disabled_rules (IDs of @p rules not run) are listed as the
///        invocation's rule configuration overrides with enabled false. `rdha check` and
///        `rdha plan-check` both write this.
nlohmann::json sarif_log(const std::vector<RuleInfo>& rules, const std::vector<Finding>& findings,
                         nlohmann::json run_properties, const std::vector<std::string>& disabled_rules = {});

/// @brief The report as a SARIF 2.1.0 log.
nlohmann::json to_sarif(const CheckReport& report, const RuleRegistry& registry = RuleRegistry::builtin());

}  // namespace rdha::analysis
