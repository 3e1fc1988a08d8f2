// The native syntax of a Stack (rdha/emit/tf_hcl.hpp): the blocks of tf_blocks(), each body
// written from its JSON syntax by the rules of Terraform's JSON syntax ("JSON Configuration
// Syntax", https://developer.hashicorp.com/terraform/language/syntax/json): which keys are
// nested blocks (the provider schema), which strings are templates, literal text or bare
// references and keywords (meta-arguments).
#include "rdha/emit/tf_hcl.hpp"

#include "hcl_syntax.hpp"
#include "rdha/emit/tf_blocks.hpp"
#include "rdha/emit/tf_output.hpp"
#include "rdha/schema/provider_config.hpp"
#include "rdha/schema/schema.hpp"

namespace rdha {
namespace {

using detail::hcl::Attribute;
using detail::hcl::Rendered;
using detail::hcl::Strings;
using nlohmann::json;

std::string spaces(int count) { return std::string(static_cast<std::size_t>(count), ' '); }

// A value written as it is: a reference (`aws.dr`, `aws_vpc.primary`), a keyword (`all`),
// a type constraint (`list(string)`) or a list of them.
Rendered bare(const json& value) {
  if (value.is_string()) return {value.get<std::string>()};
  std::string out = "[";
  for (const auto& element : value) out += (out.size() > 1 ? ", " : "") + element.get<std::string>();
  return {out + "]"};
}

// A body: sections (a run of attributes, a nested block) one blank line apart.
class Body {
 public:
  explicit Body(int indent) : indent_(indent) {}

  int indent() const { return indent_; }
  void attributes(const std::vector<Attribute>& list) {
    if (!list.empty()) sections_.push_back(detail::hcl::attribute_lines(list, indent_));
  }
  void block(const std::string& header, const std::string& body) {
    const std::string pad = spaces(indent_);
    sections_.push_back(body.empty() ? pad + header + " {}\n" : pad + header + " {\n" + body + pad + "}\n");
  }
  std::string text() const {
    std::string out;
    for (const auto& section : sections_) out += (out.empty() ? "" : "\n") + section;
    return out;
  }

 private:
  int indent_;
  std::vector<std::string> sections_;
};

// A body of attributes only.
std::string attributes_text(const std::vector<Attribute>& attributes, int indent) {
  Body out(indent);
  out.attributes(attributes);
  return out.text();
}

std::string body_text(const json& body, const schema::BlockFacts* facts, Strings strings, int indent);

// The nested blocks @p name holds: a JSON-syntax block is an object, or a list of them;
// a map-nested block is an object of bodies by label.
void add_nested_blocks(Body& out, const std::string& name, const json& value, const schema::NestedBlockFacts& nested,
                       Strings strings) {
  const schema::BlockFacts* facts = nested.block.get();
  const int inner = out.indent() + 2;
  if (nested.nesting == schema::Nesting::map && value.is_object()) {
    for (const auto& [label, body] : value.items())
      out.block(name + " " + detail::hcl::quoted(label, Strings::literal), body_text(body, facts, strings, inner));
    return;
  }
  if (value.is_object()) out.block(name, body_text(value, facts, strings, inner));
  if (value.is_array())
    for (const auto& body : value) out.block(name, body_text(body, facts, strings, inner));
}

// Attributes first, then nested blocks (by name): a key is a block exactly when the facts
// say so; without facts every key is an attribute.
void add_body(Body& out, const json& body, const schema::BlockFacts* facts, Strings strings) {
  std::vector<Attribute> attributes;
  std::vector<std::pair<std::string, const schema::NestedBlockFacts*>> blocks;
  for (const auto& [key, value] : body.items()) {
    if (facts != nullptr && facts->blocks.contains(key))
      blocks.emplace_back(key, &facts->blocks.find(key)->second);
    else
      attributes.emplace_back(key, detail::hcl::expression(value, strings, out.indent()));
  }
  out.attributes(attributes);
  for (const auto& [key, nested] : blocks) add_nested_blocks(out, key, body.at(key), *nested, strings);
}

std::string body_text(const json& body, const schema::BlockFacts* facts, Strings strings, int indent) {
  Body out(indent);
  if (body.is_object()) add_body(out, body, facts, strings);
  return out.text();
}

// `lifecycle`: flags, `ignore_changes` (attribute names or the keyword `all`) and
// `replace_triggered_by` (references), as bare words; `destroy` of a removed block.
std::string lifecycle_text(const json& lifecycle, int indent) {
  std::vector<Attribute> attributes;
  for (const auto& [key, value] : lifecycle.items())
    attributes.emplace_back(key, value.is_boolean() ? Rendered{value.dump()} : bare(value));
  return attributes_text(attributes, indent);
}

const schema::BlockFacts* type_facts(const TfBlock& block) {
  const Kind kind = block.type == "data" ? Kind::data : block.type == "ephemeral" ? Kind::ephemeral : Kind::resource;
  const schema::TypeFacts* facts = schema::Facts::embedded().find(kind, block.labels[0]);
  return facts != nullptr ? &facts->block : nullptr;
}

// resource, data, ephemeral: count, for_each and provider first, then the arguments and
// nested blocks, then depends_on and lifecycle (the order of the Terraform style guide,
// https://developer.hashicorp.com/terraform/language/style#meta-arguments).
std::string resource_body(const TfBlock& block) {
  json arguments = block.body;
  std::vector<Attribute> first;
  for (const char* key : {"count", "for_each"})
    if (const auto it = arguments.find(key); it != arguments.end())
      first.emplace_back(key, detail::hcl::expression(*it, Strings::templates, 2));
  if (const auto it = arguments.find("provider"); it != arguments.end()) first.emplace_back("provider", bare(*it));
  for (const char* key : {"count", "for_each", "provider", "depends_on", "lifecycle"}) arguments.erase(key);

  Body out(2);
  out.attributes(first);
  add_body(out, arguments, type_facts(block), Strings::templates);
  if (const auto it = block.body.find("depends_on"); it != block.body.end())
    out.attributes({{"depends_on", bare(*it)}});
  if (const auto it = block.body.find("lifecycle"); it != block.body.end())
    out.block("lifecycle", lifecycle_text(*it, 4));
  return out.text();
}

// required_providers: literal settings, but a child module's `configuration_aliases` are
// references to provider configurations, written bare
// (https://developer.hashicorp.com/terraform/language/modules/develop/providers).
std::string required_providers_text(const json& providers) {
  std::vector<Attribute> entries;
  for (const auto& [name, settings] : providers.items()) {
    if (!settings.contains("configuration_aliases")) {
      entries.emplace_back(name, detail::hcl::expression(settings, Strings::literal, 4));
      continue;
    }
    std::vector<Attribute> lines;
    for (const auto& [key, value] : settings.items())
      lines.emplace_back(key, key == "configuration_aliases" ? bare(value)
                                                             : detail::hcl::expression(value, Strings::literal, 6));
    entries.emplace_back(name, Rendered{"{\n" + detail::hcl::attribute_lines(lines, 6) + spaces(4) + "}", false});
  }
  return detail::hcl::attribute_lines(entries, 4);
}

// The terraform block: literal settings, required_providers as attributes, the backend as a
// block labelled with its type (literal arguments: Terraform evaluates none there).
std::string terraform_body(const json& body) {
  Body out(2);
  std::vector<Attribute> settings;
  for (const auto& [key, value] : body.items())
    if (value.is_string()) settings.emplace_back(key, detail::hcl::expression(value, Strings::literal, 2));
  out.attributes(settings);
  if (const auto it = body.find("required_providers"); it != body.end())
    out.block("required_providers", required_providers_text(*it));
  if (const auto it = body.find("backend"); it != body.end())
    for (const auto& [type, config] : it->items())
      out.block("backend " + detail::hcl::quoted(type, Strings::literal), body_text(config, nullptr, Strings::literal, 4));
  return out.text();
}

// variable: `type` is a type constraint, `default` and `description` literal values.
std::string variable_body(const json& body) {
  std::vector<Attribute> attributes;
  for (const auto& [key, value] : body.items())
    attributes.emplace_back(key, key == "type" ? bare(value) : detail::hcl::expression(value, Strings::literal, 2));
  return attributes_text(attributes, 2);
}

// output: the value is an expression, the description literal text.
std::string output_body(const json& body) {
  std::vector<Attribute> attributes;
  for (const auto& [key, value] : body.items())
    attributes.emplace_back(key, detail::hcl::expression(value, key == "value" ? Strings::templates : Strings::literal, 2));
  return attributes_text(attributes, 2);
}

// removed (`from` an address, a lifecycle block), import (`to` an address, an `id`) and
// moved (`from` and `to` addresses).
std::string state_body(const json& body) {
  std::vector<Attribute> attributes;
  for (const auto& [key, value] : body.items()) {
    if (key == "lifecycle") continue;
    attributes.emplace_back(key, key == "from" || key == "to" ? bare(value)
                                                              : detail::hcl::expression(value, Strings::templates, 2));
  }
  Body out(2);
  out.attributes(attributes);
  if (const auto it = body.find("lifecycle"); it != body.end()) out.block("lifecycle", lifecycle_text(*it, 4));
  return out.text();
}

// A module call: `source` (literal), then `providers` (a map of provider configurations,
// bare on both sides), then the inputs (expressions).
// https://developer.hashicorp.com/terraform/language/meta-arguments/providers
std::string module_body(const json& body) {
  Body out(2);
  out.attributes({{"source", detail::hcl::expression(body.at("source"), Strings::literal, 2)}});
  if (const auto it = body.find("providers"); it != body.end()) {
    std::vector<Attribute> providers;
    for (const auto& [key, value] : it->items()) providers.emplace_back(key, bare(value));
    out.attributes({{"providers", {"{\n" + detail::hcl::attribute_lines(providers, 4) + "  }", false}}});
  }
  std::vector<Attribute> inputs;
  for (const auto& [key, value] : body.items())
    if (key != "source" && key != "providers")
      inputs.emplace_back(key, detail::hcl::expression(value, Strings::templates, 2));
  out.attributes(inputs);
  return out.text();
}

std::string block_body(const TfBlock& block) {
  if (block.labels.size() == 2) return resource_body(block);
  if (block.type == "terraform") return terraform_body(block.body);
  if (block.type == "provider")
    return body_text(block.body, schema::provider_config_facts(block.labels[0]), Strings::templates, 2);
  if (block.type == "variable") return variable_body(block.body);
  if (block.type == "output") return output_body(block.body);
  if (block.type == "removed" || block.type == "import" || block.type == "moved") return state_body(block.body);
  if (block.type == "module") return module_body(block.body);
  return body_text(block.body, nullptr, Strings::templates, 2);  // locals
}

std::string block_text(const TfBlock& block) {
  std::string header = block.type;
  for (const auto& label : block.labels) header += " " + detail::hcl::quoted(label, Strings::literal);
  const std::string body = block_body(block);
  return body.empty() ? header + " {}\n" : header + " {\n" + body + "}\n";
}

}  // namespace

std::map<std::string, std::string> rendered_tf_hcl(const Stack& stack) { return rendered_tf_hcl(tf_blocks(stack)); }

std::map<std::string, std::string> rendered_tf_hcl(const TfFiles& blocks_by_file) {
  std::map<std::string, std::string> files;
  for (const auto& [name, blocks] : blocks_by_file) {
    std::string& text = files[name + ".tf"];
    for (const TfBlock& block : blocks) text += (text.empty() ? "" : "\n") + block_text(block);
  }
  return files;
}

std::vector<std::string> write_tf_hcl(const Stack& stack, const std::filesystem::path& directory) {
  return write_tf(stack, directory, TfFormat::hcl);
}

}  // namespace rdha
