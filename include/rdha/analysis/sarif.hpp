// rdha/analysis/sarif.hpp — check reports as SARIF 2.1.0 for code-scanning tools.
//
// One run whose tool.driver lists every rule of the registry (ID, name, short and full
// description, help, default level, scanner mappings in properties) and one result per
// finding with its level, a logical location (the resource address) and, when the caller
// knows where the block is written, a physical location (file and line).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/analysis/check.hpp"

namespace rdha::analysis {

/// @brief Where a finding's block is written: a file (relative to the repository root, as
///        code scanning shows it) and a 1-based line.
struct SourceLocation {
  std::string uri;
  int line = 1;
};

/// @brief Locations by finding address. A finding whose address is not listed takes the
///        entry of its longest listed prefix ("provider.aws.dr" → "provider.aws"), else the
///        entry "" (the file for findings outside any block).
using SourceLocations = std::map<std::string, SourceLocation>;

/// @brief The SARIF level of a severity: "error", "warning" or "note".
std::string_view sarif_level(Severity severity) noexcept;

/// @brief Findings as a SARIF 2.1.0 log of one run: tool.driver lists @p rules (the index
///        of a rule there is its results' ruleIndex); a waived finding carries an accepted
///        suppression (kind from Finding::waived_by) with the waiver's reason;
///        @p run_properties become the run's properties; @p disabled_rules (IDs of @p rules not run) are listed as the
///        invocation's rule configuration overrides with enabled false. With @p locations a
///        result carries a physical location (file and line) besides the logical one (the
///        address): GitHub code scanning rejects results without one. Fingerprints come
///        from the rule, the address and the finding's rank among that rule's findings on
///        that address, never from the message, so rewording a message keeps an alert's
///        identity. `rdha check` and `rdha plan-check` both write this.
nlohmann::json sarif_log(const std::vector<RuleInfo>& rules, const std::vector<Finding>& findings,
                         nlohmann::json run_properties, const std::vector<std::string>& disabled_rules = {},
                         const SourceLocations& locations = {});

/// @brief The report as a SARIF 2.1.0 log; @p locations as in sarif_log. A waived finding
///        carries an accepted suppression of kind "inSource" (a spec waiver) or "external" (a
///        waiver file); the run's properties list the unmatched waivers.
nlohmann::json to_sarif(const CheckReport& report, const RuleRegistry& registry = RuleRegistry::builtin(),
                        const SourceLocations& locations = {});

}  // namespace rdha::analysis
