// The YAML writer (yaml.hpp). Plain scalars are only what no YAML reader can take for
// anything else: letters, digits and " _./-" (inner spaces), not a number, not a word YAML
// 1.1 reads as a boolean or null ("YAML Version 1.1", https://yaml.org/type/bool.html and
// https://yaml.org/type/null.html). Everything else is double-quoted with escapes.
#include "yaml.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace rdha::detail {
namespace {

constexpr std::array<std::string_view, 22> kSpecialWords = {
    "y",   "Y",    "yes", "Yes", "YES",  "n",    "N",     "no",    "No",    "NO",    "true",
    "True", "TRUE", "false", "False", "FALSE", "on",   "On",    "ON",    "off",   "Off", "OFF"};

bool plain_ok(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.front() == '-' || s.front() == '.') return false;
  if (std::find(kSpecialWords.begin(), kSpecialWords.end(), s) != kSpecialWords.end()) return false;
  if (s == "null" || s == "Null" || s == "NULL" || s == "~") return false;
  if (std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '_'; }))
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '_' || c == '.' || c == '/' || c == '-';
  });
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\t') {
      out += "\\t";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

void indent_to(std::string& out, int indent) { out.append(static_cast<std::size_t>(indent), ' '); }

}  // namespace

Yaml Yaml::text(std::string value) {
  Yaml y;
  if (value.find('\n') != std::string::npos) {
    while (value.ends_with('\n')) value.pop_back();
    y.block_ = true;
    y.scalar_ = std::move(value);
  } else {
    y.scalar_ = plain_ok(value) ? value : quoted(value);
  }
  return y;
}

Yaml Yaml::integer(std::int64_t value) {
  Yaml y;
  y.scalar_ = std::to_string(value);
  return y;
}

Yaml Yaml::boolean(bool value) {
  Yaml y;
  y.scalar_ = value ? "true" : "false";
  return y;
}

Yaml Yaml::map() {
  Yaml y;
  y.kind_ = Kind::mapping;
  return y;
}

Yaml Yaml::list() {
  Yaml y;
  y.kind_ = Kind::sequence;
  return y;
}

Yaml Yaml::texts(const std::vector<std::string>& values) {
  Yaml y = list();
  for (const auto& value : values) y.add(text(value));
  return y;
}

Yaml& Yaml::set(std::string key, Yaml value) {
  entries_.emplace_back(std::move(key), std::move(value));
  return *this;
}

Yaml& Yaml::add(Yaml value) {
  items_.push_back(std::move(value));
  return *this;
}

std::string Yaml::render() const {
  std::string out;
  render(out, 0);
  return out;
}

// A collection's entries, each line at @p indent.
void Yaml::render(std::string& out, int indent) const {
  if (kind_ == Kind::mapping) {
    for (const auto& [key, value] : entries_) {
      indent_to(out, indent);
      out += plain_ok(key) ? key : quoted(key);
      out += ':';
      value.render_value_after(out, indent);
    }
  } else if (kind_ == Kind::sequence) {
    for (const auto& item : items_) {
      indent_to(out, indent);
      out += '-';
      if (item.kind_ == Kind::mapping && !item.entries_.empty()) {
        // "- key: value", the other keys aligned under the first
        std::string nested;
        item.render(nested, indent + 2);
        out += ' ';
        out += nested.substr(static_cast<std::size_t>(indent) + 2);
      } else {
        item.render_value_after(out, indent);
      }
    }
  }
}

// What follows "key:" or "-": a scalar on the same line, a block scalar or a collection
// on the next lines, indented by two.
void Yaml::render_value_after(std::string& out, int indent) const {
  if (kind_ == Kind::scalar && block_) {
    out += " |\n";
    std::size_t start = 0;
    while (start <= scalar_.size()) {
      const auto end = scalar_.find('\n', start);
      const std::string_view line =
          std::string_view(scalar_).substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!line.empty()) indent_to(out, indent + 2);
      out += line;
      out += '\n';
      if (end == std::string::npos) break;
      start = end + 1;
    }
  } else if (kind_ == Kind::scalar) {
    out += ' ' + scalar_ + '\n';
  } else if (kind_ == Kind::mapping && entries_.empty()) {
    out += " {}\n";
  } else if (kind_ == Kind::sequence && items_.empty()) {
    out += " []\n";
  } else {
    out += '\n';
    render(out, indent + 2);
  }
}

}  // namespace rdha::detail
