// Monitoring rules (RDHA-MON-*): replica lag is watched in each replica's own region,
// alarms notify someone, and encrypted alarm topics can actually receive them.
#include <algorithm>
#include <set>

#include "analysis/rules/policy.hpp"
#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"
#include "dr/db_topology.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;
using namespace rdha::dr::detail;

namespace {

// True when an alarm's dimensions point at the DB instance (reference or literal identifier).
bool alarm_watches(const Stack& stack, const Resource& alarm, const DbNode& node) {
  const Json* dimensions = arg(alarm, "dimensions");
  if (dimensions == nullptr) return false;
  if (value_references(stack, *dimensions, node.index)) return true;
  if (!dimensions->is_object() || !dimensions->contains("DBInstanceIdentifier")) return false;
  const auto id = literal_string(&(*dimensions)["DBInstanceIdentifier"]);
  return id && !node.identifier.empty() && *id == node.identifier;
}

// Why an alarm on a replica's ReplicaLag does not page when the lag grows, or "" when it
// does: a Greater* comparison (a LessThan alarm watches for stopped replication, as the
// readers' routing alarms do) with a threshold, and actions to run.
std::string why_not_paging(const Stack& stack, const Resource& alarm) {
  const std::string comparison = literal_string(arg(alarm, "comparison_operator")).value_or("");
  if (!comparison.starts_with("Greater"))
    return comparison.empty() ? "has no literal comparison_operator"
                              : "uses " + comparison + " (it watches for stopped replication, not a growing lag)";
  if (arg(alarm, "threshold") == nullptr) return "has no threshold";
  if (literal_bool(arg(alarm, "actions_enabled")) == false) return "has its actions disabled";
  const Json* actions = arg(alarm, "alarm_actions");
  if (actions == nullptr) return "has no alarm_actions";
  for (std::size_t target : targets_of(stack, alarm, "alarm_actions"))
    if (stack.resource(target).address.type == "aws_sns_topic") return "";
  for (const auto& action : literal_strings(actions))
    if (action.find(":sns:") != std::string::npos) return "";
  // An expression rdha cannot follow (a variable, a module output) may well be a topic.
  const bool opaque = !references_in(*actions).empty() && targets_in(stack, *actions).empty();
  return opaque ? "" : "notifies no SNS topic";
}

void replica_lag_alarm(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  const auto alarms = of_type(stack, "aws_cloudwatch_metric_alarm");
  for (const auto& node : db_topology(stack).nodes) {
    if (!node.is_replica) continue;
    std::vector<std::string> elsewhere;
    std::vector<std::string> silent;
    bool ok = false;
    for (std::size_t index : alarms) {
      const Resource& alarm = stack.resource(index);
      if (literal_string(arg(alarm, "metric_name")).value_or("") != "ReplicaLag") continue;
      if (!alarm_watches(stack, alarm, node)) continue;
      if (const std::string why = why_not_paging(stack, alarm); !why.empty())
        silent.push_back(alarm.address.str() + " " + why);
      else if (alarm.placement.region == node.region)
        ok = true;
      else
        elsewhere.push_back(alarm.address.str() + " (" + alarm.placement.region + ")");
    }
    if (ok) continue;
    if (!elsewhere.empty()) {
      sink.report(node.address, "The replica's ReplicaLag alarm is not in its own region " + node.region + ".",
                  "RDS publishes a replica's metrics in the replica's region, so " + join(elsewhere) +
                      " never sees data. Create the alarm with a provider of " + node.region +
                      " (and actions on a topic of that region).");
      continue;
    }
    const std::string remedy = "Add an aws_cloudwatch_metric_alarm in " + node.region +
                               " on AWS/RDS ReplicaLag with dimensions {DBInstanceIdentifier = this replica's "
                               "identifier}, a GreaterThanThreshold comparison and alarm_actions on an SNS topic of " +
                               node.region + ".";
    if (!silent.empty()) {
      sink.report(node.address, "No ReplicaLag alarm of the replica pages when its lag grows.",
                  join(silent, "; ") + ". Replica lag is the data a promotion or a read would miss; unwatched, a replica "
                  "can fall hours behind unnoticed. " + remedy);
      continue;
    }
    sink.report(node.address, "The replica has no ReplicaLag alarm.",
                "Replica lag is the data a promotion or a read would miss; unwatched, a replica can fall hours "
                "behind unnoticed. " + remedy);
  }
}

void alarm_actions(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_cloudwatch_metric_alarm")) {
    const Resource& alarm = stack.resource(index);
    const std::string address = alarm.address.str();
    const Json* actions = arg(alarm, "alarm_actions");
    if (actions == nullptr || (actions->is_array() && actions->empty())) {
      sink.report(address, "The alarm has no alarm_actions.",
                  "An alarm without actions changes state silently and notifies no one. Set alarm_actions to an "
                  "SNS topic of the alarm's region (and ok_actions to hear about recovery).");
      continue;
    }
    if (literal_bool(arg(alarm, "actions_enabled")) == false) {
      sink.report(address, "The alarm's actions are disabled (actions_enabled = false).",
                  "Its actions never run. Remove actions_enabled or set it to true.");
      continue;
    }
    for (const char* argument : {"alarm_actions", "ok_actions", "insufficient_data_actions"})
      for (std::size_t target : targets_of(stack, alarm, argument)) {
        const Resource& topic = stack.resource(target);
        if (topic.address.type != "aws_sns_topic" || topic.placement.region == alarm.placement.region) continue;
        sink.report(address,
                    "The alarm (" + alarm.placement.region + ") notifies " + topic.address.str() + " in " +
                        topic.placement.region + ".",
                    "CloudWatch alarm actions must be in the alarm's own region; this action never fires. Use a "
                    "topic of " + alarm.placement.region + ".");
      }
  }
}

void sns_topic_cmk(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t index : of_type(stack, "aws_sns_topic")) {
    const Resource& topic = stack.resource(index);
    const Json* key = arg(topic, "kms_master_key_id");
    if (key == nullptr) {
      sink.report(topic.address.str(), "The SNS topic is not encrypted.",
                  "Alarm and event notifications describe the database's state and are stored unencrypted. Set "
                  "kms_master_key_id to a customer-managed key whose policy admits CloudWatch "
                  "(cloudwatch.amazonaws.com: kms:Decrypt, kms:GenerateDataKey*).");
      continue;
    }
    if (is_customer_managed_key(stack, key)) continue;
    sink.report(topic.address.str(), "The SNS topic uses an AWS-managed key.",
                "The AWS-managed alias/aws/sns key's policy cannot be changed, so CloudWatch alarms cannot publish "
                "to the topic, and access to the key cannot be audited or restricted. Use a customer-managed key.");
  }
}

void alarm_topic_key(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  // Topics some alarm notifies.
  std::vector<std::size_t> notified;
  for (std::size_t alarm : of_type(stack, "aws_cloudwatch_metric_alarm"))
    for (const char* argument : {"alarm_actions", "ok_actions", "insufficient_data_actions"})
      for (std::size_t target : targets_of(stack, stack.resource(alarm), argument))
        if (stack.resource(target).address.type == "aws_sns_topic" &&
            std::find(notified.begin(), notified.end(), target) == notified.end())
          notified.push_back(target);
  for (std::size_t index : notified) {
    const Resource& topic = stack.resource(index);
    const Json* key = arg(topic, "kms_master_key_id");
    if (key == nullptr) continue;
    if (auto text = literal_string(key); text && text->find("alias/aws/sns") != std::string::npos) {
      sink.report(topic.address.str(), "Alarms publish to a topic encrypted with the AWS-managed alias/aws/sns key.",
                  "CloudWatch cannot use the AWS-managed SNS key, so every alarm notification to this topic is "
                  "dropped. Encrypt the topic with a customer-managed key whose policy allows "
                  "cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*.");
      continue;
    }
    const auto key_node = kms_key_node(stack, key);
    if (!key_node) continue;
    const Resource& kms = stack.resource(*key_node);
    const Json* policy_value = arg(kms, "policy");
    std::optional<PolicyDocument> policy;
    if (policy_value != nullptr) {
      policy = read_policy(stack, policy_value);
      if (!policy) continue;  // written in a form rdha cannot read
    }
    if (policy && admits_service(*policy, "cloudwatch.amazonaws.com", {"kms:Decrypt", "kms:GenerateDataKey"}))
      continue;
    sink.report(topic.address.str(),
                "The topic's key " + kms.address.str() + " does not let CloudWatch use it; alarm notifications are "
                "dropped.",
                "CloudWatch publishes to an encrypted topic only when the key policy allows the service principal "
                "cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*. Add that statement to " +
                    kms.address.str() + "'s policy.");
  }
}

// RDHA-MON-005: a ReplicaLag threshold that an idle PostgreSQL source does not cross.
void replica_lag_threshold_above_idle_lag(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  constexpr double kIdleLag = 360;  // up to 300 s until the WAL switch, plus publishing delay
  const auto topology = db_topology(stack);
  for (std::size_t index : of_type(stack, "aws_cloudwatch_metric_alarm")) {
    const Resource& alarm = stack.resource(index);
    if (literal_string(arg(alarm, "metric_name")).value_or("") != "ReplicaLag") continue;
    if (!literal_string(arg(alarm, "comparison_operator")).value_or("").starts_with("Greater")) continue;
    const auto threshold = literal_number(arg(alarm, "threshold"));
    if (!threshold || *threshold >= kIdleLag) continue;
    for (const auto& node : topology.nodes) {
      if (!node.is_replica || node.engine != "postgres" || !alarm_watches(stack, alarm, node)) continue;
      sink.report(alarm.address.str(),
                  "The ReplicaLag alarm pages at " + std::to_string(static_cast<int>(*threshold)) +
                      " s, below what an idle PostgreSQL source makes " + node.address + " report.",
                  "With no writes on the source a PostgreSQL replica reports up to five minutes of lag until the "
                  "WAL segment switches (\"Working with read replicas for Amazon RDS for PostgreSQL\", "
                  "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html), "
                  "so this alarm pages on a quiet database. Raise the threshold to 360 s or more (and accept "
                  "that a smaller real lag goes unalarmed), or keep the lag meaningful with a heartbeat write.");
      break;
    }
  }
}

// The SNS topics alarms or RDS event subscriptions notify.
std::vector<std::size_t> notified_topics(const Stack& stack) {
  std::vector<std::size_t> out;
  const auto add = [&](std::size_t target) {
    if (stack.resource(target).address.type == "aws_sns_topic" && std::find(out.begin(), out.end(), target) == out.end())
      out.push_back(target);
  };
  for (std::size_t alarm : of_type(stack, "aws_cloudwatch_metric_alarm"))
    for (const char* argument : {"alarm_actions", "ok_actions", "insufficient_data_actions"})
      for (std::size_t target : targets_of(stack, stack.resource(alarm), argument)) add(target);
  for (std::size_t subscription : of_type(stack, "aws_db_event_subscription"))
    for (std::size_t target : targets_of(stack, stack.resource(subscription), "sns_topic")) add(target);
  return out;
}

std::vector<const Resource*> subscriptions_of(const Stack& stack, std::size_t topic) {
  std::vector<const Resource*> out;
  for (std::size_t index : of_type(stack, "aws_sns_topic_subscription")) {
    const Json* arn = arg(stack.resource(index), "topic_arn");
    if (arn != nullptr && value_references(stack, *arn, topic)) out.push_back(&stack.resource(index));
  }
  return out;
}

// RDHA-MON-006: a notified topic has someone subscribed.
void topic_has_subscriber(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t topic : notified_topics(stack)) {
    if (!subscriptions_of(stack, topic).empty()) continue;
    sink.report(stack.resource(topic).address.str(), "Alarms and events publish to a topic nobody subscribes to.",
                "Its notifications reach no one. Subscribe the on-call (monitoring.notification_emails or "
                "notification_endpoints in rdha's spec); an e-mail subscription stays pending, and receives "
                "nothing, until its address confirms it.");
  }
}

// RDHA-MON-007: a topic does not depend only on endpoints of another region.
void topic_reaches_its_region(const CheckContext& context, FindingSink& sink) {
  const Stack& stack = context.stack;
  for (std::size_t topic : notified_topics(stack)) {
    const Resource& node = stack.resource(topic);
    const auto subscriptions = subscriptions_of(stack, topic);
    std::set<std::string> regions;  // of the subscribers in another region
    std::size_t elsewhere = 0;
    for (const Resource* subscription : subscriptions) {
      const auto protocol = literal_string(arg(*subscription, "protocol")).value_or("");
      if (protocol != "sqs" && protocol != "lambda") continue;
      // A literal ARN names its region; a reference to a queue or function, its provider's.
      std::string region = arn_region(literal_string(arg(*subscription, "endpoint")).value_or(""));
      for (std::size_t target : targets_of(stack, *subscription, "endpoint"))
        region = stack.resource(target).placement.region;
      if (region.empty() || region == node.placement.region) continue;
      regions.insert(region);
      ++elsewhere;
    }
    if (subscriptions.empty() || elsewhere != subscriptions.size()) continue;
    sink.report(node.address.str(),
                "Every subscriber of the topic in " + node.placement.region + " is a queue or function in " +
                    join(std::vector<std::string>(regions.begin(), regions.end())) + ".",
                "When that region fails, which is when this region's alarms matter most, the notifications reach no "
                "one. Subscribe endpoints of " + node.placement.region +
                    " (monitoring.notification_endpoints.<region> in rdha's spec) or e-mail addresses.");
  }
}

}  // namespace

void add_monitoring_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-MON-001", "ReplicaLagAlarmInRegion",
                 "Every replica has a ReplicaLag alarm in its own region that pages when the lag grows",
                 Severity::error, "monitoring",
                 "Replica lag is the data a failover to the replica would lose. RDS publishes it in the replica's "
                 "region, so the alarm must live there, compare above a threshold and notify a topic; an alarm "
                 "that only watches for stopped replication (LessThan) does not count.",
                 "Add an aws_cloudwatch_metric_alarm on AWS/RDS ReplicaLag per replica, GreaterThanThreshold, with "
                 "the replica's region's provider and alarm actions on that region's topic.",
                 {}},
                replica_lag_alarm});
  registry.add({{"RDHA-MON-002", "AlarmsHaveActions", "Alarms have actions in their own region", Severity::error,
                 "monitoring",
                 "An alarm that notifies no one — or a topic in another region, which CloudWatch cannot use — is "
                 "as good as none.",
                 "Set alarm_actions (and ok_actions) to an SNS topic of the alarm's region; leave actions enabled.",
                 {}},
                alarm_actions});
  registry.add({{"RDHA-MON-003", "SnsTopicCmk", "SNS topics are encrypted with a customer-managed key",
                 Severity::warning, "monitoring",
                 "Notifications carry operational detail; a customer-managed key encrypts them at rest with an "
                 "auditable, restrictable key.",
                 "Set kms_master_key_id to a customer-managed KMS key.",
                 {checkov("CKV_AWS_26"), trivy("AVD-AWS-0136")}},
                sns_topic_cmk});
  registry.add({{"RDHA-MON-004", "AlarmTopicKeyAdmitsCloudWatch", "Encrypted alarm topics' keys admit CloudWatch",
                 Severity::error, "monitoring",
                 "CloudWatch alarms can publish to an encrypted SNS topic only when the key policy lets "
                 "cloudwatch.amazonaws.com use the key; otherwise notifications are silently dropped.",
                 "Allow the service principal cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey* in "
                 "the topic key's policy; never use alias/aws/sns for alarm topics.",
                 {}},
                alarm_topic_key});
  registry.add({{"RDHA-MON-005", "ReplicaLagAboveIdleLag",
                 "PostgreSQL ReplicaLag alarms do not page on an idle source", Severity::warning, "monitoring",
                 "An idle PostgreSQL source makes its replicas report up to 300 s of lag; a lower threshold pages "
                 "on a quiet database.",
                 "Set the threshold to 360 s or more, or keep the lag meaningful with a heartbeat write.",
                 {}},
                replica_lag_threshold_above_idle_lag});
  registry.add({{"RDHA-MON-006", "AlarmTopicHasSubscriber", "Alarm topics have subscribers", Severity::warning,
                 "monitoring", "A topic without subscriptions delivers its alarms to no one.",
                 "Subscribe the on-call to every alarm topic; confirm e-mail subscriptions.",
                 {}},
                topic_has_subscriber});
  registry.add({{"RDHA-MON-007", "TopicReachesItsRegion",
                 "A topic's subscribers are not all queues or functions of another region", Severity::error,
                 "monitoring",
                 "SQS queues and Lambda functions are regional: a topic whose only subscribers live in another region "
                 "goes silent when that region fails.",
                 "Subscribe endpoints of the topic's own region, or e-mail addresses.",
                 {}},
                topic_reaches_its_region});
}

}  // namespace rdha::analysis::detail
