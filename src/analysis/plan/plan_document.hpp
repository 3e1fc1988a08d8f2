// Private: the parts of `terraform show -json PLANFILE` that plan-check reads, validated
// ("JSON Output Format", https://developer.hashicorp.com/terraform/internals/json-format).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace rdha::analysis::plan {

/// @brief One entry of the plan's resource_changes (managed resources only). The values
///        point into the plan document, which must outlive it.
struct ResourceChange {
  std::string address;        ///< "aws_db_instance.primary"
  std::string type;           ///< "aws_db_instance"
  std::vector<std::string> actions;  ///< ["update"], ["delete", "create"], ...
  const nlohmann::json* before = nullptr;         ///< object or null
  const nlohmann::json* after = nullptr;          ///< object or null
  const nlohmann::json* after_unknown = nullptr;  ///< object (attribute → true), true (all unknown) or null
  std::vector<std::string> replace_paths;         ///< rendered: "kms_key_id", "tags.Name", "parameter[0]"
  std::string action_reason;                      ///< "" when the plan gives none
  std::string deposed;  ///< the deposed object's key; "" for the current object

  /// @brief Destroy and create (either order): a replacement.
  bool replaces() const noexcept;
  /// @brief Destroy only.
  bool deletes() const noexcept;
  /// @brief Update in place.
  bool updates() const noexcept;
  /// @brief Anything but no-op, read and forget (which change no real object).
  bool changes_something() const noexcept;

  /// @brief The value of @p attribute before / after the change (null when absent).
  const nlohmann::json& was(std::string_view attribute) const;
  const nlohmann::json& will_be(std::string_view attribute) const;
  /// @brief True when the plan says @p attribute (or the whole object) is known only after apply.
  bool unknown_after(std::string_view attribute) const;
  /// @brief The attribute is unknown after apply, or its after value differs from before.
  bool changed(std::string_view attribute) const;
};

/// @brief The checked parts of a plan.
struct PlanDocument {
  std::string terraform_version;
  std::vector<ResourceChange> changes;  ///< of the current objects
  /// Of deposed objects: old objects that an earlier create-before-destroy replacement
  /// created a successor for but did not delete; apart, so that no finder of the current
  /// objects mistakes one for the object at its address.
  std::vector<ResourceChange> deposed;

  /// @brief Changes of the current objects of @p type.
  std::vector<const ResourceChange*> of_type(std::string_view type) const;
};

/// @brief Validates @p plan and collects its managed resource changes; PlanError naming
///        @p source when it is not a plan JSON or a field has the wrong shape.
PlanDocument read_plan(const nlohmann::json& plan, const std::string& source);

/// @brief A value for a message: strings bare, null as "null", anything else as JSON.
std::string render(const nlohmann::json& value);

/// @brief "before → after" of @p attribute, "(known after apply)" for an unknown after value.
std::string arrow(const ResourceChange& change, std::string_view attribute);

}  // namespace rdha::analysis::plan
