// Conversions between Python values and JSON: plain JSON for data (specs, configs) and
// Terraform template-form JSON for resource arguments, where a Python str is a literal and
// a Ref is a reference.
#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "bindings.hpp"
#include "rdha/core/expr.hpp"

namespace rdha::python {
namespace {

nlohmann::json integer_of(py::handle value, const std::string& path) {
  int overflow = 0;
  const long long number = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow == 0) {
    if (number == -1 && PyErr_Occurred() != nullptr) throw py::error_already_set();
    return number;
  }
  if (overflow > 0) {
    const unsigned long long big = PyLong_AsUnsignedLongLong(value.ptr());
    if (PyErr_Occurred() == nullptr) return big;
    PyErr_Clear();
  }
  throw py::value_error(fmt::format("{}: the integer {} does not fit in 64 bits", path, py::str(value).cast<std::string>()));
}

nlohmann::json float_of(py::handle value, const std::string& path) {
  const double number = value.cast<double>();
  if (!std::isfinite(number))
    throw py::value_error(fmt::format("{}: {} is not a finite number; JSON has no NaN or infinity", path, number));
  return number;
}

// A spec is five levels deep and Terraform arguments rarely ten; the limit keeps a
// deeply nested or self-containing Python value from exhausting the C++ stack.
constexpr std::size_t kMaxNesting = 200;

// The containers being converted, outermost first: one conversion's recursion state.
using OpenContainers = std::vector<PyObject*>;

// Marks @p container open for the lifetime of the object: a container already open
// contains itself (ValueError, as json.dumps), one too deep is a RecursionError.
class Nesting {
 public:
  Nesting(OpenContainers& open, py::handle container, const std::string& path) : open_(open) {
    if (std::find(open.begin(), open.end(), container.ptr()) != open.end())
      throw py::value_error(fmt::format("{}: the value contains itself; a circular reference cannot be converted", path));
    if (open.size() >= kMaxNesting) {
      PyErr_SetString(PyExc_RecursionError,
                      fmt::format("{}: nested deeper than {} levels; rdha's values are never that deep", path,
                                  kMaxNesting)
                          .c_str());
      throw py::error_already_set();
    }
    open.push_back(container.ptr());
  }
  ~Nesting() { open_.pop_back(); }
  Nesting(const Nesting&) = delete;
  Nesting& operator=(const Nesting&) = delete;

 private:
  OpenContainers& open_;
};

std::string key_of(py::handle key, const std::string& path) {
  if (!py::isinstance<py::str>(key))
    throw py::type_error(fmt::format("{}: dictionary keys must be str, got {}", path, type_name_of(key)));
  return key.cast<std::string>();
}

}  // namespace

std::string type_name_of(py::handle value) {
  return py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>();
}

namespace {

// Plain JSON data, or Terraform template form (str escaped, Ref and Template allowed).
enum class Form { data, terraform };

nlohmann::json convert(py::handle value, const std::string& path, Form form, OpenContainers& open) {
  if (value.is_none()) return nullptr;
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>();
  if (py::isinstance<py::int_>(value)) return integer_of(value, path);
  if (py::isinstance<py::float_>(value)) return float_of(value, path);
  if (py::isinstance<py::str>(value))
    return form == Form::data ? value.cast<std::string>() : escape_template(value.cast<std::string>());
  if (form == Form::terraform) {
    if (py::isinstance<Expr>(value)) return value.cast<const Expr&>().interpolated();
    if (py::isinstance<Template>(value)) return value.cast<const Template&>().text;
    if (py::isinstance<Handle>(value)) {
      const auto& handle = value.cast<const Handle&>().handle;
      throw py::type_error(fmt::format("{}: got the resource {} itself; pass one of its attributes (for example "
                                       "{}.id) or list it in depends_on",
                                       path, handle.str(), handle.address().name));
    }
  }
  if (py::isinstance<py::dict>(value)) {
    const Nesting nesting(open, value, path);
    nlohmann::json out = nlohmann::json::object();
    for (auto [key, item] : value.cast<py::dict>()) {
      const std::string name = key_of(key, path);
      out[name] = convert(item, path + "." + name, form, open);
    }
    return out;
  }
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    const Nesting nesting(open, value, path);
    nlohmann::json out = nlohmann::json::array();
    std::size_t i = 0;
    for (auto item : value) out.push_back(convert(item, fmt::format("{}[{}]", path, i++), form, open));
    return out;
  }
  // Live list and dict views of spec fields (StringList, StringMap, ...) offer a plain copy.
  if (py::hasattr(value, "_rdha_plain")) return convert(value.attr("_rdha_plain")(), path, form, open);
  if (form == Form::data)
    throw py::type_error(fmt::format("{}: a value of type {} cannot be converted to JSON (use None, bool, int, "
                                     "float, str, list or dict)",
                                     path, type_name_of(value)));
  throw py::type_error(fmt::format("{}: a value of type {} cannot be used as a Terraform value (use None, bool, "
                                   "int, float, str, Ref, Template, list or dict)",
                                   path, type_name_of(value)));
}

}  // namespace

nlohmann::json to_json_value(py::handle value, const std::string& path) {
  OpenContainers open;
  return convert(value, path, Form::data, open);
}

py::object to_python(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded: return py::none();
    case nlohmann::json::value_t::boolean: return py::bool_(value.get<bool>());
    case nlohmann::json::value_t::number_integer: return py::int_(value.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: return py::int_(value.get<std::uint64_t>());
    case nlohmann::json::value_t::number_float: return py::float_(value.get<double>());
    case nlohmann::json::value_t::string: return py::str(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::binary: {
      const auto& bytes = value.get_binary();
      return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
    case nlohmann::json::value_t::array: {
      py::list out;
      for (const auto& item : value) out.append(to_python(item));
      return out;
    }
    case nlohmann::json::value_t::object: {
      py::dict out;
      for (const auto& [key, item] : value.items()) out[py::str(key)] = to_python(item);
      return out;
    }
  }
  return py::none();
}

nlohmann::json to_template(py::handle value, const std::string& path) {
  OpenContainers open;
  return convert(value, path, Form::terraform, open);
}

}  // namespace rdha::python
