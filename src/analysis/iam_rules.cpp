// IAM rules (RDHA-IAM-*): no administrator policies, no wildcard principals in trust
// and resource policies, and iam:PassRole scoped to specific roles.
#include "analysis/policy.hpp"
#include "analysis/rule_families.hpp"
#include "analysis/stack_view.hpp"

namespace rdha::analysis::detail {
namespace {

struct FoundPolicy {
  std::string address;  ///< the resource that carries the policy
  PolicyDocument document;
};

// Identity policies: what principals may do.
std::vector<FoundPolicy> identity_policies(const Stack& stack) {
  std::vector<FoundPolicy> out;
  for (const char* type : {"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"})
    for (std::size_t index : of_type(stack, type)) {
      const Resource& resource = stack.resource(index);
      if (auto policy = read_policy(stack, arg(resource, "policy")))
        out.push_back({resource.address.str(), std::move(*policy)});
    }
  for (std::size_t index : of_type(stack, "aws_iam_role")) {
    const Resource& role = stack.resource(index);
    const Json* inline_policies = arg(role, "inline_policy");
    if (inline_policies == nullptr) continue;
    const Json list = inline_policies->is_array() ? *inline_policies : Json::array({*inline_policies});
    for (const auto& item : list)
      if (item.is_object() && item.contains("policy"))
        if (auto policy = read_policy(stack, &item["policy"])) out.push_back({role.address.str(), std::move(*policy)});
  }
  return out;
}

// Resource and trust policies: who may act.
std::vector<FoundPolicy> principal_policies(const Stack& stack) {
  std::vector<FoundPolicy> out;
  const std::pair<const char*, const char*> carriers[] = {
      {"aws_iam_role", "assume_role_policy"},         {"aws_sns_topic", "policy"},
      {"aws_sns_topic_policy", "policy"},             {"aws_secretsmanager_secret", "policy"},
      {"aws_secretsmanager_secret_policy", "policy"}, {"aws_sqs_queue_policy", "policy"},
      {"aws_s3_bucket_policy", "policy"}};
  for (const auto& [type, argument] : carriers)
    for (std::size_t index : of_type(stack, type)) {
      const Resource& resource = stack.resource(index);
      if (auto policy = read_policy(stack, arg(resource, argument)))
        out.push_back({resource.address.str(), std::move(*policy)});
    }
  return out;
}

std::string statement_name(const PolicyStatement& statement) {
  return statement.sid.empty() ? std::string() : " (statement \"" + statement.sid + "\")";
}

void no_full_admin(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (const auto& [address, document] : identity_policies(stack))
    for (const auto& statement : document.statements) {
      if (statement.effect != "Allow") continue;
      bool all_actions = false;
      for (const auto& action : statement.actions) all_actions = all_actions || action == "*" || action == "*:*";
      bool all_resources = false;
      for (const auto& resource : statement.resources) all_resources = all_resources || resource == "*";
      if (!all_actions || !all_resources) continue;
      sink.report(address, "The policy allows every action on every resource" + statement_name(statement) + ".",
                  "\"*:*\" is full administrator access: whoever holds it can do anything in the account. List "
                  "the actions and resources the principal needs.");
    }
  for (std::size_t index : of_type(stack, "aws_iam_role_policy_attachment")) {
    const Resource& attachment = stack.resource(index);
    const auto arn = literal_string(arg(attachment, "policy_arn"));
    if (!arn || !arn->ends_with(":policy/AdministratorAccess")) continue;
    sink.report(attachment.address.str(), "AdministratorAccess is attached to a role.",
                "AdministratorAccess is \"*:*\". Attach a policy with only the actions the role needs.");
  }
}

void no_wildcard_principal(const CheckContext& context, FindingSink& sink) {
  for (const auto& [address, document] : principal_policies(context.stack))
    for (const auto& statement : document.statements) {
      if (statement.effect != "Allow" || !has_wildcard_principal(statement)) continue;
      sink.report(address, "The policy admits a wildcard principal" + statement_name(statement) + ".",
                  "Principal \"*\" admits every AWS account (and anonymous callers where the service allows it). "
                  "Name the account, roles or service principals, and scope services with aws:SourceArn / "
                  "aws:SourceAccount conditions.");
    }
}

void pass_role_scoped(const CheckContext& context, FindingSink& sink) {
  for (const auto& [address, document] : identity_policies(context.stack))
    for (const auto& statement : document.statements) {
      if (!allows_on_all_resources(statement, "iam:PassRole")) continue;
      bool admin = false;
      for (const auto& action : statement.actions) admin = admin || action == "*" || action == "*:*";
      if (admin) continue;  // RDHA-IAM-001 reports it
      sink.report(address, "iam:PassRole is allowed on every role" + statement_name(statement) + ".",
                  "Passing any role to a service lets the holder run code with that role's permissions, an "
                  "escalation path to administrator. Limit Resource to the ARNs of the roles the principal must "
                  "pass (e.g. the Enhanced Monitoring role) and add an iam:PassedToService condition.");
    }
}

}  // namespace

void add_iam_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-IAM-001", "NoFullAdmin", "No policy grants \"*:*\"", Severity::error, "iam",
                 "Full administrator access defeats least privilege.",
                 "List the actions and resources each principal needs.", {checkov("CKV_AWS_1")}},
                no_full_admin});
  registry.add({{"RDHA-IAM-002", "NoWildcardPrincipal", "Trust and resource policies name their principals",
                 Severity::error, "iam", "A wildcard principal admits every AWS account.",
                 "Name the account, roles or service principals.", {}},
                no_wildcard_principal});
  registry.add({{"RDHA-IAM-003", "PassRoleScoped", "iam:PassRole is scoped to specific roles", Severity::error, "iam",
                 "Unscoped iam:PassRole is a privilege-escalation path.",
                 "Limit iam:PassRole to the ARNs of the roles that must be passed.", {}},
                pass_role_scoped});
}

}  // namespace rdha::analysis::detail
