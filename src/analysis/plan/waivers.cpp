// Waivers of plan-check findings: "ADDRESS:REASON" on the command line, "ADDRESS REASON"
// per line of a file (rdha/analysis/plan_check.hpp).
#include <cerrno>
#include <cstring>
#include <fstream>

#include "rdha/analysis/plan_check.hpp"
#include "rdha/error.hpp"

namespace rdha::analysis {
namespace {

// Position of the first @p separator outside [...] (an index key like ["a:b"] may hold one).
std::size_t split_at(std::string_view text, bool (*is_separator)(char)) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[') ++depth;
    if (text[i] == ']' && depth > 0) --depth;
    if (depth == 0 && is_separator(text[i])) return i;
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

bool plan_rule_known(const std::string& id) {
  for (const auto& rule : plan_rules())
    if (rule.id == id) return true;
  return false;
}

Waiver split(std::string_view text, const std::string& source, bool (*is_separator)(char)) {
  const std::size_t at = split_at(text, is_separator);
  if (at == std::string_view::npos) throw PlanError::bad_waiver(source, std::string(text), "has no reason");
  Waiver waiver{std::string(trim(text.substr(0, at))), std::string(trim(text.substr(at + 1))), "",
                WaiverOrigin::external, source, /*glob=*/false};
  if (const auto hash = waiver.address.rfind('#'); hash != std::string::npos) {
    waiver.rule = waiver.address.substr(hash + 1);
    waiver.address.resize(hash);
    if (!plan_rule_known(waiver.rule))
      throw PlanError::bad_waiver(source, std::string(text), "names the rule \"" + waiver.rule +
                                                                 "\", which is not a plan-check rule");
  }
  if (waiver.address.empty()) throw PlanError::bad_waiver(source, std::string(text), "has no address");
  if (waiver.reason.empty()) throw PlanError::bad_waiver(source, std::string(text), "has an empty reason");
  return waiver;
}

}  // namespace

Waiver parse_waiver(std::string_view text, const std::string& source) {
  return split(text, source, [](char c) { return c == ':'; });
}

std::vector<Waiver> read_waiver_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw PlanError::unreadable(path, std::strerror(errno));
  std::vector<Waiver> out;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const auto text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    out.push_back(split(text, path + ":" + std::to_string(number), [](char c) { return c == ' ' || c == '\t'; }));
  }
  if (in.bad()) throw PlanError::unreadable(path, std::strerror(errno));
  return out;
}

}  // namespace rdha::analysis
