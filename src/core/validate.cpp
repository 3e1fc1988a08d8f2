// Stack::validate (rdha/core/stack.hpp): every check that needs the whole stack.
//
// Problems are collected, not thrown one by one: a user fixing a stack sees all of them
// at once, and always as one ValidationError, so a caller catches one type whatever failed.
#include <exception>
#include <unordered_map>

#include "rdha/core/stack.hpp"
#include "rdha/error.hpp"
#include "rdha/schema/schema.hpp"
#include "stack_data.hpp"

namespace rdha {
namespace {

using schema::BlockFacts;

// All attribute names a reference may use on a type: attributes and nested blocks.
std::vector<std::string> referable_names(const BlockFacts& block) {
  std::vector<std::string> names;
  for (const auto& [name, facts] : block.attributes) names.push_back(name);
  for (const auto& [name, facts] : block.blocks) names.push_back(name);
  return names;
}

// The attributes and blocks check_arguments can report on: required or sensitive
// attributes, blocks with a count limit. Most of a type's attributes are neither.
struct CheckedFacts {
  std::vector<std::pair<const std::string*, const schema::AttributeFacts*>> attributes;
  std::vector<std::pair<const std::string*, const schema::NestedBlockFacts*>> blocks;
};

class Checker {
 public:
  explicit Checker(const detail::StackData& data) : data_(data), facts_(schema::Facts::embedded()) {}

  std::vector<Error> run(const Stack& stack) {
    for (const Resource& node : data_.resources) {
      check_references(node.address.str(), node, node.references);
      check_arguments(node);
    }
    for (const auto& [name, output] : data_.outputs) check_output(name, output);
    for (const auto& removed : data_.removed)
      if (data_.index.contains(removed.from)) add(GraphError::removed_but_declared(removed.from));
    for (const auto& import : data_.imports) {
      const auto found = data_.index.find(import.to);
      if (found == data_.index.end() || data_.resources[found->second].address.kind != Kind::resource)
        add(GraphError::import_target_missing(import.to));
    }
    for (const auto& [name, value] : data_.locals) check_free_value("local." + name, value);
    for (const auto& provider : data_.providers) check_free_value("provider." + provider.str(), provider.config);
    for (const auto& [name, variable] : data_.variables)
      if (variable.sensitive && variable.default_value && !variable.default_value->is_null())
        add(SchemaError::secret_literal("var." + name, "default"));
    try {
      order_ = stack.topological_order();
    } catch (const CycleError& cycle) {
      problems_.push_back(cycle);
      cycle_ = std::current_exception();
    }
    return std::move(problems_);
  }

  std::vector<std::size_t> take_order() { return std::move(order_); }
  // The CycleError found, or null: a problem keeps its message, this its cycles.
  std::exception_ptr cycle() const { return cycle_; }

 private:
  void add(Error error) { problems_.push_back(std::move(error)); }

  // The facts of the node a reference points at, or nullptr when it is unknown.
  const Resource* resolve(const std::string& from, const std::string& argument, const FoundReference& ref) {
    if (ref.root == RefRoot::variable) {
      if (!data_.variables.contains(ref.name)) add(GraphError::unknown_reference(from, argument, ref.target()));
      return nullptr;
    }
    if (ref.root == RefRoot::local) {
      if (!data_.locals.contains(ref.name)) add(GraphError::unknown_reference(from, argument, ref.target()));
      return nullptr;
    }
    auto found = data_.index.find(ref.target());
    if (found == data_.index.end()) {
      add(GraphError::unknown_reference(from, argument, ref.target()));
      return nullptr;
    }
    const Resource& target = data_.resources[found->second];
    if (const auto* facts = facts_.find(target.address.kind, target.address.type);
        facts != nullptr && !ref.attribute.empty() && ref.attribute != "id" &&
        !facts->block.attributes.contains(ref.attribute) && !facts->block.blocks.contains(ref.attribute)) {
      add(GraphError::unknown_attribute(from, argument, ref.target(), ref.attribute,
                                        closest_match(ref.attribute, referable_names(facts->block))));
    }
    return &target;
  }

  void check_references(const std::string& from, const Resource& node, const std::vector<HeldReference>& held) {
    const auto* facts = facts_.find(node.address.kind, node.address.type);
    for (const auto& [argument, ref] : held) {
      const Resource* target = resolve(from, argument, ref);
      if (target == nullptr || target->address.kind != Kind::ephemeral || node.address.kind == Kind::ephemeral)
        continue;
      // Terraform accepts ephemeral values only in write-only arguments of persistent blocks.
      bool write_only = argument.ends_with("_wo");
      if (facts != nullptr) {
        auto attribute = facts->block.attributes.find(argument);
        write_only = attribute != facts->block.attributes.end() && attribute->second.write_only;
      }
      if (!write_only) add(GraphError::ephemeral_in_persistent_argument(from, argument, ref.target()));
    }
  }

  const CheckedFacts& checked(const BlockFacts& block) {
    auto [it, inserted] = checked_.try_emplace(&block);
    if (inserted) {
      for (const auto& [name, attribute] : block.attributes)
        if (attribute.required || (attribute.sensitive && attribute.settable()))
          it->second.attributes.emplace_back(&name, &attribute);
      for (const auto& [name, nested] : block.blocks)
        if (nested.min_items != 0 || nested.max_items != 0) it->second.blocks.emplace_back(&name, &nested);
    }
    return it->second;
  }

  void check_arguments(const Resource& node) {
    const auto* facts = facts_.find(node.address.kind, node.address.type);
    if (facts == nullptr) return;
    const CheckedFacts& relevant = checked(facts->block);
    if (relevant.attributes.empty() && relevant.blocks.empty()) return;
    const std::string address = node.address.str();
    for (const auto& [name_ptr, attribute_ptr] : relevant.attributes) {
      const std::string& name = *name_ptr;
      const schema::AttributeFacts& attribute = *attribute_ptr;
      auto value = node.arguments.find(name);
      const bool present = value != node.arguments.end() && !value->is_null();
      if (attribute.required && !present) add(SchemaError::missing_required(address, name));
      if (attribute.sensitive && attribute.settable() && present) {
        std::vector<FoundReference> refs;
        collect_references(*value, refs);
        if (refs.empty()) add(SchemaError::secret_literal(address, name));
      }
    }
    for (const auto& [name_ptr, block_ptr] : relevant.blocks) {
      const std::string& name = *name_ptr;
      const schema::NestedBlockFacts& block = *block_ptr;
      auto value = node.arguments.find(name);
      std::size_t count = 0;
      if (value != node.arguments.end()) count = value->is_array() ? value->size() : 1;
      if (count < block.min_items || (block.max_items != 0 && count > block.max_items))
        add(SchemaError::block_count(address, name, count, block.min_items, block.max_items));
    }
  }

  void check_output(const std::string& name, const Output& output) {
    std::vector<FoundReference> refs;
    collect_references(output.value, refs);
    const std::string subject = "output." + name;
    for (const auto& ref : refs) {
      const Resource* target = resolve(subject, "value", ref);
      if (target == nullptr || output.sensitive) continue;
      // Terraform refuses to show a sensitive attribute through a non-sensitive output.
      const auto* facts = facts_.find(target->address.kind, target->address.type);
      if (facts == nullptr) continue;
      auto attribute = facts->block.attributes.find(ref.attribute);
      if (attribute != facts->block.attributes.end() && attribute->second.sensitive)
        add(SchemaError::sensitive_output(subject, ref.target() + "." + ref.attribute));
    }
  }

  void check_free_value(const std::string& subject, const nlohmann::json& value) {
    std::vector<FoundReference> refs;
    collect_references(value, refs);
    for (const auto& ref : refs) resolve(subject, "value", ref);
  }

  const detail::StackData& data_;
  const schema::Facts& facts_;
  std::vector<Error> problems_;
  std::unordered_map<const BlockFacts*, CheckedFacts> checked_;
  std::vector<std::size_t> order_;
  std::exception_ptr cycle_;
};

}  // namespace

std::vector<std::size_t> detail::validate_and_order(const Stack& stack) {
  Checker checker(stack.data());
  auto problems = checker.run(stack);
  if (problems.empty()) return checker.take_order();
  if (!checker.cycle()) throw ValidationError(problems);
  // The CycleError rides along as the nested exception (std::rethrow_if_nested), so the
  // cycles stay data: Python's ValidationError.cycles and .self_references read them.
  try {
    std::rethrow_exception(checker.cycle());
  } catch (const CycleError&) {
    std::throw_with_nested(ValidationError(problems));
  }
}

void Stack::validate() const { (void)detail::validate_and_order(*this); }

}  // namespace rdha
