// Stack::validate: schema facts, dangling references, ephemeral values and secrets.
#include <gtest/gtest.h>

#include "rdha/core/stack.hpp"
#include "rdha/error.hpp"

namespace rdha {
namespace {

Stack aws_stack() {
  Stack stack;
  stack.require_provider("aws", "hashicorp/aws", ">= 5.100.0, < 6.0.0");
  stack.require_provider("random", "hashicorp/random", "~> 3.6");
  stack.add_provider("aws", "us-east-1");
  stack.add_provider("aws", "us-west-2", "dr");
  return stack;
}

template <class E, class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "<no exception>";
}

TEST(Schema, UnknownArgumentSuggestsTheClosestName) {
  Stack stack = aws_stack();
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary");
  EXPECT_EQ(message_of<SchemaError>([&] { vpc.set("cidr_blok", "10.0.0.0/16"); }),
            "[rdha.schema.unknown_argument] (aws_vpc.primary) has no argument \"cidr_blok\". Did you mean "
            "\"cidr_block\"?");
}

TEST(Schema, WrongTypeNamesExpectedAndGot) {
  Stack stack = aws_stack();
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary");
  EXPECT_EQ(message_of<SchemaError>([&] { vpc.set_json("enable_dns_support", nlohmann::json::array()); }),
            "[rdha.schema.wrong_type] (aws_vpc.primary) argument \"enable_dns_support\" must be bool, got [].");
  EXPECT_EQ(message_of<SchemaError>([&] { vpc.set_json("tags", {1, 2}); }),
            "[rdha.schema.wrong_type] (aws_vpc.primary) argument \"tags\" must be map(string), got [1,2].");
}

TEST(Schema, ComputedOnlyAttributeCannotBeSet) {
  Stack stack = aws_stack();
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary");
  EXPECT_EQ(message_of<SchemaError>([&] { vpc.set("arn", "x"); }),
            "[rdha.schema.computed_only] (aws_vpc.primary) argument \"arn\" is computed by the provider and "
            "cannot be set.");
}

TEST(Schema, MissingRequiredArgumentIsReportedAtValidation) {
  Stack stack = aws_stack();
  stack.add(Kind::resource, "aws_subnet", "a");  // vpc_id is required
  EXPECT_EQ(message_of<SchemaError>([&] { stack.validate(); }),
            "[rdha.schema.missing_required] (aws_subnet.a) is missing the required argument \"vpc_id\". Set "
            "it before emitting.");
}

TEST(Schema, UnknownTypesAreAcceptedUnchecked) {
  Stack stack = aws_stack();
  auto thing = stack.add(Kind::resource, "aws_made_up_thing", "x");
  EXPECT_NO_THROW(thing.set("anything", "goes"));
  EXPECT_NO_THROW(stack.validate());
}

TEST(Graph, DanglingReferenceNamesAddressAndArgument) {
  Stack stack = aws_stack();
  auto subnet = stack.add(Kind::resource, "aws_subnet", "a");
  subnet.set("vpc_id", Expr::raw("aws_vpc.missing.id"));
  EXPECT_EQ(message_of<GraphError>([&] { stack.validate(); }),
            "[rdha.graph.unknown_reference] (aws_subnet.a) argument \"vpc_id\" references \"aws_vpc.missing\", "
            "which is not declared in this stack. Add it to the stack or fix the reference.");
}

TEST(Graph, UnknownAttributeSuggestsTheClosestName) {
  Stack stack = aws_stack();
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary");
  vpc.set("cidr_block", "10.0.0.0/16");
  auto subnet = stack.add(Kind::resource, "aws_subnet", "a");
  subnet.set("vpc_id", vpc.attr("idd"));
  EXPECT_EQ(message_of<GraphError>([&] { stack.validate(); }),
            "[rdha.graph.unknown_attribute] (aws_subnet.a) argument \"vpc_id\" references attribute \"idd\" of "
            "\"aws_vpc.primary\", which its type does not have. Did you mean \"id\"?");
}

TEST(Graph, UndeclaredVariableIsAnError) {
  Stack stack = aws_stack();
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary");
  vpc.set("cidr_block", Expr::raw("var.cidr"));
  EXPECT_THROW(stack.validate(), GraphError);
  stack.add_variable("cidr", {"string", "10.0.0.0/16", "", false});
  EXPECT_NO_THROW(stack.validate());
}

TEST(Graph, EphemeralValueOnlyInWriteOnlyArguments) {
  Stack stack = aws_stack();
  auto password = stack.add(Kind::ephemeral, "aws_secretsmanager_random_password", "master");
  auto secret = stack.add(Kind::resource, "aws_secretsmanager_secret", "master");
  auto version = stack.add(Kind::resource, "aws_secretsmanager_secret_version", "master");
  version.set("secret_id", secret.attr("id"));
  version.set("secret_string", password.attr("random_password"));
  EXPECT_EQ(message_of<GraphError>([&] { stack.validate(); }),
            "[rdha.graph.ephemeral_reference] (aws_secretsmanager_secret_version.master) argument "
            "\"secret_string\" references ephemeral \"ephemeral.aws_secretsmanager_random_password.master\"; "
            "Terraform accepts ephemeral values only in write-only arguments, provider blocks, locals and other "
            "ephemeral blocks. Use the write-only variant of the argument (*_wo).");
  version.unset("secret_string");
  version.set("secret_string_wo", password.attr("random_password"));
  version.set("secret_string_wo_version", 1);
  EXPECT_NO_THROW(stack.validate());
}

TEST(Graph, SecretLiteralIsRefused) {
  Stack stack = aws_stack();
  auto db = stack.add(Kind::resource, "aws_db_instance", "primary");
  db.set("instance_class", "db.r6g.large");
  db.set("password", "hunter2hunter2");
  EXPECT_EQ(message_of<SchemaError>([&] { stack.validate(); }),
            "[rdha.schema.secret_literal] (aws_db_instance.primary) sensitive argument \"password\" holds a "
            "literal value. Secrets must come from a reference (random_password, an ephemeral resource, a "
            "variable), never be written into the configuration.");
  auto password = stack.add(Kind::resource, "random_password", "master");
  password.set("length", 16);
  db.set("password", password.attr("result"));
  EXPECT_NO_THROW(stack.validate());
}

TEST(Graph, SensitiveOutputMustBeMarked) {
  Stack stack = aws_stack();
  auto password = stack.add(Kind::resource, "random_password", "master");
  password.set("length", 16);
  stack.add_output("password", {password.attr("result").interpolated(), "", false});
  EXPECT_EQ(message_of<SchemaError>([&] { stack.validate(); }),
            "[rdha.schema.sensitive_output] (output.password) shows the sensitive attribute "
            "\"random_password.master.result\" but is not marked sensitive. Set sensitive = true on the output.");
}

TEST(Graph, SeveralProblemsAreReportedTogetherSortedByAddress) {
  Stack stack = aws_stack();
  stack.add(Kind::resource, "aws_subnet", "b");
  auto a = stack.add(Kind::resource, "aws_subnet", "a");
  a.set("vpc_id", Expr::raw("aws_vpc.nope.id"));
  try {
    stack.validate();
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.problems().size(), 2u);
    EXPECT_EQ(e.problems()[0].subject, "aws_subnet.a");
    EXPECT_EQ(e.problems()[1].subject, "aws_subnet.b");
    EXPECT_NE(std::string(e.what()).find("[rdha.schema.missing_required] is missing the required argument"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace rdha
