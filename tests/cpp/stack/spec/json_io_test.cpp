// Tests of HaStackSpec defaults and JSON in/out: round trip, partial merge over the
// defaults, and every input error (unknown keys, wrong types, malformed JSON) reported.
#include "rdha/stack/spec.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace rdha::stack {
namespace {

using nlohmann::json;

// The SpecError spec_from_json throws for @p config (fails the test if none).
SpecError error_for(const json& config) {
  try {
    spec_from_json(config);
  } catch (const SpecError& e) {
    return e;
  }
  ADD_FAILURE() << "no SpecError for " << config.dump();
  return SpecError::invalid({});
}

// The message of the only problem with @p subject.
std::string message_at(const SpecError& error, const std::string& subject) {
  std::vector<std::string> found;
  for (const auto& p : error.problems())
    if (p.subject == subject) found.push_back(p.message);
  EXPECT_EQ(found.size(), 1u) << "problems at " << subject << " in:\n" << error.what();
  return found.empty() ? std::string{} : found.front();
}

TEST(SpecDefaults, MatchTheDocumentedStack) {
  const HaStackSpec spec;
  EXPECT_EQ(spec.name_suffix, "-rdha");
  EXPECT_EQ(spec.regions.primary.name, "us-east-1");
  EXPECT_EQ(spec.regions.dr.name, "us-west-2");
  EXPECT_EQ(spec.regions.primary.vpc_cidr, "10.0.0.0/16");
  EXPECT_EQ(spec.regions.dr.private_subnets, (std::vector<std::string>{"10.1.3.0/24", "10.1.4.0/24"}));
  EXPECT_EQ(spec.database.engine_version, "17");
  EXPECT_TRUE(spec.database.auto_minor_version_upgrade);
  EXPECT_TRUE(spec.database.multi_az);
  EXPECT_EQ(spec.database.replicas.size(), 2u);
  EXPECT_NE(spec.database.replicas[0].az, spec.database.replicas[1].az);
  EXPECT_TRUE(spec.database.dr_replica.enabled);
  EXPECT_EQ(spec.database.password_source, PasswordSource::random);
  EXPECT_EQ(spec.database.password_length, 16);
  EXPECT_EQ(spec.database.kms_mode, KmsMode::customer_managed);
  EXPECT_EQ(spec.database.backup_retention_days, 7);
  EXPECT_EQ(spec.monitoring.monitoring_interval, 60);
  EXPECT_TRUE(spec.monitoring.performance_insights_enabled);
  EXPECT_EQ(parameter_group_family(spec.database), "postgres17");
}

TEST(SpecDefaults, ValidateClean) {
  EXPECT_EQ(validate(HaStackSpec{}).size(), 0u);
  EXPECT_NO_THROW(validate_or_throw(HaStackSpec{}));
}

TEST(SpecJson, EnumsAreWrittenByName) {
  const json j = to_json(HaStackSpec{});
  EXPECT_EQ(j["database"]["password_source"], "random");
  EXPECT_EQ(j["database"]["kms_mode"], "customer_managed");
  EXPECT_EQ(j["database"]["storage_type"], "gp3");
  EXPECT_EQ(j["database"]["replicas"][1], (json{{"name", "replica-2"}, {"az", "us-east-1b"}}));
}

TEST(SpecJson, RoundTripsTheDefaults) {
  const HaStackSpec defaults;
  EXPECT_EQ(spec_from_json(to_json(defaults)), defaults);
  EXPECT_EQ(spec_from_json_text(to_json(defaults).dump(2), "defaults.json"), defaults);
}

TEST(SpecJson, RoundTripsAChangedSpec) {
  HaStackSpec spec;
  spec.name_suffix = "-prod";
  spec.tags["Team"] = "data";
  spec.database.password_source = PasswordSource::ephemeral;
  spec.database.kms_mode = KmsMode::aws_managed;
  spec.database.replicas.push_back({"replica-3", "us-east-1a"});
  spec.database.parameters.extra["log_lock_waits"] = "1";
  spec.monitoring.alarms.cpu_percent = 87.5;
  spec.monitoring.notification_emails = {"oncall@example.com"};
  spec.monitoring.notification_endpoints.dr = {{"https", "https://hooks.example.com/rds"}};
  spec.security.existing_app_security_group_ids.dr = {"sg-0123456789abcdef0"};
  spec.security.terraform_principals = {"arn:aws:iam::123456789012:role/ci"};
  EXPECT_EQ(spec_from_json(to_json(spec)), spec);
}

TEST(SpecJson, EmptyObjectIsTheDefaults) { EXPECT_EQ(spec_from_json(json::object()), HaStackSpec{}); }

TEST(SpecJson, PartialConfigMergesOverTheDefaults) {
  const auto spec = spec_from_json(json::parse(R"({
    "database": {"instance_class": "db.r6g.xlarge", "parameters": {"max_connections": 2000}},
    "monitoring": {"alarms": {"cpu_percent": 70}}
  })"));
  HaStackSpec expected;
  expected.database.instance_class = "db.r6g.xlarge";
  expected.database.parameters.max_connections = 2000;
  expected.monitoring.alarms.cpu_percent = 70;
  EXPECT_EQ(spec, expected);
}

TEST(SpecJson, ArraysReplaceTheDefaultArray) {
  const auto spec = spec_from_json(json::parse(R"({
    "database": {"replicas": [{"name": "r-a", "az": "us-east-1b"}, {"name": "r-b", "az": "us-east-1a"},
                              {"name": "r-c", "az": "us-east-1b"}]}
  })"));
  ASSERT_EQ(spec.database.replicas.size(), 3u);
  EXPECT_EQ(spec.database.replicas[0], (ReplicaSpec{"r-a", "us-east-1b"}));
}

TEST(SpecJson, TagsMergeAndNullRemovesATag) {
  const auto spec = spec_from_json(json::parse(R"({"tags": {"Team": "data", "Environment": null}})"));
  EXPECT_EQ(spec.tags,
            (std::map<std::string, std::string>{{"ManagedBy", "rdha"}, {"Project", "rdha"}, {"Team", "data"}}));
}

TEST(SpecJson, NullResetsAFieldToItsDefault) {
  const auto spec = spec_from_json(json::parse(R"({"database": {"port": null, "replicas": null}})"));
  EXPECT_EQ(spec, HaStackSpec{});
}

TEST(SpecJson, UnknownKeySuggestsTheClosestKnownKey) {
  const auto error = error_for(json::parse(R"({"database": {"instnace_class": "db.r6g.xlarge"}})"));
  EXPECT_EQ(error.code(), "invalid");
  EXPECT_EQ(message_at(error, "database.instnace_class"),
            "is not a known key (value \"db.r6g.xlarge\"). Did you mean \"instance_class\"?");
  EXPECT_STREQ(error.what(),
               "[rdha.spec.invalid] (database.instnace_class) is not a known key (value \"db.r6g.xlarge\"). Did you "
               "mean \"instance_class\"?");
}

TEST(SpecJson, UnknownKeyWithoutNearMatchListsTheKnownKeys) {
  const auto error = error_for(json::parse(R"({"regions": {"primary": {"flavour": 1}}})"));
  EXPECT_EQ(message_at(error, "regions.primary.flavour"),
            "is not a known key (value 1). Known keys here: name, vpc_cidr, azs, public_subnets, private_subnets, enabled.");
}

TEST(SpecJson, UnknownKeysInsideArrayItemsAreFound) {
  const auto error = error_for(json::parse(R"({"database": {"replicas": [
      {"name": "r1", "az": "us-east-1a"}, {"name": "r2", "az": "us-east-1b", "zone": "x"}]}})"));
  EXPECT_EQ(message_at(error, "database.replicas[1].zone"),
            "is not a known key (value \"x\"). Known keys here: name, az.");
}

TEST(SpecJson, WrongTypesNameExpectedTypeAndValue) {
  const auto error = error_for(json::parse(R"({
    "name_suffix": 7,
    "tags": {"Team": 3},
    "regions": {"primary": {"azs": "us-east-1a"}},
    "database": {"port": "5432", "multi_az": "yes", "password_length": 16.5, "dr_replica": [],
                 "password_source": 1},
    "monitoring": {"alarms": {"cpu_percent": "high"}}
  })"));
  EXPECT_EQ(message_at(error, "name_suffix"), "must be a string, got 7.");
  EXPECT_EQ(message_at(error, "tags.Team"), "must be a string, got 3.");
  EXPECT_EQ(message_at(error, "regions.primary.azs"), "must be an array, got \"us-east-1a\".");
  EXPECT_EQ(message_at(error, "database.port"), "must be an integer, got \"5432\".");
  EXPECT_EQ(message_at(error, "database.multi_az"), "must be a boolean (true or false), got \"yes\".");
  EXPECT_EQ(message_at(error, "database.password_length"), "must be an integer, got 16.5.");
  EXPECT_EQ(message_at(error, "database.dr_replica"), "must be an object, got [].");
  EXPECT_EQ(message_at(error, "database.password_source"),
            "must be one of \"random\", \"ephemeral\", \"rds_managed\", got 1.");
  EXPECT_EQ(message_at(error, "monitoring.alarms.cpu_percent"), "must be a number, got \"high\".");
  EXPECT_EQ(error.problems().size(), 9u) << error.what();
}

TEST(SpecJson, EnumTypoSuggestsTheValue) {
  const auto error = error_for(json::parse(R"({"database": {"kms_mode": "customer-managed"}})"));
  EXPECT_EQ(message_at(error, "database.kms_mode"),
            "must be one of \"customer_managed\", \"aws_managed\", got \"customer-managed\". Did you mean "
            "\"customer_managed\"?");
}

TEST(SpecJson, IntegerOutOfRangeIsReported) {
  const auto error = error_for(json::parse(R"({"database": {"port": 99999999999}})"));
  EXPECT_EQ(message_at(error, "database.port"),
            "must be an integer between -2147483648 and 2147483647, got 99999999999.");
}

TEST(SpecJson, ArrayItemsNeedTheirRequiredKeys) {
  const auto error = error_for(json::parse(R"({"database": {"replicas": [{"name": "r1", "az": "us-east-1a"},
                                                                        {"name": "r2"}]}})"));
  // Only the missing key is reported, not also the empty default it left behind.
  EXPECT_EQ(message_at(error, "database.replicas[1].az"), "is required here and missing.");
}

TEST(SpecJson, RootMustBeAnObject) {
  const auto error = error_for(json::array({1}));
  EXPECT_STREQ(error.what(), "[rdha.spec.invalid] (config) must be a JSON object, got [1].");
}

TEST(SpecJson, ReadErrorsAndValidationProblemsAreReportedTogether) {
  const auto error = error_for(json::parse(R"({
    "database": {"port": "5432", "backup_retention_days": 40},
    "monitoring": {"monitoring_interval": 45}
  })"));
  ASSERT_EQ(error.problems().size(), 3u) << error.what();
  EXPECT_EQ(error.problems()[0].subject, "database.backup_retention_days");
  EXPECT_EQ(error.problems()[1].subject, "database.port");
  EXPECT_EQ(error.problems()[2].subject, "monitoring.monitoring_interval");
  EXPECT_EQ(std::string(error.what()).substr(0, 40), "[rdha.spec.invalid] 3 problems found:\n  ");
}

// A config written for the retired fields fails with the fix, not "unknown key" or a type error.
TEST(SpecJson, RetiredFieldsNameWhatReplacedThem) {
  const auto lag = error_for(json::parse(R"({"failover": {"max_replica_lag_seconds": 60}})"));
  ASSERT_EQ(lag.problems().size(), 1u) << lag.what();
  EXPECT_EQ(lag.code(), "invalid");
  EXPECT_EQ(message_at(lag, "failover.max_replica_lag_seconds"),
            "was replaced by failover.max_data_loss_seconds (value 60): the automation no longer refuses on the DR "
            "replica's last lag, which grows one second per second once the primary region is gone; it estimates "
            "the data loss and asks for approval above max_data_loss_seconds.");

  const auto endpoints = error_for(json::parse(R"({"monitoring": {"notification_endpoints": [
    {"protocol": "sms", "endpoint": "+15555550100"}]}})"));
  ASSERT_EQ(endpoints.problems().size(), 1u) << endpoints.what();
  EXPECT_EQ(message_at(endpoints, "monitoring.notification_endpoints"),
            "is a list ([{\"endpoint\":\"+15555550100\",\"protocol\":\"sms\"}]); it is per region now: "
            "{\"primary\": [...], \"dr\": [...]}. An SQS queue or Lambda function of the primary region cannot "
            "serve the DR region's topic while the primary region is down.");

  // Both at once; the per-region shape is read.
  const auto both = error_for(json::parse(R"({"failover": {"max_replica_lag_seconds": 30},
                                              "monitoring": {"notification_endpoints": []}})"));
  ASSERT_EQ(both.problems().size(), 2u) << both.what();
  const auto spec = spec_from_json(json::parse(R"({"monitoring": {"notification_endpoints": {
    "dr": [{"protocol": "sms", "endpoint": "+15555550100"}]}}})"));
  EXPECT_TRUE(spec.monitoring.notification_endpoints.primary.empty());
  EXPECT_EQ(spec.monitoring.notification_endpoints.dr,
            (std::vector<NotificationEndpoint>{{"sms", "+15555550100"}}));
}

TEST(SpecJsonText, MalformedJsonReportsLineAndColumn) {
  try {
    spec_from_json_text("{\n  \"database\": {\n    \"port\": 5432,,\n  }\n}", "stack.json");
    FAIL() << "no SpecError";
  } catch (const SpecError& e) {
    EXPECT_EQ(e.code(), "malformed_json");
    EXPECT_EQ(e.subject(), "stack.json");
    EXPECT_STREQ(e.what(),
                 "[rdha.spec.malformed_json] (stack.json) is not valid JSON at line 3, column 18: syntax error while "
                 "parsing object key - unexpected ','; expected string literal. Fix the syntax (compare with the "
                 "output of `rdha defaults`).");
  }
}

TEST(SpecJsonText, EmptyInputIsMalformedAtLineOne) {
  try {
    spec_from_json_text("", "<stdin>");
    FAIL() << "no SpecError";
  } catch (const SpecError& e) {
    EXPECT_EQ(e.code(), "malformed_json");
    EXPECT_NE(std::string(e.what()).find("at line 1, column 1: "), std::string::npos) << e.what();
  }
}

TEST(SpecJsonText, ErrorOnALaterLineCountsColumnsFromThatLine) {
  try {
    spec_from_json_text("{\n\"a\": tru\n}", "f.json");
    FAIL() << "no SpecError";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("at line 2, column "), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rdha::stack
