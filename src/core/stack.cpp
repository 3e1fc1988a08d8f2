// Stack (rdha/core/stack.hpp): declarations and lookups. Graph algorithms live in
// graph.cpp, whole-stack validation in validate.cpp.
#include "rdha/core/stack.hpp"

#include <algorithm>
#include <unordered_map>

#include "rdha/error.hpp"
#include "rdha/schema/schema.hpp"
#include "stack_data.hpp"

namespace rdha {

Stack::Stack() : data_(std::make_unique<detail::StackData>()) {}
Stack::~Stack() = default;
Stack::Stack(Stack&&) noexcept = default;
Stack& Stack::operator=(Stack&&) noexcept = default;

void Stack::require_provider(std::string local_name, std::string source, std::string version) {
  data_->required_providers[std::move(local_name)] = {std::move(source), std::move(version)};
}

const std::map<std::string, RequiredProvider>& Stack::required_providers() const {
  return data_->required_providers;
}

std::string TerraformVersion::str() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

void Stack::pin_required_version(std::string constraint) { data_->pinned_version = std::move(constraint); }

void Stack::require_terraform(TerraformVersion minimum) {
  data_->minimum_terraform = std::max(data_->minimum_terraform, minimum);
}

std::string Stack::required_version() const {
  if (data_->pinned_version) return *data_->pinned_version;
  bool ephemeral = false;
  bool write_only = false;
  // Only types that have write-only attributes need their arguments looked at.
  std::unordered_map<const schema::BlockFacts*, bool> has_write_only;
  for (const Resource& node : data_->resources) {
    ephemeral = ephemeral || node.address.kind == Kind::ephemeral;
    if (write_only) continue;
    const auto* facts = schema::Facts::embedded().find(node.address.kind, node.address.type);
    if (facts == nullptr) continue;
    auto [cached, inserted] = has_write_only.try_emplace(&facts->block, false);
    if (inserted)
      for (const auto& [name, attribute] : facts->block.attributes) cached->second = cached->second || attribute.write_only;
    if (!cached->second) continue;
    for (const auto& [argument, value] : node.arguments.items()) {
      auto attribute = facts->block.attributes.find(argument);
      if (attribute != facts->block.attributes.end() && attribute->second.write_only) write_only = true;
    }
  }
  TerraformVersion needed{1, 5, 0};                     // the floor: everything else rdha emits (import blocks too)
  if (!data_->removed.empty()) needed = {1, 7, 0};      // removed blocks
  if (ephemeral) needed = {1, 10, 0};                   // ephemeral resources
  if (write_only) needed = {1, 11, 0};                  // write-only arguments (password_wo, ...)
  return ">= " + std::max(needed, data_->minimum_terraform).str();
}

void Stack::set_backend(Backend backend) {
  if (!is_valid_identifier(backend.type)) throw GraphError::invalid_name("backend", backend.type);
  for (const auto& [argument, value] : backend.config.items())
    if (value.is_string() && value.get<std::string>().find("${") != std::string::npos)
      throw GraphError::backend_expression(backend.type, argument, value.get<std::string>());
  data_->backend = std::move(backend);
}

const std::optional<Backend>& Stack::backend() const { return data_->backend; }

ProviderRef Stack::add_provider(std::string local_name, std::string region, std::string alias,
                                nlohmann::json config) {
  if (!is_valid_identifier(local_name)) throw GraphError::invalid_name("provider", local_name);
  if (!alias.empty() && !is_valid_identifier(alias)) throw GraphError::invalid_name("provider alias", alias);
  ProviderConfig provider{std::move(local_name), std::move(alias), std::move(region), std::move(config)};
  if (find_provider(provider.str()) != nullptr) throw GraphError::duplicate_address("provider." + provider.str());
  if (!provider.region.empty()) provider.config["region"] = provider.region;
  ProviderRef ref{provider.local_name, provider.alias};
  data_->providers.push_back(std::move(provider));
  return ref;
}

const std::vector<ProviderConfig>& Stack::providers() const { return data_->providers; }

const ProviderConfig* Stack::find_provider(std::string_view name) const {
  for (const auto& provider : data_->providers)
    if (provider.str() == name) return &provider;
  return nullptr;
}

ResourceHandle Stack::add(Kind kind, std::string type, std::string name, const ProviderRef& provider) {
  if (!is_valid_identifier(type)) throw GraphError::invalid_name("resource type", type);
  if (!is_valid_identifier(name)) throw GraphError::invalid_name("local", name);
  Resource node;
  node.address = {kind, std::move(type), std::move(name)};
  // The facts hold every type of the providers they cover: a type missing there is a typo.
  const schema::Facts& facts = schema::Facts::embedded();
  if (facts.covers_provider_of(node.address.type) && !facts.contains(kind, node.address.type))
    throw SchemaError::unknown_type(node.address.str(), node.address.type,
                                    closest_match(node.address.type, facts.types(kind)));
  node.provider = provider.str();
  // A default configuration may be implicit (hashicorp/random needs no provider block).
  const ProviderConfig* config = find_provider(node.provider);
  if (config == nullptr &&
      !(provider.alias.empty() && data_->required_providers.contains(provider.local_name)))
    throw GraphError::unknown_provider(node.address.str(), node.provider);
  node.placement.region = config != nullptr ? config->region : "";
  node.placement.concern = default_concern(node.address.type);
  node.arguments = nlohmann::json::object();

  std::string address = node.address.str();
  const auto index = static_cast<std::uint32_t>(data_->resources.size());
  if (!data_->index.emplace(std::move(address), index).second)
    throw GraphError::duplicate_address(node.address.str());
  data_->resources.push_back(std::move(node));
  return ResourceHandle(data_.get(), index);
}

ResourceHandle Stack::add(Kind kind, std::string type, std::string name) {
  std::string local_name = type.substr(0, type.find('_'));
  return add(kind, std::move(type), std::move(name), ProviderRef{std::move(local_name), ""});
}

std::size_t Stack::size() const noexcept { return data_->resources.size(); }
const Resource& Stack::resource(std::size_t index) const { return data_->resources.at(index); }

ResourceHandle Stack::handle(std::size_t index) {
  (void)data_->resources.at(index);  // bounds check
  return ResourceHandle(data_.get(), static_cast<std::uint32_t>(index));
}

std::optional<std::size_t> Stack::index_of(std::string_view address) const {
  auto found = data_->index.find(std::string(address));
  if (found == data_->index.end()) return std::nullopt;
  return found->second;
}

std::optional<ResourceHandle> Stack::find(std::string_view address) {
  auto index = index_of(address);
  if (!index) return std::nullopt;
  return handle(*index);
}

void Stack::declare_variable(const std::string& name, Variable variable) {
  if (!is_valid_identifier(name)) throw GraphError::invalid_name("variable", name);
  if (!data_->variables.emplace(name, std::move(variable)).second)
    throw GraphError::duplicate_address("var." + name);
}

Attr<tf::Dynamic> Stack::add_local(std::string name, nlohmann::json template_value) {
  if (!is_valid_identifier(name)) throw GraphError::invalid_name("local", name);
  if (!data_->locals.emplace(name, std::move(template_value)).second)
    throw GraphError::duplicate_address("local." + name);
  return Attr<tf::Dynamic>::at("local." + name);
}

void Stack::add_output(std::string name, Output output) {
  if (!is_valid_identifier(name)) throw GraphError::invalid_name("output", name);
  if (!data_->outputs.emplace(name, std::move(output)).second)
    throw GraphError::duplicate_address("output." + name);
}

const std::map<std::string, Variable>& Stack::variables() const { return data_->variables; }
const std::map<std::string, nlohmann::json>& Stack::locals() const { return data_->locals; }
const std::map<std::string, Output>& Stack::outputs() const { return data_->outputs; }

void Stack::add_removed(Removed removed) { data_->removed.push_back(std::move(removed)); }
void Stack::add_import(Import import) { data_->imports.push_back(std::move(import)); }
const std::vector<Removed>& Stack::removed() const { return data_->removed; }
const std::vector<Import>& Stack::imports() const { return data_->imports; }

}  // namespace rdha
