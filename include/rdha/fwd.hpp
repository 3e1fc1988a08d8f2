// rdha/fwd.hpp — forward declarations only: cheap to include from users' own headers
// that mention rdha types by reference or pointer.
#pragma once

namespace rdha {
class Error;
class SpecError;
class GraphError;
class CycleError;
class SchemaError;
class EmitError;
class ValidationError;
struct Address;
struct Resource;
struct Lifecycle;
struct Placement;
struct ProviderConfig;
struct ProviderRef;
struct Variable;
struct Output;
class Expr;
template <class T>
class Attr;
template <class T>
class Arg;
class ResourceHandle;
class Stack;
namespace stack {
struct HaStackSpec;
struct HaStack;
}  // namespace stack
}  // namespace rdha
