// Text and JSON renderings of a runbook (rdha/dr/runbook.hpp): both read the same
// step list, so every rendering says the same thing.
#include "rdha/dr/runbook.hpp"

#include <sstream>

namespace rdha::dr {

std::string_view to_string(StepPhase phase) noexcept {
  switch (phase) {
    case StepPhase::assess: return "assess";
    case StepPhase::recover: return "recover";
    case StepPhase::verify: return "verify";
    case StepPhase::failback: return "failback";
  }
  return "recover";
}

std::string format_text(const Runbook& runbook) {
  std::ostringstream out;
  out << runbook.title << "\n";
  int number = 0;
  for (const auto& step : runbook.steps) {
    out << "\n" << ++number << ". [" << to_string(step.phase) << "] " << step.title;
    if (step.irreversible) out << "  (IRREVERSIBLE)";
    if (step.automated) out << "  (automated)";
    out << "\n   " << step.description << "\n";
    if (!step.target.empty() || !step.region.empty()) {
      out << "   ";
      if (!step.target.empty()) out << "target: " << step.target << (step.region.empty() ? "" : "  ");
      if (!step.region.empty()) out << "region: " << step.region;
      out << "\n";
    }
    for (const auto& command : step.commands) out << "     $ " << command << "\n";
  }
  return out.str();
}

nlohmann::json to_json(const Runbook& runbook) {
  nlohmann::json steps = nlohmann::json::array();
  int number = 0;
  for (const auto& step : runbook.steps)
    steps.push_back({{"number", ++number},
                     {"id", step.id},
                     {"phase", std::string(to_string(step.phase))},
                     {"title", step.title},
                     {"description", step.description},
                     {"region", step.region},
                     {"target", step.target},
                     {"commands", step.commands},
                     {"irreversible", step.irreversible},
                     {"automated", step.automated}});
  return steps;
}

}  // namespace rdha::dr
