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

// The whole pages inside [begin, end), as addresses [first, last); empty if there are none.
struct PageSpan {
  std::uintptr_t first = 0, last = 0;
};
inline PageSpan whole_pages(const void* begin, const void* end) {
#ifdef __linux__
  static const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
#else
  constexpr std::uintptr_t page = 4096;
#endif
  const auto first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
  const auto last = reinterpret_cast<std::uintptr_t>(end) / page * page;
  return first < last ? PageSpan{first, last} : PageSpan{};
}

// Gives back the whole pages inside [begin, end) (returns them): their contents are gone
// (they read as zeros if touched again) but the buffer stays allocated and owned by its
// container. Only for bytes of a live allocation that nothing will read before writing
// them again; the allocator keeps nothing inside a block in use, so this is safe under any
// malloc. Where not supported, nothing is given back and the span returned is empty.
inline PageSpan release_pages(const void* begin, const void* end) {
#ifdef __linux__
  const PageSpan pages = whole_pages(begin, end);
  if (pages.first < pages.last &&
      madvise(reinterpret_cast<void*>(pages.first), pages.last - pages.first, MADV_DONTNEED) == 0)
    return pages;
#else
  (void)begin;
  (void)end;
#endif
  return {};
}

}  // namespace swb
