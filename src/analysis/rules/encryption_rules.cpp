// Encryption rules (RDHA-KMS-*): keys rotate and carry an explicit policy without a
// wildcard principal; secrets and log groups are encrypted with customer-managed keys.
#include "analysis/rules/policy.hpp"
#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

void key_rotation(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_kms_key")) {
    const Resource& key = stack.resource(index);
    if (literal_bool(arg(key, "enable_key_rotation")) == true) continue;
    sink.report(key.address.str(), "Automatic key rotation is off.",
                "Rotation limits how much data one key version protects and is required by most compliance "
                "baselines. Set enable_key_rotation = true (replica keys follow their primary's rotation).");
  }
}

void key_policy(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (const char* type : {"aws_kms_key", "aws_kms_replica_key"})
    for (std::size_t index : of_type(stack, type)) {
      const Resource& key = stack.resource(index);
      const Json* value = arg(key, "policy");
      if (value == nullptr) {
        sink.report(Severity::warning, key.address.str(), "The key has no explicit key policy.",
                    "The default key policy leaves every use of the key to IAM policies, so no review of the key "
                    "shows who may use it. Set policy to an explicit document naming the account root for "
                    "administration and the services that use the key.");
        continue;
      }
      const auto policy = read_policy(stack, value);
      if (!policy) continue;
      for (const auto& statement : policy->statements) {
        if (statement.effect != "Allow" || !has_wildcard_principal(statement)) continue;
        sink.report(key.address.str(),
                    "The key policy allows a wildcard principal" +
                        (statement.sid.empty() ? std::string() : " (statement \"" + statement.sid + "\")") + ".",
                    "Principal \"*\" lets any AWS account use the key wherever the conditions hold. Name the "
                    "account root, specific roles or service principals instead.");
      }
    }
}

void secrets_cmk(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_secretsmanager_secret")) {
    const Resource& secret = stack.resource(index);
    if (!is_customer_managed_key(stack, arg(secret, "kms_key_id")))
      sink.report(secret.address.str(), "The secret is not encrypted with a customer-managed key.",
                  "With the AWS-managed aws/secretsmanager key anyone allowed GetSecretValue can decrypt it and "
                  "the key policy cannot narrow that. Set kms_key_id to a customer-managed key.");
    const Json* replicas = arg(secret, "replica");
    if (replicas == nullptr) continue;
    const Json list = replicas->is_array() ? *replicas : Json::array({*replicas});
    for (const auto& replica : list) {
      if (!replica.is_object()) continue;
      const Json* key = replica.contains("kms_key_id") ? &replica["kms_key_id"] : nullptr;
      if (key != nullptr && key->is_null()) key = nullptr;
      if (is_customer_managed_key(stack, key)) continue;
      const std::string region =
          replica.contains("region") ? literal_string(&replica["region"]).value_or("its region") : "its region";
      sink.report(secret.address.str(), "The secret's replica in " + region + " is not on a customer-managed key.",
                  "Set kms_key_id in the replica block to the customer-managed key of " + region + ".");
    }
  }
}

// A log group is encrypted with a customer-managed key whose policy lets CloudWatch Logs of
// the group's region use it; without that CreateLogGroup / AssociateKmsKey fail ("Encrypt
// log data in CloudWatch Logs using AWS KMS", Amazon CloudWatch Logs User Guide,
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
void log_group_cmk(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_cloudwatch_log_group")) {
    const Resource& group = stack.resource(index);
    const Json* key = arg(group, "kms_key_id");
    if (!is_customer_managed_key(stack, key)) {
      sink.report(group.address.str(), "The log group is not encrypted with a customer-managed key.",
                  "Logs (flow logs, PostgreSQL logs) reveal the network and the queries. Set kms_key_id to a "
                  "customer-managed key whose policy admits logs.<region>.amazonaws.com.");
      continue;
    }
    const auto key_node = kms_key_node(stack, key);
    if (!key_node) continue;
    const Resource& kms = stack.resource(*key_node);
    const auto policy = read_policy(stack, arg(kms, "policy"));
    if (!policy) continue;  // none (RDHA-KMS-002) or written in a form rdha cannot read
    const std::string logs = "logs." + group.placement.region + ".amazonaws.com";
    if (admits_service(*policy, logs, {"kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"}))
      continue;
    sink.report(group.address.str(), "The log group's key " + kms.address.str() + " does not let " + logs + " use it.",
                "CloudWatch Logs encrypts a group's events with its key only when the key policy allows the "
                "service principal of the group's region kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, "
                "kms:GenerateDataKey* and kms:Describe*; otherwise creating the group fails. Add that statement to " +
                    kms.address.str() + "'s policy, scoped with kms:EncryptionContext:aws:logs:arn.");
  }
}

}  // namespace

void add_encryption_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-KMS-001", "KeyRotation", "KMS keys rotate automatically", Severity::warning, "security",
                 "Rotation limits the data one key version protects.", "Set enable_key_rotation = true.",
                 {checkov("CKV_AWS_7"), trivy("AVD-AWS-0065")}},
                key_rotation});
  registry.add({{"RDHA-KMS-002", "ExplicitKeyPolicy", "KMS keys have an explicit policy without wildcard principals",
                 Severity::error, "security",
                 "The key policy is the root of access to everything the key encrypts; a wildcard principal opens "
                 "it to any AWS account.",
                 "Set an explicit policy naming the account root, roles and service principals; never \"*\".",
                 {checkov("CKV_AWS_33")}},
                key_policy});
  registry.add({{"RDHA-KMS-003", "SecretsCmk", "Secrets use customer-managed keys", Severity::warning, "security",
                 "A customer-managed key adds a second, auditable gate on reading the master password.",
                 "Set kms_key_id on the secret and on each replica block.",
                 {checkov("CKV_AWS_149"), trivy("AVD-AWS-0098")}},
                secrets_cmk});
  registry.add({{"RDHA-KMS-004", "LogGroupCmk", "Log groups use customer-managed keys", Severity::warning, "security",
                 "Flow logs and database logs reveal network structure and queries.",
                 "Set kms_key_id on every aws_cloudwatch_log_group.",
                 {checkov("CKV_AWS_158"), trivy("AVD-AWS-0017")}},
                log_group_cmk});
}

}  // namespace rdha::analysis::detail
