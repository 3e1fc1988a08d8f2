// Enums that behave as their names: str(member), member == "name" and hash(member) are the
// name's, like the members of a Python enum.StrEnum, so `finding.severity == "error"` holds
// and members and names find the same dict entries. Unlike StrEnum, members of two
// different enums never compare equal, even with the same name.
#include "bindings.hpp"

namespace rdha::python {

namespace {

py::object not_implemented() { return py::reinterpret_borrow<py::object>(Py_NotImplemented); }

/// @p other as a member of @p self's enum: a member itself, or the name of one; None otherwise.
py::object as_member(const py::object& self, const py::object& other) {
  const py::handle cls = py::type::handle_of(self);
  if (py::isinstance(other, cls)) return other;
  if (py::isinstance<py::str>(other)) {
    const py::dict members = cls.attr("__members__");
    if (members.contains(other)) return members[other];
  }
  return py::none();
}

/// Defines a comparison of @p self and @p other (a member or a member's name) by declaration
/// order; NotImplemented for anything else.
template <class Compare>
void def_order(py::handle cls, const char* name, Compare compare) {
  cls.attr(name) = py::cpp_function(
      [compare](const py::object& self, const py::object& other) -> py::object {
        const py::object member = as_member(self, other);
        if (member.is_none()) return not_implemented();
        return py::bool_(compare(py::int_(self).cast<long>(), py::int_(member).cast<long>()));
      },
      py::name(name), py::is_method(cls),
      (std::string(name) + "(self, other: Union[" + py::str(cls.attr("__name__")).cast<std::string>() +
       ", str]) -> bool")
          .c_str());
}

}  // namespace

void def_enum_by_name(py::handle cls) {
  py::options options;
  options.disable_function_signatures();  // the docstrings give the stub's signatures
  // Assigned, not def()'d: py::enum_'s own methods would always match first.
  cls.attr("__str__") = py::cpp_function([](const py::object& self) { return py::str(self.attr("name")); },
                                         py::name("__str__"), py::is_method(cls), "__str__(self) -> str\n\nThe name.");
  cls.attr("__eq__") = py::cpp_function(
      [](const py::object& self, const py::object& other) -> py::object {
        if (py::isinstance<py::str>(other)) return py::bool_(py::object(self.attr("name")).equal(other));
        if (!py::type::handle_of(other).is(py::type::handle_of(self))) return not_implemented();
        return py::bool_(py::int_(self).equal(py::int_(other)));
      },
      py::name("__eq__"), py::is_method(cls),
      "__eq__(self, other: object) -> bool\n\nA member equals itself and its name.");
  cls.attr("__ne__") = py::cpp_function(
      [](const py::object& self, const py::object& other) -> py::object {
        const py::object equal = self.attr("__eq__")(other);
        return equal.is(not_implemented()) ? equal : py::bool_(!equal.cast<bool>());
      },
      py::name("__ne__"), py::is_method(cls), "__ne__(self, other: object) -> bool");
  // Equal objects hash alike: a member hashes as its name.
  cls.attr("__hash__") = py::cpp_function([](const py::object& self) { return py::hash(self.attr("name")); },
                                          py::name("__hash__"), py::is_method(cls), "__hash__(self) -> int");
}

void def_enum_order(py::handle cls) {
  py::options options;
  options.disable_function_signatures();
  def_order(cls, "__lt__", [](long a, long b) { return a < b; });
  def_order(cls, "__le__", [](long a, long b) { return a <= b; });
  def_order(cls, "__gt__", [](long a, long b) { return a > b; });
  def_order(cls, "__ge__", [](long a, long b) { return a >= b; });
}

}  // namespace rdha::python
