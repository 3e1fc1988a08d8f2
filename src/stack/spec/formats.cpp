// The text formats of spec values (rdha/stack/spec/formats.hpp): hand-written predicates
// beside the JSON Schema patterns that spell the same rules.
#include "rdha/stack/spec/formats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "problem_text.hpp"
#include "rdha/stack/spec/fields.hpp"
#include "rdha/values/cidr.hpp"
#include "rdha/values/windows.hpp"

namespace rdha::stack::fields {
namespace {

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool hex(char c) { return digit(c) || (c >= 'a' && c <= 'f'); }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

template <class Pred>
bool all(std::string_view s, Pred pred) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// "us-east-1", "ap-southeast-2", "us-gov-west-1".
bool is_region_name(std::string_view s) {
  const auto parts = split(s, '-');
  if (parts.size() < 3 || parts[0].size() != 2 || !all(parts[0], lower) || !all(parts.back(), digit)) return false;
  return std::all_of(parts.begin() + 1, parts.end() - 1, [](std::string_view p) { return all(p, lower); });
}

// "db.r6g.large".
bool is_instance_class(std::string_view s) {
  const auto parts = split(s, '.');
  return parts.size() == 3 && parts[0] == "db" &&
         all(parts[1], [](char c) { return lower(c) || digit(c) || c == '-'; }) &&
         all(parts[2], [](char c) { return lower(c) || digit(c); });
}

// "17.4" (pinned minor) or "17" (major only: RDS picks the minor).
bool is_engine_version(std::string_view s) {
  const auto parts = split(s, '.');
  return (parts.size() == 1 || parts.size() == 2) &&
         std::all_of(parts.begin(), parts.end(), [](const auto& part) { return all(part, digit); });
}

// PostgreSQL database / role name as RDS accepts it: a letter, then letters, digits, "_"; 1..63.
bool is_pg_identifier(std::string_view s) {
  return !s.empty() && s.size() <= 63 && (lower(s[0]) || upper(s[0])) &&
         all(s, [](char c) { return lower(c) || upper(c) || digit(c) || c == '_'; });
}

// RDS identifier characters: a lowercase letter, then lowercase letters, digits and single
// inner hyphens ("replica-1"); the length limit applies to the name with its suffix.
bool is_rds_identifier_base(std::string_view s) {
  return !s.empty() && lower(s.front()) && s.back() != '-' && s.find("--") == std::string_view::npos &&
         all(s, [](char c) { return lower(c) || digit(c) || c == '-'; });
}

// "log_lock_waits", "auto_explain.log_min_duration".
bool is_parameter_name(std::string_view s) {
  return !s.empty() && (lower(s[0]) || s[0] == '_') &&
         all(s, [](char c) { return lower(c) || digit(c) || c == '_' || c == '.'; });
}

// local@domain.tld, no spaces.
bool is_email(std::string_view s) {
  const auto at = s.find('@');
  if (at == 0 || at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
  if (std::any_of(s.begin(), s.end(), space)) return false;
  const auto domain = s.substr(at + 1);
  const auto dot = domain.find('.', 1);
  return dot != std::string_view::npos && dot + 1 < domain.size();
}

bool is_account_id(std::string_view s) { return s.size() == 12 && all(s, digit); }
bool is_partition(std::string_view s) {
  return s.substr(0, 3) == "aws" && std::all_of(s.begin(), s.end(), [](char c) { return lower(c) || c == '-'; });
}
bool no_space(std::string_view s) { return !s.empty() && std::none_of(s.begin(), s.end(), space); }

// arn:<partition>:sqs:<region>:<account>:<queue> or
// arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>].
bool is_regional_arn(std::string_view s, std::string_view service) {
  const auto parts = split(s, ':');
  if (parts.size() < 6 || parts[0] != "arn" || !is_partition(parts[1]) || parts[2] != service ||
      !all(parts[3], [](char c) { return lower(c) || digit(c) || c == '-'; }) || !is_account_id(parts[4]))
    return false;
  if (service == "lambda")
    return (parts.size() == 7 || parts.size() == 8) && parts[5] == "function" && no_space(parts[6]) &&
           (parts.size() == 7 || no_space(parts[7]));
  return parts.size() == 6 && no_space(parts[5]);
}

bool is_https_url(std::string_view s) { return s.substr(0, 8) == "https://" && no_space(s.substr(8)); }

// E.164: "+" and 7..15 digits, no leading zero.
bool is_phone_number(std::string_view s) {
  return s.size() >= 8 && s.size() <= 16 && s[0] == '+' && s[1] != '0' && all(s.substr(1), digit);
}

// "sg-" and 8 or 17 lowercase hex digits.
bool is_security_group_id(std::string_view s) {
  return s.substr(0, 3) == "sg-" && (s.size() == 11 || s.size() == 20) && all(s.substr(3), hex);
}

// arn:aws:iam::<account>:root | :user/<name> | :role/<name>, or an STS assumed-role ARN.
bool is_principal_arn(std::string_view s) {
  const auto parts = split(s, ':');
  if (parts.size() != 6 || parts[0] != "arn" || !is_partition(parts[1]) || !parts[3].empty() ||
      !is_account_id(parts[4]) || !no_space(parts[5]))
    return false;
  const auto resource = parts[5];
  const auto has = [&](std::string_view prefix) {
    return resource.substr(0, prefix.size()) == prefix && resource.size() > prefix.size();
  };
  if (parts[2] == "iam") return resource == "root" || has("user/") || has("role/");
  return parts[2] == "sts" && has("assumed-role/");
}

// A DNS name of at least two labels: lowercase letters, digits and inner hyphens, labels of
// 1..63 characters, no trailing dot.
bool is_zone_name(std::string_view name) {
  const auto labels = split(name, '.');
  return labels.size() >= 2 && std::all_of(labels.begin(), labels.end(), [](std::string_view l) {
           return !l.empty() && l.size() <= 63 && l.front() != '-' && l.back() != '-' &&
                  all(l, [](char c) { return lower(c) || digit(c) || c == '-'; });
         });
}

// ---- rules past the patterns -----------------------------------------------------------------

// AWS wants the network address, and VPCs and subnets take /16 to /28.
std::vector<std::string> cidr_rules(std::string_view text, std::string_view what) {
  std::vector<std::string> problems;
  const auto cidr = parse_cidr(text);
  if (!cidr->is_aligned())
    problems.push_back(fmt::format("{} has host bits set; AWS expects the network address: write {}.", quote(text),
                                   quote(cidr->canonical())));
  if (cidr->prefix < kMinVpcPrefix || cidr->prefix > kMaxVpcPrefix)
    problems.push_back(fmt::format("{} has prefix /{}; AWS {} take /{} to /{}.", quote(text), cidr->prefix, what,
                                   kMinVpcPrefix, kMaxVpcPrefix));
  return problems;
}

std::vector<std::string> window_length(std::string_view text, int minutes, std::string_view what) {
  if (minutes >= kMinWindowMinutes) return {};
  return {fmt::format("{} lasts {} minutes; RDS needs a {} window of at least {} minutes.", quote(text), minutes, what,
                      kMinWindowMinutes)};
}

// ---- reserved names ----------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> kReservedUsers = {
    "admin",  "rdsadmin", "rdsrepladmin", "rds_superuser", "rds_replication", "rds_password",
    "public", "user",     "all",          "none",          "select",          "table"};

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool is_reserved_user(std::string_view name) {
  const std::string lowered = lowercase(name);
  return std::find(kReservedUsers.begin(), kReservedUsers.end(), lowered) != kReservedUsers.end() ||
         lowered.rfind("pg_", 0) == 0 || lowered.rfind("rds_", 0) == 0;
}

// The reserved user names as a case-insensitive pattern ("[Aa][Dd][Mm][Ii][Nn]"): JSON
// Schema patterns have no case-insensitive flag. Runs at start-up (kReservedUserPattern):
// appended, not formatted.
std::string any_case(std::string_view word) {
  std::string out;
  for (char c : word) {
    if (!lower(c)) {
      out += c;
      continue;
    }
    out += '[';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out += c;
    out += ']';
  }
  return out;
}

const std::string kReservedUserPattern = [] {
  std::vector<std::string> words;
  for (auto word : kReservedUsers) words.push_back(any_case(word));
  return fmt::format("^(({})$|({}|{})_)", fmt::join(words, "|"), any_case("pg"), any_case("rds"));
}();

// arn:<partition>:kms:<region>:<account>:key/<key id> (a multi-Region key's id starts "mrk-").
bool is_kms_key_arn(std::string_view s) {
  if (!is_regional_arn(s, "kms")) return false;
  const auto resource = split(s, ':')[5];
  return resource.substr(0, 4) == "key/" &&
         all(resource.substr(4), [](char c) { return lower(c) || upper(c) || digit(c) || c == '-'; });
}

// arn:<partition>:iam::<account>:policy/[<path>/]<name>
bool is_iam_policy_arn(std::string_view s) {
  const auto parts = split(s, ':');
  return parts.size() == 6 && parts[0] == "arn" && is_partition(parts[1]) && parts[2] == "iam" && parts[3].empty() &&
         is_account_id(parts[4]) && parts[5].substr(0, 7) == "policy/" && no_space(parts[5].substr(7));
}

// IAM role names: 1..64 of letters, digits and + = , . @ _ - ("IAM object quotas", IAM User
// Guide, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
bool is_iam_role_name(std::string_view s) {
  return s.size() <= 64 && all(s, [](char c) {
           return lower(c) || upper(c) || digit(c) || std::string_view("+=,.@_-").find(c) != std::string_view::npos;
         });
}

// DynamoDB table names: 3..255 of letters, digits, _ . - ("Supported data types and naming
// rules in Amazon DynamoDB", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
bool is_dynamodb_table_name(std::string_view s) {
  return s.size() >= 3 && s.size() <= 255 &&
         all(s, [](char c) { return lower(c) || upper(c) || digit(c) || c == '_' || c == '.' || c == '-'; });
}

// arn:<partition>:iam::<account>:oidc-provider/<issuer host[/path]> ("IAM identifiers",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
bool is_oidc_provider_arn(std::string_view s) {
  const auto parts = split(s, ':');
  return parts.size() == 6 && parts[0] == "arn" && is_partition(parts[1]) && parts[2] == "iam" && parts[3].empty() &&
         is_account_id(parts[4]) && parts[5].substr(0, 14) == "oidc-provider/" && parts[5].size() > 14 &&
         no_space(parts[5].substr(14));
}

// "CreateDBInstance" (DBInstanceIdentifier: 1 to 63 letters, digits or hyphens, a letter
// first, no trailing hyphen or two consecutive hyphens; stored lowercase),
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html.
bool is_rds_identifier(std::string_view s) { return s.size() <= 63 && is_rds_identifier_base(s); }

// "CreateDBSnapshot" (DBSnapshotIdentifier: 1 to 255 letters, digits or hyphens, a letter
// first, no trailing hyphen or two consecutive hyphens),
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSnapshot.html.
bool is_db_snapshot_identifier(std::string_view s) {
  return !s.empty() && s.size() <= 255 && (lower(s.front()) || upper(s.front())) && s.back() != '-' &&
         s.find("--") == std::string_view::npos && all(s, [](char c) { return lower(c) || upper(c) || digit(c) || c == '-'; });
}

// "vpc-" and 8 or 17 lowercase hex digits, as security group IDs.
bool is_vpc_id(std::string_view s) {
  return s.substr(0, 4) == "vpc-" && (s.size() == 12 || s.size() == 21) && all(s.substr(4), hex);
}

// "rtb-" and 8 or 17 lowercase hex digits, as VPC IDs.
bool is_route_table_id(std::string_view s) {
  return s.substr(0, 4) == "rtb-" && (s.size() == 12 || s.size() == 21) && all(s.substr(4), hex);
}

// arn:<partition>:<service>:<region>:<account>:<kind>:<name>, the form of Secrets Manager
// secrets (kind "secret") and DMS certificates (kind "cert").
bool is_named_arn(std::string_view s, std::string_view service, std::string_view kind) {
  const auto parts = split(s, ':');
  return parts.size() == 7 && parts[0] == "arn" && is_partition(parts[1]) && parts[2] == service &&
         is_region_name(parts[3]) && is_account_id(parts[4]) && parts[5] == kind && no_space(parts[6]);
}
bool is_secret_arn(std::string_view s) { return is_named_arn(s, "secretsmanager", "secret"); }
bool is_dms_certificate_arn(std::string_view s) { return is_named_arn(s, "dms", "cert"); }

// "3.6.1": three numbers.
bool is_dms_engine_version(std::string_view s) {
  const auto parts = split(s, '.');
  return parts.size() == 3 && std::all_of(parts.begin(), parts.end(), [](const auto& part) { return all(part, digit); });
}

// "dms.t3.medium", "dms.r6i.large".
bool is_dms_instance_class(std::string_view s) {
  const auto parts = split(s, '.');
  return parts.size() == 3 && parts[0] == "dms" && all(parts[1], [](char c) { return lower(c) || digit(c); }) &&
         all(parts[2], [](char c) { return lower(c) || digit(c); });
}

template <bool (*Rule)(std::string_view)>
bool empty_or(std::string_view s) {
  return s.empty() || Rule(s);
}

}  // namespace

const Format kRegionName{.what = "an AWS region name like {example}",
                         .pattern = "^[a-z]{2}(-[a-z]+)+-[0-9]+$",
                         .example = "us-east-1",
                         .matches = is_region_name};

// Strict, as parse_cidr reads it: four decimal octets 0..255 without leading zeros, a prefix 0..32.
const Format kVpcCidr{
    .what = "an IPv4 CIDR block (a.b.c.d/n, e.g. {example})",
    .pattern = R"(^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3})"
               R"(/(3[0-2]|[12]?[0-9])$)",
    .example = "10.0.0.0/16",
    .matches = [](std::string_view s) { return parse_cidr(s).has_value(); },
    .beyond_pattern = [](std::string_view s) { return cidr_rules(s, "VPCs"); },
    .beyond_pattern_doc = "the network address (no host bits set), prefix /16 to /28"};
const Format kSubnetCidr{.what = kVpcCidr.what,
                         .pattern = kVpcCidr.pattern,
                         .example = kVpcCidr.example,
                         .matches = kVpcCidr.matches,
                         .beyond_pattern = [](std::string_view s) { return cidr_rules(s, "subnets"); },
                         .beyond_pattern_doc = kVpcCidr.beyond_pattern_doc};

const Format kInstanceClass{.what = "an RDS instance class like {example}",
                            .pattern = R"(^db\.[a-z0-9-]+\.[a-z0-9]+$)",
                            .example = "db.r6g.large",
                            .matches = is_instance_class};
const Format kInstanceClassOrEmpty{.what = kInstanceClass.what,
                                   .pattern = R"(^(db\.[a-z0-9-]+\.[a-z0-9]+)?$)",
                                   .example = kInstanceClass.example,
                                   .matches = [](std::string_view s) { return s.empty() || is_instance_class(s); }};

const Format kEngineVersion{.what =
                                "a PostgreSQL version like {example} (the major alone) or \"17.7\" (a pinned "
                                "minor)",
                            .pattern = R"(^[0-9]+(\.[0-9]+)?$)",
                            .example = "17",
                            .matches = is_engine_version};

const Format kDatabaseName{
    .what = "a valid database name: 1 to 63 letters, digits or underscores, starting with a letter",
    .pattern = "^[A-Za-z][A-Za-z0-9_]{0,62}$",
    .example = "appdb",
    .matches = is_pg_identifier};
const Format kMasterUserName{
    .what = "a valid master user name: 1 to 63 letters, digits or underscores, starting with a letter",
    .pattern = kDatabaseName.pattern,
    .example = "dbadmin",
    .matches = is_pg_identifier};

const Format kRdsIdentifierBase{
    .what =
        "an RDS identifier base: a lowercase letter, then lowercase letters, digits and single hyphens, not "
        "ending with a hyphen, e.g. {example}",
    .pattern = "^[a-z](-?[a-z0-9])*$",
    .example = "replica-1",
    .matches = is_rds_identifier_base};

const Format kDailyWindow{
    .what = "a daily window \"hh24:mi-hh24:mi\" (UTC), e.g. {example}",
    .pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$",
    .example = "02:00-03:00",
    .matches = [](std::string_view s) { return parse_daily_window(s).has_value(); },
    .beyond_pattern =
        [](std::string_view s) { return window_length(s, parse_daily_window(s)->duration_minutes(), "backup"); },
    .beyond_pattern_doc = "at least 30 minutes"};
const Format kWeeklyWindow{
    .what = "a weekly window \"ddd:hh24:mi-ddd:hh24:mi\" (UTC, days mon..sun in lowercase), e.g. {example}",
    .pattern =
        "^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-"
        "(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$",
    .example = "sun:04:00-sun:05:00",
    .matches = [](std::string_view s) { return parse_weekly_window(s).has_value(); },
    .beyond_pattern =
        [](std::string_view s) { return window_length(s, parse_weekly_window(s)->duration_minutes(), "maintenance"); },
    .beyond_pattern_doc = "at least 30 minutes"};

const Format kParameterName{.what = "a PostgreSQL parameter name (lowercase letters, digits, _ and .)",
                            .pattern = "^[a-z_][a-z0-9_.]*$",
                            .example = "log_lock_waits",
                            .matches = is_parameter_name};

const Format kEmail{.what = "an email address",
                    .pattern = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
                    .example = "oncall@example.com",
                    .matches = is_email};
const Format kHttpsUrl{.what = "an https:// URL",
                       .pattern = "^https://\\S+$",
                       .example = "https://hooks.example.com/rds",
                       .matches = is_https_url};
const Format kSqsQueueArn{.what = "an SQS queue ARN",
                          .pattern = "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[^:\\s]+$",
                          .example = "arn:aws:sqs:us-east-1:123456789012:db-alarms",
                          .matches = [](std::string_view s) { return is_regional_arn(s, "sqs"); }};
const Format kLambdaFunctionArn{.what = "a Lambda function ARN",
                                .pattern = "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[^:\\s]+(:[^:\\s]+)?$",
                                .example = "arn:aws:lambda:us-east-1:123456789012:function:page",
                                .matches = [](std::string_view s) { return is_regional_arn(s, "lambda"); }};
const Format kPhoneNumber{.what = "an E.164 phone number (+ and digits)",
                          .pattern = "^\\+[1-9][0-9]{6,14}$",
                          .example = "+15555550100",
                          .matches = is_phone_number};

const Format kSecurityGroupId{.what = "a security group ID (\"sg-\" and 8 or 17 hex digits)",
                              .pattern = "^sg-([0-9a-f]{8}|[0-9a-f]{17})$",
                              .example = "sg-0123456789abcdef0",
                              .matches = is_security_group_id};
const Format kPrincipalArn{
    .what = "an IAM principal ARN (arn:aws:iam::<account>:root, :user/<name>, :role/<name>)",
    .pattern = "^arn:aws[a-z-]*:(iam::[0-9]{12}:(root|(user|role)/[^:\\s]+)|sts::[0-9]{12}:assumed-role/[^:\\s]+)$",
    .example = "arn:aws:iam::123456789012:role/ci",
    .matches = is_principal_arn};

const Format kZoneName{
    .what =
        "a DNS zone name: two or more dot-separated labels of lowercase letters, digits and inner hyphens (1 to "
        "63 characters each), at most {max_length} characters, no trailing dot, e.g. {example}",
    .pattern = R"(^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$)",
    .example = "db.rdha.internal",
    .matches = is_zone_name,
    .max_length = kMaxZoneNameLength};

const Format kAccountIdOrEmpty{.what = "a 12-digit AWS account ID like {example}",
                               .pattern = "^([0-9]{12})?$",
                               .example = "123456789012",
                               .matches = empty_or<is_account_id>};
const Format kRegionNameOrEmpty{.what = kRegionName.what,
                                .pattern = "^([a-z]{2}(-[a-z]+)+-[0-9]+)?$",
                                .example = kRegionName.example,
                                .matches = empty_or<is_region_name>};
const Format kKmsKeyArnOrEmpty{.what = "a KMS key ARN like {example}",
                               .pattern = "^(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+)?$",
                               .example = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                               .matches = empty_or<is_kms_key_arn>};
const Format kIamPolicyArnOrEmpty{.what = "an IAM policy ARN like {example}",
                                  .pattern = "^(arn:aws[a-z-]*:iam::[0-9]{12}:policy/[^:\\s]+)?$",
                                  .example = "arn:aws:iam::123456789012:policy/terraform-state-rdha",
                                  .matches = empty_or<is_iam_policy_arn>};
const Format kIamRoleNameOrEmpty{
    .what = "an IAM role name: 1 to 64 letters, digits and + = , . @ _ -, e.g. {example}",
    .pattern = "^[A-Za-z0-9+=,.@_-]{0,64}$",
    .example = "terraform-execution-rdha",
    .matches = empty_or<is_iam_role_name>};
const Format kOidcProviderArnOrEmpty{
    .what = "an IAM OIDC provider ARN like {example}",
    .pattern = "^(arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/[^:\\s]+)?$",
    .example = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    .matches = empty_or<is_oidc_provider_arn>};
const Format kDynamoDbTableNameOrEmpty{
    .what = "a DynamoDB table name: 3 to 255 letters, digits, _ . and -, e.g. {example}",
    .pattern = "^([A-Za-z0-9_.-]{3,255})?$",
    .example = "rdha-state-lock",
    .matches = empty_or<is_dynamodb_table_name>};

const Format kRdsIdentifierOrEmpty{
    .what = "an RDS DB instance identifier: 1 to 63 lowercase letters, digits and single hyphens, a letter first, "
            "no trailing hyphen, e.g. {example}",
    .pattern = "^([a-z](-?[a-z0-9])*)?$",
    .example = "legacy-db",
    .matches = empty_or<is_rds_identifier>,
    .max_length = 63};
const Format kDbSnapshotIdentifierOrEmpty{
    .what = "a DB snapshot identifier: 1 to 255 letters, digits and single hyphens, a letter first, no trailing "
            "hyphen, e.g. {example}",
    .pattern = "^([A-Za-z](-?[A-Za-z0-9])*)?$",
    .example = "legacy-db-final",
    .matches = empty_or<is_db_snapshot_identifier>,
    .max_length = 255};
const Format kVpcIdOrEmpty{.what = "a VPC ID (\"vpc-\" and 8 or 17 hex digits)",
                           .pattern = "^(vpc-([0-9a-f]{8}|[0-9a-f]{17}))?$",
                           .example = "vpc-0123456789abcdef0",
                           .matches = empty_or<is_vpc_id>};
const Format kCidrOrEmpty{
    .what = kVpcCidr.what,
    .pattern = R"(^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3})"
               R"(/(3[0-2]|[12]?[0-9]))?$)",
    .example = "172.31.0.0/16",
    .matches = [](std::string_view s) { return s.empty() || parse_cidr(s).has_value(); },
    .beyond_pattern =
        [](std::string_view s) { return s.empty() ? std::vector<std::string>{} : cidr_rules(s, "VPCs"); },
    .beyond_pattern_doc = kVpcCidr.beyond_pattern_doc};
const Format kSecurityGroupIdOrEmpty{.what = kSecurityGroupId.what,
                                     .pattern = "^(sg-([0-9a-f]{8}|[0-9a-f]{17}))?$",
                                     .example = kSecurityGroupId.example,
                                     .matches = empty_or<is_security_group_id>};
const Format kEngineVersionOrEmpty{.what = "a PostgreSQL version like {example} or the major alone (\"13\")",
                                   .pattern = R"(^([0-9]+(\.[0-9]+)?)?$)",
                                   .example = "13.15",
                                   .matches = empty_or<is_engine_version>};

const Format kRouteTableId{.what = "a route table ID (\"rtb-\" and 8 or 17 hex digits)",
                            .pattern = "^rtb-([0-9a-f]{8}|[0-9a-f]{17})$",
                            .example = "rtb-0123456789abcdef0",
                            .matches = is_route_table_id};
const Format kSecretsManagerSecretArnOrEmpty{
    .what = "a Secrets Manager secret ARN like {example}",
    .pattern = "^(arn:aws[a-z-]*:secretsmanager:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:secret:[^:\\s]+)?$",
    .example = "arn:aws:secretsmanager:us-east-1:123456789012:secret:legacy-db-AbCdEf",
    .matches = empty_or<is_secret_arn>};
const Format kDmsCertificateArnOrEmpty{
    .what = "a DMS certificate ARN like {example}",
    .pattern = "^(arn:aws[a-z-]*:dms:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:cert:[^:\\s]+)?$",
    .example = "arn:aws:dms:us-east-1:123456789012:cert:ABCDEFGHIJKLMNOP",
    .matches = empty_or<is_dms_certificate_arn>};
const Format kDmsEngineVersion{.what = "a DMS engine version like {example}",
                               .pattern = R"(^[0-9]+\.[0-9]+\.[0-9]+$)",
                               .example = "3.6.1",
                               .matches = is_dms_engine_version};
const Format kDmsInstanceClass{.what = "a DMS replication instance class like {example}",
                               .pattern = R"(^dms\.[a-z0-9]+\.[a-z0-9]+$)",
                               .example = "dms.t3.medium",
                               .matches = is_dms_instance_class};
const Format kDatabaseNameOrEmpty{.what = kDatabaseName.what,
                                  .pattern = "^([A-Za-z][A-Za-z0-9_]{0,62})?$",
                                  .example = kDatabaseName.example,
                                  .matches = empty_or<is_pg_identifier>};

const Format kReasonText{.what = "a reason: text with at least one non-blank character",
                         .pattern = R"(^[\s\S]*\S[\s\S]*$)",
                         .example = "DR is off on purpose in this test stack",
                         .matches = [](std::string_view s) {
                           return std::any_of(s.begin(), s.end(), [](char c) {
                             return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v';
                           });
                         }};

const Reserved kReservedDatabaseNames{
    .pattern = "^(template0|template1|rdsadmin)$",
    .matches = [](std::string_view s) { return s == "template0" || s == "template1" || s == "rdsadmin"; },
    .message = "{value} is reserved by PostgreSQL/RDS; choose another database name.",
    .doc = "not template0, template1 or rdsadmin (reserved by PostgreSQL/RDS)"};
const Reserved kReservedUserNames{
    .pattern = kReservedUserPattern,
    .matches = is_reserved_user,
    .message =
        "{value} is reserved by PostgreSQL or RDS (with \"pg_\"/\"rds_\" prefixes); choose another master user "
        "name.",
    .doc =
        "not a name PostgreSQL or RDS reserve (admin, rdsadmin, public, user, ..., any case; pg_ and rds_ "
        "prefixes)"};
// Records in a private zone under amazonaws.com would shadow the RDS endpoints they point at.
const Reserved kAmazonDomains{
    .pattern = R"((^|\.)amazonaws\.com$)",
    .matches = [](std::string_view s) { return s == "amazonaws.com" || s.ends_with(".amazonaws.com"); },
    .message =
        "{value} lies under amazonaws.com: the private zone would shadow the RDS endpoints its records point "
        "at. Use a private name such as \"db.rdha.internal\".",
    .doc = "not amazonaws.com or a name under it (the zone would shadow the RDS endpoints)"};

}  // namespace rdha::stack::fields
