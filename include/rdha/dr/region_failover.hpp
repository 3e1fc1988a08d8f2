// rdha/dr/region_failover.hpp — the region-loss failover procedure as one data
// description.
//
// The steps that recover from the loss of the primary region (confirm the loss, check the
// DR replica, estimate the data loss, get approval, promote, wait, switch `writer.<zone>`,
// notify) are listed here once. Two renderings read this list: the drill's manual runbook
// (`rdha drill --fail region:<primary>`, AWS CLI commands; to_runbook_step) and the SSM
// Automation document the HA stack deploys in the DR region (build_failover in
// stack/modules.hpp). Both take their step IDs, order, titles and descriptions from
// region_failover_steps(), and what the steps act on from region_failover_target(), so
// the document and the printed runbook never disagree.
//
// Every call of the procedure goes to the DR region's data plane, never to a control plane
// the lost region hosts: the writer name switches on a Route 53 health check that follows a
// CloudWatch alarm in the DR region, which the procedure drives with one PutMetricData
// ("REL11-BP04 Rely on the data plane and not the control plane during recovery",
// https://docs.aws.amazon.com/wellarchitected/latest/framework/rel_withstand_component_failures_avoid_control_plane.html).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rdha/core/stack.hpp"
#include "rdha/dr/runbook.hpp"

namespace rdha::dr {

/// @brief The writer switch: the metric whose datapoint in the DR region turns the
///        Route 53 health check of the primary writer record unhealthy.
struct WriterSwitch {
  std::string alarm;            ///< the CloudWatch alarm the health check follows ("writer-failover-rdha")
  std::string region;           ///< the alarm's region (the DR region)
  std::string metric_namespace;  ///< "RDHA/Failover"
  std::string metric;           ///< "WriterFailedOver"
  std::string dimension;        ///< "DBInstanceIdentifier"
  std::string dimension_value;  ///< "primary-rdha"
};

/// @brief What a region failover acts on, read from the graph by region_failover_target().
struct RegionFailoverTarget {
  std::string primary_region;     ///< region of the lost writer ("us-east-1")
  std::string primary_id;         ///< RDS identifier of the lost writer ("primary-rdha")
  std::string primary_address;    ///< its resource address ("aws_db_instance.primary"; "" if unknown)
  std::string dr_region;          ///< region of the DR replica ("us-west-2")
  std::string dr_id;              ///< RDS identifier of the DR replica ("dr-replica-rdha")
  std::string dr_address;         ///< its resource address ("aws_db_instance.dr_replica")
  int backup_retention_days = 7;  ///< backup retention the promoted writer gets
  bool dr_multi_az = true;        ///< false adds a step making the new writer Multi-AZ
  std::string zone_name;          ///< private zone holding the writer record; "" = no DNS name
  std::string writer_record;      ///< "writer.<zone_name>"
  int record_ttl = 30;            ///< TTL of the writer record
  /// How the writer record fails over to the DR instance; nullopt when it does not (a
  /// plain record: applications must be pointed at the new writer by hand).
  std::optional<WriterSwitch> writer_switch;
  std::string topic_name;         ///< SNS topic in the DR region to notify; "" = no notification
  std::string document_name;      ///< the SSM Automation document performing the steps; "" = none
};

/// @brief The target of promoting the cross-region replica @p dr_replica (a stack index of
///        an aws_db_instance), read from the graph: the lost writer is the replica's
///        source; the retention, Multi-AZ setting and identifiers are the instances'
///        literal arguments; the writer record is the aws_route53_record whose records
///        reference the old writer (and its zone); the writer switch follows that record's
///        health check to its CloudWatch alarm (a failover PRIMARY record with a
///        CLOUDWATCH_METRIC check); the topic is the DR region's aws_sns_topic; the
///        document is an Automation aws_ssm_document in the DR region naming the replica.
///        Values that are not literal read as <placeholders>. Throws GraphError when
///        @p dr_replica is not an aws_db_instance.
///
/// @code{.cpp}
/// rdha::Stack stack = rdha::stack::build_ha_stack({});
/// auto target = rdha::dr::region_failover_target(stack, *stack.index_of("aws_db_instance.dr_replica"));
/// assert(target.primary_id == "primary-rdha" && target.dr_region == "us-west-2");
/// @endcode
RegionFailoverTarget region_failover_target(const Stack& stack, std::size_t dr_replica);

/// @brief What a failover step does (each rendering maps it to CLI commands or an
///        automation action).
enum class FailoverAction {
  confirm_region_failure,  ///< the old writer does not answer as available
  check_dr_replica,        ///< the DR replica is available
  estimate_data_loss,      ///< the data-loss window, from the DR replica's ReplicaLag series
  approve_promotion,       ///< a person accepts the estimated loss (unless already covered)
  promote,                 ///< PromoteReadReplica with backup retention (irreversible)
  wait_for_promotion,      ///< until the promoted instance is available and no longer a replica
  enable_multi_az,         ///< ModifyDBInstance MultiAZ (only for a single-AZ DR replica)
  switch_writer,           ///< PutMetricData of the writer switch in the DR region
  notify                   ///< publish to the DR region's SNS topic
};

/// @brief One step of the procedure.
struct FailoverStep {
  std::string id;  ///< kebab-case, shared by both renderings ("promote-dr-replica")
  FailoverAction action = FailoverAction::promote;
  StepPhase phase = StepPhase::recover;
  std::string title;
  std::string description;
  bool irreversible = false;
};

/// @brief The ordered region-loss procedure for @p target: the assess steps (which the
///        automation's DryRun stops after), then the recovery steps.
std::vector<FailoverStep> region_failover_steps(const RegionFailoverTarget& target);

/// @brief The exact AWS CLI lines of a step (the drill's rendering).
std::vector<std::string> failover_commands(const FailoverStep& step, const RegionFailoverTarget& target);

/// @brief The step as a runbook step with its CLI commands; `automated` is set when
///        @p target names an automation document.
RunbookStep to_runbook_step(const FailoverStep& step, const RegionFailoverTarget& target);

/// @brief The automation step name of a step ID: "promote-dr-replica" → "PromoteDrReplica".
std::string automation_step_name(std::string_view id);

}  // namespace rdha::dr
