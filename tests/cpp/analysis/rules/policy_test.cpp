// The policy evaluator RDHA-IAM-006 relies on (src/analysis/rules/policy.hpp): Allow and
// Deny, action and resource matching with their case rules, the condition operators it
// evaluates, missing context keys, and what it does with an operator it does not know; and
// canonical_arn, which turns the stack's references into the ARNs the requests name.
#include <gtest/gtest.h>

#include "analysis/rules/policy.hpp"
#include "rdha/core/stack.hpp"

namespace rdha::analysis::detail {
namespace {

const std::string kTopic = "arn:aws:sns:us-west-2:<account>:alerts-rdha";

// A stack with one node of each type canonical_arn knows, and the data sources ARNs use.
struct PolicyFixture : ::testing::Test {
  Stack stack;
  ProviderRef east = stack.add_provider("aws", "us-east-1");
  ProviderRef west = stack.add_provider("aws", "us-west-2", "dr");

  PolicyFixture() {
    stack.add(Kind::data, "aws_partition", "current", east);
    stack.add(Kind::data, "aws_caller_identity", "current", east);
    stack.add(Kind::resource, "aws_sns_topic", "alerts", west).set("name", "alerts-rdha");
    stack.add(Kind::resource, "aws_kms_key", "west", west);
    stack.add(Kind::resource, "aws_iam_role", "ops", east).set("name", "ops-rdha").set("assume_role_policy", "{}");
    stack.add(Kind::resource, "aws_db_instance", "db", east).set("identifier", "db-rdha").set("instance_class", "db.t4g.micro");
    stack.add(Kind::resource, "aws_vpc", "main", east).set("cidr_block", "10.0.0.0/16");
  }

  /// The identity policy `{"Statement": [statements]}` as the stack's reader sees it.
  std::vector<FoundPolicy> policy(const std::string& statements) {
    const nlohmann::json text = "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
    auto document = read_policy(stack, &text);
    EXPECT_TRUE(document.has_value()) << statements;
    return {{"aws_iam_role_policy.ops", document.value_or(PolicyDocument{})}};
  }

  PolicyDecision decide(const std::string& statements, const std::string& action, const std::string& resource,
                        std::map<std::string, std::string> context = {}) {
    return evaluate(stack, policy(statements), {action, resource, std::move(context)});
  }

  /// The verdict on sns:Publish to kTopic under one condition and a request context.
  bool allowed_under(const std::string& condition, std::map<std::string, std::string> context) {
    return decide(R"({"Effect":"Allow","Action":"sns:Publish","Resource":"*","Condition":)" + condition + "}",
                  "sns:Publish", kTopic, std::move(context))
        .allowed;
  }
};

TEST_F(PolicyFixture, CanonicalArnsComeFromRegionsAndLiteralNames) {
  EXPECT_EQ(canonical_arn(stack, "${aws_sns_topic.alerts.arn}"), kTopic);
  EXPECT_EQ(canonical_arn(stack, "${aws_kms_key.west.arn}"), "arn:aws:kms:us-west-2:<account>:key/aws_kms_key.west");
  EXPECT_EQ(canonical_arn(stack, "${aws_iam_role.ops.arn}"), "arn:aws:iam::<account>:role/ops-rdha");
  EXPECT_EQ(canonical_arn(stack, "${aws_db_instance.db.arn}"), "arn:aws:rds:us-east-1:<account>:db:db-rdha");
  EXPECT_EQ(canonical_arn(stack, "arn:${data.aws_partition.current.partition}:sns:us-east-1:"
                                 "${data.aws_caller_identity.current.account_id}:*-rdha"),
            "arn:aws:sns:us-east-1:<account>:*-rdha");
  // Anything else stays a placeholder that matches only itself or a wildcard.
  EXPECT_EQ(canonical_arn(stack, "${aws_vpc.main.id}"), "<aws_vpc.main.id>");
  EXPECT_EQ(canonical_arn(stack, "${aws_sqs_queue.missing.arn}"), "<aws_sqs_queue.missing.arn>");
  EXPECT_EQ(canonical_arn(stack, "plain text"), "plain text");
}

TEST_F(PolicyFixture, AnAllowNeedsTheActionAndTheResource) {
  const std::string notify =
      R"({"Sid":"Notify","Effect":"Allow","Action":"sns:Publish","Resource":"arn:aws:sns:us-west-2:<account>:*-rdha"})";
  const auto allowed = decide(notify, "sns:Publish", kTopic);
  EXPECT_TRUE(allowed.allowed);
  EXPECT_EQ(allowed.because, "allowed by statement \"Notify\" of aws_iam_role_policy.ops");
  const auto other_region = decide(notify, "sns:Publish", "arn:aws:sns:us-east-1:<account>:alerts-rdha");
  EXPECT_FALSE(other_region.allowed);
  EXPECT_EQ(other_region.because, "no statement allows it");
  EXPECT_FALSE(decide(notify, "sns:Subscribe", kTopic).allowed);
  // A request on an unknown resource ("*") is allowed only by Resource "*".
  EXPECT_FALSE(decide(notify, "sns:Publish", "*").allowed);
  EXPECT_TRUE(decide(R"({"Effect":"Allow","Action":"sns:Publish","Resource":"*"})", "sns:Publish", "*").allowed);
}

TEST_F(PolicyFixture, ActionsMatchWithoutCaseAndResourcesWithCase) {
  const std::string statement =
      R"({"Effect":"Allow","Action":["sns:Pub*","rds:Describe?BInstances"],"Resource":"arn:aws:sns:us-west-2:<account>:alerts-*"})";
  EXPECT_TRUE(decide(statement, "SNS:PUBLISH", kTopic).allowed);
  EXPECT_TRUE(decide(statement, "rds:describedbinstances", kTopic).allowed);  // '?' is one character
  EXPECT_FALSE(decide(statement, "rds:DescribeDBBInstances", kTopic).allowed);
  EXPECT_FALSE(decide(statement, "sns:Publish", "arn:aws:sns:us-west-2:<account>:Alerts-rdha").allowed);
  // A '*' ending the resource matches across colons.
  EXPECT_TRUE(decide(R"({"Effect":"Allow","Action":"sns:Publish","Resource":"arn:aws:sns:*"})", "sns:Publish", kTopic)
                  .allowed);
}

TEST_F(PolicyFixture, AnExplicitDenyWinsWhereverItStands) {
  const std::string allow = R"({"Sid":"All","Effect":"Allow","Action":"sns:*","Resource":"*"})";
  const std::string deny = R"({"Sid":"NoPublish","Effect":"Deny","Action":"sns:Publish","Resource":")" + kTopic + "\"}";
  for (const auto& statements : {allow + "," + deny, deny + "," + allow}) {
    const auto decision = decide(statements, "sns:Publish", kTopic);
    EXPECT_FALSE(decision.allowed) << statements;
    EXPECT_EQ(decision.because, "denied by statement \"NoPublish\" of aws_iam_role_policy.ops");
  }
  EXPECT_TRUE(decide(allow + "," + deny, "sns:Subscribe", kTopic).allowed);
  // Across policies too.
  auto policies = policy(allow);
  const auto more = policy(deny);
  policies.insert(policies.end(), more.begin(), more.end());
  EXPECT_FALSE(evaluate(stack, policies, {"sns:Publish", kTopic, {}}).allowed);
}

TEST_F(PolicyFixture, NotActionAndNotResourceExclude) {
  const std::string not_iam = R"({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})";
  EXPECT_TRUE(decide(not_iam, "sns:Publish", kTopic).allowed);
  EXPECT_FALSE(decide(not_iam, "iam:PassRole", "*").allowed);
  const std::string only_alerts = R"({"Effect":"Allow","Action":"sns:Publish","Resource":"*"},)"
                                  R"({"Sid":"OthersClosed","Effect":"Deny","Action":"sns:Publish","NotResource":")" +
                                  kTopic + "\"}";
  EXPECT_TRUE(decide(only_alerts, "sns:Publish", kTopic).allowed);
  EXPECT_EQ(decide(only_alerts, "sns:Publish", "arn:aws:sns:us-west-2:<account>:other").because,
            "denied by statement \"OthersClosed\" of aws_iam_role_policy.ops");
}

TEST_F(PolicyFixture, StringOperatorsAndTheirCase) {
  const std::map<std::string, std::string> dr{{"kms:ViaService", "sns.us-west-2.amazonaws.com"}};
  const std::map<std::string, std::string> upper{{"kms:ViaService", "SNS.US-WEST-2.amazonaws.com"}};
  EXPECT_TRUE(allowed_under(R"({"StringEquals":{"kms:ViaService":"sns.us-west-2.amazonaws.com"}})", dr));
  EXPECT_FALSE(allowed_under(R"({"StringEquals":{"kms:ViaService":"sns.us-west-2.amazonaws.com"}})", upper));
  EXPECT_TRUE(allowed_under(R"({"StringEqualsIgnoreCase":{"kms:ViaService":"sns.us-west-2.amazonaws.com"}})", upper));
  EXPECT_FALSE(allowed_under(R"({"StringEqualsIgnoreCase":{"kms:ViaService":"sns.*.amazonaws.com"}})", dr));
  EXPECT_TRUE(allowed_under(R"({"StringLike":{"kms:ViaService":"sns.*.amazonaws.com"}})", dr));
  EXPECT_FALSE(allowed_under(R"({"StringLike":{"kms:ViaService":"SNS.*"}})", dr));
  EXPECT_TRUE(allowed_under(R"({"StringNotEquals":{"kms:ViaService":"sns.us-east-1.amazonaws.com"}})", dr));
  EXPECT_FALSE(allowed_under(R"({"StringNotLike":{"kms:ViaService":"sns.*"}})", dr));
  EXPECT_TRUE(allowed_under(R"({"StringNotEqualsIgnoreCase":{"kms:ViaService":"sns.us-east-1.amazonaws.com"}})", upper));
  // Values of one key are alternatives; several keys must all hold.
  EXPECT_TRUE(allowed_under(R"({"StringEquals":{"kms:ViaService":["sns.us-east-1.amazonaws.com",)"
                            R"("sns.us-west-2.amazonaws.com"]}})",
                            dr));
  EXPECT_FALSE(allowed_under(R"({"StringEquals":{"kms:ViaService":"sns.us-west-2.amazonaws.com",)"
                             R"("aws:RequestedRegion":"us-west-2"}})",
                             dr));
}

TEST_F(PolicyFixture, ReferencesInAPolicyDocumentAreComparedAsArns) {
  // A data.aws_iam_policy_document keeps the stack's references in its blocks.
  auto document = stack.add(Kind::data, "aws_iam_policy_document", "ops", east);
  document.add_block("statement", {{"effect", "Allow"},
                                   {"actions", {"kms:Decrypt"}},
                                   {"resources", {"${aws_kms_key.west.arn}"}},
                                   {"condition", {{{"test", "ArnEquals"},
                                                   {"variable", "aws:SourceArn"},
                                                   {"values", {"${aws_sns_topic.alerts.arn}"}}}}}});
  const nlohmann::json reference = "${data.aws_iam_policy_document.ops.json}";
  const auto read = read_policy(stack, &reference);
  ASSERT_TRUE(read.has_value());
  const std::vector<FoundPolicy> policies = {{"aws_iam_role_policy.ops", *read}};
  const std::string key = "arn:aws:kms:us-west-2:<account>:key/aws_kms_key.west";
  EXPECT_TRUE(evaluate(stack, policies, {"kms:Decrypt", key, {{"aws:SourceArn", kTopic}}}).allowed);
  EXPECT_FALSE(evaluate(stack, policies, {"kms:Decrypt", key, {{"aws:SourceArn", kTopic + "-other"}}}).allowed);
  EXPECT_FALSE(evaluate(stack, policies,
                        {"kms:Decrypt", "arn:aws:kms:us-east-1:<account>:key/other", {{"aws:SourceArn", kTopic}}})
                   .allowed);
}

TEST_F(PolicyFixture, ArnOperatorsMatchEachComponentWithCase) {
  const std::map<std::string, std::string> source{{"aws:SourceArn", kTopic}};
  EXPECT_TRUE(allowed_under(R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:<account>:alerts-*"}})", source));
  EXPECT_TRUE(allowed_under(R"({"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-west-?:<account>:alerts-rdha"}})", source));
  // A '*' stays inside its component: it does not stand for the region and the account.
  EXPECT_FALSE(allowed_under(R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:alerts-rdha"}})", source));
  EXPECT_FALSE(allowed_under(R"({"ArnLike":{"aws:SourceArn":"arn:aws:SNS:*:<account>:alerts-rdha"}})", source));
  EXPECT_TRUE(allowed_under(R"({"ArnNotLike":{"aws:SourceArn":"arn:aws:sqs:*:*:*"}})", source));
  EXPECT_FALSE(allowed_under(R"({"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:*:*:*"}})", source));
}

TEST_F(PolicyFixture, BoolComparesTheText) {
  EXPECT_TRUE(allowed_under(R"({"Bool":{"aws:SecureTransport":"true"}})", {{"aws:SecureTransport", "true"}}));
  EXPECT_FALSE(allowed_under(R"({"Bool":{"aws:SecureTransport":"true"}})", {{"aws:SecureTransport", "false"}}));
}

TEST_F(PolicyFixture, AMissingContextKeyFailsExceptWhereIamSaysOtherwise) {
  const std::map<std::string, std::string> none;
  const auto missing = decide(R"({"Sid":"Via","Effect":"Allow","Action":"sns:Publish","Resource":"*",)"
                              R"("Condition":{"StringEquals":{"kms:ViaService":"sns.us-west-2.amazonaws.com"}}})",
                              "sns:Publish", kTopic);
  EXPECT_FALSE(missing.allowed);
  EXPECT_EQ(missing.because,
            "statement \"Via\" of aws_iam_role_policy.ops covers it only when kms:ViaService StringEquals "
            "sns.us-west-2.amazonaws.com");
  EXPECT_FALSE(allowed_under(R"({"StringLike":{"kms:ViaService":"*"}})", none));
  EXPECT_FALSE(allowed_under(R"({"ArnLike":{"aws:SourceArn":"*"}})", none));
  // A negated operator holds when the key is absent.
  EXPECT_TRUE(allowed_under(R"({"StringNotEquals":{"kms:ViaService":"sns.us-east-1.amazonaws.com"}})", none));
  EXPECT_TRUE(allowed_under(R"({"ArnNotLike":{"aws:SourceArn":"arn:aws:sqs:*:*:*"}})", none));
  // ...IfExists holds without the key and tests it when present.
  EXPECT_TRUE(allowed_under(R"({"StringEqualsIfExists":{"kms:ViaService":"sns.us-west-2.amazonaws.com"}})", none));
  EXPECT_FALSE(allowed_under(R"({"StringEqualsIfExists":{"kms:ViaService":"sns.us-west-2.amazonaws.com"}})",
                             {{"kms:ViaService", "rds.us-west-2.amazonaws.com"}}));
  // ForAnyValue needs the key; ForAllValues holds without it.
  EXPECT_FALSE(allowed_under(R"({"ForAnyValue:StringEquals":{"aws:TagKeys":"team"}})", none));
  EXPECT_TRUE(allowed_under(R"({"ForAnyValue:StringEquals":{"aws:TagKeys":"team"}})", {{"aws:TagKeys", "team"}}));
  EXPECT_TRUE(allowed_under(R"({"ForAllValues:StringEquals":{"aws:TagKeys":"team"}})", none));
  EXPECT_FALSE(allowed_under(R"({"ForAllValues:StringEquals":{"aws:TagKeys":"team"}})", {{"aws:TagKeys", "owner"}}));
}

TEST_F(PolicyFixture, AnOperatorRdhaDoesNotEvaluateNeverAllowsAndAlwaysDenies) {
  const std::map<std::string, std::string> time{{"aws:CurrentTime", "2026-01-01T00:00:00Z"}};
  const auto allow = decide(R"({"Sid":"Before","Effect":"Allow","Action":"sns:Publish","Resource":"*",)"
                            R"("Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}})",
                            "sns:Publish", kTopic, time);
  EXPECT_FALSE(allow.allowed);
  EXPECT_EQ(allow.because,
            "statement \"Before\" of aws_iam_role_policy.ops covers it under a condition rdha cannot evaluate: "
            "aws:CurrentTime DateLessThan 2030-01-01T00:00:00Z");
  EXPECT_FALSE(allowed_under(R"({"NumericLessThan":{"s3:max-keys":"10"}})", {}));
  const auto deny = decide(R"({"Effect":"Allow","Action":"sns:Publish","Resource":"*"},)"
                           R"({"Sid":"Late","Effect":"Deny","Action":"sns:Publish","Resource":"*",)"
                           R"("Condition":{"DateGreaterThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}})",
                           "sns:Publish", kTopic, time);
  EXPECT_FALSE(deny.allowed);
  EXPECT_EQ(deny.because,
            "denied by statement \"Late\" of aws_iam_role_policy.ops, under a condition rdha cannot evaluate "
            "(aws:CurrentTime DateGreaterThan 2030-01-01T00:00:00Z)");
  // A Deny whose evaluated condition does not hold lets the Allow stand.
  EXPECT_TRUE(decide(R"({"Effect":"Allow","Action":"sns:Publish","Resource":"*"},)"
                     R"({"Effect":"Deny","Action":"sns:Publish","Resource":"*",)"
                     R"("Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}})",
                     "sns:Publish", kTopic, {{"aws:RequestedRegion", "us-west-2"}})
                  .allowed);
}

TEST_F(PolicyFixture, ActionPatternsForTheRules) {
  EXPECT_TRUE(action_matches("route53:Change*", "route53:ChangeResourceRecordSets"));
  EXPECT_TRUE(action_matches("iam:*", "IAM:PutRolePolicy"));
  EXPECT_FALSE(action_matches("route53:Change*", "route53:GetChange"));
}

}  // namespace
}  // namespace rdha::analysis::detail
