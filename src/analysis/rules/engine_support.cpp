// Engine support (RDHA-ENG-*): minor versions RDS no longer creates (RDHA-ENG-001), and
// pinned minors with automatic upgrades off, which AWS upgrades anyway once it retires
// them (RDHA-ENG-002).
//
// kRetiredMinors is the one table of minor versions RDS stops creating, with the dates AWS
// announced; docs/check.md points here instead of repeating it. Dates compare with
// CheckOptions::today (the system date by default), so RDHA-ENG-001 starts firing on its
// own as dates pass: info in the 90 days before RDS refuses new instances, an error after.
//
// Sources (table as of 2026-12-05):
//  - the AWS Health notice for RDS for PostgreSQL minor versions, quoted in "AWS RDS
//    instances - Health Checks" (https://github.com/saayam-for-all/database/wiki/
//    AWS-RDS-instances-%E2%80%90-Health-Checks): 17.1-17.4 reach the end of standard
//    support on 2026-05-31; "Starting May 1, 2026, you will not be able to create new
//    database instances" on them; instances still on them are upgraded to 17.7 or higher
//    in a maintenance window, and so are restores from their snapshots;
//  - "AWS RDS PostgreSQL Minor Version Deprecation: What You Need to Do Before the
//    Auto-Upgrade" (https://lucaberton.com/blog/aws-rds-postgresql-minor-version-deprecation-
//    may-2026/), which agrees;
//  - to extend the table: "Release calendars for Amazon RDS for PostgreSQL"
//    (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/
//    postgresql-release-calendar.html) and `aws rds describe-db-engine-versions`.
#include <charconv>
#include <optional>

#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"
#include "dr/db_topology.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;
using namespace rdha::dr::detail;

namespace {

struct RetiredMinors {
  const char* engine;  ///< RDS engine name
  const char* label;   ///< "PostgreSQL"
  int major;
  int first_minor;
  int last_minor;
  const char* refused;      ///< RDS refuses new instances from (YYYY-MM-DD)
  const char* support_end;  ///< end of standard support (YYYY-MM-DD)
};

constexpr RetiredMinors kRetiredMinors[] = {
    {"postgres", "PostgreSQL", 17, 1, 4, "2026-05-01", "2026-05-31"},
};

constexpr long kNoticeDays = 90;

struct MinorVersion {
  int major = 0;
  int minor = 0;
};

// "17.4" → {17, 4}; nothing for the major alone ("17") or anything else.
std::optional<MinorVersion> pinned_minor(const std::string& text) {
  MinorVersion v;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [dot, ec] = std::from_chars(begin, end, v.major);
  if (ec != std::errc() || dot == end || *dot != '.') return std::nullopt;
  auto [rest, ec2] = std::from_chars(dot + 1, end, v.minor);
  if (ec2 != std::errc() || rest != end) return std::nullopt;
  return v;
}

std::string engine_of(const DbNode& node) { return node.engine.empty() ? "postgres" : node.engine; }

// How to leave a pinned minor: the major with automatic upgrades, or a current pin.
std::string unpin_fix(const std::string& engine, int major) {
  const std::string m = std::to_string(major);
  return " Set engine_version = \"" + m +
         "\" with auto_minor_version_upgrade = true so RDS creates its current minor and keeps it patched, or pin a "
         "minor RDS still creates (list them with `aws rds describe-db-engine-versions --engine " + engine +
         " --engine-version " + m + " --query 'DBEngineVersions[].EngineVersion'`).";
}

void retired_minor(const CheckContext& context, FindingSink& sink) {
  for (const auto& node : db_topology(context.stack).nodes) {
    const auto version = literal_string(arg(context.stack.resource(node.index), "engine_version"));
    if (!version) continue;  // replicas inherit it: reported on their source, the fix point
    const auto pinned = pinned_minor(*version);
    if (!pinned) continue;
    const std::string engine = engine_of(node);
    for (const auto& retired : kRetiredMinors) {
      if (engine != retired.engine || pinned->major != retired.major || pinned->minor < retired.first_minor ||
          pinned->minor > retired.last_minor)
        continue;
      const Date refused = *Date::parse(retired.refused);
      const Date support_end = *Date::parse(retired.support_end);
      if (refused.days_since_epoch() - context.today.days_since_epoch() > kNoticeDays) continue;
      const std::string name = std::string(retired.label) + " " + *version;
      const std::string fix = unpin_fix(engine, pinned->major);
      if (context.today >= refused) {
        sink.report(node.address, "RDS no longer creates " + name + " instances (since " + refused.str() + ").",
                    "CreateDBInstance on " + name + " fails, so this stack cannot be deployed on a fresh account, and "
                    "a replacement replica or a restore fails too; standard support " +
                        (context.today >= support_end ? "ended " : "ends ") + support_end.str() +
                        ", after which AWS upgrades running instances in their maintenance window and a pinned "
                        "configuration shows a downgrade on every plan." + fix);
      } else {
        sink.report(Severity::info, node.address,
                    "RDS stops creating " + name + " instances on " + refused.str() + " (standard support ends " +
                        support_end.str() + ").",
                    "Move off it before then." + fix);
      }
    }
  }
}

void pinned_minor_frozen(const CheckContext& context, FindingSink& sink) {
  for (const auto& node : db_topology(context.stack).nodes) {
    const Resource& db = context.stack.resource(node.index);
    const auto version = literal_string(arg(db, "engine_version"));
    if (!version) continue;
    const auto pinned = pinned_minor(*version);
    if (!pinned || literal_bool(arg(db, "auto_minor_version_upgrade")) != false) continue;
    sink.report(node.address,
                "engine_version pins \"" + *version + "\" with auto_minor_version_upgrade = false.",
                "RDS retires minor versions (RDHA-ENG-001 lists the announced dates): from then on creating an "
                "instance on the pin fails, and AWS upgrades the running instance in its maintenance window anyway, "
                "after which every plan shows a downgrade to " + *version + "." +
                    unpin_fix(engine_of(node), pinned->major));
  }
}

}  // namespace

void add_engine_support_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-ENG-001", "EngineMinorCreatable", "The pinned minor version is one RDS still creates",
                 Severity::error, "engine",
                 "RDS refuses new instances on a retired minor version, so a fresh deploy, a replacement replica "
                 "or a restore fails, and AWS upgrades running instances on its own schedule.",
                 "Set the major version with auto_minor_version_upgrade = true, or pin a minor RDS still creates.",
                 {}},
                retired_minor});
  registry.add({{"RDHA-ENG-002", "PinnedMinorUpgraded", "A pinned minor version is not frozen",
                 Severity::warning, "engine",
                 "A pinned minor with automatic upgrades off stays until RDS retires it; then new instances on it "
                 "fail and AWS upgrades the running ones anyway, which a pinned configuration sees as a downgrade.",
                 "Set the major version (\"17\") with auto_minor_version_upgrade = true, or keep the pin and move it "
                 "before RDS retires the minor.",
                 {}},
                pinned_minor_frozen});
}

}  // namespace rdha::analysis::detail
