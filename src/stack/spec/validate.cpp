// validate(HaStackSpec): the field table's constraints (field_checks.cpp), then the rules
// that relate several fields, each problem naming the field path, the offending value and
// the rule. All checks run; nothing stops at the first. A value without its field's
// format, or outside its field's range, is left out of the rules below: its problem is
// already reported.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "field_checks.hpp"
#include "problem_text.hpp"
#include "migration_checks.hpp"
#include "pipeline_checks.hpp"
#include "state_checks.hpp"
#include "rdha/stack/names.hpp"
#include "rdha/stack/spec.hpp"
#include "rdha/stack/spec/fields.hpp"
#include "rdha/values/cidr.hpp"
#include "rdha/values/windows.hpp"

namespace rdha::stack {
namespace {

using namespace fields;

std::string q(std::string_view text) { return quote(text); }

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
    check_dr_region_off();
    return std::move(problems_);
  }

 private:
  const HaStackSpec& spec_;
  std::vector<Problem> problems_;

  void add(std::string subject, std::string message) { problems_.push_back({std::move(subject), std::move(message)}); }

  // ---- names -------------------------------------------------------------------------------

  void check_names() {
    // One problem per (field, kind): a bad suffix breaks dozens of names the same way.
    std::set<std::pair<std::string, NameKind>> reported;
    std::map<std::string, std::string> db_identifiers;  // name → who uses it
    for (const auto& generated : Names(spec_).all()) {
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
        add(path, fmt::format("tag key \"Name\" is set by rdha on every resource (e.g. {}); use another key.",
                              q("primary-vpc" + spec_.name_suffix)));
      else if (!valid_chars(key))
        add(path, fmt::format("tag key {} uses characters outside letters, digits, spaces and _.:/=+-@.", q(key)));
      if (value.size() > 256)
        add(path, fmt::format("tag value {} has {} characters; tag values have at most 256.", q(value), value.size()));
      else if (!valid_chars(value))
        add(path, fmt::format("tag value {} uses characters outside letters, digits, spaces and _.:/=+-@.", q(value)));
    }
  }

  // ---- regions -----------------------------------------------------------------------------

  void check_region(const std::string& role, const RegionSpec& region) {
    const std::string path = "regions." + role;
    for (std::size_t i = 0; i < region.azs.size(); ++i) {
      const std::string& az = region.azs[i];
      if (!is_az_of(az, region.name))
        add(fmt::format("{}.azs[{}]", path, i),
            fmt::format("{} is not an availability zone of {} ({}.name): AZ names are the region name plus one "
                        "letter, e.g. {}.",
                        q(az), q(region.name), path, q(region.name + "a")));
    }

    // All subnets of the region, to check pairwise overlap across public and private.
    const auto vpc = parse_cidr(region.vpc_cidr);
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
        const auto subnet = parse_cidr(text);
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

  void check_autoscaling_ceiling(const std::string& path, int ceiling) {
    const auto& db = spec_.database;
    if (ceiling <= 0 || ceiling > kMaxStorage) return;  // autoscaling off, or outside the field's own range
    // Outside its field's range: reported there, and 11 times it could overflow an int.
    if (db.allocated_storage <= 0 || db.allocated_storage > kMaxStorage) return;
    const int minimum = (db.allocated_storage * 11 + 9) / 10;
    if (ceiling < minimum)
      add(path, fmt::format("{} GiB must be 0 (autoscaling off) or between {} (110% of database.allocated_storage {}) "
                            "and {}; RDS needs the ceiling at least 10% above the allocated storage.",
                            ceiling, minimum, db.allocated_storage, kMaxStorage));
  }

  void check_database() {
    const auto& db = spec_.database;
    check_autoscaling_ceiling("database.max_allocated_storage", db.max_allocated_storage);
    check_autoscaling_ceiling("database.replica_max_allocated_storage", db.replica_max_allocated_storage);
    check_iops();
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
  }

  void check_iops() {
    const auto& db = spec_.database;
    const std::string type(to_string(db.storage_type));
    if (db.iops < 0) return;  // the field's own range reports it
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
    if (db.replicas.size() <= static_cast<std::size_t>(kMaxReplicas) && total > static_cast<std::size_t>(kMaxReplicas))
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
                              quote_list(primary.azs)));
      if (std::find(distinct.begin(), distinct.end(), az) == distinct.end()) distinct.push_back(az);
    }
    // No replicas at all is a choice (rds_managed passwords require it); one AZ is a mistake.
    if (!db.replicas.empty() && distinct.size() < 2)
      add("database.replicas", fmt::format("places the read replicas in {} distinct AZ{} {}; use at least two AZs so "
                                           "reads survive an AZ outage.",
                                           distinct.size(), distinct.size() == 1 ? "" : "s", quote_list(distinct)));
  }

  // Extra parameters: a name the spec's own parameter fields manage must be set there.
  void check_parameters() {
    const auto& p = spec_.database.parameters;
    const std::string path = "database.parameters";
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
      else
        for (auto& message : kParameterName.check(name)) add(entry, std::move(message));
      if (value.empty())
        add(entry, fmt::format("parameter {} has an empty value; give a value or remove it.", q(name)));
    }
  }

  void check_windows() {
    const auto& db = spec_.database;
    const auto backup = parse_daily_window(db.backup_window);
    const auto maintenance = parse_weekly_window(db.maintenance_window);
    if (!backup || !maintenance) return;  // their formats report them
    if (const auto overlap = find_overlap(*backup, *maintenance)) {
      add("database.maintenance_window",
          fmt::format("{} overlaps the daily database.backup_window {} ({} UTC); RDS requires the two windows to be "
                      "disjoint.",
                      q(db.maintenance_window), q(db.backup_window), format_overlap(*overlap)));
      return;
    }
    // The staggered windows of the readers and the DR replica must miss the backup too.
    std::vector<std::string> instances;
    for (const auto& replica : db.replicas) instances.push_back(replica.name);
    if (db.dr_replica.enabled) instances.push_back(db.dr_replica.name);
    for (std::size_t i = 0; i < instances.size(); ++i) {
      const std::string window = instance_maintenance_window(db, i + 1);
      if (const auto overlap = find_overlap(*backup, *parse_weekly_window(window))) {
        add("database.maintenance_stagger_minutes",
            fmt::format("{} puts the maintenance window of {} at {}, which overlaps the daily "
                        "database.backup_window {} ({} UTC); RDS requires the two windows to be disjoint.",
                        db.maintenance_stagger_minutes, q(instances[i]), q(window), q(db.backup_window),
                        format_overlap(*overlap)));
        return;
      }
    }
  }

  // ---- monitoring --------------------------------------------------------------------------

  void check_monitoring() {
    const auto& m = spec_.monitoring;
    const auto& a = m.alarms;
    const std::string path = "monitoring.alarms";
    const std::int64_t allocated_bytes = std::int64_t{spec_.database.allocated_storage} << 30;
    if (a.free_storage_bytes > 0 && a.free_storage_bytes >= allocated_bytes)
      add(path + ".free_storage_bytes",
          fmt::format("{} must be above 0 and below database.allocated_storage ({} GiB = {} bytes), or the alarm "
                      "fires from the start.",
                      a.free_storage_bytes, spec_.database.allocated_storage, allocated_bytes));
    const bool period_valid = a.period_seconds >= kAlarmPeriodSeconds && a.period_seconds % kAlarmPeriodSeconds == 0;
    if (period_valid && a.evaluation_periods >= 1 &&
        std::int64_t{a.evaluation_periods} * a.period_seconds > kMaxAlarmSeconds)
      add(path + ".evaluation_periods",
          fmt::format("{} periods of {} s span more than one day ({} s), the longest CloudWatch evaluates.",
                      a.evaluation_periods, a.period_seconds, kMaxAlarmSeconds));

    // The endpoint's format follows its protocol.
    static const std::map<std::string_view, const Format*> kEndpointFormats = {
        {"https", &kHttpsUrl}, {"sqs", &kSqsQueueArn}, {"lambda", &kLambdaFunctionArn}, {"sms", &kPhoneNumber}};
    const std::pair<std::string, const std::vector<NotificationEndpoint>*> regions[] = {
        {"primary", &m.notification_endpoints.primary}, {"dr", &m.notification_endpoints.dr}};
    for (const auto& [role, endpoints] : regions)
      for (std::size_t i = 0; i < endpoints->size(); ++i) {
        const auto& e = (*endpoints)[i];
        const auto format = kEndpointFormats.find(e.protocol);
        if (format == kEndpointFormats.end()) continue;  // the protocol's own check reports it
        if (!format->second->accepts(e.endpoint))
          add(fmt::format("monitoring.notification_endpoints.{}[{}].endpoint", role, i),
              fmt::format("{} is not {} (protocol {}).", q(e.endpoint), format->second->description(), q(e.protocol)));
      }
  }

  // ---- security ----------------------------------------------------------------------------

  void check_security() {
    const auto& s = spec_.security;
    check_app_cidrs("primary", s.cross_region_app_cidrs.primary, spec_.regions.primary);
    check_app_cidrs("dr", s.cross_region_app_cidrs.dr, spec_.regions.dr);
    if (s.create_app_security_groups) return;
    const std::pair<std::string, const std::vector<std::string>*> regions[] = {
        {"primary", &s.existing_app_security_group_ids.primary}, {"dr", &s.existing_app_security_group_ids.dr}};
    for (const auto& [role, ids] : regions)
      if (ids->empty())
        add("security.existing_app_security_group_ids." + role,
            fmt::format("is empty while security.create_app_security_groups is false: nothing could reach the "
                        "database in {}. List the application's security groups or create them.",
                        role == "primary" ? spec_.regions.primary.name : spec_.regions.dr.name));
  }

  // A region's application subnets must be in its VPC: the other region's database admits
  // them through the peering, which carries only the two VPCs' CIDRs.
  void check_app_cidrs(const std::string& role, const std::vector<std::string>& cidrs, const RegionSpec& region) {
    const auto vpc = parse_cidr(region.vpc_cidr);
    if (!vpc) return;  // the VPC's own format reports it
    for (std::size_t i = 0; i < cidrs.size(); ++i) {
      const auto cidr = parse_cidr(cidrs[i]);
      if (cidr && !vpc->contains(*cidr))
        add(fmt::format("security.cross_region_app_cidrs.{}[{}]", role, i),
            fmt::format("{} lies outside regions.{}.vpc_cidr {}; the peering carries only the VPCs' own CIDRs, so the "
                        "other region's database could never be reached from it.",
                        q(cidrs[i]), role, q(region.vpc_cidr)));
    }
  }

  // ---- failover ----------------------------------------------------------------------------

  void check_failover() {
    const auto& f = spec_.failover;
    if (f.automatic && !f.enabled)
      add("failover.automatic",
          "is true while failover.enabled is false; the trigger starts the failover "
          "automation, which only exists when failover is enabled.");
    else if (f.automatic && !spec_.database.dr_replica.enabled)
      add("failover.automatic",
          "is true while database.dr_replica.enabled is false; the automatic trigger promotes "
          "the DR replica, so it needs one.");
    if (f.state == FailoverState::dr_promoted && !spec_.database.dr_replica.enabled)
      add("failover.state",
          "is \"dr_promoted\" while database.dr_replica.enabled is false; the state describes the promoted DR "
          "instance, so the spec must still declare it.");
  }

  // ---- a stack without the DR region ---------------------------------------------------------

  void check_dr_region_off() {
    if (!spec_.regions.primary.enabled)
      add("regions.primary.enabled",
          "is false; the primary region holds the writer and cannot be left out (only regions.dr.enabled can be "
          "false).");
    if (spec_.regions.dr.enabled) return;
    const auto needs_dr = [&](const std::string& field, const std::string& value, const std::string& what) {
      add(field, fmt::format("is {} while regions.dr.enabled is false; {} lives in the DR region {}, which the stack "
                             "leaves out.",
                             value, what, q(spec_.regions.dr.name)));
    };
    const DatabaseSpec& db = spec_.database;
    if (db.dr_replica.enabled) needs_dr("database.dr_replica.enabled", "true", "the cross-region DR replica");
    if (db.automated_backups_replication)
      needs_dr("database.automated_backups_replication", "true", "the copy of the automated backups");
    const auto listed = [](const auto& values) { return fmt::format("a list of {}", values.size()); };
    if (!spec_.security.existing_app_security_group_ids.dr.empty())
      needs_dr("security.existing_app_security_group_ids.dr", listed(spec_.security.existing_app_security_group_ids.dr),
               "the DB security group these groups would reach");
    if (!spec_.security.cross_region_app_cidrs.primary.empty())
      needs_dr("security.cross_region_app_cidrs.primary", listed(spec_.security.cross_region_app_cidrs.primary),
               "the DB security group that would admit these subnets");
    if (!spec_.security.cross_region_app_cidrs.dr.empty())
      needs_dr("security.cross_region_app_cidrs.dr", listed(spec_.security.cross_region_app_cidrs.dr),
               "the VPC peering that would carry this traffic");
    if (!spec_.monitoring.notification_endpoints.dr.empty())
      needs_dr("monitoring.notification_endpoints.dr", listed(spec_.monitoring.notification_endpoints.dr),
               "the alarm topic these endpoints would subscribe to");
  }
};

}  // namespace

std::vector<Problem> validate(const HaStackSpec& spec) {
  auto problems = fields::field_problems(spec);
  for (auto& problem : Checker(spec).run()) problems.push_back(std::move(problem));
  for (auto& problem : fields::state_problems(spec)) problems.push_back(std::move(problem));
  for (auto& problem : fields::pipeline_problems(spec)) problems.push_back(std::move(problem));
  for (auto& problem : fields::migration_problems(spec)) problems.push_back(std::move(problem));
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
