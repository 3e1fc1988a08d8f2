// HaStackSpec and its nested structs as Python classes. Every struct, enum and field is
// bound from the spec's own field table (rdha/stack/spec/fields.hpp: the same table JSON
// input/output and the JSON Schema use), so a field, struct or enum added in C++ appears
// here with its name and description, with no edit in this file.
//
// Semantics: nested structs are live (spec.database.port = 6432 changes spec); list and
// map fields are live views (spec.database.replicas.append(...), spec.tags["Owner"] = "x"
// change spec), and so are their struct items (spec.database.replicas[0].az = "us-east-1c"
// changes spec; see "list items" below). Assigning a wrong type raises SpecError naming the
// field.
#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "bindings.hpp"
#include "rdha/error.hpp"
#include "rdha/stack/spec.hpp"
#include "rdha/stack/spec/fields.hpp"

namespace rdha::python {

using namespace rdha::stack;
namespace sf = rdha::stack::fields;

namespace {


using StringMap = std::map<std::string, std::string>;

// List items (replicas, endpoints): read from a live list, they are linked to their slot.
template <class T>
constexpr bool kListItem = sf::spec_struct<T>().list_item;

// The Python names: the field table's (names in it are literals, so data() ends in '\0').
template <class T>
const char* class_name() {
  return sf::class_name<T>().data();
}

template <class E>
const char* enum_class_name() {
  return sf::enum_class_name<E>().data();
}

// Docstrings built at run time must outlive the module's functions: keep them here.
const char* keep(std::string text) {
  static std::deque<std::string> storage;
  return storage.emplace_back(std::move(text)).c_str();
}

/// Python type of a field as read (@p input false) or as accepted on assignment (true),
/// written in docstrings in the forms mypy's stubgen turns into annotations.
template <class M>
std::string python_type(bool input) {
  if constexpr (std::is_same_v<M, std::string>) return "str";
  else if constexpr (std::is_same_v<M, bool>) return "bool";
  else if constexpr (std::is_integral_v<M>) return "int";
  else if constexpr (std::is_floating_point_v<M>) return "float";
  else if constexpr (std::is_enum_v<M>)
    return input ? fmt::format("Union[{}, str]", enum_class_name<M>()) : enum_class_name<M>();
  else if constexpr (sf::kIsSpecStruct<M>)
    return input ? fmt::format("Union[{}, Dict[str, Any]]", class_name<M>()) : class_name<M>();
  // Views read as views; the property type also admits the plain list / dict one assigns.
  else if constexpr (std::is_same_v<M, std::vector<std::string>>)
    return input ? "Iterable[str]" : "Union[StringList, List[str]]";
  else if constexpr (sf::IsList<M>::value)
    return input ? fmt::format("Iterable[Union[{0}, Dict[str, Any]]]", class_name<typename M::value_type>())
                 : fmt::format("Union[{0}List, List[{0}]]", class_name<typename M::value_type>());
  else return input ? "Dict[str, str]" : "Union[StringMap, Dict[str, str]]";
}

[[noreturn]] void field_error(const std::string& subject, const std::string& message) {
  throw SpecError::invalid({{subject, message}});
}

std::string preview(py::handle value) {
  std::string text = py::repr(value).cast<std::string>();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

[[noreturn]] void wrong_type(const std::string& subject, const char* expected, py::handle value) {
  field_error(subject, fmt::format("must be {}, got {} {}.", expected, type_name_of(value), preview(value)));
}

// ---- field lookup through the field table ---------------------------------------------------

template <class M>
struct FindField {
  std::string_view key;
  M* found = nullptr;
  template <class T>
  void field(std::string_view name, T& member, std::string_view, const sf::Constraints& = {}) {
    if constexpr (std::is_same_v<T, M>)
      if (name == key) found = &member;
  }
};

template <class M, class C>
M& member_of(C& object, std::string_view key) {
  FindField<M> finder{key};
  sf::describe(finder, object);
  return *finder.found;  // keys come from the same table, so the field exists
}

struct FieldNames {
  std::vector<std::string> names;
  template <class T>
  void field(std::string_view name, T&, std::string_view, const sf::Constraints& = {}) {
    names.emplace_back(name);
  }
};

template <class C>
const std::vector<std::string>& field_names() {
  static const std::vector<std::string> names = [] {
    C dummy;
    FieldNames visitor;
    sf::describe(visitor, dummy);
    return visitor.names;
  }();
  return names;
}

// ---- Python value → field ------------------------------------------------------------------

template <class C>
C from_mapping(py::handle mapping, const std::string& path);

template <class M>
void assign_value(M& member, py::handle value, const std::string& subject) {
  if constexpr (sf::kIsSpecStruct<M>) {
    if (py::isinstance<M>(value)) member = value.cast<const M&>();
    else if (py::isinstance<py::dict>(value)) member = from_mapping<M>(value, subject);
    else wrong_type(subject, fmt::format("a {} or a dict", class_name<M>()).c_str(), value);
  } else if constexpr (std::is_same_v<M, std::string>) {
    if (!py::isinstance<py::str>(value)) wrong_type(subject, "a str", value);
    member = value.cast<std::string>();
  } else if constexpr (std::is_same_v<M, bool>) {
    if (!py::isinstance<py::bool_>(value)) wrong_type(subject, "a bool (True or False)", value);
    member = value.cast<bool>();
  } else if constexpr (std::is_integral_v<M>) {
    if (!py::isinstance<py::int_>(value) || py::isinstance<py::bool_>(value)) wrong_type(subject, "an int", value);
    try {
      member = value.cast<M>();
    } catch (const py::cast_error&) {
      field_error(subject, fmt::format("is out of range: {}.", preview(value)));
    }
  } else if constexpr (std::is_floating_point_v<M>) {
    if (!(py::isinstance<py::int_>(value) || py::isinstance<py::float_>(value)) || py::isinstance<py::bool_>(value))
      wrong_type(subject, "a number", value);
    member = value.cast<M>();
  } else if constexpr (std::is_enum_v<M>) {
    if (py::isinstance<M>(value)) {
      member = value.cast<M>();
      return;
    }
    if (py::isinstance<py::str>(value)) {
      const std::string text = value.cast<std::string>();
      const auto& names = sf::spec_enum<M>().values;
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == text) {
          member = static_cast<M>(i);
          return;
        }
      }
      field_error(subject, fmt::format("must be one of {}, got \"{}\".", fmt::join(names, ", "), text));
    }
    wrong_type(subject, "an enum value or its name", value);
  } else if constexpr (sf::IsList<M>::value) {
    if (py::isinstance<py::str>(value) || py::isinstance<py::dict>(value) || !py::isinstance<py::iterable>(value))
      wrong_type(subject, "a list", value);
    M items;
    std::size_t i = 0;
    for (auto item : value) {
      typename M::value_type element{};
      assign_value(element, item, fmt::format("{}[{}]", subject, i++));
      items.push_back(std::move(element));
    }
    member = std::move(items);
  } else if constexpr (std::is_same_v<M, StringMap>) {
    py::object mapping = py::reinterpret_borrow<py::object>(value);
    if (py::hasattr(mapping, "_rdha_plain")) mapping = mapping.attr("_rdha_plain")();
    if (!py::isinstance<py::dict>(mapping)) wrong_type(subject, "a dict of str to str", value);
    StringMap entries;
    for (auto [key, item] : mapping.cast<py::dict>()) {
      if (!py::isinstance<py::str>(key)) wrong_type(subject + " key", "a str", key);
      const std::string name = key.template cast<std::string>();
      assign_value(entries[name], item, sf::child_path(subject, name));
    }
    member = std::move(entries);
  } else {
    static_assert(!sizeof(M), "no Python conversion for this field type");
  }
}

template <class C>
struct AssignField {
  std::string_view key;
  py::handle value;
  std::string subject;
  bool done = false;
  template <class M>
  void field(std::string_view name, M& member, std::string_view, const sf::Constraints& = {}) {
    if (name != key) return;
    assign_value(member, value, subject);
    done = true;
  }
};

template <class C>
void assign_field(C& object, const std::string& key, py::handle value, const std::string& path) {
  const std::string subject = path.empty() ? fmt::format("{}.{}", class_name<C>(), key) : path + "." + key;
  AssignField<C> visitor{key, value, subject};
  sf::describe(visitor, object);
  if (!visitor.done) {
    const std::string suggestion = closest_match(key, field_names<C>());
    field_error(subject, fmt::format("is not a field of {}.{}", class_name<C>(),
                                     suggestion.empty() ? "" : fmt::format(" Did you mean \"{}\"?", suggestion)));
  }
}

template <class C>
C from_mapping(py::handle mapping, const std::string& path) {
  C object;
  for (auto [key, value] : mapping.cast<py::dict>()) assign_field(object, py::str(key).cast<std::string>(), value, path);
  return object;
}

template <class C>
C from_arguments(const py::args& args, const py::kwargs& kwargs) {
  C object;
  const auto& names = field_names<C>();
  if (args.size() > names.size())
    throw py::type_error(fmt::format("{}() takes at most {} positional arguments ({} given)", class_name<C>(),
                                     names.size(), args.size()));
  for (std::size_t i = 0; i < args.size(); ++i) assign_field(object, names[i], args[i], "");
  for (auto [key, value] : kwargs) assign_field(object, key.template cast<std::string>(), value, "");
  return object;
}

// ---- list items ----------------------------------------------------------------------------
//
// A struct read from a live list (spec.database.replicas[0]) is a Python object owning a copy
// of the item, linked to its slot: setting a field on it writes the item back into the list,
// and reading the same slot again gives the same object. The link follows the item when the
// list shifts (insert, delete) and is cut when the item leaves the list (replaced, popped,
// cleared, the list or a struct holding it assigned anew); the object then keeps its value,
// like an object taken out of a Python list. A pointer into the vector could not do this:
// the vector reallocates as it grows.

struct ItemLink {
  py::weakref item;  // the Python object, which keeps the list's owner alive
  void* list;        // the std::vector<T> holding the item
  std::size_t index;
};

std::vector<ItemLink>& item_links() {
  // Never destroyed: the weak references must not be released after the interpreter is gone.
  static auto* links = new std::vector<ItemLink>();
  auto& all = *links;
  std::erase_if(all, [](const ItemLink& link) { return link.item().is_none(); });
  return all;
}

/// Cuts the links of the items whose list lies in [begin, begin + size): @p list alone
/// (size 1), or every list inside a struct field being assigned.
void unlink_within(const void* begin, std::size_t size = 1) {
  const auto* first = static_cast<const char*>(begin);
  std::erase_if(item_links(), [&](const ItemLink& link) {
    const auto* at = static_cast<const char*>(link.list);
    return at >= first && at < first + size;
  });
}

void unlink(const void* list, std::size_t index) {
  std::erase_if(item_links(), [&](const ItemLink& link) { return link.list == list && link.index == index; });
}

/// Moves the links at index @p from and after by @p by, as the list's items moved.
void shift_links(const void* list, std::size_t from, std::ptrdiff_t by) {
  for (auto& link : item_links())
    if (link.list == list && link.index >= from) link.index = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(link.index) + by);
}

/// Item @p index of @p list as its linked Python object (the existing one if any).
template <class T>
py::object linked_item(std::vector<T>& list, std::size_t index, const py::object& owner) {
  auto& links = item_links();
  for (const auto& link : links)
    if (link.list == &list && link.index == index) return link.item();
  py::object item = py::cast(T(list[index]));
  py::detail::keep_alive_impl(item, owner);
  links.push_back({py::weakref(item), &list, index});
  return item;
}

/// Writes @p value, the object @p item changed, into its slot when it is linked to one.
template <class T>
void write_back(const py::object& item, const T& value) {
  for (const auto& link : item_links())
    if (link.item().is(item)) (*static_cast<std::vector<T>*>(link.list))[link.index] = value;
}

// ---- live views of list and map fields -----------------------------------------------------

template <class T>
struct ListView {
  py::object owner;  // keeps the struct holding the list alive
  std::vector<T>* items;
  std::string path;

  std::size_t position(std::ptrdiff_t index, bool for_insert = false) const {
    const auto size = static_cast<std::ptrdiff_t>(items->size());
    if (index < 0) index += size;
    if (for_insert) return static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(index, 0, size));
    if (index < 0 || index >= size) throw py::index_error(path + ": list index out of range");
    return static_cast<std::size_t>(index);
  }
  // RuntimeError, as Python's "dictionary changed size during iteration".
  [[noreturn]] void changed_during(std::string_view call) const {
    PyErr_SetString(PyExc_RuntimeError, fmt::format("{}: the list changed while {} compared its items", path, call).c_str());
    throw py::error_already_set();
  }
  T element(py::handle value, std::size_t index) const {
    T out{};
    assign_value(out, value, fmt::format("{}[{}]", path, index));
    return out;
  }
  /// Item @p index for Python: a str, or a struct linked to its slot.
  py::object item(std::size_t index) const {
    if constexpr (std::is_same_v<T, std::string>) return py::str((*items)[index]);
    else return linked_item(*items, index, owner);
  }
  py::list to_list() const {
    py::list out;
    for (std::size_t i = 0; i < items->size(); ++i) out.append(item(i));
    return out;
  }
  void erase(std::size_t index) {
    unlink(items, index);
    items->erase(items->begin() + static_cast<std::ptrdiff_t>(index));
    shift_links(items, index, -1);
  }
  py::list plain() const {
    py::list out;
    for (const auto& item : *items) out.append(to_python(sf::encode(item)));
    return out;
  }
};

template <class T>
void bind_list_view(py::module_& m, const char* name, const char* doc) {
  using View = ListView<T>;
  // The item type as read and as accepted: str, or the struct (a dict is accepted too).
  const std::string item = python_type<T>(false);
  const std::string input = python_type<T>(true);
  const auto sig = [](std::string text) { return keep(std::move(text)); };
  py::options options;
  options.disable_function_signatures();
  py::class_<View>(m, name, doc)
      .def("__len__", [](const View& v) { return v.items->size(); }, "__len__(self) -> int")
      .def("__getitem__", [](const View& v, std::ptrdiff_t i) { return v.item(v.position(i)); },
           sig(fmt::format("__getitem__(self, index: int) -> {}", item)))
      .def("__getitem__", [](const View& v, const py::slice& s) { return v.to_list()[s]; },
           sig(fmt::format("__getitem__(self, index: slice) -> List[{}]", item)))
      // Converting a value can run Python code (a key's __str__) that changes the list: the
      // position is found after the conversion, in the list as it is then.
      .def(
          "__setitem__",
          [](View& v, std::ptrdiff_t i, const py::object& value) {
            T element = v.element(value, v.position(i, true));
            const std::size_t at = v.position(i);
            unlink(v.items, at);  // the item replaced leaves the list
            (*v.items)[at] = std::move(element);
          },
          sig(fmt::format("__setitem__(self, index: int, value: {}) -> None", input)))
      .def("__delitem__", [](View& v, std::ptrdiff_t i) { v.erase(v.position(i)); },
           "__delitem__(self, index: int) -> None")
      .def("__iter__", [](const View& v) { return py::iter(v.to_list()); },
           sig(fmt::format("__iter__(self) -> Iterator[{}]", item)))
      .def("__contains__", [](const View& v, const py::object& value) { return v.to_list().contains(value); },
           "__contains__(self, value: object) -> bool")
      .def(
          "__eq__",
          [](const View& v, const py::object& other) {
            if (py::isinstance<py::str>(other) || !py::isinstance<py::iterable>(other)) return false;
            return v.to_list().equal(py::list(other));
          },
          "__eq__(self, other: object) -> bool")
      .def("__repr__", [](const View& v) { return py::repr(v.to_list()); }, "__repr__(self) -> str")
      .def("append", [](View& v, const py::object& value) { v.items->push_back(v.element(value, v.items->size())); },
           sig(fmt::format("append(self, value: {}) -> None", input)))
      .def(
          "extend",
          [](View& v, const py::iterable& values) {
            std::vector<T> added;
            for (auto value : values) added.push_back(v.element(value, v.items->size() + added.size()));
            v.items->insert(v.items->end(), added.begin(), added.end());
          },
          sig(fmt::format("extend(self, values: Iterable[{}]) -> None", input)))
      .def(
          "insert",
          [](View& v, std::ptrdiff_t i, const py::object& value) {
            T element = v.element(value, v.position(i, true));
            const std::size_t at = v.position(i, true);
            shift_links(v.items, at, 1);
            v.items->insert(v.items->begin() + static_cast<std::ptrdiff_t>(at), std::move(element));
          },
          sig(fmt::format("insert(self, index: int, value: {}) -> None", input)))
      .def(
          "pop",
          [](View& v, std::ptrdiff_t i) {
            if (v.items->empty()) throw py::index_error(v.path + ": pop from empty list");
            const std::size_t at = v.position(i);
            py::object out = v.item(at);
            v.erase(at);
            return out;
          },
          py::arg("index") = -1, sig(fmt::format("pop(self, index: int = -1) -> {}", item)))
      .def(
          "remove",
          [](View& v, const py::object& value) {
            // Comparing runs the value's __eq__, which may change the list: compare against a
            // copy, and remove only from the list that was compared.
            const std::vector<T> compared = *v.items;
            const py::list items = v.to_list();
            std::size_t at = 0;
            while (at < items.size() && !py::object(items[at]).equal(value)) ++at;
            if (*v.items != compared) v.changed_during("remove()");
            if (at == items.size()) throw py::value_error(v.path + ": value not in list");
            v.erase(at);
          },
          "remove(self, value: object) -> None")
      .def(
          "clear",
          [](View& v) {
            unlink_within(v.items);
            v.items->clear();
          },
          "clear(self) -> None")
      .def("index", [](const View& v, const py::object& value) { return v.to_list().attr("index")(value); },
           "index(self, value: object) -> int")
      .def("count", [](const View& v, const py::object& value) { return v.to_list().attr("count")(value); },
           "count(self, value: object) -> int")
      .def("copy", &View::to_list, sig(fmt::format("copy(self) -> List[{}]\n\nA plain list copy.", item)))
      .def("_rdha_plain", &View::plain, "_rdha_plain(self) -> List[Any]");
}

struct MapView {
  py::object owner;
  StringMap* entries;
  std::string path;

  py::dict to_dict() const {
    py::dict out;
    for (const auto& [key, value] : *entries) out[py::str(key)] = py::str(value);
    return out;
  }
};

void bind_map_view(py::module_& m) {
  py::options options;
  options.disable_function_signatures();  // typed in the docstrings, for the stub
  py::class_<MapView>(m, "StringMap", "A live str -> str mapping inside a spec (tags, parameters.extra).")
      .def("__len__", [](const MapView& v) { return v.entries->size(); }, "__len__(self) -> int")
      .def(
          "__getitem__",
          [](const MapView& v, const std::string& key) {
            auto found = v.entries->find(key);
            if (found == v.entries->end()) throw py::key_error(key);
            return found->second;
          },
          "__getitem__(self, key: str) -> str")
      .def(
          "__setitem__",
          [](MapView& v, const std::string& key, const py::object& value) {
            std::string text;  // converted first: a refused value leaves no entry behind
            assign_value(text, value, sf::child_path(v.path, key));
            (*v.entries)[key] = std::move(text);
          },
          "__setitem__(self, key: str, value: str) -> None")
      .def(
          "__delitem__",
          [](MapView& v, const std::string& key) {
            if (v.entries->erase(key) == 0) throw py::key_error(key);
          },
          "__delitem__(self, key: str) -> None")
      .def("__contains__", [](const MapView& v, const std::string& key) { return v.entries->contains(key); },
           "__contains__(self, key: str) -> bool")
      .def("__iter__", [](const MapView& v) { return py::iter(v.to_dict()); }, "__iter__(self) -> Iterator[str]")
      .def("__eq__", [](const MapView& v, const py::object& other) { return v.to_dict().equal(other); },
           "__eq__(self, other: object) -> bool")
      .def("__repr__", [](const MapView& v) { return py::repr(v.to_dict()); }, "__repr__(self) -> str")
      .def("keys", [](const MapView& v) { return v.to_dict().attr("keys")(); }, "keys(self) -> Iterable[str]")
      .def("values", [](const MapView& v) { return v.to_dict().attr("values")(); }, "values(self) -> Iterable[str]")
      .def("items", [](const MapView& v) { return v.to_dict().attr("items")(); },
           "items(self) -> Iterable[Tuple[str, str]]")
      .def(
          "get",
          [](const MapView& v, const std::string& key, const py::object& fallback) -> py::object {
            auto found = v.entries->find(key);
            return found == v.entries->end() ? fallback : py::str(found->second);
          },
          py::arg("key"), py::arg("default") = py::none(), "get(self, key: str, default: Optional[str] = None) -> Optional[str]")
      .def(
          "pop",
          [](MapView& v, const std::string& key) {
            auto found = v.entries->find(key);
            if (found == v.entries->end()) throw py::key_error(key);
            std::string value = found->second;
            v.entries->erase(found);
            return value;
          },
          "pop(self, key: str) -> str")
      .def(
          "update",
          [](MapView& v, const py::dict& other) {
            StringMap added;
            assign_value(added, other, v.path);
            for (auto& [key, value] : added) (*v.entries)[key] = std::move(value);
          },
          "update(self, other: Dict[str, str]) -> None")
      .def("clear", [](MapView& v) { v.entries->clear(); }, "clear(self) -> None")
      .def("copy", &MapView::to_dict, "copy(self) -> Dict[str, str]\n\nA plain dict copy.")
      .def("_rdha_plain", &MapView::to_dict, "_rdha_plain(self) -> Dict[str, str]");
}

template <class M>
py::object field_to_python(M& member, const py::object& owner, const std::string& path) {
  if constexpr (sf::kIsSpecStruct<M>) {
    return py::cast(&member, py::return_value_policy::reference_internal, owner);
  } else if constexpr (sf::IsList<M>::value) {
    return py::cast(ListView<typename M::value_type>{owner, &member, path});
  } else if constexpr (std::is_same_v<M, StringMap>) {
    return py::cast(MapView{owner, &member, path});
  } else {
    return py::cast(member);
  }
}

// ---- class binding -------------------------------------------------------------------------

template <class C>
struct BindFields {
  py::class_<C>& cls;
  template <class M>
  void field(std::string_view name, M&, std::string_view description, const sf::Constraints& = {}) {
    const std::string key(name);
    auto getter = [key](const py::object& self) {
      return field_to_python(member_of<M>(self.cast<C&>(), key), self, fmt::format("{}.{}", class_name<C>(), key));
    };
    // "type: description" is the docstring form stubgen reads a property's type from.
    const char* doc = keep(fmt::format("{}: {}", python_type<M>(false), description));
    auto setter = [key](const py::object& self, const py::object& value) {
      C& object = self.cast<C&>();
      assign_field(object, key, value, "");
      // Items linked to a list inside the old value now belong to no list.
      unlink_within(&member_of<M>(object, key), sizeof(M));
      if constexpr (kListItem<C>) write_back(self, object);
    };
    cls.def_property(key.c_str(), getter, setter, doc);
    parameters.push_back(fmt::format("{}: {} = ...", key, python_type<M>(true)));
  }
  std::vector<std::string> parameters;  // for the __init__ signature
};

template <class C>
std::string repr_of(const C& value) {
  std::vector<std::string> parts;
  const nlohmann::json fields = sf::encode(value);
  for (const auto& key : field_names<C>())  // in declaration order, like a dataclass
    parts.push_back(key + "=" + py::repr(to_python(fields.at(key))).template cast<std::string>());
  return fmt::format("{}({})", class_name<C>(), fmt::join(parts, ", "));
}

template <class C>
py::class_<C> bind_struct(py::module_& m, const char* doc) {
  py::class_<C> cls(m, class_name<C>(), doc);
  BindFields<C> binder{cls, {}};
  C dummy;
  sf::describe(binder, dummy);
  {
    // The constructor takes *args/**kwargs; spell out the fields for help() and stubgen.
    py::options options;
    options.disable_function_signatures();
    cls.def(py::init(&from_arguments<C>),
            keep(fmt::format("__init__(self, {}) -> None\n\nKeyword (or positional, in field order) arguments "
                             "set fields; the rest keep their defaults. Nested structs accept dicts, enums their "
                             "names.",
                             fmt::join(binder.parameters, ", "))));
  }
  cls.def(
          "to_dict", [](const C& self) { return sf::encode(self); }, "The fields as JSON-ready values.")
      .def(
          "replace",
          [](const C& self, const py::kwargs& kwargs) {
            C copy = self;
            for (auto [key, value] : kwargs) assign_field(copy, key.template cast<std::string>(), value, "");
            return copy;
          },
          "A copy with the given fields changed.")
      .def("copy", [](const C& self) { return C(self); }, "A deep copy.")
      .def("__copy__", [](const C& self) { return C(self); })
      .def("__deepcopy__", [](const C& self, const py::object&) { return C(self); }, py::arg("memo"))
      .def("__repr__", &repr_of<C>)
      .def(py::pickle([](const C& self) { return sf::encode(self); },
                      [](const nlohmann::json& state) { return from_mapping<C>(to_python(state), ""); }),
           py::arg("state"));
  def_eq(cls, [](const C& a, const C& b) { return a == b; });  // mutable, so unhashable
  return cls;
}

template <class E>
void bind_enum(py::module_& m, const char* doc) {
  py::enum_<E> e(m, enum_class_name<E>(), doc);
  const auto& names = sf::spec_enum<E>().values;
  for (std::size_t i = 0; i < names.size(); ++i) e.value(std::string(names[i]).c_str(), static_cast<E>(i));
  def_enum_by_name(e);
}

// The root's docstring adds how to use it from Python.
constexpr const char* kHaStackSpecUsage = R"doc(

Every field has its documented production default; change what you need::

    spec = rdha.HaStackSpec(name_suffix="-prod")
    spec.database.instance_class = "db.r6g.xlarge"
    spec.database.replicas.append(rdha.ReplicaSpec(name="replica-3", az="us-east-1c"))
    spec.validate_or_throw()

from_dict/from_json merge a (partial) config over the defaults and validate it, exactly
like `rdha synth --config`; the constructor and attribute assignment do not validate.)doc";

// One class per entry of the field table's struct and enum lists, and a live list view
// per struct that is a list item.
void bind_spec_types(py::module_& m) {
  sf::for_each_spec_enum([&](const auto& entry) {
    bind_enum<typename std::remove_cvref_t<decltype(entry)>::type>(m, entry.doc.data());
  });
  bind_map_view(m);
  bind_list_view<std::string>(m, "StringList", "A live list of str inside a spec: changes go into the spec.");
  sf::for_each_spec_struct([&](const auto& entry) {
    using T = typename std::remove_cvref_t<decltype(entry)>::type;
    std::string doc(entry.doc);
    if constexpr (kListItem<T>) {
      bind_list_view<T>(m, keep(fmt::format("{}List", entry.name)),
                        keep(fmt::format("A live list of {} inside a spec: changes go into the spec.", entry.name)));
    }
    if constexpr (std::is_same_v<T, HaStackSpec>) doc += kHaStackSpecUsage;
    bind_struct<T>(m, keep(std::move(doc)));
  });
}

}  // namespace

void bind_spec(py::module_& m) {
  bind_spec_types(m);
  auto spec = py::reinterpret_borrow<py::class_<HaStackSpec>>(m.attr("HaStackSpec"));
  spec.def_static(
          "from_dict", [](const nlohmann::json& config) { return spec_from_json(config); }, py::arg("config"),
          "Merges a (partial) config over the defaults (JSON Merge Patch) and validates it; raises SpecError "
          "listing every problem.")
      .def_static(
          "from_json",
          [](const std::string& text, const std::string& source_name) { return spec_from_json_text(text, source_name); },
          py::arg("text"), py::arg("source_name") = "<string>", "Parses config JSON text, then from_dict.")
      .def(
          "to_json", [](const HaStackSpec& self, int indent) { return stack::to_json(self).dump(indent); },
          py::arg("indent") = 2, "The spec as JSON text (every field).")
      .def("validate", [](const HaStackSpec& self) { return stack::validate(self); },
           "Every problem of the spec (empty when valid), sorted by field path.")
      .def("validate_or_throw", [](const HaStackSpec& self) { stack::validate_or_throw(self); },
           "Raises SpecError listing every problem when validate() finds any.");

  m.def("validate", [](const HaStackSpec& spec) { return stack::validate(spec); }, py::arg("spec"),
        "Every problem of the spec (empty when valid), sorted by field path.");
  m.def("validate_or_throw", &stack::validate_or_throw, py::arg("spec"),
        "Raises SpecError listing every problem when validate() finds any.");
  m.def("spec_from_json", &spec_from_json, py::arg("config"),
        "A (partial) config dict merged over the defaults and validated.");
  m.def(
      "spec_from_json_text",
      [](const std::string& text, const std::string& source_name) { return spec_from_json_text(text, source_name); },
      py::arg("text"), py::arg("source_name") = "<string>", "Config JSON text merged over the defaults and validated.");
  m.def("spec_hash", &stack::spec_hash, py::arg("spec"),
        "\"sha256:<hex>\" of the effective spec: the spec_hash every JSON output of the rdha CLI carries.");
  m.def("spec_json_schema", &spec_json_schema, "JSON Schema (draft 2020-12) of the config file.");
  m.def("spec_reference", &spec_reference,
        "Every spec field with its type, default, rules, examples and description, one section per struct "
        "(the data of docs/spec.md).");
  m.def(
      "named", [](const HaStackSpec& spec, const std::string& base) { return named(spec, base); }, py::arg("spec"),
      py::arg("base"), "base with the spec's name suffix appended (\"primary\" -> \"primary-rdha\" by default).");
  m.def("engine_major_version", &engine_major_version, py::arg("database"), "\"17\" for engine_version \"17.4\".");
  m.def("parameter_group_family", &parameter_group_family, py::arg("database"),
        "The DB parameter group family, \"postgres17\" for engine_version \"17.4\".");
}

}  // namespace rdha::python
