// Policy documents out of a stack (see policy.hpp).
#include "analysis/rules/policy.hpp"

#include <algorithm>
#include <cctype>

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
    statement.has_conditions = in_statement("condition") != nullptr;
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
    if (item.contains("Principal")) {
      const Json& principal = item["Principal"];
      if (principal.is_string()) statement.principals.push_back({"*", {principal.get<std::string>()}});
      if (principal.is_object())
        for (const auto& [type, ids] : principal.items()) statement.principals.push_back({type, strings_of(ids)});
    }
    statement.has_conditions = item.contains("Condition");
    out.push_back(std::move(statement));
  }
  return out;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool glob(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '*') {
    for (std::size_t skip = 0; skip <= text.size(); ++skip)
      if (glob(pattern.substr(1), text.substr(skip))) return true;
    return false;
  }
  if (text.empty()) return false;
  if (pattern[0] != '?' && lower(pattern[0]) != lower(text[0])) return false;
  return glob(pattern.substr(1), text.substr(1));
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

bool action_matches(std::string_view pattern, std::string_view action) { return glob(pattern, action); }

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
