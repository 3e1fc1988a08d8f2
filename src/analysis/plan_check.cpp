// check_plan and the text / JSON / SARIF renderings of a plan-check report
// (rdha/analysis/plan_check.hpp).
#include "rdha/analysis/plan_check.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "analysis/plan/plan_document.hpp"
#include "analysis/plan/plan_rules.hpp"
#include "analysis/plural.hpp"
#include "rdha/analysis/sarif.hpp"
#include "rdha/error.hpp"
#include "rdha/values/envelope.hpp"

namespace rdha::analysis {
namespace {

// A plan of the default stack is about 1 MiB; the cap stops a wrong path (/dev/zero, a
// disk image) from being read without end.
constexpr std::size_t kPlanSizeLimit = 512 * 1024 * 1024;

// Waived findings keep their severity; blocking ones come first, waived ones last.
int rank(const Finding& f) { return f.waived.empty() ? static_cast<int>(f.severity) : 3; }

// Waives the findings the waivers match; a waiver that matches none is itself a finding
// (RDHA-PLAN-006), which no waiver accepts.
void waive(const std::vector<Waiver>& waivers, std::vector<Finding>& findings) {
  for (const auto& waiver : apply_waivers(waivers, findings))
    findings.push_back({plan::kUnusedWaiver, Severity::warning, waiver.address,
                        "Waiver matches no finding of this plan.",
                        "The waiver (\"" + waiver.reason + "\") is stale or its address is misspelt; remove or correct "
                        "it so it cannot accept a later change unseen.",
                        "", WaiverOrigin::external});
}

std::vector<std::string> plan_rule_ids() {
  std::vector<std::string> ids;
  for (const auto& rule : plan_rules()) ids.push_back(rule.id);
  return ids;
}

const RuleInfo* plan_rule(const std::string& id) {
  for (const auto& rule : plan_rules())
    if (rule.id == id) return &rule;
  return nullptr;
}

}  // namespace

std::size_t PlanCheckReport::blocking() const noexcept {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(), [](const Finding& f) {
    return f.severity == Severity::error && f.waived.empty();
  }));
}

std::size_t PlanCheckReport::waived() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return !f.waived.empty(); }));
}

std::size_t PlanCheckReport::count(Severity severity) const noexcept {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(), [&](const Finding& f) {
    return f.severity == severity && f.waived.empty();
  }));
}

PlanCheckReport check_plan(const nlohmann::json& plan, const PlanCheckOptions& options, const std::string& source) {
  const plan::PlanDocument document = plan::read_plan(plan, source);
  PlanCheckReport report;
  report.source = source;
  report.terraform_version = document.terraform_version;
  for (const auto* changes : {&document.changes, &document.deposed})
    report.changes += static_cast<std::size_t>(
        std::count_if(changes->begin(), changes->end(), [](const auto& c) { return c.changes_something(); }));
  require_known_rules(options.waivers, plan_rule_ids(), "docs/plan-check.md");
  report.waivers = options.waivers;
  report.findings = plan::find_changes(document);
  waive(options.waivers, report.findings);
  std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    return std::make_tuple(rank(a), std::cref(a.rule_id), std::cref(a.address)) <
           std::make_tuple(rank(b), std::cref(b.rule_id), std::cref(b.address));
  });
  return report;
}

PlanCheckReport check_plan_file(const std::string& path, const PlanCheckOptions& options) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) throw PlanError::unreadable(path, "it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PlanError::unreadable(path, std::strerror(errno));
  std::ostringstream text;
  std::string chunk(1 << 16, '\0');
  std::size_t total = 0;
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    total += static_cast<std::size_t>(in.gcount());
    if (total > kPlanSizeLimit) throw PlanError::too_large(path, kPlanSizeLimit);
    text.write(chunk.data(), in.gcount());
  }
  if (in.bad()) throw PlanError::unreadable(path, std::strerror(errno));
  nlohmann::json plan;
  try {
    plan = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann's what(): "[json.exception.parse_error.101] parse error at line 1, column 1: <detail>"
    const std::string what = e.what();
    const auto at = what.find(" at ");
    throw PlanError::malformed_json(path, at == std::string::npos ? what : what.substr(at + 4));
  }
  return check_plan(plan, options, path);
}

std::string format_text(const PlanCheckReport& report) {
  std::ostringstream out;
  for (const auto& finding : report.findings) out << format_text(finding);
  out << "rdha plan-check: " << report.source << ": ";
  if (report.findings.empty())
    out << "no findings";
  else
    out << plural(report.blocking(), "blocking finding") << ", " << report.waived() << " waived, "
        << plural(report.count(Severity::warning), "warning");
  out << " (" << plural(report.changes, "resource change") << " checked)\n";
  return out.str();
}

nlohmann::json to_json(const PlanCheckReport& report) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& finding : report.findings) findings.push_back(to_json(finding, plan_rule(finding.rule_id)));
  nlohmann::json waivers = nlohmann::json::array();
  for (const auto& waiver : report.waivers) waivers.push_back(to_json(waiver));
  return {{"tool", tool_json()},
          {"plan", {{"source", report.source}, {"terraform_version", report.terraform_version}}},
          {"summary",
           {{"blocking", report.blocking()},
            {"waived", report.waived()},
            {"warnings", report.count(Severity::warning)},
            {"changes_checked", report.changes},
            {"passed", !report.blocked()}}},
          {"findings", std::move(findings)},
          {"waivers", std::move(waivers)}};
}

nlohmann::json to_sarif(const PlanCheckReport& report) {
  return sarif_log(plan_rules(), report.findings,
                   {{"plan", report.source}, {"terraform_version", report.terraform_version}});
}

}  // namespace rdha::analysis
