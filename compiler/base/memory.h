// Large buffers and the system's pages: backing them with huge pages, and handing their
// memory back before their owner frees them (for buffers read once, front to back, by
// several threads: a file's text and tokens while its blocks are parsed).
#pragma once

#include <cstddef>
#include <cstdint>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace swb {

// A huge page on x86-64 and arm64 Linux with 4 KiB base pages.
constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
// Buffers at least this large are backed by huge pages (advise_huge_pages) and given back
// in whole huge pages (release_unit); smaller ones in the system's pages.
constexpr std::size_t kHugeBufferBytes = std::size_t{8} << 20;

inline std::size_t system_page_bytes() {
#ifdef __linux__
  static const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return page;
#else
  return 4096;
#endif
}

// The unit in which a buffer of `bytes` bytes is given back: a huge page for a buffer that
// may be backed by them (giving back part of one would split it, and the kernel keeps a
// split page whole until memory runs short), else a page.
inline std::size_t release_unit(std::size_t bytes) {
  return bytes >= kHugeBufferBytes ? kHugePageBytes : system_page_bytes();
}

// The whole units inside [begin, end), as addresses [first, last); empty if there are none.
struct PageSpan {
  std::uintptr_t first = 0, last = 0;
};
inline PageSpan whole_pages(const void* begin, const void* end, std::size_t unit = 0) {
  const std::uintptr_t page = unit ? unit : system_page_bytes();
  const auto first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
  const auto last = reinterpret_cast<std::uintptr_t>(end) / page * page;
  return first < last ? PageSpan{first, last} : PageSpan{};
}

// Gives back the whole units (pages by default) inside [begin, end) (returns them): their
// contents are gone (they read as zeros if touched again) but the buffer stays allocated
// and owned by its container. Only for bytes of a live allocation that nothing will read
// before writing them again; the allocator keeps nothing inside a block in use, so this
// is safe under any malloc. Where not supported, nothing is given back and the span
// returned is empty.
inline PageSpan release_pages(const void* begin, const void* end, std::size_t unit = 0) {
#ifdef __linux__
  const PageSpan pages = whole_pages(begin, end, unit);
  if (pages.first < pages.last &&
      madvise(reinterpret_cast<void*>(pages.first), pages.last - pages.first, MADV_DONTNEED) == 0)
    return pages;
#else
  (void)begin;
  (void)end;
  (void)unit;
#endif
  return {};
}

// Gives a buffer back front to back, in its release_unit: each call gives back the whole
// units between the end of what was given back before and `upto`.
class FrontRelease {
 public:
  FrontRelease(const void* begin, std::size_t bytes) : next_(begin), unit_(release_unit(bytes)) {}
  void upto(const void* end) {
    const PageSpan pages = release_pages(next_, end, unit_);
    if (pages.first < pages.last) next_ = reinterpret_cast<const void*>(pages.last);
  }

 private:
  const void* next_;
  std::size_t unit_;
};

// Asks the system to back the buffer [begin, end) with huge pages where it can, if it is
// at least kHugeBufferBytes long: one fault then maps what would take 512, which is most
// of the cost of first touching a buffer of a hundred megabytes. Call it before the buffer
// is first written, and give the buffer back in its release_unit. Only the whole huge
// pages inside the buffer are affected. Advice only: nothing changes where unsupported.
inline void advise_huge_pages(const void* begin, const void* end) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (static_cast<std::size_t>(static_cast<const char*>(end) - static_cast<const char*>(begin)) <
      kHugeBufferBytes) {
    return;
  }
  const PageSpan pages = whole_pages(begin, end, kHugePageBytes);
  if (pages.first < pages.last) {
    madvise(reinterpret_cast<void*>(pages.first), pages.last - pages.first, MADV_HUGEPAGE);
  }
#else
  (void)begin;
  (void)end;
#endif
}

}  // namespace swb
