// The providers module: required providers, the two aws configurations, caller/partition data.
#include "rdha/stack/modules.hpp"

#include <utility>

#include "provider_versions.hpp"

namespace rdha::stack {

RegionContext region_context(const HaStackSpec& spec, RegionRole role, ProviderRef provider) {
  const bool primary = role == RegionRole::primary;
  const PerRegionIds& app_groups = spec.security.existing_app_security_group_ids;
  const RegionSpec& region = primary ? spec.regions.primary : spec.regions.dr;
  const auto& app_cidrs = primary ? spec.security.cross_region_app_cidrs.primary : spec.security.cross_region_app_cidrs.dr;
  return RegionContext{std::string(to_string(role)),
                       role,
                       std::move(provider),
                       &region,
                       Names(spec).region(role),
                       primary ? app_groups.primary : app_groups.dr,
                       app_cidrs.empty() ? region.private_subnets : app_cidrs};
}

Providers add_providers(Stack& stack, const HaStackSpec& spec) {
  stack.require_provider("aws", "hashicorp/aws", kAwsProviderVersion);
  stack.require_provider("random", "hashicorp/random", "~> 3.6");

  // default_tags is a nested block; Terraform's JSON syntax takes a single block as an
  // object. Tag values are literals, so escape any "${".
  nlohmann::json config = {{"default_tags", {{"tags", literal(nlohmann::json(spec.tags))}}}};
  // After a region failover the provider's own calls (credentials, account id) must not go
  // to the lost region's STS: both configurations use the DR region's. With -refresh=false
  // nothing else calls the lost region (docs/failover.md).
  if (spec.failover.state == FailoverState::dr_promoted) config["sts_region"] = spec.regions.dr.name;
  const ProviderRef primary = stack.add_provider("aws", spec.regions.primary.name, "", config);
  std::optional<RegionContext> dr;
  if (spec.regions.dr.enabled)
    dr = region_context(spec, RegionRole::dr, stack.add_provider("aws", spec.regions.dr.name, "dr", config));

  auto caller = stack.add<aws::data::CallerIdentity>("current", primary);
  auto partition = stack.add<aws::data::Partition>("current", primary);

  return Providers{
      region_context(spec, RegionRole::primary, primary),
      std::move(dr),
      caller,
      partition,
  };
}

}  // namespace rdha::stack
