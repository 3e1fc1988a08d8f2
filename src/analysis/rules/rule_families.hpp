// The built-in rule families, one file each; RuleRegistry::builtin() adds them in this
// order. Internal to src/analysis/rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "rdha/analysis/rule.hpp"

namespace rdha::analysis::detail {

void add_ha_rules(RuleRegistry& registry);               // ha_rules.cpp: RDHA-HA-*
void add_dr_rules(RuleRegistry& registry);               // dr_rules.cpp: RDHA-DR-*
void add_failover_rules(RuleRegistry& registry);         // failover_rules.cpp: RDHA-FO-*
void add_monitoring_rules(RuleRegistry& registry);       // monitoring_rules.cpp: RDHA-MON-*
void add_database_security_rules(RuleRegistry& registry);  // database_security_rules.cpp: RDHA-DB-*
void add_network_rules(RuleRegistry& registry);          // network_rules.cpp: RDHA-NET-*
void add_encryption_rules(RuleRegistry& registry);       // encryption_rules.cpp: RDHA-KMS-*
void add_iam_rules(RuleRegistry& registry);              // iam_rules.cpp: RDHA-IAM-*
void add_engine_support_rules(RuleRegistry& registry);   // engine_support.cpp: RDHA-ENG-*
void add_naming_rules(RuleRegistry& registry);           // naming_rules.cpp: RDHA-NAME-*
void add_state_rules(RuleRegistry& registry);            // state_rules.cpp: RDHA-STATE-*
void add_pipeline_rules(RuleRegistry& registry);         // pipeline_rules.cpp: RDHA-PIPE-*
void add_migration_rules(RuleRegistry& registry);        // migration_rules.cpp: RDHA-MIG-*

/// The literal value of parameter @p name in an aws_db_parameter_group ("" when set but not
/// literal, nullopt when absent); database_security_rules.cpp.
std::optional<std::string> parameter_value(const Resource& group, std::string_view name);

/// Shorthand for a scanner mapping list.
inline ScannerCheck checkov(std::string id) { return {"checkov", std::move(id)}; }
inline ScannerCheck trivy(std::string id) { return {"trivy", std::move(id)}; }

}  // namespace rdha::analysis::detail
