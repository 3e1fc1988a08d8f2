// rdha/analysis/finding.hpp — what a policy rule is and what it reports.
//
// A rule has a stable ID ("RDHA-HA-001"), a default severity, a title, a description
// of why it matters, generic help on fixing it, and — where it checks the same thing
// as a widely used public scanner — that scanner's check IDs (checkov, trivy) so
// security teams can map rdha's findings onto the ones they already track. A finding
// names the rule, the resource address, a one-line summary and a detail sentence that
// says how to fix it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace rdha::analysis {

/// @brief How bad a finding is. `rdha check` exits 1 when any finding is an error.
enum class Severity { error, warning, info };

/// @brief "error", "warning" or "info".
std::string_view to_string(Severity severity) noexcept;

/// @brief The same check in a public scanner: {"checkov", "CKV_AWS_16"}, {"trivy", "AVD-AWS-0080"}.
struct ScannerCheck {
  std::string scanner;
  std::string id;
  bool operator==(const ScannerCheck&) const = default;
};

/// @brief Metadata of one rule (also what SARIF's `tool.driver.rules` lists).
struct RuleInfo {
  std::string id;           ///< stable: "RDHA-HA-001"
  std::string name;         ///< PascalCase identifier: "PrimaryMultiAz"
  std::string title;        ///< short statement of the policy: "The writer is Multi-AZ"
  Severity severity = Severity::error;  ///< default severity of its findings
  std::string category;     ///< "ha", "dr", "monitoring", "security", "network", "iam", "engine"
  std::string description;  ///< why the policy matters (full sentences)
  std::string help;         ///< how to comply in general (full sentences)
  std::vector<ScannerCheck> scanners;  ///< equivalent public scanner checks (may be empty)
};

/// @brief Where the waiver of a finding is written: in the spec (`check.waivers`) or outside
///        it (a waiver file, --allow). SARIF's suppression kind: "inSource" or "external".
enum class WaiverOrigin { in_source, external };

/// @brief One violation of a rule by one resource.
struct Finding {
  std::string rule_id;   ///< "RDHA-HA-001"
  Severity severity = Severity::error;  ///< the rule's, or lower for a milder case
  std::string address;   ///< resource address: "aws_db_instance.primary"
  std::string summary;   ///< one line: what is wrong
  std::string detail;    ///< full sentence(s): why, and how to fix it
  std::string waived;    ///< the reviewer's reason when a waiver accepted it, else ""
  WaiverOrigin waived_by = WaiverOrigin::external;  ///< where that waiver is written (when waived)

  bool operator==(const Finding&) const = default;
};

/// @brief One finding as a block of text: "<severity> <rule>  <address>", then the summary,
///        the detail and, when waived, the reason, each indented; a blank line ends it. The
///        reports of `rdha check` and `rdha plan-check` are these blocks and a summary line.
std::string format_text(const Finding& finding);

/// @brief One finding as an entry of a report's "findings" list (docs/check.md): its fields,
///        the title, category and scanner mappings of @p rule (when not null) and "waived"
///        (the reason) when a waiver accepted it.
nlohmann::json to_json(const Finding& finding, const RuleInfo* rule);

}  // namespace rdha::analysis
