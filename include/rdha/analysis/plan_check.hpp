// rdha/analysis/plan_check.hpp — `rdha plan-check`: the gate between `terraform plan` and
// `terraform apply`.
//
// check_plan() reads `terraform show -json` of a saved plan and reports, per resource
// change, what the plan's diff does not say out loud: a replaced or deleted resource that
// holds data (from the plan's own actions, replace_paths and action_reason), a change that
// reboots or interrupts a DB instance (the table of downtime_settings(), each row quoting
// the RDS User Guide) and when it takes effect, a DB instance endpoint that changes, and a
// change that weakens the HA/DR posture. A reviewer accepts a finding with a Waiver; waived
// findings stay in the report with the reason and do not block. The report renders as
// text, JSON (docs/plan-check.md) and SARIF 2.1.0 with the renderers of `rdha check`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/analysis/finding.hpp"
#include "rdha/analysis/waiver.hpp"

namespace rdha::analysis {

/// @brief Parses "ADDRESS:REASON" or "ADDRESS#RULE:REASON" (the CLI's --allow): a Waiver
///        (waiver.hpp) of every finding at ADDRESS, or of RULE's only. The address ends at the
///        first ':' outside brackets (an index key may hold one); both parts must be non-empty.
///        Throws PlanError (code bad_waiver) naming @p source.
Waiver parse_waiver(std::string_view text, const std::string& source = "--allow");

/// @brief Parses a waiver file: one "ADDRESS REASON" per line (the address ends at the first
///        blank outside brackets), blank lines and lines starting with '#' ignored. Throws
///        PlanError (bad_waiver naming "PATH:LINE", or unreadable).
std::vector<Waiver> read_waiver_file(const std::string& path);

/// @brief When a change to a DB instance setting takes effect, per the RDS User Guide.
enum class Takes {
  apply_immediately_or_window,  ///< at once with apply_immediately, else in the maintenance window
  immediately,                  ///< at once; the setting ignores apply_immediately
  next_reboot,                  ///< at the next reboot of the instance, which RDS does not perform for it
};

/// @brief One row of the downtime table: a setting whose change reboots or interrupts a DB
///        instance, with the User Guide's downtime note quoted verbatim.
struct DowntimeSetting {
  std::string resource_type;  ///< "aws_db_instance" or "aws_db_parameter_group"
  std::string attribute;      ///< the provider argument: "instance_class"
  std::string setting;        ///< the User Guide's name of the setting: "DB instance class"
  std::string when_flagged;   ///< which changes count: "any change", "to or from magnetic (standard)"
  Takes takes = Takes::apply_immediately_or_window;
  std::string quote;          ///< the downtime note, verbatim
  std::string source;         ///< the page quoted (title and URL)
};

/// @brief The downtime table, in the order docs/plan-check.md lists it.
const std::vector<DowntimeSetting>& downtime_settings();

/// @brief The rules of plan-check (what SARIF's tool.driver lists), RDHA-PLAN-001 to -006.
const std::vector<RuleInfo>& plan_rules();

/// @brief Knobs of a plan check.
struct PlanCheckOptions {
  /// --allow, --allow-file and --waivers (the JSON list of `rdha check`); a rule each names
  /// must be a plan-check rule (check_plan throws SpecError unknown_rule otherwise).
  std::vector<Waiver> waivers;
};

/// @brief The result of a plan check.
struct PlanCheckReport {
  std::string source;              ///< the plan file, as given
  std::string terraform_version;   ///< from the plan ("" when absent)
  std::size_t changes = 0;         ///< resource changes that change something (not no-op, read or forget)
  std::vector<Finding> findings;   ///< blocking first, then by rule ID and address
  std::vector<Waiver> waivers;     ///< as given

  /// @brief Error findings no waiver accepted: `rdha plan-check` exits 1 when any.
  std::size_t blocking() const noexcept;
  /// @brief Findings a waiver accepted.
  std::size_t waived() const noexcept;
  /// @brief Not-waived findings of @p severity.
  std::size_t count(Severity severity) const noexcept;
  bool blocked() const noexcept { return blocking() > 0; }
};

/// @brief Checks a parsed plan document (the JSON of `terraform show -json PLANFILE`).
///        Throws PlanError naming @p source for a document that is not such a plan.
///
/// @code{.cpp}
/// auto report = rdha::analysis::check_plan_file("plan.json", {{{"aws_db_instance.primary", "CAB-1234"}}});
/// std::cout << rdha::analysis::format_text(report);
/// return report.blocked() ? 1 : 0;
/// @endcode
PlanCheckReport check_plan(const nlohmann::json& plan, const PlanCheckOptions& options = {},
                           const std::string& source = "plan");

/// @brief Reads and checks a plan JSON file; PlanError when it cannot be read, is larger
///        than 512 MiB, is not JSON or not a plan.
PlanCheckReport check_plan_file(const std::string& path, const PlanCheckOptions& options = {});

/// @brief One block per finding (the waiver's reason under a waived one), then a summary line.
std::string format_text(const PlanCheckReport& report);

/// @brief The report as JSON (docs/plan-check.md): {"tool", "plan", "summary", "findings", "waivers"}.
nlohmann::json to_json(const PlanCheckReport& report);

/// @brief The report as a SARIF 2.1.0 log; waived findings carry accepted suppressions.
nlohmann::json to_sarif(const PlanCheckReport& report);

}  // namespace rdha::analysis
