// CI pipeline rules (RDHA-PIPE-*): the web-identity trust of a role names exactly one
// audience and exact subjects, and a pipeline that passes saved plans between jobs holds
// no password in them. Sources: "Configuring OpenID Connect in Amazon Web Services"
// (GitHub Docs, https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services:
// without a sub condition any repository's workflow can assume the role; a wildcard widens
// it); "Creating a role for web identity or OpenID Connect Federation" (IAM User Guide,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html: the
// aud and sub condition keys); "Command: plan" (Terraform,
// https://developer.hashicorp.com/terraform/cli/commands/plan: a saved plan holds the
// values of the configuration, sensitive ones included); "Backend Type: s3" (Terraform,
// https://developer.hashicorp.com/terraform/language/backend/s3: the identity running Terraform
// needs s3:ListBucket, s3:GetObject, s3:PutObject on the state and the lock file, and the KMS
// key's use; rdha bootstrap's managed policy grants exactly these).
#include <set>
#include <string>

#include "analysis/rules/policy.hpp"
#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

bool web_identity(const PolicyStatement& statement) {
  if (statement.effect != "Allow") return false;
  for (const auto& action : statement.actions)
    if (action_matches(action, "sts:AssumeRoleWithWebIdentity")) return true;
  return false;
}

// Each role's web-identity trust statements, with the role's address.
template <class F>
void for_each_web_identity_trust(const Stack& stack, F&& f) {
  for (std::size_t index : of_type(stack, "aws_iam_role")) {
    const Resource& role = stack.resource(index);
    const auto policy = read_policy(stack, arg(role, "assume_role_policy"));
    if (!policy) continue;
    for (const auto& statement : policy->statements)
      if (web_identity(statement)) f(role.address.str(), statement);
  }
}

bool has_exact_condition(const PolicyStatement& statement, std::string_view key_suffix) {
  for (const auto& condition : statement.conditions)
    if (condition.test == "StringEquals" && condition.variable.ends_with(key_suffix) && !condition.values.empty())
      return true;
  return false;
}

void web_identity_scoped(const CheckContext& context, FindingSink& sink) {
  for_each_web_identity_trust(context.stack, [&](const std::string& address, const PolicyStatement& statement) {
    const std::string name = statement.sid.empty() ? std::string() : " (statement \"" + statement.sid + "\")";
    for (const char* key : {":aud", ":sub"})
      if (!has_exact_condition(statement, key))
        sink.report(address, "The web-identity trust" + name + " has no StringEquals condition on " + key + ".",
                    std::string("Without an exact ") + key +
                        " condition tokens of other audiences or other repositories' jobs are accepted. Add "
                        "StringEquals on <issuer>:aud and on <issuer>:sub listing the exact subjects.");
    for (const auto& condition : statement.conditions) {
      const bool pattern_test = condition.test.find("Like") != std::string::npos;
      bool wildcard = false;
      for (const auto& value : condition.values) wildcard = wildcard || value.find_first_of("*?") != std::string::npos;
      if (pattern_test || wildcard)
        sink.report(address,
                    "The web-identity trust" + name + " matches " + condition.variable + " with " + condition.test +
                        (wildcard ? " and a wildcard" : "") + ".",
                    "A pattern admits subjects no one reviewed (another branch, another repository). List the exact "
                    "subjects with StringEquals.");
    }
  });
}

void saved_plan_without_secret(const CheckContext& context, FindingSink& sink) {
  bool pipeline = false;
  for_each_web_identity_trust(context.stack, [&](const std::string&, const PolicyStatement&) { pipeline = true; });
  if (!pipeline) return;
  for (std::size_t index : of_type(context.stack, "random_password"))
    sink.report(context.stack.resource(index).address.str(),
                "A role is assumed by a CI pipeline through web identity while the password comes from "
                "random_password.",
                "The pipeline passes the saved plan between jobs as an artefact and a saved plan contains the "
                "generated password. Use database.password_source \"ephemeral\" or \"rds_managed\".");
}

// A role the pipeline assumes must reach the S3 backend: the state bucket's bucket policy
// only denies plain HTTP, so access comes from a policy attached to the role (rdha
// bootstrap's, attached by the stack). An inline policy of the role could grant it too, but
// rdha's stack never does: a role with no attached policy fails the first `terraform init`.
void pipeline_role_reaches_state(const CheckContext& context, FindingSink& sink) {
  const auto& backend = context.stack.backend();
  if (!backend || backend->type != "s3") return;
  const std::string bucket = backend->config.value("bucket", std::string());
  std::set<std::string> pipeline_roles;
  for_each_web_identity_trust(context.stack,
                              [&](const std::string& address, const PolicyStatement&) { pipeline_roles.insert(address); });
  for (std::size_t index : of_type(context.stack, "aws_iam_role")) {
    const Resource& role = context.stack.resource(index);
    if (!pipeline_roles.contains(role.address.str())) continue;
    bool attached = false;
    for (std::size_t attachment : of_type(context.stack, "aws_iam_role_policy_attachment")) {
      const Json* target = arg(context.stack.resource(attachment), "role");
      attached = attached || (target && value_references(context.stack, *target, index));
    }
    if (!attached)
      sink.report(role.address.str(),
                  "The role is assumed by a CI pipeline through web identity, but no policy is attached to it while "
                  "the state is in the S3 bucket \"" + bucket + "\".",
                  "Its jobs cannot read, write or lock the state. Attach rdha bootstrap's policy: set state.policy_arn "
                  "to its policy_arn output and leave state.execution_role_name empty.");
  }
}

}  // namespace

void add_pipeline_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-PIPE-001", "WebIdentityTrustExact",
                 "A web-identity trust names its audience and subjects exactly", Severity::error, "iam",
                 "A role trusted through OIDC web identity without StringEquals on both aud and sub, or with "
                 "StringLike or wildcards, can be assumed by jobs of other repositories, branches or audiences.",
                 "StringEquals on <issuer>:aud and <issuer>:sub with the exact subjects (rdha's pipeline section "
                 "writes them).",
                 {}},
                web_identity_scoped});
  registry.add({{"RDHA-PIPE-002", "PipelinePlanHoldsNoSecret", "A pipeline's saved plans hold no password",
                 Severity::error, "security",
                 "A saved plan contains the values of the configuration, a random_password's result among them; "
                 "a pipeline keeps plans as artefacts readable by anyone who can read the pipeline.",
                 "Use the ephemeral or rds_managed password source with a pipeline.", {}},
                saved_plan_without_secret});
  registry.add({{"RDHA-PIPE-003", "PipelineRoleReachesState", "The role a pipeline assumes can reach the S3 state",
                 Severity::error, "iam",
                 "With the state in an S3 backend, the role CI jobs assume through web identity needs the state "
                 "policy (bucket, key, lock file, KMS key) attached; without it the pipeline's first init fails.",
                 "Set state.policy_arn to rdha bootstrap's policy_arn output (the stack attaches it to its own "
                 "Terraform-execution role).",
                 {}},
                pipeline_role_reaches_state});
}

}  // namespace rdha::analysis::detail
