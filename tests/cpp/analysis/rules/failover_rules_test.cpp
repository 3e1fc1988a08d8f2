// The region-failover rules (RDHA-FO-*, and HA-007, DR-009, MON-005..007, NET-009, IAM-006
// that came with them): the default stack passes each, and each change that breaks what
// the rule reads is reported with its exact rule, severity, address and message. The one
// change per rule of check_rules_test.cpp covers the main case; here are the variants.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "analysis/analysis_fixture.hpp"
#include "analysis/rules/automation.hpp"
#include "analysis/rules/policy.hpp"

namespace rdha::analysis {
namespace {

using testing::at;
using testing::check;
using testing::edit_statements;
using testing::edit_steps;
using testing::listing;
using testing::of_rule;
using testing::Small;
using testing::statement_with_sid;
using testing::step_named;

const std::vector<std::string> kRegionFailoverRules = {
    "RDHA-HA-007", "RDHA-DR-009", "RDHA-MON-005", "RDHA-MON-007", "RDHA-NET-009", "RDHA-IAM-006",
    "RDHA-FO-001", "RDHA-FO-002", "RDHA-FO-003",  "RDHA-FO-004",  "RDHA-FO-005",  "RDHA-FO-006",
    "RDHA-FO-007", "RDHA-FO-008"};

/// "address: summary" of a rule's findings, in report order.
std::vector<std::string> seen(const CheckReport& report, const std::string& rule) {
  std::vector<std::string> out;
  for (const auto& f : of_rule(report, rule)) out.push_back(f.address + ": " + f.summary);
  return out;
}

/// A finding as one text to compare whole: "<severity> <address>\n<summary>\n<detail>".
std::string text_of(const Finding& f) {
  return std::string(to_string(f.severity)) + " " + f.address + "\n" + f.summary + "\n" + f.detail;
}

/// The one finding of @p rule (fails the test unless there is exactly one).
Finding only(const CheckReport& report, const std::string& rule) {
  const auto findings = of_rule(report, rule);
  EXPECT_EQ(findings.size(), 1u) << rule << "\n" << listing(report);
  return findings.empty() ? Finding{} : findings.front();
}

Stack default_stack() { return stack::build_ha_stack({}); }

/// "address: summary" of @p rule's findings on the default stack after @p change(stack).
template <class Change>
std::vector<std::string> seen_after(const std::string& rule, Change change) {
  Stack s = default_stack();
  change(s);
  return seen(check(s), rule);
}

TEST(CheckFailoverRules, TheDefaultStackAndItsVariantsPassEveryRegionFailoverRule) {
  stack::HaStackSpec automatic;
  automatic.failover.automatic = true;
  stack::HaStackSpec subscribed;
  subscribed.monitoring.notification_emails = {"oncall@example.com"};
  subscribed.monitoring.notification_endpoints.dr = {{"sqs", "arn:aws:sqs:us-west-2:123456789012:oncall"}};
  stack::HaStackSpec promoted;
  promoted.failover.state = stack::FailoverState::dr_promoted;
  const std::map<std::string, stack::HaStackSpec> variants = {
      {"default", {}}, {"automatic", automatic}, {"subscribed", subscribed}, {"dr_promoted", promoted}};
  for (const auto& [name, spec] : variants) {
    const CheckReport report = check(stack::build_ha_stack(spec));
    for (const auto& id : kRegionFailoverRules) EXPECT_TRUE(of_rule(report, id).empty()) << name << " " << id << "\n" << listing(report);
  }
}

// ---- HA-007 -------------------------------------------------------------------------------

TEST(CheckFailoverRules, ReplicasAndBackupReplicationsOfASourceAreCreatedOneAtATime) {
  Small s;
  auto writer = s.stack.add(Kind::resource, "aws_db_instance", "w", s.east);
  writer.set("identifier", "w").set("instance_class", "db.t4g.micro").set("backup_retention_period", 7);
  auto a = s.stack.add(Kind::resource, "aws_db_instance", "a", s.east);
  a.set("identifier", "a").set("instance_class", "db.t4g.micro").set("replicate_source_db", writer.attr("identifier"));
  auto b = s.stack.add(Kind::resource, "aws_db_instance", "b", s.east);
  b.set("identifier", "b").set("instance_class", "db.t4g.micro").set("replicate_source_db", writer.attr("identifier"));
  auto backups = s.stack.add(Kind::resource, "aws_db_instance_automated_backups_replication", "copy", s.west);
  backups.set("source_db_instance_arn", writer.attr("arn"));

  const CheckReport racing = check(s.stack);
  EXPECT_EQ(seen(racing, "RDHA-HA-007"),
            (std::vector<std::string>{
                "aws_db_instance.b: It is created at the same time as aws_db_instance.a from aws_db_instance.w.",
                "aws_db_instance_automated_backups_replication.copy: It is created at the same time as "
                "aws_db_instance.a, aws_db_instance.b from aws_db_instance.w."}));
  EXPECT_EQ(text_of(of_rule(racing, "RDHA-HA-007").front()),
            "warning aws_db_instance.b\n"
                "It is created at the same time as aws_db_instance.a from aws_db_instance.w.\n"
                "RDS refuses a new replica (or a backups replication) of a source that is busy with another one: "
                "\"InvalidDBInstanceState: DB instance is not in the available state\" (\"Oracle RDS Read Replica Fails "
                "with InvalidDBInstanceState When Using Module with count\", "
                "https://github.com/hashicorp/terraform-provider-aws/issues/43474). Chain them with depends_on so each "
                "starts when the previous one is done.");

  // A chain orders them all: the copy waits for b, which waits for a (transitively).
  b.depends_on(a);
  backups.depends_on(b);
  EXPECT_TRUE(of_rule(check(s.stack), "RDHA-HA-007").empty()) << listing(check(s.stack));
}

// ---- DR-009 -------------------------------------------------------------------------------

void set_ports(Stack& s, std::initializer_list<const char*> rules, int port) {
  for (const char* rule : rules) at(s, rule).set("from_port", port).set("to_port", port);
}

TEST(CheckFailoverRules, TheDrReplicaAdmitsThePrimaryRegionsApplications) {
  Stack s = default_stack();
  set_ports(s, {"aws_vpc_security_group_ingress_rule.dr_db_from_peer_1",
                "aws_vpc_security_group_ingress_rule.dr_db_from_peer_2"},
            22);
  EXPECT_EQ(text_of(only(check(s), "RDHA-DR-009")),
            "error aws_db_instance.dr_replica\n"
                "No security group of the instance admits port 5432 from the peered VPC in us-east-1.\n"
                "Whenever this instance is the writer (now, or after a failover), applications in us-east-1 that resolve "
                "the writer's name to it are dropped. A group of another region cannot be referenced (\"Update your "
                "security groups to reference peer security groups\", "
                "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html): add an ingress rule "
                "with cidr_ipv4 = the peer's application subnets on the database port.");
}

TEST(CheckFailoverRules, PeerIngressCountsForAnOverlappingCidrOverTcpOrAllProtocols) {
  const char* peer_1 = "aws_vpc_security_group_ingress_rule.primary_db_from_peer_1";
  const char* peer_2 = "aws_vpc_security_group_ingress_rule.primary_db_from_peer_2";
  const auto findings_with = [&](auto change) {
    return seen_after("RDHA-DR-009", [&](Stack& s) {
      set_ports(s, {peer_2}, 22);  // one rule left to decide
      change(at(s, peer_1));
    });
  };
  const std::vector<std::string> dropped = {
      "aws_db_instance.primary: No security group of the instance admits port 5432 from the peered VPC in "
      "us-west-2."};
  // The whole peer VPC (a block containing it) admits its applications too.
  EXPECT_TRUE(findings_with([](ResourceHandle rule) { rule.set("cidr_ipv4", "10.1.0.0/16"); }).empty());
  EXPECT_TRUE(findings_with([](ResourceHandle rule) { rule.set("cidr_ipv4", "10.0.0.0/8"); }).empty());
  EXPECT_TRUE(findings_with([](ResourceHandle rule) { rule.set("ip_protocol", "-1"); }).empty());
  // UDP, or another network, does not.
  EXPECT_EQ(findings_with([](ResourceHandle rule) { rule.set("ip_protocol", "udp"); }), dropped);
  EXPECT_EQ(findings_with([](ResourceHandle rule) { rule.set("cidr_ipv4", "192.168.0.0/24"); }), dropped);
  // A port range covering 5432 is enough.
  EXPECT_TRUE(findings_with([](ResourceHandle rule) { rule.set("from_port", 5000).set("to_port", 6000); }).empty());
}

// ---- MON-001 (a lag alarm that pages), MON-005, MON-006, MON-007 ---------------------------

TEST(CheckFailoverRules, OnlyALagAlarmThatPagesWatchesAReplica) {
  Stack s = default_stack();
  at(s, "aws_cloudwatch_metric_alarm.replica_2_lag").set("comparison_operator", "LessThanThreshold");
  EXPECT_EQ(text_of(only(check(s), "RDHA-MON-001")),
            "error aws_db_instance.replica_2\n"
                "No ReplicaLag alarm of the replica pages when its lag grows.\n"
                "aws_cloudwatch_metric_alarm.replica_2_lag uses LessThanThreshold (it watches for stopped replication, not "
                "a growing lag); aws_cloudwatch_metric_alarm.reader_2 uses LessThanThreshold (it watches for stopped "
                "replication, not a growing lag). Replica lag is the data a promotion or a read would miss; unwatched, a "
                "replica can fall hours behind unnoticed. Add an aws_cloudwatch_metric_alarm in us-east-1 on AWS/RDS "
                "ReplicaLag with dimensions {DBInstanceIdentifier = this replica's identifier}, a GreaterThanThreshold "
                "comparison and alarm_actions on an SNS topic of us-east-1.");

  Stack disabled = default_stack();
  at(disabled, "aws_cloudwatch_metric_alarm.dr_replica_lag").set("actions_enabled", false);
  EXPECT_EQ(only(check(disabled), "RDHA-MON-001").detail.rfind(
                "aws_cloudwatch_metric_alarm.dr_replica_lag has its actions disabled. ", 0),
            0u);

  // A literal topic ARN is a topic too.
  Stack literal = default_stack();
  at(literal, "aws_cloudwatch_metric_alarm.replica_1_lag")
      .set_json("alarm_actions", {"arn:aws:sns:us-east-1:123456789012:oncall"});
  EXPECT_TRUE(of_rule(check(literal), "RDHA-MON-001").empty());
}

TEST(CheckFailoverRules, LagThresholdsStayAboveAnIdlePostgresSourcesLag) {
  Stack s = default_stack();
  at(s, "aws_cloudwatch_metric_alarm.dr_replica_lag").set("threshold", 359);
  EXPECT_EQ(text_of(only(check(s), "RDHA-MON-005")),
            "warning aws_cloudwatch_metric_alarm.dr_replica_lag\n"
                "The ReplicaLag alarm pages at 359 s, below what an idle PostgreSQL source makes aws_db_instance.dr_replica "
                "report.\n"
                "With no writes on the source a PostgreSQL replica reports up to five minutes of lag until the WAL "
                "segment switches (\"Working with read replicas for Amazon RDS for PostgreSQL\", "
                "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html), "
                "so this alarm pages on a quiet database. Raise the threshold to 360 s or more (and accept that a smaller "
                "real lag goes unalarmed), or keep the lag meaningful with a heartbeat write.");
  at(s, "aws_cloudwatch_metric_alarm.dr_replica_lag").set("threshold", 360);
  EXPECT_TRUE(of_rule(check(s), "RDHA-MON-005").empty());

  // Only PostgreSQL's idle lag is known.
  Small mysql;
  auto source = mysql.stack.add(Kind::resource, "aws_db_instance", "w", mysql.east);
  source.set("identifier", "w").set("engine", "mysql").set("instance_class", "db.t4g.micro");
  auto replica = mysql.stack.add(Kind::resource, "aws_db_instance", "r", mysql.east);
  replica.set("identifier", "r").set("instance_class", "db.t4g.micro").set("replicate_source_db", source.attr("identifier"));
  mysql.stack.add(Kind::resource, "aws_cloudwatch_metric_alarm", "lag", mysql.east)
      .set("metric_name", "ReplicaLag")
      .set("comparison_operator", "GreaterThanThreshold")
      .set("threshold", 60)
      .set_json("dimensions", {{"DBInstanceIdentifier", replica.attr("identifier").interpolated()}});
  EXPECT_TRUE(of_rule(check(mysql.stack), "RDHA-MON-005").empty());
}

TEST(CheckFailoverRules, AlarmTopicsNeedASubscriber) {
  const CheckReport unsubscribed = check(default_stack());
  EXPECT_EQ(seen(unsubscribed, "RDHA-MON-006"),
            (std::vector<std::string>{
                "aws_sns_topic.dr: Alarms and events publish to a topic nobody subscribes to.",
                "aws_sns_topic.primary: Alarms and events publish to a topic nobody subscribes to."}));
  EXPECT_EQ(text_of(of_rule(unsubscribed, "RDHA-MON-006").front()),
            "warning aws_sns_topic.dr\n"
                "Alarms and events publish to a topic nobody subscribes to.\n"
                "Its notifications reach no one. Subscribe the on-call (monitoring.notification_emails or "
                "notification_endpoints in rdha's spec); an e-mail subscription stays pending, and receives nothing, "
                "until its address confirms it.");
  // An endpoint of one region subscribes that region's topic only.
  stack::HaStackSpec dr_only;
  dr_only.monitoring.notification_endpoints.dr = {{"https", "https://pager.example.com/hook"}};
  EXPECT_EQ(seen(check(stack::build_ha_stack(dr_only)), "RDHA-MON-006"),
            (std::vector<std::string>{
                "aws_sns_topic.primary: Alarms and events publish to a topic nobody subscribes to."}));
}

TEST(CheckFailoverRules, ATopicDoesNotDependOnlyOnAnotherRegion) {
  stack::HaStackSpec spec;
  spec.monitoring.notification_endpoints.dr = {{"sqs", "arn:aws:sqs:us-east-1:123456789012:oncall"},
                                               {"lambda", "arn:aws:lambda:us-east-1:123456789012:function:page"}};
  EXPECT_EQ(text_of(only(check(stack::build_ha_stack(spec)), "RDHA-MON-007")),
            "error aws_sns_topic.dr\n"
                "Every subscriber of the topic in us-west-2 is a queue or function in us-east-1.\n"
                "When that region fails, which is when this region's alarms matter most, the notifications reach no one. "
                "Subscribe endpoints of us-west-2 (monitoring.notification_endpoints.<region> in rdha's spec) or e-mail "
                "addresses.");
  // One e-mail address is reachable from anywhere.
  spec.monitoring.notification_emails = {"oncall@example.com"};
  EXPECT_TRUE(of_rule(check(stack::build_ha_stack(spec)), "RDHA-MON-007").empty());

  // A referenced queue is in its provider's region.
  Small s;
  auto topic = s.stack.add(Kind::resource, "aws_sns_topic", "alarms", s.west);
  topic.set("name", "alarms");
  auto queue = s.stack.add(Kind::resource, "aws_sqs_queue", "oncall", s.east);
  queue.set("name", "oncall");
  s.stack.add(Kind::resource, "aws_sns_topic_subscription", "oncall", s.west)
      .set("topic_arn", topic.attr("arn"))
      .set("protocol", "sqs")
      .set("endpoint", queue.attr("arn"));
  s.stack.add(Kind::resource, "aws_cloudwatch_metric_alarm", "cpu", s.west)
      .set("metric_name", "CPUUtilization")
      .set_json("alarm_actions", {topic.attr("arn").interpolated()});
  EXPECT_EQ(seen(check(s.stack), "RDHA-MON-007"),
            (std::vector<std::string>{"aws_sns_topic.alarms: Every subscriber of the topic in us-west-2 is a queue or "
                                      "function in us-east-1."}));
}

// ---- NET-009 ------------------------------------------------------------------------------

TEST(CheckFailoverRules, SecurityGroupsAreReferencedInTheirOwnRegionOnly) {
  Stack s = default_stack();
  auto rule = at(s, "aws_vpc_security_group_ingress_rule.dr_db_from_peer_2");
  rule.unset("cidr_ipv4");
  rule.set("referenced_security_group_id", at(s, "aws_security_group.primary_app").attr("id"));
  EXPECT_EQ(text_of(only(check(s), "RDHA-NET-009")),
            "error aws_vpc_security_group_ingress_rule.dr_db_from_peer_2\n"
                "The rule in us-west-2 references aws_security_group.primary_app in us-east-1.\n"
                "\"You can't reference the security group of a peer VPC that's in a different Region. Instead, use the "
                "CIDR block of the peer VPC\" (\"Update your security groups to reference peer security groups\", "
                "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html). Admit the peer's "
                "application subnets by CIDR (cidr_ipv4).");

  // The older rule resource and inline rules name groups too.
  Small small;
  auto east_group = small.stack.add(Kind::resource, "aws_security_group", "app", small.east);
  auto west_group = small.stack.add(Kind::resource, "aws_security_group", "db", small.west);
  small.stack.add(Kind::resource, "aws_security_group_rule", "from_app", small.west)
      .set("type", "ingress")
      .set("security_group_id", west_group.attr("id"))
      .set("source_security_group_id", east_group.attr("id"));
  west_group.set_json("ingress", nlohmann::json::array({{{"from_port", 5432},
                                                         {"to_port", 5432},
                                                         {"protocol", "tcp"},
                                                         {"security_groups", {east_group.attr("id").interpolated()}}}}));
  EXPECT_EQ(seen(check(small.stack), "RDHA-NET-009"),
            (std::vector<std::string>{
                "aws_security_group.db: The rule in us-west-2 references aws_security_group.app in us-east-1.",
                "aws_security_group_rule.from_app: The rule in us-west-2 references aws_security_group.app in us-east-1."}));
}

// ---- IAM-006 and the calls it reads ---------------------------------------------------------

TEST(CheckFailoverRules, TheRegionRunbooksCallsAreReadFromItsSteps) {
  const Stack s = default_stack();
  const auto documents = detail::automation_documents(s);
  ASSERT_EQ(documents.size(), 1u);
  ASSERT_TRUE(documents[0].role.has_value());
  EXPECT_EQ(s.resource(*documents[0].role).address.str(), "aws_iam_role.rds_operations");
  std::vector<std::string> calls;
  for (const auto& step : documents[0].steps)
    for (const auto& call : step.calls)
      calls.push_back(step.name + " " + call.action + " " + call.region + " " + detail::canonical_arn(s, call.resource));
  const std::string key = "arn:aws:kms:us-west-2:<account>:key/aws_kms_replica_key.dr";
  const std::string topic = "arn:aws:sns:us-west-2:<account>:dr-db-alarms-rdha";
  EXPECT_EQ(calls, (std::vector<std::string>{
                       "ConfirmRegionFailure rds:DescribeDbInstances us-east-1 arn:aws:rds:us-east-1:<account>:db:"
                       "primary-rdha",
                       "CheckDrReplica rds:DescribeDBInstances us-west-2 arn:aws:rds:us-west-2:<account>:db:"
                       "dr-replica-rdha",
                       "EstimateDataLoss cloudwatch:GetMetricData us-west-2 *",
                       "PageForApproval sns:Publish us-west-2 " + topic,
                       "PageForApproval kms:GenerateDataKey us-west-2 " + key,
                       "PageForApproval kms:Decrypt us-west-2 " + key,
                       "PromoteDrReplica rds:PromoteReadReplica us-west-2 arn:aws:rds:us-west-2:<account>:db:"
                       "dr-replica-rdha",
                       "WaitForNewWriter rds:DescribeDbInstances us-west-2 arn:aws:rds:us-west-2:<account>:db:"
                       "dr-replica-rdha",
                       "SwitchWriter cloudwatch:PutMetricData us-west-2 *",
                       "NotifyOperators sns:Publish us-west-2 " + topic,
                       "NotifyOperators kms:GenerateDataKey us-west-2 " + key,
                       "NotifyOperators kms:Decrypt us-west-2 " + key}));
  // The KMS calls go through SNS of the topic's region; the switch names its namespace.
  const auto step = [&](const std::string& name) {
    const auto& steps = documents[0].steps;
    return *std::find_if(steps.begin(), steps.end(), [&](const detail::AutomationStep& st) { return st.name == name; });
  };
  const auto notify = step("NotifyOperators");
  EXPECT_EQ(notify.calls[1].context,
            (std::map<std::string, std::string>{{"aws:RequestedRegion", "us-west-2"},
                                                {"kms:ViaService", "sns.us-west-2.amazonaws.com"}}));
  EXPECT_FALSE(notify.critical);
  EXPECT_EQ(notify.on_failure, "step:NotificationFailed");
  EXPECT_EQ(step("SwitchWriter").calls[0].context.at("cloudwatch:namespace"), "RDHA/Failover");
  // Steps without calls keep their place: the gates and the approval.
  EXPECT_EQ(step("ApprovePromotion").action, "aws:approve");
  EXPECT_TRUE(step("ApprovePromotion").calls.empty());
  EXPECT_EQ(documents[0].steps.size(), 13u);
}

TEST(CheckFailoverRules, EveryRunbookCallIsCheckedAgainstTheRolesPolicies) {
  // kms:Decrypt taken out of the encrypted-notification statement.
  Stack no_decrypt = default_stack();
  edit_statements(no_decrypt, "data.aws_iam_policy_document.rds_operations", [](nlohmann::json& statements) {
    statement_with_sid(statements, "EncryptedNotifications")["actions"] = {"kms:GenerateDataKey"};
  });
  const CheckReport decrypt = check(no_decrypt);
  const std::string key = "arn:aws:kms:us-west-2:<account>:key/aws_kms_replica_key.dr";
  EXPECT_EQ(seen(decrypt, "RDHA-IAM-006"),
            (std::vector<std::string>{
                "aws_ssm_document.region_failover: The runbook step PageForApproval calls kms:Decrypt on " + key +
                    ", which aws_iam_role.rds_operations may not (no statement allows it).",
                "aws_ssm_document.region_failover: The runbook step NotifyOperators calls kms:Decrypt on " + key +
                    ", which aws_iam_role.rds_operations may not (no statement allows it)."}));
  EXPECT_EQ(text_of(of_rule(decrypt, "RDHA-IAM-006").front()),
            "error aws_ssm_document.region_failover\n"
                "The runbook step PageForApproval calls kms:Decrypt on " + key +
                ", which aws_iam_role.rds_operations may not (no statement allows it).\n"
                "The step fails when it runs, possibly after the irreversible promotion. A publisher to an SSE-KMS topic "
                "needs kms:GenerateDataKey* and kms:Decrypt on its key (\"Key management\", "
                "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html). Allow kms:Decrypt on that resource "
                "in the role's policy (request context: aws:RequestedRegion=us-west-2, "
                "kms:ViaService=sns.us-west-2.amazonaws.com).");

  // The metric switch without cloudwatch:PutMetricData, or for another namespace.
  Stack other_namespace = default_stack();
  edit_statements(other_namespace, "data.aws_iam_policy_document.rds_operations_failover",
                  [](nlohmann::json& statements) {
                    statement_with_sid(statements, "SwitchWriter")["condition"][0]["values"] = {"Other"};
                  });
  EXPECT_EQ(text_of(only(check(other_namespace), "RDHA-IAM-006")),
            "error aws_ssm_document.region_failover\n"
                "The runbook step SwitchWriter calls cloudwatch:PutMetricData on *, which aws_iam_role.rds_operations may "
                "not (statement \"SwitchWriter\" of aws_iam_role_policy.rds_operations_failover covers it only when "
                "cloudwatch:namespace StringEquals Other).\n"
                "The step fails when it runs, possibly after the irreversible promotion. Allow cloudwatch:PutMetricData "
                "on that resource in the role's policy (request context: aws:RequestedRegion=us-west-2, "
                "cloudwatch:namespace=RDHA/Failover).");

  // The split-brain guard asks the primary region: a role limited to the DR region cannot.
  Stack dr_only = default_stack();
  edit_statements(dr_only, "data.aws_iam_policy_document.rds_operations", [](nlohmann::json& statements) {
    statement_with_sid(statements, "Observe")["condition"][0]["values"] = {"us-west-2"};
  });
  EXPECT_EQ(seen(check(dr_only), "RDHA-IAM-006"),
            (std::vector<std::string>{
                "aws_ssm_document.region_failover: The runbook step ConfirmRegionFailure calls "
                "rds:DescribeDbInstances on arn:aws:rds:us-east-1:<account>:db:primary-rdha, which "
                "aws_iam_role.rds_operations may not (statement \"Observe\" of aws_iam_role_policy.rds_operations "
                "covers it only when aws:RequestedRegion StringEquals us-west-2)."}));

  // An explicit Deny wins over the Allow.
  Stack denied = default_stack();
  edit_statements(denied, "data.aws_iam_policy_document.rds_operations_failover", [](nlohmann::json& statements) {
    statements.push_back({{"sid", "NoPromotion"},
                          {"effect", "Deny"},
                          {"actions", {"rds:PromoteReadReplica"}},
                          {"resources", {"*"}}});
  });
  EXPECT_EQ(seen(check(denied), "RDHA-IAM-006"),
            (std::vector<std::string>{
                "aws_ssm_document.region_failover: The runbook step PromoteDrReplica calls rds:PromoteReadReplica on "
                "arn:aws:rds:us-west-2:<account>:db:dr-replica-rdha, which aws_iam_role.rds_operations may not "
                "(denied by statement \"NoPromotion\" of aws_iam_role_policy.rds_operations_failover)."}));
}

// ---- FO-001 .. FO-008 ------------------------------------------------------------------------

TEST(CheckFailoverRules, TheWritersNameIsAPreProvisionedFailoverPair) {
  Stack s = default_stack();
  at(s, "aws_route53_record.writer_dr").set_json("failover_routing_policy", {{{"type", "PRIMARY"}}});
  EXPECT_EQ(text_of(only(check(s), "RDHA-FO-001")),
            "error aws_route53_record.writer\n"
                "The writer's DNS name has no pre-provisioned failover to aws_db_instance.dr_replica.\n"
                "Switching it after a region loss would need a record change, and record changes are Route 53's control "
                "plane, hosted in us-east-1 (\"Appendix B - Edge network global service guidance\", AWS Fault Isolation "
                "Boundaries, https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/"
                "appendix-b---edge-network-global-service-guidance.html); accelerated recovery covers public zones only. "
                "Make it a failover pair: PRIMARY on the writer with a health check, SECONDARY (same name, "
                "set_identifier) on the cross-region replica.");
}

TEST(CheckFailoverRules, NoRunbookStepCallsAControlPlane) {
  Stack s = default_stack();
  // A script step's boto3 calls count as much as an API step's.
  edit_steps(s, [](nlohmann::json& steps) {
    const nlohmann::json repoint = {
        {"name", "RepointWriter"},
        {"action", "aws:executeScript"},
        {"inputs",
         {{"Runtime", "python3.11"},
          {"Handler", "handler"},
          {"Script", "def handler(events, context):\n    import boto3\n    r53 = boto3.client('route53')\n"
                     "    r53.change_resource_record_sets(HostedZoneId='Z1', ChangeBatch={})\n"}}}};
    steps.insert(steps.end() - 1, repoint);
  });
  EXPECT_EQ(text_of(only(check(s), "RDHA-FO-002")),
            "error aws_ssm_document.region_failover\n"
                "The runbook step RepointWriter calls route53:ChangeResourceRecordSets, a control-plane action hosted in "
                "us-east-1.\n"
                "A recovery path must not need a control plane: Route 53's and IAM's live in us-east-1 and may be down in "
                "the very outage the runbook handles (\"REL11-BP04 Rely on the data plane and not the control plane "
                "during recovery\", https://docs.aws.amazon.com/wellarchitected/latest/framework/"
                "rel_withstand_component_failures_avoid_control_plane.html). Pre-provision the change (a failover record "
                "pair with a health check the runbook drives with a data-plane call such as cloudwatch:PutMetricData in "
                "the surviving region).");
}

TEST(CheckFailoverRules, TheWritersSwitchFollowsAnAlarmThatCanHoldIt) {
  const auto summaries_after = [](auto change) { return seen_after("RDHA-FO-003", change); };
  const auto check_of = [](Stack& s) { return at(s, "aws_route53_health_check.writer"); };
  const auto alarm_of = [](Stack& s) { return at(s, "aws_cloudwatch_metric_alarm.writer_failover"); };
  const std::string record = "aws_route53_record.writer: ";
  EXPECT_EQ(summaries_after([](Stack& s) { at(s, "aws_route53_record.writer").unset("health_check_id"); }),
            (std::vector<std::string>{record + "The writer's PRIMARY record has no health check: it never fails over."}));
  EXPECT_EQ(summaries_after([&](Stack& s) { check_of(s).set("type", "HTTPS"); }),
            (std::vector<std::string>{record + "The writer's health check aws_route53_health_check.writer does not "
                                               "follow a CloudWatch alarm."}));
  EXPECT_EQ(summaries_after([&](Stack& s) {
              check_of(s)
                  .set("cloudwatch_alarm_name", at(s, "aws_cloudwatch_metric_alarm.primary_cpu").attr("alarm_name"))
                  .set("cloudwatch_alarm_region", "us-east-1");
            }),
            (std::vector<std::string>{record + "The writer's switch alarm aws_cloudwatch_metric_alarm.primary_cpu is "
                                               "in the writer's own region us-east-1."}));
  EXPECT_EQ(summaries_after([&](Stack& s) { check_of(s).set("cloudwatch_alarm_region", "us-east-1"); }),
            (std::vector<std::string>{record + "The health check aws_route53_health_check.writer looks for its alarm "
                                               "in us-east-1, but aws_cloudwatch_metric_alarm.writer_failover is in "
                                               "us-west-2."}));
  EXPECT_EQ(summaries_after([&](Stack& s) { check_of(s).unset("insufficient_data_health_status"); }),
            (std::vector<std::string>{record + "The writer's health check aws_route53_health_check.writer does not "
                                               "keep its last status on insufficient data."}));
  EXPECT_EQ(summaries_after([&](Stack& s) { alarm_of(s).set("period", 10); }),
            (std::vector<std::string>{record + "The writer's switch alarm aws_cloudwatch_metric_alarm.writer_failover "
                                               "uses a period of 10 s (a high-resolution metric), which Route 53 does "
                                               "not support."}));
  EXPECT_EQ(summaries_after([&](Stack& s) { alarm_of(s).set("statistic", "p99"); }),
            (std::vector<std::string>{record + "The writer's switch alarm aws_cloudwatch_metric_alarm.writer_failover "
                                               "uses the statistic p99, which Route 53 does not support."}));
  EXPECT_EQ(summaries_after([&](Stack& s) {
              alarm_of(s).unset("statistic");
              alarm_of(s).set("extended_statistic", "p99");
            }),
            (std::vector<std::string>{record + "The writer's switch alarm aws_cloudwatch_metric_alarm.writer_failover "
                                               "uses no standard statistic (an extended statistic or a metric query), "
                                               "which Route 53 does not support."}));

  Stack held = default_stack();
  check_of(held).set("insufficient_data_health_status", "Unhealthy");
  EXPECT_EQ(text_of(only(check(held), "RDHA-FO-003")),
            "error aws_route53_record.writer\n"
                "The writer's health check aws_route53_health_check.writer does not keep its last status on "
                "insufficient data.\n"
                "Route 53 follows the alarm's data stream, not its state: once the switch's datapoint ages out the check "
                "takes insufficient_data_health_status, and only LastKnownStatus holds the switch (it also starts "
                "healthy); the alarm's treat_missing_data does not help (\"HealthCheckConfig\", "
                "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html). Set "
                "insufficient_data_health_status = \"LastKnownStatus\".");
}

TEST(CheckFailoverRules, ReadersLeaveDeadReplicasAndFallBackToTheOtherRegion) {
  const auto summaries_after = [](auto change) { return seen_after("RDHA-FO-004", change); };
  EXPECT_EQ(summaries_after([](Stack& s) { at(s, "aws_route53_record.reader_2").unset("health_check_id"); }),
            (std::vector<std::string>{"aws_route53_record.reader_2: The weighted database record has no health check."}));
  EXPECT_EQ(summaries_after([](Stack& s) {
              at(s, "aws_route53_record.reader_dr")
                  .set("health_check_id", at(s, "aws_route53_health_check.reader_1").attr("id"));
            }),
            (std::vector<std::string>{"aws_route53_record.reader_dr: The weight-0 record carries a health check."}));
  EXPECT_EQ(summaries_after([](Stack& s) {
              at(s, "aws_route53_health_check.reader_1").set("insufficient_data_health_status", "LastKnownStatus");
            }),
            (std::vector<std::string>{"aws_route53_record.reader_1: The reader's health check does not turn "
                                      "unhealthy when its metrics stop."}));
  EXPECT_EQ(summaries_after([](Stack& s) { at(s, "aws_route53_health_check.reader_2").set("type", "TCP"); }),
            (std::vector<std::string>{"aws_route53_record.reader_2: The reader's health check "
                                      "aws_route53_health_check.reader_2 does not follow a CloudWatch alarm."}));
  EXPECT_EQ(summaries_after([](Stack& s) {
              at(s, "aws_route53_health_check.reader_1").set("cloudwatch_alarm_region", "us-west-2");
            }),
            (std::vector<std::string>{"aws_route53_record.reader_1: The health check aws_route53_health_check.reader_1 "
                                      "looks for its alarm in us-west-2, but aws_cloudwatch_metric_alarm.reader_1 is "
                                      "in us-east-1."}));
  EXPECT_EQ(summaries_after([](Stack& s) {
              at(s, "aws_route53_record.reader_dr").set_json("weighted_routing_policy", {{{"weight", 1}}});
            }),
            (std::vector<std::string>{
                "aws_route53_record.reader_1: No weight-0 record on the cross-region replica backs the readers up.",
                "aws_route53_record.reader_2: No weight-0 record on the cross-region replica backs the readers up.",
                "aws_route53_record.reader_dr: The weighted database record has no health check."}));

  Stack s = default_stack();
  at(s, "aws_route53_record.reader_dr").set("health_check_id", at(s, "aws_route53_health_check.reader_1").attr("id"));
  EXPECT_EQ(text_of(only(check(s), "RDHA-FO-004")),
            "warning aws_route53_record.reader_dr\n"
                "The weight-0 record carries a health check.\n"
                "Route 53 answers weight-0 records when every other record is unhealthy, and a record without a check is "
                "always healthy; with a check that is unhealthy too, it answers the dead non-zero records instead "
                "(\"Weighted routing\", https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html; "
                "\"How Amazon Route 53 chooses records when health checking is configured\", "
                "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html). "
                "Remove the health check from the fallback record.");
}

TEST(CheckFailoverRules, ThePromotionWaitsForAPersonRatherThanRefusing) {
  Stack s = default_stack();
  // The approval after the promotion is too late.
  edit_steps(s, [](nlohmann::json& steps) {
    const auto approve = std::find_if(steps.begin(), steps.end(),
                                      [](const nlohmann::json& st) { return st.value("name", "") == "ApprovePromotion"; });
    const auto promote = std::find_if(steps.begin(), steps.end(),
                                      [](const nlohmann::json& st) { return st.value("name", "") == "PromoteDrReplica"; });
    std::iter_swap(approve, promote);
  });
  EXPECT_EQ(text_of(only(check(s), "RDHA-FO-005")),
            "warning aws_ssm_document.region_failover\n"
                "The runbook promotes without a way to ask a person first.\n"
                "Once the source region is gone the replica's lag grows one second per second, so a fixed lag limit "
                "refuses every real failover after a while (\"Working with read replicas for Amazon RDS for "
                "PostgreSQL\", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
                "USER_PostgreSQL.Replication.ReadReplicas.html). Estimate the data loss, promote at once only within a "
                "bound, and otherwise wait at an aws:approve step.");
}

TEST(CheckFailoverRules, NotificationsAfterThePromotionCannotFailIt) {
  const auto summaries_after = [](auto edit) {
    return seen_after("RDHA-FO-006", [&](Stack& s) { edit_steps(s, edit); });
  };
  const std::vector<std::string> notify = {
      "aws_ssm_document.region_failover: The notification step NotifyOperators can fail the completed failover."};
  // Critical by default.
  EXPECT_EQ(summaries_after([](nlohmann::json& steps) { step_named(steps, "NotifyOperators").erase("isCritical"); }),
            notify);
  // Not critical, but aborting.
  EXPECT_EQ(summaries_after([](nlohmann::json& steps) { step_named(steps, "NotifyOperators")["onFailure"] = "Abort"; }),
            notify);
  // Before the promotion a failed page may stop the run: nothing irreversible happened yet.
  EXPECT_TRUE(summaries_after([](nlohmann::json& steps) {
                step_named(steps, "PageForApproval")["isCritical"] = true;
              }).empty());

  Stack s = default_stack();
  edit_steps(s, [](nlohmann::json& steps) { step_named(steps, "NotifyOperators")["isCritical"] = true; });
  EXPECT_EQ(text_of(only(check(s), "RDHA-FO-006")),
            "error aws_ssm_document.region_failover\n"
                "The notification step NotifyOperators can fail the completed failover.\n"
                "Steps are critical by default: a failed critical step marks the execution Failed, and onFailure Abort "
                "stops it, though the irreversible promotion already happened (\"Using conditional statements in "
                "runbooks\", https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-branchdocs.html). "
                "Set isCritical false and onFailure Continue (or a step that reports the failed notification).");
}

const std::string kFo007Explanation =
    "If that metric switches the writer's DNS name, applications would reach a read-only replica (or a rebooting "
    "instance): right after PromoteReadReplica the instance may still report available as a replica, and RDS "
    "reboots it before making it available (\"Promoting a read replica to be a standalone DB instance\", "
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html). Publish it after a step "
    "that waits until the instance is available and has no ReadReplicaSourceDBInstanceIdentifier.";

TEST(CheckFailoverRules, TheWriterSwitchComesAfterThePromotedWriterIsAvailable) {
  const auto move_switch_before = [](const char* step) {
    Stack s = default_stack();
    edit_steps(s, [&](nlohmann::json& steps) {
      nlohmann::json switch_writer = step_named(steps, "SwitchWriter");
      steps.erase(std::remove_if(steps.begin(), steps.end(),
                                 [](const nlohmann::json& st) { return st.value("name", "") == "SwitchWriter"; }),
                  steps.end());
      const auto at_step = std::find_if(steps.begin(), steps.end(),
                                        [&](const nlohmann::json& st) { return st.value("name", "") == step; });
      steps.insert(at_step, switch_writer);
    });
    return check(s);
  };
  for (const char* step : {"WaitForNewWriter", "PromoteDrReplica", "CheckDrReplica"}) {
    EXPECT_EQ(text_of(only(move_switch_before(step), "RDHA-FO-007")),
              "error aws_ssm_document.region_failover\n"
                  "The runbook publishes a metric (step SwitchWriter) before it has seen the promotion take effect.\n" +
                  kFo007Explanation) << step;
  }
}

// A wait for "available" alone does not see the promotion: the replica reports available
// right after the promote call. The rule asks for the replication source to be gone.
TEST(CheckFailoverRules, WaitingForAvailableAloneIsNotWaitingForThePromotion) {
  Stack s = default_stack();
  edit_steps(s, [](nlohmann::json& steps) {
    nlohmann::json& wait = step_named(steps, "WaitForNewWriter");
    wait = {{"name", "WaitForNewWriter"},
            {"action", "aws:waitForAwsResourceProperty"},
            {"timeoutSeconds", 3600},
            {"inputs", step_named(steps, "CheckDrReplica")["inputs"]}};
  });
  EXPECT_EQ(text_of(only(check(s), "RDHA-FO-007")),
            "error aws_ssm_document.region_failover\n"
            "The runbook publishes a metric (step SwitchWriter) before it has seen the promotion take effect.\n" +
                kFo007Explanation);
  // A script that describes the instance but never looks at its replication source neither.
  Stack blind = default_stack();
  edit_steps(blind, [](nlohmann::json& steps) {
    std::string& script = step_named(steps, "WaitForNewWriter")["inputs"]["Script"].get_ref<std::string&>();
    for (std::size_t at; (at = script.find("ReadReplicaSourceDBInstanceIdentifier")) != std::string::npos;)
      script.replace(at, 37, "Endpoint");
  });
  EXPECT_EQ(of_rule(check(blind), "RDHA-FO-007").size(), 1u);
  EXPECT_TRUE(of_rule(check(default_stack()), "RDHA-FO-007").empty());
}

TEST(CheckFailoverRules, RemovedDatabasesAreForgottenNotDestroyed) {
  stack::HaStackSpec spec;
  spec.failover.state = stack::FailoverState::dr_promoted;
  Stack s = stack::build_ha_stack(spec);
  s.add_removed({"aws_db_instance.retired", true});
  s.add_removed({"aws_db_instance_automated_backups_replication.retired", true});
  s.add_removed({"aws_cloudwatch_metric_alarm.retired", true});  // not a database: destroying it loses nothing
  const CheckReport report = check(s);
  EXPECT_EQ(seen(report, "RDHA-FO-008"),
            (std::vector<std::string>{
                "aws_db_instance.retired: The removed block destroys a database resource.",
                "aws_db_instance_automated_backups_replication.retired: The removed block destroys a database "
                "resource."}));
  EXPECT_EQ(text_of(of_rule(report, "RDHA-FO-008").front()),
            "error aws_db_instance.retired\n"
                "The removed block destroys a database resource.\n"
                "A removed block with destroy = true deletes the object, which needs its region's API and loses data a "
                "failback may still need. Set lifecycle { destroy = false } (\"Remove a resource from state\", "
                "https://developer.hashicorp.com/terraform/language/state/remove).");
}

}  // namespace
}  // namespace rdha::analysis
