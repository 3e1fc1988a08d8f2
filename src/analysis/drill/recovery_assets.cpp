// list_recovery_assets (simulation.hpp): what the region of the promotion target brings to
// a regional promotion — the target's automated backups, the alarms and topics that keep
// working there, and the secret replica applications read their credentials from.
#include "analysis/drill/simulation.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

void backups_of(Simulation& s, const DbNode& target) {
  const auto retention = literal_number(arg(s.stack().resource(target.index), "backup_retention_period"));
  s.report.recovery_assets.push_back(
      {target.address, retention && *retention >= 1
                           ? "Automated backups on (" + std::to_string(static_cast<int>(*retention)) +
                                 " days): point-in-time recovery from the moment of promotion."
                           : "Automated backups are off: pass --backup-retention-period when promoting."});
}

void alarms_and_topics_in(Simulation& s, const std::string& region) {
  const Stack& stack = s.stack();
  for (std::size_t alarm : of_type(stack, "aws_cloudwatch_metric_alarm")) {
    const Resource& a = stack.resource(alarm);
    if (a.placement.region != region) continue;
    s.report.recovery_assets.push_back(
        {a.address.str(), "Alarm in " + region + " (" + literal_string(arg(a, "metric_name")).value_or("metric") +
                              "); keeps working after the primary region is gone."});
  }
  for (std::size_t topic : of_type(stack, "aws_sns_topic"))
    if (stack.resource(topic).placement.region == region)
      s.report.recovery_assets.push_back({stack.resource(topic).address.str(), "Alarm topic in " + region + "."});
}

// Secrets of other regions: readable in @p region only through a replica there.
void secrets_readable_in(Simulation& s, const std::string& region) {
  const Stack& stack = s.stack();
  for (std::size_t secret : of_type(stack, "aws_secretsmanager_secret")) {
    const Resource& r = stack.resource(secret);
    if (r.placement.region == region) continue;
    if (secrets_replicated_to(stack, region).empty()) {
      s.report.warnings.push_back(r.address.str() + " is not replicated to " + region +
                                  ": applications cannot read the database credentials there.");
      continue;
    }
    s.report.recovery_assets.push_back(
        {r.address.str(), "Replica in " + region + ": credentials stay readable; promote it to a standalone secret."});
  }
}

}  // namespace

void list_recovery_assets(Simulation& s) {
  if (!s.facts.promotion_target || !s.region_lost()) return;
  const DbNode& target = s.node(*s.facts.promotion_target);
  backups_of(s, target);
  alarms_and_topics_in(s, target.region);
  secrets_readable_in(s, target.region);
}

}  // namespace rdha::analysis::detail
