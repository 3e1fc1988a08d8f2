// Placement roles: the analyses' database roles as an enum, and a user's own role names
// kept for graphs without reaching the analyses.
#include "rdha/core/placement.hpp"

#include <gtest/gtest.h>

#include "rdha/core/stack.hpp"

namespace rdha {
namespace {

TEST(Placement, RoleNamesRoundTripAndOtherNamesAreNoRole) {
  for (DbRole role : {DbRole::writer, DbRole::reader, DbRole::dr_replica})
    EXPECT_EQ(db_role_named(to_string(role)), role);
  EXPECT_EQ(to_string(DbRole::dr_replica), "dr_replica");
  EXPECT_EQ(db_role_named("dr-replica"), std::nullopt);
  EXPECT_EQ(db_role_named("none"), std::nullopt);
  EXPECT_EQ(db_role_named(""), std::nullopt);
}

TEST(Placement, NodesHaveNoRoleUntilGivenOne) {
  Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto db = stack.add(Kind::resource, "aws_db_instance", "main", east);
  EXPECT_EQ(db.node().placement.role, DbRole::none);
  EXPECT_EQ(db.node().placement.role_name(), "");
  db.role(DbRole::reader);
  EXPECT_EQ(db.node().placement.role, DbRole::reader);
  EXPECT_EQ(db.node().placement.role_name(), "reader");
}

TEST(Placement, RoleByNameSetsAnAnalysesRoleOrKeepsTheUsersOwn) {
  Stack stack;
  auto east = stack.add_provider("aws", "us-east-1");
  auto db = stack.add(Kind::resource, "aws_db_instance", "main", east);
  db.role("dr_replica");
  EXPECT_EQ(db.node().placement.role, DbRole::dr_replica);
  EXPECT_EQ(db.node().placement.custom_role, "");

  auto subnet = stack.add(Kind::resource, "aws_subnet", "private", east);
  subnet.role("private");
  EXPECT_EQ(subnet.node().placement.role, DbRole::none);
  EXPECT_EQ(subnet.node().placement.custom_role, "private");
  EXPECT_EQ(subnet.node().placement.role_name(), "private");

  // A database role replaces the user's own, and the other way round.
  subnet.role(DbRole::writer);
  EXPECT_EQ(subnet.node().placement.custom_role, "");
  EXPECT_EQ(subnet.node().placement.role_name(), "writer");
  subnet.role("edge");
  EXPECT_EQ(subnet.node().placement.role, DbRole::none);
  EXPECT_EQ(subnet.node().placement.role_name(), "edge");
}

}  // namespace
}  // namespace rdha
