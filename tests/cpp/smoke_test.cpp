// Smoke test of the build: links rdha::rdha and pins the "did you mean" helper that error
// messages rely on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rdha/error.hpp"

namespace {

const std::vector<std::string> kRoles{"primary", "replica", "dr_replica"};

TEST(ClosestMatch, SuggestsTheCandidateATypoCameFrom) {
  EXPECT_EQ(rdha::closest_match("replcia", kRoles), "replica");
  EXPECT_EQ(rdha::closest_match("primry", kRoles), "primary");
}

TEST(ClosestMatch, ReturnsEmptyWhenNothingIsClose) {
  EXPECT_EQ(rdha::closest_match("monitoring", kRoles), "");
  EXPECT_EQ(rdha::closest_match("replica", {}), "");
}

TEST(ClosestMatch, PrefersTheExactCandidate) {
  EXPECT_EQ(rdha::closest_match("dr_replica", kRoles), "dr_replica");
}

}  // namespace
