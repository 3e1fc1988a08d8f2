// run_checks and the text / JSON renderings of a check report (rdha/analysis/check.hpp).
#include "rdha/analysis/check.hpp"

#include <algorithm>
#include <sstream>

#include "analysis/plural.hpp"
#include "rdha/error.hpp"
#include "rdha/version.hpp"

namespace rdha::analysis {

std::size_t CheckReport::count(Severity severity) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity == severity; }));
}

bool CheckReport::failed() const noexcept {
  return fail_on && std::any_of(findings.begin(), findings.end(),
                                [&](const Finding& f) { return f.severity <= *fail_on; });  // error < warning < info
}

namespace {

void require_known_rules(const std::vector<std::string>& ids, const RuleRegistry& registry) {
  std::vector<std::string> known;
  for (const auto& rule : registry.rules()) known.push_back(rule.info.id);
  for (const auto& id : ids)
    if (registry.find(id) == nullptr) throw SpecError::unknown_rule(id, nearest_matches(id, known, 3));
}

}  // namespace

CheckReport run_checks(const Stack& stack, const CheckOptions& options, const RuleRegistry& registry) {
  require_known_rules(options.skip, registry);
  CheckReport report;
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
  std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.severity, a.rule_id, a.address) < std::tie(b.severity, b.rule_id, b.address);
  });
  // A rule may reach the same conclusion twice through different paths.
  report.findings.erase(std::unique(report.findings.begin(), report.findings.end()), report.findings.end());
  return report;
}

std::string format_text(const CheckReport& report) {
  std::ostringstream out;
  for (const auto& finding : report.findings) out << format_text(finding);
  const std::size_t errors = report.count(Severity::error);
  const std::size_t warnings = report.count(Severity::warning);
  const std::size_t infos = report.count(Severity::info);
  out << "rdha check: ";
  if (report.findings.empty())
    out << "no findings";
  else
    out << plural(errors, "error") << ", " << plural(warnings, "warning") << ", " << infos << " info";
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
  return {{"tool", {{"name", "rdha"}, {"version", std::string(rdha::version())}}},
          {"today", report.today.str()},
          {"summary",
           {{"errors", report.count(Severity::error)},
            {"warnings", report.count(Severity::warning)},
            {"info", report.count(Severity::info)},
            {"rules_run", report.rules_run},
            {"skipped", report.skipped},
            {"fail_on", report.fail_on ? std::string(to_string(*report.fail_on)) : "never"},
            {"passed", !report.failed()}}},
          {"findings", std::move(findings)}};
}

}  // namespace rdha::analysis
