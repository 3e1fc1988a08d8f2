// Test helper for the module tests: a stack built from the modules of rdha/stack/modules.hpp
// up to the one under test (and only what that one depends on), in build_ha_stack() order.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/core/stack.hpp"
#include "rdha/stack/modules.hpp"
#include "rdha/stack/spec.hpp"

namespace rdha::stack::testing {

/// @brief The modules, in the order build_ha_stack() runs them.
enum class Module { providers, kms, network, peering, secrets, security, iam, database, monitoring, failover };

/// @brief The stack and every module result built so far (nullopt: not built). Lives on
///        the heap so the RegionContexts' pointers into `spec` stay valid.
struct ModuleStack {
  HaStackSpec spec;
  Stack stack;
  std::optional<Providers> providers;
  std::optional<KmsKeys> kms;
  std::optional<RegionNetwork> primary_network;
  std::optional<RegionNetwork> dr_network;
  std::optional<Peering> peering;
  std::optional<MasterSecret> secret;
  std::optional<RegionSecurity> primary_security;
  std::optional<RegionSecurity> dr_security;
  std::optional<IamRoles> iam;
  std::optional<Database> database;
  std::optional<Monitoring> monitoring;
  std::optional<Failover> failover;

  /// @brief Arguments of the node at @p address (throws when absent).
  const nlohmann::json& args(std::string_view address) const;
  /// @brief True when the stack holds a node at @p address.
  bool has(std::string_view address) const;
  /// @brief Addresses of every node of @p type, in insertion order.
  std::vector<std::string> of_type(std::string_view type) const;
};

/// @brief Runs @p last and the modules it depends on, nothing else, for @p spec.
std::unique_ptr<ModuleStack> build_modules(const HaStackSpec& spec, Module last);

}  // namespace rdha::stack::testing
