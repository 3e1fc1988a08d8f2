// Rule registry and finding sink (rdha/analysis/rule.hpp); builtin() assembles the rule
// families defined in the other files of src/analysis.
#include "rdha/analysis/rule.hpp"

#include "analysis/rules/rule_families.hpp"
#include "rdha/error.hpp"

namespace rdha::analysis {

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "error";
}

void FindingSink::report(std::string address, std::string summary, std::string detail) {
  report(rule_->severity, std::move(address), std::move(summary), std::move(detail));
}

void FindingSink::report(Severity severity, std::string address, std::string summary, std::string detail) {
  out_->push_back(Finding{rule_->id, severity, std::move(address), std::move(summary), std::move(detail), ""});
}

void RuleRegistry::add(Rule rule) {
  if (find(rule.info.id) != nullptr)
    throw GraphError("duplicate_rule", rule.info.id,
                     "a rule with ID \"" + rule.info.id + "\" is already registered. Give the rule a unique ID.");
  rules_.push_back(std::move(rule));
}

const Rule* RuleRegistry::find(std::string_view id) const {
  for (const auto& rule : rules_)
    if (rule.info.id == id) return &rule;
  return nullptr;
}

int RuleRegistry::index_of(std::string_view id) const {
  for (std::size_t i = 0; i < rules_.size(); ++i)
    if (rules_[i].info.id == id) return static_cast<int>(i);
  return -1;
}

const RuleRegistry& RuleRegistry::builtin() {
  static const RuleRegistry registry = [] {
    RuleRegistry r;
    detail::add_ha_rules(r);
    detail::add_dr_rules(r);
    detail::add_failover_rules(r);
    detail::add_monitoring_rules(r);
    detail::add_database_security_rules(r);
    detail::add_network_rules(r);
    detail::add_encryption_rules(r);
    detail::add_iam_rules(r);
    detail::add_engine_support_rules(r);
    detail::add_naming_rules(r);
    detail::add_state_rules(r);
    detail::add_pipeline_rules(r);
    detail::add_migration_rules(r);
    return r;
  }();
  return registry;
}

}  // namespace rdha::analysis
