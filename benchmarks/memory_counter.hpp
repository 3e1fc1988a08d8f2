// Heap accounting for the benchmark programs, from glibc's own books (mallinfo2): the
// bytes in use in the heap, chunk headers included, plus mmap'ed blocks. Reading it costs
// a walk of the allocator's free lists, so it is only read while timing is paused; the
// allocation path itself is untouched (a counting operator new would slow every
// allocation and distort the timings the memory figures sit next to).
#pragma once

#include <malloc.h>

#include <cstdint>

namespace rdha_bench {

/// @brief Bytes currently allocated from the heap (in-use chunks + mmap'ed blocks).
inline std::int64_t heap_in_use() {
  const struct mallinfo2 info = ::mallinfo2();
  return static_cast<std::int64_t>(info.uordblks + info.hblkhd);
}

}  // namespace rdha_bench
