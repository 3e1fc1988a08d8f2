// The monitoring module: a KMS-encrypted alarm topic per region that CloudWatch alarms and
// RDS events may publish to, its subscribers, CloudWatch alarms on every DB instance (in
// the instance's own region, notifying that region's topic) and RDS event subscriptions.
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "rdha/stack/modules.hpp"

namespace rdha::stack {
namespace {

using Tags = std::map<std::string, std::string>;
using Document = aws::data::IamPolicyDocument;
using Statement = Document::Statement;

// RDS event categories of db-instance sources that call for a person: Multi-AZ failover,
// instance failure, storage running out, and replication errors or stops.
const std::vector<std::string> kEventCategories = {"failover", "failure", "low storage", "read replica"};

// The alarm topic of one region, its policy and subscriptions.
aws::SnsTopic add_topic(Stack& stack, const HaStackSpec& spec, const Providers& providers,
                        const RegionContext& region, const std::optional<Attr<tf::String>>& key_arn) {
  const std::string name = region.names.alarm_topic();
  auto topic = stack.add<aws::SnsTopic>(region.key, region.provider);
  topic.name(name).tags(Tags{{"Name", name}});
  // The region's CMK, whose key policy lets cloudwatch.amazonaws.com and
  // events.rds.amazonaws.com use it. In aws_managed mode the topic stays unencrypted on
  // purpose: CloudWatch cannot publish to a topic encrypted with the AWS-managed
  // alias/aws/sns key (its policy cannot be changed to admit the service), so alarms
  // would silently never arrive.
  if (key_arn) topic.kms_master_key_id(*key_arn);

  // Only the two AWS services may publish, and only on behalf of this account (the
  // confused-deputy guard); no wildcard principal.
  auto document = stack.add<Document>(region.key + "_alarm_topic", region.provider);
  const Arg<tf::List<tf::String>> account = {providers.caller.account_id()};
  for (const auto& [sid, service] : {std::pair<const char*, const char*>{"CloudWatchAlarms", "cloudwatch.amazonaws.com"},
                                     {"RdsEvents", "events.rds.amazonaws.com"}}) {
    Statement statement;
    statement.sid(sid).effect("Allow").actions({"sns:Publish"}).resources({topic.arn()});
    statement.principals(Statement::Principals().type("Service").identifiers({service}));
    statement.condition(Statement::Condition().test("StringEquals").variable("aws:SourceAccount").values(account));
    document.statement(statement);
  }
  auto policy = stack.add<aws::SnsTopicPolicy>(region.key, region.provider);
  policy.arn(topic.arn()).policy(document.json_());

  // Both topics mail the same people (an address is not regional; each must confirm its
  // subscription before it receives anything). Other endpoints are per region: an SQS queue
  // or a Lambda function lives in one region and is down with it.
  const auto& emails = spec.monitoring.notification_emails;
  for (std::size_t i = 0; i < emails.size(); ++i) {
    auto subscription = stack.add<aws::SnsTopicSubscription>(fmt::format("{}_email_{}", region.key, i + 1), region.provider);
    subscription.topic_arn(topic.arn()).protocol("email").endpoint(emails[i]);
  }
  const auto& endpoints = region.role == RegionRole::primary ? spec.monitoring.notification_endpoints.primary
                                                             : spec.monitoring.notification_endpoints.dr;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    auto subscription =
        stack.add<aws::SnsTopicSubscription>(fmt::format("{}_endpoint_{}", region.key, i + 1), region.provider);
    subscription.topic_arn(topic.arn()).protocol(endpoints[i].protocol).endpoint(endpoints[i].endpoint);
  }
  return topic;
}

// One alarm on one RDS metric of one instance.
struct AlarmSpec {
  InstanceAlarm which;     ///< names the alarm (and its local name)
  std::string metric;      ///< CloudWatch metric of AWS/RDS
  std::string comparison;  ///< comparison operator
  Arg<tf::Number> threshold;
  std::string missing_data;  ///< treat_missing_data
  std::string description;
};

// A DB instance with what the alarms need to know about it.
struct Watched {
  std::string local;           ///< base of its alarms' local names ("replica_1")
  Arg<tf::String> identifier;  ///< a reference to the instance, or (its region lost) the literal identifier
  InstanceNames names;         ///< its identifier and alarm names
  const RegionContext* region;
  const aws::SnsTopic* topic;
  bool replica;
};

AlarmSpec alarm_spec(const HaStackSpec& spec, const std::string& id, InstanceAlarm which) {
  const AlarmsSpec& a = spec.monitoring.alarms;
  switch (which) {
    case InstanceAlarm::cpu:
      return {which, "CPUUtilization", "GreaterThanThreshold", a.cpu_percent, "missing",
              fmt::format("{}: CPU above {}% for {} x {} s", id, a.cpu_percent, a.evaluation_periods,
                          a.period_seconds)};
    case InstanceAlarm::connections: {
      // The connection cap is max_connections on every instance (one parameter group value).
      const auto connections = static_cast<std::int64_t>(
          std::floor(spec.database.parameters.max_connections * a.connections_percent / 100.0));
      return {which, "DatabaseConnections", "GreaterThanThreshold", connections, "missing",
              fmt::format("{}: more than {} connections ({}% of max_connections {})", id, connections,
                          a.connections_percent, spec.database.parameters.max_connections)};
    }
    case InstanceAlarm::free_storage:
      return {which, "FreeStorageSpace", "LessThanThreshold", a.free_storage_bytes, "missing",
              fmt::format("{}: free storage below {} bytes", id, a.free_storage_bytes)};
    case InstanceAlarm::freeable_memory:
      return {which, "FreeableMemory", "LessThanThreshold", a.freeable_memory_bytes, "missing",
              fmt::format("{}: freeable memory below {} bytes", id, a.freeable_memory_bytes)};
    case InstanceAlarm::replica_lag:
      // Missing ReplicaLag data means the replica stopped reporting replication (broken or
      // stopped replication, or a promoted DR replica): that is an alarm, not a gap.
      return {which, "ReplicaLag", "GreaterThanThreshold", a.replica_lag_seconds, "breaching",
              fmt::format("{}: replica lag above {} s, or no lag reported (replication broken)", id,
                          a.replica_lag_seconds)};
  }
  throw std::logic_error("unknown instance alarm");
}

std::vector<AlarmSpec> alarms_for(const HaStackSpec& spec, const Watched& w) {
  const std::string id = w.names.identifier();
  std::vector<AlarmSpec> out;
  for (InstanceAlarm which : instance_alarms(w.replica)) out.push_back(alarm_spec(spec, id, which));
  return out;
}

aws::CloudwatchMetricAlarm add_alarm(Stack& stack, const HaStackSpec& spec, const Watched& w, const AlarmSpec& alarm) {
  const AlarmsSpec& a = spec.monitoring.alarms;
  const std::string name = w.names.alarm(alarm.which);
  std::string local = fmt::format("{}_{}", w.local, to_string(alarm.which));
  for (char& c : local)
    if (c == '-') c = '_';
  auto cw = stack.add<aws::CloudwatchMetricAlarm>(local, w.region->provider);
  cw.alarm_name(name)
      .alarm_description(alarm.description)
      .namespace_("AWS/RDS")
      .metric_name(alarm.metric)
      .dimensions(std::map<std::string, Arg<tf::String>>{{"DBInstanceIdentifier", w.identifier}})
      .statistic("Average")
      .period(a.period_seconds)
      .evaluation_periods(a.evaluation_periods)
      .comparison_operator(alarm.comparison)
      .threshold(alarm.threshold)
      .treat_missing_data(alarm.missing_data)
      .actions_enabled(true)
      .alarm_actions({w.topic->arn()})
      .tags(Tags{{"Name", name}});
  if (a.notify_on_ok) cw.ok_actions({w.topic->arn()});
  return cw;
}

// Failover, failure, low-storage and replication events of the region's instances.
void add_event_subscription(Stack& stack, const RegionContext& region, const aws::SnsTopic& topic,
                            const std::vector<Watched>& watched) {
  std::vector<Arg<tf::String>> source_ids;
  for (const auto& w : watched)
    if (w.region == &region) source_ids.push_back(w.identifier);
  // No source ids would subscribe to every instance of the region, not just the stack's.
  if (source_ids.empty()) return;
  std::vector<Arg<tf::String>> categories(kEventCategories.begin(), kEventCategories.end());
  const std::string name = region.names.event_subscription();
  auto subscription = stack.add<aws::DbEventSubscription>(region.key, region.provider);
  subscription.name(name)
      .sns_topic(topic.arn())
      .source_type("db-instance")
      .source_ids(Arg<tf::Set<tf::String>>(source_ids))
      .event_categories(Arg<tf::Set<tf::String>>(categories))
      .enabled(true)
      .tags(Tags{{"Name", name}});
}

}  // namespace

Monitoring build_monitoring(Stack& stack, const HaStackSpec& spec, const Providers& providers, const KmsKeys& kms,
                            const Database* database) {
  aws::SnsTopic primary_topic = add_topic(stack, spec, providers, providers.primary, kms.primary_arn);
  std::optional<aws::SnsTopic> dr_topic;
  if (providers.dr) dr_topic = add_topic(stack, spec, providers, *providers.dr, kms.dr_arn);

  const Names names(spec);
  std::vector<Watched> watched;
  if (database == nullptr) {
    // No instance yet (migration.phase copy): the topics wait for the restore phase's alarms.
  } else if (database->promoted) {
    // The lost region's alarms stay as they were (their instances may return), named by
    // literal identifiers; the promoted writer keeps its alarms' addresses, without the lag.
    watched.push_back({"primary", names.primary().identifier(), names.primary(), &providers.primary, &primary_topic,
                       false});
    for (std::size_t i = 0; i < spec.database.replicas.size(); ++i)
      watched.push_back({fmt::format("replica_{}", i + 1), names.replica(i).identifier(), names.replica(i),
                         &providers.primary, &primary_topic, true});
    watched.push_back(
        {"dr_replica", database->primary.identifier(), names.dr_replica(), &*providers.dr, &*dr_topic, false});
  } else {
    watched.push_back({"primary", database->primary.identifier(), names.primary(), &providers.primary,
                       &primary_topic, false});
    for (std::size_t i = 0; i < database->replicas.size() && i < spec.database.replicas.size(); ++i)
      watched.push_back({database->replicas[i].address().name, database->replicas[i].identifier(), names.replica(i),
                         &providers.primary, &primary_topic, true});
    if (database->dr_replica)
      watched.push_back({"dr_replica", database->dr_replica->identifier(), names.dr_replica(), &*providers.dr,
                         &*dr_topic, true});
  }

  Monitoring monitoring{primary_topic, dr_topic, {}};
  for (const auto& w : watched)
    for (const auto& alarm : alarms_for(spec, w)) monitoring.alarms.push_back(add_alarm(stack, spec, w, alarm));

  add_event_subscription(stack, providers.primary, primary_topic, watched);
  if (dr_topic) add_event_subscription(stack, *providers.dr, *dr_topic, watched);
  return monitoring;
}

}  // namespace rdha::stack
