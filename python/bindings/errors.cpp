// C++ rdha::Error → the Python classes of rdha.errors, with the same message (str(e) is
// what()) and the structured parts as attributes. Any other C++ exception becomes
// rdha.InternalError; only the Python exceptions the bindings raise on purpose (ValueError,
// TypeError, ...) pass through as themselves.
#include <exception>

#include "bindings.hpp"
#include "rdha/error.hpp"

namespace rdha::python {
namespace {

// The Python classes, looked up once; intentionally leaked so no Python object is
// destroyed after the interpreter has finalised.
py::object* errors_module = nullptr;

py::list problems_of(const std::vector<Problem>& problems) {
  py::list out;
  for (const auto& problem : problems) out.append(py::cast(problem));
  return out;
}

void raise(const char* class_name, const Error& error, py::dict extra = py::dict()) {
  py::object type = errors_module->attr(class_name);
  extra["kind"] = error.kind();
  extra["code"] = error.code();
  extra["subject"] = error.subject();
  extra["message"] = error.message();
  if (!extra.contains("problems")) extra["problems"] = py::list();
  py::object instance = type(error.what(), **extra);
  PyErr_SetObject(type.ptr(), instance.ptr());
}

// The cycles of a CycleError; those of a ValidationError come from the CycleError it
// nests when the graph has a cycle (src/core/validate.cpp), and are empty otherwise.
void add_cycles(const CycleError& cycle, py::dict& extra) {
  extra["cycles"] = py::cast(cycle.cycles());
  extra["self_references"] = py::cast(cycle.self_references());
}

void add_cycles(const ValidationError& error, py::dict& extra) {
  extra["cycles"] = py::list();
  extra["self_references"] = py::list();
  try {
    std::rethrow_if_nested(error);
  } catch (const CycleError& cycle) {
    add_cycles(cycle, extra);
  } catch (...) {  // another nested exception carries no cycles
  }
}

}  // namespace

void bind_errors(py::module_& m) {
  py::class_<Problem> problem(m, "Problem", "One problem found while validating: where (field path or address) and what.");
  def_eq(problem, [](const Problem& a, const Problem& b) { return a.subject == b.subject && a.message == b.message; });
  problem
      .def(py::init([](std::string subject, std::string message) { return Problem{std::move(subject), std::move(message)}; }),
           py::arg("subject"), py::arg("message"))
      .def_readonly("subject", &Problem::subject, "Field path or resource address.")
      .def_readonly("message", &Problem::message, "What is wrong and how to fix it.")
      .def("__hash__", [](const Problem& p) { return py::hash(py::make_tuple(p.subject, p.message)); })
      .def("__repr__", [](const Problem& p) {
        return "Problem(subject=" + py::repr(py::str(p.subject)).cast<std::string>() +
               ", message=" + py::repr(py::str(p.message)).cast<std::string>() + ")";
      });

  errors_module = new py::object(py::module_::import("rdha.errors"));
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const CycleError& e) {
      py::dict extra;
      add_cycles(e, extra);
      raise("CycleError", e, extra);
    } catch (const GraphError& e) {
      raise("GraphError", e);
    } catch (const SpecError& e) {
      py::dict extra;
      extra["problems"] = problems_of(e.problems());
      raise("SpecError", e, extra);
    } catch (const SchemaError& e) {
      raise("SchemaError", e);
    } catch (const EmitError& e) {
      raise("EmitError", e);
    } catch (const ValidationError& e) {
      py::dict extra;
      extra["problems"] = problems_of(e.problems());
      add_cycles(e, extra);
      raise("ValidationError", e, extra);
    } catch (const PlanError& e) {
      raise("PlanError", e);
    } catch (const InternalError& e) {
      raise("InternalError", e);
    } catch (const Error& e) {
      raise("Error", e);
    } catch (const py::builtin_exception&) {
      throw;  // ValueError, TypeError, ... that the bindings raise on purpose
    } catch (const py::error_already_set&) {
      throw;  // a Python exception passing through C++
    } catch (const std::bad_alloc&) {
      raise("InternalError", InternalError::out_of_memory());
    } catch (const std::exception& e) {
      raise("InternalError", InternalError::unexpected(e.what()));
    } catch (...) {
      raise("InternalError", InternalError::unexpected("an exception of unknown type"));
    }
  });
}

}  // namespace rdha::python
