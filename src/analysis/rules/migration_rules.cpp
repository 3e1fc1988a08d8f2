// Migration rules (RDHA-MIG-*): the data of an existing database arrives encrypted with the
// stack's key. Sources: "CopyDBSnapshot" (Amazon RDS API Reference,
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html): without
// KmsKeyId the copy of an encrypted snapshot keeps the source's key, and "If you copy an
// unencrypted snapshot and specify a value for the KmsKeyId parameter, Amazon RDS encrypts the
// target DB snapshot" (so without it the copy stays unencrypted); "Encrypting Amazon RDS
// resources" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html):
// an unencrypted DB instance cannot be turned into an encrypted one, and a DB instance
// restored from an unencrypted snapshot is unencrypted.
//
// The replication method's rules (AWS DMS, read 2026-12-06):
// - MIG-002: CDC from PostgreSQL needs logical replication on the source (on RDS the
//   static parameter rds.logical_replication = 1) and cannot read from a read replica
//   ("Using a PostgreSQL database as an AWS DMS source",
//   https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.PostgreSQL.html).
// - MIG-003: without ssl_mode (or with none) a PostgreSQL endpoint connects unencrypted
//   ("Using SSL with AWS Database Migration Service",
//   https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Security.SSL.html).
// - MIG-004: PubliclyAccessible defaults to true ("CreateReplicationInstance", AWS DMS API
//   Reference, https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateReplicationInstance.html;
//   AWS Config's dms-replication-not-public,
//   https://docs.aws.amazon.com/config/latest/developerguide/dms-replication-not-public.html).
// - MIG-005: only validation compares the target's rows with the source's ("AWS DMS data
//   validation", https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Validating.html).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

void copy_without_key(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_db_snapshot_copy")) {
    const Resource& copy = stack.resource(index);
    if (arg(copy, "kms_key_id") != nullptr) continue;
    std::string restored;
    for (std::size_t db : of_type(stack, "aws_db_instance")) {
      const Json* source = arg(stack.resource(db), "snapshot_identifier");
      if (source == nullptr) continue;
      const auto targets = targets_in(stack, *source);
      if (!targets.empty() && targets.front() == index) restored = stack.resource(db).address.str();
    }
    sink.report(copy.address.str(),
                restored.empty() ? "The snapshot copy has no kms_key_id: an unencrypted source stays unencrypted."
                                 : "The snapshot copy that " + restored +
                                       " is restored from has no kms_key_id: an unencrypted source restores "
                                       "unencrypted.",
                "A copy without KmsKeyId keeps the source's encryption: none for an unencrypted source (and "
                "RDS cannot encrypt a DB instance afterwards), the source's own key for an encrypted one. Set "
                "kms_key_id to the stack's primary key (the spec's migration section does).");
  }
}

bool postgres_engine(const Resource& endpoint) {
  const auto engine = literal_string(arg(endpoint, "engine_name"));
  return engine && (*engine == "postgres" || *engine == "aurora-postgresql");
}

// The nodes @p resource names: its references and its depends_on entries.
std::vector<std::size_t> linked(const Stack& stack, const Resource& resource) {
  std::vector<std::size_t> out = targets_in(stack, resource.arguments);
  for (const auto& address : resource.depends_on)
    if (const auto index = stack.index_of(address)) out.push_back(*index);
  return out;
}

bool enables_logical_replication(const Resource& group) {
  return parameter_value(group, "rds.logical_replication") == "1";
}

// MIG-002: the source endpoint of a CDC task reaches, through its references or depends_on,
// a parameter group with rds.logical_replication = 1, directly or through the source DB
// instance's parameter_group_name; and that instance is not a read replica.
void cdc_without_prerequisites(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_dms_replication_task")) {
    const Resource& task = stack.resource(index);
    const auto type = literal_string(arg(task, "migration_type"));
    if (!type || (*type != "cdc" && *type != "full-load-and-cdc")) continue;
    const Json* source_arn = arg(task, "source_endpoint_arn");
    if (source_arn == nullptr) continue;
    for (std::size_t endpoint_index : targets_in(stack, *source_arn)) {
      const Resource& endpoint = stack.resource(endpoint_index);
      if (endpoint.address.type != "aws_dms_endpoint" || !postgres_engine(endpoint)) continue;
      bool logical = false;
      std::string replica;
      for (std::size_t node : linked(stack, endpoint)) {
        const Resource& linked_resource = stack.resource(node);
        if (linked_resource.address.type == "aws_db_parameter_group" && enables_logical_replication(linked_resource))
          logical = true;
        if (linked_resource.address.type != "aws_db_instance") continue;
        if (arg(linked_resource, "replicate_source_db") != nullptr) replica = linked_resource.address.str();
        if (const Json* group = arg(linked_resource, "parameter_group_name"))
          for (std::size_t g : targets_in(stack, *group))
            if (enables_logical_replication(stack.resource(g))) logical = true;
      }
      if (!replica.empty())
        sink.report(task.address.str(),
                    "The " + *type + " task reads changes from " + replica + ", a read replica.",
                    "DMS cannot capture changes from a PostgreSQL read replica: logical replication slots live on "
                    "the writer. Point the source endpoint at the source's writer instance.");
      else if (!logical)
        sink.report(task.address.str(),
                    "The " + *type + " task's source " + endpoint.address.str() +
                        " reaches no parameter group with rds.logical_replication = 1.",
                    "CDC from PostgreSQL needs logical replication on the source, which RDS turns on with the static "
                    "parameter rds.logical_replication = 1 (the source reboots to apply it). Give the source a "
                    "parameter group that sets it and make the endpoint depend on it, or reference the source "
                    "aws_db_instance (server_name) whose parameter group sets it.");
    }
  }
}

// MIG-003.
void endpoint_without_ssl(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_dms_endpoint")) {
    const Resource& endpoint = stack.resource(index);
    if (!postgres_engine(endpoint)) continue;
    const Json* mode = arg(endpoint, "ssl_mode");
    const auto text = literal_string(mode);
    if (mode != nullptr && text != "none") continue;
    sink.report(endpoint.address.str(),
                mode == nullptr ? "The PostgreSQL endpoint sets no ssl_mode." : "The PostgreSQL endpoint's ssl_mode is none.",
                "Without ssl_mode DMS connects without TLS, and the data and the credentials cross the network in "
                "clear (and a server with rds.force_ssl refuses the connection). Set ssl_mode to require or "
                "verify-full.");
  }
}

// MIG-004.
void public_replication_instance(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_dms_replication_instance")) {
    const Resource& instance = stack.resource(index);
    const Json* value = arg(instance, "publicly_accessible");
    if (value != nullptr && literal_bool(value) == false) continue;
    sink.report(instance.address.str(),
                value == nullptr ? "The replication instance does not set publicly_accessible (DMS's default: public)."
                                 : "The replication instance is publicly accessible.",
                "A public replication instance gets a public IP address next to credentials for both databases. "
                "CreateReplicationInstance makes it public when PubliclyAccessible is not sent: set "
                "publicly_accessible = false and reach the databases over private routes.");
  }
}

// MIG-005.
void task_without_validation(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_dms_replication_task")) {
    const Resource& task = stack.resource(index);
    const auto settings = literal_string(arg(task, "replication_task_settings"));
    bool validated = false;
    if (settings) {
      const auto parsed = nlohmann::json::parse(*settings, nullptr, false);
      if (parsed.is_discarded()) continue;  // not readable here: not judged
      const auto* validation = parsed.contains("ValidationSettings") ? &parsed["ValidationSettings"] : nullptr;
      validated = validation != nullptr && validation->is_object() && validation->contains("EnableValidation") &&
                  validation->at("EnableValidation") == true;
    } else if (arg(task, "replication_task_settings") != nullptr) {
      continue;  // an expression: not judged
    }
    if (validated) continue;
    sink.report(task.address.str(), "The replication task does not validate the migrated data.",
                "Without ValidationSettings.EnableValidation the task never compares the target's rows with the "
                "source's, so rows lost or changed on the way are found after the cutover, if at all. Enable "
                "validation in replication_task_settings and check describe-table-statistics before the switch.");
  }
}

}  // namespace

void add_migration_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-MIG-001", "MigrationCopyEncrypted",
                 "The migrated data is restored from a copy encrypted with the stack's key", Severity::error,
                 "security",
                 "Copying a snapshot with a KMS key is how RDS encrypts an unencrypted snapshot; without a key the "
                 "copy, and the primary restored from it, stay unencrypted, and an unencrypted DB instance cannot be "
                 "encrypted later.",
                 "Set kms_key_id on the aws_db_snapshot_copy the primary is restored from.",
                 {}},
                copy_without_key});
  registry.add({{"RDHA-MIG-002", "MigrationCdcPrerequisites",
                 "A change data capture task reads a source with logical replication on, never a read replica",
                 Severity::error, "migration",
                 "DMS captures PostgreSQL changes through logical replication, which RDS enables only with the static "
                 "parameter rds.logical_replication = 1, and only on a writer; without it the task fails once the "
                 "full load ends, after hours of copying.",
                 "Give the source a parameter group with rds.logical_replication = 1 (the endpoint depends on it) and "
                 "reboot the source before starting the task.",
                 {}},
                cdc_without_prerequisites});
  registry.add({{"RDHA-MIG-003", "MigrationEndpointSsl", "DMS connects to PostgreSQL over TLS", Severity::error,
                 "security",
                 "An endpoint without ssl_mode, or with none, sends the migrated data and the credentials unencrypted.",
                 "Set ssl_mode to require or verify-full on every PostgreSQL aws_dms_endpoint.",
                 {}},
                endpoint_without_ssl});
  registry.add({{"RDHA-MIG-004", "MigrationReplicationInstancePrivate",
                 "The DMS replication instance is private (publicly_accessible = false, set explicitly)",
                 Severity::error, "security",
                 "CreateReplicationInstance defaults PubliclyAccessible to true: left out, the instance holding both "
                 "databases' credentials gets a public IP address.",
                 "Set publicly_accessible = false on every aws_dms_replication_instance.",
                 {}},
                public_replication_instance});
  registry.add({{"RDHA-MIG-005", "MigrationTaskValidation", "The DMS task validates the migrated data",
                 Severity::warning, "migration",
                 "Validation is how a migration proves the target holds the source's rows before the applications "
                 "switch; without it differences surface after the cutover.",
                 "Set ValidationSettings.EnableValidation to true in replication_task_settings.",
                 {}},
                task_without_validation});
}

}  // namespace rdha::analysis::detail
