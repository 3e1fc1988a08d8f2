// Values of the JSON syntax as native-syntax expressions (hcl_syntax.hpp).
//
// Templates are copied, not re-parsed: the JSON syntax reads a string with the same
// template grammar as a quoted native string ("JSON Configuration Syntax", Expression
// Mapping, https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping),
// so the text between the quotes stays the same but for what only a quoted string needs
// escaped: '"', '\' and control characters ("Strings and Templates", Escape Sequences,
// https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences).
// The "${...}" and "%{...}" sequences are found with their nested strings and braces so
// that an escape is never put inside one.
#include "hcl_syntax.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace rdha::detail::hcl {
namespace {

constexpr std::size_t npos = std::string_view::npos;

std::string spaces(int count) { return std::string(static_cast<std::size_t>(std::max(count, 0)), ' '); }

bool opens_sequence(std::string_view text, std::size_t at) {
  return (text[at] == '$' || text[at] == '%') && at + 1 < text.size() && text[at + 1] == '{';
}

// "$${" and "%%{": literal "${" and "%{".
bool is_escaped_opening(std::string_view text, std::size_t at) {
  return (text[at] == '$' || text[at] == '%') && at + 2 < text.size() && text[at + 1] == text[at] &&
         text[at + 2] == '{';
}

std::size_t sequence_end(std::string_view text, std::size_t at);

// The index of the quote closing the string literal that opens at @p at, or npos.
std::size_t string_end(std::string_view text, std::size_t at) {
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i;
    } else if (is_escaped_opening(text, i)) {
      i += 2;
    } else if (opens_sequence(text, i)) {
      const std::size_t end = sequence_end(text, i);
      if (end == npos) return npos;
      i = end - 1;
    }
  }
  return npos;
}

// The index just past the '}' closing the sequence that opens at @p at, or npos.
std::size_t sequence_end(std::string_view text, std::size_t at) {
  int depth = 0;
  for (std::size_t i = at + 2; i < text.size(); ++i) {
    if (text[i] == '"') {
      i = string_end(text, i);
      if (i == npos) return npos;
    } else if (text[i] == '{') {
      ++depth;
    } else if (text[i] == '}') {
      if (depth == 0) return i + 1;
      --depth;
    }
  }
  return npos;
}

// A template cut into literal text and "${...}" / "%{...}" sequences (kept whole).
struct Part {
  bool sequence;
  std::string_view text;
};

std::vector<Part> template_parts(std::string_view text) {
  std::vector<Part> parts;
  std::size_t literal = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (is_escaped_opening(text, i)) {
      i += 3;
      continue;
    }
    if (!opens_sequence(text, i)) {
      ++i;
      continue;
    }
    const std::size_t end = sequence_end(text, i);
    if (end == npos) break;  // unterminated: the rest is text (Terraform reports it either way)
    if (i > literal) parts.push_back({false, text.substr(literal, i - literal)});
    parts.push_back({true, text.substr(i, end - i)});
    i = literal = end;
  }
  if (literal < text.size()) parts.push_back({false, text.substr(literal)});
  return parts;
}

// The expression of a template that is one whole interpolation ("${expr}"), or "" when the
// template is anything else. Its value is the expression's, unconverted, in both syntaxes.
std::string_view whole_interpolation(const std::vector<Part>& parts) {
  if (parts.size() != 1 || !parts[0].sequence || parts[0].text[0] != '$') return {};
  std::string_view inner = parts[0].text.substr(2, parts[0].text.size() - 3);
  if (inner.find('\n') != npos || inner.starts_with('~') || inner.ends_with('~')) return {};
  const std::size_t first = inner.find_first_not_of(' ');
  if (first == npos) return {};
  return inner.substr(first, inner.find_last_not_of(' ') - first + 1);
}

// Literal text as the inside of a quoted string; @p escape_templates also escapes "${" and
// "%{" (text that is not a template).
void append_escaped(std::string& out, std::string_view text, bool escape_templates) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          if (escape_templates && opens_sequence(text, i)) out += c;
          out += c;
        }
    }
  }
}

// Text as a template: literal text with "${" and "%{" escaped, a template as it is.
std::string template_text(std::string_view text, Strings strings) {
  if (strings == Strings::templates) return std::string(text);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (opens_sequence(text, i)) out += text[i];
    out += text[i];
  }
  return out;
}

// The lines of @p text, split at its newlines.
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == npos ? npos : end - start));
    if (end == npos) return lines;
    start = end + 1;
  }
}

// A `<<-` heredoc strips the indentation its lines share and ends every line with a newline.
// It holds @p text exactly when: the text has at least two lines; a line starts at column 0
// (so only the indentation added here is stripped); no line is spaces only or ends in a
// space; no control character but the newlines; no sequence spans lines; the closing
// marker is not a line of it. Text without a final newline is the heredoc in `chomp()`,
// which removes exactly that newline ("chomp Function",
// https://developer.hashicorp.com/terraform/language/functions/chomp). Empty text: no
// heredoc holds @p text.
Rendered heredoc(std::string_view text, const std::vector<Part>& parts, int indent) {
  const bool final_newline = text.ends_with('\n');
  const std::string_view body = final_newline ? text.substr(0, text.size() - 1) : text;
  if (body.find('\n') == npos) return {};
  if (std::any_of(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f; }))
    return {};
  for (const Part& part : parts)
    if (part.sequence && part.text.find('\n') != npos) return {};
  const auto lines = lines_of(body);
  bool starts_at_column_0 = false;
  for (std::string_view line : lines) {
    if (line.empty()) continue;
    if (line.back() == ' ') return {};
    starts_at_column_0 = starts_at_column_0 || line.front() != ' ';
  }
  if (!starts_at_column_0) return {};
  std::string marker = "EOT";
  const auto closes = [&](std::string_view line) { return !line.empty() && line.substr(line.find_first_not_of(' ')) == marker; };
  while (std::any_of(lines.begin(), lines.end(), closes)) marker += "_";
  std::string out = "<<-" + marker + "\n";
  for (std::string_view line : lines) {
    if (!line.empty()) out += spaces(indent + 2) + std::string(line);
    out += "\n";
  }
  out += spaces(indent) + marker;
  if (final_newline) return {std::move(out), true};
  return {"chomp(" + out + "\n" + spaces(indent) + ")", false};
}

bool is_scalar(const nlohmann::json& value) { return !value.is_array() && !value.is_object(); }

Rendered string_expression(std::string_view text, Strings strings, int indent, bool heredoc_allowed) {
  const std::string source = template_text(text, strings);
  const auto parts = template_parts(source);
  if (strings == Strings::templates) {
    if (const std::string_view bare = whole_interpolation(parts); !bare.empty()) return {std::string(bare)};
  }
  if (heredoc_allowed) {
    // Literal text (variable defaults and descriptions, output descriptions, backend
    // settings) is read without an evaluation context, where no function may be called
    // ("Function calls not allowed"): there the chomp() form stays a quoted string.
    Rendered doc = heredoc(source, parts, indent);
    if (!doc.text.empty() && (strings == Strings::templates || doc.one_line)) return doc;
  }
  return {quoted(text, strings)};
}

std::size_t columns(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Rendered expression_at(const nlohmann::json& value, Strings strings, int indent, bool heredoc_allowed) {
  if (value.is_string()) return string_expression(value.get_ref<const std::string&>(), strings, indent, heredoc_allowed);
  if (value.is_array()) {
    if (value.empty()) return {"[]"};
    if (std::all_of(value.begin(), value.end(), is_scalar)) {
      std::string out = "[";
      for (const auto& element : value) {
        if (out.size() > 1) out += ", ";
        out += expression_at(element, strings, indent, false).text;
      }
      return {out + "]"};
    }
    std::string out = "[\n";
    for (const auto& element : value)
      out += spaces(indent + 2) + expression_at(element, strings, indent + 2, false).text + ",\n";
    return {out + spaces(indent) + "]", false};
  }
  if (value.is_object()) {
    if (value.empty()) return {"{}"};
    std::vector<Attribute> items;
    for (const auto& [key, element] : value.items()) {
      // A bare `for` opens a for expression ("{ for = 1 }" is refused: "Invalid 'for'
      // expression"); the literal keywords would be values, not names.
      const bool bare = is_identifier(key) && key != "true" && key != "false" && key != "null" && key != "for";
      items.emplace_back(bare ? key : quoted(key, strings), expression_at(element, strings, indent + 2, true));
    }
    return {"{\n" + attribute_lines(items, indent + 2) + spaces(indent) + "}", false};
  }
  return {value.dump()};  // number, boolean, null
}

}  // namespace

bool is_identifier(std::string_view name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

Rendered expression(const nlohmann::json& value, Strings strings, int indent) {
  return expression_at(value, strings, indent, true);
}

std::string quoted(std::string_view text, Strings strings) {
  std::string out = "\"";
  if (strings == Strings::literal) {
    append_escaped(out, text, true);
  } else {
    for (const Part& part : template_parts(text)) {
      if (part.sequence)
        out += part.text;
      else
        append_escaped(out, part.text, false);
    }
  }
  return out + "\"";
}

std::string attribute_lines(const std::vector<Attribute>& attributes, int indent) {
  std::string out;
  for (std::size_t i = 0; i < attributes.size();) {
    std::size_t end = i + 1;
    std::size_t width = columns(attributes[i].first);
    if (attributes[i].second.one_line) {
      while (end < attributes.size() && attributes[end].second.one_line)
        width = std::max(width, columns(attributes[end++].first));
    }
    for (; i < end; ++i) {
      const auto& [name, value] = attributes[i];
      out += spaces(indent) + name + spaces(static_cast<int>(width - columns(name))) + " = " + value.text + "\n";
    }
  }
  return out;
}

}  // namespace rdha::detail::hcl
