// Text and JSON of one finding (rdha/analysis/finding.hpp), shared by the reports of
// `rdha check` and `rdha plan-check`.
#include "rdha/analysis/finding.hpp"

#include <sstream>

namespace rdha::analysis {

std::string format_text(const Finding& finding) {
  std::ostringstream out;
  std::string level(to_string(finding.severity));
  level.resize(8, ' ');
  out << level << finding.rule_id << "  " << finding.address << "\n";
  out << "        " << finding.summary << "\n";
  out << "        " << finding.detail << "\n";
  if (!finding.waived.empty()) out << "        waived: " << finding.waived << "\n";
  out << "\n";
  return out.str();
}

nlohmann::json to_json(const Finding& finding, const RuleInfo* rule) {
  nlohmann::json item = {{"rule_id", finding.rule_id},
                         {"severity", std::string(to_string(finding.severity))},
                         {"address", finding.address},
                         {"summary", finding.summary},
                         {"detail", finding.detail}};
  nlohmann::json scanners = nlohmann::json::array();
  if (rule != nullptr) {
    item["title"] = rule->title;
    item["category"] = rule->category;
    for (const auto& scanner : rule->scanners) scanners.push_back({{"scanner", scanner.scanner}, {"id", scanner.id}});
  }
  item["scanners"] = std::move(scanners);
  if (!finding.waived.empty()) item["waived"] = finding.waived;
  return item;
}

}  // namespace rdha::analysis
