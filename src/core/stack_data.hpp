// Internal storage of a Stack, shared by the Stack, its handles and the emitter.
// Kept out of include/ so its layout can change without breaking users.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "rdha/core/stack.hpp"

namespace rdha::detail {

struct StackData {
  std::map<std::string, RequiredProvider> required_providers;
  std::optional<std::string> pinned_version;
  TerraformVersion minimum_terraform;  ///< from require_terraform(); the default is the floor
  std::optional<Backend> backend;
  std::vector<ProviderConfig> providers;
  std::vector<Resource> resources;
  std::unordered_map<std::string, std::uint32_t> index;  ///< address → position in resources
  std::map<std::string, Variable> variables;
  std::map<std::string, nlohmann::json> locals;
  std::map<std::string, Output> outputs;
  std::vector<Removed> removed;
  std::vector<Import> imports;
};

/// @brief Stack::validate, returning the topological order it computed on the way.
std::vector<std::size_t> validate_and_order(const Stack& stack);

}  // namespace rdha::detail
