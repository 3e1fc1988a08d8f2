// Reads of Route 53 records and health checks in a stack: how a name fails over (failover
// and weighted routing, health checks on CloudWatch alarms). Shared by the failover target
// (failover_target.cpp) and the rules. Internal to src/.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "rdha/core/stack.hpp"

namespace rdha::dr::detail {

/// The literal `type` of a record's failover_routing_policy ("PRIMARY", "SECONDARY"), or "".
std::string failover_type(const Resource& record);

/// The literal weight of a record's weighted_routing_policy, or nullopt.
std::optional<double> record_weight(const Resource& record);

/// The aws_route53_health_check a record's health_check_id references, or nullptr.
const Resource* health_check_of(const Stack& stack, const Resource& record);

/// The CloudWatch alarm a CLOUDWATCH_METRIC health check follows: the
/// aws_cloudwatch_metric_alarm its cloudwatch_alarm_name references, or the one with that
/// literal name in its cloudwatch_alarm_region; nullptr for other checks.
const Resource* alarm_of(const Stack& stack, const Resource& check);

/// The aws_db_instance nodes a record's `records` reference.
std::vector<std::size_t> db_instances_named(const Stack& stack, const Resource& record);

}  // namespace rdha::dr::detail
