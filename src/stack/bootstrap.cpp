// The state bootstrap (rdha/stack/bootstrap.hpp): bucket, replica, replication, lock
// table and the Terraform policy of the S3 backend.
//
// Sources:
// - "Backend Type: s3" (Terraform, https://developer.hashicorp.com/terraform/language/backend/s3),
//   permissions: s3:ListBucket on the bucket, s3:GetObject and s3:PutObject on the state key,
//   s3:GetObject, s3:PutObject and s3:DeleteObject on "<key>.tflock" with use_lockfile;
//   dynamodb:DescribeTable, GetItem, PutItem and DeleteItem on the table with dynamodb_table;
//   kms:Encrypt, kms:Decrypt and kms:GenerateDataKey on the key with kms_key_id.
// - "Replicating delete markers between buckets" (Amazon S3 User Guide,
//   https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-marker-replication.html): by
//   default a delete adds a delete marker in the source bucket only. Terraform releases an
//   S3 lock by deleting "<key>.tflock"; without delete-marker replication the replica would
//   keep every lock ever taken.
// - "Resource: aws_s3_bucket_replication_configuration" (https://registry.terraform.io/
//   providers/hashicorp/aws/latest/docs/resources/s3_bucket_replication_configuration):
//   versioning must be enabled on both buckets first (depends_on), a rule with `filter`
//   needs `delete_marker_replication`.
// - "Replicating encrypted objects" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/
//   replication-config-for-kms-objects.html): SSE-KMS objects replicate only with
//   sse_kms_encrypted_objects and a destination key (replica_kms_key_id); the role needs
//   kms:Decrypt on the source key and kms:Encrypt on the destination key, scoped by
//   kms:ViaService and the S3 encryption context (the bucket ARN with S3 Bucket Keys).
// - "Setting up permissions for live replication" (https://docs.aws.amazon.com/AmazonS3/
//   latest/userguide/setting-repl-config-perm-overview.html): the replication role's S3 actions.
// - "Enforce encryption of data in transit" (aws:SecureTransport, https://docs.aws.amazon.com/
//   AmazonS3/latest/userguide/security-best-practices.html#transit), "Blocking public access
//   to your Amazon S3 storage" and "Controlling ownership of objects" (BucketOwnerEnforced).
// - "Global tables" (Amazon DynamoDB Developer Guide, https://docs.aws.amazon.com/
//   amazondynamodb/latest/developerguide/GlobalTables.html): a table in one region is
//   unreachable when that region is down; a replica in the other region is not.
#include "rdha/stack/bootstrap.hpp"

#include <map>
#include <utility>

#include "policy_statements.hpp"
#include "provider_versions.hpp"
#include "spec/state_checks.hpp"

namespace rdha::stack {
namespace {

using namespace policy;

std::map<std::string, std::string> name_tag(const std::string& name) { return {{"Name", name}}; }

// Every statement of the bucket's policy: requests without TLS are denied, whoever makes them.
Document tls_only_policy(Stack& stack, const std::string& local, const ProviderRef& provider,
                         const aws::S3Bucket& bucket) {
  auto doc = stack.add<Document>(local + "_tls_only", provider);
  Statement deny;
  deny.sid("DenyInsecureTransport").effect("Deny").actions({"s3:*"});
  deny.resources({bucket.arn(), tmpl(bucket.arn(), "/*")});
  deny.principals(principals("*", {"*"}));
  deny.condition(condition("Bool", "aws:SecureTransport", {"false"}));
  doc.statement(deny);
  return doc;
}

StateBucket protected_bucket(Stack& stack, const HaStackSpec& spec, const std::string& local,
                             const ProviderRef& provider, const std::string& name) {
  auto key = stack.add<aws::KmsKey>(local, provider);
  key.description("rdha: encrypts the Terraform state in s3://" + name)
      .enable_key_rotation(true)
      .deletion_window_in_days(spec.database.kms_deletion_window_days)
      .tags(name_tag(name));

  auto bucket = stack.add<aws::S3Bucket>(local, provider);
  bucket.bucket(name).tags(name_tag(name));
  Lifecycle keep;  // the only copy of the stack's state history
  keep.prevent_destroy = true;
  bucket.lifecycle(keep);

  auto versioning = stack.add<aws::S3BucketVersioning>(local, provider);
  versioning.bucket(bucket.id()).versioning_configuration(
      aws::S3BucketVersioning::VersioningConfiguration{}.status("Enabled"));

  auto encryption = stack.add<aws::S3BucketServerSideEncryptionConfiguration>(local, provider);
  using Encryption = aws::S3BucketServerSideEncryptionConfiguration;
  encryption.bucket(bucket.id()).rule(
      Encryption::Rule{}
          .apply_server_side_encryption_by_default(
              Encryption::Rule::ApplyServerSideEncryptionByDefault{}.sse_algorithm("aws:kms").kms_master_key_id(
                  key.arn()))
          .bucket_key_enabled(true));

  auto public_access = stack.add<aws::S3BucketPublicAccessBlock>(local, provider);
  public_access.bucket(bucket.id())
      .block_public_acls(true)
      .block_public_policy(true)
      .ignore_public_acls(true)
      .restrict_public_buckets(true);

  auto ownership = stack.add<aws::S3BucketOwnershipControls>(local, provider);
  ownership.bucket(bucket.id()).rule(aws::S3BucketOwnershipControls::Rule{}.object_ownership("BucketOwnerEnforced"));

  auto policy_doc = tls_only_policy(stack, local, provider, bucket);
  auto bucket_policy = stack.add<aws::S3BucketPolicy>(local, provider);
  bucket_policy.bucket(bucket.id()).policy(policy_doc.json_());
  // S3 refuses a policy while the public access block is being changed on the same bucket.
  bucket_policy.depends_on(public_access);

  return StateBucket{bucket, key, versioning, encryption, public_access, ownership, bucket_policy};
}

// The replication role: read versions of the state bucket, write replicas, decrypt with
// the source key and encrypt with the destination key through S3 only.
aws::IamRole replication_role(Stack& stack, const HaStackSpec& spec, const ProviderRef& provider,
                              const aws::data::CallerIdentity& caller, const StateBucket& source,
                              const StateBucket& destination) {
  const std::string name = named(spec, "state-replication");
  auto trust = stack.add<Document>("state_replication_trust", provider);
  Statement assume;
  assume.sid("AssumedByS3").effect("Allow").actions({"sts:AssumeRole"});
  assume.principals(principals("Service", {"s3.amazonaws.com"}));
  assume.condition(condition("StringEquals", "aws:SourceAccount", {caller.account_id()}));
  trust.statement(assume);
  auto role = stack.add<aws::IamRole>("state_replication", provider);
  role.name(name)
      .description("rdha: replicates the Terraform state bucket to the DR region")
      .assume_role_policy(trust.json_())
      .tags(name_tag(name));

  auto doc = stack.add<Document>("state_replication", provider);
  doc.statement(allow("ReadReplicationConfiguration", {"s3:GetReplicationConfiguration", "s3:ListBucket"},
                      {source.bucket.arn()}));
  doc.statement(allow("ReadSourceVersions",
                      {"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"},
                      {tmpl(source.bucket.arn(), "/*")}));
  doc.statement(allow("WriteReplicas", {"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"},
                      {tmpl(destination.bucket.arn(), "/*")}));
  const auto through_s3 = [&](std::string sid, std::string action, const StateBucket& bucket,
                              const std::string& region) {
    Statement s = allow(std::move(sid), {std::move(action)}, {bucket.key.arn()});
    s.condition(condition("StringEquals", "kms:ViaService", {"s3." + region + ".amazonaws.com"}));
    s.condition(condition("StringLike", "kms:EncryptionContext:aws:s3:arn",
                          {bucket.bucket.arn(), tmpl(bucket.bucket.arn(), "/*")}));
    doc.statement(s);
  };
  through_s3("DecryptSource", "kms:Decrypt", source, state_region(spec));
  through_s3("EncryptReplica", "kms:Encrypt", destination, state_replica_region(spec));
  auto inline_policy = stack.add<aws::IamRolePolicy>("state_replication", provider);
  inline_policy.name(name).role_(role.id()).policy(doc.json_());
  return role;
}

aws::S3BucketReplicationConfiguration replication(Stack& stack, const ProviderRef& provider, const aws::IamRole& role,
                                                  const StateBucket& source, const StateBucket& destination) {
  using Config = aws::S3BucketReplicationConfiguration;
  using Rule = Config::Rule;
  auto config = stack.add<Config>("state", provider);
  config.role_(role.arn()).bucket(source.bucket.id());
  config.rule(
      Rule{}
          .id("state-to-replica")
          .status("Enabled")
          .priority(1)
          .filter(Rule::Filter{})  // every object: the state and its lock file
          .delete_marker_replication(Rule::DeleteMarkerReplication{}.status("Enabled"))
          .source_selection_criteria(Rule::SourceSelectionCriteria{}.sse_kms_encrypted_objects(
              Rule::SourceSelectionCriteria::SseKmsEncryptedObjects{}.status("Enabled")))
          .destination(Rule::Destination{}
                           .bucket(destination.bucket.arn())
                           .encryption_configuration(
                               Rule::Destination::EncryptionConfiguration{}.replica_kms_key_id(destination.key.arn()))));
  config.depends_on(source.versioning);
  config.depends_on(destination.versioning);
  return config;
}

// A global table: the lock stays reachable from the DR region when the state region is lost.
aws::DynamodbTable lock_table(Stack& stack, const HaStackSpec& spec, const ProviderRef& provider,
                              const StateBucket& primary, const StateBucket& replica) {
  using Table = aws::DynamodbTable;
  auto table = stack.add<Table>("state_lock", provider);
  table.name(spec.state.dynamodb_table)
      .billing_mode("PAY_PER_REQUEST")
      .hash_key("LockID")
      .attribute(Table::Attribute{}.name("LockID").type("S"))
      .stream_enabled(true)  // replicas need a stream of new and old images
      .stream_view_type("NEW_AND_OLD_IMAGES")
      .server_side_encryption(Table::ServerSideEncryption{}.enabled(true).kms_key_arn(primary.key.arn()))
      .point_in_time_recovery(Table::PointInTimeRecovery{}.enabled(true))
      .replica(Table::Replica{}.region_name(state_replica_region(spec)).kms_key_arn(replica.key.arn()))
      .deletion_protection_enabled(true)
      .tags(name_tag(spec.state.dynamodb_table));
  return table;
}

// What Terraform needs to read, write and lock the state, in the bucket and in its replica
// (read from it when the state region is lost, docs/state.md), and nothing else.
aws::IamPolicy terraform_policy(Stack& stack, const HaStackSpec& spec, const ProviderRef& provider,
                                const aws::data::CallerIdentity& caller, const aws::data::Partition& partition,
                                const StateBucket& primary, const StateBucket& replica,
                                const std::optional<aws::DynamodbTable>& table) {
  const StateSpec& state = spec.state;
  auto doc = stack.add<Document>("terraform_state", provider);
  Arns buckets, objects, locks;
  for (const StateBucket* b : {&primary, &replica}) {
    buckets.push_back(b->bucket.arn());
    objects.push_back(tmpl(b->bucket.arn(), "/" + state.key));
    locks.push_back(tmpl(b->bucket.arn(), "/" + state.key + ".tflock"));
  }
  doc.statement(allow("ListStateBucket", {"s3:ListBucket"}, buckets));
  doc.statement(allow("ReadWriteState", {"s3:GetObject", "s3:PutObject"}, objects));
  if (state.locking == StateLocking::lockfile)
    doc.statement(allow("LockFile", {"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}, locks));
  doc.statement(allow("StateKeys", {"kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"},
                      {primary.key.arn(), replica.key.arn()}));
  if (table) {
    // The table and its replica: the same name in both regions.
    Arns tables;
    for (const std::string& region : {state_region(spec), state_replica_region(spec)})
      tables.push_back(tmpl("arn:", partition.partition(), ":dynamodb:", region, ":", caller.account_id(), ":table/",
                            table->name()));
    doc.statement(allow("LockTable",
                        {"dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"},
                        tables));
  }
  const std::string name = named(spec, "terraform-state");
  auto policy = stack.add<aws::IamPolicy>("terraform_state", provider);
  policy.name(name)
      .description("rdha: read, write and lock the Terraform state in s3://" + state.bucket + " and its replica")
      .policy(doc.json_())
      .tags(name_tag(name));
  return policy;
}

void add_outputs(Stack& stack, const Bootstrap& b) {
  stack.add_output("state_bucket", {b.primary.bucket.bucket().interpolated(), "state.bucket of the spec.", false});
  stack.add_output("kms_key_arn", {b.primary.key.arn().interpolated(), "state.kms_key_id of the spec.", false});
  stack.add_output("policy_arn", {b.terraform_policy.arn().interpolated(), "state.policy_arn of the spec.", false});
  stack.add_output("replica_bucket",
                   {b.replica.bucket.bucket().interpolated(),
                    "The replica in the other region: -backend-config=bucket=<it> reads the state when the state "
                    "region is lost.",
                    false});
  stack.add_output("replica_kms_key_arn",
                   {b.replica.key.arn().interpolated(), "The replica's key: -backend-config=kms_key_id=<it>.", false});
  if (b.lock_table)
    stack.add_output("lock_table", {b.lock_table->name().interpolated(), "state.dynamodb_table of the spec.", false});
}

}  // namespace

Bootstrap build_bootstrap_parts(const HaStackSpec& spec) {
  validate_or_throw(spec);
  if (auto problems = fields::bootstrap_problems(spec); !problems.empty())
    throw SpecError::invalid(std::move(problems));
  Stack stack;
  stack.require_provider("aws", "hashicorp/aws", kAwsProviderVersion);
  const nlohmann::json tags = {{"default_tags", {{"tags", literal(nlohmann::json(spec.tags))}}}};
  const ProviderRef primary_provider = stack.add_provider("aws", state_region(spec), "", tags);
  const ProviderRef replica_provider = stack.add_provider("aws", state_replica_region(spec), "replica", tags);
  auto caller = stack.add<aws::data::CallerIdentity>("current", primary_provider);
  auto partition = stack.add<aws::data::Partition>("current", primary_provider);

  StateBucket primary = protected_bucket(stack, spec, "state", primary_provider, spec.state.bucket);
  StateBucket replica =
      protected_bucket(stack, spec, "state_replica", replica_provider, state_replica_bucket(spec.state));
  aws::IamRole role = replication_role(stack, spec, primary_provider, caller, primary, replica);
  auto config = replication(stack, primary_provider, role, primary, replica);
  std::optional<aws::DynamodbTable> table;
  if (spec.state.locking == StateLocking::dynamodb) table = lock_table(stack, spec, primary_provider, primary, replica);
  aws::IamPolicy policy = terraform_policy(stack, spec, primary_provider, caller, partition, primary, replica, table);

  Bootstrap parts{std::move(stack), primary, replica, role, config, table, policy};
  add_outputs(parts.stack, parts);
  return parts;
}

Stack build_bootstrap_stack(const HaStackSpec& spec) { return std::move(build_bootstrap_parts(spec).stack); }

}  // namespace rdha::stack
