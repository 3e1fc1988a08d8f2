// IAM-style policy documents read out of a stack, whatever form they were written in:
// a reference to a `data.aws_iam_policy_document` (its statement blocks), or a literal
// JSON string. Policies built with raw expressions (jsonencode(...)) cannot be read and
// come back as std::nullopt. Internal to src/analysis/rules.
#pragma once

#include <map>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/core/stack.hpp"

namespace rdha::analysis::detail {

/// A principal entry: type "AWS", "Service", "Federated", "CanonicalUser" or "*".
struct PolicyPrincipal {
  std::string type;
  std::vector<std::string> identifiers;  ///< template strings ("*" is a wildcard)
};

/// A condition of a statement: `"StringEquals": {"kms:ViaService": [...]}`.
struct PolicyCondition {
  std::string test;                 ///< "StringEquals", "ForAllValues:StringEquals", ...
  std::string variable;             ///< "kms:ViaService"
  std::vector<std::string> values;  ///< template strings
};

struct PolicyStatement {
  std::string sid;
  std::string effect = "Allow";
  std::vector<std::string> actions;
  std::vector<std::string> not_actions;
  std::vector<std::string> resources;
  std::vector<std::string> not_resources;
  std::vector<PolicyPrincipal> principals;
  bool has_conditions = false;
  std::vector<PolicyCondition> conditions;
};

struct PolicyDocument {
  std::string source;  ///< address of the policy document data source ("" for literal JSON)
  std::vector<PolicyStatement> statements;
};

/// Reads the policy held in @p value (an argument such as `policy` or
/// `assume_role_policy`); std::nullopt when it is not a form rdha can read.
std::optional<PolicyDocument> read_policy(const Stack& stack, const nlohmann::json* value);

/// True when the statement names "*" as principal (Principal "*" or {"AWS": "*"}).
bool has_wildcard_principal(const PolicyStatement& statement);

/// True when an IAM action pattern (e.g. "iam:*", "*", "iam:Pass*") matches @p action
/// (case-insensitive, '*' and '?' wildcards).
bool action_matches(std::string_view pattern, std::string_view action);

/// True when the statement allows @p action on every resource ("*").
bool allows_on_all_resources(const PolicyStatement& statement, std::string_view action);

/// A policy document and the resource that carries it.
struct FoundPolicy {
  std::string address;  ///< the resource that carries the policy
  PolicyDocument document;
};

/// The identity policies attached to the aws_iam_role at @p role: aws_iam_role_policy
/// referencing it, its inline policies, and aws_iam_policy resources attached with
/// aws_iam_role_policy_attachment (policies rdha cannot read are left out).
std::vector<FoundPolicy> policies_of_role(const Stack& stack, std::size_t role);

/// One API call a principal makes, for the evaluator below.
struct PolicyRequest {
  std::string action;    ///< "sns:Publish" (case-insensitive, as IAM compares)
  std::string resource;  ///< canonical ARN (canonical_arn), or "*"
  /// Request context the stack's conditions test: aws:RequestedRegion, kms:ViaService,
  /// cloudwatch:namespace, ...
  std::map<std::string, std::string> context;
};

/// What an evaluation found.
struct PolicyDecision {
  bool allowed = false;
  /// Why: "allowed by statement \"Sid\" of <address>", "denied by ...", "statement ... covers it
  /// only when <condition>" (the first Allow that failed on a condition), or "no statement allows it".
  std::string because;
};

/// Evaluates @p request against identity policies as IAM does for one account: an explicit
/// Deny wins, else any Allow whose action, resource and conditions match. Actions match
/// case-insensitively, resources (NotResource too) case-sensitively, both with '*' and '?'.
/// Conditions on single-valued keys: String{Equals,EqualsIgnoreCase,Like}, Arn{Equals,Like},
/// Bool, their negated forms (StringNotEquals, ArnNotLike, ...), with ForAllValues: /
/// ForAnyValue: and ...IfExists. A key missing from the context fails a condition except
/// ...IfExists, ForAllValues and the negated operators, as in IAM. An operator rdha does not
/// evaluate never lets an Allow count and always lets a Deny count: a call may read as not
/// allowed when AWS would allow it, never the reverse.
PolicyDecision evaluate(const Stack& stack, const std::vector<FoundPolicy>& policies, const PolicyRequest& request);

/// A template string with its references replaced by the values they stand for where the
/// stack tells them: the partition data source by "aws", the account id by "<account>",
/// the `arn` of an SNS topic, KMS key, IAM role or DB instance by its ARN built from its
/// region and literal name ("key/<address>" for keys, whose ids AWS assigns); any other
/// reference stays as "<address.attribute>", which only matches itself or a wildcard.
std::string canonical_arn(const Stack& stack, const std::string& text);
/// True when Allow statements naming the service principal @p service (or "*") grant every
/// one of @p actions (conditions are not evaluated): a key policy that lets
/// "cloudwatch.amazonaws.com" or "logs.<region>.amazonaws.com" use the key.
bool admits_service(const PolicyDocument& policy, std::string_view service,
                    std::initializer_list<std::string_view> actions);

}  // namespace rdha::analysis::detail
