// The modules layout (rdha/emit/tf_modules.hpp; docs/modules.md): the flat blocks cut at
// module boundaries. Modules and their calls: "Modules",
// https://developer.hashicorp.com/terraform/language/modules/develop; providers passed to
// child modules: https://developer.hashicorp.com/terraform/language/modules/develop/providers;
// `moved` from root to module addresses:
// https://developer.hashicorp.com/terraform/language/modules/develop/refactoring.
#include "rdha/emit/tf_modules.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "rdha/core/placement.hpp"
#include "rdha/core/references.hpp"
#include "rdha/error.hpp"
#include "rdha/schema/schema.hpp"

namespace rdha {
namespace {

using nlohmann::json;

// The concern files in call order; "main" holds the resources of no other concern.
constexpr std::array<std::string_view, 6> kConcernFiles{"main",     "network",    "security",
                                                        "database", "monitoring", "recovery"};
constexpr std::string_view kDefaultLabel = "primary";

// Names a module cannot declare as variables: the meta-arguments of a module block
// ("Input Variables", https://developer.hashicorp.com/terraform/language/values/variables:
// "reserved for meta-arguments in module configuration blocks").
const std::set<std::string, std::less<>> kReservedInputs{"source",    "version",  "providers", "count",
                                                         "for_each",  "depends_on", "lifecycle", "locals"};

bool is_body_block(const TfBlock& block) { return block.labels.size() == 2; }

std::string address_of(const TfBlock& block) {
  const std::string base = block.labels[0] + "." + block.labels[1];
  return block.type == "resource" ? base : block.type + "." + base;
}

Kind kind_of(const TfBlock& block) {
  return block.type == "data" ? Kind::data : block.type == "ephemeral" ? Kind::ephemeral : Kind::resource;
}

// "aws.dr", or the default configuration of the type's provider ("aws" for aws_vpc).
std::string provider_of(const TfBlock& block) {
  if (const auto it = block.body.find("provider"); it != block.body.end()) return it->get<std::string>();
  return block.labels[0].substr(0, block.labels[0].find('_'));
}

std::string label_of(const std::string& provider) {
  const auto dot = provider.find('.');
  return dot == std::string::npos ? std::string(kDefaultLabel) : provider.substr(dot + 1);
}

std::size_t concern_rank(std::string_view file) {
  return static_cast<std::size_t>(std::find(kConcernFiles.begin(), kConcernFiles.end(), file) - kConcernFiles.begin());
}

// A cty type (schema facts) as a type constraint ("Type Constraints",
// https://developer.hashicorp.com/terraform/language/expressions/type-constraints), spaced
// as `terraform fmt` leaves one-line expressions.
std::string type_constraint(const json& type) {
  if (type.is_string()) return type == "dynamic" ? "any" : type.get<std::string>();
  const std::string kind = type.at(0).get<std::string>();
  if (kind == "list" || kind == "set" || kind == "map") return fmt::format("{}({})", kind, type_constraint(type.at(1)));
  std::vector<std::string> parts;
  if (kind == "object") {
    for (const auto& [name, element] : type.at(1).items()) parts.push_back(name + " = " + type_constraint(element));
    return parts.empty() ? "object({})" : fmt::format("object({{ {} }})", fmt::join(parts, ", "));
  }
  if (kind == "tuple") {
    for (const auto& element : type.at(1)) parts.push_back(type_constraint(element));
    return fmt::format("tuple([{}])", fmt::join(parts, ", "));
  }
  return "any";
}

// The type of a whole object: its attributes (nested blocks are left out: a value
// converts to an object type by dropping what the type does not name).
std::pair<std::string, bool> object_type(const schema::BlockFacts& facts) {
  json attributes = json::object();
  bool sensitive = false;
  for (const auto& [name, attribute] : facts.attributes) {
    attributes[name] = attribute.type;
    sensitive = sensitive || attribute.sensitive;
  }
  return {type_constraint(json::array({"object", attributes})), sensitive};
}

// One value passed from a producing module to its consumers (another module, or the root).
struct Crossing {
  std::string producer;    ///< module name
  std::string expression;  ///< the flat expression: "aws_vpc.dr.id"
  std::string type = "any";
  bool sensitive = false;
  bool ephemeral = false;
  std::set<std::string> consumers;  ///< module names; "" for the root
};

struct Module {
  std::string name;
  std::string label;
  std::string file;
  std::vector<TfBlock> blocks;
  std::set<std::string> providers;  ///< configurations its blocks use: "aws", "aws.dr"
};

// Everything one consumer (a module, or the root: "") reads from outside itself.
struct Reads {
  std::set<std::string> crossings;
  std::set<std::string> variables;
  std::set<std::string> locals;
};

class Cut {
 public:
  explicit Cut(const TfFiles& flat) : flat_(flat) {
    for (const auto& [file, blocks] : flat_) {
      if (concern_rank(file) == kConcernFiles.size()) continue;
      for (const TfBlock& block : blocks) {
        if (!is_body_block(block)) continue;
        const std::string name = tf_module_of(block, file);
        Module& module = module_named(name, block, file);
        module.providers.insert(provider_of(block));
        module.blocks.push_back(block);
        module_of_[address_of(block)] = name;
      }
    }
    // Call order: concern, then the default region first, then by label.
    std::sort(modules_.begin(), modules_.end(), [](const Module& a, const Module& b) {
      const auto rank = [](const Module& m) {
        return std::tuple(concern_rank(m.file), m.label != kDefaultLabel, m.label);
      };
      return rank(a) < rank(b);
    });
    for (const auto& [file, blocks] : flat_)
      for (const TfBlock& block : blocks) {
        if (block.type == "variable") variables_[block.labels[0]] = block.body;
        if (block.type == "locals") locals_ = block.body;
      }
    for (Module& module : modules_)
      for (TfBlock& block : module.blocks) producer_block_[address_of(block)] = &block;
  }

  TfModuleLayout layout() {
    TfModuleLayout out;
    std::vector<TfFiles> bodies;
    for (const Module& module : modules_) bodies.push_back(module_files(module));
    TfFiles root = root_files();
    // Outputs and inputs are known once every consumer is rewritten.
    for (std::size_t i = 0; i < modules_.size(); ++i) {
      add_outputs(modules_[i], bodies[i]);
      add_inputs(modules_[i], bodies[i]);
      out.modules.push_back({modules_[i].name, std::move(bodies[i]), readme(modules_[i])});
    }
    for (const Module& module : modules_) root["main"].push_back(module_call(module));
    out.root = std::move(root);
    return out;
  }

 private:
  Module& module_named(const std::string& name, const TfBlock& block, const std::string& file) {
    for (Module& module : modules_)
      if (module.name == name) return module;
    modules_.push_back({name, label_of(provider_of(block)), file, {}, {}});
    return modules_.back();
  }

  // ---- rewriting ----------------------------------------------------------------------

  std::string rewrite_text(const std::string& text, const std::string& consumer) {
    if (text.find('{') == std::string::npos) return text;
    std::string rewritten = rewrite_references(text, [&](const FoundReference& reference, bool whole) -> std::optional<std::string> {
      if (reference.root == RefRoot::variable) {
        reads_[consumer].variables.insert(reference.name);
        return std::nullopt;
      }
      if (reference.root == RefRoot::local) {
        reads_[consumer].locals.insert(reference.name);
        return std::nullopt;
      }
      const auto producer = module_of_.find(reference.target());
      if (producer == module_of_.end() || producer->second == consumer) return std::nullopt;
      const std::string name = cross(reference, whole, producer->second, consumer);
      return consumer.empty() ? "module." + producer->second + "." + name : "var." + name;
    });
    // What the rewrite left must be of this module: a reference into another one written in a
    // form it does not rewrite (`aws_x.y["k"]`, spaces inside) would fail only at validate.
    for (const FoundReference& reference : find_references(rewritten)) {
      const auto producer = module_of_.find(reference.target());
      if (producer != module_of_.end() && producer->second != consumer)
        throw EmitError::uncuttable_reference(consumer.empty() ? "the root module" : "module." + consumer,
                                              reference.target(),
                                              "it is not written as TYPE.NAME.ATTR, which the modules layout rewrites");
    }
    return rewritten;
  }

  json rewrite_value(const json& value, const std::string& consumer) {
    if (value.is_string()) return rewrite_text(value.get<std::string>(), consumer);
    if (!value.is_structured()) return value;
    json out = value;
    for (auto& [key, element] : out.items()) element = rewrite_value(element, consumer);
    return out;
  }

  // The input name of @p reference (docs/modules.md, Names): the type without its
  // provider's prefix, the name and the attribute ("vpc_dr_id"); data sources and
  // ephemeral resources prefixed with their kind.
  static std::string crossing_name(const FoundReference& reference, bool whole) {
    const std::string kind = reference.root == RefRoot::data        ? "data_"
                             : reference.root == RefRoot::ephemeral ? "ephemeral_"
                                                                    : "";
    const std::string type = reference.type.substr(reference.type.find('_') + 1);
    return kind + type + "_" + reference.name + (whole ? "" : "_" + reference.attribute);
  }

  std::string cross(const FoundReference& reference, bool whole, const std::string& producer,
                    const std::string& consumer) {
    const std::string name = crossing_name(reference, whole);
    const std::string expression = reference.target() + (whole ? "" : "." + reference.attribute);
    if (variables_.contains(name) || kReservedInputs.contains(name))
      throw EmitError::module_name_clash(name, expression, variables_.contains(name) ? "var." + name : "a meta-argument");
    auto [it, added] = crossings_.try_emplace(name);
    Crossing& crossing = it->second;
    if (added) {
      crossing.producer = producer;
      crossing.expression = expression;
      type_crossing(crossing, reference, whole);
    } else if (crossing.expression != expression) {
      throw EmitError::module_name_clash(name, crossing.expression, expression);
    }
    crossing.consumers.insert(consumer);
    reads_[consumer].crossings.insert(name);
    return name;
  }

  // Type and sensitivity from the provider schema facts; a counted resource is a list of
  // objects, one with for_each a map of them.
  void type_crossing(Crossing& crossing, const FoundReference& reference, bool whole) const {
    const TfBlock& block = *producer_block_.at(reference.target());
    crossing.ephemeral = block.type == "ephemeral";
    const schema::TypeFacts* facts = schema::Facts::embedded().find(kind_of(block), block.labels[0]);
    if (facts == nullptr) return;
    if (whole) {
      auto [type, sensitive] = object_type(facts->block);
      if (block.body.contains("count")) type = "list(" + type + ")";
      if (block.body.contains("for_each")) type = "map(" + type + ")";
      crossing.type = type;
      crossing.sensitive = sensitive;
    } else if (const auto attribute = facts->block.attributes.find(reference.attribute);
               attribute != facts->block.attributes.end()) {
      crossing.type = type_constraint(attribute->second.type);
      crossing.sensitive = attribute->second.sensitive;
    }
  }

  // depends_on: an address in another module becomes a reference to its `id` output.
  json rewrite_depends_on(const json& addresses, const std::string& consumer) {
    json out = json::array();
    for (const auto& entry : addresses) {
      const std::string address = entry.get<std::string>();
      const auto producer = module_of_.find(address);
      if (producer == module_of_.end() || producer->second == consumer) {
        out.push_back(entry);
        continue;
      }
      const TfBlock& block = *producer_block_.at(address);
      const RefRoot root = block.type == "data"        ? RefRoot::data
                           : block.type == "ephemeral" ? RefRoot::ephemeral
                                                       : RefRoot::resource;
      out.push_back("var." + cross({root, block.labels[0], block.labels[1], "id"}, false, producer->second, consumer));
    }
    return out;
  }

  // replace_triggered_by takes resource references only, no variables ("lifecycle",
  // https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle).
  void refuse_crossing_triggers(const TfBlock& block, const std::string& consumer) const {
    const auto lifecycle = block.body.find("lifecycle");
    if (lifecycle == block.body.end() || !lifecycle->contains("replace_triggered_by")) return;
    for (const auto& entry : lifecycle->at("replace_triggered_by"))
      for (const auto& reference : find_references("${" + entry.get<std::string>() + "}")) {
        const auto producer = module_of_.find(reference.target());
        if (producer != module_of_.end() && producer->second != consumer)
          throw EmitError::uncuttable_reference(address_of(block), entry.get<std::string>(),
                                                "replace_triggered_by takes resources of its own module only");
      }
  }

  TfBlock rewritten_block(const TfBlock& block, const std::string& consumer) {
    refuse_crossing_triggers(block, consumer);
    TfBlock out = block;
    for (auto& [key, value] : out.body.items()) {
      if (key == "provider" || key == "lifecycle") continue;
      value = key == "depends_on" ? rewrite_depends_on(value, consumer) : rewrite_value(value, consumer);
    }
    return out;
  }

  // The locals @p consumer reads, and the ones they read, each rewritten for it.
  json copied_locals(const std::string& consumer) {
    json out = json::object();
    for (bool grew = true; grew;) {
      grew = false;
      const std::set<std::string> wanted = reads_[consumer].locals;
      for (const std::string& name : wanted) {
        if (out.contains(name) || !locals_.contains(name)) continue;
        out[name] = rewrite_value(locals_.at(name), consumer);
        grew = true;
      }
    }
    return out;
  }

  // ---- modules --------------------------------------------------------------------------

  TfFiles module_files(const Module& module) {
    TfFiles files;
    for (const TfBlock& block : module.blocks) files["main"].push_back(rewritten_block(block, module.name));
    if (json locals = copied_locals(module.name); !locals.empty())
      files["locals"].push_back({"locals", {}, std::move(locals)});
    files["versions"].push_back({"terraform", {}, module_terraform(module)});
    return files;
  }

  json module_terraform(const Module& module) const {
    const json& root = flat_.at("versions").front().body;
    json terraform = {{"required_version", root.at("required_version")}};
    std::map<std::string, std::vector<std::string>> aliases;
    for (const std::string& provider : module.providers) {
      const std::string local = provider.substr(0, provider.find('.'));
      auto& list = aliases[local];
      if (provider != local) list.push_back(provider);
    }
    const json required = root.value("required_providers", json::object());
    for (const auto& [local, list] : aliases) {
      if (!required.contains(local) && list.empty()) continue;  // inferred as hashicorp/<name>
      json entry = required.value(local, json::object());
      if (!list.empty()) entry["configuration_aliases"] = list;
      terraform["required_providers"][local] = std::move(entry);
    }
    return terraform;
  }

  static std::string input_description(const Crossing& crossing) {
    return fmt::format("{} of module {}.", crossing.expression, crossing.producer);
  }

  void add_inputs(const Module& module, TfFiles& files) {
    std::vector<TfBlock> variables;
    for (const std::string& name : reads_[module.name].variables) {
      json body = variables_.contains(name) ? variables_.at(name) : json{{"type", "any"}};
      body.erase("default");  // the root passes its value
      variables.push_back({"variable", {name}, std::move(body)});
    }
    for (const std::string& name : reads_[module.name].crossings) {
      const Crossing& crossing = crossings_.at(name);
      json body = {{"type", crossing.type}, {"description", input_description(crossing)}};
      if (crossing.sensitive) body["sensitive"] = true;
      if (crossing.ephemeral) body["ephemeral"] = true;
      variables.push_back({"variable", {name}, std::move(body)});
    }
    std::sort(variables.begin(), variables.end(),
              [](const TfBlock& a, const TfBlock& b) { return a.labels[0] < b.labels[0]; });
    auto& file = files["variables"];
    for (auto& locals : files["locals"]) variables.push_back(std::move(locals));
    files.erase("locals");
    file = std::move(variables);
    if (file.empty()) files.erase("variables");
  }

  void add_outputs(const Module& module, TfFiles& files) {
    for (const auto& [name, crossing] : crossings_) {
      if (crossing.producer != module.name) continue;
      json body = {{"value", "${" + crossing.expression + "}"}, {"description", crossing.expression + "."}};
      if (crossing.sensitive) body["sensitive"] = true;
      if (crossing.ephemeral) body["ephemeral"] = true;
      files["outputs"].push_back({"output", {name}, std::move(body)});
    }
  }

  TfBlock module_call(const Module& module) {
    json body = {{"source", "./modules/" + module.name}};
    for (const std::string& provider : module.providers) body["providers"][provider] = provider;
    for (const std::string& name : reads_[module.name].variables) body[name] = "${var." + name + "}";
    for (const std::string& name : reads_[module.name].crossings)
      body[name] = "${module." + crossings_.at(name).producer + "." + name + "}";
    return {"module", {module.name}, std::move(body)};
  }

  // ---- root ---------------------------------------------------------------------------

  std::string module_address(const std::string& address) const {
    const auto it = module_of_.find(address);
    return it == module_of_.end() ? address : "module." + it->second + "." + address;
  }

  // A removed resource is no longer in the graph: its module is the one it had, from its
  // type's concern and the region its name is or starts with ("dr", "dr_replica" → dr).
  std::optional<std::string> removed_module(const std::string& address) const {
    const auto dot = address.find('.');
    if (dot == std::string::npos) return std::nullopt;
    const std::string type = address.substr(0, dot);
    const std::string name = address.substr(dot + 1);
    const Concern concern = default_concern(type);
    const std::string file = concern == Concern::general ? "main" : std::string(to_string(concern));
    std::string label(kDefaultLabel);
    for (const Module& module : modules_)
      if (module.label != kDefaultLabel && (name == module.label || name.starts_with(module.label + "_")))
        label = module.label;
    const std::string module = label + "_" + file;
    for (const Module& known : modules_)
      if (known.name == module) return module;
    return std::nullopt;
  }

  TfFiles root_files() {
    TfFiles root;
    for (const char* file : {"versions", "providers"})
      if (flat_.contains(file)) root[file] = flat_.at(file);
    if (flat_.contains("outputs"))
      for (const TfBlock& block : flat_.at("outputs")) root["outputs"].push_back(rewritten_block(block, ""));
    if (flat_.contains("variables"))
      for (const TfBlock& block : flat_.at("variables"))
        if (block.type == "variable") root["variables"].push_back(block);
    if (json locals = copied_locals(""); !locals.empty()) root["variables"].push_back({"locals", {}, std::move(locals)});

    for (const Module& module : modules_)
      for (const TfBlock& block : module.blocks)
        if (block.type == "resource")
          root["moved"].push_back({"moved", {}, {{"from", address_of(block)}, {"to", module_address(address_of(block))}}});
    if (flat_.contains("state"))
      for (TfBlock block : flat_.at("state")) {
        if (block.type == "import") block.body["to"] = module_address(block.body.at("to").get<std::string>());
        if (block.type == "removed") {
          const std::string from = block.body.at("from").get<std::string>();
          if (const auto module = removed_module(from)) {
            const std::string to = "module." + *module + "." + from;
            root["moved"].push_back({"moved", {}, {{"from", from}, {"to", to}}});
            block.body["from"] = to;
          }
        }
        root["state"].push_back(std::move(block));
      }
    return root;
  }

  // ---- README -------------------------------------------------------------------------

  std::string readme(const Module& module) {
    std::string out = fmt::format(
        "# Module {}\n\nWritten by `rdha synth --layout modules` from the stack's graph: edit the spec and run synth "
        "again, not this file. Resources of the {} concern in the {} region; provider configurations: {}.\n"
        "How the stack is cut into modules: docs/modules.md.\n\n## Resources\n\n",
        module.name, module.file == "main" ? "general" : module.file, module.label,
        fmt::join(module.providers, ", "));
    for (const TfBlock& block : module.blocks) out += "- `" + address_of(block) + "`\n";
    const Reads& reads = reads_[module.name];
    if (!reads.variables.empty() || !reads.crossings.empty()) {
      out += "\n## Inputs\n\n| Name | Type | From |\n|---|---|---|\n";
      for (const std::string& name : reads.variables)
        out += fmt::format("| `{}` | `{}` | root variable `var.{}` |\n", name,
                           variables_.contains(name) ? variables_.at(name).value("type", "any") : "any", name);
      for (const std::string& name : reads.crossings) {
        const Crossing& crossing = crossings_.at(name);
        out += fmt::format("| `{}` | `{}` | `{}` of module `{}`{} |\n", name, crossing.type, crossing.expression,
                           crossing.producer, crossing.sensitive ? " (sensitive)" : "");
      }
    }
    std::vector<std::string> outputs;
    for (const auto& [name, crossing] : crossings_) {
      if (crossing.producer != module.name) continue;
      std::vector<std::string> consumers;
      for (const std::string& consumer : crossing.consumers)
        consumers.push_back(consumer.empty() ? "the root's outputs" : "`" + consumer + "`");
      outputs.push_back(fmt::format("| `{}` | `{}` | {} |\n", name, crossing.expression, fmt::join(consumers, ", ")));
    }
    if (!outputs.empty()) out += "\n## Outputs\n\n| Name | Value | Used by |\n|---|---|---|\n" + fmt::format("{}", fmt::join(outputs, ""));
    return out;
  }

  const TfFiles& flat_;
  std::vector<Module> modules_;
  std::map<std::string, std::string> module_of_;             ///< address → module
  std::map<std::string, const TfBlock*> producer_block_;     ///< address → its block
  std::map<std::string, json> variables_;                    ///< root variable bodies
  json locals_ = json::object();
  std::map<std::string, Crossing> crossings_;                ///< by input/output name
  std::map<std::string, Reads> reads_;                       ///< by consumer ("" = root)
};

}  // namespace

std::string tf_module_of(const TfBlock& block, const std::string& file) {
  return label_of(provider_of(block)) + "_" + file;
}

TfModuleLayout tf_module_layout(const TfFiles& flat) { return Cut(flat).layout(); }

TfModuleLayout tf_module_layout(const Stack& stack) { return tf_module_layout(tf_blocks(stack)); }

}  // namespace rdha
