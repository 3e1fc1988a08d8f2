// Database security baseline (RDHA-DB-*): settings every DB instance — replicas
// included — sets explicitly, and the parameter group that enforces SSL and logging.
#include <algorithm>
#include <set>

#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"
#include "dr/db_topology.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;
using namespace rdha::dr::detail;

// parameter_value (rule_families.hpp).
std::optional<std::string> parameter_value(const Resource& group, std::string_view name) {
  const Json* parameters = arg(group, "parameter");
  if (parameters == nullptr) return std::nullopt;
  const Json list = parameters->is_array() ? *parameters : Json::array({*parameters});
  for (const auto& parameter : list) {
    if (!parameter.is_object() || !parameter.contains("name")) continue;
    if (literal_string(&parameter["name"]).value_or("") != name) continue;
    if (!parameter.contains("value")) return std::string();
    if (parameter["value"].is_number()) return parameter["value"].dump();
    return literal_string(&parameter["value"]).value_or("");
  }
  return std::nullopt;
}

namespace {

// Runs @p check on every DB instance.
template <class F>
auto each_instance(F check) {
  return [check](const CheckContext& context, FindingSink& sink) {
    for (const auto& node : db_topology(context.stack).nodes)
      check(context, node, context.stack.resource(node.index), sink);
  };
}

void storage_encrypted(const CheckContext&, const DbNode& node, const Resource& db, FindingSink& sink) {
  const auto encrypted = literal_bool(arg(db, "storage_encrypted"));
  if (encrypted == true) return;
  // A replica with its own key is encrypted (a cross-region replica ignores storage_encrypted).
  if (node.is_replica && arg(db, "kms_key_id") != nullptr && encrypted != false) return;
  sink.report(node.address,
              encrypted == false ? "Storage is not encrypted (storage_encrypted = false)."
                                 : "storage_encrypted is not set: storage is not encrypted.",
              "Unencrypted storage exposes the data, its snapshots and its replicas at rest, and encryption "
              "cannot be turned on later without a snapshot-and-restore. Set storage_encrypted = true and kms_key_id "
              "to a customer-managed key.");
}

void storage_cmk(const CheckContext& context, const DbNode& node, const Resource& db, FindingSink& sink) {
  if (literal_bool(arg(db, "storage_encrypted")) == false) return;  // RDHA-DB-001
  // A same-region replica without kms_key_id is encrypted with its source's key.
  const Resource* keyed = &db;
  const DbTopology topology = db_topology(context.stack);
  for (auto cursor = topology.node_of(node.index); cursor && arg(*keyed, "kms_key_id") == nullptr;) {
    const DbNode& current = topology.nodes[*cursor];
    if (!current.source || topology.nodes[*current.source].region != current.region) break;
    cursor = current.source;
    keyed = &context.stack.resource(topology.nodes[*cursor].index);
  }
  if (is_customer_managed_key(context.stack, arg(*keyed, "kms_key_id"))) return;
  if (keyed != &db && arg(*keyed, "kms_key_id") == nullptr && literal_bool(arg(*keyed, "storage_encrypted")) != true)
    return;  // the source is unencrypted: RDHA-DB-001 reports it there
  sink.report(node.address,
              arg(*keyed, "kms_key_id") == nullptr
                  ? (keyed == &db ? "kms_key_id is not set: storage uses the AWS-managed aws/rds key."
                                  : "It inherits " + keyed->address.str() + "'s AWS-managed aws/rds key.")
                  : "kms_key_id names an AWS-managed key.",
              "With the AWS-managed key, key use cannot be restricted or audited per application and snapshots "
              "cannot be shared across accounts. Set kms_key_id to a customer-managed key (the multi-Region key "
              "in the primary region, its replica key in the DR region).");
}

void not_public(const CheckContext&, const DbNode& node, const Resource& db, FindingSink& sink) {
  const auto value = literal_bool(arg(db, "publicly_accessible"));
  if (value == false) return;
  if (value == true) {
    sink.report(node.address, "The instance is publicly accessible.",
                "A public endpoint resolves to a public IP reachable from the internet wherever the security "
                "group allows. Set publicly_accessible = false and reach the database from the application tier "
                "inside the VPC.");
    return;
  }
  sink.report(Severity::warning, node.address, "publicly_accessible is not set explicitly.",
              "The provider default (false) is safe today, but the intent belongs in the configuration. Set "
              "publicly_accessible = false.");
}

void enhanced_monitoring(const CheckContext&, const DbNode& node, const Resource& db, FindingSink& sink) {
  const auto interval = literal_number(arg(db, "monitoring_interval"));
  const bool role = arg(db, "monitoring_role_arn") != nullptr;
  if (interval && *interval > 0 && role) return;
  if (!interval && arg(db, "monitoring_interval") != nullptr && role) return;  // an expression
  sink.report(node.address,
              !interval || *interval == 0 ? "Enhanced Monitoring is off." : "Enhanced Monitoring has no monitoring_role_arn.",
              "Enhanced Monitoring shows OS-level CPU, memory and I/O per process, what an incident needs beyond "
              "CloudWatch's hypervisor metrics. Set monitoring_interval = 60 (or finer) and monitoring_role_arn to a "
              "role with AmazonRDSEnhancedMonitoringRole.");
}

void log_exports(const CheckContext&, const DbNode& node, const Resource& db, FindingSink& sink) {
  const auto exports = literal_strings(arg(db, "enabled_cloudwatch_logs_exports"));
  const bool postgres = node.engine.empty() || node.engine.starts_with("postgres");
  const std::string wanted = postgres ? "postgresql" : "";
  bool ok = !exports.empty();
  if (postgres) ok = std::find(exports.begin(), exports.end(), wanted) != exports.end();
  if (ok) return;
  sink.report(node.address, "The database log is not exported to CloudWatch Logs.",
              "Without exports the PostgreSQL log (errors, slow queries, connections) lives only on the instance "
              "and is lost with it. Set enabled_cloudwatch_logs_exports = [\"postgresql\", \"upgrade\"].");
}

// True when the secret value @p text (literal JSON, or a jsonencode({...}) template) has
// the top-level key @p key. For a template it looks for `key =` / `"key":` after "{" or ",".
bool secret_has_key(const std::string& text, const std::string& key) {
  if (!has_interpolation(text)) {
    const Json parsed = Json::parse(text, nullptr, false);
    return parsed.is_object() && parsed.contains(key);
  }
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    std::size_t before = at;
    if (before > 0 && text[before - 1] == '"') --before;
    while (before > 0 && text[before - 1] == ' ') --before;
    if (before == 0 || (text[before - 1] != '{' && text[before - 1] != ',')) continue;
    std::size_t after = at + key.size();
    if (after < text.size() && text[after] == '"') ++after;
    while (after < text.size() && text[after] == ' ') ++after;
    if (after < text.size() && (text[after] == '=' || text[after] == ':')) return true;
  }
  return false;
}

// A secret value that stores the instance's master password carries what the RDS rotation
// functions read to connect ("JSON structure of AWS Secrets Manager secrets").
void secret_carries_connection(const CheckContext& context, const DbNode& node, const Resource& db,
                               FindingSink& sink) {
  const Stack& stack = context.stack;
  std::vector<std::size_t> passwords = targets_of(stack, db, "password");
  for (std::size_t target : targets_of(stack, db, "password_wo")) passwords.push_back(target);
  if (passwords.empty()) return;
  for (std::size_t index : of_type(stack, "aws_secretsmanager_secret_version")) {
    const Resource& version = stack.resource(index);
    for (const char* argument : {"secret_string", "secret_string_wo"}) {
      const Json* value = arg(version, argument);
      if (value == nullptr || !value->is_string()) continue;
      const auto stored = targets_in(stack, *value);
      if (std::none_of(passwords.begin(), passwords.end(), [&](std::size_t p) {
            return std::find(stored.begin(), stored.end(), p) != stored.end();
          }))
        continue;
      std::vector<std::string> missing;
      for (const char* key : {"username", "password", "engine", "host", "port", "dbname"})
        if (!secret_has_key(value->get<std::string>(), key)) missing.emplace_back(key);
      if (missing.empty()) continue;
      sink.report(version.address.str(),
                  "The secret value holding " + node.address + "'s master password lacks " + join(missing) + ".",
                  "The RDS rotation functions and most clients read username, password, engine (\"postgres\"), "
                  "host, port and dbname from the secret. Store them all in the JSON, host from the instance's "
                  "address.");
    }
  }
}

// Each exported log goes to /aws/rds/instance/<identifier>/<log type> in the instance's
// region. A group the stack does not own is created by RDS on the first export, with no KMS
// key and no retention; RDS uses an existing group of that name, so the stack's group must
// exist first: the instance depends on it.
void log_groups_owned(const CheckContext& context, const DbNode& node, const Resource& db, FindingSink& sink) {
  if (node.identifier.empty()) return;  // a computed identifier: the group's name is unknown
  const Stack& stack = context.stack;
  for (const auto& log_type : literal_strings(arg(db, "enabled_cloudwatch_logs_exports"))) {
    const std::string name = "/aws/rds/instance/" + node.identifier + "/" + log_type;
    const Resource* group = nullptr;
    for (std::size_t index : of_type(stack, "aws_cloudwatch_log_group")) {
      const Resource& candidate = stack.resource(index);
      if (literal_string(arg(candidate, "name")) == name && candidate.placement.region == node.region) group = &candidate;
    }
    if (group == nullptr) {
      sink.report(node.address, "The stack has no log group " + name + " in " + node.region + ".",
                  "RDS then creates it on the first export, without a KMS key and without retention, so the " +
                      log_type + " log is kept forever, outside the stack's encryption. Add an "
                      "aws_cloudwatch_log_group of that name in the instance's region with kms_key_id and "
                      "retention_in_days, and make the instance depend on it.");
      continue;
    }
    const auto retention = literal_number(arg(*group, "retention_in_days"));
    if (!retention || *retention <= 0)
      sink.report(group->address.str(), "The log group " + name + " has no retention: its events never expire.",
                  "Set retention_in_days to the period the logs are needed for (e.g. 365).");
    if (std::find(db.depends_on.begin(), db.depends_on.end(), group->address.str()) == db.depends_on.end())
      sink.report(node.address, "The instance does not depend on its log group " + group->address.str() + ".",
                  "Without the edge Terraform may create the instance first, and RDS then creates the group itself; "
                  "the stack's group fails with \"already exists\". Add the group to the instance's depends_on.");
  }
}

void iam_auth(const CheckContext&, const DbNode& node, const Resource& db, FindingSink& sink) {
  if (literal_bool(arg(db, "iam_database_authentication_enabled")) == true) return;
  sink.report(node.address, "IAM database authentication is off.",
              "IAM authentication lets applications and people connect with short-lived tokens instead of "
              "long-lived passwords, and ties access to IAM policies. Set iam_database_authentication_enabled = "
              "true.");
}

void deletion_protection(const CheckContext&, const DbNode& node, const Resource& db, FindingSink& sink) {
  if (literal_bool(arg(db, "deletion_protection")) == true) return;
  sink.report(node.address, "Deletion protection is off.",
              "One mistaken destroy or API call deletes the instance. Set deletion_protection = true (turn it off "
              "deliberately before a planned deletion).");
}

void performance_insights(const CheckContext&, const DbNode& node, const Resource& db, FindingSink& sink) {
  if (literal_bool(arg(db, "performance_insights_enabled")) == true) return;
  sink.report(node.address, "Performance Insights is off.",
              "Performance Insights shows database load by wait event and query, the quickest way to see why "
              "latency rose. Set performance_insights_enabled = true (7 days retention is free).");
}

void performance_insights_cmk(const CheckContext& context, const DbNode& node, const Resource& db,
                              FindingSink& sink) {
  if (literal_bool(arg(db, "performance_insights_enabled")) != true) return;
  if (is_customer_managed_key(context.stack, arg(db, "performance_insights_kms_key_id"))) return;
  sink.report(node.address, "Performance Insights data is not encrypted with a customer-managed key.",
              "Performance Insights stores query text; with the AWS-managed key its use cannot be restricted or "
              "audited. Set performance_insights_kms_key_id to the region's customer-managed key.");
}

void copy_tags(const CheckContext&, const DbNode& node, const Resource& db, FindingSink& sink) {
  if (literal_bool(arg(db, "copy_tags_to_snapshot")) == true) return;
  sink.report(node.address, "Snapshots do not inherit the instance's tags.",
              "Untagged snapshots lose their owner and cost allocation and escape tag-based policies. Set "
              "copy_tags_to_snapshot = true.");
}

void minor_upgrade_decision(const CheckContext&, const DbNode& node, const Resource& db, FindingSink& sink) {
  const auto value = literal_bool(arg(db, "auto_minor_version_upgrade"));
  if (!value && arg(db, "auto_minor_version_upgrade") == nullptr) {
    sink.report(node.address, "auto_minor_version_upgrade is not decided explicitly.",
                "The provider default (true) lets AWS upgrade the minor version in a maintenance window; with a "
                "pinned engine_version every later plan then shows a downgrade. Decide: set engine_version to the "
                "major (\"17\") with auto_minor_version_upgrade = true, or pin a minor with "
                "auto_minor_version_upgrade = false (RDHA-ENG-002).");
    return;
  }
  const std::string version = literal_string(arg(db, "engine_version")).value_or("");
  if (value == true && version.find('.') != std::string::npos)
    sink.report(node.address,
                "auto_minor_version_upgrade = true with engine_version pinned to \"" + version + "\".",
                "AWS upgrades the minor version behind Terraform's back and every later plan shows a downgrade to " +
                    version + ". Either set engine_version to the major only or auto_minor_version_upgrade = false.");
}

void modern_ca(const CheckContext&, const DbNode& node, const Resource& db, FindingSink& sink) {
  static const std::set<std::string> kModern = {"rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"};
  const auto ca = literal_string(arg(db, "ca_cert_identifier"));
  if (ca && kModern.contains(*ca)) return;
  if (!ca && arg(db, "ca_cert_identifier") != nullptr) return;  // an expression
  sink.report(node.address,
              ca ? "ca_cert_identifier \"" + *ca + "\" is not a current RDS certificate authority."
                 : "ca_cert_identifier is not set explicitly.",
              "Clients verify the server certificate against this CA; an expired or implicit CA breaks or weakens "
              "verified SSL. Set ca_cert_identifier = \"rds-ca-rsa2048-g1\" (or rds-ca-rsa4096-g1 / "
              "rds-ca-ecc384-g1).");
}

// The aws_db_parameter_group an instance references, if any.
const Resource* parameter_group_of(const Stack& stack, const Resource& db) {
  for (std::size_t target : targets_of(stack, db, "parameter_group_name"))
    if (stack.resource(target).address.type == "aws_db_parameter_group") return &stack.resource(target);
  return nullptr;
}

void ssl_enforced(const CheckContext& context, const DbNode& node, const Resource& db, FindingSink& sink) {
  if (!node.engine.empty() && !node.engine.starts_with("postgres")) return;
  const Resource* group = parameter_group_of(context.stack, db);
  if (group == nullptr) {
    const auto name = literal_string(arg(db, "parameter_group_name"));
    sink.report(node.address,
                name ? "parameter_group_name \"" + *name + "\" is not a parameter group of this stack."
                     : "The instance uses the default parameter group.",
                "SSL is enforced only by rds.force_ssl = 1 in the instance's parameter group, and only a group "
                "defined (and referenced) in the stack can be verified to set it. Create an aws_db_parameter_group "
                "with parameter rds.force_ssl = \"1\" and set parameter_group_name to its name attribute.");
    return;
  }
  if (parameter_value(*group, "rds.force_ssl") == "1") return;
  sink.report(node.address, "Its parameter group " + group->address.str() + " does not set rds.force_ssl = 1.",
              "Without it clients may connect in plain text. Add parameter {name = \"rds.force_ssl\", value = "
              "\"1\"} to " + group->address.str() + ".");
}

void query_logging(const CheckContext& context, FindingSink& sink) {
  std::set<std::string> seen;
  for (const auto& node : db_topology(context.stack).nodes) {
    if (!node.engine.empty() && !node.engine.starts_with("postgres")) continue;
    const Resource* group = parameter_group_of(context.stack, context.stack.resource(node.index));
    if (group == nullptr || !seen.insert(group->address.str()).second) continue;
    const auto value = parameter_value(*group, "log_min_duration_statement");
    if (value && !value->empty() && *value != "-1") continue;
    sink.report(group->address.str(), "The parameter group does not log slow queries (log_min_duration_statement).",
                "Without query logging there is no record of the statements behind a slowdown. Add parameter "
                "{name = \"log_min_duration_statement\", value = \"1000\"} (milliseconds) and export the "
                "postgresql log to CloudWatch Logs.");
  }
}

}  // namespace

void add_database_security_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-DB-001", "StorageEncrypted", "DB storage is encrypted", Severity::error, "security",
                 "Encryption at rest protects the data, its snapshots, its backups and its replicas.",
                 "Set storage_encrypted = true (and kms_key_id) on every DB instance, replicas included.",
                 {checkov("CKV_AWS_16"), trivy("AVD-AWS-0080")}},
                each_instance(storage_encrypted)});
  registry.add({{"RDHA-DB-002", "StorageCmk", "DB storage uses a customer-managed KMS key", Severity::warning,
                 "security",
                 "A customer-managed key can be restricted, audited, rotated and shared with the DR region as a "
                 "multi-Region key.",
                 "Set kms_key_id to a customer-managed key of the instance's region.",
                 {}},
                each_instance(storage_cmk)});
  registry.add({{"RDHA-DB-003", "NotPubliclyAccessible", "DB instances are not publicly accessible", Severity::error,
                 "security", "A database reachable from the internet is one security-group mistake from exposure.",
                 "Set publicly_accessible = false explicitly.",
                 {checkov("CKV_AWS_17"), trivy("AVD-AWS-0180")}},
                each_instance(not_public)});
  registry.add({{"RDHA-DB-004", "EnhancedMonitoring", "Enhanced Monitoring is on", Severity::warning, "security",
                 "OS-level metrics per process are what incident response needs beyond hypervisor metrics.",
                 "Set monitoring_interval (e.g. 60) and monitoring_role_arn.",
                 {checkov("CKV_AWS_118")}},
                each_instance(enhanced_monitoring)});
  registry.add({{"RDHA-DB-005", "LogExports", "Database logs are exported to CloudWatch Logs", Severity::warning,
                 "security", "Exported logs outlive the instance and feed alerting and audits.",
                 "Set enabled_cloudwatch_logs_exports = [\"postgresql\", \"upgrade\"].",
                 {checkov("CKV_AWS_129")}},
                each_instance(log_exports)});
  registry.add({{"RDHA-DB-006", "IamAuthentication", "IAM database authentication is on", Severity::warning,
                 "security", "Short-lived IAM tokens replace long-lived database passwords for people and services.",
                 "Set iam_database_authentication_enabled = true.",
                 {checkov("CKV_AWS_161"), trivy("AVD-AWS-0176")}},
                each_instance(iam_auth)});
  registry.add({{"RDHA-DB-007", "DeletionProtection", "Deletion protection is on", Severity::warning, "security",
                 "Deletion protection stops accidental deletes of production data.",
                 "Set deletion_protection = true.",
                 {checkov("CKV_AWS_293"), trivy("AVD-AWS-0177")}},
                each_instance(deletion_protection)});
  registry.add({{"RDHA-DB-008", "PerformanceInsights", "Performance Insights is on", Severity::warning, "security",
                 "Load by wait event and query is the fastest route to the cause of a slowdown.",
                 "Set performance_insights_enabled = true.",
                 {checkov("CKV_AWS_353"), trivy("AVD-AWS-0133")}},
                each_instance(performance_insights)});
  registry.add({{"RDHA-DB-009", "PerformanceInsightsCmk", "Performance Insights uses a customer-managed key",
                 Severity::warning, "security",
                 "Performance Insights keeps query text; a customer-managed key restricts and audits access to it.",
                 "Set performance_insights_kms_key_id to a customer-managed key.",
                 {checkov("CKV_AWS_354"), trivy("AVD-AWS-0078")}},
                each_instance(performance_insights_cmk)});
  registry.add({{"RDHA-DB-010", "CopyTagsToSnapshot", "Snapshots inherit the instance's tags", Severity::warning,
                 "security", "Tags carry ownership and cost allocation and drive tag-based access policies.",
                 "Set copy_tags_to_snapshot = true.", {}},
                each_instance(copy_tags)});
  registry.add({{"RDHA-DB-011", "MinorVersionUpgradeDecided", "auto_minor_version_upgrade is an explicit decision",
                 Severity::warning, "security",
                 "Automatic minor upgrades and a pinned engine_version contradict each other and make every plan "
                 "show a downgrade; the choice must be explicit and consistent.",
                 "Set the major version with auto_minor_version_upgrade = true, or pin engine_version with "
                 "auto_minor_version_upgrade = false.",
                 {}},
                each_instance(minor_upgrade_decision)});
  registry.add({{"RDHA-DB-012", "ModernCertificateAuthority", "A current RDS certificate authority is set",
                 Severity::warning, "security", "Verified SSL needs a current server certificate authority.",
                 "Set ca_cert_identifier = \"rds-ca-rsa2048-g1\" (or rds-ca-rsa4096-g1 / rds-ca-ecc384-g1).",
                 {checkov("CKV_AWS_211")}},
                each_instance(modern_ca)});
  registry.add({{"RDHA-DB-013", "SslEnforcedByParameterGroup", "SSL is forced by a referenced parameter group",
                 Severity::error, "security",
                 "Only rds.force_ssl = 1 in the instance's own parameter group makes RDS refuse plain-text "
                 "connections.",
                 "Reference an aws_db_parameter_group of the stack that sets rds.force_ssl = \"1\" from "
                 "parameter_group_name on every instance.",
                 {}},
                each_instance(ssl_enforced)});
  registry.add({{"RDHA-DB-014", "QueryLogging", "Parameter groups log slow queries", Severity::warning, "security",
                 "Slow-query logs are the record of what the database was doing when it slowed down.",
                 "Set log_min_duration_statement (e.g. 1000 ms) in the parameter group.",
                 {}},
                query_logging});
  registry.add({{"RDHA-DB-015", "OwnedLogGroups", "Exported logs go to log groups the stack owns", Severity::warning,
                 "security",
                 "RDS creates the log groups of exported logs itself, unencrypted by the stack's key and never "
                 "expiring.",
                 "Add an aws_cloudwatch_log_group /aws/rds/instance/<identifier>/<log type> per export in the "
                 "instance's region, with kms_key_id and retention_in_days, and make the instance depend on it.",
                 {}},
                each_instance(log_groups_owned)});
  registry.add({{"RDHA-DB-016", "SecretCarriesConnection", "The master secret carries the connection fields",
                 Severity::warning, "security",
                 "Rotation functions and clients read the connection (host, port, dbname, engine) from the "
                 "secret next to the credentials.",
                 "Write the secret as JSON with username, password, engine, host, port and dbname.",
                 {}},
                each_instance(secret_carries_connection)});
}

}  // namespace rdha::analysis::detail
