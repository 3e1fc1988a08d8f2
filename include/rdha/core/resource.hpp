// rdha/core/resource.hpp — one node of the graph: a resource, data source or ephemeral
// resource with its arguments, meta-arguments and placement.
//
// Resources are owned by a Stack and edited through handles (core/handle.hpp). The
// arguments are kept in template-form JSON (see core/expr.hpp) with the references each
// top-level argument holds, so edges are known without rescanning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/core/address.hpp"
#include "rdha/core/placement.hpp"
#include "rdha/core/references.hpp"

namespace rdha {

/// @brief Terraform's `lifecycle` meta-argument block.
struct Lifecycle {
  bool create_before_destroy = false;
  bool prevent_destroy = false;
  std::vector<std::string> ignore_changes;        ///< argument names, or "all"
  std::vector<std::string> replace_triggered_by;  ///< expressions (references), e.g. "aws_x.y.id"

  bool empty() const noexcept {
    return !create_before_destroy && !prevent_destroy && ignore_changes.empty() &&
           replace_triggered_by.empty();
  }
};

/// @brief A reference held by one argument of a resource (the source of an edge).
struct HeldReference {
  std::string argument;  ///< top-level argument or block name holding it ("depends_on" too)
  FoundReference target;
};

/// @brief A node of the dependency graph.
struct Resource {
  Address address;
  std::string provider;      ///< provider configuration, "aws" or "aws.dr"
  nlohmann::json arguments;  ///< object: argument / block name → template-form value
  std::vector<HeldReference> references;
  std::vector<std::string> depends_on;  ///< addresses
  Lifecycle lifecycle;
  std::optional<nlohmann::json> count;     ///< template-form `count`
  std::optional<nlohmann::json> for_each;  ///< template-form `for_each`
  Placement placement;
};

}  // namespace rdha
