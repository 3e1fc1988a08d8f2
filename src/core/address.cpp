// Addresses and identifier rules (rdha/core/address.hpp).
#include "rdha/core/address.hpp"

namespace rdha {

std::string Address::str() const {
  std::string out;
  out.reserve(type.size() + name.size() + 11);
  if (kind != Kind::resource) {
    out += to_string(kind);
    out += '.';
  }
  out += type;
  out += '.';
  out += name;
  return out;
}

bool is_valid_identifier(std::string_view name) noexcept {
  if (name.empty()) return false;
  const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!is_letter(name.front()) && name.front() != '_') return false;
  for (char c : name)
    if (!is_letter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-') return false;
  return true;
}

}  // namespace rdha
