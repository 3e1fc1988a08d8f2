// Shared declarations of the rdha._core binders: ownership wrappers, value conversions
// and the per-area bind_* functions module.cpp calls.
//
// Ownership: a C++ ResourceHandle points into the storage of its Stack and a module result
// (Providers, RegionNetwork, ...) holds handles and pointers into the HaStackSpec it was
// built from. Python may drop the Stack or the spec at any time, so every object handed
// to Python carries shared ownership of what it points into (an Anchor); nothing on the
// Python side can dangle.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "rdha/core/stack.hpp"

namespace py = pybind11;

namespace rdha::python {

/// The stack a value belongs to, plus everything its raw pointers point into.
struct Anchor {
  std::shared_ptr<Stack> stack;
  std::vector<std::shared_ptr<const void>> keep;
};
using AnchorPtr = std::shared_ptr<const Anchor>;

/// Python's ResourceHandle: the C++ handle and the stack that owns its node.
struct Handle {
  std::shared_ptr<Stack> stack;
  ResourceHandle handle;
};

/// A path argument: a str or an os.PathLike[str] such as pathlib.Path (what os.fspath takes,
/// but bytes), typed so in the stubs.
struct PathArg {
  std::filesystem::path path;
};

/// A template-form string built by rdha.tmpl(): stored verbatim, never escaped again.
struct Template {
  std::string text;
};

/// Plain JSON from a Python value (None, bool, int, float, str, list/tuple, dict with str
/// keys). Used for spec dictionaries and other data that holds no Terraform expressions.
nlohmann::json to_json_value(py::handle value, const std::string& path = "value");

/// Python value of a JSON value (objects become dicts, arrays lists).
py::object to_python(const nlohmann::json& value);

/// Terraform template-form JSON from a Python value: str is a literal (escaped like
/// rdha::literal), Ref is a reference ("${...}"), Template is kept verbatim, lists and
/// dicts are converted element by element. @p path names the value in TypeErrors.
nlohmann::json to_template(py::handle value, const std::string& path);

/// The Python name of a value's type, for messages.
std::string type_name_of(py::handle value);

/// Defines __eq__(self, other: object) -> bool: NotImplemented for other types (so Python
/// falls back to identity), @p equal for two of this class.
template <class Class, class Equal>
void def_eq(Class& cls, Equal equal) {
  using T = typename Class::type;
  py::options options;
  options.disable_function_signatures();  // the stub must read (other: object) -> bool
  cls.def(
      "__eq__",
      [equal](const T& self, const py::object& other) -> py::object {
        if (!py::isinstance<T>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return py::bool_(equal(self, other.cast<const T&>()));
      },
      "__eq__(self, other: object) -> bool");
}

/// Makes a py::enum_ class behave as its names: str(), == and hash() are the name's, so
/// `severity == "error"` holds and dict keys may be members or names (enums.cpp).
void def_enum_by_name(py::handle cls);
/// Orders a py::enum_ class by declaration order (<, <=, >, >=), against members or names.
void def_enum_order(py::handle cls);

using StackClass = py::class_<Stack, std::shared_ptr<Stack>>;

void bind_errors(py::module_& m);
StackClass bind_core(py::module_& m);
void bind_spec(py::module_& m);
void bind_stack(py::module_& m);
void bind_emit(py::module_& m, StackClass& stack_class);
void bind_analysis(py::module_& m, StackClass& stack_class);

}  // namespace rdha::python

namespace pybind11::detail {
// PathArg <- str or os.PathLike[str] (os.fspath), typed so in the stubs.
template <>
struct type_caster<rdha::python::PathArg> {
  PYBIND11_TYPE_CASTER(rdha::python::PathArg, const_name("Union[str, os.PathLike[str]]"));

  bool load(handle source, bool /*convert*/) {
    if (!isinstance<str>(source) && !hasattr(source, "__fspath__")) return false;
    const object text = module_::import("os").attr("fspath")(source);
    if (!isinstance<str>(text)) return false;
    value.path = std::filesystem::path(text.cast<std::string>());
    return true;
  }
  static handle cast(const rdha::python::PathArg& source, return_value_policy /*policy*/, handle /*parent*/) {
    return str(source.path.string()).release();
  }
};

// nlohmann::json <-> Python: plain JSON conversion in function signatures.
template <>
struct type_caster<nlohmann::json> {
  PYBIND11_TYPE_CASTER(nlohmann::json, const_name("Any"));

  bool load(handle source, bool /*convert*/) {
    value = rdha::python::to_json_value(source);
    return true;
  }
  static handle cast(const nlohmann::json& source, return_value_policy /*policy*/, handle /*parent*/) {
    return rdha::python::to_python(source).release();
  }
};
}  // namespace pybind11::detail
