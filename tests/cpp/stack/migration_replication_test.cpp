// Tests of the migration's replication method: its validation (every bad input names the
// field and the value), the DMS version table, and the emitted resources per phase.
#include <gtest/gtest.h>

#include "rdha/stack/names.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/error.hpp"
#include "rdha/stack/dms_versions.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "rdha/stack/migration.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;

HaStackSpec replicating(MigrationPhase phase = MigrationPhase::replicate) {
  HaStackSpec spec;
  spec.migration = {.enabled = true,
                    .method = MigrationMethod::replication,
                    .phase = phase,
                    .source_identifier = "legacy-db",
                    .region = "us-east-1",
                    .vpc_id = "vpc-0123456789abcdef0",
                    .vpc_cidr = "172.31.0.0/16",
                    .security_group_id = "sg-0123456789abcdef0",
                    .engine_version = "13.15",
                    .encrypted = false,
                    .size_gib = 200,
                    .source_snapshot_identifier = {},
                    .source_route_table_ids = {"rtb-0123456789abcdef0", "rtb-0123456789abcdef1"},
                    .source_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:legacy-db-AbCdEf",
                    .source_secret_kms_key_arn = {},
                    .database_name = "legacy",
                    .source_port = 5432,
                    .source_parameters = {},
                    .dms = {}};
  return spec;
}

std::string dump(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.subject + ": " + p.message + "\n";
  return out;
}

std::string message_at(const HaStackSpec& spec, const std::string& subject) {
  const auto problems = validate(spec);
  std::string found;
  for (const auto& p : problems)
    if (p.subject == subject) found = p.message;
  EXPECT_FALSE(found.empty()) << "no problem at " << subject << " in:\n" << dump(problems);
  return found;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const json& args(const Stack& stack, const std::string& address) {
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (stack.resource(i).address.str() == address) return stack.resource(i).arguments;
  ADD_FAILURE() << "no " << address;
  static const json none = json::object();
  return none;
}

bool has(const Stack& stack, const std::string& address) {
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (stack.resource(i).address.str() == address) return true;
  return false;
}

std::vector<std::string> depends_on(const Stack& stack, const std::string& address) {
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (stack.resource(i).address.str() == address) return stack.resource(i).depends_on;
  return {};
}

// ---- validation ----------------------------------------------------------------------------

TEST(ReplicationSpec, DescribedSourceIsValidAndRoundTrips) {
  EXPECT_TRUE(validate(replicating()).empty()) << dump(validate(replicating()));
  const json encoded = to_json(replicating());
  EXPECT_EQ(encoded["migration"]["method"], "replication");
  EXPECT_EQ(encoded["migration"]["phase"], "replicate");
  EXPECT_EQ(encoded["migration"]["dms"]["ssl_mode"], "require");
  EXPECT_EQ(encoded["migration"]["dms"]["engine_version"], "3.6.1");
  EXPECT_EQ(spec_from_json(encoded), replicating());
}

TEST(ReplicationSpec, SourceCidrOverlappingTheStackIsRefused) {
  auto spec = replicating();
  spec.migration.vpc_cidr = "10.0.0.0/8";
  EXPECT_TRUE(contains(message_at(spec, "migration.vpc_cidr"), "\"10.0.0.0/8\" overlaps regions.primary.vpc_cidr"));
}

TEST(ReplicationSpec, SourceInAnotherRegionIsRefused) {
  auto spec = replicating();
  spec.migration.region = "eu-west-1";
  spec.migration.source_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy-db-AbCdEf";
  EXPECT_TRUE(contains(message_at(spec, "migration.region"),
                       "is \"eu-west-1\", but method replication peers the source's VPC with the primary region's VPC "
                       "\"us-east-1\" in the same region"));
}

TEST(ReplicationSpec, SecretOutsideTheSourcesRegionIsRefused) {
  auto spec = replicating();
  spec.migration.source_secret_arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:legacy-db-AbCdEf";
  EXPECT_TRUE(contains(message_at(spec, "migration.source_secret_arn"), "is not in the source's region \"us-east-1\""));
}

TEST(ReplicationSpec, MissingReplicationFieldsAreNamed) {
  auto spec = replicating();
  spec.migration.security_group_id.clear();
  spec.migration.source_route_table_ids.clear();
  spec.migration.source_secret_arn.clear();
  spec.migration.database_name.clear();
  EXPECT_TRUE(contains(message_at(spec, "migration.security_group_id"), "is empty"));
  EXPECT_TRUE(contains(message_at(spec, "migration.source_route_table_ids"), "is empty; method replication needs"));
  EXPECT_TRUE(contains(message_at(spec, "migration.source_secret_arn"), "is empty; method replication needs"));
  EXPECT_TRUE(contains(message_at(spec, "migration.database_name"), "is empty; method replication needs"));
}

TEST(ReplicationSpec, MalformedValuesNameTheFieldAndValue) {
  auto spec = replicating();
  spec.migration.source_route_table_ids = {"rtb-xyz"};
  spec.migration.source_secret_arn = "arn:aws:kms:us-east-1:123456789012:key/abc";
  spec.migration.dms.engine_version = "3.6";
  spec.migration.dms.instance_class = "db.t3.medium";
  spec.migration.database_name = "1db";
  EXPECT_TRUE(contains(message_at(spec, "migration.source_route_table_ids[0]"), "\"rtb-xyz\" is not"));
  EXPECT_TRUE(contains(message_at(spec, "migration.source_secret_arn"), "is not a Secrets Manager secret ARN"));
  EXPECT_TRUE(contains(message_at(spec, "migration.dms.engine_version"), "\"3.6\" is not a DMS engine version"));
  EXPECT_TRUE(contains(message_at(spec, "migration.dms.instance_class"), "\"db.t3.medium\" is not"));
  EXPECT_TRUE(contains(message_at(spec, "migration.database_name"), "\"1db\" is not"));
}

TEST(ReplicationSpec, DmsVersionBelowTheMajorsNeedIsRefusedWithItsSource) {
  auto spec = replicating();
  spec.migration.dms.engine_version = "3.5.4";
  const std::string message = message_at(spec, "migration.dms.engine_version");
  EXPECT_TRUE(contains(message, "\"3.5.4\" is older than \"3.6.1\", the first DMS version that supports PostgreSQL 17"))
      << message;
  EXPECT_TRUE(contains(message, std::string(kDmsPostgresSource))) << message;
  spec.database.engine_version = "16";
  EXPECT_TRUE(validate(spec).empty()) << dump(validate(spec));
}

TEST(ReplicationSpec, SourceMajorDmsDoesNotSupportHasNoPath) {
  auto spec = replicating();
  spec.migration.engine_version = "8.4";
  EXPECT_TRUE(contains(message_at(spec, "migration.engine_version"),
                       "\"8.4\": AWS DMS lists no version that supports PostgreSQL 8"));
}

TEST(ReplicationSpec, PhaseMustBelongToTheMethod) {
  auto spec = replicating(MigrationPhase::restore);
  EXPECT_EQ(message_at(spec, "migration.phase"),
            "is \"restore\", which is not a phase of method \"replication\": \"replication\" runs replicate, then "
            "done.");
  spec = replicating();
  spec.migration.method = MigrationMethod::snapshot;
  EXPECT_TRUE(contains(message_at(spec, "migration.phase"), "copy, then restore, then done"));
}

TEST(ReplicationSpec, VerifyFullNeedsACertificateAndRdsManagedSecretsAreRefused) {
  auto spec = replicating();
  spec.migration.dms.ssl_mode = DmsSslMode::verify_full;
  EXPECT_TRUE(contains(message_at(spec, "migration.dms.certificate_arn"), "verify_full"));
  spec = replicating();
  spec.database.password_source = PasswordSource::rds_managed;
  EXPECT_TRUE(contains(message_at(spec, "database.password_source"), "method replication cannot use"));
}

TEST(ReplicationSpec, LogicalReplicationCannotBeTurnedOff) {
  auto spec = replicating();
  spec.migration.source_parameters = {{"rds.logical_replication", "0"}};
  EXPECT_TRUE(contains(message_at(spec, "migration.source_parameters[\"rds.logical_replication\"]"), "is \"0\""));
}

TEST(DmsVersions, TableAndComparison) {
  EXPECT_EQ(dms_minimum_for_postgres(17), "3.6.1");
  EXPECT_EQ(dms_minimum_for_postgres(12), "");
  EXPECT_EQ(dms_minimum_for_postgres(18), std::nullopt);
  EXPECT_EQ(compare_dms_versions("3.5.4", "3.6.1"), -1);
  EXPECT_EQ(compare_dms_versions("3.10.0", "3.6.1"), 1);
  EXPECT_EQ(compare_dms_versions("3.6.1", "3.6.1"), 0);
  EXPECT_EQ(compare_dms_versions("3.6.1", ""), 1);
}

// ---- resources -----------------------------------------------------------------------------

TEST(ReplicationResources, SnapshotAndDefaultStacksHaveNone) {
  for (const Stack& stack : {build_ha_stack(HaStackSpec{}), build_ha_stack(replicating(MigrationPhase::done))}) {
    EXPECT_FALSE(has(stack, "aws_dms_replication_instance.migration"));
    EXPECT_FALSE(has(stack, "aws_vpc_peering_connection.migration"));
  }
}

TEST(ReplicationResources, ThePrivateInstanceOnTheStackKey) {
  const Stack stack = build_ha_stack(replicating());
  const json& instance = args(stack, "aws_dms_replication_instance.migration");
  EXPECT_EQ(instance["publicly_accessible"], false);
  EXPECT_EQ(instance["engine_version"], "3.6.1");
  EXPECT_EQ(instance["auto_minor_version_upgrade"], false);
  EXPECT_EQ(instance["multi_az"], true);
  EXPECT_EQ(instance["kms_key_arn"], "${aws_kms_key.primary.arn}");
  EXPECT_EQ(instance["replication_subnet_group_id"],
            "${aws_dms_replication_subnet_group.migration.replication_subnet_group_id}");
  EXPECT_EQ(instance["vpc_security_group_ids"], json::array({"${aws_security_group.migration_dms.id}"}));
  const json& subnets = args(stack, "aws_dms_replication_subnet_group.migration");
  EXPECT_EQ(subnets["subnet_ids"].size(), 2u);
  // Without create_service_roles the account's roles are looked up, and waited for.
  EXPECT_TRUE(has(stack, "data.aws_iam_role.dms_vpc"));
  EXPECT_EQ(args(stack, "data.aws_iam_role.dms_vpc")["name"], "dms-vpc-role");
  EXPECT_FALSE(has(stack, "aws_iam_role.dms_vpc"));
  const auto waits = depends_on(stack, "aws_dms_replication_subnet_group.migration");
  EXPECT_NE(std::find(waits.begin(), waits.end(), "data.aws_iam_role.dms_vpc"), waits.end());
}

TEST(ReplicationResources, ServiceRolesWhenTheSpecAsks) {
  auto spec = replicating();
  spec.migration.dms.create_service_roles = true;
  const Stack stack = build_ha_stack(spec);
  EXPECT_EQ(args(stack, "aws_iam_role.dms_vpc")["name"], "dms-vpc-role");
  EXPECT_EQ(args(stack, "aws_iam_role.dms_cloudwatch_logs")["name"], "dms-cloudwatch-logs-role");
  EXPECT_TRUE(contains(args(stack, "aws_iam_role_policy_attachment.dms_vpc")["policy_arn"].get<std::string>(),
                       ":iam::aws:policy/service-role/AmazonDMSVPCManagementRole"));
  EXPECT_FALSE(has(stack, "data.aws_iam_role.dms_vpc"));
}

TEST(ReplicationResources, EndpointsReadSecretsOverTls) {
  const Stack stack = build_ha_stack(replicating());
  const json& source = args(stack, "aws_dms_endpoint.migration_source");
  EXPECT_EQ(source["endpoint_type"], "source");
  EXPECT_EQ(source["engine_name"], "postgres");
  EXPECT_EQ(source["database_name"], "legacy");
  EXPECT_EQ(source["ssl_mode"], "require");
  EXPECT_EQ(source["secrets_manager_arn"], "arn:aws:secretsmanager:us-east-1:123456789012:secret:legacy-db-AbCdEf");
  EXPECT_EQ(source["secrets_manager_access_role_arn"], "${aws_iam_role.migration_dms_secrets.arn}");
  EXPECT_FALSE(source.contains("password"));
  const json& target = args(stack, "aws_dms_endpoint.migration_target");
  EXPECT_EQ(target["database_name"], "appdb");
  EXPECT_EQ(target["secrets_manager_arn"], "${aws_secretsmanager_secret.db_master_password.arn}");
  EXPECT_EQ(target["postgres_settings"][0]["after_connect_script"], "SET session_replication_role = replica");
  const auto waits = depends_on(stack, "aws_dms_endpoint.migration_source");
  EXPECT_NE(std::find(waits.begin(), waits.end(), "aws_db_parameter_group.migration_source"), waits.end());
  // The role is trusted by the region's DMS principal.
  const std::string trust = args(stack, "data.aws_iam_policy_document.migration_dms_secrets_trust").dump();
  EXPECT_TRUE(contains(trust, "dms.us-east-1.amazonaws.com")) << trust;
}

TEST(ReplicationResources, TaskIsFullLoadAndCdcNotStartedAndValidated) {
  const Stack stack = build_ha_stack(replicating());
  const json& task = args(stack, "aws_dms_replication_task.migration");
  EXPECT_EQ(task["migration_type"], "full-load-and-cdc");
  EXPECT_EQ(task["start_replication_task"], false);
  const json settings = json::parse(task["replication_task_settings"].get<std::string>());
  EXPECT_EQ(settings["ValidationSettings"]["EnableValidation"], true);
  EXPECT_EQ(settings["FullLoadSettings"]["TargetTablePrepMode"], "DO_NOTHING");
  EXPECT_EQ(settings["TargetMetadata"]["LobMaxSize"], 32);
  const json mappings = json::parse(task["table_mappings"].get<std::string>());
  EXPECT_EQ(mappings["rules"][0]["rule-action"], "include");
}

TEST(ReplicationResources, NetworkPathTouchesOnlyItsOwnRoutesAndRules) {
  const Stack stack = build_ha_stack(replicating());
  const json& peering = args(stack, "aws_vpc_peering_connection.migration");
  EXPECT_EQ(peering["peer_vpc_id"], "vpc-0123456789abcdef0");
  EXPECT_EQ(peering["auto_accept"], true);
  EXPECT_EQ(args(stack, "aws_route.migration_private_to_source")["destination_cidr_block"], "172.31.0.0/16");
  const json& back = args(stack, "aws_route.migration_source_2_to_stack");
  EXPECT_EQ(back["route_table_id"], "rtb-0123456789abcdef1");
  EXPECT_EQ(back["destination_cidr_block"], "10.0.0.0/16");
  const json& source_rule = args(stack, "aws_vpc_security_group_ingress_rule.migration_source_from_dms");
  EXPECT_EQ(source_rule["security_group_id"], "sg-0123456789abcdef0");
  EXPECT_EQ(source_rule["referenced_security_group_id"], "${aws_security_group.migration_dms.id}");
  EXPECT_EQ(source_rule["from_port"], 5432);
  EXPECT_FALSE(source_rule.contains("cidr_ipv4"));
  EXPECT_EQ(args(stack, "aws_vpc_security_group_ingress_rule.migration_dms_to_db")["security_group_id"],
            "${aws_security_group.primary_db.id}");
}

TEST(ReplicationResources, PeeringResolvesTheSourcesNamePrivatelyAndCrossVpcRulesWaitForIt) {
  const Stack stack = build_ha_stack(replicating());
  const json& peering = args(stack, "aws_vpc_peering_connection.migration");
  EXPECT_EQ(peering["requester"], json::parse(R"([{"allow_remote_vpc_dns_resolution": true}])"));
  EXPECT_EQ(peering["accepter"], json::parse(R"([{"allow_remote_vpc_dns_resolution": true}])"));
  for (const char* rule : {"aws_vpc_security_group_egress_rule.migration_dms_to_source",
                           "aws_vpc_security_group_ingress_rule.migration_source_from_dms"})
    EXPECT_EQ(depends_on(stack, rule), std::vector<std::string>{"aws_vpc_peering_connection.migration"}) << rule;
}

TEST(ReplicationResources, TheInstanceReadsSecretsThroughAnInterfaceEndpoint) {
  const Stack stack = build_ha_stack(replicating());
  const json& endpoint = args(stack, "aws_vpc_endpoint.migration_secretsmanager");
  EXPECT_EQ(endpoint["service_name"], "com.amazonaws.us-east-1.secretsmanager");
  EXPECT_EQ(endpoint["vpc_endpoint_type"], "Interface");
  EXPECT_EQ(endpoint["private_dns_enabled"], true);
  EXPECT_EQ(endpoint["vpc_id"], "${aws_vpc.primary.id}");
  EXPECT_EQ(endpoint["subnet_ids"], args(stack, "aws_dms_replication_subnet_group.migration")["subnet_ids"]);
  EXPECT_EQ(endpoint["security_group_ids"], json::array({"${aws_security_group.migration_secrets_endpoint.id}"}));
  EXPECT_EQ(args(stack, "aws_security_group.migration_secrets_endpoint")["name"], "migration-secretsmanager-rdha");
  const json& from_vpc = args(stack, "aws_vpc_security_group_ingress_rule.migration_secrets_endpoint_from_vpc");
  EXPECT_EQ(from_vpc["cidr_ipv4"], "10.0.0.0/16");
  EXPECT_EQ(from_vpc["from_port"], 443);
  const json& out = args(stack, "aws_vpc_security_group_egress_rule.migration_dms_to_secrets_endpoint");
  EXPECT_EQ(out["security_group_id"], "${aws_security_group.migration_dms.id}");
  EXPECT_EQ(out["referenced_security_group_id"], "${aws_security_group.migration_secrets_endpoint.id}");
  EXPECT_EQ(out["to_port"], 443);
  EXPECT_FALSE(has(build_ha_stack(replicating(MigrationPhase::done)), "aws_vpc_endpoint.migration_secretsmanager"));
}

TEST(ReplicationResources, TerraformRoleUsesTheKeyThroughDmsAndReadsTheAccountsDmsRoles) {
  const std::string with = args(build_ha_stack(replicating()), "data.aws_iam_policy_document.terraform_execution").dump();
  EXPECT_TRUE(contains(with, "dms.us-east-1.amazonaws.com")) << with;  // kms:ViaService
  // Looked up, not created: readable, not manageable.
  EXPECT_TRUE(contains(with, "role/dms-vpc-role")) << with;
  EXPECT_TRUE(contains(with, "role/dms-cloudwatch-logs-role")) << with;
  EXPECT_FALSE(contains(with, "AmazonDMSVPCManagementRole")) << with;
  const std::string without =
      args(build_ha_stack(HaStackSpec{}), "data.aws_iam_policy_document.terraform_execution").dump();
  EXPECT_FALSE(contains(without, "dms.us-east-1")) << without;
}

TEST(ReplicationNames, DmsIdentifiersFollowDmsRules) {
  EXPECT_EQ(name_rule_violation(NameKind::dms_replication_instance, "migration-dms-rdha"), "");
  EXPECT_EQ(name_rule_violation(NameKind::dms_replication_instance, std::string(64, 'm')),
            "AWS DMS replication instance identifiers are at most 63 characters (this one has 64)");
  EXPECT_EQ(name_rule_violation(NameKind::dms_identifier, "migration--source"),
            "AWS DMS endpoint and task identifiers must not contain two consecutive hyphens");
  EXPECT_EQ(name_rule_violation(NameKind::dms_identifier, std::string(255, 'm')), "");
  // A suffix that fits a DB instance identifier (63) may still make the DMS instance's too long.
  auto spec = replicating();
  spec.name_suffix = "-" + std::string(50, 'x');  // primary-…: 58, migration-dms-…: 64
  bool named = false;
  for (const auto& problem : validate(spec))
    named = named || contains(problem.message, "AWS DMS replication instance identifiers are at most 63");
  EXPECT_TRUE(named) << dump(validate(spec));
}

TEST(ReplicationResources, SourceParameterGroupStaysUntilTheMigrationIsOff) {
  for (const auto phase : {MigrationPhase::replicate, MigrationPhase::done}) {
    const Stack stack = build_ha_stack(replicating(phase));
    const json& group = args(stack, "aws_db_parameter_group.migration_source");
    EXPECT_EQ(group["family"], "postgres13");
    EXPECT_EQ(group["name"], "migration-source-postgres13-rdha");
    const std::string parameters = group["parameter"].dump();
    EXPECT_TRUE(contains(parameters, "\"rds.logical_replication\"")) << parameters;
    EXPECT_TRUE(contains(parameters, "pending-reboot")) << parameters;
  }
}

TEST(ReplicationResources, KeyPolicyAdmitsDmsOnlyWithReplication) {
  const std::string with = args(build_ha_stack(replicating()), "data.aws_iam_policy_document.kms_primary").dump();
  EXPECT_TRUE(contains(with, "dms.us-east-1.amazonaws.com")) << with;
  const std::string without = args(build_ha_stack(HaStackSpec{}), "data.aws_iam_policy_document.kms_primary").dump();
  EXPECT_FALSE(contains(without, "dms.")) << without;
}

TEST(ReplicationResources, TerraformRoleManagesDmsOnlyWithReplication) {
  auto spec = replicating();
  spec.migration.dms.create_service_roles = true;
  const std::string with = args(build_ha_stack(spec), "data.aws_iam_policy_document.terraform_execution").dump();
  for (const char* part : {"dms:CreateReplicationInstance", "PassMigrationDmsSecretsRole", "role/migration-dms-secrets-rdha",
                           "role/dms-vpc-role", "AmazonDMSVPCManagementRole"})
    EXPECT_TRUE(contains(with, part)) << part;
  const std::string without =
      args(build_ha_stack(HaStackSpec{}), "data.aws_iam_policy_document.terraform_execution").dump();
  EXPECT_FALSE(contains(without, "dms:")) << without;
}

// ---- the runbook ----------------------------------------------------------------------------

std::vector<std::string> lines_of(const dr::MigrationRunbook& runbook, dr::CommandKind kind) {
  std::vector<std::string> out;
  for (const auto& step : runbook.steps)
    for (const auto& command : step.commands)
      if (command.kind == kind) out.push_back(command.line);
  return out;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return contains(l, text); });
}

TEST(ReplicationRunbook, StepsInOrderEachWithARollback) {
  const auto runbook = migration_runbook(replicating(), "stack.json");
  EXPECT_EQ(runbook.method, "replication");
  std::vector<std::string> ids;
  for (const auto& step : runbook.steps) {
    ids.push_back(step.id);
    EXPECT_FALSE(step.rollback.empty()) << step.id;
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"preconditions", "schema", "source-reboot", "start-task", "full-load",
                                           "cdc-latency", "validation", "write-freeze", "final-sync", "sequences",
                                           "stop-task", "switch-applications", "drop-slot", "apply-done"}));
  // The reboot 5 (a separate outage) + freeze 2 + final sync 1 + sequences 1 + stop 1 + switch 5.
  EXPECT_EQ(runbook.downtime.total_minutes(), 15);
}

TEST(ReplicationRunbook, ExactCommands) {
  const auto runbook = migration_runbook(replicating(), "stack.json");
  const auto aws = lines_of(runbook, dr::CommandKind::aws_cli);
  EXPECT_TRUE(any_contains(aws, "aws dms test-connection --region us-east-1 --replication-instance-arn "
                                "\"$INSTANCE_ARN\" --endpoint-arn \"$SOURCE_ARN\""));
  EXPECT_TRUE(any_contains(aws, "aws dms wait test-connection-succeeds --region us-east-1 --filters "
                                "'[{\"Name\":\"endpoint-arn\",\"Values\":[\"'\"$SOURCE_ARN\"'\"]}]'"));
  EXPECT_TRUE(any_contains(aws, "aws rds modify-db-instance --region us-east-1 --db-instance-identifier legacy-db "
                                "--db-parameter-group-name migration-source-postgres13-rdha --apply-immediately"));
  EXPECT_TRUE(any_contains(aws, "aws rds reboot-db-instance --region us-east-1 --db-instance-identifier legacy-db"));
  EXPECT_TRUE(any_contains(aws, "--start-replication-task-type start-replication"));
  EXPECT_TRUE(any_contains(aws, "--metric-name CDCLatencySource"));
  EXPECT_TRUE(any_contains(aws, "Name=ReplicationInstanceIdentifier,Value=migration-dms-rdha"));
  EXPECT_TRUE(any_contains(aws, "aws dms describe-table-statistics"));
  EXPECT_TRUE(any_contains(aws, "aws dms stop-replication-task"));
  const auto sql = lines_of(runbook, dr::CommandKind::sql);
  EXPECT_TRUE(any_contains(sql, "SHOW wal_level;"));
  EXPECT_TRUE(any_contains(sql, "pg_drop_replication_slot"));
  EXPECT_TRUE(any_contains(sql, "setval"));
  EXPECT_TRUE(any_contains(sql, "ALTER DATABASE \"legacy\" SET default_transaction_read_only = on;"));
  EXPECT_TRUE(any_contains(lines_of(runbook, dr::CommandKind::tool), "pg_dump --schema-only"));
  // The limits that bear on near-zero downtime are stated.
  const std::string text = dr::format_text(runbook);
  for (const char* limit : {"primary key", "sequences are not carried", "DDL", "LOB"})
    EXPECT_TRUE(contains(text, limit)) << limit;
  EXPECT_TRUE(contains(text, "static parameter")) << text;
}

TEST(ReplicationRunbook, JsonMarksEveryLineWithItsKind) {
  const json out = dr::to_json(migration_runbook(replicating(), "stack.json"));
  EXPECT_EQ(out["method"], "replication");
  std::vector<std::string> kinds;
  for (const auto& step : out["steps"])
    for (const auto& command : step["commands"]) kinds.push_back(command["kind"]);
  for (const char* kind : {"aws-cli", "sql", "tool", "terraform", "rdha"})
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), kind), kinds.end()) << kind;
}

}  // namespace
}  // namespace rdha::stack
