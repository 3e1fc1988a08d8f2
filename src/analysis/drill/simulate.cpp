// simulate() (rdha/analysis/drill.hpp): the phases of a drill (simulation.hpp) in order,
// and the first of them, locating the failure domain in the stack.
#include <set>

#include "analysis/drill/simulation.hpp"
#include "core/stack_view.hpp"

namespace rdha::analysis {
namespace detail {

using namespace rdha::detail;

bool Simulation::in_domain(const Resource& resource) const {
  if (resource.placement.region != facts.region) return false;
  return region_lost() || availability_zone_of(stack(), resource) == facts.domain.name;
}

void locate_domain(Simulation& s) {
  const Stack& stack = s.stack();
  const FailureDomain& domain = s.facts.domain;
  // Regions and AZs the stack uses; an AZ's region is the stack region it starts with.
  std::set<std::string> regions;
  std::set<std::string> azs;
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const Resource& r = stack.resource(i);
    if (!r.placement.region.empty()) regions.insert(r.placement.region);
    const std::string az = availability_zone_of(stack, r);
    if (!az.empty()) azs.insert(az);
  }
  s.facts.region = domain.region();
  if (!s.region_lost())
    for (const auto& region : regions)
      if (domain.name.starts_with(region) && domain.name.size() > region.size()) s.facts.region = region;
  s.report.region = s.facts.region;

  for (std::size_t i = 0; i < stack.size(); ++i) {
    const Resource& r = stack.resource(i);
    if (r.address.kind == Kind::resource && s.in_domain(r)) s.report.affected_resources.push_back(r.address.str());
  }

  if (!regions.contains(s.facts.region))
    s.report.warnings.push_back("The stack has nothing in " + s.facts.region + " (its regions: " +
                                join({regions.begin(), regions.end()}) + "); losing it changes nothing.");
  else if (!s.region_lost() && !azs.contains(domain.name))
    s.report.warnings.push_back("No resource of the stack is pinned to " + domain.name + " (AZs in use: " +
                                join({azs.begin(), azs.end()}) +
                                "); only instances whose AZ RDS chooses could be there.");
}

}  // namespace detail

DrillReport simulate(const Stack& stack, const FailureDomain& domain) {
  detail::Simulation s;
  s.facts.stack = &stack;
  s.facts.topology = detail::db_topology(stack);
  s.facts.domain = domain;
  s.report.scenario = domain;
  detail::locate_domain(s);
  detail::assess_databases(s);
  detail::note_degraded(s);
  detail::estimate_recovery(s);
  detail::list_recovery_assets(s);
  s.report.runbook = detail::build_runbook(s.facts);
  return std::move(s.report);
}

}  // namespace rdha::analysis
