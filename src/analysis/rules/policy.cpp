// Policy documents out of a stack (see policy.hpp).
#include "analysis/rules/policy.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

std::vector<std::string> strings_of(const Json& value) {
  std::vector<std::string> out;
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_array())
    for (const auto& item : value)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

// Statement blocks of a data.aws_iam_policy_document.
std::vector<PolicyStatement> from_data_source(const Resource& document) {
  std::vector<PolicyStatement> out;
  const Json* blocks = arg(document, "statement");
  if (blocks == nullptr) return out;
  const Json list = blocks->is_array() ? *blocks : Json::array({*blocks});
  for (const auto& block : list) {
    if (!block.is_object()) continue;
    const auto in_statement = [&](std::string_view key) { return block_arg(document, "statement", block, key); };
    PolicyStatement statement;
    if (const Json* sid = in_statement("sid")) statement.sid = literal_string(sid).value_or("");
    if (const Json* effect = in_statement("effect")) statement.effect = literal_string(effect).value_or("Allow");
    if (const Json* actions = in_statement("actions")) statement.actions = strings_of(*actions);
    if (const Json* not_actions = in_statement("not_actions")) statement.not_actions = strings_of(*not_actions);
    if (const Json* resources = in_statement("resources")) statement.resources = strings_of(*resources);
    if (const Json* not_resources = in_statement("not_resources")) statement.not_resources = strings_of(*not_resources);
    if (const Json* principals = in_statement("principals")) {
      const Json plist = principals->is_array() ? *principals : Json::array({*principals});
      for (const auto& p : plist) {
        if (!p.is_object()) continue;
        const auto in_principal = [&](std::string_view key) {
          return block_arg(document, "statement.principals", p, key);
        };
        PolicyPrincipal principal;
        if (const Json* type = in_principal("type")) principal.type = literal_string(type).value_or("");
        if (const Json* identifiers = in_principal("identifiers")) principal.identifiers = strings_of(*identifiers);
        statement.principals.push_back(std::move(principal));
      }
    }
    if (const Json* conditions = in_statement("condition")) {
      statement.has_conditions = true;
      const Json clist = conditions->is_array() ? *conditions : Json::array({*conditions});
      for (const auto& c : clist) {
        if (!c.is_object()) continue;
        const auto in_condition = [&](std::string_view key) {
          return block_arg(document, "statement.condition", c, key);
        };
        PolicyCondition condition;
        condition.test = literal_string(in_condition("test")).value_or("");
        condition.variable = literal_string(in_condition("variable")).value_or("");
        if (const Json* values = in_condition("values")) condition.values = strings_of(*values);
        statement.conditions.push_back(std::move(condition));
      }
    }
    out.push_back(std::move(statement));
  }
  return out;
}

// Statements of a policy written as JSON text.
std::optional<std::vector<PolicyStatement>> from_json_text(const std::string& text) {
  const Json document = Json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object() || !document.contains("Statement")) return std::nullopt;
  const Json& raw = document["Statement"];
  const Json list = raw.is_array() ? raw : Json::array({raw});
  std::vector<PolicyStatement> out;
  for (const auto& item : list) {
    if (!item.is_object()) continue;
    PolicyStatement statement;
    if (item.contains("Sid") && item["Sid"].is_string()) statement.sid = item["Sid"].get<std::string>();
    if (item.contains("Effect") && item["Effect"].is_string()) statement.effect = item["Effect"].get<std::string>();
    if (item.contains("Action")) statement.actions = strings_of(item["Action"]);
    if (item.contains("NotAction")) statement.not_actions = strings_of(item["NotAction"]);
    if (item.contains("Resource")) statement.resources = strings_of(item["Resource"]);
    if (item.contains("NotResource")) statement.not_resources = strings_of(item["NotResource"]);
    if (item.contains("Principal")) {
      const Json& principal = item["Principal"];
      if (principal.is_string()) statement.principals.push_back({"*", {principal.get<std::string>()}});
      if (principal.is_object())
        for (const auto& [type, ids] : principal.items()) statement.principals.push_back({type, strings_of(ids)});
    }
    statement.has_conditions = item.contains("Condition");
    if (statement.has_conditions && item["Condition"].is_object())
      for (const auto& [test, variables] : item["Condition"].items())
        if (variables.is_object())
          for (const auto& [variable, values] : variables.items())
            statement.conditions.push_back({test, variable, strings_of(values)});
    out.push_back(std::move(statement));
  }
  return out;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

enum class Case { sensitive, insensitive };

// '*' matches any run of characters, '?' any one character.
bool glob(std::string_view pattern, std::string_view text, Case letters) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '*') {
    for (std::size_t skip = 0; skip <= text.size(); ++skip)
      if (glob(pattern.substr(1), text.substr(skip), letters)) return true;
    return false;
  }
  if (text.empty()) return false;
  const bool same = letters == Case::sensitive ? pattern[0] == text[0] : lower(pattern[0]) == lower(text[0]);
  if (pattern[0] != '?' && !same) return false;
  return glob(pattern.substr(1), text.substr(1), letters);
}

}  // namespace

std::optional<PolicyDocument> read_policy(const Stack& stack, const Json* value) {
  if (value == nullptr) return std::nullopt;
  if (auto text = literal_string(value)) {
    auto statements = from_json_text(*text);
    if (!statements) return std::nullopt;
    return PolicyDocument{"", std::move(*statements)};
  }
  if (!value->is_string()) return std::nullopt;
  // Exactly one reference to a policy document's rendered JSON.
  const auto& text = value->get_ref<const std::string&>();
  const auto references = references_in(*value);
  if (references.size() != 1) return std::nullopt;
  const auto& reference = references.front();
  if (reference.root != RefRoot::data || reference.type != "aws_iam_policy_document") return std::nullopt;
  if (text != "${" + reference.target() + "." + reference.attribute + "}") return std::nullopt;
  auto index = resolve(stack, reference);
  if (!index) return std::nullopt;
  const Resource& document = stack.resource(*index);
  return PolicyDocument{document.address.str(), from_data_source(document)};
}

bool has_wildcard_principal(const PolicyStatement& statement) {
  for (const auto& principal : statement.principals) {
    if (principal.type == "*") return true;
    if (principal.type == "AWS")
      for (const auto& id : principal.identifiers)
        if (id == "*") return true;
  }
  return false;
}

// "The prefix and the action name are case insensitive" ("IAM JSON policy elements: Action",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
bool action_matches(std::string_view pattern, std::string_view action) {
  return glob(pattern, action, Case::insensitive);
}

std::vector<FoundPolicy> policies_of_role(const Stack& stack, std::size_t role) {
  std::vector<FoundPolicy> out;
  for (std::size_t index : of_type(stack, "aws_iam_role_policy")) {
    const Resource& policy = stack.resource(index);
    const Json* target = arg(policy, "role");
    if (target == nullptr || !value_references(stack, *target, role)) continue;
    if (auto document = read_policy(stack, arg(policy, "policy"))) out.push_back({policy.address.str(), std::move(*document)});
  }
  const Resource& node = stack.resource(role);
  if (const Json* inline_policies = arg(node, "inline_policy")) {
    const Json list = inline_policies->is_array() ? *inline_policies : Json::array({*inline_policies});
    for (const auto& item : list)
      if (item.is_object() && item.contains("policy"))
        if (auto document = read_policy(stack, &item["policy"])) out.push_back({node.address.str(), std::move(*document)});
  }
  for (std::size_t index : of_type(stack, "aws_iam_role_policy_attachment")) {
    const Resource& attachment = stack.resource(index);
    const Json* target = arg(attachment, "role");
    if (target == nullptr || !value_references(stack, *target, role)) continue;
    for (std::size_t policy : targets_of(stack, attachment, "policy_arn"))
      if (stack.resource(policy).address.type == "aws_iam_policy")
        if (auto document = read_policy(stack, arg(stack.resource(policy), "policy")))
          out.push_back({stack.resource(policy).address.str(), std::move(*document)});
  }
  return out;
}

namespace {

// The ARN of a node's `arn` attribute, from its region and literal name, where rdha knows
// the type's ARN format.
std::optional<std::string> arn_of(const Resource& node) {
  const std::string& type = node.address.type;
  const std::string& region = node.placement.region;
  const auto name = [&](std::string_view argument) { return literal_string(arg(node, argument)); };
  if (type == "aws_sns_topic")
    if (auto topic = name("name")) return "arn:aws:sns:" + region + ":<account>:" + *topic;
  if (type == "aws_kms_key" || type == "aws_kms_replica_key")
    return "arn:aws:kms:" + region + ":<account>:key/" + node.address.str();
  if (type == "aws_iam_role")
    if (auto role = name("name")) return "arn:aws:iam::<account>:role/" + *role;
  if (type == "aws_db_instance")
    if (auto identifier = name("identifier")) return "arn:aws:rds:" + region + ":<account>:db:" + *identifier;
  return std::nullopt;
}

// What a condition, or a whole statement, says about a request: IAM's verdict, or unknown
// when rdha does not evaluate the operator.
enum class Match { yes, no, unknown };

// A condition operator taken apart: "ForAnyValue:StringLikeIfExists" → set "ForAnyValue",
// base "StringLike", if_exists.
struct Operator {
  std::string set;  ///< "", "ForAllValues" or "ForAnyValue"
  std::string base;
  bool if_exists = false;
};

Operator parse_operator(std::string test) {
  Operator out;
  for (const char* set : {"ForAllValues", "ForAnyValue"})
    if (test.starts_with(std::string(set) + ":")) {
      out.set = set;
      test = test.substr(out.set.size() + 1);
    }
  if (test.ends_with("IfExists")) {
    out.if_exists = true;
    test.resize(test.size() - std::string_view("IfExists").size());
  }
  out.base = std::move(test);
  return out;
}

// "ArnEquals, ArnLike: Case-sensitive matching of the ARN. Each of the six colon-delimited
// components of the ARN is checked separately and each can include multi-character match
// wildcards (*) or single-character match wildcards (?)" (condition operators page below).
bool arn_like(std::string_view pattern, std::string_view arn) {
  for (int component = 0; component < 5; ++component) {
    const auto p = pattern.find(':');
    const auto a = arn.find(':');
    if (p == std::string_view::npos || a == std::string_view::npos) return false;
    if (!glob(pattern.substr(0, p), arn.substr(0, a), Case::sensitive)) return false;
    pattern.remove_prefix(p + 1);
    arn.remove_prefix(a + 1);
  }
  return glob(pattern, arn, Case::sensitive);
}

// The positive operators rdha evaluates (a negated one is "Not" inserted after the family:
// StringNotEquals, ArnNotLike, ...), as a match of one policy value against the request's.
using ValueTest = bool (*)(std::string_view policy_value, std::string_view request_value);
const std::map<std::string, ValueTest, std::less<>>& positive_operators() {
  static const std::map<std::string, ValueTest, std::less<>> kOperators = {
      {"StringEquals", [](std::string_view p, std::string_view v) { return p == v; }},
      {"StringEqualsIgnoreCase",
       [](std::string_view p, std::string_view v) {
         return p.size() == v.size() && std::equal(p.begin(), p.end(), v.begin(), [](char a, char b) {
                  return lower(a) == lower(b);
                });
       }},
      {"StringLike", [](std::string_view p, std::string_view v) { return glob(p, v, Case::sensitive); }},
      {"ArnEquals", arn_like},
      {"ArnLike", arn_like},
      {"Bool", [](std::string_view p, std::string_view v) { return p == v; }},
  };
  return kOperators;
}

// The positive operator a negated one negates ("StringNotLike" → "StringLike"), or "".
std::string negated_base(const std::string& base) {
  for (const char* family : {"String", "Arn"})
    if (base.starts_with(std::string(family) + "Not")) return family + base.substr(std::string_view(family).size() + 3);
  return "";
}

// IAM's verdict on one condition for a request with single-valued context keys: "If the key
// that you specify in a policy condition is not present in the request context, the values do
// not match and the condition is false. If the policy condition requires that the key is not
// matched, such as StringNotLike or ArnNotLike, and the right key is not present, the
// condition is true" except for ...IfExists ("IAM JSON policy elements: Condition
// operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html);
// ForAllValues "also returns true if there are no context keys in the request" ("Single-valued
// vs. multivalued context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
// Against one request value the set operators compare that value alone. Values of one key
// are ORed (a negated operator matches when no value does).
Match condition_matches(const PolicyCondition& condition, const std::map<std::string, std::string>& context,
                        const std::vector<std::string>& values) {
  const Operator op = parse_operator(condition.test);
  const std::string negated = negated_base(op.base);
  const auto& operators = positive_operators();
  const auto test = operators.find(negated.empty() ? op.base : negated);
  const auto found = context.find(condition.variable);
  if (found == context.end()) {
    if (op.if_exists || op.set == "ForAllValues") return Match::yes;
    if (test == operators.end()) return Match::unknown;
    return !negated.empty() && op.set.empty() ? Match::yes : Match::no;
  }
  if (test == operators.end()) return Match::unknown;
  const bool any = std::any_of(values.begin(), values.end(),
                               [&](const std::string& v) { return test->second(v, found->second); });
  return any == negated.empty() ? Match::yes : Match::no;
}

// Whether a statement covers the request (its action, its resource, and every condition),
// and the condition that decided otherwise: the first that does not hold (no), or one rdha
// cannot evaluate (unknown).
struct Coverage {
  Match match = Match::no;
  const PolicyCondition* condition = nullptr;
};

Coverage statement_applies(const Stack& stack, const PolicyStatement& statement, const PolicyRequest& request) {
  const auto any_action = [&](const std::vector<std::string>& patterns) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& pattern) { return action_matches(pattern, request.action); });
  };
  // Resource ARNs match case-sensitively ("In the Resource element, the IAM user name is case
  // sensitive"; a '*' ending a segment may match across colons: "IAM JSON policy elements:
  // Resource", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
  const auto any_resource = [&](const std::vector<std::string>& patterns) {
    return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& pattern) {
      return pattern == "*" || glob(canonical_arn(stack, pattern), request.resource, Case::sensitive);
    });
  };
  const bool action = statement.not_actions.empty() ? any_action(statement.actions) : !any_action(statement.not_actions);
  const bool resource =
      statement.not_resources.empty() ? any_resource(statement.resources) : !any_resource(statement.not_resources);
  if (!action || !resource) return {};
  Coverage out{Match::yes, nullptr};
  for (const auto& condition : statement.conditions) {
    std::vector<std::string> values;
    for (const auto& v : condition.values) values.push_back(canonical_arn(stack, v));
    const Match match = condition_matches(condition, request.context, values);
    if (match == Match::no) return {Match::no, &condition};
    if (match == Match::unknown && out.match == Match::yes) out = {Match::unknown, &condition};
  }
  return out;
}

// "kms:ViaService StringEquals sns.us-east-1.amazonaws.com or sns.us-west-2.amazonaws.com"
std::string describe(const Stack& stack, const PolicyCondition& condition) {
  std::vector<std::string> values;
  for (const auto& v : condition.values) values.push_back(canonical_arn(stack, v));
  return condition.variable + " " + condition.test + " " + join(values, " or ");
}

std::string statement_label(const FoundPolicy& policy, const PolicyStatement& statement) {
  return (statement.sid.empty() ? std::string("a statement") : "statement \"" + statement.sid + "\"") + " of " +
         policy.address;
}

}  // namespace

std::string canonical_arn(const Stack& stack, const std::string& text) {
  std::string out = text;
  for (const auto& reference : references_in(Json(text))) {
    const std::string token = "${" + reference.target() + (reference.attribute.empty() ? "" : "." + reference.attribute) + "}";
    std::string value = "<" + reference.target() + "." + reference.attribute + ">";
    if (const auto index = resolve(stack, reference)) {
      const Resource& node = stack.resource(*index);
      if (node.address.type == "aws_partition" && reference.attribute == "partition") value = "aws";
      else if (node.address.type == "aws_caller_identity" && reference.attribute == "account_id") value = "<account>";
      else if (reference.attribute == "arn")
        if (auto arn = arn_of(node)) value = *arn;
    }
    for (auto at = out.find(token); at != std::string::npos; at = out.find(token, at + value.size()))
      out.replace(at, token.size(), value);
  }
  return out;
}

PolicyDecision evaluate(const Stack& stack, const std::vector<FoundPolicy>& policies, const PolicyRequest& request) {
  PolicyDecision decision{false, "no statement allows it"};
  std::string near_miss;  // an Allow that covers the call but for a condition
  for (const auto& policy : policies)
    for (const auto& statement : policy.document.statements) {
      const Coverage coverage = statement_applies(stack, statement, request);
      const bool deny = statement.effect == "Deny";
      // A condition rdha cannot evaluate makes an Allow not count and a Deny count: the
      // verdict may be too strict, never too lenient.
      if (deny && coverage.match != Match::no)
        return {false, "denied by " + statement_label(policy, statement) +
                           (coverage.match == Match::unknown
                                ? ", under a condition rdha cannot evaluate (" + describe(stack, *coverage.condition) + ")"
                                : "")};
      if (deny) continue;
      if (coverage.match == Match::yes && !decision.allowed)
        decision = {true, "allowed by " + statement_label(policy, statement)};
      if (coverage.condition != nullptr && coverage.match != Match::yes && near_miss.empty())
        near_miss = statement_label(policy, statement) +
                    (coverage.match == Match::no ? " covers it only when " : " covers it under a condition rdha cannot evaluate: ") +
                    describe(stack, *coverage.condition);
    }
  if (!decision.allowed && !near_miss.empty()) decision.because = near_miss;
  return decision;
}

bool allows_on_all_resources(const PolicyStatement& statement, std::string_view action) {
  if (statement.effect != "Allow") return false;
  const bool all = std::find(statement.resources.begin(), statement.resources.end(), "*") != statement.resources.end();
  if (!all) return false;
  return std::any_of(statement.actions.begin(), statement.actions.end(),
                     [&](const std::string& pattern) { return action_matches(pattern, action); });
}

bool admits_service(const PolicyDocument& policy, std::string_view service,
                    std::initializer_list<std::string_view> actions) {
  std::vector<bool> allowed(actions.size(), false);
  for (const auto& statement : policy.statements) {
    if (statement.effect != "Allow") continue;
    bool admitted = false;
    for (const auto& principal : statement.principals) {
      if (principal.type == "*") admitted = true;
      if (principal.type == "Service" || principal.type == "AWS")
        for (const auto& id : principal.identifiers) admitted = admitted || id == service || id == "*";
    }
    if (!admitted) continue;
    std::size_t i = 0;
    for (std::string_view action : actions) {
      for (const auto& pattern : statement.actions) allowed[i] = allowed[i] || action_matches(pattern, action);
      ++i;
    }
  }
  return std::all_of(allowed.begin(), allowed.end(), [](bool ok) { return ok; });
}

}  // namespace rdha::analysis::detail
