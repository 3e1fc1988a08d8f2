// Tests of build_monitoring (rdha/stack/modules.hpp): encrypted alarm topics per region
// that only CloudWatch and RDS events may publish to, alarms with actions on every DB
// instance in its own region, subscribers and RDS event subscriptions.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "rdha/stack/names.hpp"
#include "testing/module_stack.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;
using testing::build_modules;
using testing::Module;

const aws::CloudwatchMetricAlarm* find_alarm(const Monitoring& m, const std::string& name) {
  for (const auto& alarm : m.alarms)
    if (alarm.node().arguments["alarm_name"] == name) return &alarm;
  return nullptr;
}

TEST(MonitoringModule, EachRegionHasATopicEncryptedWithItsCmk) {
  auto s = build_modules(HaStackSpec{}, Module::monitoring);
  const auto& primary = s->monitoring->primary_topic;
  EXPECT_EQ(primary.str(), "aws_sns_topic.primary");
  EXPECT_EQ(primary.node().provider, "aws");
  EXPECT_EQ(primary.node().arguments["name"], "primary-db-alarms-rdha");
  EXPECT_EQ(primary.node().arguments["kms_master_key_id"], "${aws_kms_key.primary.arn}");
  EXPECT_EQ(primary.node().arguments["tags"], json({{"Name", "primary-db-alarms-rdha"}}));
  const auto& dr = *s->monitoring->dr_topic;
  EXPECT_EQ(dr.str(), "aws_sns_topic.dr");
  EXPECT_EQ(dr.node().provider, "aws.dr");
  EXPECT_EQ(dr.node().arguments["name"], "dr-db-alarms-rdha");
  EXPECT_EQ(dr.node().arguments["kms_master_key_id"], "${aws_kms_replica_key.dr.arn}");
}

TEST(MonitoringModule, TopicPolicyLetsOnlyCloudWatchAndRdsEventsPublishForTheAccount) {
  auto s = build_modules(HaStackSpec{}, Module::monitoring);
  for (const std::string key : {"primary", "dr"}) {
    const json& policy = s->args("aws_sns_topic_policy." + key);
    EXPECT_EQ(policy["arn"], "${aws_sns_topic." + key + ".arn}");
    EXPECT_EQ(policy["policy"], "${data.aws_iam_policy_document." + key + "_alarm_topic.json}");
    const json expected = json::parse(R"([
      {"sid": "CloudWatchAlarms", "effect": "Allow", "actions": ["sns:Publish"],
       "resources": ["${aws_sns_topic.)" + key + R"(.arn}"],
       "principals": [{"type": "Service", "identifiers": ["cloudwatch.amazonaws.com"]}],
       "condition": [{"test": "StringEquals", "variable": "aws:SourceAccount",
                      "values": ["${data.aws_caller_identity.current.account_id}"]}]},
      {"sid": "RdsEvents", "effect": "Allow", "actions": ["sns:Publish"],
       "resources": ["${aws_sns_topic.)" + key + R"(.arn}"],
       "principals": [{"type": "Service", "identifiers": ["events.rds.amazonaws.com"]}],
       "condition": [{"test": "StringEquals", "variable": "aws:SourceAccount",
                      "values": ["${data.aws_caller_identity.current.account_id}"]}]}
    ])");
    EXPECT_EQ(s->args("data.aws_iam_policy_document." + key + "_alarm_topic")["statement"], expected) << key;
  }
}

TEST(MonitoringModule, AwsManagedModeLeavesTheTopicsWithoutAKey) {
  HaStackSpec spec;
  spec.database.kms_mode = KmsMode::aws_managed;
  auto s = build_modules(spec, Module::monitoring);
  // CloudWatch cannot publish to a topic under the AWS-managed aws/sns key.
  EXPECT_FALSE(s->monitoring->primary_topic.node().arguments.contains("kms_master_key_id"));
  EXPECT_FALSE(s->monitoring->dr_topic->node().arguments.contains("kms_master_key_id"));
  EXPECT_NO_THROW(to_tf_json(s->stack));
}

TEST(MonitoringModule, AlarmNamesAreExactlyTheGeneratedAlarmNames) {
  HaStackSpec spec;
  auto s = build_modules(spec, Module::monitoring);
  // The instances' alarms, named by InstanceNames.
  const Names names(spec);
  std::set<std::string> expected;
  for (const auto& [instance, replica] : {std::pair{names.primary(), false}, std::pair{names.replica(0), true},
                                          std::pair{names.replica(1), true}, std::pair{names.dr_replica(), true}})
    for (InstanceAlarm which : instance_alarms(replica)) expected.insert(instance.alarm(which));
  std::set<std::string> actual;
  for (const auto& alarm : s->monitoring->alarms) actual.insert(alarm.node().arguments["alarm_name"].get<std::string>());
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(s->monitoring->alarms.size(), 4u * 4u + 3u);  // 4 metrics x 4 instances + lag on 3 replicas

  // With the failover module's routing alarms, every alarm of the stack is a generated name
  // and every generated alarm name is an alarm of the stack.
  const Stack stack = build_ha_stack(spec);
  std::set<std::string> generated;
  for (const auto& n : names.all())
    if (n.kind == NameKind::cloudwatch_alarm) generated.insert(n.name);
  std::set<std::string> emitted;
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (stack.resource(i).address.type == "aws_cloudwatch_metric_alarm")
      emitted.insert(stack.resource(i).arguments["alarm_name"].get<std::string>());
  EXPECT_EQ(emitted, generated);
  std::set<std::string> routing;
  std::set_difference(generated.begin(), generated.end(), expected.begin(), expected.end(),
                      std::inserter(routing, routing.end()));
  EXPECT_EQ(routing, (std::set<std::string>{"replica-1-replicating-rdha", "replica-2-replicating-rdha",
                                            "writer-failover-rdha"}));
}

TEST(MonitoringModule, EveryAlarmNotifiesTheTopicOfItsInstancesRegion) {
  auto s = build_modules(HaStackSpec{}, Module::monitoring);
  for (const auto& alarm : s->monitoring->alarms) {
    const json& a = alarm.node().arguments;
    const bool dr = a["alarm_name"].get<std::string>().rfind("dr-replica-", 0) == 0;
    const std::string topic = dr ? "${aws_sns_topic.dr.arn}" : "${aws_sns_topic.primary.arn}";
    EXPECT_EQ(alarm.node().provider, dr ? "aws.dr" : "aws") << alarm.str();
    EXPECT_EQ(a["alarm_actions"], json::array({topic})) << alarm.str();
    EXPECT_EQ(a["ok_actions"], json::array({topic})) << alarm.str();
    EXPECT_EQ(a["actions_enabled"], true);
    EXPECT_EQ(a["namespace"], "AWS/RDS");
    EXPECT_EQ(a["statistic"], "Average");
    EXPECT_EQ(a["period"], 60);
    EXPECT_EQ(a["evaluation_periods"], 3);
    EXPECT_FALSE(a["alarm_description"].get<std::string>().empty());
  }
}

TEST(MonitoringModule, PrimaryCpuAlarmHasTheExactArguments) {
  auto s = build_modules(HaStackSpec{}, Module::monitoring);
  const auto* alarm = find_alarm(*s->monitoring, "primary-cpu-rdha");
  ASSERT_NE(alarm, nullptr);
  EXPECT_EQ(alarm->str(), "aws_cloudwatch_metric_alarm.primary_cpu");
  EXPECT_EQ(alarm->node().arguments, json::parse(R"({
    "actions_enabled": true,
    "alarm_actions": ["${aws_sns_topic.primary.arn}"],
    "alarm_description": "primary-rdha: CPU above 80% for 3 x 60 s",
    "alarm_name": "primary-cpu-rdha",
    "comparison_operator": "GreaterThanThreshold",
    "dimensions": {"DBInstanceIdentifier": "${aws_db_instance.primary.identifier}"},
    "evaluation_periods": 3,
    "metric_name": "CPUUtilization",
    "namespace": "AWS/RDS",
    "ok_actions": ["${aws_sns_topic.primary.arn}"],
    "period": 60,
    "statistic": "Average",
    "tags": {"Name": "primary-cpu-rdha"},
    "threshold": 80.0,
    "treat_missing_data": "missing"
  })"));
}

TEST(MonitoringModule, ThresholdsFollowTheSpec) {
  HaStackSpec spec;
  spec.database.parameters.max_connections = 500;
  spec.monitoring.alarms.connections_percent = 90;
  auto s = build_modules(spec, Module::monitoring);
  const auto& m = *s->monitoring;
  // Connections alarm at 90% of max_connections 500.
  EXPECT_EQ(find_alarm(m, "primary-connections-rdha")->node().arguments["threshold"], 450);
  EXPECT_EQ(find_alarm(m, "primary-connections-rdha")->node().arguments["metric_name"], "DatabaseConnections");
  EXPECT_EQ(find_alarm(m, "replica-1-connections-rdha")->node().arguments["threshold"], 450);
  const json& storage = find_alarm(m, "primary-free-storage-rdha")->node().arguments;
  EXPECT_EQ(storage["metric_name"], "FreeStorageSpace");
  EXPECT_EQ(storage["comparison_operator"], "LessThanThreshold");
  EXPECT_EQ(storage["threshold"], 10737418240);
  const json& memory = find_alarm(m, "dr-replica-freeable-memory-rdha")->node().arguments;
  EXPECT_EQ(memory["metric_name"], "FreeableMemory");
  EXPECT_EQ(memory["comparison_operator"], "LessThanThreshold");
  EXPECT_EQ(memory["threshold"], 1073741824);
  EXPECT_EQ(memory["dimensions"], json({{"DBInstanceIdentifier", "${aws_db_instance.dr_replica.identifier}"}}));
}

TEST(MonitoringModule, ReplicaLagIsAlarmedOnEveryReplicaAndTheDrOneInItsRegion) {
  auto s = build_modules(HaStackSpec{}, Module::monitoring);
  const auto& m = *s->monitoring;
  EXPECT_EQ(find_alarm(m, "primary-lag-rdha"), nullptr);
  for (const std::string base : {"replica-1", "replica-2"}) {
    const auto* alarm = find_alarm(m, base + "-lag-rdha");
    ASSERT_NE(alarm, nullptr) << base;
    EXPECT_EQ(alarm->node().provider, "aws");
    EXPECT_EQ(alarm->node().arguments["metric_name"], "ReplicaLag");
    EXPECT_EQ(alarm->node().arguments["alarm_actions"], json::array({"${aws_sns_topic.primary.arn}"}));
  }
  const auto* dr = find_alarm(m, "dr-replica-lag-rdha");
  ASSERT_NE(dr, nullptr);
  EXPECT_EQ(dr->str(), "aws_cloudwatch_metric_alarm.dr_replica_lag");
  EXPECT_EQ(dr->node().provider, "aws.dr");
  const json& a = dr->node().arguments;
  EXPECT_EQ(a["metric_name"], "ReplicaLag");
  EXPECT_EQ(a["comparison_operator"], "GreaterThanThreshold");
  // At least 360 s: an idle source makes a PostgreSQL replica report up to 300 s.
  EXPECT_EQ(a["threshold"], 360.0);
  // No lag data means replication stopped: alarm rather than wait.
  EXPECT_EQ(a["treat_missing_data"], "breaching");
  EXPECT_EQ(a["dimensions"], json({{"DBInstanceIdentifier", "${aws_db_instance.dr_replica.identifier}"}}));
  EXPECT_EQ(a["alarm_actions"], json::array({"${aws_sns_topic.dr.arn}"}));
  EXPECT_EQ(a["ok_actions"], json::array({"${aws_sns_topic.dr.arn}"}));
}

TEST(MonitoringModule, ReplicaLagThresholdFollowsTheSpecOnEveryReplica) {
  HaStackSpec spec;
  spec.monitoring.alarms.replica_lag_seconds = 900;
  auto s = build_modules(spec, Module::monitoring);
  for (const std::string base : {"replica-1", "replica-2", "dr-replica"}) {
    const auto* alarm = find_alarm(*s->monitoring, base + "-lag-rdha");
    ASSERT_NE(alarm, nullptr) << base;
    EXPECT_EQ(alarm->node().arguments["threshold"], 900.0) << base;
    EXPECT_EQ(alarm->node().arguments["alarm_description"],
              base + "-rdha: replica lag above 900 s, or no lag reported (replication broken)");
  }
}

TEST(MonitoringModule, OkNotificationsCanBeTurnedOff) {
  HaStackSpec spec;
  spec.monitoring.alarms.notify_on_ok = false;
  auto s = build_modules(spec, Module::monitoring);
  for (const auto& alarm : s->monitoring->alarms) {
    EXPECT_FALSE(alarm.node().arguments.contains("ok_actions")) << alarm.str();
    EXPECT_TRUE(alarm.node().arguments.contains("alarm_actions")) << alarm.str();
  }
}

TEST(MonitoringModule, SubscribersAreAddedToBothTopics) {
  HaStackSpec spec;
  spec.monitoring.notification_emails = {"oncall@example.com", "dba@example.com"};
  spec.monitoring.notification_endpoints.primary = {{"https", "https://hooks.example.com/rds"}};
  spec.monitoring.notification_endpoints.dr = {{"https", "https://hooks.example.com/rds"}};
  auto s = build_modules(spec, Module::monitoring);
  for (const std::string key : {"primary", "dr"}) {
    EXPECT_EQ(s->args("aws_sns_topic_subscription." + key + "_email_1"),
              json({{"topic_arn", "${aws_sns_topic." + key + ".arn}"}, {"protocol", "email"},
                    {"endpoint", "oncall@example.com"}}));
    EXPECT_EQ(s->args("aws_sns_topic_subscription." + key + "_email_2")["endpoint"], "dba@example.com");
    EXPECT_EQ(s->args("aws_sns_topic_subscription." + key + "_endpoint_1"),
              json({{"topic_arn", "${aws_sns_topic." + key + ".arn}"}, {"protocol", "https"},
                    {"endpoint", "https://hooks.example.com/rds"}}));
  }
  EXPECT_EQ(s->stack.find("aws_sns_topic_subscription.dr_email_1")->node().provider, "aws.dr");
  EXPECT_NO_THROW(to_tf_json(s->stack));
}

// A queue or function lives in one region: each topic has only its own region's endpoints,
// so the DR region's topic reaches people while the primary region is down.
TEST(MonitoringModule, EndpointsSubscribeOnlyToTheirOwnRegionsTopic) {
  HaStackSpec spec;
  spec.monitoring.notification_endpoints.primary = {{"sqs", "arn:aws:sqs:us-east-1:123456789012:db-alarms"},
                                                    {"https", "https://hooks.example.com/rds"}};
  spec.monitoring.notification_endpoints.dr = {{"lambda", "arn:aws:lambda:us-west-2:123456789012:function:page"}};
  auto s = build_modules(spec, Module::monitoring);
  EXPECT_EQ(s->of_type("aws_sns_topic_subscription"),
            (std::vector<std::string>{"aws_sns_topic_subscription.primary_endpoint_1",
                                      "aws_sns_topic_subscription.primary_endpoint_2",
                                      "aws_sns_topic_subscription.dr_endpoint_1"}));
  EXPECT_EQ(s->args("aws_sns_topic_subscription.primary_endpoint_1"),
            json({{"topic_arn", "${aws_sns_topic.primary.arn}"}, {"protocol", "sqs"},
                  {"endpoint", "arn:aws:sqs:us-east-1:123456789012:db-alarms"}}));
  EXPECT_EQ(s->args("aws_sns_topic_subscription.primary_endpoint_2")["endpoint"], "https://hooks.example.com/rds");
  EXPECT_EQ(s->args("aws_sns_topic_subscription.dr_endpoint_1"),
            json({{"topic_arn", "${aws_sns_topic.dr.arn}"}, {"protocol", "lambda"},
                  {"endpoint", "arn:aws:lambda:us-west-2:123456789012:function:page"}}));
  EXPECT_EQ(s->stack.find("aws_sns_topic_subscription.primary_endpoint_2")->node().provider, "aws");
  EXPECT_EQ(s->stack.find("aws_sns_topic_subscription.dr_endpoint_1")->node().provider, "aws.dr");
}

TEST(MonitoringModule, EventSubscriptionsCoverTheInstancesOfEachRegion) {
  auto s = build_modules(HaStackSpec{}, Module::monitoring);
  const json categories = json::array({"failover", "failure", "low storage", "read replica"});
  const json& primary = s->args("aws_db_event_subscription.primary");
  EXPECT_EQ(primary["name"], "primary-db-events-rdha");
  EXPECT_EQ(primary["sns_topic"], "${aws_sns_topic.primary.arn}");
  EXPECT_EQ(primary["source_type"], "db-instance");
  EXPECT_EQ(primary["source_ids"], json::array({"${aws_db_instance.primary.identifier}",
                                                "${aws_db_instance.replica_1.identifier}",
                                                "${aws_db_instance.replica_2.identifier}"}));
  EXPECT_EQ(primary["event_categories"], categories);
  EXPECT_EQ(primary["enabled"], true);
  const json& dr = s->args("aws_db_event_subscription.dr");
  EXPECT_EQ(s->stack.find("aws_db_event_subscription.dr")->node().provider, "aws.dr");
  EXPECT_EQ(dr["name"], "dr-db-events-rdha");
  EXPECT_EQ(dr["sns_topic"], "${aws_sns_topic.dr.arn}");
  EXPECT_EQ(dr["source_ids"], json::array({"${aws_db_instance.dr_replica.identifier}"}));
  EXPECT_EQ(dr["event_categories"], categories);
}

TEST(MonitoringModule, WithoutADrReplicaTheDrRegionHasNoEventSubscription) {
  HaStackSpec spec;
  spec.database.dr_replica.enabled = false;
  auto s = build_modules(spec, Module::monitoring);
  // Empty source_ids would subscribe to every instance in the region.
  EXPECT_FALSE(s->has("aws_db_event_subscription.dr"));
  EXPECT_TRUE(s->has("aws_sns_topic.dr"));
  EXPECT_EQ(s->monitoring->alarms.size(), 3u * 4u + 2u);
  EXPECT_NO_THROW(to_tf_json(s->stack));
}

TEST(MonitoringModule, DefaultStackEmitsValidTerraformJson) {
  auto s = build_modules(HaStackSpec{}, Module::monitoring);
  const auto files = to_tf_json(s->stack);
  ASSERT_TRUE(files.count("monitoring.tf.json"));
  EXPECT_NE(files.at("monitoring.tf.json").dump().find("dr-replica-lag-rdha"), std::string::npos);
}

}  // namespace
}  // namespace rdha::stack
