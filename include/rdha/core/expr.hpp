// rdha/core/expr.hpp — typed references and argument values.
//
// Values are stored exactly as Terraform's JSON syntax reads them: a string is a string
// template, so a literal "${" is escaped to "$${" when it is set, and a reference is
// rendered as "${aws_vpc.primary.id}". Because every reference is visible in the stored
// template, the dependency edges can always be recovered from the value itself (see
// core/references.hpp), whether it came from a typed Attr<T> or from a raw expression.
//
//  - Expr     : any Terraform expression (escape hatch: Expr::raw("jsonencode(...)")).
//  - Attr<T>  : a typed reference to an attribute, returned by handles (vpc.id()).
//  - Arg<T>   : what a setter of type T accepts: a native C++ value, an Expr, or an Attr<U>
//               whose type Terraform always converts to T (see attr_converts_to); any other
//               Attr<U> is a compile error. rdha::unchecked<T>(attr) says "I know better".
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "rdha/core/types.hpp"

namespace rdha {

/// @brief Escapes a literal for a Terraform string template ("${" → "$${", "%{" → "%%{").
std::string escape_template(std::string_view literal);

namespace detail {
template <class T>
struct ElementOf {
  using type = tf::Dynamic;
};
template <class E>
struct ElementOf<tf::List<E>> {
  using type = E;
};
template <class E>
struct ElementOf<tf::Set<E>> {
  using type = E;
};
template <class E>
struct ElementOf<tf::Map<E>> {
  using type = E;
};
template <class T>
inline constexpr bool is_collection = false;
template <class E>
inline constexpr bool is_collection<tf::List<E>> = true;
template <class E>
inline constexpr bool is_collection<tf::Set<E>> = true;
template <class T>
inline constexpr bool is_map = false;
template <class E>
inline constexpr bool is_map<tf::Map<E>> = true;

// Whether a value of type From always converts to To, by Terraform's own rules: a number
// or a bool becomes a string; lists and sets convert into each other and element-wise;
// maps element-wise; tf::Dynamic (unknown or structural) on either side is not checked.
// A string does not convert to a number or a bool unless its text happens to allow it,
// so that reference is refused. "Conversion of Primitive Types" and "Conversion of Complex
// Types", https://developer.hashicorp.com/terraform/language/expressions/type-constraints
template <class From, class To>
inline constexpr bool converts = std::same_as<From, To> || std::same_as<From, tf::Dynamic> ||
                                 std::same_as<To, tf::Dynamic> ||
                                 (std::same_as<To, tf::String> &&
                                  (std::same_as<From, tf::Number> || std::same_as<From, tf::Bool>));
template <class From, class To>
inline constexpr bool converts<tf::List<From>, tf::List<To>> = converts<From, To>;
template <class From, class To>
inline constexpr bool converts<tf::List<From>, tf::Set<To>> = converts<From, To>;
template <class From, class To>
inline constexpr bool converts<tf::Set<From>, tf::Set<To>> = converts<From, To>;
template <class From, class To>
inline constexpr bool converts<tf::Set<From>, tf::List<To>> = converts<From, To>;
template <class From, class To>
inline constexpr bool converts<tf::Map<From>, tf::Map<To>> = converts<From, To>;

template <class>
inline constexpr bool always_false = false;
}  // namespace detail

/// @brief Whether an Attr<From> may be passed where an Arg<To> is expected.
template <class From, class To>
concept attr_converts_to = detail::converts<From, To>;

/// @brief A Terraform expression, stored without the surrounding "${ }".
///
/// @code{.cpp}
/// auto policy = rdha::Expr::raw("jsonencode({Version = \"2012-10-17\"})");
/// @endcode
class Expr {
 public:
  /// @brief Wraps raw HCL expression text. References inside it are still found and
  ///        recorded as dependency edges when it is assigned.
  static Expr raw(std::string hcl) { return Expr(std::move(hcl)); }

  /// @brief The expression text, e.g. "aws_vpc.primary.id".
  const std::string& text() const noexcept { return text_; }
  /// @brief The expression as a string template: "${aws_vpc.primary.id}".
  std::string interpolated() const { return "${" + text_ + "}"; }

 protected:
  explicit Expr(std::string text) : text_(std::move(text)) {}

 private:
  std::string text_;
};

/// @brief A typed reference to an attribute of a block, a variable or a local.
///
/// Returned by the accessors of generated bindings (`vpc.id()` is an Attr<tf::String>).
/// Assigning it to an argument of another block records the dependency edge.
template <class T>
class Attr : public Expr {
 public:
  /// @brief Reference to @p path ("aws_vpc.primary.id", "var.x", "local.y").
  static Attr at(std::string path) { return Attr(std::move(path)); }

  /// @brief Element @p index of a list reference: `aws_subnet.a[0]`-style.
  Attr<typename detail::ElementOf<T>::type> operator[](std::size_t index) const {
    return Attr<typename detail::ElementOf<T>::type>::at(text() + "[" + std::to_string(index) + "]");
  }

 private:
  explicit Attr(std::string path) : Expr(std::move(path)) {}
};

/// @brief A value for an argument of Terraform type @p T.
///
/// Implicitly built from a native value of the matching C++ type, from an Attr<U> whose
/// type converts to T, or from an untyped Expr (Expr::raw, the unchecked escape hatch).
template <class T>
class Arg {
 public:
  /// @brief An untyped expression (Expr::raw): Terraform checks it, rdha cannot.
  template <class E>
    requires std::same_as<E, Expr>
  Arg(const E& expr) : json_(expr.interpolated()) {}  // NOLINT(google-explicit-constructor)

  /// @brief A reference whose type converts to T.
  template <class U>
    requires attr_converts_to<U, T>
  Arg(const Attr<U>& attr) : json_(attr.interpolated()) {}  // NOLINT(google-explicit-constructor)

  /// @brief Any other reference: refused at compile time, with the way out in the message.
  template <class U>
    requires(!attr_converts_to<U, T>)
  Arg(const Attr<U>&) {  // NOLINT(google-explicit-constructor)
    static_assert(detail::always_false<U>,
                  "rdha: this Attr<U> does not convert to the argument's type Arg<T> (e.g. a string "
                  "reference where a number or a set is expected). Pass an attribute of the right "
                  "type, or say you know better with rdha::unchecked<T>(attr) or Expr::raw(...).");
  }

  /// @brief A literal string (escaped for the template syntax).
  template <class S>
    requires(std::same_as<T, tf::String> || std::same_as<T, tf::Dynamic>) &&
            std::convertible_to<S, std::string_view> && (!std::derived_from<std::decay_t<S>, Expr>)
  Arg(const S& literal) : json_(escape_template(std::string_view(literal))) {}  // NOLINT

  /// @brief A literal number.
  template <class N>
    requires(std::same_as<T, tf::Number> || std::same_as<T, tf::Dynamic>) &&
            (std::integral<N> || std::floating_point<N>) && (!std::same_as<N, bool>)
  Arg(N number) : json_(number) {}  // NOLINT

  /// @brief A literal bool.
  template <class B>
    requires(std::same_as<T, tf::Bool> || std::same_as<T, tf::Dynamic>) && std::same_as<B, bool>
  Arg(B flag) : json_(flag) {}  // NOLINT

  /// @brief A list or set of element values (each may itself be a reference).
  Arg(std::initializer_list<Arg<typename detail::ElementOf<T>::type>> items)  // NOLINT
    requires detail::is_collection<T>
      : json_(nlohmann::json::array()) {
    for (const auto& item : items) json_.push_back(item.json());
  }
  template <class E>
    requires std::same_as<T, tf::List<E>> || std::same_as<T, tf::Set<E>>
  Arg(const std::vector<Arg<E>>& items) : json_(nlohmann::json::array()) {  // NOLINT
    for (const auto& item : items) json_.push_back(item.json());
  }
  /// @brief A list or set of literal strings.
  Arg(const std::vector<std::string>& items)  // NOLINT
    requires detail::is_collection<T> && std::same_as<typename detail::ElementOf<T>::type, tf::String>
      : json_(nlohmann::json::array()) {
    for (const auto& item : items) json_.push_back(escape_template(item));
  }

  /// @brief A map of values; keys are literal.
  template <class E>
    requires std::same_as<T, tf::Map<E>>
  Arg(const std::map<std::string, Arg<E>>& entries) : json_(nlohmann::json::object()) {  // NOLINT
    for (const auto& [key, value] : entries) json_[key] = value.json();
  }
  /// @brief A braced map: `tags({{"Name", "x"}, {"Tier", ref}})`.
  Arg(std::initializer_list<std::pair<const std::string, Arg<typename detail::ElementOf<T>::type>>> entries)  // NOLINT
    requires detail::is_map<T>
      : json_(nlohmann::json::object()) {
    for (const auto& [key, value] : entries) json_[key] = value.json();
  }
  /// @brief A map of literal strings.
  Arg(const std::map<std::string, std::string>& entries)  // NOLINT
    requires std::same_as<T, tf::Map<tf::String>>
      : json_(nlohmann::json::object()) {
    for (const auto& [key, value] : entries) json_[key] = escape_template(value);
  }

  /// @brief Already-encoded JSON in template form (used by the generic API and bindings).
  static Arg from_json(nlohmann::json encoded) {
    Arg arg{Expr::raw("null")};
    arg.json_ = std::move(encoded);
    return arg;
  }

  /// @brief The value as it will appear in the Terraform JSON.
  const nlohmann::json& json() const& noexcept { return json_; }
  nlohmann::json&& json() && noexcept { return std::move(json_); }

 private:
  nlohmann::json json_;
};

/// @brief Builds a string template from literal pieces and references:
///        `tmpl("arn:", partition, ":s3:::", bucket)` → "arn:${...}:s3:::${...}".
template <class... Parts>
Arg<tf::String> tmpl(const Parts&... parts) {
  std::string out;
  auto append = [&out](const auto& part) {
    if constexpr (std::derived_from<std::decay_t<decltype(part)>, Expr>)
      out += part.interpolated();
    else
      out += escape_template(std::string_view(part));
  };
  (append(parts), ...);
  return Arg<tf::String>::from_json(std::move(out));
}

/// @brief Turns a native value into template-form JSON: strings are escaped
///        recursively, everything else is kept. Used by the generic (untyped) API for
///        values that hold no references.
nlohmann::json literal(const nlohmann::json& value);

/// @brief The reference @p attr, typed as T whatever its own type: the explicit way to pass
///        a reference the compile-time check refuses (e.g. a string attribute that holds a
///        number). Terraform still checks the value when it plans.
template <class T, class U>
Attr<T> unchecked(const Attr<U>& attr) {
  return Attr<T>::at(attr.text());
}

}  // namespace rdha
