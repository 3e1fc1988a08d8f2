// region_failover_target (rdha/dr/region_failover.hpp): what the region-loss procedure
// acts on, read from the graph. The stack calls it while rendering its automation
// document (the DB instances, the writer record and the topics are in the graph by then);
// the drill calls it for the manual runbook. One reading, so both say the same.
#include "core/stack_view.hpp"
#include "dr/db_topology.hpp"
#include "dr/route53_records.hpp"
#include "rdha/dr/region_failover.hpp"
#include "rdha/error.hpp"

namespace rdha::dr {
namespace {

using namespace rdha::detail;
using detail::DbNode;
using detail::alarm_of;
using detail::failover_type;
using detail::health_check_of;

// The metric and dimension of the alarm behind a PRIMARY writer record's health check.
std::optional<WriterSwitch> writer_switch_of(const Stack& stack, const Resource& primary_record) {
  if (const Resource* health_check = health_check_of(stack, primary_record)) {
    const Resource* alarm = alarm_of(stack, *health_check);
    if (alarm == nullptr) return std::nullopt;
    WriterSwitch w;
    w.alarm = literal_string(arg(*alarm, "alarm_name")).value_or("<alarm>");
    w.region = alarm->placement.region;
    w.metric_namespace = literal_string(arg(*alarm, "namespace")).value_or("<namespace>");
    w.metric = literal_string(arg(*alarm, "metric_name")).value_or("<metric>");
    if (const Json* dimensions = arg(*alarm, "dimensions"); dimensions != nullptr && dimensions->is_object())
      for (const auto& [name, value] : dimensions->items()) {
        w.dimension = name;
        w.dimension_value = literal_string(&value).value_or("<" + name + ">");
        break;
      }
    return w;
  }
  return std::nullopt;
}

// The writer's DNS name: an aws_route53_record whose records reference the old writer, and
// the aws_route53_zone it belongs to. It switches when it is a failover PRIMARY record with
// a health check on an alarm, and a SECONDARY record of the same name points at the target.
void read_writer_record(const Stack& stack, const DbNode& old_writer, const DbNode& target, RegionFailoverTarget& t) {
  for (std::size_t index : of_type(stack, "aws_route53_record")) {
    const Resource& record = stack.resource(index);
    const Json* records = arg(record, "records");
    const auto name = literal_string(arg(record, "name"));
    if (records == nullptr || !name || !value_references(stack, *records, old_writer.index)) continue;
    for (std::size_t zone : targets_of(stack, record, "zone_id"))
      if (stack.resource(zone).address.type == "aws_route53_zone")
        if (auto zone_name = literal_string(arg(stack.resource(zone), "name"))) {
          t.zone_name = *zone_name;
          t.writer_record = *name;
          t.record_ttl = static_cast<int>(literal_number(arg(record, "ttl")).value_or(t.record_ttl));
        }
    if (t.zone_name.empty()) continue;
    if (failover_type(record) != "PRIMARY") return;
    for (std::size_t other : of_type(stack, "aws_route53_record")) {
      const Resource& secondary = stack.resource(other);
      const Json* values = arg(secondary, "records");
      if (failover_type(secondary) == "SECONDARY" && literal_string(arg(secondary, "name")) == *name &&
          values != nullptr && value_references(stack, *values, target.index))
        t.writer_switch = writer_switch_of(stack, record);
    }
    return;
  }
}

// The first SNS topic of the DR region.
std::string topic_in(const Stack& stack, const std::string& region) {
  for (std::size_t index : of_type(stack, "aws_sns_topic")) {
    const Resource& topic = stack.resource(index);
    if (topic.placement.region != region) continue;
    if (auto name = literal_string(arg(topic, "name"))) return *name;
  }
  return "";
}

// An Automation document in the DR region whose content names the DR replica.
std::string automation_document_for(const Stack& stack, const RegionFailoverTarget& t) {
  for (std::size_t index : of_type(stack, "aws_ssm_document")) {
    const Resource& document = stack.resource(index);
    const Json* content = arg(document, "content");
    if (document.placement.region != t.dr_region || literal_string(arg(document, "document_type")) != "Automation" ||
        content == nullptr)
      continue;
    const auto name = literal_string(arg(document, "name"));
    if (name && content->is_string() && content->get<std::string>().find(t.dr_id) != std::string::npos) return *name;
  }
  return "";
}

}  // namespace

RegionFailoverTarget region_failover_target(const Stack& stack, std::size_t dr_replica) {
  const detail::DbTopology topology = detail::db_topology(stack);
  const auto node = topology.node_of(dr_replica);
  if (!node) throw GraphError::not_a_db_instance(stack.resource(dr_replica).address.str());
  const DbNode& target = topology.nodes[*node];
  const DbNode* old_writer = target.source ? &topology.nodes[*target.source] : nullptr;

  RegionFailoverTarget t;
  t.primary_region = old_writer ? old_writer->region : "<region of the old writer>";
  t.primary_id = old_writer ? detail::identifier_or_placeholder(*old_writer) : "<old writer>";
  t.primary_address = old_writer ? old_writer->address : "";
  t.dr_region = target.region;
  t.dr_id = detail::identifier_or_placeholder(target);
  t.dr_address = target.address;
  t.backup_retention_days = detail::promoted_retention_days(stack, target, old_writer);
  t.dr_multi_az = target.multi_az;
  if (old_writer != nullptr) read_writer_record(stack, *old_writer, target, t);
  t.topic_name = topic_in(stack, t.dr_region);
  t.document_name = automation_document_for(stack, t);
  return t;
}

}  // namespace rdha::dr
