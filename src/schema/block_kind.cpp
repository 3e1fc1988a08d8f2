// The names of the provider schema's block kinds (rdha/schema/block_kind.hpp).
#include "rdha/schema/block_kind.hpp"

namespace rdha {

std::string_view to_string(Kind kind) noexcept {
  switch (kind) {
    case Kind::data: return "data";
    case Kind::ephemeral: return "ephemeral";
    case Kind::resource: break;
  }
  return "resource";
}

}  // namespace rdha
