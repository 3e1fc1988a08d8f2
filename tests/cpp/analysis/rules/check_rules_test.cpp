// Every policy rule of `rdha check`: the default stack passes without errors, and each
// rule fires — with its ID, severity and the offending address — on a stack that breaks it
// (the default stack with one change, or a small stack built by hand with the generic API).
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

#include "analysis/analysis_fixture.hpp"
#include "rdha/analysis/rule.hpp"
#include "rdha/error.hpp"

namespace rdha::analysis {
namespace {

using testing::at;
using testing::check;
using testing::edit_statements;
using testing::edit_steps;
using testing::statement_with_sid;
using testing::step_named;
using testing::has_finding;
using testing::listing;
using testing::of_rule;
using testing::Small;

TEST(CheckDefaultStack, PassesWithoutErrors) {
  const Stack stack = stack::build_ha_stack({});
  const CheckReport report = check(stack);
  EXPECT_FALSE(report.has_errors()) << listing(report);
  EXPECT_EQ(report.rules_run, RuleRegistry::builtin().rules().size());
  // What the default stack knowingly keeps: one NAT gateway per region, and alarm topics
  // nobody subscribes to until the spec names notification e-mails (it names none).
  EXPECT_TRUE(has_finding(report, "RDHA-NET-001", Severity::info, "aws_nat_gateway.primary"));
  EXPECT_TRUE(has_finding(report, "RDHA-NET-001", Severity::info, "aws_nat_gateway.dr"));
  EXPECT_TRUE(has_finding(report, "RDHA-MON-006", Severity::warning, "aws_sns_topic.primary"));
  EXPECT_TRUE(has_finding(report, "RDHA-MON-006", Severity::warning, "aws_sns_topic.dr"));
  EXPECT_EQ(report.findings.size(), 4u) << listing(report);
  // With an on-call address both topics have a subscriber.
  stack::HaStackSpec subscribed;
  subscribed.monitoring.notification_emails = {"oncall@example.com"};
  const CheckReport with_emails = check(stack::build_ha_stack(subscribed));
  EXPECT_EQ(with_emails.findings.size(), 2u) << listing(with_emails);
  EXPECT_TRUE(of_rule(with_emails, "RDHA-MON-006").empty()) << listing(with_emails);
}

TEST(CheckDefaultStack, FailoverVariantsAddNoFindings) {
  // The automatic trigger's ReplicaLag alarm (LessThan 0) and the failover resources pass every rule.
  stack::HaStackSpec automatic;
  automatic.failover.automatic = true;
  const CheckReport report = check(stack::build_ha_stack(automatic));
  EXPECT_EQ(report.findings.size(), 4u) << listing(report);
  EXPECT_FALSE(report.has_errors()) << listing(report);
  // Without the DNS names and the automation, only the automation rule's warning is added.
  stack::HaStackSpec off;
  off.failover.enabled = false;
  const CheckReport manual = check(stack::build_ha_stack(off));
  EXPECT_EQ(manual.findings.size(), 5u) << listing(manual);
  EXPECT_TRUE(has_finding(manual, "RDHA-DR-007", Severity::warning, "aws_db_instance.dr_replica")) << listing(manual);
}

TEST(CheckDefaultStack, AfterARegionFailoverOnlyTheMissingDrIsAnError) {
  // The promoted DR instance is the writer: no DR region and no same-region readers until
  // the failback re-creates them.
  stack::HaStackSpec promoted;
  promoted.failover.state = stack::FailoverState::dr_promoted;
  const CheckReport report = check(stack::build_ha_stack(promoted));
  const auto errors = std::count_if(report.findings.begin(), report.findings.end(),
                                    [](const Finding& f) { return f.severity == Severity::error; });
  EXPECT_EQ(errors, 1) << listing(report);
  const auto dr = of_rule(report, "RDHA-DR-001");
  ASSERT_EQ(dr.size(), 1u) << listing(report);
  EXPECT_EQ(dr[0].address, "aws_db_instance.dr_writer");
  EXPECT_EQ(dr[0].severity, Severity::error);
  EXPECT_EQ(dr[0].summary, "No cross-region replica after a region failover: losing us-west-2 now is a total outage.");
  EXPECT_EQ(dr[0].detail,
            "The configuration adopts this promoted instance as the writer and forgets the lost region's instances, "
            "so until the failback nothing outside us-west-2 holds a copy. Once another region is reachable, "
            "re-create a DR replica of this writer there (docs/failover.md, section 6: failback).");
  EXPECT_TRUE(has_finding(report, "RDHA-HA-002", Severity::warning, "aws_db_instance.dr_writer")) << listing(report);
  EXPECT_EQ(report.findings.size(), 6u) << listing(report);
}

TEST(CheckDefaultStack, EveryAwsManagedKeyModeFindingIsAWarning) {
  stack::HaStackSpec spec;
  spec.database.kms_mode = stack::KmsMode::aws_managed;
  const CheckReport report = check(stack::build_ha_stack(spec));
  EXPECT_FALSE(report.has_errors()) << listing(report);
  EXPECT_TRUE(has_finding(report, "RDHA-DB-002", Severity::warning, "aws_db_instance.primary")) << listing(report);
}

// ---- one change to the default stack per rule -------------------------------------------

// A replication migration (DMS full load + CDC) described completely.
void replicating(stack::HaStackSpec& spec) {
  spec.migration.enabled = true;
  spec.migration.method = stack::MigrationMethod::replication;
  spec.migration.phase = stack::MigrationPhase::replicate;
  spec.migration.source_identifier = "legacy-db";
  spec.migration.region = "us-east-1";
  spec.migration.vpc_id = "vpc-0123456789abcdef0";
  spec.migration.vpc_cidr = "172.31.0.0/16";
  spec.migration.security_group_id = "sg-0123456789abcdef0";
  spec.migration.engine_version = "13.15";
  spec.migration.size_gib = 100;
  spec.migration.source_route_table_ids = {"rtb-0123456789abcdef0"};
  spec.migration.source_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:legacy-db-AbCdEf";
  spec.migration.database_name = "legacy";
}

struct Mutation {
  const char* name;
  std::function<void(stack::HaStackSpec&)> spec;  // applied before building
  std::function<void(Stack&)> graph;              // applied after building
  const char* rule;
  Severity severity;
  const char* address;
  const char* summary = nullptr;  // when set, the finding's exact summary
};

void no_spec(stack::HaStackSpec&) {}
void no_graph(Stack&) {}

// Pins a minor version: only with automatic upgrades off does the stack emit the pin.
std::function<void(stack::HaStackSpec&)> pin_minor(const char* version) {
  return [version](stack::HaStackSpec& spec) {
    spec.database.engine_version = version;
    spec.database.auto_minor_version_upgrade = false;
  };
}

// A spec whose pipeline is enabled (remote state, the ephemeral password source).
void with_pipeline(stack::HaStackSpec& spec) {
  spec.database.password_source = stack::PasswordSource::ephemeral;
  spec.state = {.enabled = true, .account_id = "123456789012", .bucket = "rdha-state-123456789012",
                .kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                .policy_arn = "arn:aws:iam::123456789012:policy/terraform-state-rdha"};
  spec.pipeline.enabled = true;
  spec.pipeline.repository = "acme/db-stack";
}

const std::vector<Mutation>& mutations() {
  static const std::vector<Mutation> kMutations = {
      {"writer not Multi-AZ", no_spec, [](Stack& s) { at(s, "aws_db_instance.primary").set("multi_az", false); },
       "RDHA-HA-001", Severity::error, "aws_db_instance.primary"},
      {"one reader of the writer (the other chained)", no_spec,
       [](Stack& s) {
         at(s, "aws_db_instance.replica_2").set("replicate_source_db", at(s, "aws_db_instance.replica_1").attr("identifier"));
       },
       "RDHA-HA-002", Severity::warning, "aws_db_instance.primary"},
      {"readers in one AZ", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.replica_2").set("availability_zone", "us-east-1a"); }, "RDHA-HA-002",
       Severity::warning, "aws_db_instance.primary"},
      {"writer backups off", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.primary").set("backup_retention_period", 0); }, "RDHA-HA-003",
       Severity::error, "aws_db_instance.primary"},
      {"writer retention implicit", no_spec, [](Stack& s) { at(s, "aws_db_instance.primary").unset("backup_retention_period"); },
       "RDHA-HA-003", Severity::warning, "aws_db_instance.primary"},
      {"backup in peak hours", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.primary").set("backup_window", "13:00-13:30"); }, "RDHA-HA-004",
       Severity::warning, "aws_db_instance.primary"},
      {"backup window unset", no_spec, [](Stack& s) { at(s, "aws_db_instance.primary").unset("backup_window"); },
       "RDHA-HA-004", Severity::warning, "aws_db_instance.primary"},
      {"backup overlaps maintenance", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.primary").set("backup_window", "03:30-04:30"); }, "RDHA-HA-005",
       Severity::error, "aws_db_instance.primary"},
      {"malformed maintenance window", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.primary").set("maintenance_window", "sunday 4am"); }, "RDHA-HA-005",
       Severity::error, "aws_db_instance.primary"},
      {"every instance in one maintenance window",
       [](stack::HaStackSpec& spec) { spec.database.maintenance_stagger_minutes = 0; }, no_graph, "RDHA-HA-006",
       Severity::warning, "aws_db_instance.replica_1"},
      {"DR replica patched with the writer", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.dr_replica").set("maintenance_window", "sun:04:30-sun:05:00"); },
       "RDHA-HA-006", Severity::warning, "aws_db_instance.dr_replica"},
      {"KMS key without a Name tag", no_spec, [](Stack& s) { at(s, "aws_kms_key.primary").unset("tags"); },
       "RDHA-NAME-001", Severity::warning, "aws_kms_key.primary"},
      {"parameter group named without the suffix", no_spec,
       [](Stack& s) {
         at(s, "aws_db_parameter_group.dr").set("name", "dr-postgres17").set_json("tags", {{"Name", "dr-postgres17"}});
       },
       "RDHA-NAME-001", Severity::warning, "aws_db_parameter_group.dr"},
      {"state locked with DynamoDB",
       [](stack::HaStackSpec& spec) {
         spec.state = {.enabled = true, .account_id = "123456789012", .bucket = "rdha-state-123456789012",
                       .kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/abc",
                       .locking = stack::StateLocking::dynamodb, .dynamodb_table = "rdha-state-lock"};
       },
       no_graph, "RDHA-STATE-001", Severity::warning, "terraform.backend.s3",
       "The state is locked with the DynamoDB table \"rdha-state-lock\", whose backend arguments are deprecated from "
       "Terraform 1.11."},
      {"state backend without its own key", no_spec,
       [](Stack& s) { s.set_backend({"s3", {{"bucket", "b"}, {"key", "k"}, {"region", "us-east-1"}, {"encrypt", true}}}); },
       "RDHA-STATE-002", Severity::error, "terraform.backend.s3",
       "The state object is encrypted with S3's default key, not a customer-managed KMS key."},
      {"state backend not encrypted", no_spec,
       [](Stack& s) { s.set_backend({"s3", {{"bucket", "b"}, {"key", "k"}, {"region", "us-east-1"}}}); },
       "RDHA-STATE-002", Severity::error, "terraform.backend.s3",
       "The state object is not encrypted by the backend (encrypt is not true)."},
      {"state read from the lost region",
       [](stack::HaStackSpec& spec) {
         spec.failover.state = stack::FailoverState::dr_promoted;
         spec.state = {.enabled = true, .account_id = "123456789012", .bucket = "rdha-state-123456789012",
                       .kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/abc"};
       },
       no_graph, "RDHA-STATE-003", Severity::info, "terraform.backend.s3",
       "The state is read from us-east-1, whose loss this configuration is written for: Terraform must switch to the "
       "replica."},
      {"web-identity trust matching sub with a pattern", with_pipeline,
       [](Stack& s) {
         edit_statements(s, "data.aws_iam_policy_document.terraform_execution_trust", [](nlohmann::json& statements) {
           for (auto& condition : statement_with_sid(statements, "AssumedByPipeline")["condition"])
             if (condition["variable"] == "token.actions.githubusercontent.com:sub") {
               condition["test"] = "StringLike";
               condition["values"] = {"repo:acme/db-stack:*"};
             }
         });
       },
       "RDHA-PIPE-001", Severity::error, "aws_iam_role.terraform_execution",
       "The web-identity trust (statement \"AssumedByPipeline\") matches token.actions.githubusercontent.com:sub with "
       "StringLike and a wildcard."},
      {"pipeline role without the state policy", with_pipeline,
       [](Stack& s) { at(s, "aws_iam_role_policy_attachment.terraform_state").set("role", "someone-else"); },
       "RDHA-PIPE-003", Severity::error, "aws_iam_role.terraform_execution",
       "The role is assumed by a CI pipeline through web identity, but no policy is attached to it while the state "
       "is in the S3 bucket \"rdha-state-123456789012\"."},
      {"migration copy without a key",
       [](stack::HaStackSpec& spec) {
         spec.migration.enabled = true;
         spec.migration.phase = stack::MigrationPhase::restore;
         spec.migration.source_identifier = "legacy-db";
         spec.migration.region = "us-east-1";
         spec.migration.vpc_id = "vpc-0123456789abcdef0";
         spec.migration.vpc_cidr = "172.31.0.0/16";
         spec.migration.security_group_id = "sg-0123456789abcdef0";
         spec.migration.engine_version = "13.15";
         spec.migration.size_gib = 100;
       },
       [](Stack& s) { at(s, "aws_db_snapshot_copy.migration").unset("kms_key_id"); }, "RDHA-MIG-001",
       Severity::error, "aws_db_snapshot_copy.migration",
       "The snapshot copy that aws_db_instance.primary is restored from has no kms_key_id: an unencrypted source "
       "restores unencrypted."},
      {"cdc source without logical replication", replicating,
       [](Stack& s) {
         at(s, "aws_db_parameter_group.migration_source")
             .set_json("parameter", nlohmann::json::array({{{"name", "rds.logical_replication"}, {"value", "0"}}}));
       },
       "RDHA-MIG-002", Severity::error, "aws_dms_replication_task.migration",
       "The full-load-and-cdc task's source aws_dms_endpoint.migration_source reaches no parameter group with "
       "rds.logical_replication = 1."},
      {"dms endpoint without ssl", replicating,
       [](Stack& s) { at(s, "aws_dms_endpoint.migration_target").unset("ssl_mode"); }, "RDHA-MIG-003",
       Severity::error, "aws_dms_endpoint.migration_target", "The PostgreSQL endpoint sets no ssl_mode."},
      {"dms endpoint ssl none", replicating,
       [](Stack& s) { at(s, "aws_dms_endpoint.migration_source").set("ssl_mode", "none"); }, "RDHA-MIG-003",
       Severity::error, "aws_dms_endpoint.migration_source", "The PostgreSQL endpoint's ssl_mode is none."},
      {"replication instance public by default", replicating,
       [](Stack& s) { at(s, "aws_dms_replication_instance.migration").unset("publicly_accessible"); }, "RDHA-MIG-004",
       Severity::error, "aws_dms_replication_instance.migration",
       "The replication instance does not set publicly_accessible (DMS's default: public)."},
      {"replication instance public", replicating,
       [](Stack& s) { at(s, "aws_dms_replication_instance.migration").set("publicly_accessible", true); },
       "RDHA-MIG-004", Severity::error, "aws_dms_replication_instance.migration",
       "The replication instance is publicly accessible."},
      {"task without validation",
       [](stack::HaStackSpec& spec) {
         replicating(spec);
         spec.migration.dms.validation = false;
       },
       no_graph, "RDHA-MIG-005", Severity::warning, "aws_dms_replication_task.migration",
       "The replication task does not validate the migrated data."},
      {"random password with a web-identity trust", no_spec,
       [](Stack& s) {
         edit_statements(s, "data.aws_iam_policy_document.terraform_execution_trust", [](nlohmann::json& statements) {
           statements.push_back({{"sid", "Pipeline"},
                                 {"effect", "Allow"},
                                 {"actions", {"sts:AssumeRoleWithWebIdentity"}},
                                 {"principals", {{{"type", "Federated"}, {"identifiers", {"arn:aws:iam::1:oidc-provider/x"}}}}},
                                 {"condition", {{{"test", "StringEquals"}, {"variable", "x:aud"}, {"values", {"a"}}},
                                                {{"test", "StringEquals"}, {"variable", "x:sub"}, {"values", {"s"}}}}}});
         });
       },
       "RDHA-PIPE-002", Severity::error, "random_password.db_master",
       "A role is assumed by a CI pipeline through web identity while the password comes from random_password."},
      {"no DR replica", [](stack::HaStackSpec& spec) { spec.database.dr_replica.enabled = false; }, no_graph,
       "RDHA-DR-001", Severity::error, "aws_db_instance.primary"},
      {"DR source by identifier", no_spec,
       [](Stack& s) {
         at(s, "aws_db_instance.dr_replica").set("replicate_source_db", at(s, "aws_db_instance.primary").attr("identifier"));
       },
       "RDHA-DR-002", Severity::error, "aws_db_instance.dr_replica"},
      {"DR key of the primary region", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.dr_replica").set("kms_key_id", at(s, "aws_kms_key.primary").attr("arn")); },
       "RDHA-DR-003", Severity::error, "aws_db_instance.dr_replica"},
      {"DR key missing", no_spec, [](Stack& s) { at(s, "aws_db_instance.dr_replica").unset("kms_key_id"); }, "RDHA-DR-003",
       Severity::error, "aws_db_instance.dr_replica"},
      {"DR backups off", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.dr_replica").set("backup_retention_period", 0); }, "RDHA-DR-004",
       Severity::warning, "aws_db_instance.dr_replica"},
      {"DR uses the primary's parameter group", no_spec,
       [](Stack& s) {
         at(s, "aws_db_instance.dr_replica")
             .set("parameter_group_name", at(s, "aws_db_parameter_group.primary").attr("name"));
       },
       "RDHA-DR-005", Severity::error, "aws_db_instance.dr_replica"},
      {"DR without subnet group", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.dr_replica").unset("db_subnet_group_name"); }, "RDHA-DR-005",
       Severity::error, "aws_db_instance.dr_replica"},
      {"DR without security group", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.dr_replica").unset("vpc_security_group_ids"); }, "RDHA-DR-005",
       Severity::error, "aws_db_instance.dr_replica"},
      {"secret not replicated", no_spec,
       [](Stack& s) { at(s, "aws_secretsmanager_secret.db_master_password").unset("replica"); }, "RDHA-DR-006",
       Severity::warning, "aws_secretsmanager_secret.db_master_password"},
      // The reader's routing alarm (LessThan 0 on ReplicaLag) still watches it, but never pages
      // on a growing lag.
      {"replica lag alarm watches something else", no_spec,
       [](Stack& s) {
         at(s, "aws_cloudwatch_metric_alarm.replica_1_lag").set_json("dimensions", {{"DBInstanceIdentifier", "other"}});
       },
       "RDHA-MON-001", Severity::error, "aws_db_instance.replica_1",
       "No ReplicaLag alarm of the replica pages when its lag grows."},
      {"replica lag alarm notifies no one", no_spec,
       [](Stack& s) { at(s, "aws_cloudwatch_metric_alarm.dr_replica_lag").unset("alarm_actions"); }, "RDHA-MON-001",
       Severity::error, "aws_db_instance.dr_replica", "No ReplicaLag alarm of the replica pages when its lag grows."},
      {"alarm without actions", no_spec,
       [](Stack& s) { at(s, "aws_cloudwatch_metric_alarm.primary_cpu").unset("alarm_actions"); }, "RDHA-MON-002",
       Severity::error, "aws_cloudwatch_metric_alarm.primary_cpu"},
      {"DR alarm notifies the primary topic", no_spec,
       [](Stack& s) {
         at(s, "aws_cloudwatch_metric_alarm.dr_replica_lag")
             .set_json("alarm_actions", nlohmann::json::array({at(s, "aws_sns_topic.primary").attr("arn").interpolated()}));
       },
       "RDHA-MON-002", Severity::error, "aws_cloudwatch_metric_alarm.dr_replica_lag"},
      {"topic unencrypted", no_spec, [](Stack& s) { at(s, "aws_sns_topic.primary").unset("kms_master_key_id"); },
       "RDHA-MON-003", Severity::warning, "aws_sns_topic.primary"},
      {"alarm topic on aws/sns", no_spec,
       [](Stack& s) { at(s, "aws_sns_topic.primary").set("kms_master_key_id", "alias/aws/sns"); }, "RDHA-MON-004",
       Severity::error, "aws_sns_topic.primary"},
      {"topic key policy without CloudWatch", no_spec,
       [](Stack& s) {
         auto doc = at(s, "data.aws_iam_policy_document.kms_primary");
         nlohmann::json kept = nlohmann::json::array();
         for (const auto& statement : *doc.get("statement")) {
           bool cloudwatch = false;
           for (const auto& principal : statement.value("principals", nlohmann::json::array()))
             for (const auto& id : principal.value("identifiers", nlohmann::json::array()))
               cloudwatch = cloudwatch || id == "cloudwatch.amazonaws.com";
           if (!cloudwatch) kept.push_back(statement);
         }
         doc.set_json("statement", kept);
       },
       "RDHA-MON-004", Severity::error, "aws_sns_topic.primary"},
      {"storage unencrypted", no_spec, [](Stack& s) { at(s, "aws_db_instance.primary").set("storage_encrypted", false); },
       "RDHA-DB-001", Severity::error, "aws_db_instance.primary"},
      {"storage on aws/rds", no_spec, [](Stack& s) { at(s, "aws_db_instance.primary").unset("kms_key_id"); },
       "RDHA-DB-002", Severity::warning, "aws_db_instance.primary"},
      {"public instance", no_spec, [](Stack& s) { at(s, "aws_db_instance.replica_2").set("publicly_accessible", true); },
       "RDHA-DB-003", Severity::error, "aws_db_instance.replica_2"},
      {"public access implicit", no_spec, [](Stack& s) { at(s, "aws_db_instance.replica_2").unset("publicly_accessible"); },
       "RDHA-DB-003", Severity::warning, "aws_db_instance.replica_2"},
      {"enhanced monitoring off", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.replica_1").set("monitoring_interval", 0); }, "RDHA-DB-004",
       Severity::warning, "aws_db_instance.replica_1"},
      {"no log exports", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.dr_replica").unset("enabled_cloudwatch_logs_exports"); }, "RDHA-DB-005",
       Severity::warning, "aws_db_instance.dr_replica"},
      {"IAM auth off", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.primary").set("iam_database_authentication_enabled", false); },
       "RDHA-DB-006", Severity::warning, "aws_db_instance.primary"},
      {"deletion protection off", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.replica_1").set("deletion_protection", false); }, "RDHA-DB-007",
       Severity::warning, "aws_db_instance.replica_1"},
      {"performance insights off", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.primary").set("performance_insights_enabled", false); }, "RDHA-DB-008",
       Severity::warning, "aws_db_instance.primary"},
      {"performance insights on aws key", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.primary").unset("performance_insights_kms_key_id"); }, "RDHA-DB-009",
       Severity::warning, "aws_db_instance.primary"},
      {"tags not copied", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.primary").set("copy_tags_to_snapshot", false); }, "RDHA-DB-010",
       Severity::warning, "aws_db_instance.primary"},
      {"minor upgrades undecided", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.replica_1").unset("auto_minor_version_upgrade"); }, "RDHA-DB-011",
       Severity::warning, "aws_db_instance.replica_1"},
      {"minor upgrades fight the pin", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.primary").set("engine_version", "17.7"); }, "RDHA-DB-011",
       Severity::warning, "aws_db_instance.primary"},
      {"outdated CA", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.primary").set("ca_cert_identifier", "rds-ca-2019"); }, "RDHA-DB-012",
       Severity::warning, "aws_db_instance.primary"},
      {"default parameter group", no_spec,
       [](Stack& s) { at(s, "aws_db_instance.replica_1").set("parameter_group_name", "default.postgres17"); },
       "RDHA-DB-013", Severity::error, "aws_db_instance.replica_1"},
      {"SSL not forced", no_spec,
       [](Stack& s) {
         auto group = at(s, "aws_db_parameter_group.primary");
         nlohmann::json kept = nlohmann::json::array();
         for (const auto& p : *group.get("parameter"))
           if (p.value("name", "") != "rds.force_ssl") kept.push_back(p);
         group.set_json("parameter", kept);
       },
       "RDHA-DB-013", Severity::error, "aws_db_instance.primary"},
      {"no slow-query log", no_spec,
       [](Stack& s) {
         auto group = at(s, "aws_db_parameter_group.dr");
         nlohmann::json kept = nlohmann::json::array();
         for (const auto& p : *group.get("parameter"))
           if (p.value("name", "") != "log_min_duration_statement") kept.push_back(p);
         group.set_json("parameter", kept);
       },
       "RDHA-DB-014", Severity::warning, "aws_db_parameter_group.dr"},
      {"VPC without flow log", no_spec, [](Stack& s) { at(s, "aws_flow_log.dr").unset("vpc_id"); }, "RDHA-NET-002",
       Severity::warning, "aws_vpc.dr"},
      {"subnet maps public IPs", no_spec,
       [](Stack& s) { at(s, "aws_subnet.primary_public_1").set("map_public_ip_on_launch", true); }, "RDHA-NET-004",
       Severity::warning, "aws_subnet.primary_public_1"},
      {"undescribed rule", no_spec,
       [](Stack& s) { at(s, "aws_vpc_security_group_ingress_rule.primary_db_from_app").unset("description"); },
       "RDHA-NET-005", Severity::warning, "aws_vpc_security_group_ingress_rule.primary_db_from_app"},
      {"ingress from anywhere", no_spec,
       [](Stack& s) {
         auto rule = at(s, "aws_vpc_security_group_ingress_rule.primary_db_from_app");
         rule.unset("referenced_security_group_id");
         rule.set("cidr_ipv4", "0.0.0.0/0");
       },
       "RDHA-NET-006", Severity::error, "aws_vpc_security_group_ingress_rule.primary_db_from_app"},
      {"egress to anywhere", no_spec,
       [](Stack& s) {
         at(s, "aws_vpc_security_group_egress_rule.primary_app_to_peer_db_1").set("cidr_ipv4", "0.0.0.0/0");
       },
       "RDHA-NET-007", Severity::warning, "aws_vpc_security_group_egress_rule.primary_app_to_peer_db_1"},
      {"default route over peering", no_spec,
       [](Stack& s) { at(s, "aws_route.primary_private_to_peer").set("destination_cidr_block", "0.0.0.0/0"); },
       "RDHA-NET-008", Severity::error, "aws_route.primary_private_to_peer"},
      {"key rotation off", no_spec, [](Stack& s) { at(s, "aws_kms_key.primary").set("enable_key_rotation", false); },
       "RDHA-KMS-001", Severity::warning, "aws_kms_key.primary"},
      {"key without policy", no_spec, [](Stack& s) { at(s, "aws_kms_replica_key.dr").unset("policy"); }, "RDHA-KMS-002",
       Severity::warning, "aws_kms_replica_key.dr"},
      {"secret on aws key", no_spec,
       [](Stack& s) { at(s, "aws_secretsmanager_secret.db_master_password").unset("kms_key_id"); }, "RDHA-KMS-003",
       Severity::warning, "aws_secretsmanager_secret.db_master_password"},
      {"log group on aws key", no_spec,
       [](Stack& s) { at(s, "aws_cloudwatch_log_group.primary_flow_logs").unset("kms_key_id"); }, "RDHA-KMS-004",
       Severity::warning, "aws_cloudwatch_log_group.primary_flow_logs"},
      {"log key without CloudWatch Logs of its region", no_spec,
       [](Stack& s) {
         auto doc = at(s, "data.aws_iam_policy_document.kms_dr");
         nlohmann::json kept = nlohmann::json::array();
         for (const auto& statement : *doc.get("statement"))
           if (statement.value("sid", "") != "CloudWatchLogs") kept.push_back(statement);
         doc.set_json("statement", kept);
       },
       "RDHA-KMS-004", Severity::warning, "aws_cloudwatch_log_group.dr_replica_postgresql"},
      {"PostgreSQL 17.2 pinned", pin_minor("17.2"), no_graph, "RDHA-ENG-001", Severity::error,
       "aws_db_instance.primary"},
      {"a current minor pinned with upgrades off", pin_minor("17.7"), no_graph, "RDHA-ENG-002", Severity::warning,
       "aws_db_instance.primary"},
      {"no failover automation", [](stack::HaStackSpec& spec) { spec.failover.enabled = false; }, no_graph,
       "RDHA-DR-007", Severity::warning, "aws_db_instance.dr_replica"},
      {"failover document for another instance", no_spec,
       [](Stack& s) { at(s, "aws_ssm_document.region_failover").set("content", "{\"schemaVersion\": \"0.3\"}"); },
       "RDHA-DR-007", Severity::warning, "aws_db_instance.dr_replica"},
      {"writer name cached for 5 minutes", no_spec, [](Stack& s) { at(s, "aws_route53_record.writer").set("ttl", 300); },
       "RDHA-DR-008", Severity::warning, "aws_route53_record.writer"},
      {"runbook role may do anything on RDS", no_spec,
       [](Stack& s) {
         auto doc = at(s, "data.aws_iam_policy_document.rds_operations_failover");
         nlohmann::json statements = *doc.get("statement");
         statements[1]["actions"].push_back("rds:*");
         doc.set_json("statement", statements);
       },
       "RDHA-IAM-004", Severity::error, "aws_iam_role_policy.rds_operations_failover"},
      {"runbook role with NotAction", no_spec,
       [](Stack& s) {
         auto doc = at(s, "data.aws_iam_policy_document.rds_operations");
         nlohmann::json statements = *doc.get("statement");
         statements[0].erase("actions");
         statements[0]["not_actions"] = nlohmann::json::array({"iam:*"});
         doc.set_json("statement", statements);
       },
       "RDHA-IAM-004", Severity::error, "aws_iam_role_policy.rds_operations"},
      {"exported log without its group", no_spec,
       [](Stack& s) { at(s, "aws_cloudwatch_log_group.primary_upgrade").set("name", "/aws/rds/instance/other/upgrade"); },
       "RDHA-DB-015", Severity::warning, "aws_db_instance.primary"},
      {"log group that never expires", no_spec,
       [](Stack& s) { at(s, "aws_cloudwatch_log_group.replica_1_postgresql").unset("retention_in_days"); },
       "RDHA-DB-015", Severity::warning, "aws_cloudwatch_log_group.replica_1_postgresql"},
      {"secret without the connection", no_spec,
       [](Stack& s) {
         at(s, "aws_secretsmanager_secret_version.db_master_password")
             .set("secret_string",
                  Expr::raw("jsonencode({username = \"dbadmin\", password = random_password.db_master.result, "
                            "engine = \"postgres\", port = 5432})"));
       },
       "RDHA-DB-016", Severity::warning, "aws_secretsmanager_secret_version.db_master_password"},
      {"Terraform role may rewrite its own policy", no_spec,
       [](Stack& s) {
         auto doc = at(s, "data.aws_iam_policy_document.terraform_execution");
         nlohmann::json statements = *doc.get("statement");
         for (auto& statement : statements)
           if (statement.value("sid", "") == "StackRoles")
             statement["resources"].push_back(
                 "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:"
                 "role/*-rdha");
         doc.set_json("statement", statements);
       },
       "RDHA-IAM-005", Severity::error, "aws_iam_role_policy.terraform_execution"},
      // ---- the region-failover rules ----
      {"a third reader created with the others", no_spec,
       [](Stack& s) {
         s.add(Kind::resource, "aws_db_instance", "replica_3", ProviderRef{"aws", ""})
             .set("identifier", "replica-3-rdha")
             .set("instance_class", "db.r6g.large")
             .set("replicate_source_db", at(s, "aws_db_instance.primary").attr("identifier"));
       },
       "RDHA-HA-007", Severity::warning, "aws_db_instance.replica_3",
       "It is created at the same time as aws_db_instance.replica_1, aws_db_instance.replica_2, "
       "aws_db_instance.dr_replica from aws_db_instance.primary."},
      {"peer ingress on the wrong port", no_spec,
       [](Stack& s) {
         for (const char* rule : {"aws_vpc_security_group_ingress_rule.primary_db_from_peer_1",
                                  "aws_vpc_security_group_ingress_rule.primary_db_from_peer_2"})
           at(s, rule).set("from_port", 22).set("to_port", 22);
       },
       "RDHA-DR-009", Severity::error, "aws_db_instance.primary",
       "No security group of the instance admits port 5432 from the peered VPC in us-west-2."},
      {"replica lag paged at a minute", no_spec,
       [](Stack& s) { at(s, "aws_cloudwatch_metric_alarm.replica_1_lag").set("threshold", 60); }, "RDHA-MON-005",
       Severity::warning, "aws_cloudwatch_metric_alarm.replica_1_lag",
       "The ReplicaLag alarm pages at 60 s, below what an idle PostgreSQL source makes aws_db_instance.replica_1 "
       "report."},
      {"no notification e-mail (the default spec)", no_spec, no_graph, "RDHA-MON-006", Severity::warning,
       "aws_sns_topic.dr", "Alarms and events publish to a topic nobody subscribes to."},
      {"the DR topic's only subscriber is a queue in the primary region",
       [](stack::HaStackSpec& spec) {
         spec.monitoring.notification_endpoints.dr = {{"sqs", "arn:aws:sqs:us-east-1:123456789012:oncall"}};
       },
       no_graph, "RDHA-MON-007", Severity::error, "aws_sns_topic.dr",
       "Every subscriber of the topic in us-west-2 is a queue or function in us-east-1."},
      {"peer ingress by a group of the other region", no_spec,
       [](Stack& s) {
         auto rule = at(s, "aws_vpc_security_group_ingress_rule.primary_db_from_peer_1");
         rule.unset("cidr_ipv4");
         rule.set("referenced_security_group_id", at(s, "aws_security_group.dr_app").attr("id"));
       },
       "RDHA-NET-009", Severity::error, "aws_vpc_security_group_ingress_rule.primary_db_from_peer_1",
       "The rule in us-east-1 references aws_security_group.dr_app in us-west-2."},
      {"runbook role without kms:Decrypt for the encrypted topic", no_spec,
       [](Stack& s) {
         edit_statements(s, "data.aws_iam_policy_document.rds_operations", [](nlohmann::json& statements) {
           statement_with_sid(statements, "EncryptedNotifications")["actions"] = {"kms:GenerateDataKey"};
         });
       },
       "RDHA-IAM-006", Severity::error, "aws_ssm_document.region_failover",
       "The runbook step NotifyOperators calls kms:Decrypt on arn:aws:kms:us-west-2:<account>:key/"
       "aws_kms_replica_key.dr, which aws_iam_role.rds_operations may not (no statement allows it)."},
      {"runbook role without cloudwatch:PutMetricData", no_spec,
       [](Stack& s) {
         edit_statements(s, "data.aws_iam_policy_document.rds_operations_failover", [](nlohmann::json& statements) {
           statements.erase(std::remove_if(statements.begin(), statements.end(),
                                           [](const nlohmann::json& st) { return st.value("sid", "") == "SwitchWriter"; }),
                            statements.end());
         });
       },
       "RDHA-IAM-006", Severity::error, "aws_ssm_document.region_failover",
       "The runbook step SwitchWriter calls cloudwatch:PutMetricData on *, which aws_iam_role.rds_operations may not "
       "(no statement allows it)."},
      {"runbook role's KMS use through SNS of the wrong region", no_spec,
       [](Stack& s) {
         edit_statements(s, "data.aws_iam_policy_document.rds_operations", [](nlohmann::json& statements) {
           statement_with_sid(statements, "EncryptedNotifications")["condition"][0]["values"] = {
               "sns.us-east-1.amazonaws.com"};
         });
       },
       "RDHA-IAM-006", Severity::error, "aws_ssm_document.region_failover",
       "The runbook step PageForApproval calls kms:GenerateDataKey on arn:aws:kms:us-west-2:<account>:key/"
       "aws_kms_replica_key.dr, which aws_iam_role.rds_operations may not (statement \"EncryptedNotifications\" of "
       "aws_iam_role_policy.rds_operations covers it only when kms:ViaService StringEquals "
       "sns.us-east-1.amazonaws.com)."},
      {"writer's secondary record on a same-region reader", no_spec,
       [](Stack& s) {
         at(s, "aws_route53_record.writer_dr")
             .set_json("records", {at(s, "aws_db_instance.replica_1").attr("address").interpolated()});
       },
       "RDHA-FO-001", Severity::error, "aws_route53_record.writer",
       "The writer's DNS name has no pre-provisioned failover to aws_db_instance.dr_replica."},
      {"runbook repoints the writer with a record change", no_spec,
       [](Stack& s) {
         edit_steps(s, [](nlohmann::json& steps) {
           const nlohmann::json repoint = {
               {"name", "RepointWriter"},
               {"action", "aws:executeAwsApi"},
               {"inputs", {{"Service", "route53"}, {"Api", "ChangeResourceRecordSets"}, {"HostedZoneId", "Z123"}}}};
           steps.insert(steps.begin() + 1, repoint);
         });
       },
       "RDHA-FO-002", Severity::error, "aws_ssm_document.region_failover",
       "The runbook step RepointWriter calls route53:ChangeResourceRecordSets, a control-plane action hosted in "
       "us-east-1."},
      {"writer switch forgets the failover when the datapoint ages out", no_spec,
       [](Stack& s) { at(s, "aws_route53_health_check.writer").set("insufficient_data_health_status", "Healthy"); },
       "RDHA-FO-003", Severity::error, "aws_route53_record.writer",
       "The writer's health check aws_route53_health_check.writer does not keep its last status on insufficient "
       "data."},
      {"reader fallback on a same-region reader", no_spec,
       [](Stack& s) {
         at(s, "aws_route53_record.reader_dr")
             .set_json("records", {at(s, "aws_db_instance.replica_1").attr("address").interpolated()});
       },
       "RDHA-FO-004", Severity::warning, "aws_route53_record.reader_1",
       "No weight-0 record on the cross-region replica backs the readers up."},
      {"runbook promotes without approval", no_spec,
       [](Stack& s) {
         edit_steps(s, [](nlohmann::json& steps) {
           auto& approve = step_named(steps, "ApprovePromotion");
           approve["action"] = "aws:sleep";
           approve["inputs"] = {{"Duration", "PT1S"}};
         });
       },
       "RDHA-FO-005", Severity::warning, "aws_ssm_document.region_failover",
       "The runbook promotes without a way to ask a person first."},
      {"final notification is critical", no_spec,
       [](Stack& s) {
         edit_steps(s, [](nlohmann::json& steps) { step_named(steps, "NotifyOperators")["isCritical"] = true; });
       },
       "RDHA-FO-006", Severity::error, "aws_ssm_document.region_failover",
       "The notification step NotifyOperators can fail the completed failover."},
      {"writer switched before the promoted writer is available", no_spec,
       [](Stack& s) {
         edit_steps(s, [](nlohmann::json& steps) {
           const auto wait = std::find_if(steps.begin(), steps.end(), [](const nlohmann::json& st) {
             return st.value("name", "") == "WaitForNewWriter";
           });
           const auto switch_writer = std::find_if(steps.begin(), steps.end(), [](const nlohmann::json& st) {
             return st.value("name", "") == "SwitchWriter";
           });
           std::iter_swap(wait, switch_writer);
         });
       },
       "RDHA-FO-007", Severity::error, "aws_ssm_document.region_failover",
       "The runbook publishes a metric (step SwitchWriter) before it has seen the promotion take effect."},
      {"a lost instance destroyed rather than forgotten",
       [](stack::HaStackSpec& spec) { spec.failover.state = stack::FailoverState::dr_promoted; },
       [](Stack& s) { s.add_removed({"aws_db_instance.retired", true}); }, "RDHA-FO-008", Severity::error,
       "aws_db_instance.retired", "The removed block destroys a database resource."},
  };
  return kMutations;
}

TEST(CheckRules, EachMutationOfTheDefaultStackTriggersItsRule) {
  for (const auto& mutation : mutations()) {
    SCOPED_TRACE(mutation.name);
    stack::HaStackSpec spec;
    mutation.spec(spec);
    Stack stack = stack::build_ha_stack(spec);
    try {
      mutation.graph(stack);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "the mutation does not apply: " << e.what();
      continue;
    }
    const CheckReport report = check(stack);
    EXPECT_TRUE(has_finding(report, mutation.rule, mutation.severity, mutation.address))
        << "expected " << mutation.rule << " " << to_string(mutation.severity) << " on " << mutation.address
        << "; got:\n"
        << listing(report);
    if (mutation.summary == nullptr) continue;
    const auto findings = of_rule(report, mutation.rule);
    EXPECT_TRUE(std::any_of(findings.begin(), findings.end(),
                            [&](const Finding& f) { return f.address == mutation.address && f.summary == mutation.summary; }))
        << "expected \"" << mutation.summary << "\"; got:\n"
        << listing(report);
  }
}

// RDHA-STATE-003 only where the state's region is the lost one: not on every S3 backend,
// nor after a failover whose lost region holds no state.
TEST(CheckRules, StateOutageReminderOnlyForALostStateRegion) {
  stack::HaStackSpec spec;
  spec.state = {.enabled = true, .account_id = "123456789012", .bucket = "rdha-state-123456789012",
                .kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/abc"};
  const CheckReport normal = check(stack::build_ha_stack(spec));
  EXPECT_TRUE(of_rule(normal, "RDHA-STATE-003").empty()) << listing(normal);
  spec.failover.state = stack::FailoverState::dr_promoted;
  spec.state.region = "us-west-2";
  spec.state.kms_key_id = "arn:aws:kms:us-west-2:123456789012:key/abc";
  const CheckReport promoted = check(stack::build_ha_stack(spec));
  EXPECT_TRUE(of_rule(promoted, "RDHA-STATE-003").empty()) << listing(promoted);
}

// The replication stack as built passes MIG-002..005 (and every other rule: no errors, no
// new warnings), with the account's DMS roles named by AWS exempt from the suffix rule.
TEST(CheckRules, ReplicationStackPassesTheMigrationRules) {
  for (const bool create_roles : {false, true}) {
    stack::HaStackSpec spec;
    replicating(spec);
    spec.migration.dms.create_service_roles = create_roles;
    const CheckReport report = check(stack::build_ha_stack(spec));
    EXPECT_FALSE(report.has_errors()) << listing(report);
    for (const char* rule : {"RDHA-MIG-002", "RDHA-MIG-003", "RDHA-MIG-004", "RDHA-MIG-005", "RDHA-NAME-001"})
      EXPECT_TRUE(of_rule(report, rule).empty()) << rule << "\n" << listing(report);
  }
}

TEST(CheckRules, EveryBuiltinRuleIsExercised) {
  std::set<std::string> covered = {"RDHA-NET-001", "RDHA-NET-003", "RDHA-IAM-001", "RDHA-IAM-002", "RDHA-IAM-003"};
  for (const auto& mutation : mutations()) covered.insert(mutation.rule);
  for (const auto& rule : RuleRegistry::builtin().rules())
    EXPECT_TRUE(covered.contains(rule.info.id)) << rule.info.id << " has no triggering test";
}

// ---- hand-built stacks: the rules read any graph, not only the default one ---------------

TEST(CheckRules, HandBuiltSingleInstanceFailsTheBaseline) {
  Small s;
  auto db = s.stack.add(Kind::resource, "aws_db_instance", "main", s.east);
  db.set("identifier", "main").set("engine", "postgres").set("engine_version", "17.3").set("instance_class", "db.t4g.micro");
  const CheckReport report = check(s.stack);
  const std::string address = "aws_db_instance.main";
  for (const char* id : {"RDHA-HA-001", "RDHA-DR-001", "RDHA-DB-001", "RDHA-DB-013", "RDHA-ENG-001"})
    EXPECT_TRUE(has_finding(report, id, Severity::error, address)) << id << "\n" << listing(report);
  for (const char* id : {"RDHA-HA-002", "RDHA-HA-004", "RDHA-DB-002", "RDHA-DB-003", "RDHA-DB-004", "RDHA-DB-005",
                         "RDHA-DB-006", "RDHA-DB-007", "RDHA-DB-008", "RDHA-DB-010", "RDHA-DB-011", "RDHA-DB-012",
                         "RDHA-HA-003"})
    EXPECT_TRUE(has_finding(report, id, Severity::warning, address)) << id << "\n" << listing(report);
}

TEST(CheckRules, ReplicaLagAlarmInTheWrongRegionIsNamed) {
  Small s;
  auto primary = s.stack.add(Kind::resource, "aws_db_instance", "primary", s.east);
  primary.set("identifier", "primary").set("instance_class", "db.t4g.micro").set("backup_retention_period", 7);
  auto dr = s.stack.add(Kind::resource, "aws_db_instance", "dr", s.west);
  dr.set("identifier", "dr").set("instance_class", "db.t4g.micro").set("replicate_source_db", primary.attr("arn"));
  auto alarm = s.stack.add(Kind::resource, "aws_cloudwatch_metric_alarm", "dr_lag", s.east);
  alarm.set("alarm_name", "dr-lag").set("metric_name", "ReplicaLag").set("namespace", "AWS/RDS");
  alarm.set("comparison_operator", "GreaterThanThreshold").set("threshold", 360);
  alarm.set_json("alarm_actions", {"arn:aws:sns:us-east-1:123456789012:alarms"});
  alarm.set_json("dimensions", {{"DBInstanceIdentifier", dr.attr("identifier").interpolated()}});
  const CheckReport report = check(s.stack);
  const auto findings = of_rule(report, "RDHA-MON-001");
  ASSERT_EQ(findings.size(), 1u) << listing(report);
  EXPECT_EQ(findings[0].address, "aws_db_instance.dr");
  EXPECT_EQ(findings[0].severity, Severity::error);
  EXPECT_NE(findings[0].summary.find("not in its own region us-west-2"), std::string::npos) << findings[0].summary;
  EXPECT_NE(findings[0].detail.find("aws_cloudwatch_metric_alarm.dr_lag (us-east-1)"), std::string::npos);
}

TEST(CheckRules, ExportedLogsNeedOwnedExpiringGroupsInTheInstancesRegionBeforeTheInstance) {
  Small s;
  auto db = s.stack.add(Kind::resource, "aws_db_instance", "main", s.east);
  db.set("identifier", "main").set("instance_class", "db.t4g.micro");
  db.set_json("enabled_cloudwatch_logs_exports", {"postgresql", "upgrade", "iam-db-auth-error"});
  // postgresql: owned, expiring, in us-east-1, a dependency of the instance: no finding.
  auto owned = s.stack.add(Kind::resource, "aws_cloudwatch_log_group", "main_postgresql", s.east);
  owned.set("name", "/aws/rds/instance/main/postgresql").set("retention_in_days", 30);
  db.depends_on(owned);
  // upgrade: only in the other region.
  s.stack.add(Kind::resource, "aws_cloudwatch_log_group", "main_upgrade", s.west)
      .set("name", "/aws/rds/instance/main/upgrade")
      .set("retention_in_days", 30);
  // iam-db-auth-error: never expires, and the instance may come first.
  s.stack.add(Kind::resource, "aws_cloudwatch_log_group", "main_auth", s.east)
      .set("name", "/aws/rds/instance/main/iam-db-auth-error");

  const auto findings = of_rule(check(s.stack), "RDHA-DB-015");
  std::vector<std::string> seen;
  for (const auto& f : findings) seen.push_back(f.address + ": " + f.summary);
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "aws_cloudwatch_log_group.main_auth: The log group /aws/rds/instance/main/iam-db-auth-error has "
                      "no retention: its events never expire.",
                      "aws_db_instance.main: The stack has no log group /aws/rds/instance/main/upgrade in us-east-1.",
                      "aws_db_instance.main: The instance does not depend on its log group "
                      "aws_cloudwatch_log_group.main_auth."}));
  for (const auto& f : findings) EXPECT_EQ(f.severity, Severity::warning);
}

TEST(CheckRules, MasterSecretsOfEveryPasswordSourceCarryTheConnection) {
  for (auto source : {stack::PasswordSource::random, stack::PasswordSource::ephemeral}) {
    stack::HaStackSpec spec;
    spec.database.password_source = source;
    EXPECT_TRUE(of_rule(check(stack::build_ha_stack(spec)), "RDHA-DB-016").empty()) << to_string(source);
  }
  // JSON text is read too: here without host and dbname.
  Stack stack = stack::build_ha_stack({});
  at(stack, "aws_secretsmanager_secret_version.db_master_password")
      .set_json("secret_string",
                "{\"username\": \"dbadmin\", \"password\": \"${random_password.db_master.result}\", "
                "\"engine\": \"postgres\", \"port\": 5432}");
  const auto findings = of_rule(check(stack), "RDHA-DB-016");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].summary,
            "The secret value holding aws_db_instance.primary's master password lacks host, dbname.");
}

TEST(CheckRules, RolesThatMayChangeTheirOwnPermissions) {
  Small s;
  const auto role = [&](const char* name) {
    auto r = s.stack.add(Kind::resource, "aws_iam_role", name, s.east);
    r.set("name", std::string(name) + "-rdha").set("assume_role_policy", R"({"Statement":[]})");
    return r;
  };
  const auto policy = [&](const char* name, ResourceHandle& target, const std::string& statement) {
    s.stack.add(Kind::resource, "aws_iam_role_policy", name, s.east)
        .set("role", target.attr("id"))
        .set("policy", R"({"Version":"2012-10-17","Statement":[)" + statement + "]}");
  };
  // By pattern, by reference, by wildcard action: each covers the role itself.
  auto by_pattern = role("pattern");
  policy("pattern", by_pattern,
         R"({"Sid":"Roles","Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"arn:aws:iam::1:role/*-rdha"})");
  auto by_reference = role("reference");
  auto document = s.stack.add(Kind::data, "aws_iam_policy_document", "reference", s.east);
  document.add_block("statement", {{"effect", "Allow"},
                                   {"actions", {"iam:UpdateAssumeRolePolicy"}},
                                   {"resources", {by_reference.attr("arn").interpolated()}}});
  s.stack.add(Kind::resource, "aws_iam_role_policy", "reference", s.east)
      .set("role", by_reference.attr("id"))
      .set("policy", document.attr("json"));
  auto by_wildcard = role("wildcard");
  policy("wildcard", by_wildcard, R"({"Effect":"Allow","Action":"iam:*Role*","Resource":"*"})");
  // Not on itself: only another role, by name.
  auto other = role("other");
  policy("other", other,
         R"({"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"arn:aws:iam::1:role/pattern-rdha"})");
  // A permissions boundary caps what it can grant itself, unless it may lift the boundary.
  auto bounded = role("bounded");
  bounded.set("permissions_boundary", "arn:aws:iam::1:policy/boundary");
  policy("bounded", bounded, R"({"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"*"})");
  auto lifts = role("lifts");
  lifts.set("permissions_boundary", "arn:aws:iam::1:policy/boundary");
  policy("lifts", lifts,
         R"({"Effect":"Allow","Action":["iam:PutRolePolicy","iam:DeleteRolePermissionsBoundary"],"Resource":"*"})");

  const auto findings = of_rule(check(s.stack), "RDHA-IAM-005");
  std::vector<std::string> seen;
  for (const auto& f : findings) seen.push_back(f.address + ": " + f.summary);
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "aws_iam_role_policy.lifts: The role aws_iam_role.lifts may change its own permissions: "
                      "iam:DeleteRolePermissionsBoundary on its own ARN.",
                      "aws_iam_role_policy.pattern: The role aws_iam_role.pattern may change its own permissions: "
                      "iam:PutRolePolicy on its own ARN (statement \"Roles\").",
                      "aws_iam_role_policy.reference: The role aws_iam_role.reference may change its own "
                      "permissions: iam:UpdateAssumeRolePolicy on its own ARN.",
                      "aws_iam_role_policy.wildcard: The role aws_iam_role.wildcard may change its own permissions: "
                      "iam:PutRolePolicy, iam:AttachRolePolicy, iam:UpdateAssumeRolePolicy, "
                      "iam:PutRolePermissionsBoundary, iam:DeleteRolePermissionsBoundary on its own ARN."}));
  for (const auto& f : findings) EXPECT_EQ(f.severity, Severity::error);
}

TEST(CheckRules, VpcWithoutManagedDefaultSecurityGroup) {
  Small s;
  s.stack.add(Kind::resource, "aws_vpc", "main", s.east).set("cidr_block", "10.9.0.0/16");
  const CheckReport report = check(s.stack);
  EXPECT_TRUE(has_finding(report, "RDHA-NET-003", Severity::warning, "aws_vpc.main")) << listing(report);
  EXPECT_TRUE(has_finding(report, "RDHA-NET-002", Severity::warning, "aws_vpc.main"));
}

TEST(CheckRules, IamPoliciesAsLiteralJsonAndPolicyDocuments) {
  Small s;
  auto admin = s.stack.add(Kind::resource, "aws_iam_policy", "admin", s.east);
  admin.set("policy", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
  auto role = s.stack.add(Kind::resource, "aws_iam_role", "open", s.east);
  role.set("assume_role_policy",
           R"({"Version":"2012-10-17","Statement":[{"Sid":"Anyone","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]})");
  auto doc = s.stack.add(Kind::data, "aws_iam_policy_document", "pass", s.east);
  doc.add_block("statement", {{"sid", "PassAnything"}, {"effect", "Allow"}, {"actions", {"iam:PassRole"}}, {"resources", {"*"}}});
  auto inline_policy = s.stack.add(Kind::resource, "aws_iam_role_policy", "pass", s.east);
  inline_policy.set("role", role.attr("name")).set("policy", doc.attr("json"));
  auto key = s.stack.add(Kind::resource, "aws_kms_key", "open", s.east);
  key.set("enable_key_rotation", true)
      .set("policy", R"({"Statement":[{"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]})");

  const CheckReport report = check(s.stack);
  EXPECT_TRUE(has_finding(report, "RDHA-IAM-001", Severity::error, "aws_iam_policy.admin")) << listing(report);
  EXPECT_TRUE(has_finding(report, "RDHA-IAM-002", Severity::error, "aws_iam_role.open"));
  EXPECT_TRUE(has_finding(report, "RDHA-IAM-003", Severity::error, "aws_iam_role_policy.pass"));
  EXPECT_TRUE(has_finding(report, "RDHA-KMS-002", Severity::error, "aws_kms_key.open"));
  EXPECT_NE(of_rule(report, "RDHA-IAM-003")[0].summary.find("\"PassAnything\""), std::string::npos);
  // "*:*" is reported once, by IAM-001, not again as an unscoped PassRole.
  EXPECT_TRUE(of_rule(report, "RDHA-IAM-003").size() == 1u) << listing(report);
}

TEST(CheckRules, AdministratorAccessAttachment) {
  Small s;
  auto attachment = s.stack.add(Kind::resource, "aws_iam_role_policy_attachment", "admin", s.east);
  attachment.set("role", "x").set("policy_arn", "arn:aws:iam::aws:policy/AdministratorAccess");
  EXPECT_TRUE(has_finding(check(s.stack), "RDHA-IAM-001", Severity::error, "aws_iam_role_policy_attachment.admin"));
}

TEST(CheckRules, EngineSupportFollowsTheDate) {
  stack::HaStackSpec spec;
  pin_minor("17.4")(spec);
  const Stack stack = stack::build_ha_stack(spec);
  const auto at_date = [&](const char* date) { return of_rule(check(stack, *Date::parse(date)), "RDHA-ENG-001"); };
  EXPECT_TRUE(at_date("2025-12-01").empty());  // more than 90 days before the refusal date
  auto notice = at_date("2026-03-01");
  ASSERT_EQ(notice.size(), 1u);
  EXPECT_EQ(notice[0].severity, Severity::info);
  EXPECT_EQ(notice[0].summary, "RDS stops creating PostgreSQL 17.4 instances on 2026-05-01 (standard support ends "
                               "2026-05-31).");
  auto refused = at_date("2026-05-10");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].severity, Severity::error);
  EXPECT_EQ(refused[0].summary, "RDS no longer creates PostgreSQL 17.4 instances (since 2026-05-01).");
  EXPECT_NE(refused[0].detail.find("standard support ends 2026-05-31"), std::string::npos) << refused[0].detail;
  auto ended = at_date("2026-11-26");
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].address, "aws_db_instance.primary");
  EXPECT_EQ(ended[0].severity, Severity::error);
  EXPECT_NE(ended[0].detail.find("standard support ended 2026-05-31"), std::string::npos) << ended[0].detail;
  EXPECT_NE(ended[0].detail.find("engine_version = \"17\" with auto_minor_version_upgrade = true"), std::string::npos);
  EXPECT_NE(ended[0].detail.find("aws rds describe-db-engine-versions --engine postgres --engine-version 17"),
            std::string::npos);
  // The same pin also freezes the minor (RDHA-ENG-002), at any date.
  EXPECT_TRUE(has_finding(check(stack, *Date::parse("2025-12-01")), "RDHA-ENG-002", Severity::warning,
                          "aws_db_instance.primary"));
}

TEST(CheckRules, CurrentMinorsAndTheMajorAlonePass) {
  // The default: the major alone with automatic minor upgrades.
  Stack defaults = stack::build_ha_stack({});
  EXPECT_EQ(defaults.find("aws_db_instance.primary")->get("engine_version")->get<std::string>(), "17");
  for (const char* id : {"RDHA-ENG-001", "RDHA-ENG-002", "RDHA-DB-011"})
    EXPECT_TRUE(of_rule(check(defaults), id).empty()) << id;
  // A pinned minor RDS still creates is no error; with upgrades off it is a warning only.
  for (const char* version : {"17.7", "16.8"}) {
    stack::HaStackSpec spec;
    pin_minor(version)(spec);
    const CheckReport report = check(stack::build_ha_stack(spec));
    EXPECT_TRUE(of_rule(report, "RDHA-ENG-001").empty()) << version;
    EXPECT_EQ(of_rule(report, "RDHA-ENG-002").size(), 1u) << version;
  }
  // A pin in the spec with upgrades on emits the major: nothing to report.
  stack::HaStackSpec upgrading;
  upgrading.database.engine_version = "17.4";
  const CheckReport report = check(stack::build_ha_stack(upgrading));
  EXPECT_TRUE(of_rule(report, "RDHA-ENG-001").empty()) << listing(report);
  EXPECT_TRUE(of_rule(report, "RDHA-ENG-002").empty()) << listing(report);
}

TEST(CheckRules, MaintenanceWindowsOfSeparateChainsMayCoincide) {
  // Two single-instance chains patched in the same hour take nothing redundant away.
  Small s;
  for (const char* name : {"a", "b"})
    s.stack.add(Kind::resource, "aws_db_instance", name, s.east)
        .set("identifier", std::string(name) + "-rdha")
        .set("maintenance_window", "sun:04:00-sun:05:00");
  EXPECT_TRUE(of_rule(check(s.stack), "RDHA-HA-006").empty()) << listing(check(s.stack));
}

TEST(CheckRules, NameSuffixFollowsTheSpecsSuffix) {
  stack::HaStackSpec spec;
  spec.name_suffix = "-prod";
  const Stack stack = stack::build_ha_stack(spec);
  CheckOptions options;
  options.today = testing::pinned_today();
  const auto with_default_suffix = of_rule(run_checks(stack, options), "RDHA-NAME-001");
  EXPECT_FALSE(with_default_suffix.empty());
  options.name_suffix = "-prod";
  const CheckReport report = run_checks(stack, options);
  EXPECT_TRUE(of_rule(report, "RDHA-NAME-001").empty()) << listing(report);
  // The finding names the name it read and the suffix it wanted.
  const auto kms = std::find_if(with_default_suffix.begin(), with_default_suffix.end(),
                                [](const Finding& f) { return f.address == "aws_kms_key.primary"; });
  ASSERT_NE(kms, with_default_suffix.end()) << listing(run_checks(stack, CheckOptions{}));
  EXPECT_EQ(kms->summary, "No name of the resource ends in \"-rdha\" (primary-kms-prod).");
}

TEST(CheckRules, RegistryRejectsDuplicateIds) {
  RuleRegistry registry;
  registry.add({{"X-1", "X", "x", Severity::info, "ha", "", "", {}}, [](const CheckContext&, FindingSink&) {}});
  EXPECT_THROW(registry.add({{"X-1", "Y", "y", Severity::info, "ha", "", "", {}}, [](const CheckContext&, FindingSink&) {}}),
               GraphError);
}

TEST(CheckRules, BuiltinIdsAreUniqueAndDocumented) {
  std::set<std::string> ids;
  for (const auto& rule : RuleRegistry::builtin().rules()) {
    EXPECT_TRUE(ids.insert(rule.info.id).second) << rule.info.id;
    EXPECT_TRUE(rule.info.id.starts_with("RDHA-")) << rule.info.id;
    EXPECT_FALSE(rule.info.title.empty() || rule.info.description.empty() || rule.info.help.empty()) << rule.info.id;
  }
}

TEST(CheckRules, ScannerMappingsNameKnownChecks) {
  const auto* rule = RuleRegistry::builtin().find("RDHA-DB-001");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->info.scanners, (std::vector<ScannerCheck>{{"checkov", "CKV_AWS_16"}, {"trivy", "AVD-AWS-0080"}}));
  EXPECT_EQ(RuleRegistry::builtin().find("RDHA-HA-001")->info.scanners,
            (std::vector<ScannerCheck>{{"checkov", "CKV_AWS_157"}}));
}

}  // namespace
}  // namespace rdha::analysis
