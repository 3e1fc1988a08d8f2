// The security module: the DB group admits only the PostgreSQL port, from the app tier of
// its region by group and from the peer region's application subnets by CIDR; the DB groups
// have no egress rules, the app groups reach only the databases of both regions on that
// port; nothing is open to the world and every group and rule is described.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rdha/emit/tf_json.hpp"
#include "rdha/stack/modules.hpp"
#include "testing/module_stack.hpp"

namespace rdha::stack {
namespace {

using testing::build_modules;
using testing::Module;
using testing::ModuleStack;

std::unique_ptr<ModuleStack> build(const HaStackSpec& spec = {}) { return build_modules(spec, Module::security); }

const std::vector<std::string> kRuleTypes{"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"};

// A region the user adds beside the two: the DB group admits the existing groups its own
// context names, whatever the spec lists for the stack's regions.
TEST(SecurityGroups, AUsersRegionAdmitsTheExistingGroupsOfItsContext) {
  HaStackSpec spec;
  spec.security.create_app_security_groups = false;
  spec.security.existing_app_security_group_ids.primary = {"sg-0123456789abcdef0"};
  auto s = build(spec);
  const RegionSpec eu_spec{"eu-west-1", "10.9.0.0/16", {"eu-west-1a", "eu-west-1b"}, {"10.9.0.0/24", "10.9.1.0/24"},
                           {"10.9.10.0/24", "10.9.11.0/24"}};
  const RegionContext eu{"eu", RegionRole::dr, s->stack.add_provider("aws", "eu-west-1", "eu"), &eu_spec,
                         Names(spec).region("eu"), {"sg-33333333"}, eu_spec.private_subnets};
  const RegionNetwork eu_network = build_network(s->stack, spec, eu, std::nullopt);
  build_security_groups(s->stack, spec, eu_network, &*s->primary_network);
  EXPECT_EQ(s->args("aws_security_group.eu_db")["name"], "eu-db-sg-rdha");
  EXPECT_EQ(s->args("aws_vpc_security_group_ingress_rule.eu_db_from_existing_1")["referenced_security_group_id"],
            "sg-33333333");
  EXPECT_FALSE(s->has("aws_vpc_security_group_ingress_rule.eu_db_from_existing_2"));
}

TEST(SecurityGroups, DbGroupAdmitsOnlyThePostgresPortFromTheAppGroup) {
  auto s = build();
  EXPECT_EQ(s->of_type("aws_vpc_security_group_ingress_rule"),
            (std::vector<std::string>{"aws_vpc_security_group_ingress_rule.primary_db_from_app",
                                      "aws_vpc_security_group_ingress_rule.primary_db_from_peer_1",
                                      "aws_vpc_security_group_ingress_rule.primary_db_from_peer_2",
                                      "aws_vpc_security_group_ingress_rule.dr_db_from_app",
                                      "aws_vpc_security_group_ingress_rule.dr_db_from_peer_1",
                                      "aws_vpc_security_group_ingress_rule.dr_db_from_peer_2"}));
  const auto& rule = s->args("aws_vpc_security_group_ingress_rule.primary_db_from_app");
  EXPECT_EQ(rule["security_group_id"], "${aws_security_group.primary_db.id}");
  EXPECT_EQ(rule["referenced_security_group_id"], "${aws_security_group.primary_app.id}");
  EXPECT_EQ(rule["ip_protocol"], "tcp");
  EXPECT_EQ(rule["from_port"], 5432);
  EXPECT_EQ(rule["to_port"], 5432);
  EXPECT_FALSE(rule.contains("cidr_ipv4"));
  EXPECT_FALSE(rule.contains("cidr_ipv6"));
  EXPECT_FALSE(rule.contains("prefix_list_id"));
  EXPECT_EQ(s->args("aws_vpc_security_group_ingress_rule.dr_db_from_app")["referenced_security_group_id"],
            "${aws_security_group.dr_app.id}");
}

// After a failover the writer is in the other region: each DB group admits the peer
// region's application subnets, by CIDR (a group in another region cannot be referenced).
// By default those are the peer's private subnets.
TEST(SecurityGroups, DbGroupAdmitsThePeerRegionsAppSubnetsByCidr) {
  auto s = build();
  const std::pair<const char*, std::vector<std::string>> expected[] = {
      {"primary", {"10.1.3.0/24", "10.1.4.0/24"}}, {"dr", {"10.0.3.0/24", "10.0.4.0/24"}}};
  for (const auto& [key, cidrs] : expected) {
    const std::string peer = std::string(key) == "primary" ? "us-west-2" : "us-east-1";
    for (std::size_t i = 0; i < cidrs.size(); ++i) {
      const std::string address =
          "aws_vpc_security_group_ingress_rule." + std::string(key) + "_db_from_peer_" + std::to_string(i + 1);
      EXPECT_EQ(s->args(address),
                (nlohmann::json{{"security_group_id", "${aws_security_group." + std::string(key) + "_db.id}"},
                                {"cidr_ipv4", cidrs[i]},
                                {"ip_protocol", "tcp"},
                                {"from_port", 5432},
                                {"to_port", 5432},
                                {"description", "PostgreSQL 5432 from the application subnet " + cidrs[i] + " of " +
                                                    peer + " (peered VPC)"}}))
          << address;
      EXPECT_EQ(s->stack.find(address)->node().provider, std::string(key) == "primary" ? "aws" : "aws.dr");
    }
  }
}

TEST(SecurityGroups, CrossRegionAppCidrsReplaceThePeersPrivateSubnets) {
  HaStackSpec spec;
  spec.security.cross_region_app_cidrs.primary = {"10.0.8.0/24"};
  auto s = build(spec);
  // The primary region's app subnets are admitted by the DR region's database ...
  EXPECT_EQ(s->args("aws_vpc_security_group_ingress_rule.dr_db_from_peer_1")["cidr_ipv4"], "10.0.8.0/24");
  EXPECT_FALSE(s->has("aws_vpc_security_group_ingress_rule.dr_db_from_peer_2"));
  // ... while the DR region's stay its private subnets.
  EXPECT_EQ(s->args("aws_vpc_security_group_ingress_rule.primary_db_from_peer_1")["cidr_ipv4"], "10.1.3.0/24");
  EXPECT_EQ(s->args("aws_vpc_security_group_ingress_rule.primary_db_from_peer_2")["cidr_ipv4"], "10.1.4.0/24");
}

TEST(SecurityGroups, GroupsAreNamedTaggedAndInTheirRegionsVpc) {
  auto s = build();
  const auto& db = s->args("aws_security_group.primary_db");
  EXPECT_EQ(db["name"], "primary-db-sg-rdha");
  EXPECT_EQ(db["tags"], (nlohmann::json{{"Name", "primary-db-sg-rdha"}}));
  EXPECT_EQ(db["vpc_id"], "${aws_vpc.primary.id}");
  // Rules are separate resources; inline ingress/egress would fight them.
  EXPECT_FALSE(db.contains("ingress"));
  EXPECT_FALSE(db.contains("egress"));
  const auto& app = s->args("aws_security_group.dr_app");
  EXPECT_EQ(app["name"], "dr-app-sg-rdha");
  EXPECT_EQ(app["tags"], (nlohmann::json{{"Name", "dr-app-sg-rdha"}}));
  EXPECT_EQ(app["vpc_id"], "${aws_vpc.dr.id}");

  EXPECT_EQ(s->stack.find("aws_security_group.primary_db")->node().provider, "aws");
  for (const auto& address : {"aws_security_group.dr_db", "aws_security_group.dr_app",
                              "aws_vpc_security_group_ingress_rule.dr_db_from_app",
                              "aws_vpc_security_group_ingress_rule.dr_db_from_peer_1",
                              "aws_vpc_security_group_egress_rule.dr_app_to_peer_db_1"}) {
    ASSERT_TRUE(s->has(address)) << address;
    EXPECT_EQ(s->stack.find(address)->node().provider, "aws.dr") << address;
  }

  ASSERT_TRUE(s->primary_security->app.has_value());
  EXPECT_EQ(s->primary_security->app->str(), "aws_security_group.primary_app");
  EXPECT_EQ(s->primary_security->db.str(), "aws_security_group.primary_db");
  EXPECT_EQ(s->dr_security->db.str(), "aws_security_group.dr_db");
}

// Security groups are stateful: the answers to admitted connections need no egress rule, so
// the DB groups have none; the app groups reach the databases of both regions on the port.
TEST(SecurityGroups, OnlyTheAppGroupsHaveEgressToTheDatabasesOfBothRegions) {
  auto s = build();
  EXPECT_EQ(s->of_type("aws_vpc_security_group_egress_rule"),
            (std::vector<std::string>{"aws_vpc_security_group_egress_rule.primary_app_to_db",
                                      "aws_vpc_security_group_egress_rule.primary_app_to_peer_db_1",
                                      "aws_vpc_security_group_egress_rule.primary_app_to_peer_db_2",
                                      "aws_vpc_security_group_egress_rule.dr_app_to_db",
                                      "aws_vpc_security_group_egress_rule.dr_app_to_peer_db_1",
                                      "aws_vpc_security_group_egress_rule.dr_app_to_peer_db_2"}));
  const auto& app = s->args("aws_vpc_security_group_egress_rule.primary_app_to_db");
  EXPECT_EQ(app["security_group_id"], "${aws_security_group.primary_app.id}");
  EXPECT_EQ(app["referenced_security_group_id"], "${aws_security_group.primary_db.id}");
  // The peer's databases by the peer's DB subnets (its private subnets).
  EXPECT_EQ(s->args("aws_vpc_security_group_egress_rule.primary_app_to_peer_db_1"),
            (nlohmann::json{{"security_group_id", "${aws_security_group.primary_app.id}"},
                            {"cidr_ipv4", "10.1.3.0/24"},
                            {"ip_protocol", "tcp"},
                            {"from_port", 5432},
                            {"to_port", 5432},
                            {"description", "PostgreSQL 5432 to the database subnet 10.1.3.0/24 of us-west-2"}}));
  EXPECT_EQ(s->args("aws_vpc_security_group_egress_rule.primary_app_to_peer_db_2")["cidr_ipv4"], "10.1.4.0/24");
  EXPECT_EQ(s->args("aws_vpc_security_group_egress_rule.dr_app_to_peer_db_1")["cidr_ipv4"], "10.0.3.0/24");
  EXPECT_EQ(s->args("aws_vpc_security_group_egress_rule.dr_app_to_peer_db_2")["cidr_ipv4"], "10.0.4.0/24");
  for (const auto& address : s->of_type("aws_vpc_security_group_egress_rule")) {
    const auto& rule = s->args(address);
    EXPECT_NE(rule["security_group_id"], "${aws_security_group.primary_db.id}") << address;
    EXPECT_NE(rule["security_group_id"], "${aws_security_group.dr_db.id}") << address;
    EXPECT_EQ(rule["ip_protocol"], "tcp") << address;
    EXPECT_EQ(rule["from_port"], 5432) << address;
    EXPECT_EQ(rule["to_port"], 5432) << address;
  }
}

TEST(SecurityGroups, NothingIsOpenToTheWorld) {
  auto s = build();
  for (const auto& type : kRuleTypes)
    for (const auto& address : s->of_type(type)) {
      const std::string text = s->args(address).dump();
      EXPECT_EQ(text.find("0.0.0.0/0"), std::string::npos) << address;
      EXPECT_EQ(text.find("::/0"), std::string::npos) << address;
      EXPECT_NE(s->args(address)["ip_protocol"], "-1") << address;
    }
  // The emitted security file: no world CIDR at all (the network's default routes live elsewhere).
  const auto files = to_tf_json(s->stack);
  const std::string security = render(files.at("security.tf.json"));
  EXPECT_EQ(security.find("0.0.0.0/0"), std::string::npos);
  EXPECT_EQ(security.find("::/0"), std::string::npos);
}

TEST(SecurityGroups, EveryGroupAndRuleHasADescriptionEc2Accepts) {
  auto s = build();
  std::vector<std::string> addresses = s->of_type("aws_security_group");
  for (const auto& type : kRuleTypes)
    for (const auto& address : s->of_type(type)) addresses.push_back(address);
  ASSERT_EQ(addresses.size(), 4u + 6u + 6u);  // groups, ingress (app + 2 peer subnets), egress (db + 2 peer)
  const std::string allowed = " ._-:/()#,@[]+=;{}!$*";
  for (const auto& address : addresses) {
    const auto& args = s->args(address);
    ASSERT_TRUE(args.contains("description")) << address;
    const std::string description = args["description"];
    EXPECT_FALSE(description.empty()) << address;
    EXPECT_LE(description.size(), 255u) << address;
    for (char c : description)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || allowed.find(c) != std::string::npos)
          << address << ": '" << c << "' in " << description;
  }
}

TEST(SecurityGroups, ExistingAppGroupsAreAdmittedInsteadOfACreatedOne) {
  HaStackSpec spec;
  spec.security.create_app_security_groups = false;
  spec.security.existing_app_security_group_ids.primary = {"sg-0123456789abcdef0", "sg-0123456789abcdef1"};
  spec.security.existing_app_security_group_ids.dr = {"sg-11111111"};
  auto s = build(spec);
  EXPECT_FALSE(s->primary_security->app.has_value());
  EXPECT_FALSE(s->dr_security->app.has_value());
  EXPECT_FALSE(s->has("aws_security_group.primary_app"));
  // No app group: no egress rule at all (the existing groups' egress is the app team's).
  EXPECT_TRUE(s->of_type("aws_vpc_security_group_egress_rule").empty());
  EXPECT_EQ(s->of_type("aws_vpc_security_group_ingress_rule"),
            (std::vector<std::string>{"aws_vpc_security_group_ingress_rule.primary_db_from_existing_1",
                                      "aws_vpc_security_group_ingress_rule.primary_db_from_existing_2",
                                      "aws_vpc_security_group_ingress_rule.primary_db_from_peer_1",
                                      "aws_vpc_security_group_ingress_rule.primary_db_from_peer_2",
                                      "aws_vpc_security_group_ingress_rule.dr_db_from_existing_1",
                                      "aws_vpc_security_group_ingress_rule.dr_db_from_peer_1",
                                      "aws_vpc_security_group_ingress_rule.dr_db_from_peer_2"}));
  const auto& rule = s->args("aws_vpc_security_group_ingress_rule.primary_db_from_existing_2");
  EXPECT_EQ(rule["referenced_security_group_id"], "sg-0123456789abcdef1");
  EXPECT_EQ(rule["security_group_id"], "${aws_security_group.primary_db.id}");
  EXPECT_EQ(rule["from_port"], 5432);
  EXPECT_EQ(s->args("aws_vpc_security_group_ingress_rule.dr_db_from_existing_1")["referenced_security_group_id"],
            "sg-11111111");
  EXPECT_NO_THROW(to_tf_json(s->stack));
}

TEST(SecurityGroups, CreatedAndExistingAppGroupsAreBothAdmitted) {
  HaStackSpec spec;
  spec.security.existing_app_security_group_ids.dr = {"sg-22222222"};
  auto s = build(spec);
  EXPECT_EQ(s->of_type("aws_vpc_security_group_ingress_rule"),
            (std::vector<std::string>{"aws_vpc_security_group_ingress_rule.primary_db_from_app",
                                      "aws_vpc_security_group_ingress_rule.primary_db_from_peer_1",
                                      "aws_vpc_security_group_ingress_rule.primary_db_from_peer_2",
                                      "aws_vpc_security_group_ingress_rule.dr_db_from_app",
                                      "aws_vpc_security_group_ingress_rule.dr_db_from_existing_1",
                                      "aws_vpc_security_group_ingress_rule.dr_db_from_peer_1",
                                      "aws_vpc_security_group_ingress_rule.dr_db_from_peer_2"}));
}

TEST(SecurityGroups, PortFollowsTheSpec) {
  HaStackSpec spec;
  spec.database.port = 6432;
  auto s = build(spec);
  for (const auto& type : kRuleTypes)
    for (const auto& address : s->of_type(type)) {
      EXPECT_EQ(s->args(address)["from_port"], 6432) << address;
      EXPECT_EQ(s->args(address)["to_port"], 6432) << address;
    }
}

}  // namespace
}  // namespace rdha::stack
