// rdha/core/handle.hpp — ResourceHandle: the user's grip on a node owned by a Stack.
//
// A handle is two words (the stack's storage and an index). It stays valid as long as
// the Stack that created it exists, including after the Stack is moved; it must not be
// used after the Stack is destroyed. Generated bindings (rdha/aws/*.hpp) derive from it
// and add typed setters and accessors; the untyped members here are the generic API
// for any resource type, validated at run time against the provider schema facts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rdha/core/expr.hpp"
#include "rdha/core/resource.hpp"

namespace rdha {

namespace detail {
struct StackData;
}

/// @brief Handle to a resource, data source or ephemeral resource in a Stack.
///
/// @attention The handle does not own the node. It is invalid once its Stack is destroyed.
///
/// @code{.cpp}
/// rdha::Stack stack;
/// auto aws = stack.add_provider("aws", "us-east-1");
/// auto vpc = stack.add(rdha::Kind::resource, "aws_vpc", "primary", aws);
/// vpc.set("cidr_block", "10.0.0.0/16");
/// auto subnet = stack.add(rdha::Kind::resource, "aws_subnet", "a", aws);
/// subnet.set("vpc_id", vpc.attr("id"));  // records subnet -> vpc
/// @endcode
class ResourceHandle {
 public:
  ResourceHandle() = default;
  ResourceHandle(detail::StackData* stack, std::uint32_t index) noexcept : stack_(stack), index_(index) {}

  /// @brief The node's address.
  const Address& address() const;
  /// @brief The address as Terraform prints it ("aws_vpc.primary").
  std::string str() const { return address().str(); }
  /// @brief Read access to the whole node.
  const Resource& node() const;
  /// @brief Index of the node in its stack (stable for the stack's lifetime).
  std::uint32_t index() const noexcept { return index_; }

  /// @brief Sets an argument from template-form JSON, checking the name, and a literal
  ///        value (nested blocks included) against the attribute's type by Terraform's
  ///        conversion rules, when the facts cover the type's provider. Throws SchemaError.
  ResourceHandle& set(std::string_view argument, const Arg<tf::Dynamic>& value);
  /// @brief Sets an argument from template-form JSON (lists, maps, objects; strings are
  ///        templates, so literal "${" must already be escaped — see rdha::literal).
  ResourceHandle& set_json(std::string_view argument, const nlohmann::json& template_value);
  /// @brief Adds one nested block (appends for list/set nesting, replaces for single),
  ///        checking its arguments as set() does.
  ResourceHandle& add_block(std::string_view block, const nlohmann::json& body);
  /// @brief Removes an argument or block; returns whether it was set.
  bool unset(std::string_view argument);
  /// @brief The stored template-form value of an argument, or nullptr.
  const nlohmann::json* get(std::string_view argument) const;

  /// @brief A reference to an attribute of this node: `aws_vpc.primary.<attribute>`.
  template <class T = tf::Dynamic>
  Attr<T> attr(std::string_view attribute) const {
    return Attr<T>::at(reference_prefix() + "." + std::string(attribute));
  }
  /// @brief A reference to the whole object (e.g. for `replace_triggered_by`).
  Attr<tf::Dynamic> self_reference() const { return Attr<tf::Dynamic>::at(reference_prefix()); }

  /// @brief Explicit `depends_on` entry (records an edge).
  ResourceHandle& depends_on(const ResourceHandle& other);
  /// @brief Sets the whole `lifecycle` block; `replace_triggered_by` entries are edges.
  ResourceHandle& lifecycle(Lifecycle lifecycle);
  /// @brief `count` meta-argument.
  ResourceHandle& count(const Arg<tf::Number>& count);
  /// @brief `for_each` meta-argument.
  ResourceHandle& for_each(const Arg<tf::Dynamic>& collection);

  /// @brief Records the availability zone the node lives in (for the analyses).
  ResourceHandle& placed_in_az(std::string availability_zone);
  /// @brief Overrides the concern (output file) derived from the type.
  ResourceHandle& concern(Concern concern);
  /// @brief The database role the analyses read (writer, reader, DR replica).
  ResourceHandle& role(DbRole role);
  /// @brief A role by name: one of the analyses' roles ("writer", "reader", "dr_replica")
  ///        sets it; any other name is the resource's own role, which graphs show and
  ///        the analyses ignore.
  ResourceHandle& role(std::string name);

  bool valid() const noexcept { return stack_ != nullptr; }

 protected:
  /// @brief Typed-binding path: stores a value whose type the compiler already checked.
  void put(std::string_view argument, nlohmann::json value);
  /// @brief Typed-binding path for nested blocks.
  void append_block(std::string_view block, nlohmann::json body, bool single);

 private:
  Resource& mutable_node() const;
  std::string reference_prefix() const;
  void record_references(std::string_view argument, const nlohmann::json& value);

  detail::StackData* stack_ = nullptr;
  std::uint32_t index_ = 0;
};

/// @brief Base of generated nested-block builders: a JSON object with typed setters.
class BlockBuilder {
 public:
  const nlohmann::json& json() const noexcept { return body_; }

 protected:
  void put(std::string_view argument, nlohmann::json value) { body_[std::string(argument)] = std::move(value); }
  void append(std::string_view block, nlohmann::json body) {
    auto& slot = body_[std::string(block)];
    if (!slot.is_array()) slot = nlohmann::json::array();
    slot.push_back(std::move(body));
  }
  nlohmann::json body_ = nlohmann::json::object();
};

}  // namespace rdha
