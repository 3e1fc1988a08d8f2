// The README's C++ example, kept compiling and true: a third reader in a third AZ and an
// extra alarm added through the typed bindings.
#include <gtest/gtest.h>

#include <rdha/rdha.hpp>

namespace rdha {
namespace {

TEST(ReadmeExample, ThirdReplicaAndExtraAlarm) {
  stack::HaStackSpec spec;
  spec.regions.primary.azs.push_back("us-east-1c");
  spec.regions.primary.public_subnets.push_back("10.0.5.0/24");
  spec.regions.primary.private_subnets.push_back("10.0.6.0/24");
  spec.database.replicas.push_back({"replica-3", "us-east-1c"});

  stack::HaStack ha = stack::build_ha_stack_parts(spec);
  auto alarm = ha.stack.add<aws::CloudwatchMetricAlarm>("primary_write_latency", ha.providers.primary.provider);
  alarm.alarm_name("primary-write-latency-rdha")
      .namespace_("AWS/RDS")
      .metric_name("WriteLatency")
      .statistic("Average")
      .period(60)
      .evaluation_periods(3)
      .threshold(0.05)
      .comparison_operator("GreaterThanThreshold")
      .dimensions({{"DBInstanceIdentifier", ha.database->primary.identifier()}})
      .alarm_actions({ha.monitoring.primary_topic.arn()});

  const auto files = to_tf_json(ha.stack);
  ASSERT_EQ(ha.database->replicas.size(), 3u);
  EXPECT_EQ(ha.database->replicas[2].node().placement.availability_zone, "us-east-1c");
  const auto& monitoring = files.at("monitoring.tf.json")["resource"];
  bool found = false;
  for (const auto& block : monitoring)
    if (block.contains("aws_cloudwatch_metric_alarm") &&
        block["aws_cloudwatch_metric_alarm"].contains("primary_write_latency")) {
      found = true;
      EXPECT_EQ(block["aws_cloudwatch_metric_alarm"]["primary_write_latency"]["dimensions"]["DBInstanceIdentifier"],
                "${aws_db_instance.primary.identifier}");
    }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace rdha
