// rdha/stack/modules.hpp — the building blocks of the HA stack.
//
// Each module is a function that adds resources to a Stack and returns handles to what
// the next module needs. build_ha_stack() (stack/ha_stack.hpp) composes them in this
// order: providers → kms → network (×2) → peering → secrets → security → iam →
// migration copy → database → monitoring → failover → outputs (in migration.phase copy
// neither database nor failover: only the copy exists yet). Users compose their own stacks
// from the same functions (three regions, no DR replica, extra alarms, ...).
//
// Naming: every AWS-side name comes from the naming scheme (stack/names.hpp: base + name
// suffix; a region's names travel in its RegionContext); Terraform local names are fixed
// words ("primary", "dr", "replica_1", ...), so addresses are stable while the suffix
// changes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rdha/aws/aws.hpp"
#include "rdha/core/stack.hpp"
#include "rdha/random/random.hpp"
#include "rdha/stack/names.hpp"
#include "rdha/stack/region_role.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack {

/// @brief One region of the stack: its role, provider configuration, spec and names, and
///        the per-region inputs of the modules, so a module builds any region the same way.
struct RegionContext {
  std::string key;         ///< "primary" or "dr" (or your own): Terraform local names ("aws_vpc.primary")
  RegionRole role = RegionRole::primary;  ///< the part the region plays
  ProviderRef provider;    ///< aws (primary) or aws.dr
  const RegionSpec* spec;  ///< the region's network spec (points into the HaStackSpec)
  RegionNames names;       ///< AWS-side names of the region's resources ("primary-vpc-rdha")
  /// Existing application security groups the DB group admits (security.existing_app_security_group_ids).
  std::vector<std::string> existing_app_security_group_ids;
  /// The region's application subnets that the other region's database admits
  /// (security.cross_region_app_cidrs, else the region's private subnets).
  std::vector<std::string> cross_region_app_cidrs;
};

/// @brief The context of the spec's region with @p role: key = the role's name, the
///        spec's names and inputs for that region.
RegionContext region_context(const HaStackSpec& spec, RegionRole role, ProviderRef provider);

/// @brief Provider configurations and shared data sources of the stack.
struct Providers {
  RegionContext primary;
  std::optional<RegionContext> dr;  ///< nullopt when regions.dr.enabled is false
  aws::data::CallerIdentity caller;  ///< account id (primary provider)
  aws::data::Partition partition;    ///< "aws", "aws-us-gov", ... (primary provider)
};

/// @brief `terraform` block requirements (aws 5.x, random 3.x) and the two provider
///        configurations with default_tags = spec.tags (the DR one only with
///        regions.dr.enabled); also the caller/partition data.
Providers add_providers(Stack& stack, const HaStackSpec& spec);

/// @brief The alias of each region's AWS-managed RDS key: what aws_managed mode names where
///        a key must be given (the DR replica's key lookup, the migration's snapshot copy,
///        the runbook's checks).
inline constexpr const char* kAwsManagedRdsKeyAlias = "alias/aws/rds";

/// @brief KMS keys for data at rest in each region.
struct KmsKeys {
  bool customer_managed = true;
  std::optional<aws::KmsKey> primary_key;         ///< multi-Region CMK in the primary region
  std::optional<aws::KmsReplicaKey> dr_key;       ///< its replica in the DR region (with a DR region)
  /// ARN to use for encryption in each region; nullopt in aws_managed mode where the
  /// service default key (aws/rds, aws/secretsmanager, ...) applies.
  std::optional<Attr<tf::String>> primary_arn;
  std::optional<Attr<tf::String>> dr_arn;
  /// ARN of the AWS-managed aws/rds key in the DR region (aws_managed mode only):
  /// a cross-region replica of an encrypted source needs an explicit key.
  std::optional<Attr<tf::String>> dr_rds_default_arn;
};

/// @brief Customer-managed multi-Region key + replica key + aliases with rotation and
///        an explicit key policy (account administration; use by RDS, Secrets Manager,
///        CloudWatch Logs, and CloudWatch alarms publishing to encrypted SNS), or in
///        aws_managed mode only the DR region's aws/rds key lookup. Without a DR region
///        (providers.dr nullopt) nothing of the DR region.
KmsKeys build_kms(Stack& stack, const HaStackSpec& spec, const Providers& providers);

/// @brief The network of one region.
struct RegionNetwork {
  RegionContext region;
  aws::Vpc vpc;
  std::vector<aws::Subnet> public_subnets;   ///< one per AZ, in spec order
  std::vector<aws::Subnet> private_subnets;  ///< one per AZ, in spec order
  aws::InternetGateway internet_gateway;
  aws::NatGateway nat_gateway;  ///< in public_subnets[0]
  aws::RouteTable public_route_table;
  aws::RouteTable private_route_table;
};

/// @brief VPC (DNS support + hostnames), public and private subnets over the AZs
///        (no public IPs on launch), IGW, EIP + NAT in the first public subnet, public and
///        private route tables with default routes and associations, the default
///        security group locked down, VPC flow logs to a KMS-encrypted log group
///        (retention >= 365 days) with its IAM role. @p log_key_arn: the region's CMK
///        (nullopt in aws_managed mode).
RegionNetwork build_network(Stack& stack, const HaStackSpec& spec, const RegionContext& region,
                            const std::optional<Attr<tf::String>>& log_key_arn);

/// @brief Cross-region VPC peering.
struct Peering {
  aws::VpcPeeringConnection connection;        ///< requested in the primary region
  aws::VpcPeeringConnectionAccepter accepter;  ///< accepted in the DR region
};

/// @brief Requester (primary, peer_region = DR) + accepter (DR, auto_accept) and routes
///        to the peer VPC CIDR (never 0.0.0.0/0) in both regions' route tables.
Peering build_peering(Stack& stack, const HaStackSpec& spec, const RegionNetwork& primary,
                      const RegionNetwork& dr);

/// @brief The master password and the secret that stores it.
struct MasterSecret {
  PasswordSource source = PasswordSource::random;
  /// The secret (KMS-encrypted, replicated to the DR region); nullopt for rds_managed,
  /// where RDS creates and owns its own secret.
  std::optional<aws::SecretsmanagerSecret> secret;
  std::optional<random::Password> random_password;  ///< source random
  std::optional<aws::ephemeral::SecretsmanagerRandomPassword> ephemeral_password;  ///< source ephemeral
  /// What the DB's `password` (random) or `password_wo` (ephemeral) takes.
  std::optional<Attr<tf::String>> password;
  /// `password_wo_version` / `secret_string_wo_version`: database.password_version
  int password_version = 1;
};

/// @brief Master password per spec.database.password_source and the Secrets Manager
///        secret that stores it (KMS key of the primary region, `replica` block in the DR
///        region with the DR key, when there is a DR region). Its value needs the primary: add_master_secret_value().
MasterSecret build_secrets(Stack& stack, const HaStackSpec& spec, const Providers& providers,
                           const KmsKeys& kms);

/// @brief The secret's value (build_database() adds it): JSON {username, password, engine,
///        host, port, dbname} as the RDS rotation functions read it, host = @p primary's
///        address; `secret_string`, or write-only `secret_string_wo` for ephemeral
///        passwords. Never a literal. nullopt for rds_managed (RDS writes its own secret).
std::optional<aws::SecretsmanagerSecretVersion> add_master_secret_value(Stack& stack, const HaStackSpec& spec,
                                                                        const Providers& providers,
                                                                        const MasterSecret& secret,
                                                                        const aws::DbInstance& primary);

/// @brief Security groups of one region.
struct RegionSecurity {
  std::optional<aws::SecurityGroup> app;  ///< created app-tier SG (when spec says so)
  aws::SecurityGroup db;                  ///< DB SG: PostgreSQL port from the app tier only
};

/// @brief Per region: app-tier SG (or the given existing ids), DB SG allowing only the
///        PostgreSQL port from the app tier (ingress rules as
///        aws_vpc_security_group_ingress_rule) and from the peer region's application
///        subnets (a group cannot be referenced across regions), without egress rules
///        (groups are stateful); the app SG may reach its own DB group and the peer's DB
///        subnets. Every group and rule described. @p peer nullptr (no DR region): no
///        cross-region rule.
RegionSecurity build_security_groups(Stack& stack, const HaStackSpec& spec, const RegionNetwork& network,
                                     const RegionNetwork* peer);

/// @brief IAM roles of the stack.
struct IamRoles {
  aws::IamRole monitoring;      ///< Enhanced Monitoring (monitoring.rds.amazonaws.com)
  aws::IamRole terraform;       ///< Terraform execution (configured principals)
  aws::IamRole rds_operations;  ///< failover / promotion runbooks
  /// AmazonRDSEnhancedMonitoringRole on `monitoring`: DB instances depend on it, or RDS
  /// may reject the role as lacking the Enhanced Monitoring permissions.
  aws::IamRolePolicyAttachment monitoring_policy;
  /// the CI's OIDC provider (spec.pipeline enabled without oidc_provider_arn)
  std::optional<aws::IamOpenidConnectProvider> ci_provider;
};

/// @brief Enhanced Monitoring role with AmazonRDSEnhancedMonitoringRole; Terraform
///        execution role with a least-privilege policy for exactly the services this
///        stack uses (`iam:PassRole` only on the roles it creates; no `*:*`); RDS
///        operations role for promotion/failover (describe, promote, reboot with
///        failover, modify backup retention; on this stack's instances).
IamRoles build_iam(Stack& stack, const HaStackSpec& spec, const Providers& providers, const KmsKeys& kms);

/// @brief Database resources of one region.
struct RegionDatabase {
  aws::DbSubnetGroup subnet_group;        ///< private subnets only
  aws::DbParameterGroup parameter_group;  ///< postgresNN family, SSL forced
};

/// @brief The database tier.
struct Database {
  RegionDatabase primary_region;
  std::optional<RegionDatabase> dr_region;  ///< nullopt without a DR region
  /// The writer (role "writer"): the Multi-AZ primary; in the dr_promoted state the promoted
  /// DR instance (aws_db_instance.dr_writer, in the DR region).
  aws::DbInstance primary;
  std::vector<aws::DbInstance> replicas;   ///< same-region readers (role "reader"), spec order; none when dr_promoted
  std::optional<aws::DbInstance> dr_replica;  ///< cross-region replica (role "dr_replica"); none when dr_promoted
  std::optional<aws::DbInstanceAutomatedBackupsReplication> backups_replication;
  bool promoted = false;  ///< failover.state is dr_promoted: `primary` is the promoted DR instance

  /// @brief The instance in the DR region: the DR replica, or the promoted writer; nullptr without one.
  const aws::DbInstance* in_dr_region() const { return promoted ? &primary : (dr_replica ? &*dr_replica : nullptr); }

  /// The log group of each exported log of each instance (/aws/rds/instance/<identifier>/<log
  /// type>), in its region, on its region's key, with database.log_retention_days; instance by
  /// instance (primary, replicas, DR replica), exports in spec order.
  std::vector<aws::CloudwatchLogGroup> log_groups;
  /// The master secret's value (add_master_secret_value); nullopt for rds_managed.
  std::optional<aws::SecretsmanagerSecretVersion> master_secret_value;
};

/// @brief With migration enabled: the copy of the source's final snapshot in the primary
///        region, encrypted with the stack's primary key (the region's aws/rds key in
///        aws_managed mode), at aws_db_snapshot_copy.migration, target identifier
///        Names::migration_copy(). nullopt without migration. build_ha_stack_parts() adds it
///        in every phase and passes it to build_database(), which restores the primary from it
///        in the restore phase; in the copy phase there is no database yet.
std::optional<aws::DbSnapshotCopy> add_migration_copy(Stack& stack, const HaStackSpec& spec,
                                                      const RegionContext& primary, const KmsKeys& kms);

/// The IAM roles AWS DMS finds by these exact names, once per account
/// (https://docs.aws.amazon.com/dms/latest/userguide/security-iam.html#CHAP_Security.APIRole);
/// the stack creates them only with migration.dms.create_service_roles.
inline constexpr const char* kDmsVpcRoleName = "dms-vpc-role";
inline constexpr const char* kDmsCloudwatchLogsRoleName = "dms-cloudwatch-logs-role";

/// @brief The replication method's resources (docs/migration.md), all in the primary region.
struct MigrationReplication {
  /// The source's CDC parameter group (rds.logical_replication = 1); from phase replicate
  /// until the migration is disabled. rdha migrate's runbook attaches it and reboots the source.
  aws::DbParameterGroup source_parameter_group;
  /// The rest exists in phase replicate only.
  std::optional<aws::VpcPeeringConnection> peering;
  std::optional<aws::SecurityGroup> dms_security_group;
  /// The interface endpoint through which the private replication instance reads the
  /// credentials from Secrets Manager, with its security group.
  std::optional<aws::VpcEndpoint> secrets_endpoint;
  std::optional<aws::DmsReplicationInstance> instance;
  std::optional<aws::DmsEndpoint> source_endpoint;
  std::optional<aws::DmsEndpoint> target_endpoint;
  std::optional<aws::DmsReplicationTask> task;
};

/// @brief With migration method replication: the source's CDC parameter group and, in phase
///        replicate, the same-region peering with the source's VPC and its routes (separate
///        aws_route objects), the DMS security group and its rules (one ingress rule on the
///        source's group, from the replication instance only), the IAM roles DMS needs, the
///        DMS subnet group, the private replication instance on the stack's key, the two
///        endpoints reading their credentials from Secrets Manager over TLS, and the
///        full-load-and-cdc task (not started). nullopt for any other spec.
std::optional<MigrationReplication> build_migration_replication(Stack& stack, const HaStackSpec& spec,
                                                                const Providers& providers,
                                                                const RegionNetwork& network,
                                                                const RegionSecurity& security, const KmsKeys& kms,
                                                                const MasterSecret& secret);

/// @brief Subnet groups and parameter groups in both regions, the Multi-AZ primary, the
///        same-region read replicas, the DR replica and cross-region automated backups
///        replication, hardened (encrypted, SSL-only, backed up, deletion-protected); the log groups of every
///        instance's exported logs, which each instance depends on; and (random and
///        ephemeral passwords) the master secret's value with the primary's connection.
///        The replicas and the backups replication are created one after the other
///        (depends_on): RDS refuses a new replica of a source that is busy creating another
///        ("InvalidDBInstanceState"). In the dr_promoted state (failover.state) the promoted
///        DR instance is the writer, adopted at aws_db_instance.dr_writer by an `import`
///        block (read from the DR region during the plan), and the lost region's instances,
///        the old DR replica address and the backups replication leave the configuration
///        through `removed` blocks that destroy nothing. @p dr_network and @p dr_security
///        nullptr: no DR region (the spec then has no DR replica and no backups replication).
///        @p migration_copy: add_migration_copy()'s copy, which the primary is restored from in
///        migration.phase restore (required there: SpecError without it).
Database build_database(Stack& stack, const HaStackSpec& spec, const Providers& providers,
                        const RegionNetwork& primary_network, const RegionNetwork* dr_network,
                        const RegionSecurity& primary_security, const RegionSecurity* dr_security,
                        const KmsKeys& kms, const MasterSecret& secret, const IamRoles& iam,
                        const std::optional<aws::DbSnapshotCopy>& migration_copy);

/// @brief Monitoring resources.
struct Monitoring {
  aws::SnsTopic primary_topic;  ///< alarm topic in the primary region
  std::optional<aws::SnsTopic> dr_topic;  ///< alarm topic in the DR region (with a DR region)
  std::vector<aws::CloudwatchMetricAlarm> alarms;
};

/// @brief KMS-encrypted SNS topic per region (policy lets CloudWatch and RDS events
///        publish) with the configured subscriptions; alarms with actions (CPU,
///        connections, free storage, freeable memory on the primary; ReplicaLag on every
///        replica, the DR one in the DR region on the DR topic); an RDS event
///        subscription per region for failover, failure and low-storage events. @p database
///        nullptr (migration.phase copy: no database yet): only the topics and their
///        subscribers.
Monitoring build_monitoring(Stack& stack, const HaStackSpec& spec, const Providers& providers,
                            const KmsKeys& kms, const Database* database);

/// @brief Automated disaster recovery (spec.failover): stable DNS names that fail over on
///        Route 53 health checks, the region-loss runbook as an SSM Automation document,
///        and the optional automatic trigger.
struct Failover {
  explicit Failover(aws::Route53Zone private_zone) : zone(std::move(private_zone)) {}

  aws::Route53Zone zone;  ///< private zone on the stack's VPCs
  /// writer.<zone>: the failover PRIMARY record on the writer (a plain CNAME without a DR
  /// instance); nullopt in the dr_promoted state, where it leaves the configuration.
  std::optional<aws::Route53Record> writer;
  std::optional<aws::Route53Record> writer_dr;  ///< the SECONDARY record on the DR instance
  /// The writer switch: an alarm in the DR region on the failover metric, and the health
  /// check of the PRIMARY record that follows it (LastKnownStatus: the switch holds).
  std::optional<aws::CloudwatchMetricAlarm> writer_alarm;
  std::optional<aws::Route53HealthCheck> writer_health_check;
  /// reader.<zone>: a weighted record per same-region replica, each with a health check
  /// (none in the dr_promoted state)
  std::vector<aws::Route53Record> readers;
  std::vector<aws::CloudwatchMetricAlarm> reader_alarms;        ///< a replica stopped replicating
  std::vector<aws::Route53HealthCheck> reader_health_checks;    ///< each on its reader's alarm
  std::optional<aws::Route53Record> reader_dr;  ///< weight 0 on the DR instance, no health check
  std::string writer_name;                      ///< "writer.db.rdha.internal"
  std::string reader_name;                      ///< "reader.db.rdha.internal"
  std::optional<aws::SsmDocument> document;  ///< the automation in the DR region (needs the DR replica)
  std::optional<aws::IamRolePolicy> operations_policy;  ///< its extra rights on the RDS-operations role
  std::optional<aws::CloudwatchMetricAlarm> trigger_alarm;   ///< automatic: DR replication stopped (DR region)
  std::optional<aws::CloudwatchEventRule> trigger_rule;      ///< automatic: the alarm's ALARM state change
  std::optional<aws::CloudwatchEventTarget> trigger_target;  ///< automatic: starts the automation
  std::optional<aws::IamRole> trigger_role;                  ///< automatic: EventBridge starts it with this role
};

/// @brief Route 53 private zone (spec.failover.zone_name) on both VPCs, TTL
///        spec.failover.record_ttl, whose names fail over on health checks (data plane)
///        instead of record changes (control plane, in us-east-1):
///        - writer.<zone>: a failover pair, PRIMARY on the writer with a CLOUDWATCH_METRIC
///          health check on an alarm in the DR region (insufficient data: last known
///          status), SECONDARY on the DR instance. The runbook publishes the failover
///          metric once the promoted instance is available; the check turns unhealthy and
///          stays so. Without a DR instance: a plain CNAME on the writer.
///        - reader.<zone>: a weighted record per same-region replica with a health check on
///          a per-replica alarm (insufficient data: unhealthy), and a weight-0 record on the
///          DR instance without a health check, answered when every replica is unhealthy.
///        With a DR replica: the region-loss automation document in the DR region (the steps
///        of dr/region_failover.hpp, assuming the RDS-operations role) and that role's extra
///        rights. With spec.failover.automatic: an alarm in the DR region on stopped DR
///        replication and an EventBridge rule starting the automation. In the dr_promoted
///        state the records on lost instances leave the configuration (removed blocks),
///        the document and the trigger's alarm, rule and target are dropped, and IAM stays
///        as it was (IAM's control plane is in us-east-1 too).
/// @p dr nullptr: no DR region (the zone on the primary VPC, a plain CNAME for the writer).
Failover build_failover(Stack& stack, const HaStackSpec& spec, const Providers& providers, const RegionNetwork& primary,
                        const RegionNetwork* dr, const Database& database, const Monitoring& monitoring,
                        const IamRoles& iam);

/// @brief The remote state of spec.state (docs/state.md).
struct RemoteState {
  /// rdha bootstrap's managed policy (state.policy_arn) on the Terraform-execution role, or
  /// on state.execution_role_name; none without a policy ARN
  std::optional<aws::IamRolePolicyAttachment> policy_attachment;
};

/// @brief With spec.state.enabled, the `backend "s3"` block: bucket, key, region, the KMS
///        key, `encrypt = true` and the lock (`use_lockfile = true`, which raises
///        required_version to 1.11, or the DynamoDB table), all literals. With
///        spec.state.policy_arn, its attachment to the Terraform-execution role.
RemoteState build_remote_state(Stack& stack, const HaStackSpec& spec, const Providers& providers, const IamRoles& iam);

}  // namespace rdha::stack
