// rdha/core/stack.hpp — Stack: owns the graph of one Terraform configuration.
//
// A Stack holds the `terraform` block (required providers, required_version), provider
// configurations, resources / data sources / ephemeral resources, variables, locals and
// outputs. Users add nodes and get handles back; edges come only from references stored
// in arguments and from explicit depends_on. Edge direction, everywhere in rdha:
// dependent → dependency (an edge a → b means "a needs b", so b is emitted first).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/core/expr.hpp"
#include "rdha/core/handle.hpp"
#include "rdha/core/resource.hpp"

namespace rdha {

/// @brief A provider configuration: `provider "aws" { alias = "dr", region = ... }`.
struct ProviderConfig {
  std::string local_name;  ///< "aws"
  std::string alias;       ///< "" for the default configuration
  std::string region;      ///< placement region of every node bound to it ("" if none)
  nlohmann::json config = nlohmann::json::object();  ///< further arguments (default_tags, ...)

  /// @brief "aws" or "aws.dr": the value of a node's `provider` meta-argument.
  std::string str() const { return alias.empty() ? local_name : local_name + "." + alias; }
};

/// @brief Lightweight reference to a provider configuration of a Stack.
struct ProviderRef {
  std::string local_name;
  std::string alias;
  std::string str() const { return alias.empty() ? local_name : local_name + "." + alias; }
};

/// @brief An input variable.
struct Variable {
  std::string type = "string";  ///< Terraform type constraint, e.g. "bool", "list(string)"
  std::optional<nlohmann::json> default_value;  ///< literal JSON default
  std::string description;
  bool sensitive = false;
  bool nullable = true;
};

/// @brief An output value.
struct Output {
  nlohmann::json value;  ///< template-form value (use Arg<>::json() or Expr::interpolated())
  std::string description;
  bool sensitive = false;
};

/// @brief A `removed` block (Terraform >= 1.7): the resource at @p from leaves the
///        configuration and the state. With `destroy = false` the real object stays, so a
///        resource whose API cannot be reached (a lost region) is forgotten without a call.
struct Removed {
  std::string from;      ///< "aws_db_instance.primary": must not be a node of the stack
  bool destroy = false;  ///< lifecycle.destroy
};

/// @brief An `import` block (Terraform >= 1.5): adopts the real object @p id into the
///        resource at @p to, reading it from its API during the plan.
struct Import {
  std::string to;  ///< address of a managed resource of the stack
  std::string id;  ///< the object's import ID (an RDS instance: its identifier)
};

/// @brief The `backend` of the `terraform` block: where Terraform keeps the state.
///        Terraform reads a backend block before anything else, so its arguments are
///        literals only (no references, variables or "${" templates).
struct Backend {
  std::string type;                                  ///< "s3"
  nlohmann::json config = nlohmann::json::object();  ///< its arguments: {"bucket": ..., "use_lockfile": true}
};

/// @brief A Terraform release, for the minimum a part of the configuration needs.
struct TerraformVersion {
  int major = 1;
  int minor = 5;
  int patch = 0;
  auto operator<=>(const TerraformVersion&) const = default;
  /// @brief "1.11.0"
  std::string str() const;
};

/// @brief A required provider: `aws = { source = "hashicorp/aws", version = "..." }`.
struct RequiredProvider {
  std::string source;
  std::string version;
};

namespace detail {
struct StackData;
}

/// @brief The typed dependency graph of one Terraform configuration.
///
/// @code{.cpp}
/// rdha::Stack stack;
/// stack.require_provider("aws", "hashicorp/aws", ">= 5.100.0, < 6.0.0");
/// auto east = stack.add_provider("aws", "us-east-1");
/// auto west = stack.add_provider("aws", "us-west-2", "dr");
/// auto vpc = stack.add(rdha::Kind::resource, "aws_vpc", "primary", east);
/// vpc.set("cidr_block", "10.0.0.0/16");
/// stack.add_output("vpc_id", {vpc.attr("id").interpolated(), "Primary VPC", false});
/// rdha::write_tf_json(stack, "terraform_out");
/// @endcode
class Stack {
 public:
  Stack();
  ~Stack();
  Stack(Stack&&) noexcept;
  Stack& operator=(Stack&&) noexcept;
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  // ---- terraform block ----------------------------------------------------------------
  /// @brief Declares a provider in `required_providers`.
  void require_provider(std::string local_name, std::string source, std::string version);
  const std::map<std::string, RequiredProvider>& required_providers() const;
  /// @brief Pins `required_version` instead of computing it from the features used.
  void pin_required_version(std::string constraint);
  /// @brief Raises the computed `required_version` to at least @p minimum: for a need the
  ///        graph does not show, such as a backend argument of a newer Terraform (the
  ///        stack layer knows its backend; the core does not interpret backend arguments).
  void require_terraform(TerraformVersion minimum);
  /// @brief The pinned constraint, else ">= " the highest of what the features need
  ///        (1.11.0 with write-only arguments, 1.10.0 with ephemeral resources, 1.7.0 with
  ///        `removed` blocks, else 1.5.0) and of every require_terraform() minimum.
  std::string required_version() const;
  /// @brief Sets the `backend` block (none: local state). Throws GraphError when an
  ///        argument holds a "${" template: Terraform allows no expressions there.
  void set_backend(Backend backend);
  const std::optional<Backend>& backend() const;

  // ---- providers ----------------------------------------------------------------------
  /// @brief Adds a provider configuration; @p region is set as its `region` argument
  ///        (when not empty) and becomes the placement region of nodes bound to it.
  ProviderRef add_provider(std::string local_name, std::string region, std::string alias = "",
                           nlohmann::json config = nlohmann::json::object());
  const std::vector<ProviderConfig>& providers() const;
  /// @brief The configuration named "aws" / "aws.dr", or nullptr.
  const ProviderConfig* find_provider(std::string_view name) const;

  // ---- nodes --------------------------------------------------------------------------
  /// @brief Adds a node bound to @p provider. Throws GraphError on a duplicate address,
  ///        an invalid name or an undeclared provider configuration, and SchemaError
  ///        (with the nearest type) on a type its provider does not have, when the schema
  ///        facts cover that provider.
  ResourceHandle add(Kind kind, std::string type, std::string name, const ProviderRef& provider);
  /// @brief Adds a node bound to the default configuration of the type's provider
  ///        (the part of the type before the first '_').
  ResourceHandle add(Kind kind, std::string type, std::string name);
  /// @brief Adds a node of a generated binding type: `stack.add<aws::Vpc>("main", east)`.
  template <class Binding>
  Binding add(std::string name, const ProviderRef& provider) {
    return Binding(add(Binding::kKind, std::string(Binding::kType), std::move(name), provider));
  }

  std::size_t size() const noexcept;
  const Resource& resource(std::size_t index) const;
  /// @brief Handle for the node at @p index.
  ResourceHandle handle(std::size_t index);
  /// @brief The node with this address ("aws_vpc.primary", "data.x.y"), if any.
  std::optional<ResourceHandle> find(std::string_view address);
  std::optional<std::size_t> index_of(std::string_view address) const;

  // ---- variables, locals, outputs -----------------------------------------------------
  /// @brief Declares `variable "name"` and returns a typed reference `var.name`.
  template <class T = tf::Dynamic>
  Attr<T> add_variable(std::string name, Variable variable) {
    declare_variable(name, std::move(variable));
    return Attr<T>::at("var." + name);
  }
  /// @brief Declares `locals { name = value }` and returns `local.name`.
  Attr<tf::Dynamic> add_local(std::string name, nlohmann::json template_value);
  /// @brief Declares `output "name"`.
  void add_output(std::string name, Output output);

  const std::map<std::string, Variable>& variables() const;
  const std::map<std::string, nlohmann::json>& locals() const;
  const std::map<std::string, Output>& outputs() const;

  // ---- blocks that act on the state ---------------------------------------------------
  /// @brief Declares a `removed` block (raises required_version to 1.7). validate() rejects
  ///        one whose address is still a node of the stack.
  void add_removed(Removed removed);
  /// @brief Declares an `import` block. validate() rejects one whose target is not a
  ///        managed resource of the stack.
  void add_import(Import import);
  const std::vector<Removed>& removed() const;
  const std::vector<Import>& imports() const;

  // ---- graph --------------------------------------------------------------------------
  /// @brief Checks the whole stack: references resolve to declared nodes, variables and
  ///        locals, referenced attributes exist, ephemeral values only reach write-only
  ///        arguments, required arguments are set, block counts fit, no sensitive
  ///        argument holds a literal, no cycle. Throws ValidationError with every problem
  ///        found (one or several; see rdha/error.hpp).
  void validate() const;
  /// @brief Node indexes, dependencies first; ties broken by address. Throws CycleError.
  std::vector<std::size_t> topological_order() const;
  /// @brief Edges as (dependent, dependency) index pairs, deduplicated and sorted.
  std::vector<std::pair<std::size_t, std::size_t>> edges() const;

  /// @brief Internal storage (used by handles and the emitter).
  detail::StackData& data() noexcept { return *data_; }
  const detail::StackData& data() const noexcept { return *data_; }

 private:
  void declare_variable(const std::string& name, Variable variable);
  std::unique_ptr<detail::StackData> data_;
};

}  // namespace rdha
