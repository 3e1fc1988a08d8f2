// Stack construction: addresses, providers, typed references and the edges they record.
#include "rdha/core/stack.hpp"

#include <gtest/gtest.h>

#include "rdha/error.hpp"

namespace rdha {
namespace {

Stack two_region_stack() {
  Stack stack;
  stack.require_provider("aws", "hashicorp/aws", ">= 5.100.0, < 6.0.0");
  stack.add_provider("aws", "us-east-1");
  stack.add_provider("aws", "us-west-2", "dr");
  return stack;
}

TEST(Stack, ReferenceRecordsEdgeAndRendersInterpolation) {
  Stack stack = two_region_stack();
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary");
  vpc.set("cidr_block", "10.0.0.0/16");
  auto subnet = stack.add(Kind::resource, "aws_subnet", "a");
  subnet.set("vpc_id", vpc.attr("id"));
  EXPECT_EQ(subnet.node().arguments["vpc_id"], "${aws_vpc.primary.id}");
  ASSERT_EQ(stack.edges().size(), 1u);
  EXPECT_EQ(stack.edges()[0], (std::pair<std::size_t, std::size_t>{1, 0}));
}

TEST(Stack, LiteralStringsAreEscaped) {
  Stack stack = two_region_stack();
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary");
  vpc.set("tags", Arg<tf::Dynamic>::from_json(literal({{"Note", "${not interpolated}"}})));
  EXPECT_EQ(vpc.node().arguments["tags"]["Note"], "$${not interpolated}");
  EXPECT_TRUE(stack.edges().empty());
}

TEST(Stack, ReferencesInListsMapsAndBlocksRecordEdges) {
  Stack stack = two_region_stack();
  auto a = stack.add(Kind::resource, "aws_security_group", "a");
  auto b = stack.add(Kind::resource, "aws_security_group", "b");
  auto db = stack.add(Kind::resource, "aws_db_instance", "primary");
  db.set_json("vpc_security_group_ids", {a.attr("id").interpolated(), b.attr("id").interpolated()});
  db.set_json("tags", {{"Peer", a.attr("name").interpolated()}});
  auto group = stack.add(Kind::resource, "aws_db_parameter_group", "pg");
  group.add_block("parameter", {{"name", "rds.force_ssl"}, {"value", db.attr("port").interpolated()}});
  auto edges = stack.edges();
  EXPECT_EQ(edges.size(), 3u);  // db→a, db→b, pg→db (a appears twice but is one edge)
}

TEST(Stack, OverwritingAnArgumentDropsItsOldEdges) {
  Stack stack = two_region_stack();
  auto a = stack.add(Kind::resource, "aws_vpc", "a");
  auto b = stack.add(Kind::resource, "aws_vpc", "b");
  auto subnet = stack.add(Kind::resource, "aws_subnet", "s");
  subnet.set("vpc_id", a.attr("id"));
  subnet.set("vpc_id", b.attr("id"));
  ASSERT_EQ(stack.edges().size(), 1u);
  EXPECT_EQ(stack.edges()[0].second, b.index());
}

TEST(Stack, DuplicateAddressIsAnError) {
  Stack stack = two_region_stack();
  stack.add(Kind::resource, "aws_vpc", "primary");
  try {
    stack.add(Kind::resource, "aws_vpc", "primary");
    FAIL() << "expected GraphError";
  } catch (const GraphError& e) {
    EXPECT_STREQ(e.what(),
                 "[rdha.graph.duplicate_address] (aws_vpc.primary) is declared twice. Give each block a "
                 "unique local name within its type.");
  }
  // Same name, other kind: a different address.
  EXPECT_NO_THROW(stack.add(Kind::data, "aws_vpc", "primary"));
}

TEST(Stack, UnknownProviderConfigurationIsAnError) {
  Stack stack = two_region_stack();
  try {
    stack.add(Kind::resource, "aws_vpc", "x", ProviderRef{"aws", "eu"});
    FAIL() << "expected GraphError";
  } catch (const GraphError& e) {
    EXPECT_STREQ(e.what(),
                 "[rdha.graph.unknown_provider] (aws_vpc.x) uses provider configuration \"aws.eu\", which "
                 "is not declared in this stack. Declare it with Stack::add_provider first.");
  }
}

TEST(Stack, InvalidNamesAreRejectedNotSanitised) {
  Stack stack = two_region_stack();
  EXPECT_THROW(stack.add(Kind::resource, "aws_vpc", "1abc"), GraphError);
  EXPECT_THROW(stack.add(Kind::resource, "aws_vpc", "a.b"), GraphError);
  EXPECT_THROW(stack.add(Kind::resource, "aws_vpc", ""), GraphError);
}

TEST(Stack, PlacementComesFromProviderArgumentsAndType) {
  Stack stack = two_region_stack();
  auto subnet = stack.add(Kind::resource, "aws_subnet", "dr_a", ProviderRef{"aws", "dr"});
  subnet.set("availability_zone", "us-west-2a");
  const auto& placement = subnet.node().placement;
  EXPECT_EQ(placement.region, "us-west-2");
  EXPECT_EQ(placement.availability_zone, "us-west-2a");
  EXPECT_EQ(placement.concern, Concern::network);
  EXPECT_EQ(subnet.node().provider, "aws.dr");
  EXPECT_EQ(default_concern("aws_db_event_subscription"), Concern::monitoring);
  EXPECT_EQ(default_concern("aws_route53_record"), Concern::recovery);
  EXPECT_EQ(default_concern("aws_route_table"), Concern::network);
}

TEST(Stack, RequiredVersionFollowsFeatures) {
  Stack stack = two_region_stack();
  stack.require_provider("random", "hashicorp/random", "~> 3.6");
  stack.add(Kind::resource, "random_password", "p").set("length", 16);
  EXPECT_EQ(stack.required_version(), ">= 1.5.0");
  auto password = stack.add(Kind::ephemeral, "aws_secretsmanager_random_password", "p");
  EXPECT_EQ(stack.required_version(), ">= 1.10.0");
  auto version = stack.add(Kind::resource, "aws_secretsmanager_secret_version", "v");
  version.set("secret_string_wo", password.attr("random_password"));
  EXPECT_EQ(stack.required_version(), ">= 1.11.0");
  stack.pin_required_version("~> 1.11.4");
  EXPECT_EQ(stack.required_version(), "~> 1.11.4");
}

// The core reads no backend argument: a minimum comes from the layer that knows the need.
TEST(Stack, RequiredVersionTakesTheMinimumItIsGiven) {
  Stack stack = two_region_stack();
  stack.set_backend({"s3", {{"bucket", "b"}, {"use_lockfile", true}}});
  EXPECT_EQ(stack.required_version(), ">= 1.5.0");
  stack.require_terraform({1, 11, 0});
  EXPECT_EQ(stack.required_version(), ">= 1.11.0");
  stack.require_terraform({1, 9, 2});  // a lower minimum lowers nothing
  EXPECT_EQ(stack.required_version(), ">= 1.11.0");
  stack.require_terraform({1, 12, 1});
  EXPECT_EQ(stack.required_version(), ">= 1.12.1");
}

TEST(Stack, HandlesSurviveMovingTheStack) {
  Stack stack = two_region_stack();
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary");
  Stack moved = std::move(stack);
  vpc.set("cidr_block", "10.0.0.0/16");
  EXPECT_EQ(moved.resource(vpc.index()).arguments["cidr_block"], "10.0.0.0/16");
}

TEST(Stack, VariablesLocalsAndOutputsReturnReferences) {
  Stack stack = two_region_stack();
  auto protect = stack.add_variable<tf::Bool>("deletion_protection", {"bool", true, "Protect the DB", false});
  EXPECT_EQ(protect.text(), "var.deletion_protection");
  auto tags = stack.add_local("tags", {{"Project", "rdha"}});
  EXPECT_EQ(tags.interpolated(), "${local.tags}");
  EXPECT_THROW(stack.add_local("tags", {}), GraphError);
}

}  // namespace
}  // namespace rdha
