// region_failover_target: what the region-loss procedure acts on, read from the graph the
// same way for the stack's automation document and the drill's runbook.
#include <gtest/gtest.h>

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
