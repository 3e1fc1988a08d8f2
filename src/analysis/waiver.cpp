// Waivers of findings (rdha/analysis/waiver.hpp): matching, reading and reporting.
#include "rdha/analysis/waiver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "rdha/error.hpp"

namespace rdha::analysis {
namespace {

// A waiver file is a few kilobytes; the cap stops a wrong path (/dev/zero) from being read
// without end.
constexpr std::size_t kWaiverFileSizeLimit = 1024 * 1024;

// What a waivers file holds, for the messages about one that is not that.
constexpr const char* kWaiversFileShape = "a JSON list of {\"rule\", \"address\", \"reason\"} objects (docs/check.md)";

std::string read_capped(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SpecError::unreadable(path, std::strerror(errno));
  std::string text(kWaiverFileSizeLimit + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw SpecError::unreadable(path, std::strerror(errno));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kWaiverFileSizeLimit)
    throw SpecError::invalid({{path, fmt::format("is larger than {} KiB, which no waivers file is. Check the path (a "
                                                 "waivers file is {}).",
                                                 kWaiverFileSizeLimit / 1024, kWaiversFileShape)}});
  return text;
}

nlohmann::json parse(const std::string& text, const std::string& path) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i, ++column)
      if (text[i] == '\n') {
        ++line;
        column = 0;
      }
    const std::string what = e.what();
    const auto colon = what.find(": ", what.find("column "));
    // Not SpecError::malformed_json: its hint is about spec files.
    throw SpecError::invalid({{path, fmt::format("is not valid JSON at line {}, column {}: {}. A waivers file is {}.",
                                                 line, column, colon == std::string::npos ? what : what.substr(colon + 2),
                                                 kWaiversFileShape)}});
  }
}

// The string at @p key of @p item, or a problem naming "<path>.<key>".
std::string text_field(const nlohmann::json& item, const char* key, const std::string& path, bool required,
                       std::vector<Problem>& problems) {
  const auto found = item.find(key);
  if (found == item.end()) {
    if (required) problems.push_back({path + "." + key, "is required."});
    return {};
  }
  if (!found->is_string()) {
    problems.push_back({path + "." + key, fmt::format("must be a string, not {}.", found->dump())});
    return {};
  }
  return found->get<std::string>();
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

bool address_matches(std::string_view pattern, std::string_view address) {
  if (pattern.empty()) return true;
  // Greedy glob with backtracking to the last '*': linear in practice for addresses.
  std::size_t p = 0, a = 0, star = std::string_view::npos, resume = 0;
  while (a < address.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = a;
    } else if (p < pattern.size() && pattern[p] == address[a]) {
      ++p;
      ++a;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      a = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool Waiver::matches(const Finding& finding) const {
  return (rule.empty() || finding.rule_id == rule) &&
         (glob ? address_matches(address, finding.address) : address == finding.address);
}

std::vector<Waiver> waivers_from_json(const nlohmann::json& list, const std::string& field, WaiverOrigin origin) {
  if (!list.is_array())
    throw SpecError::invalid({{field, fmt::format("must be a list of {{\"rule\", \"address\", \"reason\"}} objects, "
                                                  "not {}.",
                                                  list.dump())}});
  std::vector<Waiver> waivers;
  std::vector<Problem> problems;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = fmt::format("{}[{}]", field, i);
    const auto& item = list[i];
    if (!item.is_object()) {
      problems.push_back({path, fmt::format("must be an object {{\"rule\", \"address\", \"reason\"}}, not {}.",
                                            item.dump())});
      continue;
    }
    for (const auto& [key, value] : item.items())
      if (key != "rule" && key != "address" && key != "reason")
        problems.push_back({path + "." + key, "is not a waiver key; a waiver has rule, address and reason."});
    Waiver waiver{text_field(item, "address", path, false, problems), text_field(item, "reason", path, true, problems),
                  text_field(item, "rule", path, true, problems), origin, path};
    if (item.contains("rule") && item["rule"].is_string() && waiver.rule.empty())
      problems.push_back({path + ".rule", "is empty; name the rule the waiver accepts (rdha check lists rule IDs)."});
    if (item.contains("reason") && item["reason"].is_string() && blank(waiver.reason))
      problems.push_back({path + ".reason", "is empty; say why the findings are accepted (it is echoed with them)."});
    waivers.push_back(std::move(waiver));
  }
  if (!problems.empty()) throw SpecError::invalid(std::move(problems));
  return waivers;
}

std::vector<Waiver> read_waivers_file(const std::string& path) {
  return waivers_from_json(parse(read_capped(path), path), path, WaiverOrigin::external);
}

void require_known_rules(const std::vector<Waiver>& waivers, const std::vector<std::string>& rule_ids,
                         std::string_view rule_list) {
  for (const auto& waiver : waivers)
    if (!waiver.rule.empty() && std::find(rule_ids.begin(), rule_ids.end(), waiver.rule) == rule_ids.end())
      throw SpecError::unknown_rule(waiver.source + ".rule", waiver.rule, nearest_matches(waiver.rule, rule_ids, 3),
                                     rule_list);
}

std::vector<Waiver> apply_waivers(const std::vector<Waiver>& waivers, std::vector<Finding>& findings) {
  std::vector<Waiver> unmatched;
  for (const auto& waiver : waivers) {
    bool matched = false;
    for (auto& finding : findings) {
      if (!waiver.matches(finding)) continue;
      matched = true;
      if (!finding.waived.empty()) continue;  // the first matching waiver speaks for it
      finding.waived = waiver.reason;
      finding.waived_by = waiver.origin;
    }
    if (!matched) unmatched.push_back(waiver);
  }
  return unmatched;
}

nlohmann::json to_json(const Waiver& waiver) {
  return {{"rule", waiver.rule},
          {"address", waiver.address},
          {"reason", waiver.reason},
          {"origin", waiver.origin == WaiverOrigin::in_source ? "in_source" : "external"},
          {"source", waiver.source}};
}

std::string unmatched_warning(const Waiver& waiver) {
  return fmt::format("waiver {} ({} at {}) matches no finding; remove it or correct its rule or address",
                     waiver.source, waiver.rule.empty() ? "any rule" : waiver.rule,
                     waiver.address.empty() ? "any address" : waiver.address);
}

}  // namespace rdha::analysis
