// run_checks and the text / JSON renderings of a check report (rdha/analysis/check.hpp).
#include "rdha/analysis/check.hpp"

#include <algorithm>
#include <sstream>

#include "analysis/plural.hpp"
#include "rdha/error.hpp"
#include "rdha/values/envelope.hpp"

namespace rdha::analysis {

std::size_t CheckReport::count(Severity severity) const noexcept {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(), [&](const Finding& f) {
    return f.severity == severity && f.waived.empty();
  }));
}

std::size_t CheckReport::waived() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return !f.waived.empty(); }));
}

bool CheckReport::failed() const noexcept {
  return fail_on && std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
           return f.waived.empty() && f.severity <= *fail_on;  // error < warning < info
         });
}

namespace {

std::vector<std::string> rule_ids(const RuleRegistry& registry) {
  std::vector<std::string> ids;
  for (const auto& rule : registry.rules()) ids.push_back(rule.info.id);
  return ids;
}

}  // namespace

CheckReport run_checks(const Stack& stack, const CheckOptions& options, const RuleRegistry& registry) {
  const auto known = rule_ids(registry);
  for (const auto& id : options.skip)
    if (registry.find(id) == nullptr) throw SpecError::unknown_rule("skip", id, nearest_matches(id, known, 3));
  require_known_rules(options.waivers, known);
  CheckReport report;
  report.waivers = options.waivers;
  report.today = options.today.value_or(Date::today_utc());
  report.fail_on = options.fail_on;
  const CheckContext context{stack, report.today, options};
  for (const auto& rule : registry.rules()) {
    if (std::find(options.skip.begin(), options.skip.end(), rule.info.id) != options.skip.end()) {
      report.skipped.push_back(rule.info.id);
      continue;
    }
    FindingSink sink(rule.info, report.findings);
    rule.check(context, sink);
    ++report.rules_run;
  }
  // A rule may reach the same conclusion twice through different paths.
  const auto by_rank = [](const Finding& a, const Finding& b) {
    return std::tie(a.severity, a.rule_id, a.address) < std::tie(b.severity, b.rule_id, b.address);
  };
  std::stable_sort(report.findings.begin(), report.findings.end(), by_rank);
  report.findings.erase(std::unique(report.findings.begin(), report.findings.end()), report.findings.end());
  report.unmatched_waivers = apply_waivers(options.waivers, report.findings);
  std::stable_partition(report.findings.begin(), report.findings.end(),
                        [](const Finding& f) { return f.waived.empty(); });  // waived ones last
  return report;
}

std::string format_text(const CheckReport& report) {
  std::ostringstream out;
  for (const auto& finding : report.findings) out << format_text(finding);
  for (const auto& waiver : report.unmatched_waivers) out << "warning: " << unmatched_warning(waiver) << "\n";
  const std::size_t errors = report.count(Severity::error);
  const std::size_t warnings = report.count(Severity::warning);
  const std::size_t infos = report.count(Severity::info);
  out << "rdha check: ";
  if (report.findings.empty())
    out << "no findings";
  else
    out << plural(errors, "error") << ", " << plural(warnings, "warning") << ", " << infos << " info";
  if (report.waived() > 0) out << ", " << report.waived() << " waived";
  out << " (" << plural(report.rules_run, "rule");
  if (!report.skipped.empty()) out << ", " << report.skipped.size() << " skipped";
  out << ", engine support as of " << report.today.str() << ")\n";
  return out.str();
}

nlohmann::json to_json(const CheckReport& report, const RuleRegistry& registry) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& finding : report.findings) {
    const Rule* rule = registry.find(finding.rule_id);
    findings.push_back(to_json(finding, rule != nullptr ? &rule->info : nullptr));
  }
  nlohmann::json waivers = nlohmann::json::array();
  for (const auto& waiver : report.waivers) waivers.push_back(to_json(waiver));
  nlohmann::json unmatched = nlohmann::json::array();
  for (const auto& waiver : report.unmatched_waivers) unmatched.push_back(to_json(waiver));
  return {{"tool", tool_json()},
          {"today", report.today.str()},
          {"summary",
           {{"errors", report.count(Severity::error)},
            {"warnings", report.count(Severity::warning)},
            {"info", report.count(Severity::info)},
            {"rules_run", report.rules_run},
            {"skipped", report.skipped},
            {"waived", report.waived()},
            {"fail_on", report.fail_on ? std::string(to_string(*report.fail_on)) : "never"},
            {"passed", !report.failed()}}},
          {"findings", std::move(findings)},
          {"waivers", std::move(waivers)},
          {"unmatched_waivers", std::move(unmatched)}};
}

}  // namespace rdha::analysis
