// The embedded provider schema facts as constant data (written by tools/gen_bindings.py
// into src/schema/facts/): the one-line JSON facts of every type, found through a sorted
// index, so a lookup parses only the type it asks for and nothing runs at start-up.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "rdha/schema/block_kind.hpp"

namespace rdha::schema::detail {

/// Where the facts of one type are: kShards[shard] + offset, size characters.
struct FactsEntry {
  Kind kind;
  std::string_view type;
  std::uint16_t shard;
  std::uint32_t offset;
  std::uint32_t size;
};

struct FactsTable {
  std::span<const FactsEntry> entries;       ///< sorted by kind, then type
  std::span<const char* const> shards;       ///< the texts the entries point into
  std::span<const std::string_view> providers;  ///< local names of the providers covered, sorted
};

extern const FactsTable kFactsTable;

}  // namespace rdha::schema::detail
