// Stack::validate: schema facts, dangling references, ephemeral values and secrets.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "rdha/core/stack.hpp"
#include "rdha/error.hpp"
#include "rdha/schema/schema.hpp"

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
  EXPECT_EQ(message_of<ValidationError>([&] { stack.validate(); }),
            "[rdha.schema.missing_required] (aws_subnet.a) is missing the required argument \"vpc_id\". Set "
            "it before emitting.");
}

TEST(Schema, UnknownTypeOfACoveredProviderSuggestsTheNearestType) {
  Stack stack = aws_stack();
  EXPECT_EQ(message_of<SchemaError>([&] { stack.add(Kind::resource, "aws_cloudwatch_metric_alarms", "cpu"); }),
            "[rdha.schema.unknown_type] (aws_cloudwatch_metric_alarms.cpu) has type \"aws_cloudwatch_metric_alarms\", "
            "which the provider schema does not define. Did you mean \"aws_cloudwatch_metric_alarm\"?");
  EXPECT_EQ(message_of<SchemaError>([&] { stack.add(Kind::data, "aws_made_up_thing", "x"); }),
            "[rdha.schema.unknown_type] (data.aws_made_up_thing.x) has type \"aws_made_up_thing\", which the "
            "provider schema does not define.");
  EXPECT_EQ(stack.size(), 0u);
}

TEST(Schema, EveryTypeOfTheProviderIsKnownNotOnlyTheBoundOnes) {
  Stack stack = aws_stack();
  auto queue = stack.add(Kind::resource, "aws_sqs_queue", "jobs");  // no typed binding
  EXPECT_EQ(message_of<SchemaError>([&] { queue.set("delay_secondz", 5); }),
            "[rdha.schema.unknown_argument] (aws_sqs_queue.jobs) has no argument \"delay_secondz\". Did you mean "
            "\"delay_seconds\"?");
  EXPECT_NO_THROW(queue.set("delay_seconds", 5));
  const auto& facts = schema::Facts::embedded();
  EXPECT_GT(facts.types(Kind::resource).size(), 1500u);
  EXPECT_TRUE(facts.contains(Kind::ephemeral, "aws_secretsmanager_random_password"));
  EXPECT_EQ(facts.find(Kind::resource, "aws_sqs_queue"), facts.find(Kind::resource, "aws_sqs_queue"));  // cached
  EXPECT_EQ(facts.find(Kind::resource, "aws_sqs_queues"), nullptr);
}

TEST(Schema, ATypeIsParsedOnceWhateverTheThreads) {
  const auto& facts = schema::Facts::embedded();
  std::vector<const schema::TypeFacts*> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] { seen[i] = facts.find(Kind::data, "aws_rds_engine_version"); });
  for (auto& thread : threads) thread.join();
  ASSERT_NE(seen[0], nullptr);
  EXPECT_TRUE(seen[0]->block.attributes.contains("engine"));
  for (const auto* each : seen) EXPECT_EQ(each, seen[0]);
}

TEST(Schema, TypesOfOtherProvidersAreAcceptedUnchecked) {
  Stack stack = aws_stack();
  stack.require_provider("null", "hashicorp/null", "~> 3.2");
  auto thing = stack.add(Kind::resource, "null_resource", "x");
  EXPECT_NO_THROW(thing.set("anything", "goes"));
  EXPECT_NO_THROW(stack.validate());
}

TEST(Schema, LiteralsMustFitTheArgumentType) {
  Stack stack = aws_stack();
  auto alarm = stack.add(Kind::resource, "aws_cloudwatch_metric_alarm", "cpu");
  EXPECT_EQ(message_of<SchemaError>([&] { alarm.set("evaluation_periods", "three"); }),
            "[rdha.schema.wrong_type] (aws_cloudwatch_metric_alarm.cpu) argument \"evaluation_periods\" must be "
            "number, got \"three\".");
  EXPECT_EQ(message_of<SchemaError>([&] { alarm.set("actions_enabled", 1); }),
            "[rdha.schema.wrong_type] (aws_cloudwatch_metric_alarm.cpu) argument \"actions_enabled\" must be "
            "bool, got 1.");
  EXPECT_EQ(message_of<SchemaError>([&] { alarm.set_json("alarm_actions", "arn:aws:sns:us-east-1:1:x"); }),
            "[rdha.schema.wrong_type] (aws_cloudwatch_metric_alarm.cpu) argument \"alarm_actions\" must be "
            "set(string), got \"arn:aws:sns:us-east-1:1:x\".");
  // What Terraform converts itself: decimal strings to numbers, "true"/"false" to bools,
  // any primitive to a string; references and templates are checked by Terraform.
  EXPECT_NO_THROW(alarm.set("evaluation_periods", "3"));
  EXPECT_NO_THROW(alarm.set("threshold", "-0.5e2"));
  EXPECT_NO_THROW(alarm.set("actions_enabled", "false"));
  EXPECT_NO_THROW(alarm.set("actions_enabled", "1"));
  EXPECT_NO_THROW(alarm.set("actions_enabled", "0"));
  EXPECT_NO_THROW(alarm.set("alarm_name", 42));
  EXPECT_NO_THROW(alarm.set_json("evaluation_periods", "%{ if true }3%{ endif }"));
  // A literal string is stored escaped ("$${"): Terraform reads the text "${x}", not a number.
  EXPECT_EQ(message_of<SchemaError>([&] { alarm.set("evaluation_periods", "${x}"); }),
            "[rdha.schema.wrong_type] (aws_cloudwatch_metric_alarm.cpu) argument \"evaluation_periods\" must be "
            "number, got \"$${x}\".");
  EXPECT_NO_THROW(alarm.set("evaluation_periods", Expr::raw("var.periods")));
}

TEST(Schema, ObjectAttributesAndNestedBlocksAreCheckedToo) {
  Stack stack = aws_stack();
  auto group = stack.add(Kind::resource, "aws_security_group", "sg");
  EXPECT_EQ(message_of<SchemaError>([&] { group.set_json("ingress", {{{"from_port", "eighty"}}}); }),
            "[rdha.schema.wrong_type] (aws_security_group.sg) argument \"ingress\" must be set(object), got "
            "[{\"from_port\":\"eighty\"}].");
  auto plan = stack.add(Kind::resource, "aws_backup_plan", "daily");
  EXPECT_EQ(message_of<SchemaError>([&] { plan.add_block("rule", {{"rule_name", "r"}, {"start_window", "sixty"}}); }),
            "[rdha.schema.wrong_type] (aws_backup_plan.daily) argument \"rule.start_window\" must be number, got "
            "\"sixty\".");
  EXPECT_EQ(message_of<SchemaError>([&] { plan.set_json("rule", {{{"rule_nam", "r"}}}); }),
            "[rdha.schema.unknown_argument] (aws_backup_plan.daily) has no argument \"rule.rule_nam\". Did you "
            "mean \"rule_name\"?");
  EXPECT_NO_THROW(plan.add_block("rule", {{"rule_name", "r"}, {"target_vault_name", "v"}, {"start_window", 60}}));
}

TEST(Graph, DanglingReferenceNamesAddressAndArgument) {
  Stack stack = aws_stack();
  auto subnet = stack.add(Kind::resource, "aws_subnet", "a");
  subnet.set("vpc_id", Expr::raw("aws_vpc.missing.id"));
  EXPECT_EQ(message_of<ValidationError>([&] { stack.validate(); }),
            "[rdha.graph.unknown_reference] (aws_subnet.a) argument \"vpc_id\" references \"aws_vpc.missing\", "
            "which is not declared in this stack. Add it to the stack or fix the reference.");
}

TEST(Graph, UnknownAttributeSuggestsTheClosestName) {
  Stack stack = aws_stack();
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary");
  vpc.set("cidr_block", "10.0.0.0/16");
  auto subnet = stack.add(Kind::resource, "aws_subnet", "a");
  subnet.set("vpc_id", vpc.attr("idd"));
  EXPECT_EQ(message_of<ValidationError>([&] { stack.validate(); }),
            "[rdha.graph.unknown_attribute] (aws_subnet.a) argument \"vpc_id\" references attribute \"idd\" of "
            "\"aws_vpc.primary\", which its type does not have. Did you mean \"id\"?");
}

TEST(Graph, UndeclaredVariableIsAnError) {
  Stack stack = aws_stack();
  auto vpc = stack.add(Kind::resource, "aws_vpc", "primary");
  vpc.set("cidr_block", Expr::raw("var.cidr"));
  EXPECT_THROW(stack.validate(), ValidationError);
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
  EXPECT_EQ(message_of<ValidationError>([&] { stack.validate(); }),
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
  EXPECT_EQ(message_of<ValidationError>([&] { stack.validate(); }),
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
  EXPECT_EQ(message_of<ValidationError>([&] { stack.validate(); }),
            "[rdha.schema.sensitive_output] (output.password) shows the sensitive attribute "
            "\"random_password.master.result\" but is not marked sensitive. Set sensitive = true on the output.");
}

TEST(Graph, OneProblemIsAValidationErrorThatReadsAsTheProblem) {
  Stack stack = aws_stack();
  auto a = stack.add(Kind::resource, "aws_subnet", "a");
  a.set("vpc_id", Expr::raw("aws_vpc.nope.id"));
  try {
    stack.validate();
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& e) {
    const std::string sentence =
        "argument \"vpc_id\" references \"aws_vpc.nope\", which is not declared in this stack. Add it to the "
        "stack or fix the reference.";
    EXPECT_EQ(e.what(), "[rdha.graph.unknown_reference] (aws_subnet.a) " + sentence);
    EXPECT_EQ(e.kind(), "graph");
    EXPECT_EQ(e.code(), "unknown_reference");
    EXPECT_EQ(e.subject(), "aws_subnet.a");
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].subject, "aws_subnet.a");
    EXPECT_EQ(e.problems()[0].message, "[rdha.graph.unknown_reference] " + sentence);
  }
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
    EXPECT_EQ(e.what(),
              std::string("[rdha.validation.failed] 2 problems found:\n"
                          "  aws_subnet.a: [rdha.graph.unknown_reference] argument \"vpc_id\" references "
                          "\"aws_vpc.nope\", which is not declared in this stack. Add it to the stack or fix the "
                          "reference.\n"
                          "  aws_subnet.b: [rdha.schema.missing_required] is missing the required argument "
                          "\"vpc_id\". Set it before emitting."));
    EXPECT_EQ(e.kind(), "validation");
    EXPECT_EQ(e.code(), "failed");
    ASSERT_EQ(e.problems().size(), 2u);
    EXPECT_EQ(e.problems()[0].subject, "aws_subnet.a");
    EXPECT_EQ(e.problems()[1].subject, "aws_subnet.b");
  }
}

TEST(Graph, ACycleFoundByValidationIsOneOfItsProblems) {
  Stack stack = aws_stack();
  auto a = stack.add(Kind::resource, "aws_security_group", "a");
  auto b = stack.add(Kind::resource, "aws_security_group", "b");
  a.set("description", b.attr("id"));
  b.set("description", a.attr("id"));
  try {
    stack.validate();
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.code(), "cycle");
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].message,
              "[rdha.graph.cycle] the dependency graph is not acyclic:\n  Cycle: aws_security_group.a -> "
              "aws_security_group.b -> aws_security_group.a\nRemove one reference or depends_on entry from each "
              "cycle.");
  }
}

}  // namespace
}  // namespace rdha
