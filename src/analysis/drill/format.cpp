// Text and JSON renderings of a drill report (rdha/analysis/drill.hpp).
#include <sstream>

#include "rdha/analysis/drill.hpp"

namespace rdha::analysis {
namespace {

nlohmann::json range_json(const std::optional<SecondsRange>& range) {
  if (!range) return nullptr;
  return {{"min", range->min}, {"max", range->max}};
}

nlohmann::json role_json(const DbRoleOutcome& role) {
  return {{"address", role.address},   {"role", role.role},
          {"identifier", role.identifier}, {"region", role.region},
          {"availability_zone", role.availability_zone}, {"outcome", role.outcome},
          {"note", role.note}};
}

nlohmann::json notes_json(const std::vector<ResourceNote>& notes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& note : notes) out.push_back({{"address", note.address}, {"note", note.note}});
  return out;
}

std::string range_text(const std::optional<SecondsRange>& range) {
  if (!range) return "not bounded";
  if (range->min == range->max) return std::to_string(range->min) + " s";
  return std::to_string(range->min) + "-" + std::to_string(range->max) + " s";
}

void roles_text(std::ostringstream& out, const char* heading, const std::vector<DbRoleOutcome>& roles) {
  out << heading << ":\n";
  if (roles.empty()) out << "  (none)\n";
  for (const auto& role : roles) {
    out << "  " << role.role << "  " << role.address;
    if (!role.identifier.empty()) out << " (" << role.identifier << ")";
    out << "  [" << role.outcome << "]\n    " << role.note << "\n";
  }
}

}  // namespace

nlohmann::json to_json(const DrillReport& report) {
  nlohmann::json lost = nlohmann::json::array();
  for (const auto& role : report.lost) lost.push_back(role_json(role));
  nlohmann::json surviving = nlohmann::json::array();
  for (const auto& role : report.surviving) surviving.push_back(role_json(role));
  nlohmann::json automatic = nlohmann::json::array();
  for (const auto& action : report.automatic_actions)
    automatic.push_back({{"target", action.target},
                         {"action", action.action},
                         {"description", action.description},
                         {"seconds", range_json(action.seconds)}});
  return {{"scenario",
           {{"kind", report.scenario.kind == FailureDomain::Kind::region ? "region" : "az"},
            {"name", report.scenario.name},
            {"region", report.region}}},
          {"affected_resources", report.affected_resources},
          {"lost", std::move(lost)},
          {"surviving", std::move(surviving)},
          {"degraded", notes_json(report.degraded)},
          {"automatic_actions", std::move(automatic)},
          {"promotion_target", report.promotion_target ? nlohmann::json(*report.promotion_target) : nlohmann::json()},
          {"total_outage", report.total_outage},
          {"recovery_assets", notes_json(report.recovery_assets)},
          {"manual_steps", to_json(report.runbook)},
          {"rto_seconds", range_json(report.rto_seconds)},
          {"rto", report.rto},
          {"rpo_seconds", range_json(report.rpo_seconds)},
          {"rpo", report.rpo},
          {"assumptions", report.assumptions},
          {"warnings", report.warnings}};
}

std::string format_text(const DrillReport& report) {
  std::ostringstream out;
  out << "rdha drill: loss of " << report.scenario.str() << " (region " << report.region << ")\n";
  if (report.total_outage) out << "\nTOTAL OUTAGE: no database role survives and none can be promoted.\n";
  out << "\n";
  roles_text(out, "Lost", report.lost);
  roles_text(out, "Surviving", report.surviving);
  if (report.promotion_target) out << "Promotion target: " << *report.promotion_target << "\n";
  if (!report.automatic_actions.empty()) {
    out << "Automatic:\n";
    for (const auto& action : report.automatic_actions)
      out << "  " << action.action << "  " << action.target
          << (action.seconds ? " (" + range_text(action.seconds) + ")" : "") << "\n    " << action.description << "\n";
  }
  if (!report.degraded.empty()) {
    out << "Degraded:\n";
    for (const auto& note : report.degraded) out << "  " << note.address << "\n    " << note.note << "\n";
  }
  if (!report.recovery_assets.empty()) {
    out << "Recovery assets:\n";
    for (const auto& note : report.recovery_assets) out << "  " << note.address << "\n    " << note.note << "\n";
  }
  out << "\nRTO: " << range_text(report.rto_seconds) << " — " << report.rto << "\n";
  out << "RPO: " << range_text(report.rpo_seconds) << " — " << report.rpo << "\n";
  if (!report.assumptions.empty()) {
    out << "Assumptions:\n";
    for (const auto& assumption : report.assumptions) out << "  - " << assumption << "\n";
  }
  if (!report.warnings.empty()) {
    out << "Warnings:\n";
    for (const auto& warning : report.warnings) out << "  ! " << warning << "\n";
  }
  out << "\n" << format_text(report.runbook);
  out << "\n(affected resources: " << report.affected_resources.size() << ")\n";
  return out.str();
}

}  // namespace rdha::analysis
