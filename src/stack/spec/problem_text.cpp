// How values and field paths read in spec problems (problem_text.hpp, child_path in fields.hpp).
#include "problem_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "rdha/stack/spec/fields.hpp"

namespace rdha::stack::fields {

std::string quote(std::string_view text) { return nlohmann::json(std::string(text)).dump(); }

std::string quote_list(const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const auto& v : values) items.push_back(quote(v));
  return fmt::format("[{}]", fmt::join(items, ", "));
}

std::string child_path(const std::string& path, std::string_view key) {
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
  const std::string part = plain ? std::string(key) : fmt::format("[{}]", quote(key));
  if (path.empty()) return part;
  return plain ? fmt::format("{}.{}", path, part) : path + part;
}

}  // namespace rdha::stack::fields
