// The blocks of a Stack, file by file (rdha/emit/tf_blocks.hpp).
#include "rdha/emit/tf_blocks.hpp"

#include "../core/stack_data.hpp"

namespace rdha {
namespace {

std::string file_for(Concern concern) {
  return concern == Concern::general ? "main" : std::string(to_string(concern));
}

nlohmann::json lifecycle_json(const Lifecycle& lifecycle) {
  nlohmann::json out = nlohmann::json::object();
  if (lifecycle.create_before_destroy) out["create_before_destroy"] = true;
  if (lifecycle.prevent_destroy) out["prevent_destroy"] = true;
  if (!lifecycle.ignore_changes.empty()) {
    // "all" is a keyword, not a list of attribute names.
    if (lifecycle.ignore_changes.size() == 1 && lifecycle.ignore_changes.front() == "all")
      out["ignore_changes"] = "all";
    else
      out["ignore_changes"] = lifecycle.ignore_changes;
  }
  if (!lifecycle.replace_triggered_by.empty()) {
    // Terraform's JSON syntax reads these as bare references, not templates.
    out["replace_triggered_by"] = lifecycle.replace_triggered_by;
  }
  return out;
}

nlohmann::json block_body(const Resource& node) {
  nlohmann::json body = node.arguments;
  if (node.provider.find('.') != std::string::npos) body["provider"] = node.provider;
  if (!node.depends_on.empty()) body["depends_on"] = node.depends_on;
  if (!node.lifecycle.empty()) body["lifecycle"] = lifecycle_json(node.lifecycle);
  if (node.count) body["count"] = *node.count;
  if (node.for_each) body["for_each"] = *node.for_each;
  return body;
}

nlohmann::json provider_body(const ProviderConfig& provider) {
  nlohmann::json body = provider.config;
  if (!provider.alias.empty()) body["alias"] = provider.alias;
  return body;
}

nlohmann::json terraform_body(const Stack& stack) {
  nlohmann::json terraform = {{"required_version", stack.required_version()}};
  for (const auto& [name, provider] : stack.required_providers())
    terraform["required_providers"][name] = {{"source", provider.source}, {"version", provider.version}};
  if (const auto& backend = stack.backend()) terraform["backend"][backend->type] = backend->config;
  return terraform;
}

nlohmann::json variable_body(const Variable& variable) {
  nlohmann::json body = {{"type", variable.type}};  // JSON syntax: a type expression string
  if (variable.default_value) body["default"] = *variable.default_value;
  if (!variable.description.empty()) body["description"] = variable.description;
  if (variable.sensitive) body["sensitive"] = true;
  if (!variable.nullable) body["nullable"] = false;
  return body;
}

nlohmann::json output_body(const Output& output) {
  nlohmann::json body = {{"value", output.value}};
  if (!output.description.empty()) body["description"] = output.description;
  if (output.sensitive) body["sensitive"] = true;
  return body;
}

}  // namespace

TfFiles tf_blocks(const Stack& stack) {
  const std::vector<std::size_t> order = detail::validate_and_order(stack);
  TfFiles files;
  files["versions"].push_back({"terraform", {}, terraform_body(stack)});
  for (const auto& provider : stack.providers())
    files["providers"].push_back({"provider", {provider.local_name}, provider_body(provider)});

  for (const auto& [name, variable] : stack.variables())
    files["variables"].push_back({"variable", {name}, variable_body(variable)});
  if (!stack.locals().empty()) {
    nlohmann::json locals = nlohmann::json::object();
    for (const auto& [name, value] : stack.locals()) locals[name] = value;
    files["variables"].push_back({"locals", {}, std::move(locals)});
  }

  for (std::size_t index : order) {
    const Resource& node = stack.resource(index);
    files[file_for(node.placement.concern)].push_back(
        {std::string(to_string(node.address.kind)), {node.address.type, node.address.name}, block_body(node)});
  }

  // Blocks that only act on the state: resources forgotten or adopted.
  for (const auto& removed : stack.removed())
    files["state"].push_back({"removed", {}, {{"from", removed.from}, {"lifecycle", {{"destroy", removed.destroy}}}}});
  for (const auto& import : stack.imports())
    files["state"].push_back({"import", {}, {{"to", import.to}, {"id", import.id}}});

  for (const auto& [name, output] : stack.outputs()) files["outputs"].push_back({"output", {name}, output_body(output)});
  return files;
}

}  // namespace rdha
