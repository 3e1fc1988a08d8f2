// IAM rules (RDHA-IAM-*): no administrator policies, no wildcard principals in trust
// and resource policies, iam:PassRole scoped to specific roles, least-privilege runbook
// roles, and no role that may change its own permissions.
#include <cctype>
#include <optional>
#include <span>
#include <string_view>

#include "analysis/rules/automation.hpp"
#include "analysis/rules/policy.hpp"
#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

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

// A wildcard action that only reads: "<service>:Describe*", ":Get*", ":List*".
bool read_only_wildcard(const std::string& action) {
  const auto colon = action.find(':');
  if (colon == std::string::npos) return false;
  std::string verb = action.substr(colon + 1);
  for (char& c : verb) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return verb.starts_with("describe") || verb.starts_with("get") || verb.starts_with("list");
}

void runbook_role_least_privilege(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_ssm_document")) {
    const Resource& document = stack.resource(index);
    if (literal_string(arg(document, "document_type")) != "Automation") continue;
    const Json* content = arg(document, "content");
    if (content == nullptr) continue;
    for (std::size_t role : targets_in(stack, *content)) {
      if (stack.resource(role).address.type != "aws_iam_role") continue;
      for (const auto& [address, policy] : policies_of_role(stack, role))
        for (const auto& statement : policy.statements) {
          if (statement.effect != "Allow") continue;
          std::vector<std::string> wide;
          for (const auto& action : statement.actions)
            if (action.find('*') != std::string::npos && !read_only_wildcard(action)) wide.push_back(action);
          if (!statement.not_actions.empty()) wide.push_back("NotAction");
          if (wide.empty()) continue;
          sink.report(address,
                      "The automation role " + stack.resource(role).address.str() + " of " + document.address.str() +
                          " is allowed wildcard actions " + join(wide) + statement_name(statement) + ".",
                      "A runbook's role can be started by anyone allowed to run the document (or its trigger); beyond "
                      "reads (Describe*, Get*, List*) it should hold exactly the calls the steps make. List them "
                      "(e.g. rds:PromoteReadReplica, cloudwatch:PutMetricData, sns:Publish).");
        }
    }
  }
}

// Actions that widen a role's own permissions when it may call them on itself; with a
// permissions boundary only those that lift the boundary do.
constexpr std::string_view kSelfEscalation[] = {"iam:PutRolePolicy", "iam:AttachRolePolicy",
                                                "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary",
                                                "iam:DeleteRolePermissionsBoundary"};
constexpr std::string_view kBoundaryLifting[] = {"iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary"};

// True when a policy Resource entry covers @p role: "*", a reference to the role, or an ARN
// pattern whose resource part ("role/*-rdha") matches "role/<its literal name>".
bool covers_role(const std::string& pattern, const Resource& role, const std::optional<std::string>& name) {
  if (pattern == "*" || pattern.find("${" + role.address.str() + ".") != std::string::npos) return true;
  if (!name || !pattern.starts_with("arn:")) return false;
  // arn:<partition>:iam::<account>:<resource>; the resource follows the fifth colon.
  std::size_t colon = std::string::npos;
  for (int seen = 0; seen < 5; ++seen) {
    colon = pattern.find(':', colon == std::string::npos ? 0 : colon + 1);
    if (colon == std::string::npos) return false;
  }
  const std::string resource = pattern.substr(colon + 1);
  // The glob of actions: case-insensitive, as IAM role names are.
  return !has_interpolation(resource) && action_matches(resource, "role/" + *name);
}

void no_self_escalation(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_iam_role")) {
    const Resource& role = stack.resource(index);
    const auto name = literal_string(arg(role, "name"));
    const bool bounded = arg(role, "permissions_boundary") != nullptr;
    for (const auto& [address, policy] : policies_of_role(stack, index))
      for (const auto& statement : policy.statements) {
        if (statement.effect != "Allow") continue;
        bool on_itself = false;
        for (const auto& resource : statement.resources) on_itself = on_itself || covers_role(resource, role, name);
        if (!on_itself) continue;
        std::vector<std::string> found;
        for (std::string_view action : bounded ? std::span<const std::string_view>(kBoundaryLifting)
                                               : std::span<const std::string_view>(kSelfEscalation))
          for (const auto& pattern : statement.actions)
            if (action_matches(pattern, action)) {
              found.emplace_back(action);
              break;
            }
        if (found.empty()) continue;
        sink.report(address,
                    "The role " + role.address.str() + " may change its own permissions: " + join(found) +
                        " on its own ARN" + statement_name(statement) + ".",
                    "A role that may rewrite its own policies or trust policy can grant itself any permission (a "
                    "documented privilege-escalation path). Name the roles it manages by their exact ARNs, leaving "
                    "out its own, and let an administrator change this role; or give it a permissions boundary it "
                    "cannot remove.");
      }
  }
}

// Every API call of every runbook step, evaluated against the policies of the role the
// document assumes (an SNS publish to an encrypted topic includes the KMS calls).
void runbook_steps_permitted(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (const auto& document : automation_documents(stack)) {
    if (!document.role) continue;
    const auto policies = policies_of_role(stack, *document.role);
    const std::string role = stack.resource(*document.role).address.str();
    for (const auto& step : document.steps)
      for (const auto& call : step.calls) {
        const std::string resource = call.resource == "*" ? "*" : canonical_arn(stack, call.resource);
        const PolicyDecision decision = evaluate(stack, policies, {call.action, resource, call.context});
        if (decision.allowed) continue;
        std::string context_text;
        for (const auto& [key, value] : call.context) context_text += (context_text.empty() ? "" : ", ") + key + "=" + value;
        sink.report(stack.resource(document.index).address.str(),
                    "The runbook step " + step.name + " calls " + call.action + " on " + resource + ", which " + role +
                        " may not (" + decision.because + ").",
                    "The step fails when it runs, possibly after the irreversible promotion." +
                        std::string(call.action.starts_with("kms:")
                                        ? " A publisher to an SSE-KMS topic needs kms:GenerateDataKey* and "
                                          "kms:Decrypt on its key (\"Key management\", "
                                          "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html)."
                                        : "") +
                        " Allow " + call.action + " on that resource in the role's policy (request context: " +
                        context_text + ").");
      }
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
  registry.add({{"RDHA-IAM-004", "RunbookRoleLeastPrivilege",
                 "Automation runbook roles hold no wildcard actions beyond reads", Severity::error, "iam",
                 "The role an SSM Automation document assumes acts without a person in the loop; wildcard write "
                 "actions turn the runbook into a general-purpose administrator.",
                 "List the exact actions the runbook's steps call; keep wildcards to Describe*, Get* and List*.",
                 {}},
                runbook_role_least_privilege});
  registry.add({{"RDHA-IAM-005", "NoSelfEscalation", "No role may change its own permissions", Severity::error, "iam",
                 "A role allowed iam:PutRolePolicy, iam:AttachRolePolicy or iam:UpdateAssumeRolePolicy on itself "
                 "can grant itself anything.",
                 "Scope IAM write actions to the exact ARNs of the other roles, or set a permissions boundary the "
                 "role cannot lift.",
                 {checkov("CKV_AWS_286")}},
                no_self_escalation});
  registry.add({{"RDHA-IAM-006", "RunbookStepsPermitted",
                 "The automation role may make every call of its runbook's steps", Severity::error, "iam",
                 "A runbook step the role may not run fails at the worst moment: during the recovery, possibly "
                 "after an irreversible step.",
                 "Allow each step's action on its resource (and KMS use through SNS for encrypted topics) in the "
                 "policies of the role the document assumes.",
                 {}},
                runbook_steps_permitted});
}

}  // namespace rdha::analysis::detail
