// Tests of remote state: the spec's state section (every rule with its exact text), the
// backend "s3" block and required_version it gives the stack, the state policy's
// attachment, and the bootstrap stack (protected buckets, replication with delete markers,
// the lock table, the least-privilege state policy).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/bootstrap.hpp"
#include "rdha/stack/ha_stack.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;

constexpr const char* kAccount = "123456789012";
constexpr const char* kBucket = "rdha-state-123456789012";
constexpr const char* kKey = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
constexpr const char* kPolicy = "arn:aws:iam::123456789012:policy/terraform-state-rdha";

HaStackSpec with_state() {
  HaStackSpec spec;
  spec.state.enabled = true;
  spec.state.account_id = kAccount;
  spec.state.bucket = kBucket;
  spec.state.kms_key_id = kKey;
  return spec;
}

std::vector<std::string> messages(const HaStackSpec& spec) {
  std::vector<std::string> out;
  for (const auto& p : validate(spec)) out.push_back(p.subject + ": " + p.message);
  return out;
}

json versions(const Stack& stack) { return to_tf_json(stack).at("versions.tf.json").at("terraform"); }

json body(const Stack& stack, const std::string& address) {
  const auto index = stack.index_of(address);
  if (!index) throw std::runtime_error("no node " + address);
  return stack.resource(*index).arguments;
}

// ---- the backend block ---------------------------------------------------------------------

TEST(RemoteState, OffByDefaultNoBackendAndNoAttachment) {
  const Stack stack = build_ha_stack(HaStackSpec{});
  EXPECT_FALSE(versions(stack).contains("backend"));
  EXPECT_EQ(versions(stack).at("required_version"), ">= 1.5.0");
  EXPECT_FALSE(stack.index_of("aws_iam_role_policy_attachment.terraform_state"));
}

TEST(RemoteState, LockfileBackendIsLiteralEncryptedAndNeedsTerraform111) {
  const Stack stack = build_ha_stack(with_state());
  EXPECT_EQ(versions(stack).at("backend"),
            json({{"s3",
                   {{"bucket", kBucket},
                    {"key", "rdha/terraform.tfstate"},
                    {"region", "us-east-1"},
                    {"encrypt", true},
                    {"kms_key_id", kKey},
                    {"use_lockfile", true}}}}));
  EXPECT_EQ(versions(stack).at("required_version"), ">= 1.11.0");
}

TEST(RemoteState, DynamoDbBackendKeepsTheFeatureFloor) {
  HaStackSpec spec = with_state();
  spec.state.locking = StateLocking::dynamodb;
  spec.state.dynamodb_table = "rdha-state-lock";
  spec.state.region = "us-west-2";
  spec.state.kms_key_id = "arn:aws:kms:us-west-2:123456789012:key/abc";
  const Stack stack = build_ha_stack(spec);
  const json backend = versions(stack).at("backend").at("s3");
  EXPECT_EQ(backend.at("dynamodb_table"), "rdha-state-lock");
  EXPECT_EQ(backend.at("region"), "us-west-2");
  EXPECT_FALSE(backend.contains("use_lockfile"));
  EXPECT_EQ(versions(stack).at("required_version"), ">= 1.5.0");
}

TEST(RemoteState, BackendRefusesTemplates) {
  Stack stack;
  try {
    stack.set_backend({"s3", {{"bucket", "state-${var.env}"}}});
    FAIL() << "set_backend accepted a template";
  } catch (const GraphError& e) {
    EXPECT_STREQ(e.what(),
                 "[rdha.graph.backend_expression] (terraform.backend.s3) argument \"bucket\" holds the template "
                 "\"state-${var.env}\"; a backend block takes literals only, as Terraform reads it before evaluating "
                 "anything. Give the value itself.");
  }
}

TEST(RemoteState, PolicyAttachedToTheStacksExecutionRoleOrTheNamedOne) {
  HaStackSpec spec = with_state();
  spec.state.policy_arn = kPolicy;
  const Stack own = build_ha_stack(spec);
  EXPECT_EQ(body(own, "aws_iam_role_policy_attachment.terraform_state"),
            json({{"policy_arn", kPolicy}, {"role", "${aws_iam_role.terraform_execution.name}"}}));
  spec.state.execution_role_name = "ci-deployer";
  const Stack named_role = build_ha_stack(spec);
  EXPECT_EQ(body(named_role, "aws_iam_role_policy_attachment.terraform_state").at("role"), "ci-deployer");
}

// ---- the rules of the section ---------------------------------------------------------------

TEST(RemoteStateSpec, EnabledNeedsAccountBucketAndKey) {
  HaStackSpec spec;
  spec.state.enabled = true;
  const std::string why =
      "is empty while state.enabled is true; the S3 backend needs it (rdha bootstrap creates the bucket and prints "
      "its key ARN).";
  EXPECT_EQ(messages(spec), (std::vector<std::string>{"state.account_id: " + why, "state.bucket: " + why,
                                                       "state.kms_key_id: " + why}));
}

TEST(RemoteStateSpec, BucketNamingRulesEachWithTheirText) {
  const auto bucket_problems = [](const std::string& bucket) {
    HaStackSpec spec = with_state();
    spec.state.bucket = bucket;
    return messages(spec);
  };
  EXPECT_EQ(bucket_problems("Rdha-State-123456789012"),
            (std::vector<std::string>{
                "state.bucket: \"Rdha-State-123456789012\" contains \"R\"; S3 bucket names consist only of lowercase "
                "letters, digits, dots and hyphens.",
                "state.bucket: \"Rdha-State-123456789012\" must begin and end with a lowercase letter or a digit (S3 "
                "bucket naming rules)."}));
  EXPECT_EQ(bucket_problems(std::string(44, 'a') + "-123456789012"),
            (std::vector<std::string>{
                "state.bucket: \"" + std::string(44, 'a') + "-123456789012\" has 57 characters; S3 bucket names have "
                "3 to 63, and the replica \"" + std::string(44, 'a') + "-123456789012-replica\" adds 8, so the state "
                "bucket has at most 55."}));
  EXPECT_EQ(bucket_problems("xn--state-123456789012"),
            (std::vector<std::string>{
                "state.bucket: \"xn--state-123456789012\" starts with \"xn--\", a prefix S3 reserves."}));
  EXPECT_EQ(bucket_problems("state-123456789012-s3alias"),
            (std::vector<std::string>{
                "state.bucket: \"state-123456789012-s3alias\" ends with \"-s3alias\", a suffix S3 reserves."}));
  EXPECT_EQ(bucket_problems("rdha-state-123456789012-"),
            (std::vector<std::string>{"state.bucket: \"rdha-state-123456789012-\" must begin and end with a lowercase "
                                      "letter or a digit (S3 bucket naming rules)."}));
  EXPECT_EQ(bucket_problems("123456789012.168.5.4"),
            (std::vector<std::string>{
                "state.bucket: \"123456789012.168.5.4\" contains \".\"; a bucket name with dots cannot be reached "
                "over HTTPS with virtual-hosted-style requests, which the S3 backend makes. Use hyphens."}));
  HaStackSpec ip = with_state();
  ip.state.account_id = "";
  ip.state.enabled = false;
  ip.state.bucket = "192.168.5.4";
  EXPECT_EQ(messages(ip),
            (std::vector<std::string>{
                "state.account_id: is empty while state.bucket is \"192.168.5.4\"; bucket names are global across "
                "all AWS accounts, so the state bucket's name must contain the account ID (no other account can then "
                "have taken it, or squat it).",
                "state.bucket: \"192.168.5.4\" is formatted as an IP address, which S3 bucket names must not be."}));
  HaStackSpec dots = with_state();
  dots.state.bucket = "rdha..state-123456789012";
  EXPECT_EQ(messages(dots)[0],
            "state.bucket: \"rdha..state-123456789012\" contains \".\"; a bucket name with dots cannot be reached "
            "over HTTPS with virtual-hosted-style requests, which the S3 backend makes. Use hyphens.");
  EXPECT_EQ(messages(dots)[1], "state.bucket: \"rdha..state-123456789012\" contains two adjacent periods, which S3 "
                               "bucket names must not.");
}

TEST(RemoteStateSpec, BucketMustContainTheAccount) {
  HaStackSpec spec = with_state();
  spec.state.bucket = "rdha-state";
  EXPECT_EQ(messages(spec), (std::vector<std::string>{
                                "state.bucket: \"rdha-state\" does not contain state.account_id \"123456789012\"; "
                                "bucket names are global across all AWS accounts, so the state bucket's name must "
                                "contain the account ID (e.g. \"rdha-state-123456789012\")."}));
}

TEST(RemoteStateSpec, KeyRules) {
  const auto key_problems = [](const std::string& key) {
    HaStackSpec spec = with_state();
    spec.state.key = key;
    return messages(spec);
  };
  EXPECT_EQ(key_problems(""), (std::vector<std::string>{"state.key: is empty; the S3 backend stores the state under "
                                                         "this object key, e.g. \"rdha/terraform.tfstate\"."}));
  EXPECT_EQ(key_problems("/rdha/terraform.tfstate"),
            (std::vector<std::string>{"state.key: \"/rdha/terraform.tfstate\" starts with \"/\"; S3 keys have no "
                                      "leading slash, so the S3 backend refuses it. Use \"rdha/terraform.tfstate\"."}));
  EXPECT_EQ(key_problems("rdha//state/"),
            (std::vector<std::string>{
                "state.key: \"rdha//state/\" contains \"//\", which the S3 backend refuses.",
                "state.key: \"rdha//state/\" ends with \"/\"; the key names the state object, not a folder."}));
  EXPECT_EQ(key_problems("rdha/${env}.tfstate"),
            (std::vector<std::string>{"state.key: \"rdha/${env}.tfstate\" contains \"$\"; use S3's safe key "
                                      "characters: letters, digits and ! - _ . * ' ( ) /."}));
}

TEST(RemoteStateSpec, RegionKeyLockingAndPolicyRules) {
  HaStackSpec spec = with_state();
  spec.state.region = "eu-west-1";
  spec.state.locking = StateLocking::dynamodb;
  spec.state.execution_role_name = "ci";
  EXPECT_EQ(messages(spec),
            (std::vector<std::string>{
                "state.dynamodb_table: is empty while state.locking is \"dynamodb\"; name the lock table (rdha "
                "bootstrap creates it), or use \"lockfile\" with Terraform 1.11 or later.",
                "state.execution_role_name: \"ci\" is set while state.policy_arn is empty; it names the role that "
                "policy is attached to.",
                "state.kms_key_id: \"" + std::string(kKey) + "\" is a key of \"us-east-1\", but the state bucket is "
                "in \"eu-west-1\"; S3 encrypts objects only with a KMS key of the bucket's region (rdha bootstrap's "
                "kms_key_arn output).",
                "state.region: \"eu-west-1\" is neither regions.primary.name \"us-east-1\" nor regions.dr.name "
                "\"us-west-2\"; the state bucket lives in one of the stack's regions and its replica in the other, "
                "so the state stays readable when either is lost."}));
  HaStackSpec other = with_state();
  other.state.dynamodb_table = "locks";
  other.state.kms_key_id = "arn:aws:kms:us-east-1:210987654321:key/abc";
  other.state.policy_arn = "arn:aws:iam::210987654321:policy/p";
  EXPECT_EQ(messages(other),
            (std::vector<std::string>{
                "state.dynamodb_table: \"locks\" is set while state.locking is \"lockfile\"; S3 lock files need no "
                "table. Remove it, or set state.locking to \"dynamodb\" for Terraform before 1.11.",
                "state.kms_key_id: \"arn:aws:kms:us-east-1:210987654321:key/abc\" belongs to account "
                "\"210987654321\", not state.account_id \"123456789012\".",
                "state.policy_arn: \"arn:aws:iam::210987654321:policy/p\" is not a policy of state.account_id "
                "\"123456789012\"."}));
}

TEST(RemoteStateSpec, FieldFormats) {
  HaStackSpec spec = with_state();
  spec.state.account_id = "1234";
  spec.state.kms_key_id = "alias/state";
  EXPECT_EQ(messages(spec),
            (std::vector<std::string>{
                "state.account_id: \"1234\" is not a 12-digit AWS account ID like \"123456789012\".",
                "state.kms_key_id: \"alias/state\" is not a KMS key ARN like "
                "\"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"."}));
}

// ---- the bootstrap ----------------------------------------------------------------------------

TEST(Bootstrap, NeedsABucket) {
  try {
    build_bootstrap_stack(HaStackSpec{});
    FAIL() << "no SpecError";
  } catch (const SpecError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].subject, "state.bucket");
    EXPECT_EQ(e.problems()[0].message,
              "is empty; rdha bootstrap creates the state bucket of this name, e.g. \"rdha-state-<account id>\".");
  }
}

TEST(Bootstrap, BucketsAreProtectedInTheirOwnRegions) {
  HaStackSpec spec = with_state();
  const Bootstrap b = build_bootstrap_parts(spec);
  const Stack& s = b.stack;
  for (const std::string local : {"state", "state_replica"}) {
    const std::string bucket = "${aws_s3_bucket." + local + ".id}";
    EXPECT_EQ(body(s, "aws_s3_bucket_versioning." + local),
              json({{"bucket", bucket}, {"versioning_configuration", {{{"status", "Enabled"}}}}}));
    EXPECT_EQ(body(s, "aws_s3_bucket_server_side_encryption_configuration." + local),
              json({{"bucket", bucket},
                    {"rule",
                     {{{"apply_server_side_encryption_by_default",
                        {{{"kms_master_key_id", "${aws_kms_key." + local + ".arn}"}, {"sse_algorithm", "aws:kms"}}}},
                       {"bucket_key_enabled", true}}}}}));
    EXPECT_EQ(body(s, "aws_s3_bucket_public_access_block." + local),
              json({{"bucket", bucket},
                    {"block_public_acls", true},
                    {"block_public_policy", true},
                    {"ignore_public_acls", true},
                    {"restrict_public_buckets", true}}));
    EXPECT_EQ(body(s, "aws_s3_bucket_ownership_controls." + local).at("rule"),
              json::array({{{"object_ownership", "BucketOwnerEnforced"}}}));
    EXPECT_EQ(body(s, "aws_kms_key." + local).at("enable_key_rotation"), true);
    const json deny = body(s, "data.aws_iam_policy_document." + local + "_tls_only").at("statement");
    EXPECT_EQ(deny, json::array({{{"sid", "DenyInsecureTransport"},
                                  {"effect", "Deny"},
                                  {"actions", {"s3:*"}},
                                  {"resources", {"${aws_s3_bucket." + local + ".arn}", "${aws_s3_bucket." + local +
                                                                                           ".arn}/*"}},
                                  {"principals", {{{"type", "*"}, {"identifiers", {"*"}}}}},
                                  {"condition",
                                   {{{"test", "Bool"}, {"variable", "aws:SecureTransport"}, {"values", {"false"}}}}}}}));
  }
  EXPECT_EQ(body(s, "aws_s3_bucket.state").at("bucket"), kBucket);
  EXPECT_EQ(body(s, "aws_s3_bucket.state_replica").at("bucket"), std::string(kBucket) + "-replica");
  EXPECT_EQ(s.resource(*s.index_of("aws_s3_bucket.state_replica")).provider, "aws.replica");
  EXPECT_EQ(s.find_provider("aws.replica")->region, "us-west-2");
  EXPECT_EQ(s.find_provider("aws")->region, "us-east-1");
  EXPECT_FALSE(s.index_of("aws_dynamodb_table.state_lock"));
  EXPECT_FALSE(s.backend());  // its own state stays local
}

TEST(Bootstrap, ReplicationCarriesDeleteMarkersAndEncryptsWithTheReplicaKey) {
  const Bootstrap b = build_bootstrap_parts(with_state());
  const Resource& config = b.stack.resource(*b.stack.index_of("aws_s3_bucket_replication_configuration.state"));
  EXPECT_EQ(config.arguments.at("rule"),
            json::array({{{"id", "state-to-replica"},
                          {"status", "Enabled"},
                          {"priority", 1},
                          {"filter", json::array({json::object()})},
                          {"delete_marker_replication", {{{"status", "Enabled"}}}},
                          {"source_selection_criteria", {{{"sse_kms_encrypted_objects", {{{"status", "Enabled"}}}}}}},
                          {"destination",
                           {{{"bucket", "${aws_s3_bucket.state_replica.arn}"},
                             {"encryption_configuration",
                              {{{"replica_kms_key_id", "${aws_kms_key.state_replica.arn}"}}}}}}}}}));
  EXPECT_EQ(config.depends_on,
            (std::vector<std::string>{"aws_s3_bucket_versioning.state", "aws_s3_bucket_versioning.state_replica"}));
  const json statements = b.stack.resource(*b.stack.index_of("data.aws_iam_policy_document.state_replication"))
                              .arguments.at("statement");
  std::vector<std::string> actions;
  for (const auto& statement : statements)
    for (const auto& action : statement.at("actions")) actions.push_back(action);
  EXPECT_EQ(actions, (std::vector<std::string>{"s3:GetReplicationConfiguration", "s3:ListBucket",
                                               "s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl",
                                               "s3:GetObjectVersionTagging", "s3:ReplicateObject",
                                               "s3:ReplicateDelete", "s3:ReplicateTags", "kms:Decrypt",
                                               "kms:Encrypt"}));
}

TEST(Bootstrap, StatePolicyIsLeastPrivilege) {
  const Bootstrap b = build_bootstrap_parts(with_state());
  const json statements =
      b.stack.resource(*b.stack.index_of("data.aws_iam_policy_document.terraform_state")).arguments.at("statement");
  EXPECT_EQ(statements,
            json::array({
                {{"sid", "ListStateBucket"},
                 {"effect", "Allow"},
                 {"actions", {"s3:ListBucket"}},
                 {"resources", {"${aws_s3_bucket.state.arn}", "${aws_s3_bucket.state_replica.arn}"}}},
                {{"sid", "ReadWriteState"},
                 {"effect", "Allow"},
                 {"actions", {"s3:GetObject", "s3:PutObject"}},
                 {"resources",
                  {"${aws_s3_bucket.state.arn}/rdha/terraform.tfstate",
                   "${aws_s3_bucket.state_replica.arn}/rdha/terraform.tfstate"}}},
                {{"sid", "LockFile"},
                 {"effect", "Allow"},
                 {"actions", {"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}},
                 {"resources",
                  {"${aws_s3_bucket.state.arn}/rdha/terraform.tfstate.tflock",
                   "${aws_s3_bucket.state_replica.arn}/rdha/terraform.tfstate.tflock"}}},
                {{"sid", "StateKeys"},
                 {"effect", "Allow"},
                 {"actions", {"kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"}},
                 {"resources", {"${aws_kms_key.state.arn}", "${aws_kms_key.state_replica.arn}"}}},
            }));
}

TEST(Bootstrap, DynamoDbLockingAddsAGlobalTableAndItsRights) {
  HaStackSpec spec = with_state();
  spec.state.locking = StateLocking::dynamodb;
  spec.state.dynamodb_table = "rdha-state-lock";
  const Bootstrap b = build_bootstrap_parts(spec);
  ASSERT_TRUE(b.lock_table);
  const json table = body(b.stack, "aws_dynamodb_table.state_lock");
  EXPECT_EQ(table.at("billing_mode"), "PAY_PER_REQUEST");
  EXPECT_EQ(table.at("hash_key"), "LockID");
  EXPECT_EQ(table.at("attribute"), json::array({{{"name", "LockID"}, {"type", "S"}}}));
  EXPECT_EQ(table.at("replica"),
            json::array({{{"region_name", "us-west-2"}, {"kms_key_arn", "${aws_kms_key.state_replica.arn}"}}}));
  const json statements =
      b.stack.resource(*b.stack.index_of("data.aws_iam_policy_document.terraform_state")).arguments.at("statement");
  EXPECT_EQ(statements.back().at("actions"),
            json({"dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"}));
  EXPECT_EQ(statements.back().at("resources").size(), 2u);
  for (const auto& statement : statements) EXPECT_NE(statement.at("sid"), "LockFile");
  EXPECT_TRUE(b.stack.outputs().contains("lock_table"));
}

TEST(Bootstrap, OutputsAreWhatTheSpecTakes) {
  const Bootstrap b = build_bootstrap_parts(with_state());
  std::vector<std::string> names;
  for (const auto& [name, output] : b.stack.outputs()) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"kms_key_arn", "policy_arn", "replica_bucket", "replica_kms_key_arn",
                                             "state_bucket"}));
  EXPECT_EQ(b.stack.outputs().at("kms_key_arn").value, "${aws_kms_key.state.arn}");
}

}  // namespace
}  // namespace rdha::stack
