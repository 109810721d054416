// Handing memory back to the system before its owner frees it, for large buffers that are
// read once, front to back, by several threads (a file's tokens while its blocks are parsed).
#pragma once

#include <cstddef>
#include <cstdint>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace swb {

// Gives back the whole pages inside [begin, end): their contents are gone (they read as
// zeros if touched again) but the buffer stays allocated and owned by its container. Only
// for bytes of a live allocation that nothing will read again; the allocator keeps nothing
// inside a block in use, so this is safe under any malloc. A no-op where not supported.
inline void release_pages(const void* begin, const void* end) {
#ifdef __linux__
  static const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
  const auto last = reinterpret_cast<std::uintptr_t>(end) / page * page;
  if (first < last) madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
#else
  (void)begin;
  (void)end;
#endif
}

}  // namespace swb
