// The remote-state module: the `backend "s3"` block of spec.state and the attachment of
// rdha bootstrap's Terraform policy (docs/state.md).
//
// Backend arguments from "Backend Type: s3" (Terraform documentation,
// https://developer.hashicorp.com/terraform/language/backend/s3): `encrypt` turns on
// server-side encryption of the state object, `kms_key_id` names the customer-managed key
// for it, `use_lockfile` takes the lock as an S3 object "<key>.tflock" (generally
// available from Terraform 1.11), `dynamodb_table` the older DynamoDB lock (deprecated from
// 1.11). Backend blocks take literals only: the values are copied into the spec from the
// bootstrap's outputs.
#include "rdha/stack/modules.hpp"

namespace rdha::stack {

RemoteState build_remote_state(Stack& stack, const HaStackSpec& spec, const Providers& providers,
                               const IamRoles& iam) {
  const StateSpec& state = spec.state;
  if (state.enabled) {
    nlohmann::json config = {{"bucket", state.bucket},         {"key", state.key},
                             {"region", state_region(spec)},   {"encrypt", true},
                             {"kms_key_id", state.kms_key_id}};
    if (state.locking == StateLocking::lockfile) {
      config["use_lockfile"] = true;
      stack.require_terraform({1, 11, 0});  // S3 lock files: generally available from 1.11 (experimental in 1.10)
    } else {
      config["dynamodb_table"] = state.dynamodb_table;
    }
    stack.set_backend({"s3", std::move(config)});
  }

  RemoteState out;
  if (!state.policy_arn.empty()) {
    // Two steps: the bootstrap creates the policy, the stack attaches it by ARN.
    auto attachment = stack.add<aws::IamRolePolicyAttachment>("terraform_state", providers.primary.provider);
    if (state.execution_role_name.empty())
      attachment.role_(iam.terraform.name());
    else
      attachment.role_(state.execution_role_name);
    attachment.policy_arn(state.policy_arn);
    out.policy_attachment = attachment;
  }
  return out;
}

}  // namespace rdha::stack
