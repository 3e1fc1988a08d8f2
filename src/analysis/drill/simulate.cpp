// simulate() (rdha/analysis/drill.hpp): the phases of a drill (simulation.hpp) in order,
// and the first of them, locating the failure domain in the stack.
#include <set>

#include "analysis/drill/simulation.hpp"
#include "rdha/error.hpp"
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

  // A domain the stack does not use is a typo or the wrong stack: a drill of it would
  // report an untouched stack, which reads like good news.
  if (!regions.contains(s.facts.region) || (!s.region_lost() && !azs.contains(domain.name)))
    throw SpecError::unknown_failure_domain(domain.str(), {regions.begin(), regions.end()}, {azs.begin(), azs.end()});
}

}  // namespace detail

DrillReport simulate(const Stack& stack, const FailureDomain& domain) {
  detail::Simulation s;
  s.facts.stack = &stack;
  s.facts.topology = detail::db_topology(stack);
  // Without a DB instance every drill would report nothing lost, which reads like good news.
  if (s.facts.topology.nodes.empty())
    throw SpecError::invalid({{"stack", "has no aws_db_instance, so a drill has no database to lose (a stack in a "
                                        "migration's copy phase has none yet)."}});
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
