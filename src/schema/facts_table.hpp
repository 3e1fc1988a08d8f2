// The embedded provider schema facts as constant data (written by tools/gen_bindings.py
// into src/schema/facts/): the one-line JSON facts of every type, found through a sorted
// index, so a lookup parses only the type it asks for and nothing runs at start-up.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "rdha/schema/block_kind.hpp"

namespace rdha::schema::detail {

/// One type: its name, names + name_offset (name_size characters), and its facts,
/// shards[shard] + offset (size characters). Offsets, not pointers: the index is plain
/// constant data that needs no relocation when the program loads.
struct FactsEntry {
  Kind kind;
  std::uint32_t name_offset;
  std::uint16_t name_size;
  std::uint16_t shard;
  std::uint32_t offset;
  std::uint32_t size;
};

struct FactsTable {
  const char* names;                            ///< every type name, back to back
  std::span<const FactsEntry> entries;          ///< sorted by kind, then type
  std::span<const char* const> shards;          ///< the texts the entries point into
  std::span<const std::string_view> providers;  ///< local names of the providers covered, sorted

  std::string_view type(const FactsEntry& entry) const noexcept {
    return {names + entry.name_offset, entry.name_size};
  }
  std::string_view facts(const FactsEntry& entry) const noexcept {
    return {shards[entry.shard] + entry.offset, entry.size};
  }
};

extern const FactsTable kFactsTable;

}  // namespace rdha::schema::detail
