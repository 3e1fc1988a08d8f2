// The core graph API: Ref (references and raw expressions), Template, ResourceHandle with
// keyword arguments validated against the provider schema facts, and Stack (providers,
// resources / data / ephemeral blocks, variables, locals, outputs, order and edges).
#include <algorithm>

#include <fmt/format.h>

#include "bindings.hpp"
#include "rdha/error.hpp"
#include "rdha/schema/schema.hpp"

namespace rdha::python {
namespace {

Expr ref_of(std::string text) { return Expr::raw(std::move(text)); }

std::string quoted(const std::string& text) { return py::repr(py::str(text)).cast<std::string>(); }

// ---- ResourceHandle helpers -------------------------------------------------------------

const schema::TypeFacts* facts_of(const ResourceHandle& handle) {
  const Address& address = handle.address();
  return schema::Facts::embedded().find(address.kind, address.type);
}

std::vector<std::string> attribute_names(const schema::TypeFacts& facts) {
  std::vector<std::string> names;
  for (const auto& [name, attribute] : facts.block.attributes) names.push_back(name);
  for (const auto& [name, block] : facts.block.blocks) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

// A reference to an attribute, checked against the schema facts when the type is known
// so a typo fails here, where it was written, instead of at validation.
Expr checked_attribute(const Handle& self, const std::string& name) {
  if (const auto* facts = facts_of(self.handle)) {
    if (!facts->block.attributes.contains(name) && !facts->block.blocks.contains(name)) {
      const std::string suggestion = closest_match(name, attribute_names(*facts));
      throw py::attribute_error(fmt::format("{} ({}) has no attribute \"{}\".{}", self.handle.str(),
                                            self.handle.address().type, name,
                                            suggestion.empty() ? "" : fmt::format(" Did you mean \"{}\"?", suggestion)));
    }
  }
  return ref_of(self.handle.attr(name).text());
}

Handle& handle_in(const std::shared_ptr<Stack>& stack, py::handle value, const std::string& what) {
  if (!py::isinstance<Handle>(value))
    throw py::type_error(fmt::format("{}: expected a ResourceHandle, got {}", what, type_name_of(value)));
  auto& other = value.cast<Handle&>();
  if (other.stack != stack) throw GraphError::foreign_reference(other.handle.str());
  return other;
}

Lifecycle lifecycle_from(py::handle value, const std::string& what) {
  if (!py::isinstance<py::dict>(value))
    throw py::type_error(fmt::format("{}: lifecycle must be a dict (create_before_destroy, prevent_destroy, "
                                     "ignore_changes, replace_triggered_by), got {}",
                                     what, type_name_of(value)));
  Lifecycle lifecycle;
  for (auto [key, item] : value.cast<py::dict>()) {
    const std::string name = py::str(key).cast<std::string>();
    if (name == "create_before_destroy") {
      lifecycle.create_before_destroy = item.cast<bool>();
    } else if (name == "prevent_destroy") {
      lifecycle.prevent_destroy = item.cast<bool>();
    } else if (name == "ignore_changes") {
      if (py::isinstance<py::str>(item)) lifecycle.ignore_changes = {item.cast<std::string>()};
      else lifecycle.ignore_changes = item.cast<std::vector<std::string>>();
    } else if (name == "replace_triggered_by") {
      for (auto entry : item) {
        if (py::isinstance<Expr>(entry)) lifecycle.replace_triggered_by.push_back(entry.cast<const Expr&>().text());
        else if (py::isinstance<Handle>(entry))
          lifecycle.replace_triggered_by.push_back(entry.cast<const Handle&>().handle.self_reference().text());
        else lifecycle.replace_triggered_by.push_back(entry.cast<std::string>());
      }
    } else {
      throw py::type_error(fmt::format("{}: lifecycle has no setting \"{}\"", what, name));
    }
  }
  return lifecycle;
}

py::dict lifecycle_dict(const Lifecycle& lifecycle) {
  py::dict out;
  out["create_before_destroy"] = lifecycle.create_before_destroy;
  out["prevent_destroy"] = lifecycle.prevent_destroy;
  out["ignore_changes"] = py::cast(lifecycle.ignore_changes);
  out["replace_triggered_by"] = py::cast(lifecycle.replace_triggered_by);
  return out;
}

// Keyword arguments converted before anything is changed, so a bad value leaves the
// stack untouched.
struct Edits {
  std::vector<std::pair<std::string, nlohmann::json>> arguments;  // set_json
  std::vector<Handle*> depends_on;
  std::optional<Lifecycle> lifecycle;
  std::optional<nlohmann::json> count;
  std::optional<nlohmann::json> for_each;

  void apply(ResourceHandle& handle) const {
    for (const auto& [name, value] : arguments) handle.set_json(name, value);
    for (const Handle* other : depends_on) handle.depends_on(other->handle);
    if (lifecycle) handle.lifecycle(*lifecycle);
    if (count) handle.count(Arg<tf::Number>::from_json(*count));
    if (for_each) handle.for_each(Arg<tf::Dynamic>::from_json(*for_each));
  }
};

Edits edits_from(const std::shared_ptr<Stack>& stack, const std::string& address, const py::kwargs& kwargs) {
  Edits edits;
  for (auto [key, value] : kwargs) {
    const std::string name = key.cast<std::string>();
    const std::string where = address + "." + name;
    if (name == "depends_on") {
      if (py::isinstance<Handle>(value)) {
        edits.depends_on.push_back(&handle_in(stack, value, where));
      } else {
        for (auto item : value) edits.depends_on.push_back(&handle_in(stack, item, where));
      }
    } else if (name == "lifecycle") {
      edits.lifecycle = lifecycle_from(value, where);
    } else if (name == "count") {
      edits.count = to_template(value, where);
    } else if (name == "for_each") {
      edits.for_each = to_template(value, where);
    } else if (name == "provider") {
      throw py::type_error(fmt::format("{}: the provider is chosen when the block is added "
                                       "(stack.add_resource(type, name, provider=...))",
                                       where));
    } else {
      edits.arguments.emplace_back(name, to_template(value, where));
    }
  }
  return edits;
}

ProviderRef provider_from(py::handle provider) {
  if (py::isinstance<ProviderRef>(provider)) return provider.cast<ProviderRef>();
  const std::string text = provider.cast<std::string>();
  const auto dot = text.find('.');
  if (dot == std::string::npos) return {text, ""};
  return {text.substr(0, dot), text.substr(dot + 1)};
}

Handle add_node(const std::shared_ptr<Stack>& stack, Kind kind, const std::string& type, const std::string& name,
                const py::object& provider, const py::kwargs& kwargs) {
  const std::string address = Address{kind, type, name}.str();
  const Edits edits = edits_from(stack, address, kwargs);
  // Check every argument against the schema on a scratch node with the same address, so
  // the stack is left unchanged (and the name free) when one of them is rejected.
  {
    Stack scratch;
    auto scratch_node = scratch.add(kind, type, name, scratch.add_provider("scratch", ""));
    for (const auto& [argument, value] : edits.arguments) scratch_node.set_json(argument, value);
  }
  ResourceHandle handle = provider.is_none() ? stack->add(kind, type, name)
                                             : stack->add(kind, type, name, provider_from(provider));
  edits.apply(handle);
  return Handle{stack, handle};
}

// add_resource(type, name, provider=None, /, **arguments) parsed from *args/**kwargs.
Handle add_node_from_call(const std::shared_ptr<Stack>& stack, Kind kind, const char* function, const py::args& args,
                          const py::kwargs& kwargs) {
  if (args.size() < 2 || args.size() > 3 || !py::isinstance<py::str>(args[0]) || !py::isinstance<py::str>(args[1]))
    throw py::type_error(fmt::format("{}() takes the block type and local name as str, then optionally the provider "
                                     "(positional), then the block's arguments as keywords",
                                     function));
  py::dict arguments(kwargs);  // a copy: provider is taken out
  py::object provider = args.size() == 3 ? py::reinterpret_borrow<py::object>(args[2]) : py::none();
  if (arguments.contains("provider")) {
    if (args.size() == 3) throw py::type_error(fmt::format("{}() got the provider twice", function));
    provider = arguments.attr("pop")("provider");
  }
  return add_node(stack, kind, args[0].cast<std::string>(), args[1].cast<std::string>(), provider,
                  py::kwargs(std::move(arguments)));
}

std::vector<Handle> handles_of(const std::shared_ptr<Stack>& stack) {
  std::vector<Handle> out;
  for (std::size_t i = 0; i < stack->size(); ++i) out.push_back(Handle{stack, stack->handle(i)});
  return out;
}

// rdha.DbRole: the database roles the analyses read; str(DbRole.dr_replica) == "dr_replica".
void bind_db_role(py::module_& m) {
  py::enum_<DbRole> role(m, "DbRole",
                         "The database role of a node that the analyses read: none, writer, reader or dr_replica.");
  role.value("none", DbRole::none)
      .value("writer", DbRole::writer)
      .value("reader", DbRole::reader)
      .value("dr_replica", DbRole::dr_replica);
  def_enum_by_name(role);
}

using HandleClass = py::class_<Handle>;

// Ref, Template and the functions that build them: the values of arguments.
void bind_expressions(py::module_& m) {
  py::class_<Expr> ref_class(m, "Ref", R"doc(A Terraform expression: a reference to an attribute, a variable or a local, or raw HCL.

Attribute access on a resource returns one (``db.arn``); ``rdha.expr("jsonencode(...)")``
wraps raw HCL. Using a Ref in another block's arguments records the dependency edge.
``str(ref)`` is the interpolation ``"${aws_db_instance.primary.arn}"``; ``ref[0]``,
``ref["key"]`` and ``ref.attribute`` build longer references.)doc");
  ref_class.def(py::init(&ref_of), py::arg("text"), "Wraps expression text (without \"${ }\").")
      .def_property_readonly("text", &Expr::text, "The expression text, e.g. \"aws_vpc.primary.id\".")
      .def("interpolated", &Expr::interpolated, "The expression as a string template: \"${aws_vpc.primary.id}\".")
      .def("__str__", &Expr::interpolated)
      .def("__repr__", [](const Expr& e) { return "Ref(" + quoted(e.text()) + ")"; })
      .def("__getitem__", [](const Expr& e, std::size_t index) { return ref_of(fmt::format("{}[{}]", e.text(), index)); },
           py::arg("index"), "Element of a list reference: ref[0].")
      .def("__getitem__",
           [](const Expr& e, const std::string& key) { return ref_of(e.text() + "[" + nlohmann::json(key).dump() + "]"); },
           py::arg("key"), "Element of a map or object reference: ref[\"key\"].")
      .def("__getattr__",
           [](const Expr& e, const std::string& name) {
             if (name.starts_with("_")) throw py::attribute_error(name);
             return ref_of(e.text() + "." + name);
           },
           py::arg("name"), "Nested attribute: ref.name.")
      .def("__hash__", [](const Expr& e) { return py::hash(py::str(e.text())); });

  def_eq(ref_class, [](const Expr& a, const Expr& b) { return a.text() == b.text(); });

  m.def("expr", &ref_of, py::arg("hcl"),
        "A raw HCL expression (escape hatch), such as jsonencode({a = 1}). References inside it are still "
        "recorded as edges.");

  py::class_<Template> template_class(m, "Template", "A string template mixing literal text and references (see rdha.tmpl).");
  def_eq(template_class, [](const Template& a, const Template& b) { return a.text == b.text; });
  template_class
      .def_readonly("text", &Template::text, "The template text as emitted, e.g. \"arn:${data.aws_partition.current.partition}:...\".")
      .def("__str__", [](const Template& t) { return t.text; })
      .def("__repr__", [](const Template& t) { return "Template(" + quoted(t.text) + ")"; })
      .def("__hash__", [](const Template& t) { return py::hash(py::str(t.text)); });

  py::options tmpl_options;
  tmpl_options.disable_function_signatures();  // *parts typed in the docstring, for the stub
  m.def(
      "tmpl",
      [](const py::args& parts) {
        Template out;
        for (auto part : parts) {
          if (py::isinstance<Expr>(part)) out.text += part.cast<const Expr&>().interpolated();
          else if (py::isinstance<Template>(part)) out.text += part.cast<const Template&>().text;
          else if (py::isinstance<py::str>(part)) out.text += escape_template(part.cast<std::string>());
          else throw py::type_error("tmpl() takes str, Ref and Template parts, got " + type_name_of(part));
        }
        return out;
      },
      "tmpl(*parts: Union[str, Ref, Template]) -> Template\n\n"
      "A string template from literal pieces (str, escaped) and references (Ref), in order: for example the "
      "parts \"arn:\", partition.partition, \":s3:::\", bucket.id. Use it instead of an f-string: a Ref inside an "
      "f-string becomes literal text, not a reference.");
  tmpl_options.enable_function_signatures();

  m.def("escape_template", &escape_template, py::arg("literal"),
        "Escapes a literal for a Terraform string template (\"${\" -> \"$${\", \"%{\" -> \"%%{\").");
}

// Provider references and configurations, required providers, variables and outputs.
void bind_configuration(py::module_& m) {
  py::class_<ProviderRef> provider_ref(m, "ProviderRef", "A provider configuration of a Stack: \"aws\" or \"aws.dr\".");
  def_eq(provider_ref, [](const ProviderRef& a, const ProviderRef& b) { return a.str() == b.str(); });
  provider_ref
      .def(py::init([](std::string local_name, std::string alias) { return ProviderRef{std::move(local_name), std::move(alias)}; }),
           py::arg("local_name"), py::arg("alias") = "")
      .def_readonly("local_name", &ProviderRef::local_name)
      .def_readonly("alias", &ProviderRef::alias)
      .def("__str__", &ProviderRef::str)
      .def("__repr__", [](const ProviderRef& p) { return "ProviderRef(" + quoted(p.str()) + ")"; })
      .def("__hash__", [](const ProviderRef& p) { return py::hash(py::str(p.str())); });

  py::class_<ProviderConfig>(m, "ProviderConfig", "A provider block: local name, alias, region and further arguments.")
      .def_readonly("local_name", &ProviderConfig::local_name)
      .def_readonly("alias", &ProviderConfig::alias)
      .def_readonly("region", &ProviderConfig::region)
      .def_property_readonly("config", [](const ProviderConfig& p) { return p.config; }, "Arguments of the provider block (template form).")
      .def("ref", [](const ProviderConfig& p) { return ProviderRef{p.local_name, p.alias}; })
      .def("__str__", &ProviderConfig::str)
      .def("__repr__", [](const ProviderConfig& p) { return "<ProviderConfig " + p.str() + " region=" + quoted(p.region) + ">"; });

  py::class_<RequiredProvider>(m, "RequiredProvider", "An entry of required_providers.")
      .def_readonly("source", &RequiredProvider::source)
      .def_readonly("version", &RequiredProvider::version)
      .def("__repr__", [](const RequiredProvider& p) {
        return "RequiredProvider(source=" + quoted(p.source) + ", version=" + quoted(p.version) + ")";
      });

  py::class_<Variable>(m, "Variable", "An input variable.")
      .def_readonly("type", &Variable::type)
      .def_property_readonly("default", [](const Variable& v) { return v.default_value ? to_python(*v.default_value) : py::none(); },
                             "Any: The default value, or None.")
      .def_readonly("description", &Variable::description)
      .def_readonly("sensitive", &Variable::sensitive)
      .def_readonly("nullable", &Variable::nullable);

  py::class_<Output>(m, "Output", "An output value (template form).")
      .def_property_readonly("value", [](const Output& o) { return o.value; })
      .def_readonly("description", &Output::description)
      .def_readonly("sensitive", &Output::sensitive);
}

// Node: a snapshot of one node of the graph.
void bind_node(py::module_& m) {
  py::class_<Resource>(m, "Node", "A snapshot of one node of the graph: address, arguments, meta-arguments, placement.")
      .def_property_readonly("address", [](const Resource& r) { return r.address.str(); })
      .def_property_readonly("type", [](const Resource& r) { return r.address.type; })
      .def_property_readonly("name", [](const Resource& r) { return r.address.name; })
      .def_property_readonly("kind", [](const Resource& r) { return std::string(to_string(r.address.kind)); },
                             "\"resource\", \"data\" or \"ephemeral\".")
      .def_readonly("provider", &Resource::provider, "Provider configuration, \"aws\" or \"aws.dr\".")
      .def_property_readonly("arguments", [](const Resource& r) { return r.arguments; }, "Arguments and blocks in template form.")
      .def_readonly("depends_on", &Resource::depends_on)
      // "type: description": the docstring form stubgen reads a property's type from.
      .def_property_readonly("lifecycle", [](const Resource& r) { return lifecycle_dict(r.lifecycle); },
                             "Dict[str, Any]: The lifecycle block's settings.")
      .def_property_readonly("count", [](const Resource& r) { return r.count ? to_python(*r.count) : py::none(); },
                             "Any: The count meta-argument in template form, or None.")
      .def_property_readonly("for_each", [](const Resource& r) { return r.for_each ? to_python(*r.for_each) : py::none(); },
                             "Any: The for_each meta-argument in template form, or None.")
      .def_property_readonly("region", [](const Resource& r) { return r.placement.region; })
      .def_property_readonly("availability_zone", [](const Resource& r) { return r.placement.availability_zone; })
      .def_property_readonly("concern", [](const Resource& r) { return std::string(to_string(r.placement.concern)); })
      .def_property_readonly(
          "role", [](const Resource& r) { return r.placement.role; }, "The database role the analyses read.")
      .def_property_readonly(
          "custom_role", [](const Resource& r) { return r.placement.custom_role; },
          "The user's own role name of a node without a database role (\"\" if none); graphs show it.")
      .def_property_readonly(
          "references",
          [](const Resource& r) {
            std::vector<std::pair<std::string, std::string>> out;
            for (const auto& held : r.references) out.emplace_back(held.argument, held.target.target());
            return out;
          },
          "(argument, referenced object) pairs: the outgoing edges with the argument holding each.")
      .def("__repr__", [](const Resource& r) { return "<Node " + r.address.str() + ">"; });
}

// ResourceHandle with its reading side: references to attributes, the node, the address.
HandleClass bind_handle_class(py::module_& m) {
  HandleClass handle_class(m, "ResourceHandle", R"doc(A resource, data source or ephemeral resource of a Stack.

Attribute access returns references: ``db.arn`` is ``Ref("aws_db_instance.primary.arn")``;
names are checked against the provider schema facts (``handle.attr(name)`` skips the
check, ``handle[name]`` does the same as attribute access). Names a resource type may use
as attributes ("address", "name", "type", "role", ...) are never methods here: the
address is ``str(handle)`` and the rest of the node is ``handle.node()``.)doc");
  def_eq(handle_class, [](const Handle& a, const Handle& b) { return a.stack == b.stack && a.handle.index() == b.handle.index(); });
  handle_class
      .def("__getattr__", [](const Handle& self, const std::string& name) {
             if (name.starts_with("_")) throw py::attribute_error(name);
             return checked_attribute(self, name);
           },
           py::arg("name"))
      .def("__getitem__", &checked_attribute, py::arg("name"))
      .def("attr", [](const Handle& self, const std::string& name) { return ref_of(self.handle.attr(name).text()); },
           py::arg("name"), "A reference to any attribute, unchecked.")
      .def("self_reference", [](const Handle& self) { return ref_of(self.handle.self_reference().text()); },
           "A reference to the whole object (for replace_triggered_by, or outputs of the whole block).")
      .def("node", [](const Handle& self) { return self.handle.node(); }, "A snapshot of the node.")
      .def("__str__", [](const Handle& self) { return self.handle.str(); }, "The address, e.g. \"aws_vpc.primary\".")
      .def("__repr__", [](const Handle& self) { return "<ResourceHandle " + self.handle.str() + ">"; })
      .def("__hash__", [](const Handle& self) { return py::hash(py::make_tuple(reinterpret_cast<std::uintptr_t>(self.stack.get()), self.handle.index())); })
      .def("__dir__",
           [](py::object self) {
             auto names = py::module_::import("builtins").attr("object").attr("__dir__")(self).cast<std::vector<std::string>>();
             if (const auto* facts = facts_of(self.cast<const Handle&>().handle))
               for (const auto& name : attribute_names(*facts)) names.emplace_back(name);
             return names;
           });
  return handle_class;
}

// Arguments and blocks of a handle, set by keyword or as template-form JSON, and read back.
void define_handle_arguments(HandleClass& handle_class) {
  handle_class
      .def(
          "set",
          [](Handle& self, const py::kwargs& kwargs) -> Handle& {
            // Convert (and check) everything first so a rejected argument changes nothing.
            const Edits edits = edits_from(self.stack, self.handle.str(), kwargs);
            {
              Stack scratch;
              const Address& a = self.handle.address();
              auto node = scratch.add(a.kind, a.type, a.name, scratch.add_provider("scratch", ""));
              for (const auto& [argument, value] : edits.arguments) node.set_json(argument, value);
            }
            edits.apply(self.handle);
            return self;
          },
          py::return_value_policy::reference,
          "Sets arguments and blocks by keyword, checked against the provider schema (unknown name -> SchemaError "
          "with a suggestion). Values: str (literal), int, float, bool, None, Ref, Template, lists and dicts of "
          "those; a dict (or list of dicts) for a nested block. Also depends_on=[...], lifecycle={...}, count=, "
          "for_each=. Returns the handle.")
      .def(
          "set_json",
          [](Handle& self, const std::string& argument, const nlohmann::json& value) -> Handle& {
            self.handle.set_json(argument, value);
            return self;
          },
          py::arg("argument"), py::arg("template_value"), py::return_value_policy::reference,
          "Sets an argument from template-form JSON as is (\"${...}\" is a reference, literal \"${\" must be "
          "escaped).")
      .def(
          "add_block",
          [](Handle& self, const std::string& block, const py::kwargs& body) -> Handle& {
            self.handle.add_block(block, to_template(body, self.handle.str() + "." + block));
            return self;
          },
          py::arg("block"), py::return_value_policy::reference,
          "Adds one nested block from keyword arguments (appends for list/set blocks, replaces a single "
          "block), for example block \"parameter\" with name=\"rds.force_ssl\", value=\"1\".")
      .def("unset", [](Handle& self, const std::string& argument) { return self.handle.unset(argument); },
           py::arg("argument"), "Removes an argument or block; returns whether it was set.")
      .def(
          "get",
          [](const Handle& self, const std::string& argument) -> std::optional<nlohmann::json> {
            const nlohmann::json* value = self.handle.get(argument);
            return value == nullptr ? std::nullopt : std::optional<nlohmann::json>(*value);
          },
          py::arg("argument"), "The stored template-form value of an argument, or None.");
}

// Meta-arguments of a handle: depends_on, lifecycle, count, for_each.
void define_handle_meta_arguments(HandleClass& handle_class) {
  handle_class
      .def(
          "depends_on",
          [](Handle& self, const py::args& others) -> Handle& {
            std::vector<Handle*> targets;
            for (auto other : others) targets.push_back(&handle_in(self.stack, other, self.handle.str() + ".depends_on"));
            for (const Handle* other : targets) self.handle.depends_on(other->handle);
            return self;
          },
          py::return_value_policy::reference, "Explicit depends_on entries (each records an edge).")
      .def(
          "lifecycle",
          [](Handle& self, bool create_before_destroy, bool prevent_destroy, const py::object& ignore_changes,
             const py::object& replace_triggered_by) -> Handle& {
            py::dict settings;
            settings["create_before_destroy"] = create_before_destroy;
            settings["prevent_destroy"] = prevent_destroy;
            settings["ignore_changes"] = ignore_changes;
            settings["replace_triggered_by"] = replace_triggered_by;
            self.handle.lifecycle(lifecycle_from(settings, self.handle.str() + ".lifecycle"));
            return self;
          },
          py::arg("create_before_destroy") = false, py::arg("prevent_destroy") = false,
          py::arg("ignore_changes") = py::tuple(), py::arg("replace_triggered_by") = py::tuple(),
          py::return_value_policy::reference,
          "Sets the whole lifecycle block. ignore_changes: argument names or \"all\"; replace_triggered_by: Refs "
          "or handles (each records an edge).")
      .def(
          "count",
          [](Handle& self, const py::object& count) -> Handle& {
            self.handle.count(Arg<tf::Number>::from_json(to_template(count, self.handle.str() + ".count")));
            return self;
          },
          py::arg("count"), py::return_value_policy::reference, "The count meta-argument (int or Ref).")
      .def(
          "for_each",
          [](Handle& self, const py::object& collection) -> Handle& {
            self.handle.for_each(Arg<tf::Dynamic>::from_json(to_template(collection, self.handle.str() + ".for_each")));
            return self;
          },
          py::arg("collection"), py::return_value_policy::reference, "The for_each meta-argument.");
}

// What the analyses and the emitter know of a handle: its AZ, its concern, its role.
void define_handle_placement(HandleClass& handle_class) {
  handle_class
      .def(
          "placed_in_az",
          [](Handle& self, std::string availability_zone) -> Handle& {
            self.handle.placed_in_az(std::move(availability_zone));
            return self;
          },
          py::arg("availability_zone"), py::return_value_policy::reference,
          "Records the availability zone the node lives in (for the analyses; set automatically from a literal "
          "availability_zone argument).")
      .def(
          "concern",
          [](Handle& self, const std::string& concern) -> Handle& {
            static const std::vector<std::pair<std::string, Concern>> concerns = {
                {"general", Concern::general},   {"network", Concern::network},       {"security", Concern::security},
                {"database", Concern::database}, {"monitoring", Concern::monitoring}, {"recovery", Concern::recovery}};
            for (const auto& [name, value] : concerns) {
              if (name == concern) {
                self.handle.concern(value);
                return self;
              }
            }
            throw py::value_error(fmt::format("{}: unknown concern \"{}\" (general, network, security, database, "
                                              "monitoring, recovery)",
                                              self.handle.str(), concern));
          },
          py::arg("concern"), py::return_value_policy::reference,
          "Overrides the output file derived from the type: general, network, security, database, monitoring or "
          "recovery.")
      .def(
          "with_role",
          [](Handle& self, DbRole role) -> Handle& {
            self.handle.role(role);
            return self;
          },
          py::arg("role"), py::return_value_policy::reference, "The database role the analyses read.")
      .def(
          "with_role",
          [](Handle& self, std::string role) -> Handle& {
            self.handle.role(std::move(role));
            return self;
          },
          py::arg("role"), py::return_value_policy::reference,
          "A role by name: \"writer\", \"reader\" or \"dr_replica\" set that database role; any other name is the "
          "node's own role, which graphs show and the analyses ignore. C++ ResourceHandle::role.");
}

// Stack with its providers: the typed dependency graph of one Terraform configuration.
StackClass bind_stack_class(py::module_& m) {
  StackClass stack(m, "Stack", R"doc(The typed dependency graph of one Terraform configuration.

Add providers and blocks, connect them with references, then validate, order and emit::

    stack = rdha.Stack()
    east = stack.add_provider("aws", "us-east-1")
    vpc = stack.add_resource("aws_vpc", "main", provider=east, cidr_block="10.0.0.0/16")
    subnet = stack.add_resource("aws_subnet", "a", provider=east, vpc_id=vpc.id, cidr_block="10.0.1.0/24")
    stack.synth("terraform_out"))doc");
  stack.def(py::init([] { return std::make_shared<Stack>(); }))
      .def("require_provider", &Stack::require_provider, py::arg("local_name"), py::arg("source"), py::arg("version"),
           "Declares a provider in required_providers.")
      .def("required_providers", &Stack::required_providers)
      .def("pin_required_version", &Stack::pin_required_version, py::arg("constraint"))
      .def("required_version", &Stack::required_version,
           "The pinned constraint, else the one the features used need.")
      .def(
          "add_provider",
          [](Stack& self, std::string local_name, std::string region, std::string alias, const py::object& config) {
            nlohmann::json body = config.is_none() ? nlohmann::json::object() : to_template(config, "provider." + local_name);
            return self.add_provider(std::move(local_name), std::move(region), std::move(alias), std::move(body));
          },
          py::arg("local_name"), py::arg("region"), py::arg("alias") = "", py::arg("config") = py::none(),
          "Adds a provider configuration; region becomes the placement region of its nodes. config: further "
          "arguments (default_tags, ...).")
      .def("providers", &Stack::providers)
      .def(
          "find_provider",
          [](const Stack& self, const std::string& name) -> std::optional<ProviderConfig> {
            const ProviderConfig* found = self.find_provider(name);
            return found == nullptr ? std::nullopt : std::optional<ProviderConfig>(*found);
          },
          py::arg("name"));
  return stack;
}

// add_resource, add_data, add_ephemeral. Arguments are parsed by hand: the block's own
// arguments may be called "type" or "name" (aws_route53_record), so type and name are
// positional-only, which pybind11 2.10 does not combine with **kwargs. The docstring
// spells the signature the stub way ("__name" is positional-only).
void def_add_node(StackClass& stack, const char* function, Kind kind, const char* doc) {
  py::options options;
  options.disable_function_signatures();
  stack.def(
      function,
      [function, kind](const std::shared_ptr<Stack>& self, const py::args& args, const py::kwargs& kwargs) {
        return add_node_from_call(self, kind, function, args, kwargs);
      },
      doc);
}

// The nodes of a stack: adding them by type, finding them, iterating over them.
void define_stack_nodes(StackClass& stack) {
  stack
      .def("resources", &handles_of, "Every node, in the order added.")
      .def(
          "find",
          [](const std::shared_ptr<Stack>& self, const std::string& address) -> std::optional<Handle> {
            auto found = self->find(address);
            return found ? std::optional<Handle>(Handle{self, *found}) : std::nullopt;
          },
          py::arg("address"), "The node with this address (\"aws_vpc.primary\", \"data.x.y\"), or None.")
      .def(
          "__getitem__",
          [](const std::shared_ptr<Stack>& self, const std::string& address) {
            auto found = self->find(address);
            if (!found) {
              std::vector<std::string> addresses;
              for (const auto& handle : handles_of(self)) addresses.push_back(handle.handle.str());
              const std::string suggestion = closest_match(address, addresses);
              throw py::key_error(fmt::format("{} is not in the stack.{}", address,
                                              suggestion.empty() ? "" : fmt::format(" Did you mean \"{}\"?", suggestion)));
            }
            return Handle{self, *found};
          },
          py::arg("address"))
      .def("__contains__", [](const Stack& self, const std::string& address) { return self.index_of(address).has_value(); },
           py::arg("address"))
      .def("__len__", &Stack::size);
  {
    py::options options;
    options.disable_function_signatures();  // the stub's signatures are in the docstrings
    stack.def("__iter__", [](const std::shared_ptr<Stack>& self) { return py::iter(py::cast(handles_of(self))); },
              "__iter__(self) -> Iterator[ResourceHandle]\n\nThe nodes in insertion order.");
  }
  def_add_node(stack, "add_resource", Kind::resource,
               "add_resource(self, __type: str, __name: str, provider: Union[ProviderRef, str, None] = None, "
               "**kwargs: object) -> ResourceHandle\n\nAdds a managed resource. Keyword arguments are checked against "
               "the provider schema (unknown name -> SchemaError with a suggestion). provider: a ProviderRef or "
               "\"aws.dr\" (default: the default configuration of the type's provider). Also depends_on=, lifecycle=, "
               "count=, for_each=.");
  def_add_node(stack, "add_data", Kind::data,
               "add_data(self, __type: str, __name: str, provider: Union[ProviderRef, str, None] = None, **kwargs: "
               "object) -> ResourceHandle\n\nAdds a data source; arguments as for add_resource.");
  def_add_node(stack, "add_ephemeral", Kind::ephemeral,
               "add_ephemeral(self, __type: str, __name: str, provider: Union[ProviderRef, str, None] = None, "
               "**kwargs: object) -> ResourceHandle\n\nAdds an ephemeral resource; arguments as for add_resource.");
}

// Variables, locals and outputs of a stack.
void define_stack_values(StackClass& stack) {
  stack
      .def(
          "add_variable",
          [](Stack& self, std::string name, std::string type, const py::object& default_value, std::string description,
             bool sensitive, bool nullable) {
            Variable variable;
            variable.type = std::move(type);
            if (!default_value.is_none()) variable.default_value = to_json_value(default_value, "variable." + name);
            variable.description = std::move(description);
            variable.sensitive = sensitive;
            variable.nullable = nullable;
            return ref_of(self.add_variable(name, std::move(variable)).text());
          },
          py::arg("name"), py::arg("type") = "string", py::arg("default") = py::none(),
          py::arg("description") = "", py::arg("sensitive") = false, py::arg("nullable") = true,
          "Declares variable \"name\" and returns the reference var.name.")
      .def(
          "add_local",
          [](Stack& self, std::string name, const py::object& value) {
            return ref_of(self.add_local(name, to_template(value, "local." + name)).text());
          },
          py::arg("name"), py::arg("value"), "Declares locals { name = value } and returns local.name.")
      .def(
          "add_output",
          [](Stack& self, std::string name, const py::object& value, std::string description, bool sensitive) {
            nlohmann::json body = to_template(value, "output." + name);
            self.add_output(std::move(name), Output{std::move(body), std::move(description), sensitive});
          },
          py::arg("name"), py::arg("value"), py::arg("description") = "", py::arg("sensitive") = false,
          "Declares output \"name\" (value: a Ref, a literal, or lists/dicts of those).")
      .def("variables", &Stack::variables)
      .def("locals", &Stack::locals)
      .def("outputs", &Stack::outputs);
}

// Validation, order and edges of the graph.
void define_stack_graph(StackClass& stack) {
  stack
      .def("validate", &Stack::validate,
           "Checks the whole stack; raises ValidationError with every problem in ``problems`` "
           "(one or several).")
      .def(
          "topological_order",
          [](const Stack& self) {
            std::vector<std::string> out;
            for (std::size_t index : self.topological_order()) out.push_back(self.resource(index).address.str());
            return out;
          },
          "Addresses, dependencies first; ties broken by address. Raises CycleError.")
      .def(
          "edges",
          [](const Stack& self) {
            std::vector<std::pair<std::string, std::string>> out;
            for (const auto& [from, to] : self.edges())
              out.emplace_back(self.resource(from).address.str(), self.resource(to).address.str());
            return out;
          },
          "(dependent, dependency) address pairs.")
      .def("__repr__",
           [](const Stack& self) {
             return fmt::format("<Stack: {} blocks, {} provider configurations, {} outputs>", self.size(),
                                self.providers().size(), self.outputs().size());
           });
}

// Notebook rendering lives in Python (rdha/_display.py). One rich representation: a
// notebook stores every one a stack offers, so a second one would store the graph twice.
void define_stack_display(StackClass& stack) {
  stack.def(
      "_repr_html_",
      [](const py::object& self) {
        return py::module_::import("rdha._display").attr("stack_repr_html")(self).cast<std::string>();
      },
      "Summary tables (blocks by concern, type and region; providers; outputs) and the graph collapsed to one node "
      "per concern and region (SVG with Graphviz, Mermaid otherwise) for notebooks.");
}

}  // namespace

StackClass bind_core(py::module_& m) {
  bind_db_role(m);
  bind_expressions(m);
  bind_configuration(m);
  bind_node(m);
  HandleClass handle_class = bind_handle_class(m);
  define_handle_arguments(handle_class);
  define_handle_meta_arguments(handle_class);
  define_handle_placement(handle_class);
  StackClass stack = bind_stack_class(m);
  define_stack_nodes(stack);
  define_stack_values(stack);
  define_stack_graph(stack);
  define_stack_display(stack);
  return stack;
}

}  // namespace rdha::python
