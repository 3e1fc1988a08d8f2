// region_failover_target: what the region-loss procedure acts on, read from the graph the
// same way for the stack's automation document and the drill's runbook.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "rdha/dr/region_failover.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/ha_stack.hpp"

namespace rdha::dr {
namespace {

std::size_t index_of(const Stack& stack, const std::string& address) {
  const auto index = stack.index_of(address);
  EXPECT_TRUE(index.has_value()) << address;
  return index.value_or(0);
}

TEST(FailoverTarget, DefaultStackNamesTheWriterTheDrReplicaTheirDnsTopicAndDocument) {
  const Stack stack = stack::build_ha_stack({});
  const auto t = region_failover_target(stack, index_of(stack, "aws_db_instance.dr_replica"));
  EXPECT_EQ(t.primary_region, "us-east-1");
  EXPECT_EQ(t.primary_id, "primary-rdha");
  EXPECT_EQ(t.primary_address, "aws_db_instance.primary");
  EXPECT_EQ(t.dr_region, "us-west-2");
  EXPECT_EQ(t.dr_id, "dr-replica-rdha");
  EXPECT_EQ(t.dr_address, "aws_db_instance.dr_replica");
  EXPECT_EQ(t.backup_retention_days, 7);
  EXPECT_TRUE(t.dr_multi_az);
  EXPECT_EQ(t.zone_name, "db.rdha.internal");
  EXPECT_EQ(t.writer_record, "writer.db.rdha.internal");
  EXPECT_EQ(t.record_ttl, 30);
  EXPECT_EQ(t.topic_name, "dr-db-alarms-rdha");
  EXPECT_EQ(t.document_name, "region-failover-rdha");
}

TEST(FailoverTarget, FollowsTheSpecThroughTheGraph) {
  stack::HaStackSpec spec;
  spec.name_suffix = "-prod";
  spec.database.backup_retention_days = 14;
  spec.database.dr_replica.multi_az = false;
  spec.failover.zone_name = "db.example.internal";
  spec.failover.record_ttl = 10;
  const Stack stack = stack::build_ha_stack(spec);
  const auto t = region_failover_target(stack, index_of(stack, "aws_db_instance.dr_replica"));
  EXPECT_EQ(t.primary_id, "primary-prod");
  EXPECT_EQ(t.dr_id, "dr-replica-prod");
  EXPECT_EQ(t.backup_retention_days, 14);
  EXPECT_FALSE(t.dr_multi_az);
  EXPECT_EQ(t.writer_record, "writer.db.example.internal");
  EXPECT_EQ(t.record_ttl, 10);
  EXPECT_EQ(t.document_name, "region-failover-prod");
}

TEST(FailoverTarget, WithoutTheFailoverModuleThereIsNoDnsSwitchOrDocument) {
  stack::HaStackSpec spec;
  spec.failover.enabled = false;
  const Stack stack = stack::build_ha_stack(spec);
  const auto t = region_failover_target(stack, index_of(stack, "aws_db_instance.dr_replica"));
  EXPECT_EQ(t.zone_name, "");
  EXPECT_EQ(t.writer_record, "");
  EXPECT_EQ(t.document_name, "");
  EXPECT_EQ(t.topic_name, "dr-db-alarms-rdha");
}

std::vector<std::string> step_ids(const RegionFailoverTarget& target) {
  std::vector<std::string> out;
  for (const auto& step : region_failover_steps(target)) out.push_back(step.id);
  return out;
}

// The switch is read from the graph: the alarm behind the PRIMARY writer record's check.
TEST(FailoverTarget, TheWriterSwitchIsTheMetricOfTheAlarmBehindThePrimaryRecordsCheck) {
  const Stack stack = stack::build_ha_stack({});
  const auto t = region_failover_target(stack, index_of(stack, "aws_db_instance.dr_replica"));
  ASSERT_TRUE(t.writer_switch);
  EXPECT_EQ(t.writer_switch->alarm, "writer-failover-rdha");
  EXPECT_EQ(t.writer_switch->region, "us-west-2");
  EXPECT_EQ(t.writer_switch->metric_namespace, "RDHA/Failover");
  EXPECT_EQ(t.writer_switch->metric, "WriterFailedOver");
  EXPECT_EQ(t.writer_switch->dimension, "DBInstanceIdentifier");
  EXPECT_EQ(t.writer_switch->dimension_value, "primary-rdha");

  stack::HaStackSpec off;
  off.failover.enabled = false;
  const Stack plain = stack::build_ha_stack(off);
  EXPECT_FALSE(region_failover_target(plain, index_of(plain, "aws_db_instance.dr_replica")).writer_switch);
}

TEST(FailoverTarget, NoSwitchWithoutACheckOnAnAlarmOrASecondaryOnTheTarget) {
  const auto switch_after = [](const std::function<void(Stack&)>& change) {
    Stack stack = stack::build_ha_stack({});
    change(stack);
    return region_failover_target(stack, index_of(stack, "aws_db_instance.dr_replica")).writer_switch.has_value();
  };
  EXPECT_TRUE(switch_after([](Stack&) {}));
  // A check that does not follow an alarm.
  EXPECT_FALSE(switch_after([](Stack& s) { s.find("aws_route53_health_check.writer")->set_json("type", "HTTPS"); }));
  // A PRIMARY record without a check.
  EXPECT_FALSE(switch_after([](Stack& s) { s.find("aws_route53_record.writer")->unset("health_check_id"); }));
  // A SECONDARY record that is not the promoted instance.
  EXPECT_FALSE(switch_after([](Stack& s) {
    s.find("aws_route53_record.writer_dr")->set_json("records", nlohmann::json::array({"other.example.internal"}));
  }));
}

TEST(FailoverTarget, TheProcedureEstimatesTheLossAndAsksBeforeThePromotionThenSwitches) {
  const Stack stack = stack::build_ha_stack({});
  auto t = region_failover_target(stack, index_of(stack, "aws_db_instance.dr_replica"));
  const auto steps = region_failover_steps(t);
  EXPECT_EQ(step_ids(t), (std::vector<std::string>{"confirm-region-failure", "check-dr-replica", "estimate-data-loss",
                                                   "approve-promotion", "promote-dr-replica", "wait-for-new-writer",
                                                   "switch-writer", "notify-operators"}));
  std::vector<StepPhase> phases;
  for (const auto& step : steps) phases.push_back(step.phase);
  EXPECT_EQ(phases, (std::vector<StepPhase>{StepPhase::assess, StepPhase::assess, StepPhase::assess,
                                            StepPhase::recover, StepPhase::recover, StepPhase::recover,
                                            StepPhase::recover, StepPhase::recover}));
  for (const auto& step : steps) EXPECT_EQ(step.irreversible, step.id == "promote-dr-replica") << step.id;
  // A decision, not a command.
  EXPECT_TRUE(failover_commands(steps[3], t).empty());

  // Single-AZ DR instance: Multi-AZ before the switch. No switch, no topic: those steps go.
  t.dr_multi_az = false;
  EXPECT_EQ(step_ids(t)[6], "enable-multi-az");
  EXPECT_EQ(step_ids(t)[7], "switch-writer");
  t.writer_switch.reset();
  t.topic_name.clear();
  EXPECT_EQ(step_ids(t), (std::vector<std::string>{"confirm-region-failure", "check-dr-replica", "estimate-data-loss",
                                                   "approve-promotion", "promote-dr-replica", "wait-for-new-writer",
                                                   "enable-multi-az"}));
}

// The drill's command reads the same hours of ReplicaLag as the automation's estimator.
TEST(FailoverTarget, TheEstimateCommandReadsTheEstimatorsLookback) {
  std::ifstream in(std::string(RDHA_SOURCE_DIR) + "/src/dr/automation/estimate_data_loss.py");
  ASSERT_TRUE(in);
  std::ostringstream script;
  script << in.rdbuf();
  std::smatch hours;
  const std::string text = script.str();
  ASSERT_TRUE(std::regex_search(text, hours, std::regex(R"(LOOKBACK = datetime\.timedelta\(hours=(\d+)\))")));
  const Stack stack = stack::build_ha_stack({});
  const auto t = region_failover_target(stack, index_of(stack, "aws_db_instance.dr_replica"));
  const auto steps = region_failover_steps(t);
  const auto commands = failover_commands(steps[2], t);
  ASSERT_EQ(commands.size(), 1u);
  const std::string since = "-d '-" + std::to_string(std::stoi(hours[1]) * 60) + " minutes'";
  EXPECT_NE(commands[0].find(since), std::string::npos) << commands[0];
  EXPECT_NE(commands[0].find("--region us-west-2 --namespace AWS/RDS --metric-name ReplicaLag"), std::string::npos);
  EXPECT_NE(commands[0].find("--statistics Maximum"), std::string::npos);
}

TEST(FailoverTarget, AutomationStepNamesAreTheIdsInPascalCase) {
  EXPECT_EQ(automation_step_name("promote-dr-replica"), "PromoteDrReplica");
  EXPECT_EQ(automation_step_name("switch-writer"), "SwitchWriter");
  EXPECT_EQ(automation_step_name("estimate_data_loss"), "EstimateDataLoss");
}

TEST(FailoverTarget, NonLiteralIdentifiersReadAsPlaceholders) {
  Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto west = stack.add_provider("aws", "us-west-2", "dr");
  auto writer = stack.add(Kind::resource, "aws_db_instance", "w", east);
  writer.set("instance_class", "db.t4g.micro");
  auto replica = stack.add(Kind::resource, "aws_db_instance", "r", west);
  replica.set("instance_class", "db.t4g.micro").set("replicate_source_db", writer.attr("arn"));
  const auto t = region_failover_target(stack, index_of(stack, "aws_db_instance.r"));
  EXPECT_EQ(t.primary_region, "us-east-1");
  EXPECT_EQ(t.primary_id, "<identifier of aws_db_instance.w>");
  EXPECT_EQ(t.dr_id, "<identifier of aws_db_instance.r>");
  EXPECT_EQ(t.backup_retention_days, 7);
  EXPECT_FALSE(t.dr_multi_az);
  EXPECT_EQ(t.topic_name, "");
}

TEST(FailoverTarget, OnlyADbInstanceCanBePromoted) {
  const Stack stack = stack::build_ha_stack({});
  try {
    region_failover_target(stack, index_of(stack, "aws_vpc.dr"));
    FAIL() << "expected GraphError";
  } catch (const GraphError& e) {
    EXPECT_STREQ(e.what(),
                 "[rdha.graph.not_a_db_instance] (aws_vpc.dr) is not an aws_db_instance: a region failover promotes "
                 "a cross-region DB instance replica. Pass the replica's node.");
  }
}

}  // namespace
}  // namespace rdha::dr
