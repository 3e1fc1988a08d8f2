// plan-check on recorded plans (tests/fixtures/plans: `terraform show -json` of plans made
// against a small stack applied to the emulator, trimmed; README there): every row of the
// downtime table and every category, waivers, and input that is not a plan.
#include <gtest/gtest.h>

#include <fstream>

#include "../testing/run_command.hpp"
#include "rdha/analysis/plan_check.hpp"
#include "rdha/analysis/sarif.hpp"
#include "rdha/error.hpp"

namespace rdha::analysis {
namespace {

std::string fixture(const std::string& name) { return std::string(RDHA_SOURCE_DIR) + "/tests/fixtures/plans/" + name + ".json"; }

nlohmann::json load(const std::string& name) {
  std::ifstream in(fixture(name));
  return nlohmann::json::parse(in);
}

// "RULE address: summary" of every finding, in report order.
std::vector<std::string> lines(const PlanCheckReport& report) {
  std::vector<std::string> out;
  for (const auto& f : report.findings) out.push_back(f.rule_id + " " + f.address + ": " + f.summary);
  return out;
}

Finding only(const PlanCheckReport& report) {
  EXPECT_EQ(report.findings.size(), 1u) << ::testing::PrintToString(lines(report));
  return report.findings.at(0);
}

// A plan with one aws_db_instance update from @p before to @p after (the rest of the
// recorded instance_class plan's primary).
nlohmann::json instance_update(const nlohmann::json& before_patch, const nlohmann::json& after_patch) {
  auto plan = load("tag_only");
  auto& changes = plan["resource_changes"];
  nlohmann::json primary;
  for (const auto& c : changes)
    if (c["address"] == "aws_db_instance.primary") primary = c;
  primary["change"]["before"].merge_patch(before_patch);
  primary["change"]["after"].merge_patch(after_patch);
  changes = nlohmann::json::array({primary});
  return plan;
}

TEST(PlanCheck, TagChangeIsClean) {
  const auto report = check_plan_file(fixture("tag_only"));
  EXPECT_TRUE(report.findings.empty()) << ::testing::PrintToString(lines(report));
  EXPECT_FALSE(report.blocked());
  EXPECT_EQ(report.changes, 3u);
  EXPECT_EQ(report.terraform_version, "1.11.4");
}

TEST(PlanCheckDowntime, InstanceClassInTheMaintenanceWindow) {
  const auto report = check_plan_file(fixture("instance_class"));
  ASSERT_EQ(lines(report), (std::vector<std::string>{
                               "RDHA-PLAN-002 aws_db_instance.primary: instance_class db.t3.micro → db.t3.small: "
                               "downtime (DB instance class).",
                               "RDHA-PLAN-002 aws_db_instance.replica_1[0]: instance_class db.t3.micro → db.t3.small: "
                               "downtime (DB instance class).",
                           }));
  EXPECT_TRUE(report.findings[0].detail.starts_with(
      "Takes effect in the maintenance window sun:05:00-sun:05:30 (UTC) after the apply (apply_immediately = "
      "false). (DB instance class: \"Downtime occurs during this change.\")"))
      << report.findings[0].detail;
  EXPECT_NE(report.findings[1].detail.find("mon:05:00-mon:05:30"), std::string::npos);
  EXPECT_TRUE(report.blocked());
}

TEST(PlanCheckDowntime, EngineMajorAndMinorVersions) {
  EXPECT_EQ(only(check_plan_file(fixture("engine_major"))).summary,
            "engine_version major version 16.4 → 17.2: downtime (DB engine version).");
  const auto minor = only(check_plan_file(fixture("engine_minor_immediate")));
  EXPECT_EQ(minor.summary, "engine_version minor version 16.4 → 16.6: downtime (DB engine version).");
  EXPECT_TRUE(minor.detail.starts_with("Takes effect immediately when applied (apply_immediately = true)."));
}

TEST(PlanCheckDowntime, MagneticStorageBackupsOffAndPort) {
  const auto report = check_plan_file(fixture("storage_magnetic"));
  EXPECT_EQ(lines(report),
            (std::vector<std::string>{
                "RDHA-PLAN-002 aws_db_instance.primary: storage_type gp3 → standard: downtime (Storage type).",
                "RDHA-PLAN-002 aws_db_instance.primary: backup_retention_period 7 → 0 days (automated backups turned "
                "off): downtime (Backup retention period).",
                "RDHA-PLAN-002 aws_db_instance.primary: port 5432 → 5433: downtime (Database port).",
                "RDHA-PLAN-004 aws_db_instance.primary: Backups shortened: backup_retention_period 7 → 0 days.",
            }));
  EXPECT_TRUE(report.findings[2].detail.starts_with(
      "Takes effect immediately when applied, whatever apply_immediately says. (Database port: \"The DB instance is "
      "rebooted immediately.\")"));
}

TEST(PlanCheckDowntime, GrowingStorageBetweenSsdTypesIsNoOutage) {
  const auto report = check_plan_file(fixture("storage_grow"));  // 20 → 40 GiB, gp3 → gp2
  EXPECT_TRUE(report.findings.empty()) << ::testing::PrintToString(lines(report));
}

TEST(PlanCheckDowntime, BackupsTurnedOnFromZero) {
  const auto f = only(check_plan(instance_update({{"backup_retention_period", 0}}, {{"backup_retention_period", 7}})));
  EXPECT_EQ(f.summary, "backup_retention_period 0 → 7 days (automated backups turned on): downtime (Backup retention period).");
}

TEST(PlanCheckDowntime, EveryOtherInstanceRow) {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"ca_cert_identifier", "Certificate authority"}, {"network_type", "Network type"},
      {"dedicated_log_volume", "Dedicated Log Volume"}, {"domain", "Kerberos authentication"},
      {"license_model", "License model"}};
  for (const auto& [attribute, setting] : rows) {
    const auto f = only(check_plan(instance_update({{attribute, "a"}}, {{attribute, "b"}})));
    EXPECT_EQ(f.summary, attribute + " a → b: downtime (" + setting + ").");
  }
  const auto dlv = only(check_plan(instance_update({{"dedicated_log_volume", false}}, {{"dedicated_log_volume", true}})));
  EXPECT_TRUE(dlv.detail.starts_with("Takes effect at the next reboot of the DB instance"));
}

TEST(PlanCheckDowntime, EveryRowIsQuotedFromItsSource) {
  for (const auto& row : downtime_settings()) {
    EXPECT_FALSE(row.quote.empty()) << row.attribute;
    EXPECT_NE(row.source.find("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"), std::string::npos);
  }
  EXPECT_EQ(downtime_settings().size(), 12u);
}

TEST(PlanCheckDowntime, StaticParameterNeedsAReboot) {
  const auto f = only(check_plan_file(fixture("static_param")));  // max_connections (static), log_min_duration (dynamic)
  EXPECT_EQ(f.address, "aws_db_parameter_group.primary");
  EXPECT_EQ(f.summary,
            "Static parameters changed (max_connections): a reboot of aws_db_instance.primary, "
            "aws_db_instance.replica_1[0] applies them.");
  EXPECT_EQ(f.severity, Severity::error);
}

TEST(PlanCheckDowntime, MultiAzTurnedOnIsNoDowntime) {
  EXPECT_TRUE(check_plan_file(fixture("multi_az_on")).findings.empty());
}

TEST(PlanCheckReplace, ParameterGroupCreateBeforeDestroyIsRebootPending) {
  const auto f = only(check_plan_file(fixture("pg_replace")));
  EXPECT_EQ(f.rule_id, "RDHA-PLAN-005");
  EXPECT_EQ(f.severity, Severity::warning);
  EXPECT_EQ(f.summary,
            "Replaced (create before destroy): reboot pending for static parameters of aws_db_instance.primary, "
            "aws_db_instance.replica_1[0].");
}

// Destroy first, the old group is still attached: RDS refuses the delete, the apply fails.
TEST(PlanCheckReplace, ParameterGroupDestroyBeforeCreateInUseBlocks) {
  auto plan = load("pg_replace");
  for (auto& change : plan["resource_changes"])
    if (change["address"] == "aws_db_parameter_group.primary") change["change"]["actions"] = {"delete", "create"};
  const auto f = only(check_plan(plan));
  EXPECT_EQ(f.rule_id, "RDHA-PLAN-005");
  EXPECT_EQ(f.severity, Severity::error);
  EXPECT_EQ(f.summary,
            "Replaced (destroy before create) while aws_db_instance.primary, aws_db_instance.replica_1[0] use it: the "
            "apply fails.");
  EXPECT_TRUE(f.detail.find("API_DeleteDBParameterGroup.html") != std::string::npos) << f.detail;
}

TEST(PlanCheckReplace, KmsKeyIdReplacesThePrimary) {
  const auto f = only(check_plan_file(fixture("kms_replace")));
  EXPECT_EQ(f.rule_id, "RDHA-PLAN-001");
  EXPECT_EQ(f.summary, "Replaced (destroy before create): the database: its data, automated backups and endpoint.");
  EXPECT_TRUE(f.detail.starts_with("Terraform replaces it because the provider cannot update kms_key_id in place."));
}

TEST(PlanCheckReplace, SubnetGroupInUsePrivateZoneAndSecrets) {
  EXPECT_EQ(lines(check_plan_file(fixture("subnet_zone_secret"))),
            (std::vector<std::string>{
                "RDHA-PLAN-001 aws_db_subnet_group.primary: Replaced (destroy before create): the subnets of the DB "
                "instances that use it.",
                "RDHA-PLAN-001 aws_route53_zone.private: Replaced (destroy before create): the private zone where "
                "clients resolve the writer and reader names.",
                "RDHA-PLAN-001 aws_secretsmanager_secret.master: Replaced (destroy before create): the master "
                "credentials and their versions.",
                "RDHA-PLAN-001 aws_secretsmanager_secret_version.master: Replaced (destroy before create): the master "
                "password the databases use.",
            }));
}

TEST(PlanCheckReplace, UnusedSubnetGroupAndPublicZoneHoldNothing) {
  auto plan = load("subnet_zone_secret");
  nlohmann::json kept = nlohmann::json::array();
  for (auto c : plan["resource_changes"]) {
    if (c["type"] == "aws_db_instance") continue;  // no instance uses the group any more
    if (c["type"] == "aws_route53_zone") c["change"]["before"]["vpc"] = nlohmann::json::array();
    if (c["type"] == "aws_db_subnet_group" || c["type"] == "aws_route53_zone") kept.push_back(c);
  }
  plan["resource_changes"] = kept;
  EXPECT_TRUE(check_plan(plan).findings.empty());
}

TEST(PlanCheckReplace, KmsKeysAndBackupReplication) {
  EXPECT_EQ(lines(check_plan_file(fixture("kms_and_backups"))),
            (std::vector<std::string>{
                "RDHA-PLAN-001 aws_kms_key.primary: Replaced (destroy before create): the key that encrypts the "
                "databases, their backups and the secret: what is encrypted under it cannot be read once the key is "
                "deleted.",
                "RDHA-PLAN-001 aws_kms_replica_key.dr: Replaced (destroy before create): the DR region's copy of the "
                "key that encrypts the DR replica and its backups.",
                "RDHA-PLAN-004 aws_db_instance_automated_backups_replication.dr: Automated-backup replication "
                "removed: no backups in the DR region.",
            }));
}

TEST(PlanCheckReplace, DeletedWriterIsAStatefulDelete) {
  auto plan = load("kms_replace");
  for (auto& c : plan["resource_changes"])
    if (c["address"] == "aws_db_instance.primary") {
      c["change"]["actions"] = {"delete"};
      c["action_reason"] = "delete_because_no_resource_config";
    }
  const auto report = check_plan(plan);
  EXPECT_EQ(report.findings.at(0).summary, "Deleted: the database: its data, automated backups and endpoint.");
  EXPECT_EQ(report.findings.at(0).detail,
            "Terraform deletes it because its configuration was removed. Accept it with --allow "
            "'aws_db_instance.primary:REASON'.");
}

// One change, one finding: the rename's downtime is in the endpoint finding, not a
// second RDHA-PLAN-002 for the same identifier.
TEST(PlanCheckEndpoint, RenameChangesTheEndpointAndInterrupts) {
  const auto f = only(check_plan_file(fixture("rename")));
  EXPECT_EQ(f.rule_id, "RDHA-PLAN-003");
  EXPECT_EQ(f.summary, "Endpoint changes: identifier primary-fx → primary-fx-2 (renamed in place, with downtime).");
  EXPECT_NE(f.detail.find("every client that connects to primary-fx.aaaaaaaaaa.us-east-1.rds.amazonaws.com fails"),
            std::string::npos)
      << f.detail;
  EXPECT_NE(f.detail.find("fails until it uses the new endpoint. Takes effect in the maintenance window "
                          "sun:05:00-sun:05:30 (UTC) after the apply (apply_immediately = false). (DB instance "
                          "identifier: \"Downtime occurs during this change unless your DB engine version supports "
                          "dynamic SSL upload.\")"),
            std::string::npos)
      << f.detail;
}

// The recorded tag_only plan plus the deletion of a deposed object at @p address: the old
// object an earlier create-before-destroy replacement left (its current object stays).
nlohmann::json with_deposed(const std::string& address) {
  auto plan = load("tag_only");
  auto& changes = plan["resource_changes"];
  for (auto c : changes)
    if (c["address"] == address) {
      c["deposed"] = "1a2b3c4d";
      c["change"]["actions"] = {"delete"};
      c["change"]["after"] = nullptr;
      c["change"]["after_unknown"] = nlohmann::json::object();
      changes.push_back(c);
      return plan;
    }
  ADD_FAILURE() << address << " is not in tag_only";
  return plan;
}

TEST(PlanCheckDeposed, OldObjectDeletionIsReportedAsSuch) {
  const auto report = check_plan(with_deposed("aws_db_instance.primary"));
  EXPECT_EQ(lines(report), (std::vector<std::string>{
                               "RDHA-PLAN-001 aws_db_instance.primary: Deposed object 1a2b3c4d deleted (left by an "
                               "earlier create-before-destroy replacement): the database: its data, automated backups "
                               "and endpoint.",
                           }));
  EXPECT_EQ(report.findings.at(0).detail,
            "Terraform deletes the old object that an earlier replacement created a successor for but did not "
            "delete; the current object at this address is not changed by it. What only the old object holds is lost "
            "with it. Accept it with --allow 'aws_db_instance.primary:REASON'.");
  EXPECT_EQ(report.changes, 4u);
}

// The current replica still holds the copy: an old replica's deletion weakens nothing.
TEST(PlanCheckDeposed, OldReplicaDeletionIsNoPostureFinding) {
  const auto report = check_plan(with_deposed("aws_db_instance.replica_1[0]"));
  EXPECT_TRUE(report.findings.empty()) << ::testing::PrintToString(lines(report));
}

TEST(PlanCheckDeposed, DeposedKeyMustBeAString) {
  auto plan = with_deposed("aws_db_instance.primary");
  plan["resource_changes"].back()["deposed"] = 1;
  try {
    check_plan(plan, {}, "x.json");
    FAIL();
  } catch (const PlanError& e) {
    EXPECT_STREQ(e.what(),
                 "[rdha.plan.bad_field] (x.json) resource_changes[3].deposed must be a string. The file is not the "
                 "unchanged output of `terraform show -json`.");
  }
}

TEST(PlanCheckPosture, EveryWeakeningOfThePrimary) {
  EXPECT_EQ(lines(check_plan_file(fixture("posture"))),
            (std::vector<std::string>{
                "RDHA-PLAN-004 aws_db_instance.primary: Backups shortened: backup_retention_period 7 → 1 days.",
                "RDHA-PLAN-004 aws_db_instance.primary: Deletion protection turned off.",
                "RDHA-PLAN-004 aws_db_instance.primary: Multi-AZ turned off.",
                "RDHA-PLAN-004 aws_db_instance.primary: skip_final_snapshot turned on: no final snapshot when the "
                "instance is deleted.",
            }));
}

TEST(PlanCheckPosture, ReadReplicaAndDrReplicaRemoved) {
  EXPECT_EQ(only(check_plan_file(fixture("replica_deleted"))).summary, "A read replica is removed.");
  auto plan = load("replica_deleted");
  for (auto& c : plan["resource_changes"])
    if (c["type"] == "aws_db_instance")
      c["change"]["before"]["replicate_source_db"] = "arn:aws:rds:us-east-1:123456789012:db:primary-fx";
  EXPECT_EQ(only(check_plan(plan)).summary, "The cross-region DR replica is removed.");
}

TEST(PlanCheckWaivers, WaivedFindingsAreEchoedAndDoNotBlock) {
  PlanCheckOptions options;
  options.waivers = {{"aws_db_instance.primary", "CAB-42 resize approved"},
                     {"aws_db_instance.replica_1[0]", "CAB-42"},
                     {"aws_db_instance.gone", "old"}};
  const auto report = check_plan_file(fixture("instance_class"), options);
  EXPECT_FALSE(report.blocked());
  EXPECT_EQ(report.waived(), 2u);
  EXPECT_EQ(report.findings.front().rule_id, "RDHA-PLAN-006");  // the unused waiver, a warning, comes first
  EXPECT_EQ(report.findings.front().address, "aws_db_instance.gone");
  EXPECT_EQ(report.findings[1].waived, "CAB-42 resize approved");
  const auto text = format_text(report);
  EXPECT_NE(text.find("        waived: CAB-42 resize approved\n"), std::string::npos) << text;
  EXPECT_NE(text.find(": 0 blocking findings, 2 waived, 1 warning (3 resource changes checked)\n"), std::string::npos)
      << text;
  const auto json = to_json(report);
  EXPECT_EQ(json["summary"]["passed"], true);
  EXPECT_EQ(json["findings"][1]["waived"], "CAB-42 resize approved");
  EXPECT_EQ(json["findings"][1]["category"], "downtime");
  const auto sarif = to_sarif(report);
  const auto& result = sarif["runs"][0]["results"][1];
  EXPECT_EQ(result["suppressions"][0]["justification"], "CAB-42 resize approved");
  EXPECT_EQ(result["ruleIndex"], 1);
  EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["rules"].size(), plan_rules().size());
}

// A waiver scoped to a rule accepts that rule's findings only: the reboot it was written
// for, not a replacement of the same instance in the same plan.
TEST(PlanCheckWaivers, RuleScopedWaiverAcceptsOnlyItsRule) {
  PlanCheckOptions options;
  options.waivers = {parse_waiver("aws_db_instance.primary#RDHA-PLAN-002:CAB-7 resize")};
  const auto resized = check_plan_file(fixture("instance_class"), options);
  EXPECT_EQ(resized.waived(), 1u);
  const auto replaced = check_plan_file(fixture("kms_replace"), options);
  EXPECT_TRUE(replaced.blocked());
  EXPECT_EQ(replaced.waived(), 0u);
  EXPECT_EQ(lines(replaced).back(), "RDHA-PLAN-006 aws_db_instance.primary: Waiver matches no finding of this plan.");
}

// --allow names one address exactly: a '*' there is part of the address, not a glob, so
// one line cannot accept every blocking change of a plan (a replacement of the primary too).
TEST(PlanCheckWaivers, AllowIsExactNotAGlob) {
  PlanCheckOptions options;
  options.waivers = {parse_waiver("*:ok"), parse_waiver("aws_db_instance.*#RDHA-PLAN-001:ok")};
  const auto report = check_plan_file(fixture("kms_replace"), options);
  EXPECT_TRUE(report.blocked());
  EXPECT_EQ(report.waived(), 0u);
  EXPECT_EQ(lines(report).back(), "RDHA-PLAN-006 aws_db_instance.*: Waiver matches no finding of this plan.");
}

TEST(PlanCheckWaivers, Parsing) {
  EXPECT_EQ(parse_waiver("aws_db_instance.primary:CAB-1: resize"),
            (Waiver{"aws_db_instance.primary", "CAB-1: resize", "", WaiverOrigin::external, "--allow", false}));
  EXPECT_EQ(parse_waiver(R"(aws_db_instance.r["a:b"]:ok)"),
            (Waiver{R"(aws_db_instance.r["a:b"])", "ok", "", WaiverOrigin::external, "--allow", false}));
  EXPECT_EQ(parse_waiver("aws_db_instance.primary#RDHA-PLAN-002:CAB-2"),
            (Waiver{"aws_db_instance.primary", "CAB-2", "RDHA-PLAN-002", WaiverOrigin::external, "--allow", false}));
  try {
    parse_waiver("aws_db_instance.primary#RDHA-PLAN-999:x", "--allow");
    FAIL();
  } catch (const PlanError& e) {
    EXPECT_NE(e.message().find("names the rule \"RDHA-PLAN-999\", which is not a plan-check rule"), std::string::npos)
        << e.message();
  }
  try {
    parse_waiver("aws_db_instance.primary");
    FAIL();
  } catch (const PlanError& e) {
    EXPECT_STREQ(e.what(),
                 "[rdha.plan.bad_waiver] (--allow) waiver \"aws_db_instance.primary\" has no reason. Write a waiver as "
                 "ADDRESS:REASON (--allow) or ADDRESS REASON (one per line of --allow-file), e.g. "
                 "aws_db_instance.primary:approved in change review.");
  }
  EXPECT_THROW(parse_waiver(":reason"), PlanError);
  EXPECT_THROW(parse_waiver("aws_db_instance.primary: "), PlanError);

  testing::ScratchDir scratch("waivers");
  const auto path = (scratch.path() / "waivers.txt").string();
  std::ofstream(path) << "# reviewed in CAB-42\n\naws_db_instance.primary   resize approved\n  \nbroken\n";
  try {
    read_waiver_file(path);
    FAIL();
  } catch (const PlanError& e) {
    EXPECT_EQ(e.subject(), path + ":5");
    EXPECT_EQ(e.code(), "bad_waiver");
  }
  std::ofstream(path) << "# reviewed in CAB-42\n\naws_db_instance.primary   resize approved\n";
  EXPECT_EQ(read_waiver_file(path), (std::vector<Waiver>{{"aws_db_instance.primary", "resize approved", "",
                                                          WaiverOrigin::external, path + ":3", false}}));
}

TEST(PlanCheckInput, NotAPlan) {
  const auto expect_error = [](const nlohmann::json& document, const std::string& what) {
    try {
      check_plan(document, {}, "x.json");
      FAIL() << what;
    } catch (const PlanError& e) {
      EXPECT_EQ(std::string(e.what()), what);
    }
  };
  expect_error(nlohmann::json::array(),
               "[rdha.plan.not_a_plan] (x.json) is not a Terraform plan: the document is a JSON array, not an object. "
               "Save the plan with `terraform plan -out PLANFILE` and give the output of `terraform show -json "
               "PLANFILE`.");
  expect_error({{"format_version", "1.0"}, {"values", nlohmann::json::object()}},
               "[rdha.plan.not_a_plan] (x.json) is not a Terraform plan: it is a state (`terraform show -json` without "
               "a plan file), it has \"values\" and no \"planned_values\". Save the plan with `terraform plan -out "
               "PLANFILE` and give the output of `terraform show -json PLANFILE`.");
  expect_error({{"format_version", "2.0"}, {"planned_values", nlohmann::json::object()}},
               "[rdha.plan.unsupported_format] (x.json) has format_version \"2.0\"; rdha reads the plan JSON format "
               "1.x (Terraform 1.0 and later). Write it with a Terraform of that line.");
  auto plan = load("tag_only");
  plan["resource_changes"][0]["change"]["actions"] = "update";
  expect_error(plan,
               "[rdha.plan.bad_field] (x.json) resource_changes[0].change.actions must be an array of strings. The "
               "file is not the unchanged output of `terraform show -json`.");
  plan = load("tag_only");
  plan["resource_changes"][0]["mode"] = 1;
  expect_error(plan,
               "[rdha.plan.bad_field] (x.json) resource_changes[0].mode must be a string. The file is not the "
               "unchanged output of `terraform show -json`.");
  // Odd parameter entries of a group are no parameters, not an error.
  plan = load("static_param");
  for (auto& change : plan["resource_changes"])
    if (change["address"] == "aws_db_parameter_group.primary")
      for (auto& parameter : change["change"]["after"]["parameter"]) parameter["apply_method"] = 7;
  EXPECT_NO_THROW(check_plan(plan, {}, "x.json"));
  // Terraform leaves resource_changes out of a plan that changes nothing.
  EXPECT_TRUE(check_plan({{"format_version", "1.2"}, {"planned_values", nlohmann::json::object()}}).findings.empty());
}

// after_unknown = true: the whole object is known only after apply, so every attribute
// known before may change (shown as "(known after apply)"), with no type error.
TEST(PlanCheckInput, WholeObjectUnknownAfterApply) {
  auto plan = instance_update(nlohmann::json::object(), nlohmann::json::object());
  plan["resource_changes"][0]["change"]["after_unknown"] = true;
  const auto found = lines(check_plan(plan, {}, "x.json"));
  for (const std::string expected :
       {"RDHA-PLAN-002 aws_db_instance.primary: instance_class db.t3.micro → (known after apply): downtime (DB "
        "instance class).",
        "RDHA-PLAN-002 aws_db_instance.primary: engine_version major version 16.4 → (known after apply): downtime (DB "
        "engine version).",
        "RDHA-PLAN-003 aws_db_instance.primary: Endpoint changes: identifier primary-fx → (known after apply) (renamed "
        "in place, with downtime).",
        "RDHA-PLAN-005 aws_db_instance.primary: parameter_group_name fx-9d49 → (known after apply): reboot pending."})
    EXPECT_NE(std::find(found.begin(), found.end(), expected), found.end())
        << expected << " not in " << ::testing::PrintToString(found);
}

TEST(PlanCheckInput, UnreadableAndMalformedFiles) {
  testing::ScratchDir scratch("plan-input");
  try {
    check_plan_file((scratch.path() / "missing.json").string());
    FAIL();
  } catch (const PlanError& e) {
    EXPECT_EQ(e.message(), "cannot be read: No such file or directory.");
  }
  const auto text = (scratch.path() / "plan.txt").string();
  std::ofstream(text) << "Terraform will perform the following actions:\n";
  try {
    check_plan_file(text);
    FAIL();
  } catch (const PlanError& e) {
    EXPECT_EQ(e.code(), "malformed_json");
    EXPECT_TRUE(e.message().starts_with("is not JSON (line 1, column 1: syntax error while parsing value"))
        << e.message();
  }
  try {
    check_plan_file(scratch.path().string());
    FAIL();
  } catch (const PlanError& e) {
    EXPECT_EQ(e.code(), "unreadable");
    EXPECT_TRUE(e.message().starts_with("cannot be read")) << e.message();
  }
}

}  // namespace
}  // namespace rdha::analysis
