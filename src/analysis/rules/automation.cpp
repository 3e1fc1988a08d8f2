// Automation documents and their steps' API calls (see automation.hpp).
#include "analysis/rules/automation.hpp"

#include <algorithm>
#include <cctype>

#include "analysis/rules/policy.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

// The document text as JSON: template escapes undone ("$${" → "${"), so interpolations
// stay in the strings as "${...}" and can be resolved later.
std::optional<Json> parse_content(const Json& content) {
  if (!content.is_string()) return std::nullopt;
  std::string text = content.get<std::string>();
  for (const auto& [escaped, plain] : {std::pair<std::string, std::string>{"$${", "${"}, {"%%{", "%{"}})
    for (auto at = text.find(escaped); at != std::string::npos; at = text.find(escaped, at + plain.size()))
      text.replace(at, escaped.size(), plain);
  Json document = Json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return std::nullopt;
  return document;
}

// "{{ Name }}" → the parameter's default (a whole-string reference keeps the default's type).
Json with_defaults(const Json& value, const Json& parameters) {
  if (value.is_structured()) {
    Json out = value;
    for (auto& item : out) item = with_defaults(item, parameters);
    return out;
  }
  if (!value.is_string()) return value;
  std::string text = value.get<std::string>();
  for (auto open = text.find("{{"); open != std::string::npos; open = text.find("{{", open + 1)) {
    const auto close = text.find("}}", open);
    if (close == std::string::npos) break;
    std::string name = text.substr(open + 2, close - open - 2);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (!parameters.contains(name) || !parameters[name].contains("default")) continue;
    const Json& fallback = parameters[name]["default"];
    if (open == 0 && close + 2 == text.size()) return fallback;
    text.replace(open, close + 2 - open, fallback.is_string() ? fallback.get<std::string>() : fallback.dump());
  }
  return text;
}

std::string string_of(const Json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : "";
}

std::string db_arn(const std::string& region, const std::string& identifier) {
  return "arn:aws:rds:" + region + ":<account>:db:" + identifier;
}

// The SNS topic a TopicArn names (a reference to its arn), and its KMS key node.
void add_topic_key_calls(const Stack& stack, const std::string& topic_arn, std::vector<AutomationCall>& calls) {
  for (std::size_t target : targets_in(stack, Json(topic_arn))) {
    const Resource& topic = stack.resource(target);
    if (topic.address.type != "aws_sns_topic") continue;
    const auto key = kms_key_node(stack, arg(topic, "kms_master_key_id"));
    if (!key) continue;
    const std::string key_arn = "${" + stack.resource(*key).address.str() + ".arn}";
    const std::map<std::string, std::string> context = {
        {"kms:ViaService", "sns." + topic.placement.region + ".amazonaws.com"},
        {"aws:RequestedRegion", topic.placement.region}};
    for (const char* action : {"kms:GenerateDataKey", "kms:Decrypt"})
      calls.push_back({action, topic.placement.region, key_arn, context});
  }
}

// The call an API step makes.
std::vector<AutomationCall> api_calls(const Stack& stack, const Json& inputs, const std::string& region) {
  const std::string service = string_of(inputs, "Service");
  const std::string api = string_of(inputs, "Api");
  if (service.empty() || api.empty()) return {};
  AutomationCall call{service + ":" + api, region, "*", {{"aws:RequestedRegion", region}}};
  if (const std::string id = string_of(inputs, "DBInstanceIdentifier"); !id.empty()) call.resource = db_arn(region, id);
  if (const std::string topic = string_of(inputs, "TopicArn"); !topic.empty()) call.resource = topic;
  if (const std::string ns = string_of(inputs, "Namespace"); !ns.empty()) call.context["cloudwatch:namespace"] = ns;
  std::vector<AutomationCall> calls{call};
  if (service == "sns" && api == "Publish") add_topic_key_calls(stack, call.resource, calls);
  return calls;
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// boto3's method name as the API action: "describe_db_instances" → "DescribeDbInstances"
// (IAM compares actions case-insensitively).
std::string action_of(const std::string& method) {
  std::string out;
  bool upper = true;
  for (char c : method) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// The quoted text after @p at ('x' or "x"), or "".
std::string quoted(const std::string& text, std::size_t at) {
  if (at >= text.size() || (text[at] != '\'' && text[at] != '"')) return "";
  const auto end = text.find(text[at], at + 1);
  return end == std::string::npos ? "" : text.substr(at + 1, end - at - 1);
}

// The input key of `<argument>=events['<key>']` inside the call starting at @p from.
std::string event_argument(const std::string& script, std::size_t from, const std::string& argument) {
  const auto close = script.find(')', from);
  const auto at = script.find(argument + "=events[", from);
  if (at == std::string::npos || at > close) return "";
  return quoted(script, at + argument.size() + 8);
}

// The calls of an aws:executeScript step, read from its Python (see automation.hpp).
std::vector<AutomationCall> script_calls(const Json& inputs, const std::string& region) {
  const std::string script = string_of(inputs, "Script");
  const Json payload = inputs.is_object() && inputs.contains("InputPayload") ? inputs["InputPayload"] : Json::object();
  struct Client {
    std::string service;
    std::string region;
  };
  std::map<std::string, Client> clients;
  const std::string opening = "boto3.client(";
  for (auto at = script.find(opening); at != std::string::npos; at = script.find(opening, at + 1)) {
    // `<variable> = boto3.client(...)`
    auto end = script.rfind('=', at);
    if (end == std::string::npos) continue;
    auto last = end;
    while (last > 0 && script[last - 1] == ' ') --last;
    auto first = last;
    while (first > 0 && word_char(script[first - 1])) --first;
    const std::string variable = script.substr(first, last - first);
    const std::string service = quoted(script, at + opening.size());
    if (variable.empty() || service.empty()) continue;
    const std::string key = event_argument(script, at, "region_name");
    clients[variable] = {service, key.empty() ? region : string_of(payload, key.c_str())};
  }
  std::vector<AutomationCall> calls;
  for (const auto& [variable, client] : clients) {
    const std::string prefix = variable + ".";
    for (auto at = script.find(prefix); at != std::string::npos; at = script.find(prefix, at + 1)) {
      if (at > 0 && word_char(script[at - 1])) continue;
      auto end = at + prefix.size();
      while (end < script.size() && word_char(script[end])) ++end;
      if (end >= script.size() || script[end] != '(') continue;
      AutomationCall call{client.service + ":" + action_of(script.substr(at + prefix.size(), end - at - prefix.size())),
                          client.region, "*", {{"aws:RequestedRegion", client.region}}};
      if (const std::string key = event_argument(script, end, "DBInstanceIdentifier"); !key.empty())
        call.resource = db_arn(client.region, string_of(payload, key.c_str()));
      calls.push_back(std::move(call));
    }
  }
  return calls;
}

}  // namespace

std::vector<AutomationDocument> automation_documents(const Stack& stack) {
  std::vector<AutomationDocument> out;
  for (std::size_t index : of_type(stack, "aws_ssm_document")) {
    const Resource& node = stack.resource(index);
    if (literal_string(arg(node, "document_type")) != "Automation") continue;
    const Json* content = arg(node, "content");
    if (content == nullptr) continue;
    const auto parsed = parse_content(*content);
    if (!parsed) continue;
    Json parameters = parsed->value("parameters", Json::object());
    if (!parameters.is_object()) parameters = Json::object();
    AutomationDocument document{index, node.placement.region, std::nullopt, {}};
    const Json role = with_defaults(parsed->value("assumeRole", Json("")), parameters);
    for (std::size_t target : targets_in(stack, role))
      if (stack.resource(target).address.type == "aws_iam_role") document.role = target;
    const Json steps = parsed->value("mainSteps", Json::array());
    for (const auto& raw : steps.is_array() ? steps : Json::array()) {
      if (!raw.is_object()) continue;  // not a step SSM would accept
      AutomationStep step;
      step.name = string_of(raw, "name");
      step.action = string_of(raw, "action");
      step.inputs = with_defaults(raw.value("inputs", Json::object()), parameters);
      // isCritical may come as a boolean or its text; anything else keeps the default.
      if (const Json critical = raw.value("isCritical", Json()); critical.is_boolean())
        step.critical = critical.get<bool>();
      else if (critical.is_string())
        step.critical = critical.get<std::string>() != "false";
      if (const std::string on_failure = string_of(raw, "onFailure"); !on_failure.empty()) step.on_failure = on_failure;
      if (step.action == "aws:executeScript")
        step.calls = script_calls(step.inputs, document.region);
      else if (step.action == "aws:executeAwsApi" || step.action == "aws:assertAwsResourceProperty" ||
               step.action == "aws:waitForAwsResourceProperty")
        step.calls = api_calls(stack, step.inputs, document.region);
      document.steps.push_back(std::move(step));
    }
    out.push_back(std::move(document));
  }
  return out;
}

std::optional<std::size_t> first_call(const AutomationDocument& document, std::string_view action) {
  for (std::size_t i = 0; i < document.steps.size(); ++i)
    for (const auto& call : document.steps[i].calls)
      if (action_matches(call.action, action)) return i;
  return std::nullopt;
}

}  // namespace rdha::analysis::detail
