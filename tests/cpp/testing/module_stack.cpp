// The module-test stack (module_stack.hpp).
#include "testing/module_stack.hpp"

#include <set>
#include <stdexcept>

namespace rdha::stack::testing {
namespace {

// What each module takes from the others (modules.hpp).
std::set<Module> depends_on(Module module) {
  switch (module) {
    case Module::providers:
      return {};
    case Module::kms:
      return {Module::providers};
    case Module::secrets:
    case Module::iam:
      return {Module::kms};
    case Module::network:
      return {Module::kms};
    case Module::peering:
    case Module::security:
      return {Module::network};
    case Module::database:
      return {Module::network, Module::secrets, Module::security, Module::iam};
    case Module::monitoring:
      return {Module::database};
    case Module::failover:
      return {Module::monitoring};
  }
  return {};
}

void add_with_dependencies(Module module, std::set<Module>& out) {
  if (!out.insert(module).second) return;
  for (Module dependency : depends_on(module)) add_with_dependencies(dependency, out);
}

}  // namespace

const nlohmann::json& ModuleStack::args(std::string_view address) const {
  const auto index = stack.index_of(address);
  if (!index) throw std::runtime_error("no node " + std::string(address));
  return stack.resource(*index).arguments;
}

bool ModuleStack::has(std::string_view address) const { return stack.index_of(address).has_value(); }

std::vector<std::string> ModuleStack::of_type(std::string_view type) const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < stack.size(); ++i)
    if (stack.resource(i).address.type == type) out.push_back(stack.resource(i).address.str());
  return out;
}

std::unique_ptr<ModuleStack> build_modules(const HaStackSpec& spec, Module last) {
  std::set<Module> wanted;
  add_with_dependencies(last, wanted);
  const auto want = [&](Module module) { return wanted.count(module) > 0; };

  auto out = std::make_unique<ModuleStack>();
  ModuleStack& s = *out;
  s.spec = spec;
  s.providers = add_providers(s.stack, s.spec);
  if (want(Module::kms)) s.kms = build_kms(s.stack, s.spec, *s.providers);
  if (want(Module::network)) {
    s.primary_network = build_network(s.stack, s.spec, s.providers->primary, s.kms->primary_arn);
    if (s.providers->dr) s.dr_network = build_network(s.stack, s.spec, *s.providers->dr, s.kms->dr_arn);
  }
  const auto dr_network = [&] { return s.dr_network ? &*s.dr_network : nullptr; };
  if (want(Module::peering) && s.dr_network)
    s.peering = build_peering(s.stack, s.spec, *s.primary_network, *s.dr_network);
  if (want(Module::secrets)) s.secret = build_secrets(s.stack, s.spec, *s.providers, *s.kms);
  if (want(Module::security)) {
    s.primary_security = build_security_groups(s.stack, s.spec, *s.primary_network, dr_network());
    if (s.dr_network) s.dr_security = build_security_groups(s.stack, s.spec, *s.dr_network, &*s.primary_network);
  }
  if (want(Module::iam)) s.iam = build_iam(s.stack, s.spec, *s.providers, *s.kms);
  if (want(Module::database))
    s.database = build_database(s.stack, s.spec, *s.providers, *s.primary_network, dr_network(), *s.primary_security,
                                s.dr_security ? &*s.dr_security : nullptr, *s.kms, *s.secret, *s.iam,
                                add_migration_copy(s.stack, s.spec, s.providers->primary, *s.kms));
  if (want(Module::monitoring))
    s.monitoring = build_monitoring(s.stack, s.spec, *s.providers, *s.kms, s.database ? &*s.database : nullptr);
  if (want(Module::failover))
    s.failover = build_failover(s.stack, s.spec, *s.providers, *s.primary_network, dr_network(), *s.database,
                                *s.monitoring, *s.iam);
  return out;
}

}  // namespace rdha::stack::testing
