// validate(HaStackSpec): every rule the stack relies on, each problem naming the field
// path, the offending value and the rule. All checks run; nothing stops at the first.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "rdha/stack/cidr.hpp"
#include "rdha/stack/names.hpp"
#include "rdha/stack/spec.hpp"
#include "rdha/stack/windows.hpp"
#include "rdha/stack/spec/fields.hpp"

namespace rdha::stack {
namespace {

using namespace detail;

// A string value as it appears in JSON: quoted and escaped.
std::string q(std::string_view text) { return nlohmann::json(std::string(text)).dump(); }

std::string quoted_list(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const auto& v : values) quoted.push_back(q(v));
  return fmt::format("[{}]", fmt::join(quoted, ", "));
}

template <class Container>
std::string choices(const Container& values) {
  std::vector<std::string> quoted;
  for (const auto& v : values) quoted.push_back(q(v));
  return fmt::format("{}", fmt::join(quoted, ", "));
}

// ---- value formats (hand-written: std::regex is slow and trips GCC 12 warnings at -O2) ----

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
  return (parts.size() == 1 || parts.size() == 2) && std::all_of(parts.begin(), parts.end(), [](const auto& part) {
           return !part.empty() && all(part, digit);
         });
}

// PostgreSQL database / role name as RDS accepts it: a letter, then letters, digits, "_"; 1..63.
bool is_pg_identifier(std::string_view s) {
  return !s.empty() && s.size() <= 63 && (lower(s[0]) || upper(s[0])) &&
         all(s, [](char c) { return lower(c) || upper(c) || digit(c) || c == '_'; });
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

bool is_az_of(std::string_view az, std::string_view region) {
  return az.size() == region.size() + 1 && az.substr(0, region.size()) == region && az.back() >= 'a' &&
         az.back() <= 'z';
}

class Checker {
 public:
  explicit Checker(const HaStackSpec& spec) : spec_(spec) {}

  std::vector<Problem> run() {
    check_names();
    check_tags();
    check_region("primary", spec_.regions.primary);
    check_region("dr", spec_.regions.dr);
    check_region_pair();
    check_database();
    check_replicas();
    check_parameters();
    check_windows();
    check_monitoring();
    check_security();
    check_failover();
    return std::move(problems_);
  }

 private:
  const HaStackSpec& spec_;
  std::vector<Problem> problems_;

  void add(std::string subject, std::string message) { problems_.push_back({std::move(subject), std::move(message)}); }

  void check_range(const std::string& path, std::int64_t value, std::int64_t min, std::int64_t max,
                   std::string_view why) {
    if (value < min || value > max) add(path, fmt::format("{} is outside {}..{}; {}.", value, min, max, why));
  }

  // Each entry at most once; later duplicates are reported at their own index.
  void check_unique(const std::string& path, const std::vector<std::string>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto first = std::find(values.begin(), values.end(), values[i]) - values.begin();
      if (static_cast<std::size_t>(first) != i)
        add(fmt::format("{}[{}]", path, i),
            fmt::format("{} repeats {}[{}]; list each value once.", q(values[i]), path, first));
    }
  }

  // ---- names -------------------------------------------------------------------------------

  void check_names() {
    // One problem per (field, kind): a bad suffix breaks dozens of names the same way.
    std::set<std::pair<std::string, NameKind>> reported;
    std::map<std::string, std::string> db_identifiers;  // name → who uses it
    for (const auto& generated : generated_names(spec_)) {
      const std::string rule = name_rule_violation(generated.kind, generated.name);
      if (!rule.empty()) {
        // Blame the user-given base when it is invalid on its own, else the suffix.
        const bool base_at_fault =
            !generated.field.empty() && !name_rule_violation(generated.kind, generated.base).empty();
        const std::string subject = base_at_fault ? generated.field : "name_suffix";
        if (reported.insert({subject, generated.kind}).second) {
          const std::string value = base_at_fault ? generated.base : spec_.name_suffix;
          add(subject, fmt::format("{} makes the {} {} invalid: {}.", q(value), to_string(generated.kind),
                                   q(generated.name), rule));
        }
      }
      if (generated.kind == NameKind::db_instance) {
        const std::string user = generated.field.empty() ? "the primary instance" : generated.field;
        const auto [it, inserted] = db_identifiers.emplace(generated.name, user);
        if (!inserted)
          add(generated.field.empty() ? "name_suffix" : generated.field,
              fmt::format("{} gives the DB instance identifier {}, already used by {}; identifiers must be unique.",
                          q(generated.base), q(generated.name), it->second));
      }
    }
  }

  void check_tags() {
    constexpr std::string_view kTagChars = " _.:/=+-@";
    const auto valid_chars = [&](const std::string& s) {
      return std::all_of(s.begin(), s.end(), [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80 ||
               kTagChars.find(c) != std::string_view::npos;
      });
    };
    // rdha adds a Name tag; AWS allows 50 tags per resource.
    if (spec_.tags.size() > 49)
      add("tags",
          fmt::format("has {} tags; AWS allows 50 per resource and rdha adds Name, so at most 49.", spec_.tags.size()));
    for (const auto& [key, value] : spec_.tags) {
      const std::string path = child_path("tags", key);
      if (key.empty() || key.size() > 128)
        add(path, fmt::format("tag key {} has {} characters; tag keys have 1 to 128.", q(key), key.size()));
      else if (key.rfind("aws:", 0) == 0)
        add(path, fmt::format("tag key {} starts with \"aws:\", which AWS reserves.", q(key)));
      else if (key == "Name")
        add(path, "tag key \"Name\" is set by rdha on every resource (e.g. \"primary-vpc" + spec_.name_suffix +
                      "\"); use another key.");
      else if (!valid_chars(key))
        add(path, fmt::format("tag key {} uses characters outside letters, digits, spaces and _.:/=+-@.", q(key)));
      if (value.size() > 256)
        add(path, fmt::format("tag value {} has {} characters; tag values have at most 256.", q(value), value.size()));
      else if (!valid_chars(value))
        add(path, fmt::format("tag value {} uses characters outside letters, digits, spaces and _.:/=+-@.", q(value)));
    }
  }

  // ---- regions -----------------------------------------------------------------------------

  std::optional<Ipv4Cidr> check_cidr(const std::string& path, const std::string& text, std::string_view what) {
    const auto cidr = parse_cidr(text);
    if (!cidr) {
      add(path, fmt::format("{} is not an IPv4 CIDR block (a.b.c.d/n, e.g. \"10.0.0.0/16\").", q(text)));
      return std::nullopt;
    }
    if (!cidr->is_aligned())
      add(path, fmt::format("{} has host bits set; AWS expects the network address: write {}.", q(text),
                            q(cidr->canonical())));
    if (cidr->prefix < kMinVpcPrefix || cidr->prefix > kMaxVpcPrefix)
      add(path, fmt::format("{} has prefix /{}; AWS {} take /{} to /{}.", q(text), cidr->prefix, what, kMinVpcPrefix,
                            kMaxVpcPrefix));
    return cidr;
  }

  void check_region(const std::string& role, const RegionSpec& region) {
    const std::string path = "regions." + role;
    if (!is_region_name(region.name))
      add(path + ".name", fmt::format("{} is not an AWS region name like \"us-east-1\".", q(region.name)));

    const auto vpc = check_cidr(path + ".vpc_cidr", region.vpc_cidr, "VPCs");

    std::vector<std::string> distinct;
    for (std::size_t i = 0; i < region.azs.size(); ++i) {
      const std::string& az = region.azs[i];
      if (!is_az_of(az, region.name))
        add(fmt::format("{}.azs[{}]", path, i),
            fmt::format("{} is not an availability zone of {} ({}.name): AZ names are the region name plus one "
                        "letter, e.g. {}.",
                        q(az), q(region.name), path, q(region.name + "a")));
      if (std::find(distinct.begin(), distinct.end(), az) == distinct.end()) distinct.push_back(az);
    }
    check_unique(path + ".azs", region.azs);
    if (distinct.size() < 2)
      add(path + ".azs", fmt::format("lists {} distinct AZ{} {}; Multi-AZ and the DB subnet group need at least two.",
                                     distinct.size(), distinct.size() == 1 ? "" : "s", quoted_list(distinct)));

    // All subnets of the region, to check pairwise overlap across public and private.
    std::vector<std::pair<std::string, Ipv4Cidr>> seen;
    const std::pair<std::string, const std::vector<std::string>*> lists[] = {
        {"public_subnets", &region.public_subnets}, {"private_subnets", &region.private_subnets}};
    for (const auto& [kind, subnets] : lists) {
      const std::string list_path = path + "." + kind;
      if (subnets->size() != region.azs.size())
        add(list_path, fmt::format("has {} CIDRs for {} AZs ({}.azs); give exactly one per AZ, in the order of azs.",
                                   subnets->size(), region.azs.size(), path));
      for (std::size_t i = 0; i < subnets->size(); ++i) {
        const std::string subnet_path = fmt::format("{}[{}]", list_path, i);
        const std::string& text = (*subnets)[i];
        const auto subnet = check_cidr(subnet_path, text, "subnets");
        if (!subnet) continue;
        if (vpc && !vpc->contains(*subnet))
          add(subnet_path, fmt::format("{} lies outside {}.vpc_cidr {}; every subnet must be inside its VPC.", q(text),
                                       path, q(region.vpc_cidr)));
        for (const auto& [other_path, other] : seen) {
          if (subnet->overlaps(other)) {
            add(subnet_path, fmt::format("{} overlaps {} {}; subnets of a VPC must not overlap.", q(text), other_path,
                                         q(other.canonical())));
            break;
          }
        }
        seen.emplace_back(subnet_path, *subnet);
      }
    }
  }

  void check_region_pair() {
    const auto& primary = spec_.regions.primary;
    const auto& dr = spec_.regions.dr;
    if (primary.name == dr.name)
      add("regions.dr.name", fmt::format("{} is also the primary region (regions.primary.name); the DR region must "
                                         "differ to survive a regional outage.",
                                         q(dr.name)));
    const auto a = parse_cidr(primary.vpc_cidr);
    const auto b = parse_cidr(dr.vpc_cidr);
    if (a && b && a->overlaps(*b))
      add("regions.dr.vpc_cidr", fmt::format("{} overlaps regions.primary.vpc_cidr {}; VPC CIDRs must be disjoint for "
                                             "peering.",
                                             q(dr.vpc_cidr), q(primary.vpc_cidr)));
  }

  // ---- database ----------------------------------------------------------------------------

  void check_instance_class(const std::string& path, const std::string& value) {
    if (!is_instance_class(value))
      add(path, fmt::format("{} is not an RDS instance class like \"db.r6g.large\".", q(value)));
  }

  void check_autoscaling_ceiling(const std::string& path, int ceiling) {
    const auto& db = spec_.database;
    if (ceiling == 0) return;  // autoscaling off
    const int minimum = (db.allocated_storage * 11 + 9) / 10;
    if (ceiling < minimum || ceiling > kMaxStorage)
      add(path, fmt::format("{} GiB must be 0 (autoscaling off) or between {} (110% of database.allocated_storage {}) "
                            "and {}; RDS needs the ceiling at least 10% above the allocated storage.",
                            ceiling, minimum, db.allocated_storage, kMaxStorage));
  }

  void check_database() {
    const auto& db = spec_.database;
    if (!is_engine_version(db.engine_version))
      add("database.engine_version",
          fmt::format("{} is not a PostgreSQL version like \"17.4\" (pinned minor) or \"17\" (major only, "
                      "with auto_minor_version_upgrade).",
                      q(db.engine_version)));
    check_instance_class("database.instance_class", db.instance_class);
    check_range("database.allocated_storage", db.allocated_storage, kMinStorage, kMaxStorage,
                "RDS for PostgreSQL takes 20 GiB to 64 TiB");
    check_autoscaling_ceiling("database.max_allocated_storage", db.max_allocated_storage);
    check_autoscaling_ceiling("database.replica_max_allocated_storage", db.replica_max_allocated_storage);
    check_iops();
    check_range("database.port", db.port, kMinPort, kMaxPort, "RDS for PostgreSQL listens on ports 1150 to 65535");

    if (!is_pg_identifier(db.db_name))
      add("database.db_name", fmt::format("{} is not a valid database name: 1 to 63 letters, digits or underscores, "
                                          "starting with a letter.",
                                          q(db.db_name)));
    else if (db.db_name == "template0" || db.db_name == "template1" || db.db_name == "rdsadmin")
      add("database.db_name",
          fmt::format("{} is reserved by PostgreSQL/RDS; choose another database name.", q(db.db_name)));

    static const std::set<std::string> kReservedUsers = {
        "admin",  "rdsadmin", "rdsrepladmin", "rds_superuser", "rds_replication", "rds_password",
        "public", "user",     "all",          "none",          "select",          "table"};
    std::string lowered = db.master_username;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!is_pg_identifier(db.master_username))
      add("database.master_username", fmt::format("{} is not a valid master user name: 1 to 63 letters, digits or "
                                                  "underscores, starting with a letter.",
                                                  q(db.master_username)));
    else if (kReservedUsers.count(lowered) || lowered.rfind("pg_", 0) == 0 || lowered.rfind("rds_", 0) == 0)
      add("database.master_username",
          fmt::format("{} is reserved by PostgreSQL or RDS (with \"pg_\"/\"rds_\" prefixes); "
                      "choose another master user name.",
                      q(db.master_username)));

    check_range("database.password_length", db.password_length, kMinPasswordLength, kMaxPasswordLength,
                "RDS for PostgreSQL accepts master passwords of 8 to 128 characters");
    check_range("database.kms_deletion_window_days", db.kms_deletion_window_days, kMinKmsWindow, kMaxKmsWindow,
                "KMS waits 7 to 30 days before deleting a key");
    check_range("database.backup_retention_days", db.backup_retention_days, kMinRetentionDays, kMaxRetentionDays,
                "RDS keeps automated backups (point-in-time recovery) 1 to 35 days, and replicas need them on");

    if (db.password_source == PasswordSource::rds_managed && (!db.replicas.empty() || db.dr_replica.enabled)) {
      std::vector<std::string> what;
      if (!db.replicas.empty())
        what.push_back(fmt::format("{} in-region replica{}", db.replicas.size(), db.replicas.size() == 1 ? "" : "s"));
      if (db.dr_replica.enabled) what.emplace_back("the DR replica");
      add("database.password_source",
          fmt::format("\"rds_managed\" cannot be combined with read replicas ({}): RDS does not create replicas of a "
                      "source whose master password Secrets Manager manages. Use \"random\" or \"ephemeral\", or "
                      "remove the replicas.",
                      fmt::join(what, " and ")));
    }

    if (db.dr_replica.enabled) check_instance_class("database.dr_replica.instance_class", db.dr_replica.instance_class);

    if (std::find(kCaCertificates.begin(), kCaCertificates.end(), db.ca_cert_identifier) == kCaCertificates.end())
      add("database.ca_cert_identifier", fmt::format("{} is not a current RDS certificate authority; use one of {}.",
                                                     q(db.ca_cert_identifier), choices(kCaCertificates)));
    for (std::size_t i = 0; i < db.cloudwatch_logs_exports.size(); ++i) {
      const auto& log = db.cloudwatch_logs_exports[i];
      if (std::find(kLogExports.begin(), kLogExports.end(), log) == kLogExports.end())
        add(fmt::format("database.cloudwatch_logs_exports[{}]", i),
            fmt::format("{} is not a PostgreSQL log type; use {}.", q(log), choices(kLogExports)));
    }
    check_unique("database.cloudwatch_logs_exports", db.cloudwatch_logs_exports);
  }

  void check_iops() {
    const auto& db = spec_.database;
    const std::string type(to_string(db.storage_type));
    if (db.iops < 0)
      return add("database.iops", fmt::format("{} is negative; use 0 for the storage type default.", db.iops));
    switch (db.storage_type) {
      case StorageType::gp2:
        if (db.iops != 0)
          add("database.iops",
              fmt::format("{} cannot be set with storage_type \"gp2\"; use 0, or gp3/io1/io2.", db.iops));
        break;
      case StorageType::gp3:
        if (db.iops != 0 && db.allocated_storage < 400)
          add("database.iops", fmt::format("{} cannot be set for gp3 below 400 GiB (database.allocated_storage is {}); "
                                           "use 0 for the 3000 IOPS baseline.",
                                           db.iops, db.allocated_storage));
        else if (db.iops != 0 && (db.iops < 12000 || db.iops > 64000))
          add("database.iops",
              fmt::format("{} is outside 12000..64000, the gp3 IOPS RDS provisions from 400 GiB.", db.iops));
        break;
      case StorageType::io1:
      case StorageType::io2:
        if (db.iops < 1000 || db.iops > 256000)
          add("database.iops",
              fmt::format("{} is outside 1000..256000; storage_type {} needs provisioned IOPS.", db.iops, q(type)));
        break;
    }
  }

  void check_replicas() {
    const auto& db = spec_.database;
    const auto& primary = spec_.regions.primary;
    const std::size_t total = db.replicas.size() + (db.dr_replica.enabled ? 1 : 0);
    if (total > static_cast<std::size_t>(kMaxReplicas))
      add("database.replicas",
          fmt::format("{} read replicas (DR included) exceed the {} RDS allows per source.", total, kMaxReplicas));
    std::vector<std::string> distinct;
    for (std::size_t i = 0; i < db.replicas.size(); ++i) {
      const auto& az = db.replicas[i].az;
      const std::string path = fmt::format("database.replicas[{}].az", i);
      if (!is_az_of(az, primary.name))
        add(path, fmt::format("{} is not an availability zone of the primary region {} (regions.primary.name); "
                              "in-region replicas run there.",
                              q(az), q(primary.name)));
      else if (std::find(primary.azs.begin(), primary.azs.end(), az) == primary.azs.end())
        add(path, fmt::format("{} is not in regions.primary.azs {}; the DB subnet group spans only those AZs.", q(az),
                              quoted_list(primary.azs)));
      if (std::find(distinct.begin(), distinct.end(), az) == distinct.end()) distinct.push_back(az);
    }
    // No replicas at all is a choice (rds_managed passwords require it); one AZ is a mistake.
    if (!db.replicas.empty() && distinct.size() < 2)
      add("database.replicas", fmt::format("places the read replicas in {} distinct AZ{} {}; use at least two AZs so "
                                           "reads survive an AZ outage.",
                                           distinct.size(), distinct.size() == 1 ? "" : "s", quoted_list(distinct)));
  }

  void check_parameters() {
    const auto& p = spec_.database.parameters;
    const std::string path = "database.parameters";
    check_range(path + ".max_connections", p.max_connections, 1, kMaxConnections,
                "PostgreSQL caps max_connections at 262143");
    check_range(path + ".statement_timeout_ms", p.statement_timeout_ms, 0, kMaxTimeoutMs, "0 turns the timeout off");
    check_range(path + ".idle_in_transaction_session_timeout_ms", p.idle_in_transaction_session_timeout_ms, 0,
                kMaxTimeoutMs, "0 turns the timeout off");
    check_range(path + ".lock_timeout_ms", p.lock_timeout_ms, 0, kMaxTimeoutMs, "0 turns the timeout off");
    check_range(path + ".log_min_duration_statement_ms", p.log_min_duration_statement_ms, -1, kMaxTimeoutMs,
                "-1 turns slow-statement logging off");
    static const std::map<std::string, std::string> kManaged = {
        {"max_connections", "max_connections"},
        {"statement_timeout", "statement_timeout_ms"},
        {"idle_in_transaction_session_timeout", "idle_in_transaction_session_timeout_ms"},
        {"lock_timeout", "lock_timeout_ms"},
        {"log_min_duration_statement", "log_min_duration_statement_ms"},
        {"rds.force_ssl", ""}};
    for (const auto& [name, value] : p.extra) {
      const std::string entry = child_path(path + ".extra", name);
      if (const auto managed = kManaged.find(name); managed != kManaged.end())
        add(entry, managed->second.empty()
                       ? fmt::format("{} is always 1 in rdha's parameter group (SSL-only); remove it.", q(name))
                       : fmt::format("{} is set by {}.{}; set it there instead.", q(name), path, managed->second));
      else if (!is_parameter_name(name))
        add(entry, fmt::format("{} is not a PostgreSQL parameter name (lowercase letters, digits, _ and .).", q(name)));
      if (value.empty())
        add(entry, fmt::format("parameter {} has an empty value; give a value or remove it.", q(name)));
    }
  }

  void check_windows() {
    const auto& db = spec_.database;
    const auto backup = parse_daily_window(db.backup_window);
    const auto maintenance = parse_weekly_window(db.maintenance_window);
    if (!backup)
      add("database.backup_window", fmt::format("{} is not a daily window \"hh24:mi-hh24:mi\" (UTC), e.g. "
                                                "\"02:00-03:00\".",
                                                q(db.backup_window)));
    else if (backup->duration_minutes() < kMinWindowMinutes)
      add("database.backup_window",
          fmt::format("{} lasts {} minutes; RDS needs a backup window of at least {} minutes.", q(db.backup_window),
                      backup->duration_minutes(), kMinWindowMinutes));
    if (!maintenance)
      add("database.maintenance_window",
          fmt::format("{} is not a weekly window \"ddd:hh24:mi-ddd:hh24:mi\" (UTC, days mon..sun in lowercase), e.g. "
                      "\"sun:04:00-sun:05:00\".",
                      q(db.maintenance_window)));
    else if (maintenance->duration_minutes() < kMinWindowMinutes)
      add("database.maintenance_window",
          fmt::format("{} lasts {} minutes; RDS needs a maintenance window of at least {} minutes.",
                      q(db.maintenance_window), maintenance->duration_minutes(), kMinWindowMinutes));
    if (backup && maintenance) {
      if (const auto overlap = find_overlap(*backup, *maintenance))
        add("database.maintenance_window",
            fmt::format("{} overlaps the daily database.backup_window {} ({} UTC); RDS requires the two windows to be "
                        "disjoint.",
                        q(db.maintenance_window), q(db.backup_window), format_overlap(*overlap)));
    }
  }

  // ---- monitoring --------------------------------------------------------------------------

  void check_monitoring() {
    const auto& m = spec_.monitoring;
    if (std::find(kMonitoringIntervals.begin(), kMonitoringIntervals.end(), m.monitoring_interval) ==
        kMonitoringIntervals.end())
      add("monitoring.monitoring_interval",
          fmt::format("{} is not one of {} (seconds; 0 turns Enhanced Monitoring off).", m.monitoring_interval,
                      fmt::join(kMonitoringIntervals, ", ")));
    const int r = m.performance_insights_retention_period;
    const bool retention_ok = r == kPiFreeRetention || r == kPiLongRetention ||
                              (r > 0 && r % kPiMonthDays == 0 && r / kPiMonthDays <= kPiMaxMonths);
    if (!retention_ok)
      add("monitoring.performance_insights_retention_period",
          fmt::format("{} is not a Performance Insights retention: use {} (free tier), {} x n days for n months up to "
                      "{} ({}), or {}.",
                      r, kPiFreeRetention, kPiMonthDays, kPiMaxMonths, kPiMonthDays * kPiMaxMonths, kPiLongRetention));

    const auto& a = m.alarms;
    const std::string path = "monitoring.alarms";
    const auto percent = [&](const char* key, double value) {
      if (!(value > 0 && value <= 100))
        add(path + "." + key, fmt::format("{} is not a percentage in (0, 100].", value));
    };
    percent("cpu_percent", a.cpu_percent);
    percent("connections_percent", a.connections_percent);
    const std::int64_t allocated_bytes = std::int64_t{spec_.database.allocated_storage} << 30;
    if (a.free_storage_bytes <= 0 || a.free_storage_bytes >= allocated_bytes)
      add(path + ".free_storage_bytes",
          fmt::format("{} must be above 0 and below database.allocated_storage ({} GiB = {} bytes), or the alarm "
                      "fires from the start.",
                      a.free_storage_bytes, spec_.database.allocated_storage, allocated_bytes));
    if (a.freeable_memory_bytes <= 0)
      add(path + ".freeable_memory_bytes", fmt::format("{} must be above 0 bytes.", a.freeable_memory_bytes));
    if (!(a.replica_lag_seconds > 0))
      add(path + ".replica_lag_seconds", fmt::format("{} must be above 0 seconds.", a.replica_lag_seconds));
    if (a.evaluation_periods < 1)
      add(path + ".evaluation_periods", fmt::format("{} must be at least 1.", a.evaluation_periods));
    if (a.period_seconds < kAlarmPeriodStep || a.period_seconds % kAlarmPeriodStep != 0)
      add(path + ".period_seconds", fmt::format("{} is not a positive multiple of 60; RDS publishes its metrics every "
                                                "60 seconds.",
                                                a.period_seconds));
    else if (a.evaluation_periods >= 1 && std::int64_t{a.evaluation_periods} * a.period_seconds > kMaxAlarmSeconds)
      add(path + ".evaluation_periods",
          fmt::format("{} periods of {} s span more than one day ({} s), the longest CloudWatch evaluates.",
                      a.evaluation_periods, a.period_seconds, kMaxAlarmSeconds));

    for (std::size_t i = 0; i < m.notification_emails.size(); ++i)
      if (!is_email(m.notification_emails[i]))
        add(fmt::format("monitoring.notification_emails[{}]", i),
            fmt::format("{} is not an email address.", q(m.notification_emails[i])));
    check_unique("monitoring.notification_emails", m.notification_emails);

    for (std::size_t i = 0; i < m.notification_endpoints.size(); ++i) {
      const auto& e = m.notification_endpoints[i];
      const std::string ep = fmt::format("monitoring.notification_endpoints[{}]", i);
      if (std::find(kNotificationProtocols.begin(), kNotificationProtocols.end(), e.protocol) ==
          kNotificationProtocols.end()) {
        add(ep + ".protocol", fmt::format("{} is not one of {}.", q(e.protocol), choices(kNotificationProtocols)));
        continue;
      }
      const bool ok = e.protocol == "https"    ? is_https_url(e.endpoint)
                      : e.protocol == "sqs"    ? is_regional_arn(e.endpoint, "sqs")
                      : e.protocol == "lambda" ? is_regional_arn(e.endpoint, "lambda")
                                               : is_phone_number(e.endpoint);
      const char* expected = e.protocol == "https"    ? "an https:// URL"
                             : e.protocol == "sqs"    ? "an SQS queue ARN"
                             : e.protocol == "lambda" ? "a Lambda function ARN"
                                                      : "an E.164 phone number (+ and digits)";
      if (!ok)
        add(ep + ".endpoint", fmt::format("{} is not {} (protocol {}).", q(e.endpoint), expected, q(e.protocol)));
    }
  }

  // ---- security ----------------------------------------------------------------------------

  void check_security() {
    const auto& s = spec_.security;
    const std::pair<std::string, const std::vector<std::string>*> regions[] = {
        {"primary", &s.existing_app_security_group_ids.primary}, {"dr", &s.existing_app_security_group_ids.dr}};
    for (const auto& [role, ids] : regions) {
      const std::string path = "security.existing_app_security_group_ids." + role;
      for (std::size_t i = 0; i < ids->size(); ++i)
        if (!is_security_group_id((*ids)[i]))
          add(fmt::format("{}[{}]", path, i),
              fmt::format("{} is not a security group ID (\"sg-\" and 8 or 17 hex digits).", q((*ids)[i])));
      check_unique(path, *ids);
      if (!s.create_app_security_groups && ids->empty())
        add(path, fmt::format("is empty while security.create_app_security_groups is false: nothing could reach the "
                              "database in {}. List the application's security groups or create them.",
                              role == "primary" ? spec_.regions.primary.name : spec_.regions.dr.name));
    }
    for (std::size_t i = 0; i < s.terraform_principals.size(); ++i)
      if (!is_principal_arn(s.terraform_principals[i]))
        add(fmt::format("security.terraform_principals[{}]", i),
            fmt::format("{} is not an IAM principal ARN (arn:aws:iam::<account>:root, :user/<name>, :role/<name>).",
                        q(s.terraform_principals[i])));
    check_unique("security.terraform_principals", s.terraform_principals);
  }

  // ---- failover ----------------------------------------------------------------------------

  void check_failover() {
    const auto& f = spec_.failover;
    const std::string path = "failover";
    if (!f.enabled) {
      if (f.automatic)
        add(path + ".automatic",
            "is true while failover.enabled is false; the trigger starts the failover "
            "automation, which only exists when failover is enabled.");
      return;
    }
    check_zone_name(path + ".zone_name", f.zone_name);
    check_range(path + ".record_ttl", f.record_ttl, kMinRecordTtl, kMaxRecordTtl,
                "clients must follow a promoted writer within 30 s, and below 5 s only adds resolver load (RDS's own "
                "endpoints use 5 s)");
    check_range(path + ".trigger_periods", f.trigger_periods, kMinTriggerPeriods, kMaxTriggerPeriods,
                "fewer than 3 minutes fires on short replication stalls; more than an hour is no longer automatic");
    check_range(path + ".max_replica_lag_seconds", f.max_replica_lag_seconds, 1, kMaxFailoverLagSeconds,
                "the automation's data-loss guard, in seconds");
    if (f.automatic && !spec_.database.dr_replica.enabled)
      add(path + ".automatic",
          "is true while database.dr_replica.enabled is false; the automatic trigger promotes "
          "the DR replica, so it needs one.");
  }

  // A DNS name of at least two labels: lowercase letters, digits and inner hyphens, labels of
  // 1..63 characters, no trailing dot; not under amazonaws.com (the RDS endpoints the records
  // point at would then resolve inside the private zone).
  void check_zone_name(const std::string& path, const std::string& name) {
    const auto labels = split(name, '.');
    const bool labels_ok = labels.size() >= 2 && std::all_of(labels.begin(), labels.end(), [](std::string_view l) {
                             return !l.empty() && l.size() <= 63 && l.front() != '-' && l.back() != '-' &&
                                    all(l, [](char c) { return lower(c) || digit(c) || c == '-'; });
                           });
    if (!labels_ok || name.size() > kMaxZoneNameLength)
      add(path, fmt::format("{} is not a DNS zone name: two or more dot-separated labels of lowercase letters, digits "
                            "and inner hyphens (1 to 63 characters each), at most {} characters, no trailing dot, e.g. "
                            "\"db.rdha.internal\".",
                            q(name), kMaxZoneNameLength));
    else if (name == "amazonaws.com" || (name.size() > 14 && name.ends_with(".amazonaws.com")))
      add(path, fmt::format("{} lies under amazonaws.com: the private zone would shadow the RDS endpoints its records "
                            "point at. Use a private name such as \"db.rdha.internal\".",
                            q(name)));
  }
};

}  // namespace

std::vector<Problem> validate(const HaStackSpec& spec) {
  auto problems = Checker(spec).run();
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return a.subject != b.subject ? a.subject < b.subject : a.message < b.message;
  });
  return problems;
}

void validate_or_throw(const HaStackSpec& spec) {
  auto problems = validate(spec);
  if (!problems.empty()) throw SpecError::invalid(std::move(problems));
}

}  // namespace rdha::stack
