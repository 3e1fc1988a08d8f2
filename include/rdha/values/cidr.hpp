// rdha/values/cidr.hpp — IPv4 CIDR blocks: strict parsing, containment and overlap.
//
// The spec validation (VPCs disjoint for peering, subnets inside their VPC and disjoint)
// and the policy checks both reason about address ranges; they share this one parser so
// "10.0.0.0/16" means the same thing everywhere. Parsing is strict: four decimal octets
// without leading zeros, a prefix length 0..32, nothing else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rdha {

/// @brief An IPv4 CIDR block as written: base address and prefix length.
///
/// @code{.cpp}
/// auto vpc = rdha::parse_cidr("10.0.0.0/16");
/// auto subnet = rdha::parse_cidr("10.0.3.0/24");
/// assert(vpc && subnet && vpc->contains(*subnet) && vpc->is_aligned());
/// @endcode
struct Ipv4Cidr {
  std::uint32_t address = 0;  ///< the written base address, host order
  int prefix = 0;             ///< prefix length, 0..32

  /// @brief The netmask for the prefix length (0 for /0).
  std::uint32_t mask() const noexcept;
  /// @brief First address of the block (the base with its host bits cleared).
  std::uint32_t first() const noexcept;
  /// @brief Last address of the block.
  std::uint32_t last() const noexcept;
  /// @brief True when the written base has no host bits set (AWS rejects others).
  bool is_aligned() const noexcept;
  /// @brief True when every address of @p other lies in this block.
  bool contains(const Ipv4Cidr& other) const noexcept;
  /// @brief True when the two blocks share at least one address.
  bool overlaps(const Ipv4Cidr& other) const noexcept;
  /// @brief The block in canonical form, base address with host bits cleared ("10.0.0.0/16").
  std::string canonical() const;

  bool operator==(const Ipv4Cidr&) const = default;
};

/// @brief Parses "a.b.c.d/n" strictly; std::nullopt for anything else.
std::optional<Ipv4Cidr> parse_cidr(std::string_view text);

/// @brief Dotted-quad text of an address in host order ("10.0.0.0").
std::string format_ipv4(std::uint32_t address);

}  // namespace rdha
