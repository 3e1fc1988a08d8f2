// Terraform's native syntax for values written in its JSON syntax (tf_hcl.cpp; the rules
// are in docs/hcl.md): a JSON value becomes an HCL expression laid out as `terraform fmt`
// leaves it (2-space indent, `=` aligned over runs of one-line attributes).
//
// A JSON string is either a template ("String Templates",
// https://developer.hashicorp.com/terraform/language/expressions/strings) — what the JSON
// syntax makes of strings in expression arguments — or literal text (variable defaults,
// descriptions, backend settings, which the JSON syntax does not evaluate).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace rdha::detail::hcl {

/// @brief How a JSON string is read: a template, or literal text.
enum class Strings { templates, literal };

/// @brief A rendered expression: its first line follows `NAME = `, later lines carry their
///        own indentation. @p one_line: it takes part in `terraform fmt`'s alignment of `=`
///        (one line, or a heredoc, whose body the formatter leaves alone).
struct Rendered {
  std::string text;
  bool one_line = true;
};

/// @brief An attribute of a body or an object: its name as written, and its value.
using Attribute = std::pair<std::string, Rendered>;

/// @brief Whether @p name is an HCL identifier (ASCII letters, digits, '_', '-'; not
///        starting with a digit or '-').
bool is_identifier(std::string_view name);

/// @brief @p value as an expression at @p indent (the indentation of the line it starts on).
///        A string that is one whole "${expr}" becomes expr; another template stays a quoted
///        template (or a heredoc, see below) with the same escapes ("$${", "%%{"); literal
///        text gets "${" and "%{" escaped. Multi-line text ending in a newline is a `<<-EOT`
///        heredoc holding exactly the same string when it can (docs/hcl.md), else quoted.
///        Numbers, booleans and null as JSON writes them; lists of scalars on one line,
///        other lists one element a line; objects one attribute a line, keys bare when
///        identifiers, else quoted.
Rendered expression(const nlohmann::json& value, Strings strings, int indent);

/// @brief @p text as a quoted HCL string: a template when @p strings is templates,
///        else literal text (its "${" and "%{" escaped).
std::string quoted(std::string_view text, Strings strings);

/// @brief The lines `NAME = VALUE` of @p attributes at @p indent, `=` aligned over each run
///        of consecutive one-line attributes as `terraform fmt` aligns them.
std::string attribute_lines(const std::vector<Attribute>& attributes, int indent);

}  // namespace rdha::detail::hcl
