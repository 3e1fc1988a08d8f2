// note_degraded (simulation.hpp): resources that survive the failure but work in a
// reduced way. In an AZ loss, a NAT gateway in the AZ takes private egress with it and a
// DB subnet group loses a subnet; in any loss, an alarm watching a lost instance goes to
// ALARM or INSUFFICIENT_DATA.
#include <set>

#include "analysis/drill/simulation.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis::detail {

using namespace rdha::detail;

namespace {

// Route tables whose default route goes to the NAT gateway, and the subnets using them.
std::string nat_effect(const Stack& stack, std::size_t nat, const std::string& region, std::size_t nats_in_region) {
  std::vector<std::string> tables;
  for (std::size_t route : of_type(stack, "aws_route")) {
    const Resource& r = stack.resource(route);
    const Json* target = arg(r, "nat_gateway_id");
    if (target == nullptr || !value_references(stack, *target, nat)) continue;
    for (std::size_t table : targets_of(stack, r, "route_table_id")) tables.push_back(stack.resource(table).address.str());
  }
  for (std::size_t table : of_type(stack, "aws_route_table"))
    if (const Json* routes = arg(stack.resource(table), "route"); routes != nullptr && value_references(stack, *routes, nat))
      tables.push_back(stack.resource(table).address.str());
  std::string effect = nats_in_region == 1
                           ? "private egress of " + region + " is gone: it is the region's only NAT gateway"
                           : "private egress of the subnets routed through it is gone";
  if (!tables.empty()) effect += " (default route of " + join(tables) + ")";
  return effect + "; the database keeps serving, but anything in the private subnets loses outbound access.";
}

// NAT gateways in the lost AZ.
void lost_nat_gateways(Simulation& s) {
  const Stack& stack = s.stack();
  const auto nats = of_type(stack, "aws_nat_gateway");
  std::size_t in_region = 0;
  for (std::size_t nat : nats) in_region += stack.resource(nat).placement.region == s.facts.region ? 1 : 0;
  for (std::size_t nat : nats) {
    const Resource& r = stack.resource(nat);
    if (!s.in_domain(r)) continue;
    s.facts.lost_nats.push_back(nat);
    s.report.degraded.push_back({r.address.str(), nat_effect(stack, nat, s.facts.region, in_region)});
  }
}

// DB subnet groups with a subnet in the lost AZ: RDS places standbys and new instances in
// the others (none left is a warning).
void shrunk_subnet_groups(Simulation& s) {
  const Stack& stack = s.stack();
  const std::string& az = s.facts.domain.name;
  for (std::size_t group : of_type(stack, "aws_db_subnet_group")) {
    const Resource& g = stack.resource(group);
    std::set<std::string> group_azs;
    for (std::size_t subnet : targets_of(stack, g, "subnet_ids"))
      group_azs.insert(availability_zone_of(stack, stack.resource(subnet)));
    if (!group_azs.contains(az)) continue;
    group_azs.erase(az);
    group_azs.erase("");
    s.report.degraded.push_back(
        {g.address.str(), "Its subnet in " + az + " is unavailable; RDS places standbys and new instances in " +
                              (group_azs.empty() ? std::string("no other AZ") : join({group_azs.begin(), group_azs.end()})) +
                              "."});
    if (group_azs.empty())
      s.report.warnings.push_back(g.address.str() + " spans only " + az +
                                  ": no standby or replacement instance can be placed while it is down.");
  }
}

// Surviving alarms whose dimensions name a lost instance.
void blind_alarms(Simulation& s) {
  const Stack& stack = s.stack();
  for (std::size_t alarm : of_type(stack, "aws_cloudwatch_metric_alarm")) {
    const Resource& a = stack.resource(alarm);
    if (a.placement.region == s.facts.region && s.region_lost()) continue;  // lost with the region
    const Json* dimensions = arg(a, "dimensions");
    for (const auto& entry : s.report.lost) {
      auto index = stack.index_of(entry.address);
      if (entry.role == kStandby || !index || dimensions == nullptr || !value_references(stack, *dimensions, *index))
        continue;
      s.report.degraded.push_back(
          {a.address.str(), "Watches " + entry.address + ", which is lost: it goes to ALARM or INSUFFICIENT_DATA."});
      break;
    }
  }
}

}  // namespace

void note_degraded(Simulation& s) {
  if (!s.region_lost()) {
    lost_nat_gateways(s);
    shrunk_subnet_groups(s);
  }
  blind_alarms(s);
}

}  // namespace rdha::analysis::detail
