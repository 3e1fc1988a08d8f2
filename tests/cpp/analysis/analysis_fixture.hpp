// Helpers for the analysis tests: the default stack with handles, finding lookups, and a
// pinned "today" so engine-support findings do not depend on the clock.
#pragma once

#include <gtest/gtest.h>

#include <stdexcept>
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

/// The node at @p address of a stack; throws std::out_of_range when it is missing (the test
/// then fails on the exception instead of touching an empty handle).
inline ResourceHandle at(Stack& stack, const std::string& address) {
  auto handle = stack.find(address);
  if (!handle) throw std::out_of_range(address + " is not in the stack");
  return *handle;
}

/// A stack built by hand with one provider per region (us-east-1, and us-west-2 as "dr").
struct Small {
  Stack stack;
  ProviderRef east = stack.add_provider("aws", "us-east-1");
  ProviderRef west = stack.add_provider("aws", "us-west-2", "dr");
};

/// The step named @p name of an Automation document's mainSteps (throws when missing).
inline nlohmann::json& step_named(nlohmann::json& steps, const std::string& name) {
  for (auto& step : steps)
    if (step.value("name", "") == name) return step;
  throw std::out_of_range("no step " + name);
}

/// Edits the mainSteps of the SSM document at @p address (its content is template-form JSON
/// text: parsed, changed and written back with its references).
template <class Edit>
void edit_steps(Stack& stack, Edit edit, const std::string& address = "aws_ssm_document.region_failover") {
  auto document = at(stack, address);
  nlohmann::json content = nlohmann::json::parse(document.get("content")->get<std::string>());
  edit(content["mainSteps"]);
  document.set_json("content", content.dump(2));
}

/// Edits the statement blocks of the policy document data source at @p address.
template <class Edit>
void edit_statements(Stack& stack, const std::string& address, Edit edit) {
  auto document = at(stack, address);
  nlohmann::json statements = *document.get("statement");
  edit(statements);
  document.set_json("statement", statements);
}

/// The statement with sid @p sid of a list of statement blocks (throws when missing).
inline nlohmann::json& statement_with_sid(nlohmann::json& statements, const std::string& sid) {
  for (auto& statement : statements)
    if (statement.value("sid", "") == sid) return statement;
  throw std::out_of_range("no statement " + sid);
}

}  // namespace rdha::analysis::testing
