// Heap accounting for the benchmark programs: replaces the global operator new/delete
// with versions that count the bytes the allocator hands out (malloc_usable_size, so
// rounding slack is included; the allocator's own 8-byte chunk header is not).
//
// Include in exactly one translation unit per program (it defines the replaceable
// allocation functions). The counters are plain integers: the benchmarks allocate from
// one thread, and an atomic add on every allocation would distort the timings.
#pragma once

#include <malloc.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace rdha_bench {

struct HeapCounters {
  std::int64_t live_bytes = 0;  ///< bytes currently allocated through operator new
  std::int64_t peak_bytes = 0;  ///< high-water mark of live_bytes since the last reset_peak()
  std::int64_t allocations = 0;  ///< operator new calls since program start
};

inline HeapCounters g_heap;

/// @brief Starts a new peak measurement at the current live size.
inline void reset_peak() { g_heap.peak_bytes = g_heap.live_bytes; }

namespace detail {
inline void* counted_alloc(std::size_t size, std::size_t alignment) {
  if (size == 0) size = 1;
  void* p = alignment > alignof(std::max_align_t) ? std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment)
                                                  : std::malloc(size);
  if (p == nullptr) throw std::bad_alloc();
  g_heap.live_bytes += static_cast<std::int64_t>(malloc_usable_size(p));
  if (g_heap.live_bytes > g_heap.peak_bytes) g_heap.peak_bytes = g_heap.live_bytes;
  ++g_heap.allocations;
  return p;
}
inline void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  g_heap.live_bytes -= static_cast<std::int64_t>(malloc_usable_size(p));
  std::free(p);
}
}  // namespace detail

}  // namespace rdha_bench

void* operator new(std::size_t size) { return rdha_bench::detail::counted_alloc(size, 0); }
void* operator new[](std::size_t size) { return rdha_bench::detail::counted_alloc(size, 0); }
void* operator new(std::size_t size, std::align_val_t al) {
  return rdha_bench::detail::counted_alloc(size, static_cast<std::size_t>(al));
}
void* operator new[](std::size_t size, std::align_val_t al) {
  return rdha_bench::detail::counted_alloc(size, static_cast<std::size_t>(al));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return rdha_bench::detail::counted_alloc(size, 0);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return rdha_bench::detail::counted_alloc(size, 0);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { rdha_bench::detail::counted_free(p); }
void operator delete[](void* p) noexcept { rdha_bench::detail::counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { rdha_bench::detail::counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { rdha_bench::detail::counted_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { rdha_bench::detail::counted_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { rdha_bench::detail::counted_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { rdha_bench::detail::counted_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { rdha_bench::detail::counted_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { rdha_bench::detail::counted_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { rdha_bench::detail::counted_free(p); }
