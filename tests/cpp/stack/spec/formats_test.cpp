// Tests of the spec's text formats: each hand-written predicate and the JSON Schema pattern
// that `rdha schema` emits for it say the same thing, over values that have the format and
// values that do not (std::regex's ECMAScript grammar is the one JSON Schema patterns use).
#include <gtest/gtest.h>

// GCC 12 reports false -Wmaybe-uninitialized positives inside <regex> at -O2.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#include <string>
#include <vector>

#include "rdha/stack/spec/formats.hpp"

namespace rdha::stack::fields {
namespace {

struct FormatCase {
  const char* name;
  const Format& format;
  std::vector<std::string> good;
  std::vector<std::string> bad;
};

// Values no format accepts (or that probe the edges of every pattern: anchors, spaces).
const std::vector<std::string> kNoise = {"", " ", "\t", "\n", "x", "-", ".", "a b", "é", std::string(300, 'a')};

std::vector<FormatCase> format_cases() {
  return {
      {"region name",
       kRegionName,
       {"us-east-1", "ap-southeast-2", "us-gov-west-1", "eu-central-1"},
       {"us-east", "us-east-1a", "US-east-1", "u-east-1", "use-east-1", "us--east-1", "us-east-", "-us-east-1",
        "us-east-1 ", "us_east_1", "us-east-1-"}},
      {"VPC CIDR",
       kVpcCidr,
       {"10.0.0.0/16", "0.0.0.0/0", "255.255.255.255/32", "10.1.1.7/24", "10.0.0.0/8", "192.168.100.0/28"},
       {"10.0.0/16", "256.0.0.0/16", "010.0.0.0/16", "10.0.0.0/33", "10.0.0.0/016", "10.0.0.0/00", "10.0.0.0",
        "10.0.0.0/", " 10.0.0.0/16", "1.2.3.4.5/16", "10.0.0.0/1a", "10.0.0.00/16", "1000.0.0.0/16"}},
      {"subnet CIDR", kSubnetCidr, {"10.0.1.0/24", "10.1.4.0/24"}, {"10.0.1.0/24/", "10.0.1/24", "a.b.c.d/24"}},
      {"instance class",
       kInstanceClass,
       {"db.r6g.large", "db.t4g.micro", "db.x2iedn.24xlarge", "db.r6g-x.large"},
       {"r6g.large", "db.r6g", "db..large", "db.R6G.large", "db.r6g.large.x", "db.r6g.lar-ge", "db.r6g.",
        "db.r6g.large "}},
      {"instance class or empty", kInstanceClassOrEmpty, {"", "db.r6g.large"}, {"db.r6g", "r6g.large", " "}},
      {"engine version",
       kEngineVersion,
       {"17", "17.4", "9.6", "16.10"},
       {"17.", ".4", "17.x", "17.4.1", "v17", "17 ", "17..4"}},
      {"database name",
       kDatabaseName,
       {"appdb", "A", "a_1", std::string(63, 'a')},
       {"1db", "app-db", "_db", std::string(64, 'a'), "app db"}},
      {"master user name", kMasterUserName, {"dbadmin", "Pg_Master"}, {"9admin", "db-admin"}},
      {"reason", kReasonText, {"x", " DR off on purpose ", "a\nb"}, {"   ", "\t\n"}},
      {"RDS identifier base",
       kRdsIdentifierBase,
       {"replica-1", "r", "a1-b2", "dr-replica"},
       {"replica--1", "1replica", "Replica", "replica-", "-r", "r_1"}},
      {"daily window",
       kDailyWindow,
       {"02:00-03:00", "23:30-00:30", "00:00-23:59", "02:00-02:10"},
       {"2:00-3:00", "24:00-01:00", "02:60-03:00", "02:00_03:00", "02:00-03:00x", "02:00 - 03:00"}},
      {"weekly window",
       kWeeklyWindow,
       {"sun:04:00-sun:05:00", "mon:00:00-tue:23:59", "sat:23:30-sun:00:10"},
       {"Sun:04:00-Sun:05:00", "sun:4:00-sun:05:00", "xyz:04:00-sun:05:00", "sun:04:00-sun:05:00 ",
        "sun:04:00-sun:24:00", "sunday:04:00-sun:05:00"}},
      {"parameter name",
       kParameterName,
       {"log_lock_waits", "auto_explain.log_min_duration", "_x", "a"},
       {"Log", "1a", "a-b", "a b"}},
      {"email",
       kEmail,
       {"oncall@example.com", "ops.team+rds@corp.example.org", "a@b.c", "a@.b.c", "a@b..c"},
       {"oncall", "@example.com", "a@b", "a@b.", "a @b.c", "a@@b.c", "a@b@c.d", "a@.b", "a@b.c\n"}},
      {"https URL",
       kHttpsUrl,
       {"https://hooks.example.com/rds", "https://x"},
       {"http://x", "https://", "https:// x", "HTTPS://x"}},
      {"SQS queue ARN",
       kSqsQueueArn,
       {"arn:aws:sqs:us-east-1:123456789012:db-alarms", "arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q"},
       {"arn:aws:sns:us-east-1:123456789012:x", "arn:aws:sqs:us-east-1:12345:q", "arn:aws:sqs::123456789012:q",
        "arn:aws:sqs:us-east-1:123456789012:", "arn:aws:sqs:us-east-1:123456789012:q:extra",
        "arn:azure:sqs:us-east-1:123456789012:q", "arn:aws:sqs:US-EAST-1:123456789012:q"}},
      {"Lambda function ARN",
       kLambdaFunctionArn,
       {"arn:aws:lambda:us-west-2:123456789012:function:page:live", "arn:aws:lambda:us-east-1:123456789012:function:f"},
       {"arn:aws:lambda:us-west-2:123456789012:function", "arn:aws:lambda:us-west-2:123456789012:function:a:b:c",
        "arn:aws:lambda:us-west-2:123456789012:layer:x", "arn:aws:lambda:us-west-2:123456789012:function:a b",
        "arn:aws:lambda:us-west-2:123456789012:function:f:"}},
      {"phone number",
       kPhoneNumber,
       {"+15555550100", "+1234567", "+123456789012345"},
       {"5550100", "+0123456789", "+123456", "+1234567890123456", "+1-555-0100", "+"}},
      {"security group ID",
       kSecurityGroupId,
       {"sg-01234567", "sg-0123456789abcdef0"},
       {"sg-12", "sg-0123456G", "SG-01234567", "sg-012345678", "sg-0123456789ABCDEF0"}},
      {"principal ARN",
       kPrincipalArn,
       {"arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/ci", "arn:aws:iam::123456789012:user/a/b",
        "arn:aws:sts::123456789012:assumed-role/r/s", "arn:aws-cn:iam::123456789012:root"},
       {"123456789012", "arn:aws:iam::123456789012:group/x", "arn:aws:iam::123456789012:role/",
        "arn:aws:iam:us-east-1:123456789012:root", "arn:aws:sts::123456789012:root",
        "arn:aws:iam::123456789012:role/a b", "arn:aws:iam::123456789012:role/a:b", "arn:aws:iam::12345:root"}},
      {"RDS identifier or empty",
       kRdsIdentifierOrEmpty,
       {"", "legacy-db", "a", "a1-b2", std::string(63, 'a')},
       {"Legacy", "1db", "db-", "db--x", "db_x", std::string(64, 'a')}},
      {"DB snapshot identifier or empty",
       kDbSnapshotIdentifierOrEmpty,
       {"", "legacy-db-final", "Snap1", std::string(255, 'a')},
       {"1snap", "snap-", "snap--x", "snap_x", "rds:auto", std::string(256, 'a')}},
      {"VPC ID or empty",
       kVpcIdOrEmpty,
       {"", "vpc-01234567", "vpc-0123456789abcdef0"},
       {"vpc-12", "vpc-0123456G", "VPC-01234567", "vpc-012345678", "sg-01234567"}},
      {"CIDR or empty",
       kCidrOrEmpty,
       {"", "172.31.0.0/16", "10.0.0.0/8", "0.0.0.0/0"},
       {"172.31.0.0/33", "172.31.0/16", "256.0.0.0/16", "172.31.0.0", "01.2.3.4/8"}},
      {"security group ID or empty",
       kSecurityGroupIdOrEmpty,
       {"", "sg-01234567", "sg-0123456789abcdef0"},
       {"sg-12", "SG-01234567", "sg-0123456789ABCDEF0"}},
      {"engine version or empty",
       kEngineVersionOrEmpty,
       {"", "13", "13.15"},
       {"13.", ".13", "13.1.2", "v13", "thirteen"}},
      {"zone name",
       kZoneName,
       {"db.rdha.internal", "a.b", std::string(63, 'a') + ".x", "x-1.y2"},
       {"DB..internal", "rdha", "db.rdha.internal.", "-a.b", "a-.b", "a_b.c", std::string(64, 'a') + ".x",
        std::string(60, 'a') + "." + std::string(60, 'b') + "." + std::string(60, 'c') + "." + std::string(60, 'd')}},
  };
}

bool pattern_accepts(const Format& format, const std::string& value) {
  const bool length_ok = format.max_length == 0 || value.size() <= format.max_length;
  return length_ok && std::regex_search(value, std::regex(std::string(format.pattern)));
}

TEST(SpecFormats, PredicateAndPatternAgreeOnGoodAndBadValues) {
  for (const auto& c : format_cases()) {
    std::vector<std::string> values = c.good;
    values.insert(values.end(), c.bad.begin(), c.bad.end());
    values.insert(values.end(), kNoise.begin(), kNoise.end());
    values.emplace_back(c.format.example);
    for (const auto& value : values)
      EXPECT_EQ(c.format.accepts(value), pattern_accepts(c.format, value))
          << c.name << ": predicate and pattern disagree on \"" << value << "\"";
    for (const auto& value : c.good) EXPECT_TRUE(c.format.accepts(value)) << c.name << ": " << value;
    for (const auto& value : c.bad) EXPECT_FALSE(c.format.accepts(value)) << c.name << ": " << value;
  }
}

TEST(SpecFormats, ExamplesHaveTheirFormatAndPassItsFurtherRules) {
  for (const auto& c : format_cases()) {
    EXPECT_TRUE(c.format.accepts(c.format.example)) << c.name;
    EXPECT_TRUE(c.format.check(c.format.example).empty()) << c.name;
  }
}

TEST(SpecFormats, ProblemsNameTheValueAndTheFormat) {
  EXPECT_EQ(kRegionName.check("uswest2"),
            std::vector<std::string>{"\"uswest2\" is not an AWS region name like \"us-east-1\"."});
  EXPECT_EQ(kVpcCidr.check("10.0.0.1/8"),
            (std::vector<std::string>{
                "\"10.0.0.1/8\" has host bits set; AWS expects the network address: write \"10.0.0.0/8\".",
                "\"10.0.0.1/8\" has prefix /8; AWS VPCs take /16 to /28."}));
  EXPECT_EQ(kSubnetCidr.check("10.0.0.0/29"),
            std::vector<std::string>{"\"10.0.0.0/29\" has prefix /29; AWS subnets take /16 to /28."});
  EXPECT_EQ(
      kDailyWindow.check("02:00-02:29"),
      std::vector<std::string>{"\"02:00-02:29\" lasts 29 minutes; RDS needs a backup window of at least 30 minutes."});
}

struct ReservedCase {
  const char* name;
  const Reserved& reserved;
  std::vector<std::string> taken;
  std::vector<std::string> free;
};

TEST(SpecReserved, PredicateAndPatternAgree) {
  const std::vector<ReservedCase> cases = {
      {"database names",
       kReservedDatabaseNames,
       {"template0", "template1", "rdsadmin"},
       {"appdb", "template2", "Template0", "template0 ", "xrdsadmin"}},
      {"user names",
       kReservedUserNames,
       {"admin", "ADMIN", "Admin", "pg_x", "PG_monitor", "rds_x", "RDS_super", "rdsadmin", "user", "table", "Rds_"},
       {"dbadmin", "pgx", "rdsx", "admins", "pg", "_pg_", "xadmin"}},
      {"amazon domains",
       kAmazonDomains,
       {"amazonaws.com", "rds.amazonaws.com", "a.b.amazonaws.com", ".amazonaws.com"},
       {"amazonaws.com.evil", "xamazonaws.com", "amazonaws.co", "db.rdha.internal"}},
  };
  for (const auto& c : cases) {
    const std::regex pattern{std::string(c.reserved.pattern)};
    std::vector<std::string> values = c.taken;
    values.insert(values.end(), c.free.begin(), c.free.end());
    values.insert(values.end(), kNoise.begin(), kNoise.end());
    for (const auto& value : values)
      EXPECT_EQ(c.reserved.matches(value), std::regex_search(value, pattern))
          << c.name << ": predicate and pattern disagree on \"" << value << "\"";
    for (const auto& value : c.taken) EXPECT_TRUE(c.reserved.matches(value)) << c.name << ": " << value;
    for (const auto& value : c.free) EXPECT_FALSE(c.reserved.matches(value)) << c.name << ": " << value;
  }
}

}  // namespace
}  // namespace rdha::stack::fields
