// rdha/dr/runbook.hpp — recovery runbooks as data.
//
// A runbook is an ordered list of steps, each with the exact shell commands (AWS CLI)
// for the stack's identifiers and regions. The steps are the single description of the
// procedure: the text and JSON outputs are rendered from them. `rdha drill` builds its
// runbook from them; the region-loss steps come from region_failover.hpp, which the HA
// stack also renders as its SSM Automation document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace rdha::dr {

/// @brief When a step runs.
enum class StepPhase {
  assess,    ///< checks before acting: confirm the failure and the target's health
  recover,   ///< the recovery actions
  verify,    ///< checks after acting
  failback   ///< when the lost domain returns: rebuild redundancy
};

/// @brief "assess", "recover", "verify" or "failback".
std::string_view to_string(StepPhase phase) noexcept;

/// @brief One step of a runbook.
struct RunbookStep {
  std::string id;           ///< stable kebab-case ID: "promote-dr-replica"
  StepPhase phase = StepPhase::recover;
  std::string title;        ///< imperative one-liner: "Promote the DR replica"
  std::string description;  ///< what it does, what to expect, when to stop
  std::string region;       ///< AWS region the commands act on ("" if none)
  std::string target;       ///< resource address the step acts on ("" if none)
  std::vector<std::string> commands;  ///< exact shell lines, in order
  bool irreversible = false;  ///< cannot be undone (promotion, deletion)
  bool automated = false;     ///< also a step of the stack's failover automation document (region_failover.hpp)
};

/// @brief An ordered procedure.
struct Runbook {
  std::string title;
  std::vector<RunbookStep> steps;
};

/// @brief Numbered steps with their commands, for people.
std::string format_text(const Runbook& runbook);

/// @brief [{"id", "phase", "title", "description", "region", "target", "commands", "irreversible",
///          "automated"}, ...]
nlohmann::json to_json(const Runbook& runbook);

}  // namespace rdha::dr
