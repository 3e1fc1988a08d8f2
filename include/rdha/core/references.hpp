// rdha/core/references.hpp — finding references inside Terraform string templates.
//
// Every stored value is in template form, so this scanner is the single place where
// dependency edges come from: typed Attr<T> values and raw expressions alike. It
// understands "$${" escapes, nested templates inside quoted strings, function calls
// (jsonencode(...)), indexes and splats.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace rdha {

/// @brief What a reference points at.
enum class RefRoot { resource, data, ephemeral, variable, local };

/// @brief One reference found in a template: `aws_vpc.primary.id` → {resource,
///        "aws_vpc", "primary", "id"}; `var.x` → {variable, "", "x", ""}.
struct FoundReference {
  RefRoot root = RefRoot::resource;
  std::string type;       ///< resource type ("" for variables and locals)
  std::string name;       ///< local name of the block, variable or local
  std::string attribute;  ///< first attribute after the address ("" for the whole object)

  /// @brief The referenced object: "aws_vpc.primary", "data.x.y", "var.x", "local.y".
  std::string target() const;
  bool operator==(const FoundReference&) const = default;
};

/// @brief References in one template string. An unprefixed `a_b.c` is a resource
///        reference (resource types always carry their provider's prefix, `aws_`);
///        `count.index`, `each.key`, `self`, `path`, `terraform` and for-expression
///        symbols without '_' are not references to other blocks.
std::vector<FoundReference> find_references(std::string_view template_text);

/// @brief Decides the text replacing one reference's prefix: the reference and whether it
///        names the whole object (`aws_x.y`, `aws_x.y[0].id`: prefix `aws_x.y`) or an
///        attribute (`aws_x.y.id[0]`: prefix `aws_x.y.id`); nullopt keeps it.
using ReferenceRewrite = std::function<std::optional<std::string>(const FoundReference& reference, bool whole)>;

/// @brief @p template_text with the prefix of each reference find_references finds (in
///        nested templates too) replaced as @p rewrite decides; the rest (indexes,
///        attributes after an index, everything outside references) is kept byte for byte.
///        `"${aws_vpc.dr.id}-x"` with aws_vpc.dr.id → var.vpc_dr_id: `"${var.vpc_dr_id}-x"`.
std::string rewrite_references(std::string_view template_text, const ReferenceRewrite& rewrite);

/// @brief References anywhere in a JSON value (strings inside lists, maps and blocks),
///        appended to @p out.
void collect_references(const nlohmann::json& value, std::vector<FoundReference>& out);

}  // namespace rdha
