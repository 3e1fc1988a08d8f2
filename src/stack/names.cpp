// The naming scheme of the HA stack (rdha/stack/names.hpp): every generated name, and the
// list of them the spec validation checks.
#include "rdha/stack/names.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <utility>

namespace rdha::stack {

std::string_view to_string(InstanceAlarm alarm) noexcept {
  switch (alarm) {
    case InstanceAlarm::cpu:
      return "cpu";
    case InstanceAlarm::connections:
      return "connections";
    case InstanceAlarm::free_storage:
      return "free-storage";
    case InstanceAlarm::freeable_memory:
      return "freeable-memory";
    case InstanceAlarm::replica_lag:
      return "lag";
  }
  return "alarm";
}

std::vector<InstanceAlarm> instance_alarms(bool replica) {
  std::vector<InstanceAlarm> out{InstanceAlarm::cpu, InstanceAlarm::connections, InstanceAlarm::free_storage,
                                 InstanceAlarm::freeable_memory};
  if (replica) out.push_back(InstanceAlarm::replica_lag);
  return out;
}

namespace {

// FNV-1a, 32 bit: stable across platforms and releases, and a few lines in any language.
std::uint32_t fnv1a_32(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

}  // namespace

// ---- one DB instance ---------------------------------------------------------------------

InstanceNames::InstanceNames(std::string base, std::string field, std::string suffix)
    : base_(std::move(base)), field_(std::move(field)), suffix_(std::move(suffix)) {}

std::string InstanceNames::identifier() const { return base_ + suffix_; }

std::string InstanceNames::alarm(InstanceAlarm alarm) const {
  return fmt::format("{}-{}{}", base_, to_string(alarm), suffix_);
}

std::string InstanceNames::replicating() const { return base_ + "-replicating" + suffix_; }

std::string InstanceNames::final_snapshot() const { return base_ + "-final" + suffix_; }

// "Publishing PostgreSQL logs to Amazon CloudWatch Logs" (Amazon RDS User Guide,
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.PostgreSQL.PublishtoCloudWatchLogs.html):
// "the PostgreSQL log data is stored within the log group /aws/rds/instance/my_instance/postgresql".
std::string InstanceNames::log_group(std::string_view log_type) const {
  return fmt::format("/aws/rds/instance/{}/{}", identifier(), log_type);
}

std::string InstanceNames::log_group_tag(std::string_view log_type) const {
  return fmt::format("{}-{}-logs{}", base_, log_type, suffix_);
}

// ---- one region --------------------------------------------------------------------------

RegionNames::RegionNames(std::string key, std::string suffix, std::string parameter_group_family)
    : key_(std::move(key)), suffix_(std::move(suffix)), family_(std::move(parameter_group_family)) {}

std::string RegionNames::name(std::string_view what) const { return fmt::format("{}-{}{}", key_, what, suffix_); }

std::string RegionNames::vpc() const { return name("vpc"); }
std::string RegionNames::internet_gateway() const { return name("igw"); }
std::string RegionNames::nat_eip() const { return name("nat-eip"); }
std::string RegionNames::nat_gateway() const { return name("nat"); }
std::string RegionNames::public_route_table() const { return name("public-rt"); }
std::string RegionNames::private_route_table() const { return name("private-rt"); }
std::string RegionNames::public_subnet(std::size_t index) const { return name(fmt::format("public-{}", index + 1)); }
std::string RegionNames::private_subnet(std::size_t index) const { return name(fmt::format("private-{}", index + 1)); }
std::string RegionNames::flow_logs() const { return name("flow-logs"); }
std::string RegionNames::db_security_group() const { return name("db-sg"); }
std::string RegionNames::app_security_group() const { return name("app-sg"); }
std::string RegionNames::default_security_group() const { return name("default-sg"); }
std::string RegionNames::db_subnet_group() const { return name("db-subnets"); }
std::string RegionNames::parameter_group() const {
  // "Forces new resource": family, description (and name). create_before_destroy creates
  // the replacement first, which fails when it keeps the name ("already exists"): the
  // provider documents name_prefix for this ("[Docs]: aws_db_parameter_group: Make clear
  // that the create_before_destroy lifecycle option requires a unique name",
  // https://github.com/hashicorp/terraform-provider-aws/issues/41020, and PR 41048;
  // "Resource: aws_db_parameter_group", https://registry.terraform.io/providers/hashicorp/
  // aws/latest/docs/resources/db_parameter_group). name_prefix appends a random suffix,
  // which would break the name suffix rule, so a hash of those arguments goes in instead.
  const std::uint32_t hash = fnv1a_32(family_ + "\n" + parameter_group_description());
  return name(fmt::format("{}-{:04x}", family_, hash & 0xffffu));
}

std::string RegionNames::parameter_group_description() const {
  return fmt::format("rdha: hardened {} settings (SSL only, connection cap, timeouts, logging)", family_);
}

std::string RegionNames::kms_key() const { return name("kms"); }
std::string RegionNames::alarm_topic() const { return name("db-alarms"); }
std::string RegionNames::event_subscription() const { return name("db-events"); }

// ---- the stack ---------------------------------------------------------------------------

Names::Names(const HaStackSpec& spec) : spec_(spec) {}

std::string Names::name(std::string_view base) const { return named(spec_, base); }

RegionNames Names::region(std::string_view key) const {
  return RegionNames(std::string(key), spec_.name_suffix, parameter_group_family(spec_.database));
}

InstanceNames Names::primary() const { return InstanceNames("primary", "", spec_.name_suffix); }

InstanceNames Names::replica(std::size_t index) const {
  return InstanceNames(spec_.database.replicas.at(index).name, fmt::format("database.replicas[{}].name", index),
                       spec_.name_suffix);
}

InstanceNames Names::dr_replica() const {
  return InstanceNames(spec_.database.dr_replica.name, "database.dr_replica.name", spec_.name_suffix);
}

std::string Names::final_snapshot() const { return name("primary-final"); }
std::string Names::migration_source_snapshot() const { return name("migration-source"); }
std::string Names::migration_copy() const { return name("migration-copy"); }
std::string Names::migration_dms() const { return name("migration-dms"); }
std::string Names::migration_source_endpoint() const { return name("migration-source"); }
std::string Names::migration_target_endpoint() const { return name("migration-target"); }
std::string Names::migration_task() const { return name("migration-full-load-and-cdc"); }
std::string Names::migration_dms_secrets_role() const { return name("migration-dms-secrets"); }
std::string Names::migration_source_parameter_group(int major) const {
  return name(fmt::format("migration-source-postgres{}", major));
}
std::string Names::migration_peering() const { return name("migration-peering"); }
std::string Names::migration_secrets_endpoint() const { return name("migration-secretsmanager"); }
std::string Names::peering() const { return name("peering"); }
std::string Names::kms_alias() const { return "alias/" + name("rds"); }
std::string Names::master_secret() const { return name("db-master-password"); }
std::string Names::terraform_execution() const { return name("terraform-execution"); }
std::string Names::rds_monitoring() const { return name("rds-monitoring"); }
std::string Names::rds_operations() const { return name("rds-operations"); }
std::string Names::rds_operations_failover() const { return name("rds-operations-failover"); }
std::string Names::db_zone() const { return name("db-zone"); }
std::string Names::failover_document() const { return name("region-failover"); }
std::string Names::failover_trigger_alarm() const { return name("primary-region-unreachable"); }
std::string Names::failover_trigger() const { return name("failover-trigger"); }
std::string Names::writer_failover() const { return name("writer-failover"); }
std::string Names::failover_metric_namespace() const { return "RDHA/Failover"; }
std::string Names::failover_metric() const { return "WriterFailedOver"; }
std::string Names::failover_target_id() const { return "region-failover"; }
std::string Names::writer_record() const { return "writer." + spec_.failover.zone_name; }
std::string Names::reader_record() const { return "reader." + spec_.failover.zone_name; }
std::string Names::any() const { return name("*"); }

std::vector<GeneratedName> Names::all() const {
  std::vector<GeneratedName> out;
  // The base is the name without the "alias/" prefix (KMS aliases) and the suffix: what a
  // user-given field contributes, checked on its own to blame the field or the suffix.
  const auto add = [&](NameKind kind, std::string name, std::string field = {}) {
    const std::size_t prefix = kind == NameKind::kms_alias ? std::string_view("alias/").size() : 0;
    const std::size_t suffix = kind == NameKind::event_target ? 0 : spec_.name_suffix.size();
    std::string base = name.substr(prefix, name.size() - prefix - suffix);
    out.push_back({kind, std::move(base), std::move(name), std::move(field)});
  };

  for (RegionRole role : {RegionRole::primary, RegionRole::dr}) {
    const RegionNames r = region(role);
    const RegionSpec& spec = role == RegionRole::primary ? spec_.regions.primary : spec_.regions.dr;
    for (std::string tag : {r.vpc(), r.internet_gateway(), r.nat_eip(), r.nat_gateway(), r.public_route_table(),
                            r.private_route_table()})
      add(NameKind::name_tag, std::move(tag));
    for (std::size_t i = 0; i < spec.public_subnets.size(); ++i) add(NameKind::name_tag, r.public_subnet(i));
    for (std::size_t i = 0; i < spec.private_subnets.size(); ++i) add(NameKind::name_tag, r.private_subnet(i));
    add(NameKind::log_group, r.flow_logs());
    add(NameKind::iam_role, r.flow_logs());
    add(NameKind::iam_policy, r.flow_logs());
    add(NameKind::security_group, r.db_security_group());
    if (spec_.security.create_app_security_groups) add(NameKind::security_group, r.app_security_group());
    add(NameKind::name_tag, r.default_security_group());
    add(NameKind::db_subnet_group, r.db_subnet_group());
    add(NameKind::db_parameter_group, r.parameter_group());
    add(NameKind::sns_topic, r.alarm_topic());
    add(NameKind::event_subscription, r.event_subscription());
    if (spec_.database.kms_mode == KmsMode::customer_managed) add(NameKind::name_tag, r.kms_key());
  }
  add(NameKind::name_tag, peering());
  if (spec_.database.kms_mode == KmsMode::customer_managed) add(NameKind::kms_alias, kms_alias());

  struct Instance {
    InstanceNames names;
    bool replica;
  };
  std::vector<Instance> instances{{primary(), false}};
  for (std::size_t i = 0; i < spec_.database.replicas.size(); ++i) instances.push_back({replica(i), true});
  if (spec_.database.dr_replica.enabled) instances.push_back({dr_replica(), true});

  for (const auto& instance : instances)
    add(NameKind::db_instance, instance.names.identifier(), instance.names.field());
  if (!spec_.database.skip_final_snapshot) add(NameKind::db_snapshot, final_snapshot());
  if (!spec_.database.skip_final_snapshot && spec_.database.dr_replica.enabled &&
      spec_.failover.state == FailoverState::dr_promoted)
    add(NameKind::db_snapshot, dr_replica().final_snapshot(), dr_replica().field());
  if (spec_.migration.enabled && spec_.migration.method == MigrationMethod::snapshot) {
    add(NameKind::db_snapshot, migration_copy());
    if (spec_.migration.source_snapshot_identifier.empty()) add(NameKind::db_snapshot, migration_source_snapshot());
  }
  if (spec_.migration.enabled && spec_.migration.method == MigrationMethod::replication) {
    add(NameKind::security_group, migration_dms());
    add(NameKind::dms_replication_instance, migration_dms());
    for (std::string id : {migration_source_endpoint(), migration_target_endpoint(), migration_task()})
      add(NameKind::dms_identifier, std::move(id));
    add(NameKind::iam_role, migration_dms_secrets_role());
    add(NameKind::name_tag, migration_peering());
    add(NameKind::security_group, migration_secrets_endpoint());
  }
  // A log group's name holds the suffix inside (in the identifier), so its base is the
  // instance's; its Name tag ends in the suffix like every other tag.
  for (const auto& instance : instances)
    for (const auto& log_type : spec_.database.cloudwatch_logs_exports) {
      out.push_back({NameKind::log_group, instance.names.base(), instance.names.log_group(log_type),
                     instance.names.field()});
      add(NameKind::name_tag, instance.names.log_group_tag(log_type), instance.names.field());
    }
  if (spec_.database.password_source != PasswordSource::rds_managed) add(NameKind::secret, master_secret());
  for (std::string role : {terraform_execution(), rds_monitoring(), rds_operations()})
    add(NameKind::iam_role, std::move(role));
  // rds-monitoring has only the AWS-managed policy attached, no inline one.
  for (std::string policy : {terraform_execution(), rds_operations()}) add(NameKind::iam_policy, std::move(policy));
  for (const auto& instance : instances)
    for (InstanceAlarm alarm : instance_alarms(instance.replica))
      add(NameKind::cloudwatch_alarm, instance.names.alarm(alarm), instance.names.field());
  if (spec_.failover.enabled) {
    add(NameKind::name_tag, db_zone());
    for (std::size_t i = 0; i < spec_.database.replicas.size(); ++i) {
      add(NameKind::cloudwatch_alarm, replica(i).replicating(), replica(i).field());
      add(NameKind::name_tag, replica(i).replicating(), replica(i).field());
    }
    if (spec_.database.dr_replica.enabled) {
      add(NameKind::cloudwatch_alarm, writer_failover());
      add(NameKind::name_tag, writer_failover());
      add(NameKind::ssm_document, failover_document());
      add(NameKind::iam_policy, rds_operations_failover());
    }
    if (spec_.failover.automatic && spec_.database.dr_replica.enabled) {
      add(NameKind::cloudwatch_alarm, failover_trigger_alarm());
      add(NameKind::event_rule, failover_trigger());
      add(NameKind::iam_role, failover_trigger());
      add(NameKind::iam_policy, failover_trigger());
      add(NameKind::event_target, failover_target_id());
    }
  }
  return out;
}

}  // namespace rdha::stack
