// IPv4 CIDR parsing and range arithmetic for rdha/values/cidr.hpp.
#include "rdha/values/cidr.hpp"

#include <fmt/format.h>

namespace rdha {
namespace {

// Reads a decimal number of at most max_digits digits, no leading zeros ("0" itself is
// fine): "010" is octal to some tools and decimal to others, so it is refused.
std::optional<std::uint32_t> take_number(std::string_view& text, std::size_t max_digits) {
  std::size_t n = 0;
  while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
  if (n == 0 || n > max_digits || (n > 1 && text[0] == '0')) return std::nullopt;
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < n; ++i) value = value * 10 + static_cast<std::uint32_t>(text[i] - '0');
  text.remove_prefix(n);
  return value;
}

bool take_char(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

}  // namespace

std::uint32_t Ipv4Cidr::mask() const noexcept { return prefix == 0 ? 0u : ~std::uint32_t{0} << (32 - prefix); }

std::uint32_t Ipv4Cidr::first() const noexcept { return address & mask(); }

std::uint32_t Ipv4Cidr::last() const noexcept { return first() | ~mask(); }

bool Ipv4Cidr::is_aligned() const noexcept { return address == first(); }

bool Ipv4Cidr::contains(const Ipv4Cidr& other) const noexcept {
  return first() <= other.first() && other.last() <= last();
}

bool Ipv4Cidr::overlaps(const Ipv4Cidr& other) const noexcept {
  return first() <= other.last() && other.first() <= last();
}

std::string Ipv4Cidr::canonical() const { return fmt::format("{}/{}", format_ipv4(first()), prefix); }

std::optional<Ipv4Cidr> parse_cidr(std::string_view text) {
  std::uint32_t address = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0 && !take_char(text, '.')) return std::nullopt;
    const auto value = take_number(text, 3);
    if (!value || *value > 255) return std::nullopt;
    address = (address << 8) | *value;
  }
  if (!take_char(text, '/')) return std::nullopt;
  const auto prefix = take_number(text, 2);
  if (!prefix || *prefix > 32 || !text.empty()) return std::nullopt;
  return Ipv4Cidr{address, static_cast<int>(*prefix)};
}

std::string format_ipv4(std::uint32_t address) {
  return fmt::format("{}.{}.{}.{}", address >> 24, (address >> 16) & 0xff, (address >> 8) & 0xff, address & 0xff);
}

}  // namespace rdha
