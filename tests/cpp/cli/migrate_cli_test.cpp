// `rdha migrate` and the migration section's bad input through the CLI: each refused with
// exit 2, the field and the value on stderr, and nothing written by synth.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../testing/run_command.hpp"

namespace rdha {
namespace {

using testing::run_cli;
using testing::ScratchDir;
namespace fs = std::filesystem;

nlohmann::json migration(nlohmann::json overrides = nlohmann::json::object()) {
  nlohmann::json m = {{"enabled", true},
                      {"source_identifier", "legacy-db"},
                      {"region", "us-east-1"},
                      {"vpc_id", "vpc-0123456789abcdef0"},
                      {"vpc_cidr", "172.31.0.0/16"},
                      {"security_group_id", "sg-0123456789abcdef0"},
                      {"engine_version", "13.15"},
                      {"size_gib", 200}};
  m.merge_patch(overrides);
  return {{"database", {{"allocated_storage", 200}}}, {"migration", m}};
}

nlohmann::json replication(nlohmann::json overrides = nlohmann::json::object()) {
  nlohmann::json m = {{"method", "replication"},
                      {"phase", "replicate"},
                      {"source_route_table_ids", {"rtb-0123456789abcdef0"}},
                      {"source_secret_arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:legacy-db-AbCdEf"},
                      {"database_name", "legacy"}};
  m.merge_patch(overrides);
  return migration(m);
}

std::string write_spec(const ScratchDir& scratch, const nlohmann::json& spec) {
  const fs::path path = scratch.path() / "spec.json";
  std::ofstream(path) << spec.dump();
  return path.string();
}

TEST(CliMigrate, PrintsTheRunbookAsText) {
  ScratchDir scratch("migrate-text");
  const auto result = run_cli("migrate --config " + write_spec(scratch, migration()));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Migration runbook: legacy-db into primary-rdha (method snapshot)"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("$ aws rds modify-db-snapshot --region us-east-1"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Estimated downtime: 157 minutes"), std::string::npos) << result.out;
}

TEST(CliMigrate, JsonCarriesTheEnvelopeAndMarksEachLine) {
  ScratchDir scratch("migrate-json");
  const auto result = run_cli("migrate --format json --config " + write_spec(scratch, migration()));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto out = nlohmann::json::parse(result.out);
  EXPECT_TRUE(out.contains("spec_hash")) << result.out;
  EXPECT_EQ(out["method"], "snapshot");
  for (const auto& step : out["steps"])
    for (const auto& command : step["commands"]) {
      const std::string kind = command["kind"];
      EXPECT_TRUE(kind == "aws-cli" || kind == "sql" || kind == "terraform" || kind == "rdha") << kind;
    }
}

TEST(CliMigrate, PrintsTheReplicationRunbook) {
  ScratchDir scratch("migrate-replication");
  const std::string config = write_spec(scratch, replication());
  const auto text = run_cli("migrate --config " + config);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("(method replication)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("$ aws dms start-replication-task --region us-east-1"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Estimated downtime: 15 minutes"), std::string::npos) << text.out;
  const auto json = run_cli("migrate --format json --config " + config);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto out = nlohmann::json::parse(json.out);
  EXPECT_EQ(out["method"], "replication");
  for (const auto& step : out["steps"])
    for (const auto& command : step["commands"]) {
      const std::string kind = command["kind"];
      EXPECT_TRUE(kind == "aws-cli" || kind == "sql" || kind == "terraform" || kind == "rdha" || kind == "tool")
          << kind;
    }
}

TEST(CliMigrate, WithoutAMigrationExitsTwo) {
  ScratchDir scratch("migrate-off");
  const auto result = run_cli("migrate --config " + write_spec(scratch, nlohmann::json::object()));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("migration.enabled"), std::string::npos) << result.err;
}

struct BadInput {
  const char* name;
  nlohmann::json spec;
  const char* field;
  const char* value;
};

TEST(CliMigrate, BadInputExitsTwoNamingFieldAndValueAndWritesNothing) {
  const BadInput cases[] = {
      {"overlapping cidr", migration({{"vpc_cidr", "10.0.0.0/16"}}), "migration.vpc_cidr", "\"10.0.0.0/16\""},
      {"overlapping dr cidr", migration({{"vpc_cidr", "10.1.0.0/20"}}), "migration.vpc_cidr", "\"10.1.0.0/20\""},
      {"malformed cidr", migration({{"vpc_cidr", "172.31.0.0/40"}}), "migration.vpc_cidr", "\"172.31.0.0/40\""},
      {"malformed vpc", migration({{"vpc_id", "vpc-nothex"}}), "migration.vpc_id", "\"vpc-nothex\""},
      {"malformed sg", migration({{"security_group_id", "sg-1"}}), "migration.security_group_id", "\"sg-1\""},
      {"malformed source", migration({{"source_identifier", "legacy_db"}}), "migration.source_identifier",
       "\"legacy_db\""},
      {"no upgrade path", migration({{"engine_version", "9.6"}}), "migration.engine_version", "\"9.6\""},
      {"missing source", migration({{"source_identifier", nullptr}}), "migration.source_identifier", "is empty"},
      {"missing size", migration({{"size_gib", nullptr}}), "migration.size_gib", "is 0"},
      {"unsupported method", migration({{"method", "logical"}}), "migration.method", "\"logical\""},
      {"replication: overlapping cidr", replication({{"vpc_cidr", "10.0.0.0/12"}}), "migration.vpc_cidr",
       "\"10.0.0.0/12\""},
      {"replication: other region", replication({{"region", "eu-west-1"}}), "migration.region", "\"eu-west-1\""},
      {"replication: no dms path", replication({{"engine_version", "8.4"}}), "migration.engine_version", "\"8.4\""},
      {"replication: dms too old", replication({{"dms", {{"engine_version", "3.5.3"}}}}), "migration.dms.engine_version",
       "\"3.5.3\""},
      {"replication: no security group", replication({{"security_group_id", ""}}), "migration.security_group_id",
       "is empty"},
      {"replication: no route tables", replication({{"source_route_table_ids", nlohmann::json::array()}}),
       "migration.source_route_table_ids", "is empty"},
      {"replication: snapshot phase", replication({{"phase", "copy"}}), "migration.phase", "\"copy\""},
  };
  for (const auto& c : cases) {
    ScratchDir scratch("migrate-bad");
    const std::string config = write_spec(scratch, c.spec);
    const fs::path out = scratch.path() / "out";
    const auto synth = run_cli("synth --config " + config + " --out " + out.string());
    EXPECT_EQ(synth.exit_code, 2) << c.name << "\n" << synth.err;
    EXPECT_NE(synth.err.find(c.field), std::string::npos) << c.name << "\n" << synth.err;
    EXPECT_NE(synth.err.find(c.value), std::string::npos) << c.name << "\n" << synth.err;
    EXPECT_TRUE(!fs::exists(out) || fs::is_empty(out)) << c.name;
    const auto migrate = run_cli("migrate --config " + config);
    EXPECT_EQ(migrate.exit_code, 2) << c.name;
    EXPECT_TRUE(migrate.out.empty()) << c.name << "\n" << migrate.out;
  }
}

// The copy phase has no database: a drill says so and exits 2; from the restore phase on it
// drills the restored stack.
TEST(CliMigrate, DrillOfTheCopyPhaseSaysThereIsNoDatabaseYet) {
  ScratchDir scratch("migrate-drill");
  const auto copying = run_cli("drill --fail region:us-east-1 --config " + write_spec(scratch, migration()));
  EXPECT_EQ(copying.exit_code, 2) << copying.out << copying.err;
  EXPECT_NE(copying.err.find("(migration.phase) is \"copy\": the stack has no database yet in phase copy"),
            std::string::npos)
      << copying.err;
  EXPECT_EQ(copying.out, "");
  const auto restored =
      run_cli("drill --fail region:us-east-1 --config " + write_spec(scratch, migration({{"phase", "restore"}})));
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
}

TEST(CliMigrate, UnsupportedMethodListsTheSupportedOnes) {
  ScratchDir scratch("migrate-method");
  const auto result = run_cli("migrate --config " + write_spec(scratch, migration({{"method", "logical"}})));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("\"snapshot\""), std::string::npos) << result.err;
}

}  // namespace
}  // namespace rdha
