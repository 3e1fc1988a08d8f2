// Tests of rdha/values/cidr.hpp: strict parsing and range relations of IPv4 CIDR blocks.
#include "rdha/values/cidr.hpp"

#include <gtest/gtest.h>

namespace rdha {
namespace {

Ipv4Cidr cidr(const char* text) {
  const auto parsed = parse_cidr(text);
  EXPECT_TRUE(parsed) << text;
  return parsed.value_or(Ipv4Cidr{});
}

TEST(Cidr, ParsesDottedQuadAndPrefix) {
  const auto c = cidr("10.1.2.0/24");
  EXPECT_EQ(c.address, 0x0A010200u);
  EXPECT_EQ(c.prefix, 24);
  EXPECT_EQ(c.first(), 0x0A010200u);
  EXPECT_EQ(c.last(), 0x0A0102FFu);
  EXPECT_EQ(cidr("0.0.0.0/0").last(), 0xFFFFFFFFu);
  EXPECT_EQ(cidr("255.255.255.255/32").first(), 0xFFFFFFFFu);
}

TEST(Cidr, RejectsAnythingButStrictNotation) {
  for (const char* bad :
       {"", "10.0.0.0", "10.0.0/16", "10.0.0.0.0/16", "10.0.0.256/16", "10.0.0.0/33", "010.0.0.0/16", "10.0.0.0/016",
        " 10.0.0.0/16", "10.0.0.0/16 ", "10.0.0.0/", "a.b.c.d/8", "10.0.0.0/1a", "1000.0.0.0/8"})
    EXPECT_FALSE(parse_cidr(bad)) << bad;
}

TEST(Cidr, KnowsAlignmentAndCanonicalForm) {
  EXPECT_TRUE(cidr("10.0.0.0/16").is_aligned());
  const auto shifted = cidr("10.0.1.5/16");
  EXPECT_FALSE(shifted.is_aligned());
  EXPECT_EQ(shifted.canonical(), "10.0.0.0/16");
}

TEST(Cidr, ContainmentAndOverlapAreRangeRelations) {
  const auto vpc = cidr("10.0.0.0/16");
  EXPECT_TRUE(vpc.contains(cidr("10.0.3.0/24")));
  EXPECT_TRUE(vpc.contains(vpc));
  EXPECT_FALSE(vpc.contains(cidr("10.1.0.0/24")));
  EXPECT_FALSE(cidr("10.0.3.0/24").contains(vpc));
  EXPECT_TRUE(cidr("10.0.0.0/8").overlaps(cidr("10.200.0.0/16")));
  EXPECT_TRUE(cidr("10.0.1.0/25").overlaps(cidr("10.0.1.0/24")));
  EXPECT_FALSE(cidr("10.0.0.0/16").overlaps(cidr("10.1.0.0/16")));
  EXPECT_FALSE(cidr("10.0.1.0/25").overlaps(cidr("10.0.1.128/25")));
}

TEST(Cidr, FormatsAddresses) { EXPECT_EQ(format_ipv4(0xC0A80001u), "192.168.0.1"); }

}  // namespace
}  // namespace rdha
