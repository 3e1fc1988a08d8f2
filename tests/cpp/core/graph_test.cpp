// Topological order and cycle reports.
#include <gtest/gtest.h>

#include "rdha/core/stack.hpp"
#include "rdha/error.hpp"

namespace rdha {
namespace {

// Small fake resource types outside the schema facts: no schema checks interfere.
Stack fake_stack() {
  Stack stack;
  stack.require_provider("fake", "example/fake", "1.0.0");
  return stack;
}

std::vector<std::string> addresses(const Stack& stack, const std::vector<std::size_t>& order) {
  std::vector<std::string> out;
  for (auto i : order) out.push_back(stack.resource(i).address.str());
  return out;
}

TEST(Topo, DependenciesFirstTiesByAddress) {
  Stack stack = fake_stack();
  auto c = stack.add(Kind::resource, "fake_thing", "c");
  stack.add(Kind::resource, "fake_thing", "b");
  auto a = stack.add(Kind::resource, "fake_thing", "a");
  auto z = stack.add(Kind::resource, "fake_base", "z");
  c.set("x", z.attr("id"));
  a.set("x", c.attr("id"));
  // b and z are both ready first; "fake_base.z" < "fake_thing.b".
  EXPECT_EQ(addresses(stack, stack.topological_order()),
            (std::vector<std::string>{"fake_base.z", "fake_thing.b", "fake_thing.c", "fake_thing.a"}));
}

TEST(Topo, OrderDoesNotDependOnInsertionOrder) {
  Stack first = fake_stack();
  Stack second = fake_stack();
  for (const char* name : {"a", "b", "c"}) first.add(Kind::resource, "fake_thing", name);
  for (const char* name : {"c", "a", "b"}) second.add(Kind::resource, "fake_thing", name);
  EXPECT_EQ(addresses(first, first.topological_order()), addresses(second, second.topological_order()));
}

TEST(Topo, DependsOnAndDataSourcesAreEdges) {
  Stack stack = fake_stack();
  auto region = stack.add(Kind::data, "fake_region", "current");
  auto a = stack.add(Kind::resource, "fake_thing", "a");
  auto b = stack.add(Kind::resource, "fake_thing", "b");
  a.set("region", region.attr("name"));
  a.depends_on(b);
  auto order = addresses(stack, stack.topological_order());
  EXPECT_EQ(order.back(), "fake_thing.a");
  EXPECT_EQ(a.node().depends_on, std::vector<std::string>{"fake_thing.b"});
}

TEST(Topo, ReportsEveryCycleOnceWithCanonicalStart) {
  Stack stack = fake_stack();
  auto a = stack.add(Kind::resource, "fake_a", "x");
  auto b = stack.add(Kind::resource, "fake_b", "y");
  auto c = stack.add(Kind::resource, "fake_c", "z");
  auto d = stack.add(Kind::resource, "fake_d", "p");
  auto e = stack.add(Kind::resource, "fake_e", "q");
  auto self = stack.add(Kind::resource, "fake_s", "me");
  b.set("x", a.attr("id"));
  c.set("x", b.attr("id"));
  a.set("x", c.attr("id"));  // a → c → b → a
  d.set("x", e.attr("id"));
  e.set("x", d.attr("id"));  // d ↔ e
  self.set("x", self.attr("id"));
  try {
    (void)stack.topological_order();
    FAIL() << "expected CycleError";
  } catch (const CycleError& error) {
    EXPECT_EQ(error.cycles(), (std::vector<std::vector<std::string>>{
                                  {"fake_a.x", "fake_c.z", "fake_b.y", "fake_a.x"},
                                  {"fake_d.p", "fake_e.q", "fake_d.p"},
                              }));
    EXPECT_EQ(error.self_references(), std::vector<std::string>{"fake_s.me"});
    EXPECT_STREQ(error.what(),
                 "[rdha.graph.cycle] the dependency graph is not acyclic:\n"
                 "  Cycle: fake_a.x -> fake_c.z -> fake_b.y -> fake_a.x\n"
                 "  Cycle: fake_d.p -> fake_e.q -> fake_d.p\n"
                 "  Self reference: fake_s.me\n"
                 "Remove one reference or depends_on entry from each cycle.");
  }
}

TEST(Topo, CycleThroughRawExpressionIsFound) {
  Stack stack = fake_stack();
  auto a = stack.add(Kind::resource, "fake_a", "x");
  auto b = stack.add(Kind::resource, "fake_b", "y");
  a.set("policy", Expr::raw("jsonencode({r = fake_b.y.arn})"));
  b.set("x", a.attr("id"));
  EXPECT_THROW((void)stack.topological_order(), CycleError);
}

}  // namespace
}  // namespace rdha
