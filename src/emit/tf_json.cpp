// Terraform JSON documents of a Stack (rdha/emit/tf_json.hpp).
#include "rdha/emit/tf_json.hpp"

#include "rdha/error.hpp"
#include "../core/stack_data.hpp"

namespace rdha {
namespace {

std::string file_for(Concern concern) {
  return std::string(concern == Concern::general ? "main" : to_string(concern)) + ".tf.json";
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

}  // namespace

std::map<std::string, nlohmann::json> to_tf_json(const Stack& stack) {
  const std::vector<std::size_t> order = detail::validate_and_order(stack);
  std::map<std::string, nlohmann::json> files;

  nlohmann::json terraform = {{"required_version", stack.required_version()}};
  for (const auto& [name, provider] : stack.required_providers())
    terraform["required_providers"][name] = {{"source", provider.source}, {"version", provider.version}};
  if (const auto& backend = stack.backend()) terraform["backend"][backend->type] = backend->config;
  files["versions.tf.json"] = {{"terraform", terraform}};

  if (!stack.providers().empty()) {
    nlohmann::json providers = nlohmann::json::object();
    for (const auto& provider : stack.providers()) providers[provider.local_name].push_back(provider_body(provider));
    files["providers.tf.json"] = {{"provider", providers}};
  }

  nlohmann::json variables = nlohmann::json::object();
  for (const auto& [name, variable] : stack.variables()) {
    nlohmann::json body = {{"type", variable.type}};  // JSON syntax: a type expression string
    if (variable.default_value) body["default"] = *variable.default_value;
    if (!variable.description.empty()) body["description"] = variable.description;
    if (variable.sensitive) body["sensitive"] = true;
    if (!variable.nullable) body["nullable"] = false;
    variables["variable"][name] = std::move(body);
  }
  for (const auto& [name, value] : stack.locals()) variables["locals"][name] = value;
  if (!variables.empty()) files["variables.tf.json"] = std::move(variables);

  for (std::size_t index : order) {
    const Resource& node = stack.resource(index);
    nlohmann::json entry;
    entry[node.address.type][node.address.name] = block_body(node);
    files[file_for(node.placement.concern)][std::string(to_string(node.address.kind))].push_back(std::move(entry));
  }

  // Blocks that only act on the state: resources forgotten or adopted.
  nlohmann::json state = nlohmann::json::object();
  for (const auto& removed : stack.removed())
    state["removed"].push_back({{"from", removed.from}, {"lifecycle", {{"destroy", removed.destroy}}}});
  for (const auto& import : stack.imports()) state["import"].push_back({{"to", import.to}, {"id", import.id}});
  if (!state.empty()) files["state.tf.json"] = std::move(state);

  if (!stack.outputs().empty()) {
    nlohmann::json outputs = nlohmann::json::object();
    for (const auto& [name, output] : stack.outputs()) {
      nlohmann::json body = {{"value", output.value}};
      if (!output.description.empty()) body["description"] = output.description;
      if (output.sensitive) body["sensitive"] = true;
      outputs[name] = std::move(body);
    }
    files["outputs.tf.json"] = {{"output", outputs}};
  }
  return files;
}

std::string render(const nlohmann::json& document) { return document.dump(2) + "\n"; }

std::map<std::string, std::string> rendered_tf_json(const Stack& stack) {
  std::map<std::string, std::string> files;
  for (const auto& [name, document] : to_tf_json(stack)) files[name] = render(document);
  return files;
}

std::vector<std::string> write_tf_json(const Stack& stack, const std::filesystem::path& directory) {
  const auto files = rendered_tf_json(stack);
  write_files_atomically(files, directory);
  std::vector<std::string> names;
  for (const auto& [name, text] : files) names.push_back(name);
  return names;
}

}  // namespace rdha
