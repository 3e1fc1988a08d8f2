// rdha._core: the compiled half of the rdha Python package. The public API is the package
// `rdha` (python/rdha/__init__.py), which re-exports these names and adds notebook
// rendering. Binders, one per area: errors.cpp (exception translation, Problem),
// core.cpp (Ref, ResourceHandle, Stack), spec.cpp (HaStackSpec and nested structs),
// stack.cpp (the HA stack modules), emit.cpp (Terraform JSON, graph export), analysis.cpp
// (check and drill).
#include "bindings.hpp"
#include "rdha/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "rdha compiled core (private: import rdha instead).";
  m.attr("__version__") = std::string(rdha::version());
  m.def("version", [] { return std::string(rdha::version()); }, "The rdha version, as in the root VERSION file.");
  rdha::python::bind_errors(m);
  auto stack = rdha::python::bind_core(m);
  rdha::python::bind_spec(m);
  rdha::python::bind_stack(m);
  rdha::python::bind_emit(m, stack);
  rdha::python::bind_analysis(m, stack);

  // The names the package re-exports (`from rdha._core import *` in python/rdha/__init__.py):
  // every public name but version(), which the package offers as __version__.
  py::list names;
  for (const auto& item : m.attr("__dict__").cast<py::dict>()) {
    const auto name = item.first.cast<std::string>();
    if (!name.starts_with("_") && name != "version") names.append(name);
  }
  names.attr("sort")();
  m.attr("__all__") = names;
}
