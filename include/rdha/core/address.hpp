// rdha/core/address.hpp — the address of a block in a Terraform configuration.
//
// An address is what Terraform prints and what `depends_on` takes: `aws_vpc.primary`,
// `data.aws_region.current`, `ephemeral.aws_secretsmanager_random_password.master`.
// Names are validated, never silently sanitised: two different names must never map to
// the same address.
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace rdha {

/// @brief Which top-level block a node is: managed resource, data source or ephemeral.
enum class Kind { resource, data, ephemeral };

/// @brief "resource", "data" or "ephemeral".
std::string_view to_string(Kind kind) noexcept;

/// @brief Address of a resource, data source or ephemeral resource.
///
/// @code{.cpp}
/// rdha::Address a{rdha::Kind::data, "aws_region", "current"};
/// assert(a.str() == "data.aws_region.current");
/// @endcode
struct Address {
  Kind kind = Kind::resource;
  std::string type;  ///< provider resource type, e.g. "aws_db_instance"
  std::string name;  ///< local name, e.g. "primary"

  /// @brief "type.name", prefixed with "data." / "ephemeral." for those kinds.
  std::string str() const;

  auto operator<=>(const Address&) const = default;
};

/// @brief True when @p name is a valid Terraform identifier (letters, digits, `_`, `-`,
///        starting with a letter or `_`).
bool is_valid_identifier(std::string_view name) noexcept;

}  // namespace rdha
