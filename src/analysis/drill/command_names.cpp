// Names for the drill's commands (drill_facts.hpp): literal values of the stack, else a
// <placeholder> naming the resource they come from.
#include <algorithm>

#include "analysis/drill/drill_facts.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

std::string referenced_name(const Stack& stack, const Resource& resource, std::string_view argument,
                            std::string_view type, std::string_view placeholder) {
  for (std::size_t target : targets_of(stack, resource, argument)) {
    const Resource& node = stack.resource(target);
    if (node.address.type != type) continue;
    if (auto name = literal_string(arg(node, "name"))) return *name;
    return "<name of " + node.address.str() + ">";
  }
  if (auto name = literal_string(arg(resource, argument))) return *name;
  return std::string(placeholder);
}

std::vector<std::string> security_group_names(const Stack& stack, const Resource& db) {
  std::vector<std::string> out;
  for (std::size_t target : targets_of(stack, db, "vpc_security_group_ids")) {
    const Resource& group = stack.resource(target);
    if (group.address.type != "aws_security_group") continue;
    out.push_back(literal_string(arg(group, "name")).value_or("<name of " + group.address.str() + ">"));
  }
  return out;
}

std::string kms_key_for_region(const Stack& stack, const std::string& region) {
  for (std::size_t alias : of_type(stack, "aws_kms_alias")) {
    const Resource& a = stack.resource(alias);
    if (a.placement.region != region) continue;
    if (auto name = literal_string(arg(a, "name")); name && !name->starts_with("alias/aws/")) return *name;
  }
  return "<customer-managed KMS key ARN in " + region + ">";
}

namespace {

std::string name_or_placeholder(const Resource& node) {
  return literal_string(arg(node, "name")).value_or("<name of " + node.address.str() + ">");
}

// The family of the parameter group @p db uses, if literal.
std::optional<std::string> parameter_family(const Stack& stack, const Resource& db) {
  for (std::size_t target : targets_of(stack, db, "parameter_group_name"))
    if (stack.resource(target).address.type == "aws_db_parameter_group")
      return literal_string(arg(stack.resource(target), "family"));
  return std::nullopt;
}

}  // namespace

RegionDbNetwork db_network_in(const Stack& stack, const std::string& region, const Resource& model) {
  RegionDbNetwork out{"<DB subnet group in " + region + ">", "<DB parameter group in " + region + ">", {}};
  for (std::size_t index : of_type(stack, "aws_db_subnet_group"))
    if (stack.resource(index).placement.region == region) {
      out.subnet_group = name_or_placeholder(stack.resource(index));
      break;
    }
  const std::optional<std::string> family = parameter_family(stack, model);
  for (std::size_t index : of_type(stack, "aws_db_parameter_group")) {
    const Resource& group = stack.resource(index);
    if (group.placement.region != region) continue;
    if (family && literal_string(arg(group, "family")) != family) continue;
    out.parameter_group = name_or_placeholder(group);
    break;
  }
  // The DB groups are the ones admitting the database port; the app groups only send to it.
  const std::optional<double> port = literal_number(arg(model, "port"));
  for (std::size_t index : of_type(stack, "aws_vpc_security_group_ingress_rule")) {
    const Resource& rule = stack.resource(index);
    if (rule.placement.region != region || (port && literal_number(arg(rule, "from_port")) != port)) continue;
    for (std::size_t target : targets_of(stack, rule, "security_group_id")) {
      const Resource& group = stack.resource(target);
      if (group.address.type != "aws_security_group") continue;
      std::string name = name_or_placeholder(group);
      if (std::find(out.security_groups.begin(), out.security_groups.end(), name) == out.security_groups.end())
        out.security_groups.push_back(std::move(name));
    }
  }
  return out;
}

std::vector<std::string> secrets_replicated_to(const Stack& stack, const std::string& region) {
  std::vector<std::string> out;
  for (std::size_t index : of_type(stack, "aws_secretsmanager_secret")) {
    const Resource& secret = stack.resource(index);
    const Json* replicas = arg(secret, "replica");
    if (replicas == nullptr) continue;
    const Json list = replicas->is_array() ? *replicas : Json::array({*replicas});
    for (const auto& replica : list)
      if (replica.is_object() && replica.contains("region") && literal_string(&replica["region"]) == region)
        out.push_back(literal_string(arg(secret, "name")).value_or("<name of " + secret.address.str() + ">"));
  }
  return out;
}

std::vector<std::string> alarm_names_in(const Stack& stack, const std::string& region) {
  std::vector<std::string> out;
  for (std::size_t index : of_type(stack, "aws_cloudwatch_metric_alarm")) {
    const Resource& alarm = stack.resource(index);
    if (alarm.placement.region != region) continue;
    if (auto name = literal_string(arg(alarm, "alarm_name"))) out.push_back(*name);
  }
  return out;
}

}  // namespace rdha::analysis::detail
