// The providers module: required providers, the two aws configurations, caller/partition data.
#include "rdha/stack/modules.hpp"

#include <utility>

namespace rdha::stack {

RegionContext region_context(const HaStackSpec& spec, RegionRole role, ProviderRef provider) {
  const bool primary = role == RegionRole::primary;
  const PerRegionIds& app_groups = spec.security.existing_app_security_group_ids;
  return RegionContext{std::string(to_string(role)),
                       role,
                       std::move(provider),
                       primary ? &spec.regions.primary : &spec.regions.dr,
                       Names(spec).region(role),
                       primary ? app_groups.primary : app_groups.dr};
}

Providers add_providers(Stack& stack, const HaStackSpec& spec) {
  // 5.100.0 is what the offline plugin dir serves and is past every feature the stack may
  // use (password_wo on aws_db_instance arrived in 5.88, secret_string_wo and the
  // ephemeral aws_secretsmanager_random_password later still); 6.x changes defaults.
  stack.require_provider("aws", "hashicorp/aws", ">= 5.100.0, < 6.0.0");
  stack.require_provider("random", "hashicorp/random", "~> 3.6");

  // default_tags is a nested block; Terraform's JSON syntax takes a single block as an
  // object. Tag values are literals, so escape any "${".
  const nlohmann::json config = {{"default_tags", {{"tags", literal(nlohmann::json(spec.tags))}}}};
  const ProviderRef primary = stack.add_provider("aws", spec.regions.primary.name, "", config);
  const ProviderRef dr = stack.add_provider("aws", spec.regions.dr.name, "dr", config);

  auto caller = stack.add<aws::data::CallerIdentity>("current", primary);
  auto partition = stack.add<aws::data::Partition>("current", primary);

  return Providers{
      region_context(spec, RegionRole::primary, primary),
      region_context(spec, RegionRole::dr, dr),
      caller,
      partition,
  };
}

}  // namespace rdha::stack
