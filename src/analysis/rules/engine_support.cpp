// Engine support (RDHA-ENG-001): engine versions past AWS's end of standard support.
//
// The table lists version ranges AWS has announced end dates for. Dates compare with
// CheckOptions::today (the system date by default), so the rule starts firing on its own
// as dates pass: info in the 90 days before new instances are refused, a warning after.
#include <charconv>
#include <vector>

#include "analysis/rules/rule_families.hpp"
#include "core/stack_view.hpp"
#include "dr/db_topology.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;
using namespace rdha::dr::detail;

namespace {

struct SupportWindow {
  const char* engine;       ///< RDS engine name
  const char* label;        ///< "PostgreSQL"
  int major;
  int first_minor;
  int last_minor;
  const char* refused;      ///< new instances refused from (YYYY-MM-DD)
  const char* support_end;  ///< end of standard support (YYYY-MM-DD)
};

constexpr SupportWindow kWindows[] = {
    {"postgres", "PostgreSQL", 17, 1, 4, "2026-05-01", "2026-05-31"},
};

constexpr long kNoticeDays = 90;

bool parse_version(const std::string& text, int& major, int& minor) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [dot, ec] = std::from_chars(begin, end, major);
  if (ec != std::errc() || dot == end || *dot != '.') return false;
  auto [rest, ec2] = std::from_chars(dot + 1, end, minor);
  return ec2 == std::errc() && rest == end;
}

void engine_support(const CheckContext& context, FindingSink& sink) {
  for (const auto& node : db_topology(context.stack).nodes) {
    const Resource& db = context.stack.resource(node.index);
    const auto version = literal_string(arg(db, "engine_version"));  // only where it is set: the fix point
    if (!version) continue;
    const std::string engine = node.engine.empty() ? "postgres" : node.engine;
    int major = 0;
    int minor = 0;
    if (!parse_version(*version, major, minor)) continue;
    for (const auto& window : kWindows) {
      if (engine != window.engine || major != window.major || minor < window.first_minor || minor > window.last_minor)
        continue;
      const Date refused = *Date::parse(window.refused);
      const Date support_end = *Date::parse(window.support_end);
      const long days_to_refusal = refused.days_since_epoch() - context.today.days_since_epoch();
      if (days_to_refusal > kNoticeDays) continue;
      const std::string name = std::string(window.label) + " " + *version;
      const std::string fix =
          " Pin a supported minor version (list them with `aws rds describe-db-engine-versions --engine " + engine +
          " --engine-version " + std::to_string(major) +
          " --query 'DBEngineVersions[].EngineVersion'`), or set engine_version = \"" + std::to_string(major) +
          "\" with auto_minor_version_upgrade = true so RDS keeps the minor version current.";
      if (context.today >= support_end) {
        sink.report(node.address,
                    name + " is past the end of standard support (" + support_end.str() + ").",
                    "RDS has refused new instances on " + name + " since " + refused.str() +
                        " — so creating this stack, a replacement replica or a restore fails — and AWS upgrades "
                        "existing instances to a supported minor version on its own schedule." + fix);
      } else if (context.today >= refused) {
        sink.report(node.address,
                    "RDS refuses new " + name + " instances since " + refused.str() + "; standard support ends " +
                        support_end.str() + ".",
                    "Creating this stack, a replacement replica or a restore on " + name + " fails." + fix);
      } else {
        sink.report(Severity::info, node.address,
                    "RDS stops accepting new " + name + " instances on " + refused.str() +
                        " (standard support ends " + support_end.str() + ").",
                    "Plan the upgrade before then." + fix);
      }
    }
  }
}

}  // namespace

void add_engine_support_rules(RuleRegistry& registry) {
  registry.add({{"RDHA-ENG-001", "EngineStandardSupport", "The engine version is within AWS standard support",
                 Severity::warning, "engine",
                 "Past the end of standard support RDS refuses new instances on the version (breaking fresh "
                 "deploys, replacement replicas and restores) and upgrades existing ones on its own schedule.",
                 "Pin a supported minor version, or the major version with auto_minor_version_upgrade = true.",
                 {}},
                engine_support});
}

}  // namespace rdha::analysis::detail
