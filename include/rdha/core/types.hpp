// rdha/core/types.hpp — compile-time tags for Terraform's value types.
//
// The generated bindings use these tags to give every argument and attribute its
// provider-schema type: Arg<tf::String> accepts a std::string or a string-typed
// reference, Attr<tf::List<tf::String>> is a reference to a list of strings, and so on.
// They carry no data; they only make a mistyped assignment a compile error.
#pragma once

namespace rdha::tf {

struct String {};   ///< Terraform `string`
struct Number {};   ///< Terraform `number`
struct Bool {};     ///< Terraform `bool`
struct Dynamic {};  ///< any type (objects, tuples, `dynamic`): not checked at compile time

template <class Element>
struct List {};  ///< Terraform `list(Element)`
template <class Element>
struct Set {};  ///< Terraform `set(Element)`
template <class Element>
struct Map {};  ///< Terraform `map(Element)`

}  // namespace rdha::tf
