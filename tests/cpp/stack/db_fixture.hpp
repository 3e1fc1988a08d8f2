// Test helper for the database and monitoring module tests: runs the modules they depend
// on (providers → kms → network ×2 → secrets → security ×2 → iam) and then the database
// (and, on request, monitoring) module, in the order build_ha_stack() uses.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rdha/core/stack.hpp"
#include "rdha/stack/modules.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack::testing {

/// @brief A stack built from the modules; lives on the heap so the RegionContext
///        pointers into `spec` stay valid.
struct DbStack {
  HaStackSpec spec;
  Stack stack;
  std::optional<Providers> providers;
  std::optional<KmsKeys> kms;
  std::optional<RegionNetwork> primary_network;
  std::optional<RegionNetwork> dr_network;
  std::optional<MasterSecret> secret;
  std::optional<RegionSecurity> primary_security;
  std::optional<RegionSecurity> dr_security;
  std::optional<IamRoles> iam;
  std::optional<Database> database;
  std::optional<Monitoring> monitoring;

  /// @brief Arguments of the node at @p address (fails the test when absent).
  const nlohmann::json& args(std::string_view address) {
    auto handle = stack.find(address);
    if (!handle) throw std::runtime_error("no node " + std::string(address));
    return handle->node().arguments;
  }
  bool has(std::string_view address) { return stack.find(address).has_value(); }
};

inline std::unique_ptr<DbStack> build_db_stack(const HaStackSpec& spec, bool with_monitoring = false) {
  auto out = std::make_unique<DbStack>();
  out->spec = spec;
  DbStack& s = *out;
  s.providers = add_providers(s.stack, s.spec);
  s.kms = build_kms(s.stack, s.spec, *s.providers);
  s.primary_network = build_network(s.stack, s.spec, s.providers->primary, s.kms->primary_arn);
  s.dr_network = build_network(s.stack, s.spec, s.providers->dr, s.kms->dr_arn);
  s.secret = build_secrets(s.stack, s.spec, *s.providers, *s.kms);
  s.primary_security = build_security_groups(s.stack, s.spec, *s.primary_network, *s.dr_network);
  s.dr_security = build_security_groups(s.stack, s.spec, *s.dr_network, *s.primary_network);
  s.iam = build_iam(s.stack, s.spec, *s.providers, *s.kms);
  s.database = build_database(s.stack, s.spec, *s.providers, *s.primary_network, *s.dr_network, *s.primary_security,
                              *s.dr_security, *s.kms, *s.secret, *s.iam);
  if (with_monitoring) s.monitoring = build_monitoring(s.stack, s.spec, *s.providers, *s.kms, *s.database);
  return out;
}

}  // namespace rdha::stack::testing
