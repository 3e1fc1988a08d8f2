// automatic_trigger (simulation.hpp): the automatic start of a region failover, read from
// the graph: an EventBridge target that starts an automation with Trigger=automatic, whose
// rule matches an alarm over the promotion target's ReplicaLag (metric math or plain).
#include <nlohmann/json.hpp>

#include "analysis/drill/simulation.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

bool starts_automatic_run(const Resource& event_target) {
  const auto input = literal_string(arg(event_target, "input"));
  if (!input) return false;
  const Json parameters = Json::parse(*input, nullptr, /*allow_exceptions=*/false);
  return parameters.is_object() && parameters.value("Trigger", Json::array()) == Json::array({"automatic"});
}

// True when @p alarm watches the ReplicaLag of @p target (directly or in a metric query).
bool watches_lag_of(const Stack& stack, const Resource& alarm, std::size_t target) {
  const auto watches = [&](const Json* metric_name, const Json* dimensions) {
    return is_replica_lag_of(stack, metric_name, dimensions, target);
  };
  if (watches(arg(alarm, "metric_name"), arg(alarm, "dimensions"))) return true;
  const Json* queries = arg(alarm, "metric_query");
  if (queries == nullptr || !queries->is_array()) return false;
  for (const Json& query : *queries)
    for (const Json& metric : query.value("metric", Json::array()))
      if (metric.is_object() && watches(metric.contains("metric_name") ? &metric["metric_name"] : nullptr,
                                        metric.contains("dimensions") ? &metric["dimensions"] : nullptr))
        return true;
  return false;
}

}  // namespace

std::optional<AutomaticTrigger> automatic_trigger(const Stack& stack, std::size_t target) {
  for (std::size_t event_target : of_type(stack, "aws_cloudwatch_event_target")) {
    const Resource& t = stack.resource(event_target);
    if (!starts_automatic_run(t)) continue;
    for (std::size_t rule : targets_of(stack, t, "rule"))
      for (std::size_t alarm : targets_of(stack, stack.resource(rule), "event_pattern")) {
        const Resource& a = stack.resource(alarm);
        if (a.address.type != "aws_cloudwatch_metric_alarm" || !watches_lag_of(stack, a, target)) continue;
        const auto threshold = literal_number(arg(a, "threshold"));
        const auto periods = literal_number(arg(a, "evaluation_periods"));
        const auto period = literal_number(arg(a, "period")).value_or(60);
        if (!threshold || !periods) continue;
        return AutomaticTrigger{a.address.str(), static_cast<int>(*threshold),
                                static_cast<int>(*periods * period)};
      }
  }
  return std::nullopt;
}

}  // namespace rdha::analysis::detail
