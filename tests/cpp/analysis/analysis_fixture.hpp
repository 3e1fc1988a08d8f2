// Helpers for the analysis tests: the default stack with handles, finding lookups, and a
// pinned "today" so engine-support findings do not depend on the clock.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rdha/analysis/check.hpp"
#include "rdha/stack/ha_stack.hpp"

namespace rdha::analysis::testing {

/// The date the task's engine-support facts are pinned to.
inline Date pinned_today() { return *Date::parse("2026-11-26"); }

inline CheckReport check(const Stack& stack, Date today = pinned_today()) {
  CheckOptions options;
  options.today = today;
  return run_checks(stack, options);
}

/// The findings of one rule.
inline std::vector<Finding> of_rule(const CheckReport& report, const std::string& id) {
  std::vector<Finding> out;
  for (const auto& finding : report.findings)
    if (finding.rule_id == id) out.push_back(finding);
  return out;
}

/// Text listing of findings for failure messages.
inline std::string listing(const CheckReport& report) {
  std::string out;
  for (const auto& f : report.findings)
    out += std::string(to_string(f.severity)) + " " + f.rule_id + " " + f.address + ": " + f.summary + "\n";
  return out;
}

/// True when the report holds a finding of @p id at @p severity on @p address.
inline bool has_finding(const CheckReport& report, const std::string& id, Severity severity, const std::string& address) {
  for (const auto& f : report.findings)
    if (f.rule_id == id && f.severity == severity && f.address == address) return true;
  return false;
}

/// The node at @p address of a stack (fails the test when missing).
inline ResourceHandle at(Stack& stack, const std::string& address) {
  auto handle = stack.find(address);
  EXPECT_TRUE(handle.has_value()) << address << " is not in the stack";
  return *handle;
}

}  // namespace rdha::analysis::testing
