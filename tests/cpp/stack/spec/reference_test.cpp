// Tests of spec_reference(): one section per struct in the config, every field of the
// field table with its type, default, rules and examples (docs/spec.md is its Markdown,
// fresh-checked in tests/cpp/cli).
#include <gtest/gtest.h>

#include "rdha/stack/spec.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;

const json& section_at(const json& reference, const std::string& path) {
  for (const auto& section : reference)
    if (section["path"] == path) return section;
  ADD_FAILURE() << "no section " << path;
  static const json none;
  return none;
}

const json& field_of(const json& section, const std::string& key) {
  for (const auto& field : section["fields"])
    if (field["key"] == key) return field;
  ADD_FAILURE() << "no field " << key;
  static const json none;
  return none;
}

TEST(SpecReference, HasASectionPerStructInTheConfigInTableOrder) {
  std::vector<std::string> paths;
  for (const auto& section : spec_reference()) paths.push_back(section["path"]);
  EXPECT_EQ(paths, (std::vector<std::string>{"",
                                             "regions",
                                             "regions.primary",
                                             "regions.dr",
                                             "database",
                                             "database.replicas[]",
                                             "database.dr_replica",
                                             "database.parameters",
                                             "monitoring",
                                             "monitoring.alarms",
                                             "monitoring.notification_endpoints",
                                             "monitoring.notification_endpoints.primary[]",
                                             "monitoring.notification_endpoints.dr[]",
                                             "security",
                                             "security.existing_app_security_group_ids",
                                             "security.cross_region_app_cidrs",
                                             "failover",
                                             "state",
                                             "pipeline",
                                             "check",
                                             "check.waivers[]",
                                             "migration",
                                             "migration.dms"}));
}

TEST(SpecReference, FieldsCarryTypeDefaultRulesAndExamples) {
  const json reference = spec_reference();
  const json& retention = field_of(section_at(reference, "database"), "backup_retention_days");
  EXPECT_EQ(retention["path"], "database.backup_retention_days");
  EXPECT_EQ(retention["type"], "integer");
  EXPECT_EQ(retention["default"], 7);
  EXPECT_EQ(retention["constraints"],
            json::array({"1..35 (RDS keeps automated backups (point-in-time recovery) 1 to 35 days, and replicas "
                         "need them on)"}));
  const json& region = field_of(section_at(reference, "regions.dr"), "name");
  EXPECT_EQ(region["default"], "us-west-2");
  EXPECT_EQ(region["examples"], json::array({"us-east-1"}));
  for (const char* role : {"primary", "dr"}) {
    const json& protocol =
        field_of(section_at(reference, std::string("monitoring.notification_endpoints.") + role + "[]"), "protocol");
    EXPECT_FALSE(protocol.contains("default"));
    EXPECT_EQ(protocol["constraints"], json::array({"required", "one of \"https\", \"sqs\", \"lambda\", \"sms\""}));
    const json& endpoints = field_of(section_at(reference, "monitoring.notification_endpoints"), role);
    EXPECT_EQ(endpoints["type"], "list of NotificationEndpoint");
    EXPECT_EQ(endpoints["section"], std::string("monitoring.notification_endpoints.") + role + "[]");
    EXPECT_EQ(endpoints["default"], json::array());
  }
  const json& app_cidrs = field_of(section_at(reference, "security.cross_region_app_cidrs"), "dr");
  EXPECT_EQ(app_cidrs["type"], "list of string");
  EXPECT_EQ(app_cidrs["default"], json::array());
  EXPECT_EQ(app_cidrs["constraints"][1], "items unique");
  const json& lag = field_of(section_at(reference, "monitoring.alarms"), "replica_lag_seconds");
  EXPECT_EQ(lag["default"], 360.0);
  EXPECT_EQ(lag["constraints"],
            json::array({">= 360 (with no writes on the source a PostgreSQL replica reports up to 300 s of lag until "
                         "the WAL segment switches, so a lower threshold pages on an idle database)"}));
  const json& loss = field_of(section_at(reference, "failover"), "max_data_loss_seconds");
  EXPECT_EQ(loss["default"], 60);
  EXPECT_EQ(loss["constraints"],
            json::array({"0..3600 (the data loss the automatic trigger may accept without a person, in seconds)"}));
  const json& state = field_of(section_at(reference, "failover"), "state");
  EXPECT_EQ(state["type"], "FailoverState");
  EXPECT_EQ(state["default"], "normal");
  EXPECT_EQ(state["constraints"], json::array({"one of \"normal\", \"dr_promoted\""}));
  const json& replicas = field_of(section_at(reference, "database"), "replicas");
  EXPECT_EQ(replicas["type"], "list of ReplicaSpec");
  EXPECT_EQ(replicas["section"], "database.replicas[]");
}

TEST(SpecReference, MarkdownHasATablePerSection) {
  const std::string markdown = spec_reference_markdown();
  EXPECT_NE(markdown.find("\n## `database.dr_replica` (DrReplicaSpec)\n"), std::string::npos);
  EXPECT_NE(markdown.find("| `port` | integer | `5432` | 1150..65535 (RDS for PostgreSQL listens on ports 1150 to "
                          "65535) | Database port. |\n"),
            std::string::npos);
  // "<" outside code would start an HTML tag; pipes would end the cell.
  EXPECT_NE(markdown.find("arn:aws:iam::&lt;account>:root"), std::string::npos);
}

}  // namespace
}  // namespace rdha::stack
