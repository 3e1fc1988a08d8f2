// Generic read-only helpers the rules and the drill use to inspect a Stack: resources
// by type, literal values out of template-form arguments, and references resolved to
// the nodes they point at. Internal to src/analysis.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/core/stack.hpp"

namespace rdha::analysis::detail {

using Json = nlohmann::json;

/// Indexes of the nodes of @p type (managed resources unless @p kind says otherwise).
std::vector<std::size_t> of_type(const Stack& stack, std::string_view type, Kind kind = Kind::resource);

/// The stored value of an argument, or nullptr (also for JSON null).
///
/// A misspelt @p name would read as "unset" and silently blind a rule, so checked builds
/// (without NDEBUG, or with RDHA_CHECKED_READS: every build with the tests) throw
/// std::logic_error when the provider schema facts of the resource's type define no
/// argument or block of that name. Types outside the facts are not checked.
const Json* arg(const Resource& resource, std::string_view name);

/// arg() for helpers that read one name on resources of any type (the availability_zone
/// a node lives in, its tags): nullptr when the type's schema defines no such argument.
/// Checked builds throw when no type of the facts defines it.
const Json* arg_if_defined(const Resource& resource, std::string_view name);

/// The value of key @p name inside @p item, one nested block of @p resource at block path
/// @p blocks ("statement", "statement.principals"), or nullptr; checked like arg().
const Json* block_arg(const Resource& resource, std::string_view blocks, const Json& item, std::string_view name);

/// True when this build checks the names arg() and block_arg() read.
bool reads_checked() noexcept;

/// True when a template string holds an interpolation or directive ("${...}", "%{...}").
bool has_interpolation(std::string_view text);
/// The literal text of a template string without interpolations ("$${" unescaped).
std::optional<std::string> literal_string(const Json* value);
std::optional<bool> literal_bool(const Json* value);
/// A JSON number, or a string holding only a number.
std::optional<double> literal_number(const Json* value);
/// The literal strings of a list value (non-literal elements skipped).
std::vector<std::string> literal_strings(const Json* value);

/// The node a reference points at, if it is in the stack.
std::optional<std::size_t> resolve(const Stack& stack, const FoundReference& reference);
/// References found anywhere in @p value.
std::vector<FoundReference> references_in(const Json& value);
/// Nodes referenced anywhere in @p value (resolved, deduplicated, in order of appearance).
std::vector<std::size_t> targets_in(const Stack& stack, const Json& value);
/// Nodes referenced by argument @p name of @p resource.
std::vector<std::size_t> targets_of(const Stack& stack, const Resource& resource, std::string_view name);
/// True when @p value references node @p target (any attribute).
bool value_references(const Stack& stack, const Json& value, std::size_t target);

/// The literal `Name` tag of a resource ("" if none).
std::string name_tag(const Resource& resource);

/// The availability zone a resource lives in: its placement, else the literal
/// availability_zone argument, else that of the subnet it references (subnet_id).
std::string availability_zone_of(const Stack& stack, const Resource& resource);

/// True when a KMS key argument names a customer-managed key: a reference to an
/// aws_kms_key / aws_kms_replica_key / aws_kms_alias (or a data source of those), or a
/// literal key/alias ARN or alias that is not an AWS-managed "alias/aws/..." key.
bool is_customer_managed_key(const Stack& stack, const Json* value);

/// The node of an aws_kms_key / aws_kms_replica_key a key argument resolves to
/// (through an aws_kms_alias when it names one).
std::optional<std::size_t> kms_key_node(const Stack& stack, const Json* value);

/// "us-east-1" out of "arn:aws:kms:us-east-1:123:key/x" ("" if not an ARN).
std::string arn_region(std::string_view arn);

/// Joins with ", ".
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace rdha::analysis::detail
