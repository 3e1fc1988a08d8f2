// Tests of the stack after a region failover (failover.state = dr_promoted): the promoted DR
// instance is the writer, adopted by an import block; what lived in the lost region leaves
// the configuration through removed blocks that destroy nothing; the providers take their
// credentials from the DR region's STS; the log groups and the writer's name stay where they
// were; nothing is left to fail over.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/ha_stack.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;

HaStackSpec promoted() {
  HaStackSpec spec;
  spec.failover.state = FailoverState::dr_promoted;
  return spec;
}

std::vector<std::string> of_type(const Stack& stack, const std::string& type) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (stack.resource(i).address.type == type) out.push_back(stack.resource(i).address.str());
  return out;
}

const Resource& node(const Stack& stack, const std::string& address) {
  const auto index = stack.index_of(address);
  if (!index) throw std::runtime_error("no node " + address);
  return stack.resource(*index);
}

std::vector<std::string> removed_addresses(const Stack& stack) {
  std::vector<std::string> out;
  for (const Removed& removed : stack.removed()) {
    EXPECT_FALSE(removed.destroy) << removed.from;  // the real object stays untouched
    out.push_back(removed.from);
  }
  return out;
}

TEST(DrPromoted, TheDrInstanceIsTheWriterWithoutASourceAndWithBackups) {
  HaStack parts = build_ha_stack_parts(promoted());
  ASSERT_TRUE(parts.database);
  const Database& db = *parts.database;
  EXPECT_TRUE(db.promoted);
  EXPECT_EQ(db.primary.str(), "aws_db_instance.dr_writer");
  EXPECT_TRUE(db.replicas.empty());
  EXPECT_FALSE(db.dr_replica);
  EXPECT_FALSE(db.backups_replication);
  EXPECT_EQ(db.in_dr_region(), &db.primary);
  EXPECT_EQ(of_type(parts.stack, "aws_db_instance"), std::vector<std::string>{"aws_db_instance.dr_writer"});

  const Resource& writer = db.primary.node();
  EXPECT_EQ(writer.provider, "aws.dr");
  EXPECT_EQ(writer.placement.role, DbRole::writer);
  const json& a = writer.arguments;
  // A replicate_source_db left in the configuration makes the provider try to elect a new source.
  EXPECT_FALSE(a.contains("replicate_source_db"));
  EXPECT_EQ(a["identifier"], "dr-replica-rdha");
  EXPECT_EQ(a["engine"], "postgres");
  EXPECT_EQ(a["backup_retention_period"], 7);
  EXPECT_EQ(a["backup_window"], "02:00-03:00");
  EXPECT_EQ(a["delete_automated_backups"], false);
  EXPECT_EQ(a["multi_az"], true);
  EXPECT_EQ(a["kms_key_id"], "${aws_kms_replica_key.dr.arn}");
  EXPECT_EQ(a["db_subnet_group_name"], "${aws_db_subnet_group.dr.name}");
  EXPECT_EQ(a["vpc_security_group_ids"], json::array({"${aws_security_group.dr_db.id}"}));
  EXPECT_EQ(a["skip_final_snapshot"], false);
  EXPECT_EQ(a["final_snapshot_identifier"], "dr-replica-final-rdha");
  EXPECT_EQ(a["deletion_protection"], true);
  // Imported, not created: what came with the replica stays as it is.
  for (const char* inherited : {"username", "password", "db_name", "allocated_storage"})
    EXPECT_FALSE(a.contains(inherited)) << inherited;
}

TEST(DrPromoted, TheWriterIsAdoptedByAnImportBlock) {
  Stack stack = build_ha_stack(promoted());
  ASSERT_EQ(stack.imports().size(), 1u);
  EXPECT_EQ(stack.imports()[0].to, "aws_db_instance.dr_writer");
  EXPECT_EQ(stack.imports()[0].id, "dr-replica-rdha");
  const auto files = to_tf_json(stack);
  bool emitted = false;
  for (const auto& [name, file] : files)
    if (file.contains("import")) {
      EXPECT_EQ(file["import"], json::parse(R"([{"to": "aws_db_instance.dr_writer", "id": "dr-replica-rdha"}])"))
          << name;
      emitted = true;
    }
  EXPECT_TRUE(emitted);
  EXPECT_TRUE(build_ha_stack({}).imports().empty());
}

TEST(DrPromoted, TheLostRegionsResourcesLeaveTheConfigurationWithoutBeingDestroyed) {
  Stack stack = build_ha_stack(promoted());
  const std::vector<std::string> removed = removed_addresses(stack);
  EXPECT_EQ(removed, (std::vector<std::string>{
                         "aws_db_instance.primary", "aws_db_instance.replica_1", "aws_db_instance.replica_2",
                         "aws_db_instance.dr_replica", "aws_db_instance_automated_backups_replication.dr",
                         "aws_secretsmanager_secret_version.db_master_password", "aws_route53_record.writer",
                         "aws_route53_record.reader_1", "aws_route53_record.reader_2"}));
  for (const auto& address : removed) EXPECT_FALSE(stack.index_of(address).has_value()) << address;
  // Emitted as removed { from, lifecycle { destroy = false } }.
  bool emitted = false;
  for (const auto& [name, file] : to_tf_json(stack))
    if (file.contains("removed")) {
      ASSERT_EQ(file["removed"].size(), removed.size()) << name;
      EXPECT_EQ(file["removed"][0], json::parse(R"({"from": "aws_db_instance.primary",
                                                    "lifecycle": {"destroy": false}})"));
      emitted = true;
    }
  EXPECT_TRUE(emitted);
  EXPECT_TRUE(build_ha_stack({}).removed().empty());
}

TEST(DrPromoted, RemovedBlocksFollowWhatTheSpecHad) {
  HaStackSpec spec = promoted();
  spec.database.replicas.clear();
  spec.database.automated_backups_replication = false;
  Stack stack = build_ha_stack(spec);
  EXPECT_EQ(removed_addresses(stack),
            (std::vector<std::string>{"aws_db_instance.primary", "aws_db_instance.dr_replica",
                                      "aws_secretsmanager_secret_version.db_master_password",
                                      "aws_route53_record.writer"}));
  // Without replicas the reader name follows the writer name, which the switch moved: it
  // stays, unchanged.
  EXPECT_TRUE(stack.outputs().contains("writer_dns_name"));
  EXPECT_TRUE(stack.outputs().contains("reader_dns_name"));
  EXPECT_EQ(of_type(stack, "aws_route53_record"),
            (std::vector<std::string>{"aws_route53_record.writer_dr", "aws_route53_record.reader"}));
}

TEST(DrPromoted, RequiredVersionRisesToTerraform17OnlyInThatState) {
  EXPECT_EQ(build_ha_stack({}).required_version(), ">= 1.5.0");
  Stack stack = build_ha_stack(promoted());
  EXPECT_EQ(stack.required_version(), ">= 1.7.0");  // removed blocks
  EXPECT_EQ(to_tf_json(stack).at("versions.tf.json")["terraform"]["required_version"], ">= 1.7.0");
}

TEST(DrPromoted, BothProvidersTakeCredentialsFromTheDrRegionsSts) {
  Stack stack = build_ha_stack(promoted());
  const auto files = to_tf_json(stack);
  const json& providers = files.at("providers.tf.json")["provider"]["aws"];
  ASSERT_EQ(providers.size(), 2u);
  EXPECT_EQ(providers[0]["region"], "us-east-1");
  EXPECT_EQ(providers[1]["region"], "us-west-2");
  for (const auto& provider : providers) EXPECT_EQ(provider["sts_region"], "us-west-2");
}

// Every log group keeps its address, name, region and key: the lost region's are left as they
// are (plan with -refresh=false), the DR instance's now belong to the writer.
TEST(DrPromoted, LogGroupsKeepTheirAddresses) {
  const auto groups = [](const Stack& stack) {
    std::map<std::string, std::tuple<std::string, json, json>> out;
    for (const auto& address : of_type(stack, "aws_cloudwatch_log_group")) {
      if (address.find("flow_logs") != std::string::npos) continue;
      const Resource& group = node(stack, address);
      out[address] = {group.provider, group.arguments["name"], group.arguments["kms_key_id"]};
    }
    return out;
  };
  const Stack normal = build_ha_stack({});
  HaStack parts = build_ha_stack_parts(promoted());
  EXPECT_EQ(groups(parts.stack), groups(normal));
  EXPECT_EQ(parts.database->log_groups.size(), 8u);
  std::vector<std::string> writer_groups;
  for (const auto& dependency : parts.database->primary.node().depends_on)
    if (dependency.starts_with("aws_cloudwatch_log_group.")) writer_groups.push_back(dependency);
  EXPECT_EQ(writer_groups, (std::vector<std::string>{"aws_cloudwatch_log_group.dr_replica_postgresql",
                                                     "aws_cloudwatch_log_group.dr_replica_upgrade"}));
}

TEST(DrPromoted, TheWriterNameKeepsAnsweringThePromotedInstance) {
  HaStack parts = build_ha_stack_parts(promoted());
  ASSERT_TRUE(parts.failover);
  const Failover& f = *parts.failover;
  // The PRIMARY record named the lost writer; the SECONDARY and the switch that holds it stay.
  EXPECT_FALSE(f.writer);
  ASSERT_TRUE(f.writer_dr && f.writer_alarm && f.writer_health_check);
  EXPECT_EQ(f.writer_dr->node().arguments["records"], json::array({"${aws_db_instance.dr_writer.address}"}));
  EXPECT_EQ(f.writer_dr->node().arguments["failover_routing_policy"], json::parse(R"([{"type": "SECONDARY"}])"));
  EXPECT_EQ(f.writer_health_check->node().arguments["insufficient_data_health_status"], "LastKnownStatus");
  EXPECT_TRUE(f.readers.empty());
  ASSERT_TRUE(f.reader_dr);
  EXPECT_EQ(f.reader_dr->node().arguments["records"], json::array({"${aws_db_instance.dr_writer.address}"}));
  EXPECT_EQ(parts.stack.outputs().at("writer_dns_name").value, "${aws_route53_record.writer_dr.fqdn}");
  EXPECT_EQ(parts.stack.outputs().at("reader_dns_name").value, "${aws_route53_record.reader_dr.fqdn}");
  EXPECT_EQ(parts.stack.outputs().at("primary_address").value, "${aws_db_instance.dr_writer.address}");
}

TEST(DrPromoted, NothingIsLeftToFailOver) {
  HaStackSpec spec = promoted();
  spec.failover.automatic = true;
  HaStack parts = build_ha_stack_parts(spec);
  const Failover& f = *parts.failover;
  EXPECT_FALSE(f.document);
  EXPECT_FALSE(f.trigger_alarm);
  EXPECT_FALSE(f.trigger_rule);
  EXPECT_FALSE(f.trigger_target);
  EXPECT_TRUE(of_type(parts.stack, "aws_ssm_document").empty());
  EXPECT_TRUE(of_type(parts.stack, "aws_cloudwatch_event_rule").empty());
  EXPECT_FALSE(parts.stack.outputs().contains("failover_document_name"));
  EXPECT_FALSE(parts.stack.outputs().contains("dr_endpoint"));
  // IAM (whose control plane is in the lost region too) stays as it was.
  for (const char* address : {"aws_iam_role_policy.rds_operations_failover", "aws_iam_role.failover_trigger",
                              "aws_iam_role_policy.failover_trigger"})
    EXPECT_TRUE(parts.stack.index_of(address).has_value()) << address;
}

TEST(DrPromoted, TheWritersAlarmsKeepTheDrInstancesAddressesWithoutTheLag) {
  HaStack parts = build_ha_stack_parts(promoted());
  std::map<std::string, const Resource*> alarms;
  for (const auto& alarm : parts.monitoring.alarms) alarms[alarm.str()] = &alarm.node();
  for (const char* metric : {"cpu", "connections", "free_storage", "freeable_memory"}) {
    const std::string address = std::string("aws_cloudwatch_metric_alarm.dr_replica_") + metric;
    ASSERT_TRUE(alarms.contains(address)) << address;
    EXPECT_EQ(alarms[address]->provider, "aws.dr");
    EXPECT_EQ(alarms[address]->arguments["dimensions"],
              json({{"DBInstanceIdentifier", "${aws_db_instance.dr_writer.identifier}"}}));
  }
  // It replicates no more.
  EXPECT_FALSE(alarms.contains("aws_cloudwatch_metric_alarm.dr_replica_lag"));
  // The lost region's alarms stay as they were, by literal identifier (no reference to a removed instance).
  ASSERT_TRUE(alarms.contains("aws_cloudwatch_metric_alarm.primary_cpu"));
  EXPECT_EQ(alarms["aws_cloudwatch_metric_alarm.primary_cpu"]->arguments["dimensions"],
            json({{"DBInstanceIdentifier", "primary-rdha"}}));
  ASSERT_TRUE(alarms.contains("aws_cloudwatch_metric_alarm.replica_1_lag"));
  EXPECT_EQ(alarms["aws_cloudwatch_metric_alarm.replica_1_lag"]->arguments["dimensions"],
            json({{"DBInstanceIdentifier", "replica-1-rdha"}}));
}

TEST(DrPromoted, EmitsValidTerraformJson) {
  for (const PasswordSource source : {PasswordSource::random, PasswordSource::ephemeral}) {
    HaStackSpec spec = promoted();
    spec.database.password_source = source;
    Stack stack = build_ha_stack(spec);
    EXPECT_NO_THROW(stack.validate()) << to_string(source);
    EXPECT_NO_THROW(to_tf_json(stack)) << to_string(source);
  }
}

}  // namespace
}  // namespace rdha::stack
