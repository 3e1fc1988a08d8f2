// Reads of Route 53 records and health checks (see route53_records.hpp).
#include "dr/route53_records.hpp"

#include "core/stack_view.hpp"

namespace rdha::dr::detail {

using namespace rdha::detail;

namespace {

// The first block of a nested-block argument, or nullptr.
const Json* first_block(const Resource& resource, std::string_view name) {
  const Json* blocks = arg(resource, name);
  if (blocks == nullptr) return nullptr;
  const Json& block = blocks->is_array() && !blocks->empty() ? blocks->front() : *blocks;
  return block.is_object() ? &block : nullptr;
}

}  // namespace

std::string failover_type(const Resource& record) {
  const Json* block = first_block(record, "failover_routing_policy");
  if (block == nullptr) return "";
  return literal_string(block_arg(record, "failover_routing_policy", *block, "type")).value_or("");
}

std::optional<double> record_weight(const Resource& record) {
  const Json* block = first_block(record, "weighted_routing_policy");
  if (block == nullptr) return std::nullopt;
  return literal_number(block_arg(record, "weighted_routing_policy", *block, "weight"));
}

const Resource* health_check_of(const Stack& stack, const Resource& record) {
  for (std::size_t target : targets_of(stack, record, "health_check_id"))
    if (stack.resource(target).address.type == "aws_route53_health_check") return &stack.resource(target);
  return nullptr;
}

const Resource* alarm_of(const Stack& stack, const Resource& check) {
  if (literal_string(arg(check, "type")) != "CLOUDWATCH_METRIC") return nullptr;
  for (std::size_t target : targets_of(stack, check, "cloudwatch_alarm_name"))
    if (stack.resource(target).address.type == "aws_cloudwatch_metric_alarm") return &stack.resource(target);
  const auto name = literal_string(arg(check, "cloudwatch_alarm_name"));
  const auto region = literal_string(arg(check, "cloudwatch_alarm_region"));
  if (!name) return nullptr;
  for (std::size_t index : of_type(stack, "aws_cloudwatch_metric_alarm")) {
    const Resource& alarm = stack.resource(index);
    if (literal_string(arg(alarm, "alarm_name")) == name && (!region || alarm.placement.region == *region))
      return &alarm;
  }
  return nullptr;
}

std::vector<std::size_t> db_instances_named(const Stack& stack, const Resource& record) {
  std::vector<std::size_t> out;
  for (std::size_t target : targets_of(stack, record, "records"))
    if (stack.resource(target).address.type == "aws_db_instance") out.push_back(target);
  return out;
}

}  // namespace rdha::dr::detail
