// Remote-state rules (RDHA-STATE-*): the `backend "s3"` block of the stack. Sources:
// "Backend Type: s3" (Terraform, https://developer.hashicorp.com/terraform/language/backend/s3):
// use_lockfile is generally available from Terraform 1.11 and the DynamoDB arguments are
// deprecated from 1.11; `encrypt` and `kms_key_id` encrypt the state object with a
// customer-managed key.
#include <string>

#include "analysis/rules/rule_families.hpp"

namespace rdha::analysis::detail {
namespace {

constexpr const char* kBackendAddress = "terraform.backend.s3";

const nlohmann::json* s3_backend(const Stack& stack) {
  const auto& backend = stack.backend();
  return backend && backend->type == "s3" ? &backend->config : nullptr;
}

void dynamodb_locking(const CheckContext& context, FindingSink& sink) {
  const nlohmann::json* config = s3_backend(context.stack);
  if (config == nullptr || !config->contains("dynamodb_table")) return;
  sink.report(kBackendAddress,
              "The state is locked with the DynamoDB table \"" + config->at("dynamodb_table").get<std::string>() +
                  "\", whose backend arguments are deprecated from Terraform 1.11.",
              "Terraform 1.11 locks the state with an S3 lock file next to it (use_lockfile) and deprecates "
              "dynamodb_table. With Terraform 1.11 or later set state.locking to \"lockfile\" and remove "
              "state.dynamodb_table; run rdha bootstrap again to drop the table.");
}

void state_encryption(const CheckContext& context, FindingSink& sink) {
  const nlohmann::json* config = s3_backend(context.stack);
  if (config == nullptr) return;
  const bool encrypted = config->value("encrypt", false);
  const bool own_key = !config->value("kms_key_id", std::string()).empty();
  if (encrypted && own_key) return;
  sink.report(kBackendAddress,
              encrypted ? "The state object is encrypted with S3's default key, not a customer-managed KMS key."
                        : "The state object is not encrypted by the backend (encrypt is not true).",
              "The state holds every resource's attributes, the master password among them in random mode. Set "
              "encrypt = true and kms_key_id to the state bucket's own key (rdha bootstrap's kms_key_arn).");
}

// True when the configuration is written for the loss of @p region: after a region
// failover (failover.state = "dr_promoted") the aws providers call STS in the surviving
// region (sts_region), so a provider whose sts_region is another region names a lost one.
bool written_for_the_loss_of(const Stack& stack, const std::string& region) {
  for (const auto& provider : stack.providers()) {
    if (provider.local_name != "aws" || provider.region != region) continue;
    const auto sts = provider.config.find("sts_region");
    if (sts != provider.config.end() && sts->is_string() && *sts != region) return true;
  }
  return false;
}

// The backend names one region; when that region is lost, Terraform reads the replica only
// after `terraform init -reconfigure` with the replica's bucket, region and key.
void state_region_outage(const CheckContext& context, FindingSink& sink) {
  const nlohmann::json* config = s3_backend(context.stack);
  if (config == nullptr) return;
  const std::string region = config->value("region", std::string());
  if (!written_for_the_loss_of(context.stack, region)) return;
  sink.report(kBackendAddress,
              "The state is read from " + region +
                  ", whose loss this configuration is written for: Terraform must switch to the replica.",
              "While " + region +
                  " is down, run terraform init -reconfigure with -backend-config=bucket=<replica bucket>, "
                  "region=<the other region> and kms_key_id=<replica key> (docs/state.md, \"Reading the state in an "
                  "outage\"). Replication is asynchronous: the replica may lack the last writes.");
}

}  // namespace

void add_state_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-STATE-001", "StateLockDynamoDbDeprecated", "The state is locked with S3 lock files",
                 Severity::warning, "state",
                 "The S3 backend's DynamoDB locking (dynamodb_table) is deprecated from Terraform 1.11, which locks "
                 "with a lock file in the state bucket itself (use_lockfile).",
                 "Use state.locking = \"lockfile\" with Terraform 1.11 or later.",
                 {}},
                dynamodb_locking});
  registry.add({{"RDHA-STATE-002", "StateEncryptedWithOwnKey", "The state is encrypted with its own KMS key",
                 Severity::error, "state",
                 "Terraform state holds every attribute of every resource, secrets included; the backend must "
                 "encrypt it with a customer-managed key whose use is audited and restricted.",
                 "Set encrypt = true and kms_key_id on the S3 backend.",
                 {}},
                state_encryption});
  registry.add({{"RDHA-STATE-003", "StateReadableInOutage", "The state is readable when its region is lost",
                 Severity::info, "state",
                 "An S3 backend names one bucket in one region. Its replica in the other region keeps the state "
                 "readable in an outage, but Terraform reads it only once it is pointed there: a configuration "
                 "written for the loss of the state's region (after a region failover) cannot read its state as "
                 "committed.",
                 "Keep the replica (rdha bootstrap creates it) and the switch of docs/state.md at hand.",
                 {}},
                state_region_outage});
}

}  // namespace rdha::analysis::detail
