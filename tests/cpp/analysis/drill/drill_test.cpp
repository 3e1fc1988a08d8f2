// `rdha drill`: what the default stack loses and keeps when an AZ or a region fails,
// what fails over on its own, the estimates, and the runbook's commands.
#include <gtest/gtest.h>

#include <algorithm>

#include "rdha/analysis/drill.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/ha_stack.hpp"
#include "rdha/stack/names.hpp"

namespace rdha::analysis {
namespace {

using dr::RunbookStep;
using dr::StepPhase;

DrillReport drill(const char* failure, stack::HaStackSpec spec = {}) {
  return simulate(stack::build_ha_stack(spec), FailureDomain::parse(failure));
}

const DbRoleOutcome* find(const std::vector<DbRoleOutcome>& roles, const std::string& address, const std::string& role) {
  for (const auto& r : roles)
    if (r.address == address && r.role == role) return &r;
  return nullptr;
}

const RunbookStep* step(const DrillReport& report, const std::string& id) {
  for (const auto& s : report.runbook.steps)
    if (s.id == id) return &s;
  return nullptr;
}

bool any_command_contains(const RunbookStep& s, const std::string& text) {
  return std::any_of(s.commands.begin(), s.commands.end(),
                     [&](const std::string& c) { return c.find(text) != std::string::npos; });
}

TEST(DrillDomain, ParsesAndRejects) {
  const auto az = FailureDomain::parse("az:us-east-1a");
  EXPECT_EQ(az.kind, FailureDomain::Kind::availability_zone);
  EXPECT_EQ(az.region(), "us-east-1");
  EXPECT_EQ(FailureDomain::parse("region:us-west-2").str(), "region:us-west-2");
  try {
    FailureDomain::parse("zone:x");
    FAIL() << "expected SpecError";
  } catch (const SpecError& e) {
    EXPECT_EQ(e.subject(), "fail");
    EXPECT_NE(std::string(e.what()).find("\"zone:x\" is not a failure domain: use az:NAME"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(FailureDomain::parse("az:us-east-1"), SpecError);  // a region, not an AZ
  EXPECT_THROW(FailureDomain::parse("region:"), SpecError);
}

TEST(DrillAz, WriterSurvivesByMultiAzFailoverAndAReaderRemains) {
  const auto report = drill("az:us-east-1a");
  const auto* writer = find(report.surviving, "aws_db_instance.primary", "writer");
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->outcome, "multi_az_failover");
  EXPECT_NE(find(report.lost, "aws_db_instance.primary", "standby"), nullptr);
  EXPECT_NE(find(report.lost, "aws_db_instance.replica_1", "reader"), nullptr);
  const auto* reader = find(report.surviving, "aws_db_instance.replica_2", "reader");
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->availability_zone, "us-east-1b");
  EXPECT_NE(find(report.surviving, "aws_db_instance.dr_replica", "dr_replica"), nullptr);
  EXPECT_FALSE(report.total_outage);

  // Automatic: failover (60-120 s), standby rebuild, replicas follow (PostgreSQL 17).
  ASSERT_GE(report.automatic_actions.size(), 3u);
  EXPECT_EQ(report.automatic_actions[0].action, "multi_az_failover");
  EXPECT_EQ(report.automatic_actions[0].seconds, (SecondsRange{60, 120}));
  EXPECT_EQ(report.automatic_actions[2].action, "replicas_follow_new_writer");
  EXPECT_EQ(report.rto_seconds, (SecondsRange{60, 120}));
  EXPECT_EQ(report.rpo_seconds, (SecondsRange{0, 0}));

  // The NAT gateway in us-east-1a: private egress of the region is gone.
  const auto nat = std::find_if(report.degraded.begin(), report.degraded.end(),
                                [](const ResourceNote& n) { return n.address == "aws_nat_gateway.primary"; });
  ASSERT_NE(nat, report.degraded.end());
  EXPECT_NE(nat->note.find("private egress of us-east-1 is gone"), std::string::npos) << nat->note;

  // Runbook: check the failover, commands for the generated identifier and region.
  const auto* check = step(report, "check-failover-primary-rdha");
  ASSERT_NE(check, nullptr);
  EXPECT_EQ(check->phase, StepPhase::assess);
  EXPECT_TRUE(any_command_contains(*check, "aws rds describe-events --region us-east-1 --source-type db-instance "
                                            "--source-identifier primary-rdha"));
  const auto* force = step(report, "force-failover-primary-rdha");
  ASSERT_NE(force, nullptr);
  EXPECT_EQ(force->commands[0],
            "aws rds reboot-db-instance --region us-east-1 --db-instance-identifier primary-rdha --force-failover");
  ASSERT_NE(step(report, "restore-private-egress"), nullptr);
  EXPECT_TRUE(any_command_contains(*step(report, "restore-private-egress"), "Name=tag:Name,Values=primary-public-2-rdha"));
}

// A domain the stack does not use is refused rather than reported as an untouched stack.
void expect_unknown_domain(const char* failure) {
  try {
    drill(failure);
    ADD_FAILURE() << failure << " was accepted";
  } catch (const SpecError& e) {
    EXPECT_EQ(e.code(), "unknown_failure_domain");
    EXPECT_EQ(std::string(e.what()),
              std::string("[rdha.spec.unknown_failure_domain] (fail) \"") + failure +
                  "\" is not in the stack, so a drill of it shows nothing. The stack's regions: us-east-1, "
                  "us-west-2; its availability zones: us-east-1a, us-east-1b, us-west-2a, us-west-2b.");
  }
}

TEST(DrillAz, AnAzTheStackDoesNotUseIsRefused) { expect_unknown_domain("az:us-east-1c"); }

TEST(DrillAz, ARegionTheStackDoesNotUseIsRefused) {
  expect_unknown_domain("region:eu-west-1");
  expect_unknown_domain("az:eu-west-1a");
}

TEST(DrillRegion, DrReplicaIsThePromotionTargetAndTheRunbookNamesIt) {
  const auto report = drill("region:us-east-1");
  ASSERT_TRUE(report.promotion_target.has_value());
  EXPECT_EQ(*report.promotion_target, "aws_db_instance.dr_replica");
  EXPECT_EQ(find(report.surviving, "aws_db_instance.dr_replica", "dr_replica")->outcome, "promotion_target");
  for (const char* lost : {"aws_db_instance.primary", "aws_db_instance.replica_1", "aws_db_instance.replica_2"})
    EXPECT_TRUE(std::any_of(report.lost.begin(), report.lost.end(),
                            [&](const DbRoleOutcome& o) { return o.address == lost; }))
        << lost;
  EXPECT_FALSE(report.total_outage);
  EXPECT_TRUE(report.automatic_actions.empty());  // nothing crosses regions on its own

  const auto* promote = step(report, "promote-dr-replica");
  ASSERT_NE(promote, nullptr);
  EXPECT_TRUE(promote->irreversible);
  EXPECT_EQ(promote->region, "us-west-2");
  EXPECT_EQ(promote->commands[0],
            "aws rds promote-read-replica --region us-west-2 --db-instance-identifier dr-replica-rdha "
            "--backup-retention-period 7");
  // Before the promotion: the data-loss estimate (read in the DR region only) and a person's
  // approval, which replaced a refusal on the replica's lag.
  const auto* estimate = step(report, "estimate-data-loss");
  ASSERT_NE(estimate, nullptr);
  EXPECT_EQ(estimate->region, "us-west-2");
  EXPECT_TRUE(any_command_contains(*estimate, "aws cloudwatch get-metric-statistics --region us-west-2 --namespace "
                                              "AWS/RDS --metric-name ReplicaLag --dimensions "
                                              "Name=DBInstanceIdentifier,Value=dr-replica-rdha"));
  const auto* approve = step(report, "approve-promotion");
  ASSERT_NE(approve, nullptr);
  EXPECT_EQ(approve->phase, StepPhase::recover);
  EXPECT_EQ(step(report, "check-replica-lag"), nullptr);
  // After it: the writer switch is one CloudWatch call in the DR region, never Route 53's
  // control plane.
  const auto* switch_writer = step(report, "switch-writer");
  ASSERT_NE(switch_writer, nullptr);
  EXPECT_EQ(switch_writer->region, "us-west-2");
  ASSERT_EQ(switch_writer->commands.size(), 1u);
  EXPECT_EQ(switch_writer->commands[0],
            "aws cloudwatch put-metric-data --region us-west-2 --namespace RDHA/Failover --metric-data "
            "'[{\"Dimensions\":[{\"Name\":\"DBInstanceIdentifier\",\"Value\":\"primary-rdha\"}],"
            "\"MetricName\":\"WriterFailedOver\",\"Unit\":\"Count\",\"Value\":1}]'");
  for (const auto& s : report.runbook.steps)
    EXPECT_FALSE(any_command_contains(s, "aws route53 ")) << s.id;
  const auto index_of = [&](const char* id) {
    return std::find_if(report.runbook.steps.begin(), report.runbook.steps.end(),
                        [&](const RunbookStep& s) { return s.id == id; }) -
           report.runbook.steps.begin();
  };
  EXPECT_LT(index_of("estimate-data-loss"), index_of("approve-promotion"));
  EXPECT_LT(index_of("approve-promotion"), index_of("promote-dr-replica"));
  EXPECT_LT(index_of("wait-for-new-writer"), index_of("switch-writer"));
  // Checks after, and re-creating a replica in the old region.
  ASSERT_NE(step(report, "verify-new-writer"), nullptr);
  const auto* recreate = step(report, "recreate-replica-in-old-region");
  ASSERT_NE(recreate, nullptr);
  EXPECT_EQ(recreate->phase, StepPhase::failback);
  EXPECT_TRUE(any_command_contains(*recreate, "--source-db-instance-identifier \"arn:${PARTITION}:rds:us-west-2:"
                                              "${ACCOUNT_ID}:db:dr-replica-rdha\""));
  EXPECT_TRUE(any_command_contains(*recreate, "--kms-key-id alias/rds-rdha"));
  const auto* secret = step(report, "promote-secret-replica");
  ASSERT_NE(secret, nullptr);
  EXPECT_EQ(secret->commands[0],
            "aws secretsmanager stop-replication-to-replica --region us-west-2 --secret-id db-master-password-rdha");
  // Steps are ordered by phase.
  EXPECT_TRUE(std::is_sorted(report.runbook.steps.begin(), report.runbook.steps.end(),
                             [](const RunbookStep& a, const RunbookStep& b) { return a.phase < b.phase; }));

  // Estimates with stated assumptions; RPO bounded by the DR replica's lag alarm (360 s: an
  // idle PostgreSQL source makes a replica report up to five minutes).
  EXPECT_EQ(report.rto_seconds, (SecondsRange{780, 2700}));
  EXPECT_EQ(report.rpo_seconds, (SecondsRange{0, 360}));
  EXPECT_NE(report.rpo.find("replica lag of aws_db_instance.dr_replica"), std::string::npos) << report.rpo;
  EXPECT_GE(report.assumptions.size(), 4u);
  // The writer's name follows the pre-provisioned switch, not a repointing by hand.
  EXPECT_NE(std::find(report.assumptions.begin(), report.assumptions.end(),
                      "The writer's DNS name follows within 1-5 min: the WriterFailedOver datapoint in us-west-2, the "
                      "Route 53 health check following its alarm's data, and the record's TTL."),
            report.assumptions.end());
  EXPECT_NE(format_text(report).find("Promotion target: aws_db_instance.dr_replica"), std::string::npos);
}

TEST(DrillRegion, WithoutAWriterSwitchApplicationsArePointedByHand) {
  stack::HaStackSpec spec;
  spec.failover.enabled = false;
  const auto report = drill("region:us-east-1", spec);
  EXPECT_EQ(step(report, "switch-writer"), nullptr);
  ASSERT_NE(step(report, "point-applications"), nullptr);
  EXPECT_NE(std::find(report.assumptions.begin(), report.assumptions.end(),
                      "Pointing applications at the new endpoint takes 1-5 min (configuration or DNS change, TTLs)."),
            report.assumptions.end());
  EXPECT_EQ(report.rto_seconds, (SecondsRange{780, 2700}));
}

// With the automatic trigger, detection is the lag reaching the trigger's threshold plus its
// window (not a person paged), and no decision is needed within the data-loss bound.
TEST(DrillRegion, AutomaticTriggerDetectsAndDecides) {
  stack::HaStackSpec spec;
  spec.failover.automatic = true;
  spec.failover.trigger_lag_seconds = 600;
  spec.failover.trigger_periods = 5;
  const auto report = drill("region:us-east-1", spec);
  // detection 600 + 300 (+120 publishing), decision 0..900, promotion 300..900, cut-over 60..300
  EXPECT_EQ(report.rto_seconds, (SecondsRange{1260, 3120}));
  EXPECT_EQ(report.rto,
            "Automatic promotion of aws_db_instance.dr_replica in us-west-2: about 21-52 min (started by "
            "aws_cloudwatch_metric_alarm.primary_region_unreachable).");
  const auto has = [&](const std::string& text) {
    return std::find(report.assumptions.begin(), report.assumptions.end(), text) != report.assumptions.end();
  };
  EXPECT_TRUE(has("The automatic trigger aws_cloudwatch_metric_alarm.primary_region_unreachable fires 15-17 min after "
                  "the loss: the DR replica's ReplicaLag grows one second per second from the loss and must stay at "
                  "or above 600 s for 5 one-minute periods (plus publishing delay; docs/failover.md)."));
  EXPECT_TRUE(has("The automatic run promotes at once when the estimated data loss is within the automation's "
                  "MaxDataLossSeconds; otherwise it pages and waits for a person (up to 15 min more)."));
  EXPECT_FALSE(has("Detection takes 2-10 min (alarm evaluation periods plus paging the on-call)."));
  // Without the trigger the same stack is a manual promotion.
  spec.failover.automatic = false;
  EXPECT_EQ(drill("region:us-east-1", spec).rto_seconds, (SecondsRange{780, 2700}));
}

TEST(DrillRegion, WithoutDrReplicaRegionLossIsATotalOutage) {
  stack::HaStackSpec spec;
  spec.database.dr_replica.enabled = false;
  const auto report = drill("region:us-east-1", spec);
  EXPECT_TRUE(report.total_outage);
  EXPECT_FALSE(report.promotion_target.has_value());
  EXPECT_TRUE(report.surviving.empty());
  EXPECT_FALSE(report.rto_seconds.has_value());
  ASSERT_FALSE(report.warnings.empty());
  EXPECT_EQ(report.warnings[0].rfind("Region loss = total outage", 0), 0u) << report.warnings[0];
  EXPECT_NE(format_text(report).find("TOTAL OUTAGE"), std::string::npos);
  // The replicated automated backups are the only way back.
  ASSERT_NE(step(report, "restore-replicated-backup"), nullptr);
  EXPECT_EQ(step(report, "restore-replicated-backup")->region, "us-west-2");
}

// The restore lands in the stack's own DB network of the DR region, named by the naming
// scheme, whatever the suffix.
TEST(DrillRegion, RestoreOfReplicatedBackupsUsesTheStacksDrNetwork) {
  for (const char* suffix : {"-rdha", "-prod"}) {
    stack::HaStackSpec spec;
    spec.name_suffix = suffix;
    spec.database.dr_replica.enabled = false;
    const stack::Names names(spec);
    const stack::RegionNames dr = names.region(stack::RegionRole::dr);
    const auto report = drill("region:us-east-1", spec);
    const RunbookStep* restore = step(report, "restore-replicated-backup");
    ASSERT_NE(restore, nullptr) << suffix;
    const std::string id = names.primary().identifier();
    EXPECT_EQ(restore->commands,
              (std::vector<std::string>{
                  "BACKUP_ARN=$(aws rds describe-db-instance-automated-backups --region us-west-2 --query "
                  "\"DBInstanceAutomatedBackups[?DBInstanceIdentifier=='" + id +
                      "'].DBInstanceAutomatedBackupsArn | [0]\" --output text)",
                  "SG_IDS=$(aws ec2 describe-security-groups --region us-west-2 --filters Name=group-name,Values=" +
                      dr.db_security_group() + " --query 'SecurityGroups[].GroupId' --output text)",
                  "aws rds restore-db-instance-to-point-in-time --region us-west-2 "
                  "--source-db-instance-automated-backups-arn \"$BACKUP_ARN\" --target-db-instance-identifier " + id +
                      "-restored --use-latest-restorable-time --db-subnet-group-name " + dr.db_subnet_group() +
                      " --db-parameter-group-name " + dr.parameter_group() +
                      " --vpc-security-group-ids $SG_IDS --no-publicly-accessible --multi-az",
                  "aws rds wait db-instance-available --region us-west-2 --db-instance-identifier " + id + "-restored"}))
        << suffix;
    EXPECT_NE(restore->description.find("DB subnet group " + dr.db_subnet_group() + ", parameter group " +
                                dr.parameter_group() + ", security group " + dr.db_security_group() +
                                " (IDs looked up by name). The instance keeps the key of the replicated backups, " +
                                names.kms_alias() + "."),
              std::string::npos)
        << restore->description;
  }
}

TEST(DrillRegion, LosingTheDrRegionKeepsTheWriter) {
  const auto report = drill("region:us-west-2");
  EXPECT_EQ(find(report.surviving, "aws_db_instance.primary", "writer")->outcome, "unaffected");
  EXPECT_NE(find(report.lost, "aws_db_instance.dr_replica", "dr_replica"), nullptr);
  EXPECT_EQ(report.rto_seconds, (SecondsRange{0, 0}));
  ASSERT_NE(step(report, "recreate-dr-replica"), nullptr);
  EXPECT_TRUE(any_command_contains(*step(report, "recreate-dr-replica"),
                                   "--source-db-instance-identifier \"arn:${PARTITION}:rds:us-east-1:${ACCOUNT_ID}:db:"
                                   "primary-rdha\""));
}

TEST(DrillJson, DocumentedShape) {
  const auto json = to_json(drill("region:us-east-1"));
  for (const char* key : {"scenario", "affected_resources", "lost", "surviving", "degraded", "automatic_actions",
                          "promotion_target", "total_outage", "recovery_assets", "manual_steps", "rto_seconds", "rto",
                          "rpo_seconds", "rpo", "assumptions", "warnings"})
    EXPECT_TRUE(json.contains(key)) << key;
  EXPECT_EQ(json["scenario"], nlohmann::json::parse(R"({"kind":"region","name":"us-east-1","region":"us-east-1"})"));
  EXPECT_EQ(json["rto_seconds"], nlohmann::json::parse(R"({"min":780,"max":2700})"));
  EXPECT_EQ(json["promotion_target"], "aws_db_instance.dr_replica");
  const auto& first = json["manual_steps"][0];
  for (const char* key : {"number", "id", "phase", "title", "description", "region", "target", "commands", "irreversible"})
    EXPECT_TRUE(first.contains(key)) << key;
  EXPECT_EQ(first["number"], 1);
}

TEST(DrillHandBuilt, AStackWithoutADbInstanceIsRefused) {
  Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  stack.add(Kind::resource, "aws_vpc", "main", east).set("cidr_block", "10.0.0.0/16");
  try {
    simulate(stack, FailureDomain::parse("region:us-east-1"));
    FAIL() << "expected SpecError";
  } catch (const SpecError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].subject, "stack");
    EXPECT_NE(e.problems()[0].message.find("has no aws_db_instance"), std::string::npos) << e.what();
  }
}

TEST(DrillHandBuilt, SingleAzWriterLostWithItsAzPromotesAReader) {
  Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto writer = stack.add(Kind::resource, "aws_db_instance", "w", east);
  writer.set("identifier", "w").set("instance_class", "db.t4g.micro").set("availability_zone", "us-east-1a");
  auto reader = stack.add(Kind::resource, "aws_db_instance", "r", east);
  reader.set("identifier", "r").set("instance_class", "db.t4g.micro").set("availability_zone", "us-east-1b");
  reader.set("replicate_source_db", writer.attr("identifier"));
  const auto report = simulate(stack, FailureDomain::parse("az:us-east-1a"));
  EXPECT_NE(find(report.lost, "aws_db_instance.w", "writer"), nullptr);
  ASSERT_TRUE(report.promotion_target.has_value());
  EXPECT_EQ(*report.promotion_target, "aws_db_instance.r");
  ASSERT_NE(step(report, "promote-reader"), nullptr);
  EXPECT_TRUE(any_command_contains(*step(report, "promote-reader"),
                                   "aws rds promote-read-replica --region us-east-1 --db-instance-identifier r"));
  EXPECT_NE(report.warnings.back().find("not Multi-AZ"), std::string::npos);
}

TEST(DrillRunbook, TextIsRenderedFromTheSteps) {
  const auto report = drill("region:us-east-1");
  const std::string text = format_text(report.runbook);
  int number = 0;
  for (const auto& s : report.runbook.steps) {
    const std::string heading = std::to_string(++number) + ". [" + std::string(to_string(s.phase)) + "] " + s.title;
    EXPECT_NE(text.find(heading), std::string::npos) << heading;
    for (const auto& command : s.commands) EXPECT_NE(text.find("$ " + command), std::string::npos) << command;
  }
}

}  // namespace
}  // namespace rdha::analysis
