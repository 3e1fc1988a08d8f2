// The migration's replication method: AWS DMS copies the source into the new primary (full
// load) and keeps it in sync (change data capture) until the cutover, so the downtime is the
// write freeze and the switch only.
//
// Sources (AWS DMS User Guide unless named otherwise, read 2026-12-06):
// - "Using a PostgreSQL database as an AWS DMS source",
//   https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.PostgreSQL.html: CDC from RDS
//   needs rds.logical_replication = 1 in the source's parameter group (a static parameter:
//   the source reboots), and never a read replica as the source.
// - "Using a PostgreSQL database as a target for AWS DMS",
//   https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.PostgreSQL.html:
//   session_replication_role = replica keeps the target's triggers and foreign keys from
//   firing on replicated rows.
// - "Using secrets to access AWS Database Migration Service endpoints",
//   https://docs.aws.amazon.com/dms/latest/userguide/security_iam_secretsmanager.html: the
//   secret holds host, port, username and password; the access role is trusted by the
//   regional service principal dms.<region>.amazonaws.com.
// - "Creating the IAM roles to use with AWS DMS",
//   https://docs.aws.amazon.com/dms/latest/userguide/security-iam.html#CHAP_Security.APIRole:
//   DMS finds dms-vpc-role (AmazonDMSVPCManagementRole) and dms-cloudwatch-logs-role
//   (AmazonDMSCloudWatchLogsRole) by these exact names, once per account.
// - "CreateReplicationInstance" (AWS DMS API Reference,
//   https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateReplicationInstance.html):
//   PubliclyAccessible defaults to true, so it is always sent as false.
// - "Work with VPC peering connections: security groups" (Amazon VPC Peering Guide,
//   https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html): a rule
//   may reference a security group of a peered VPC in the same region.
// The source's own route tables and security group are never edited: each route and rule
// is a resource of its own (an inline `route` or `ingress` elsewhere would fight them:
// https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/route).
#include "rdha/stack/modules.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "policy_statements.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/snapshot_upgrades.hpp"

namespace rdha::stack {
namespace {

using namespace policy;
using Tags = std::map<std::string, std::string>;

// The account's DMS service roles, by the names DMS looks for.

aws::DbParameterGroup add_source_parameter_group(Stack& stack, const HaStackSpec& spec, const ProviderRef& provider) {
  const MigrationSpec& m = spec.migration;
  const int major = postgres_major(m.engine_version).value_or(0);
  const std::string name = Names(spec).migration_source_parameter_group(major);
  auto group = stack.add<aws::DbParameterGroup>("migration_source", provider);
  group.name(name)
      .family(fmt::format("postgres{}", major))
      .description("rdha migration: logical replication on the source for AWS DMS change data capture")
      .tags(Tags{{"Name", name}});
  std::map<std::string, std::string> parameters = m.source_parameters;
  parameters["rds.logical_replication"] = "1";
  // pending-reboot: the runbook reboots the source in a window of its choosing (the
  // parameter is static and takes effect only then).
  for (const auto& [key, value] : parameters) {
    aws::DbParameterGroup::Parameter block;
    block.name(key).value(value).apply_method("pending-reboot");
    group.parameter(block);
  }
  return group;
}

// dms-vpc-role and dms-cloudwatch-logs-role: created when the spec asks, else looked up (the
// plan fails with a clear "not found" when the account lacks them). Returns what the DMS
// subnet group and instance must wait for.
std::vector<ResourceHandle> service_roles(Stack& stack, const HaStackSpec& spec, const ProviderRef& provider,
                                          const Providers& providers) {
  std::vector<ResourceHandle> ready;
  const auto managed = [&](const char* path) {
    return tmpl("arn:", providers.partition.partition(), ":iam::aws:policy/service-role/", path);
  };
  const std::pair<const char*, const char*> roles[] = {{kDmsVpcRoleName, "AmazonDMSVPCManagementRole"},
                                                       {kDmsCloudwatchLogsRoleName, "AmazonDMSCloudWatchLogsRole"}};
  for (const auto& [name, policy_name] : roles) {
    const std::string local = name == std::string(kDmsVpcRoleName) ? "dms_vpc" : "dms_cloudwatch_logs";
    if (!spec.migration.dms.create_service_roles) {
      auto lookup = stack.add<aws::data::IamRole>(local, provider);
      lookup.name(name);
      ready.push_back(lookup);
      continue;
    }
    auto trust = stack.add<Document>(local + "_trust", provider);
    Statement s;
    s.sid("DmsAssumesRole").effect("Allow").actions({"sts:AssumeRole"});
    s.principals(principals("Service", {"dms.amazonaws.com"}));
    trust.statement(s);
    auto role = stack.add<aws::IamRole>(local, provider);
    role.name(name)
        .description(std::string("AWS DMS service role (the account's one, by this exact name): ") + policy_name)
        .assume_role_policy(trust.json_());
    auto attachment = stack.add<aws::IamRolePolicyAttachment>(local, provider);
    attachment.role_(role.name()).policy_arn(managed(policy_name));
    ready.push_back(attachment);
  }
  return ready;
}

// The role both endpoints read their secrets with.
aws::IamRole secrets_role(Stack& stack, const HaStackSpec& spec, const Providers& providers, const KmsKeys& kms,
                          const MasterSecret& secret) {
  const MigrationSpec& m = spec.migration;
  const ProviderRef& provider = providers.primary.provider;
  const std::string name = Names(spec).migration_dms_secrets_role();
  auto trust = stack.add<Document>("migration_dms_secrets_trust", provider);
  Statement assume;
  assume.sid("RegionalDmsAssumesRole").effect("Allow").actions({"sts:AssumeRole"});
  assume.principals(principals("Service", {"dms." + m.region + ".amazonaws.com"}));
  assume.condition(condition("StringEquals", "aws:SourceAccount", {providers.caller.account_id()}));
  trust.statement(assume);
  auto role = stack.add<aws::IamRole>("migration_dms_secrets", provider);
  role.name(name)
      .description("rdha migration: AWS DMS reads the source's and the stack's database secrets")
      .assume_role_policy(trust.json_())
      .tags(Tags{{"Name", name}});

  auto access = stack.add<Document>("migration_dms_secrets", provider);
  access.statement(allow("ReadBothSecrets", {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
                         {Arg<tf::String>(m.source_secret_arn), secret.secret->arn()}));
  Arns keys;
  if (kms.primary_arn) keys.push_back(*kms.primary_arn);
  if (!m.source_secret_kms_key_arn.empty()) keys.emplace_back(m.source_secret_kms_key_arn);
  if (!keys.empty()) {
    Statement decrypt = allow("DecryptTheSecretsThroughSecretsManager", {"kms:Decrypt"}, keys);
    decrypt.condition(
        condition("StringEquals", "kms:ViaService", {"secretsmanager." + m.region + ".amazonaws.com"}));
    access.statement(decrypt);
  }
  auto inline_policy = stack.add<aws::IamRolePolicy>("migration_dms_secrets", provider);
  inline_policy.name(name).role_(role.id()).policy(access.json_());
  return role;
}

std::string task_settings(const DmsSpec& dms) {
  const bool full_lob = dms.lob_max_size_kb == 0;
  nlohmann::json settings = {
      // The schema comes from pg_dump (the runbook's schema step): DMS loads into it as is.
      {"FullLoadSettings", {{"TargetTablePrepMode", "DO_NOTHING"}}},
      {"TargetMetadata",
       {{"SupportLobs", true},
        {"FullLobMode", full_lob},
        {"LimitedSizeLobMode", !full_lob},
        {"LobMaxSize", dms.lob_max_size_kb},
        {"LobChunkSize", 64}}},
      {"Logging", {{"EnableLogging", true}}},
      {"ValidationSettings", {{"EnableValidation", dms.validation}, {"ValidationMode", "ROW_LEVEL"}}},
  };
  return settings.dump();
}

std::string table_mappings() {
  const nlohmann::json mappings = {
      {"rules",
       {{{"rule-type", "selection"},
         {"rule-id", "1"},
         {"rule-name", "every-table"},
         {"object-locator", {{"schema-name", "%"}, {"table-name", "%"}}},
         {"rule-action", "include"}}}}};
  return mappings.dump();
}

aws::DmsEndpoint add_endpoint(Stack& stack, const HaStackSpec& spec, const ProviderRef& provider, bool source,
                              const Arg<tf::String>& secret_arn, const aws::IamRole& role, const KmsKeys& kms) {
  const DmsSpec& dms = spec.migration.dms;
  const Names names(spec);
  const std::string id = source ? names.migration_source_endpoint() : names.migration_target_endpoint();
  auto endpoint = stack.add<aws::DmsEndpoint>(source ? "migration_source" : "migration_target", provider);
  endpoint.endpoint_id(id)
      .endpoint_type(source ? "source" : "target")
      .engine_name("postgres")
      .database_name(source ? spec.migration.database_name : spec.database.db_name)
      .secrets_manager_arn(secret_arn)
      .secrets_manager_access_role_arn(role.arn())
      .ssl_mode(dms.ssl_mode == DmsSslMode::verify_full ? "verify-full" : "require")
      .tags(Tags{{"Name", id}});
  if (dms.ssl_mode == DmsSslMode::verify_full) endpoint.certificate_arn(dms.certificate_arn);
  if (kms.primary_arn) endpoint.kms_key_arn(*kms.primary_arn);
  aws::DmsEndpoint::PostgresSettings settings;
  if (source)
    // The heartbeat keeps the slot's restart LSN moving on an idle source (WAL otherwise
    // piles up); a LOB larger than LobMaxSize fails the task instead of arriving truncated.
    settings.heartbeat_enable(true).fail_tasks_on_lob_truncation(true);
  else
    settings.after_connect_script("SET session_replication_role = replica");
  endpoint.postgres_settings(settings);
  // Secrets Manager's role must be usable before DMS tests the connection.
  endpoint.depends_on(role);
  return endpoint;
}

}  // namespace

std::optional<MigrationReplication> build_migration_replication(Stack& stack, const HaStackSpec& spec,
                                                                const Providers& providers,
                                                                const RegionNetwork& network,
                                                                const RegionSecurity& security, const KmsKeys& kms,
                                                                const MasterSecret& secret) {
  const MigrationSpec& m = spec.migration;
  if (!m.enabled || m.method != MigrationMethod::replication) return std::nullopt;
  const ProviderRef& provider = providers.primary.provider;
  const Names names(spec);
  MigrationReplication out{add_source_parameter_group(stack, spec, provider), {}, {}, {}, {}, {}, {}, {}};
  if (!migration_replicating(spec)) return out;  // done: only the parameter group stays
  if (!secret.secret)
    throw SpecError::invalid({{"database.password_source",
                               "is \"rds_managed\", which method replication cannot use: the DMS target endpoint "
                               "needs the host and port in the stack's secret. Use \"random\"."}});

  // ---- network: the stack's VPC peered with the source's, routes both ways ----------------
  const std::string peering_name = names.migration_peering();
  auto peering = stack.add<aws::VpcPeeringConnection>("migration", provider);
  peering.vpc_id(network.vpc.id()).peer_vpc_id(m.vpc_id).auto_accept(true).tags(Tags{{"Name", peering_name}});
  // The source's endpoint name must resolve to its private address from the stack's VPC, even
  // when the source is publicly accessible; else DMS would leave the peering for the internet
  // ("Enabling DNS resolution for a VPC peering connection",
  // https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-dns.html). One account and
  // region: the accepted connection takes both sides' options.
  peering.requester(aws::VpcPeeringConnection::Requester{}.allow_remote_vpc_dns_resolution(true))
      .accepter(aws::VpcPeeringConnection::Accepter{}.allow_remote_vpc_dns_resolution(true));
  auto to_source = stack.add<aws::Route>("migration_private_to_source", provider);
  to_source.route_table_id(network.private_route_table.id())
      .destination_cidr_block(m.vpc_cidr)
      .vpc_peering_connection_id(peering.id());
  for (std::size_t i = 0; i < m.source_route_table_ids.size(); ++i) {
    auto back = stack.add<aws::Route>(fmt::format("migration_source_{}_to_stack", i + 1), provider);
    back.route_table_id(m.source_route_table_ids[i])
        .destination_cidr_block(network.region.spec->vpc_cidr)
        .vpc_peering_connection_id(peering.id());
  }

  // ---- the replication instance's group: out to the two databases only -------------------
  const std::string dms_name = names.migration_dms();
  auto group = stack.add<aws::SecurityGroup>("migration_dms", provider);
  group.name(dms_name)
      .description("rdha migration: the AWS DMS replication instance (PostgreSQL to the source and the primary)")
      .vpc_id(network.vpc.id())
      .tags(Tags{{"Name", dms_name}});
  const int port = spec.database.port;
  const auto rule = [&](auto handle, const Arg<tf::String>& on, const Arg<tf::String>& peer, int to_port,
                        const std::string& description) {
    handle.security_group_id(on)
        .referenced_security_group_id(peer)
        .ip_protocol("tcp")
        .from_port(to_port)
        .to_port(to_port)
        .description(description);
  };
  // A rule naming a group of the peer VPC needs the peering active
  // (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html).
  auto to_source_group = stack.add<aws::VpcSecurityGroupEgressRule>("migration_dms_to_source", provider);
  rule(to_source_group, group.id(), Arg<tf::String>(m.security_group_id), m.source_port,
       fmt::format("PostgreSQL {} to the migration source {}", m.source_port, m.source_identifier));
  to_source_group.depends_on(peering);
  rule(stack.add<aws::VpcSecurityGroupEgressRule>("migration_dms_to_db", provider), group.id(), security.db.id(),
       port, fmt::format("PostgreSQL {} to the stack's database group", port));
  rule(stack.add<aws::VpcSecurityGroupIngressRule>("migration_dms_to_db", provider), security.db.id(), group.id(),
       port, fmt::format("PostgreSQL {} from the migration's DMS replication instance", port));
  // On the source's group, one rule of its own: from the replication instance only.
  auto from_dms = stack.add<aws::VpcSecurityGroupIngressRule>("migration_source_from_dms", provider);
  rule(from_dms, Arg<tf::String>(m.security_group_id), group.id(), m.source_port,
       fmt::format("PostgreSQL {} from the rdha migration's DMS replication instance", m.source_port));
  from_dms.depends_on(peering);

  // ---- Secrets Manager inside the VPC ----------------------------------------------------
  // A replication instance in private subnets reads endpoint credentials from Secrets
  // Manager only through an interface VPC endpoint (required from DMS 3.4.7: "Configuring
  // VPC endpoints for AWS DMS", https://docs.aws.amazon.com/dms/latest/userguide/CHAP_VPC_Endpoints.html).
  // Private DNS makes the service name resolve to it for the whole VPC, so its group admits
  // HTTPS from the VPC's CIDR, not from DMS alone.
  const std::string endpoint_name = names.migration_secrets_endpoint();
  auto endpoint_group = stack.add<aws::SecurityGroup>("migration_secrets_endpoint", provider);
  endpoint_group.name(endpoint_name)
      .description("rdha migration: HTTPS to the Secrets Manager interface endpoint from the VPC")
      .vpc_id(network.vpc.id())
      .tags(Tags{{"Name", endpoint_name}});
  stack.add<aws::VpcSecurityGroupIngressRule>("migration_secrets_endpoint_from_vpc", provider)
      .security_group_id(endpoint_group.id())
      .cidr_ipv4(network.region.spec->vpc_cidr)
      .ip_protocol("tcp")
      .from_port(443)
      .to_port(443)
      .description("HTTPS from the VPC to the Secrets Manager endpoint");
  rule(stack.add<aws::VpcSecurityGroupEgressRule>("migration_dms_to_secrets_endpoint", provider), group.id(),
       endpoint_group.id(), 443, "HTTPS to the Secrets Manager interface endpoint");
  std::vector<Arg<tf::String>> subnet_ids;
  for (const auto& subnet : network.private_subnets) subnet_ids.emplace_back(subnet.id());
  auto secrets_endpoint = stack.add<aws::VpcEndpoint>("migration_secretsmanager", provider);
  secrets_endpoint.vpc_id(network.vpc.id())
      .service_name(fmt::format("com.amazonaws.{}.secretsmanager", network.region.spec->name))
      .vpc_endpoint_type("Interface")
      .private_dns_enabled(true)
      .subnet_ids(Arg<tf::Set<tf::String>>(subnet_ids))
      .security_group_ids(Arg<tf::Set<tf::String>>(std::vector<Arg<tf::String>>{endpoint_group.id()}))
      .tags(Tags{{"Name", endpoint_name}});

  // ---- IAM ------------------------------------------------------------------------------
  const auto ready = service_roles(stack, spec, provider, providers);
  const aws::IamRole role = secrets_role(stack, spec, providers, kms, secret);

  // ---- DMS ------------------------------------------------------------------------------
  auto subnets = stack.add<aws::DmsReplicationSubnetGroup>("migration", provider);
  subnets.replication_subnet_group_id(dms_name)
      .replication_subnet_group_description("rdha migration: the private subnets of the primary region for AWS DMS")
      .subnet_ids(Arg<tf::Set<tf::String>>(subnet_ids))
      .tags(Tags{{"Name", dms_name}});
  for (const auto& handle : ready) subnets.depends_on(handle);

  const DmsSpec& dms = m.dms;
  auto instance = stack.add<aws::DmsReplicationInstance>("migration", provider);
  instance.replication_instance_id(dms_name)
      .replication_instance_class(dms.instance_class)
      .allocated_storage(dms.allocated_storage_gib)
      .engine_version(dms.engine_version)
      .auto_minor_version_upgrade(false)  // pinned: the version checked against both majors
      .multi_az(dms.multi_az)
      .publicly_accessible(false)
      .replication_subnet_group_id(subnets.replication_subnet_group_id())
      .vpc_security_group_ids(Arg<tf::Set<tf::String>>(std::vector<Arg<tf::String>>{group.id()}))
      .apply_immediately(true)
      .tags(Tags{{"Name", dms_name}});
  if (kms.primary_arn) instance.kms_key_arn(*kms.primary_arn);
  for (const auto& handle : ready) instance.depends_on(handle);

  auto source = add_endpoint(stack, spec, provider, true, Arg<tf::String>(m.source_secret_arn), role, kms);
  auto target = add_endpoint(stack, spec, provider, false, secret.secret->arn(), role, kms);
  // The source captures changes only once its CDC parameter group is applied (rdha check
  // follows this edge: RDHA-MIG-002).
  source.depends_on(out.source_parameter_group);

  const std::string task_name = names.migration_task();
  auto task = stack.add<aws::DmsReplicationTask>("migration", provider);
  task.replication_task_id(task_name)
      .migration_type("full-load-and-cdc")
      .replication_instance_arn(instance.replication_instance_arn())
      .source_endpoint_arn(source.endpoint_arn())
      .target_endpoint_arn(target.endpoint_arn())
      .table_mappings(table_mappings())
      .replication_task_settings(task_settings(dms))
      // rdha migrate starts it after the source's reboot and the schema copy.
      .start_replication_task(false)
      .tags(Tags{{"Name", task_name}});

  out.peering = peering;
  out.dms_security_group = group;
  out.secrets_endpoint = secrets_endpoint;
  out.instance = instance;
  out.source_endpoint = source;
  out.target_endpoint = target;
  out.task = task;
  return out;
}

}  // namespace rdha::stack
