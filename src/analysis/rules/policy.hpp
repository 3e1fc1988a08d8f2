// IAM-style policy documents read out of a stack, whatever form they were written in:
// a reference to a `data.aws_iam_policy_document` (its statement blocks), or a literal
// JSON string. Policies built with raw expressions (jsonencode(...)) cannot be read and
// come back as std::nullopt. Internal to src/analysis/rules.
#pragma once

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

struct PolicyStatement {
  std::string sid;
  std::string effect = "Allow";
  std::vector<std::string> actions;
  std::vector<std::string> not_actions;
  std::vector<std::string> resources;
  std::vector<PolicyPrincipal> principals;
  bool has_conditions = false;
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

/// True when Allow statements naming the service principal @p service (or "*") grant every
/// one of @p actions (conditions are not evaluated): a key policy that lets
/// "cloudwatch.amazonaws.com" or "logs.<region>.amazonaws.com" use the key.
bool admits_service(const PolicyDocument& policy, std::string_view service,
                    std::initializer_list<std::string_view> actions);

}  // namespace rdha::analysis::detail
