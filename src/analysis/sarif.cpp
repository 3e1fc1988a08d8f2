// SARIF 2.1.0 rendering of findings (rdha/analysis/sarif.hpp).
#include "rdha/analysis/sarif.hpp"

#include <map>
#include <string>

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

namespace {

nlohmann::json rule_descriptor(const RuleInfo& info) {
  nlohmann::json tags = nlohmann::json::array({"rdha", info.category});
  nlohmann::json scanners = nlohmann::json::array();
  for (const auto& scanner : info.scanners) {
    scanners.push_back({{"scanner", scanner.scanner}, {"id", scanner.id}});
    tags.push_back(scanner.scanner + ":" + scanner.id);
  }
  return {{"id", info.id},
          {"name", info.name},
          {"shortDescription", {{"text", info.title}}},
          {"fullDescription", {{"text", info.description}}},
          {"help", {{"text", info.help}, {"markdown", "**" + info.title + "**\n\n" + info.help}}},
          {"defaultConfiguration", {{"level", std::string(sarif_level(info.severity))}}},
          {"properties", {{"category", info.category}, {"tags", tags}, {"scanners", scanners}}}};
}

// Rules turned off for this run, the SARIF way: the invocation's ruleConfigurationOverrides
// (SARIF 2.1.0 §3.20.5), each a configurationOverride (§3.51) whose reportingConfiguration
// has enabled false (§3.50.2) and whose descriptor references the rule by ID and index
// (§3.52); executionSuccessful (§3.20.14) is required in an invocation. The rules stay in
// tool.driver.rules, without results. GitHub code scanning accepts the schema-valid log
// ("SARIF support for code scanning",
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning;
// the standard: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html).
nlohmann::json invocation_disabling(const std::vector<RuleInfo>& rules, const std::vector<std::string>& disabled) {
  nlohmann::json overrides = nlohmann::json::array();
  for (const auto& id : disabled) {
    nlohmann::json descriptor = {{"id", id}};
    for (std::size_t i = 0; i < rules.size(); ++i)
      if (rules[i].id == id) descriptor["index"] = i;
    overrides.push_back({{"descriptor", std::move(descriptor)}, {"configuration", {{"enabled", false}}}});
  }
  return {{"executionSuccessful", true}, {"ruleConfigurationOverrides", std::move(overrides)}};
}

// The location of @p address: its own entry, its longest listed prefix, or the "" entry.
const SourceLocation* location_of(const SourceLocations& locations, std::string address) {
  for (;;) {
    if (const auto it = locations.find(address); it != locations.end()) return &it->second;
    const auto dot = address.rfind('.');
    if (dot == std::string::npos) break;
    address.resize(dot);
  }
  const auto fallback = locations.find("");
  return fallback == locations.end() ? nullptr : &fallback->second;
}

// SARIF 2.1.0 §3.28 (physicalLocation: artifactLocation with a uri relative to the
// %SRCROOT% base, region.startLine); GitHub code scanning requires it ("SARIF support for
// code scanning", https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning:
// "locations[].physicalLocation").
nlohmann::json locations_json(const Finding& finding, const SourceLocations& locations) {
  nlohmann::json location = {{"logicalLocations", nlohmann::json::array({{{"fullyQualifiedName", finding.address},
                                                                          {"name", finding.address},
                                                                          {"kind", "resource"}}})}};
  if (const SourceLocation* at = location_of(locations, finding.address))
    location["physicalLocation"] = {{"artifactLocation", {{"uri", at->uri}, {"uriBaseId", "%SRCROOT%"}}},
                                    {"region", {{"startLine", at->line}}}};
  return nlohmann::json::array({std::move(location)});
}

}  // namespace

nlohmann::json sarif_log(const std::vector<RuleInfo>& rules, const std::vector<Finding>& findings,
                         nlohmann::json run_properties, const std::vector<std::string>& disabled_rules,
                         const SourceLocations& locations) {
  using nlohmann::json;
  json descriptors = json::array();
  for (const auto& info : rules) descriptors.push_back(rule_descriptor(info));

  json results = json::array();
  std::map<std::string, int> rank;  // findings so far per rule and address
  for (const auto& finding : findings) {
    const std::string key = finding.rule_id + ":" + finding.address;
    json result = {{"ruleId", finding.rule_id},
                   {"level", std::string(sarif_level(finding.severity))},
                   {"message", {{"text", finding.summary + " " + finding.detail}}},
                   {"locations", locations_json(finding, locations)},
                   {"partialFingerprints", {{"rdhaFinding/v2", key + ":" + std::to_string(rank[key]++)}}}};
    for (std::size_t i = 0; i < rules.size(); ++i)
      if (rules[i].id == finding.rule_id) result["ruleIndex"] = i;
    // SARIF's own way to say "reviewed and accepted": the result stays, marked suppressed
    // (§3.35: kind "inSource" for a waiver in the spec, "external" for one outside it).
    if (!finding.waived.empty())
      result["suppressions"] = json::array(
          {{{"kind", finding.waived_by == WaiverOrigin::in_source ? "inSource" : "external"},
            {"status", "accepted"},
            {"justification", finding.waived}}});
    results.push_back(std::move(result));
  }

  json run = {{"tool",
               {{"driver",
                 {{"name", "rdha"},
                  {"version", std::string(rdha::version())},
                  {"semanticVersion", std::string(rdha::version())},
                  {"rules", std::move(descriptors)}}}}},
              {"results", std::move(results)},
              {"properties", std::move(run_properties)}};
  if (!disabled_rules.empty()) run["invocations"] = json::array({invocation_disabling(rules, disabled_rules)});
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", {run}}};
}

nlohmann::json to_sarif(const CheckReport& report, const RuleRegistry& registry, const SourceLocations& locations) {
  std::vector<RuleInfo> rules;
  for (const auto& rule : registry.rules()) rules.push_back(rule.info);
  nlohmann::json unmatched = nlohmann::json::array();
  for (const auto& waiver : report.unmatched_waivers) unmatched.push_back(to_json(waiver));
  return sarif_log(rules, report.findings, {{"today", report.today.str()}, {"unmatched_waivers", std::move(unmatched)}},
                   report.skipped, locations);
}

}  // namespace rdha::analysis
