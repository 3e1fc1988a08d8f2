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

#include "rdha/schema/block_kind.hpp"

namespace rdha {

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
