// Literal escaping for Terraform string templates (rdha/core/expr.hpp).
#include "rdha/core/expr.hpp"

namespace rdha {

std::string escape_template(std::string_view literal) {
  std::string out;
  out.reserve(literal.size());
  for (std::size_t i = 0; i < literal.size(); ++i) {
    const char c = literal[i];
    // "${" and "%{" open interpolations and directives; doubling the sigil escapes them.
    if ((c == '$' || c == '%') && i + 1 < literal.size() && literal[i + 1] == '{') out += c;
    out += c;
  }
  return out;
}

nlohmann::json literal(const nlohmann::json& value) {
  if (value.is_string()) return escape_template(value.get_ref<const std::string&>());
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(literal(item));
    return out;
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.items()) out[key] = literal(item);
    return out;
  }
  return value;
}

}  // namespace rdha
