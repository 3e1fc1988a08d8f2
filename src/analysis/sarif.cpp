// SARIF 2.1.0 rendering of a check report (rdha/analysis/sarif.hpp).
#include "rdha/analysis/sarif.hpp"

#include "rdha/version.hpp"

namespace rdha::analysis {

std::string_view sarif_level(Severity severity) noexcept {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "note";
  }
  return "error";
}

nlohmann::json to_sarif(const CheckReport& report, const RuleRegistry& registry) {
  using nlohmann::json;
  json rules = json::array();
  for (const auto& rule : registry.rules()) {
    const RuleInfo& info = rule.info;
    json tags = json::array({"rdha", info.category});
    json scanners = json::array();
    for (const auto& scanner : info.scanners) {
      scanners.push_back({{"scanner", scanner.scanner}, {"id", scanner.id}});
      tags.push_back(scanner.scanner + ":" + scanner.id);
    }
    rules.push_back({{"id", info.id},
                     {"name", info.name},
                     {"shortDescription", {{"text", info.title}}},
                     {"fullDescription", {{"text", info.description}}},
                     {"help", {{"text", info.help}, {"markdown", "**" + info.title + "**\n\n" + info.help}}},
                     {"defaultConfiguration", {{"level", std::string(sarif_level(info.severity))}}},
                     {"properties", {{"category", info.category}, {"tags", tags}, {"scanners", scanners}}}});
  }

  json results = json::array();
  for (const auto& finding : report.findings) {
    json result = {{"ruleId", finding.rule_id},
                   {"level", std::string(sarif_level(finding.severity))},
                   {"message", {{"text", finding.summary + " " + finding.detail}}},
                   {"locations",
                    json::array({{{"logicalLocations",
                                   json::array({{{"fullyQualifiedName", finding.address},
                                                 {"name", finding.address},
                                                 {"kind", "resource"}}})}}})},
                   {"partialFingerprints", {{"rdhaFinding/v1", finding.rule_id + ":" + finding.address + ":" + finding.summary}}}};
    const int index = registry.index_of(finding.rule_id);
    if (index >= 0) result["ruleIndex"] = index;
    results.push_back(std::move(result));
  }

  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs",
           json::array({{{"tool",
                          {{"driver",
                            {{"name", "rdha"},
                             {"version", std::string(rdha::version())},
                             {"semanticVersion", std::string(rdha::version())},
                             {"rules", std::move(rules)}}}}},
                         {"results", std::move(results)},
                         {"properties", {{"today", report.today.str()}}}}})}};
}

}  // namespace rdha::analysis
