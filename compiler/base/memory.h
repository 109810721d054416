// Large buffers and the system's pages: backing them with huge pages, and handing their
// memory back before their owner frees them (for buffers read once, front to back, by
// several threads: a file's text and tokens while its blocks are parsed).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace swb {

// A huge page on x86-64 and arm64 Linux with 4 KiB base pages.
constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
// Buffers at least this large are backed by huge pages (advise_huge_pages).
constexpr std::size_t kHugeBufferBytes = std::size_t{8} << 20;

inline std::size_t system_page_bytes() {
#ifdef __linux__
  static const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return page;
#else
  return 4096;
#endif
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

// The part of a buffer that advise_huge_pages backs with huge pages: the whole huge pages
// inside it, if it is at least kHugeBufferBytes long; else empty.
inline PageSpan huge_interior(const void* buffer, std::size_t bytes) {
  if (bytes < kHugeBufferBytes) return {};
  return whole_pages(buffer, static_cast<const char*>(buffer) + bytes, kHugePageBytes);
}

// Asks the system to back the buffer [buffer, buffer + bytes) with huge pages where it can
// (its huge_interior): one fault then maps what would take 512, which is most of the cost
// of first touching a buffer of a hundred megabytes. Call it before the buffer is first
// written, and give its memory back with release_buffer_pages. Advice only: nothing
// changes where unsupported.
inline void advise_huge_pages(const void* buffer, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const PageSpan huge = huge_interior(buffer, bytes);
  if (huge.first < huge.last) {
    madvise(reinterpret_cast<void*>(huge.first), huge.last - huge.first, MADV_HUGEPAGE);
  }
#else
  (void)buffer;
  (void)bytes;
#endif
}

// release_pages for [begin, end) inside a buffer given to advise_huge_pages: whole huge
// pages inside its huge_interior, whole pages outside it. Giving back part of a huge page
// would split it, and the kernel keeps a split page's memory until memory runs short, while
// the process's RSS no longer counts it. Returns the span given back (empty if none); it
// has no holes.
inline PageSpan release_buffer_pages(const void* buffer, std::size_t bytes, const void* begin,
                                     const void* end) {
  const PageSpan huge = huge_interior(buffer, bytes);
  if (huge.first == huge.last) return release_pages(begin, end);
  const auto a = reinterpret_cast<std::uintptr_t>(begin);
  const auto b = reinterpret_cast<std::uintptr_t>(end);
  PageSpan out;
  auto give_back = [&](std::uintptr_t lo, std::uintptr_t hi, std::size_t unit) {
    if (lo >= hi) return;
    const PageSpan p =
        release_pages(reinterpret_cast<const void*>(lo), reinterpret_cast<const void*>(hi), unit);
    if (p.first == p.last) return;
    if (out.first == out.last) out.first = p.first;
    out.last = p.last;
  };
  give_back(a, std::min(b, huge.first), 0);  // before the huge pages
  give_back(std::max(a, huge.first), std::min(b, huge.last), kHugePageBytes);
  give_back(std::max(a, huge.last), b, 0);  // after them
  return out;
}

// Gives a buffer given to advise_huge_pages back front to back: each call gives back what
// release_buffer_pages can of the bytes between the end of what was given back before and
// `upto`.
class FrontRelease {
 public:
  FrontRelease(const void* buffer, std::size_t bytes)
      : buffer_(buffer), bytes_(bytes), next_(buffer) {}
  void upto(const void* end) {
    const PageSpan pages = release_buffer_pages(buffer_, bytes_, next_, end);
    if (pages.first < pages.last) next_ = reinterpret_cast<const void*>(pages.last);
  }

 private:
  const void* buffer_;
  std::size_t bytes_;
  const void* next_;
};

}  // namespace swb
