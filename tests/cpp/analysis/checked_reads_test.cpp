// The analyses read arguments by name; a misspelt name reads as "unset" and blinds a rule
// without a sound. Test builds check every name read against the provider schema facts of
// the resource's type: here the check itself, and every rule and drill run over the
// default stack and its variants with the check on, so a misspelt name fails the suite.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis_fixture.hpp"
#include "core/stack_view.hpp"
#include "rdha/analysis/drill.hpp"
#include "rdha/stack/ha_stack.hpp"

namespace rdha::analysis {
namespace {

using rdha::detail::arg;
using rdha::detail::arg_if_defined;
using rdha::detail::block_arg;

// The message a checked read throws, exactly.
std::string thrown_by(const std::function<void()>& read) {
  try {
    read();
  } catch (const std::logic_error& error) {
    return error.what();
  }
  return "(nothing thrown)";
}

TEST(CheckedReads, TestBuildsCheckTheNamesTheAnalysesRead) { EXPECT_TRUE(rdha::detail::reads_checked()); }

TEST(CheckedReads, AMisspeltArgumentNamesTheTypeAndTheKey) {
  Stack stack;
  const ProviderRef aws = stack.add_provider("aws", "us-east-1");
  auto db = stack.add(Kind::resource, "aws_db_instance", "main", aws);
  db.set("multi_az", true);
  const Resource& node = db.node();
  EXPECT_EQ(thrown_by([&] { arg(node, "multi_azz"); }),
            "analysis reads \"multi_azz\" of aws_db_instance.main, which its provider schema does not define");
  ASSERT_NE(arg(node, "multi_az"), nullptr);
  EXPECT_EQ(*arg(node, "multi_az"), true);
  EXPECT_EQ(arg(node, "storage_encrypted"), nullptr);  // defined, not set: unset
}

TEST(CheckedReads, AMisspeltKeyOfANestedBlockNamesTheBlock) {
  Stack stack;
  const ProviderRef aws = stack.add_provider("aws", "us-east-1");
  auto document = stack.add(Kind::data, "aws_iam_policy_document", "x", aws);
  document.add_block("statement", {{"sid", "Read"}, {"actions", {"s3:GetObject"}}});
  const Resource& node = document.node();
  const nlohmann::json& statement = node.arguments.at("statement").at(0);
  EXPECT_EQ(*block_arg(node, "statement", statement, "sid"), "Read");
  EXPECT_EQ(thrown_by([&] { block_arg(node, "statement", statement, "sidd"); }),
            "analysis reads \"sidd\" in block statement of data.aws_iam_policy_document.x, which its provider "
            "schema does not define");
  EXPECT_EQ(thrown_by([&] { block_arg(node, "statements", statement, "sid"); }),
            "analysis reads block statements of data.aws_iam_policy_document.x, which its provider schema does "
            "not define");
}

TEST(CheckedReads, ReadsOnAnyTypeSkipTypesWithoutTheArgument) {
  Stack stack;
  const ProviderRef aws = stack.add_provider("aws", "us-east-1");
  auto route = stack.add(Kind::resource, "aws_route", "r", aws);
  route.set("route_table_id", "rtb-1");
  EXPECT_EQ(arg_if_defined(route.node(), "availability_zone"), nullptr);
  EXPECT_EQ(thrown_by([&] { arg_if_defined(route.node(), "availabilty_zone"); }),
            "analysis reads \"availabilty_zone\" of aws_route.r, which no provider schema defines");
}

TEST(CheckedReads, TypesOutsideTheFactsAreNotChecked) {
  Stack stack;
  const ProviderRef other = stack.add_provider("other", "");
  auto thing = stack.add(Kind::resource, "other_thing", "x", other);
  thing.set("anything", 1);
  EXPECT_EQ(*arg(thing.node(), "anything"), 1);
  EXPECT_EQ(arg(thing.node(), "whatever"), nullptr);
}

// The default stack and variants that take the other branches of the modules (and so of
// the rules reading them).
std::vector<std::pair<std::string, stack::HaStackSpec>> variants() {
  std::vector<std::pair<std::string, stack::HaStackSpec>> out{{"defaults", {}}};
  const auto add = [&](std::string name, const std::function<void(stack::HaStackSpec&)>& change) {
    stack::HaStackSpec spec;
    change(spec);
    out.emplace_back(std::move(name), std::move(spec));
  };
  add("aws-managed keys", [](auto& s) { s.database.kms_mode = stack::KmsMode::aws_managed; });
  add("no DR replica", [](auto& s) { s.database.dr_replica.enabled = false; });
  add("automatic failover", [](auto& s) { s.failover.automatic = true; });
  add("no failover", [](auto& s) { s.failover.enabled = false; });
  add("ephemeral password", [](auto& s) { s.database.password_source = stack::PasswordSource::ephemeral; });
  add("RDS-managed password, single instance", [](auto& s) {
    s.database.password_source = stack::PasswordSource::rds_managed;
    s.database.replicas.clear();
    s.database.dr_replica.enabled = false;
  });
  add("existing app groups", [](auto& s) {
    s.security.create_app_security_groups = false;
    s.security.existing_app_security_group_ids.primary = {"sg-0123456789abcdef0"};
    s.security.existing_app_security_group_ids.dr = {"sg-11111111"};
  });
  add("monitoring off", [](auto& s) {
    s.monitoring.monitoring_interval = 0;
    s.monitoring.performance_insights_enabled = false;
  });
  add("pinned minor, final snapshot skipped, no backup replication", [](auto& s) {
    s.database.engine_version = "17.7";
    s.database.auto_minor_version_upgrade = false;
    s.database.skip_final_snapshot = true;
    s.database.automated_backups_replication = false;
  });
  add("replication migration", [](auto& s) {
    s.migration = {.enabled = true,
                   .method = stack::MigrationMethod::replication,
                   .phase = stack::MigrationPhase::replicate,
                   .source_identifier = "legacy-db",
                   .region = "us-east-1",
                   .vpc_id = "vpc-0123456789abcdef0",
                   .vpc_cidr = "172.31.0.0/16",
                   .security_group_id = "sg-0123456789abcdef0",
                   .engine_version = "13.15",
                   .size_gib = 100,
                   .source_route_table_ids = {"rtb-0123456789abcdef0"},
                   .source_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:legacy-db-AbCdEf",
                   .database_name = "legacy"};
  });
  add("io2 storage", [](auto& s) {
    s.database.storage_type = stack::StorageType::io2;
    s.database.iops = 3000;
  });
  return out;
}

// Every failure domain the stack has: each AZ of both regions and both regions (one it does
// not use is refused before anything is read).
std::vector<FailureDomain> domains(const stack::HaStackSpec& spec) {
  std::vector<FailureDomain> out;
  for (const stack::RegionSpec* region : {&spec.regions.primary, &spec.regions.dr}) {
    for (const auto& az : region->azs) out.push_back({FailureDomain::Kind::availability_zone, az});
    out.push_back({FailureDomain::Kind::region, region->name});
  }
  return out;
}

TEST(CheckedReads, EveryRuleAndDrillReadsOnlyNamesTheSchemaDefines) {
  const auto runs = [](const std::string& what, const std::function<void()>& analysis) {
    try {
      analysis();
    } catch (const std::exception& error) {
      ADD_FAILURE() << what << ": " << error.what();
    }
  };
  for (const auto& [name, spec] : variants()) {
    const Stack stack = stack::build_ha_stack(spec);
    runs(name + ", check", [&] {
      EXPECT_EQ(testing::check(stack).rules_run, RuleRegistry::builtin().rules().size());
    });
    for (const auto& domain : domains(spec))
      runs(name + ", drill " + domain.str(), [&] { simulate(stack, domain); });
  }
}

}  // namespace
}  // namespace rdha::analysis
