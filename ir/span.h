// Source positions as the IR keeps them: a file id and byte offsets, nothing else.
#pragma once

#include <compare>
#include <cstdint>

namespace swb {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

// A half-open byte range [begin, end) in one source file. Line and column are computed
// only when a diagnostic is rendered.
struct Span {
  FileId file = kNoFile;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  bool valid() const { return file != kNoFile; }
  friend bool operator==(const Span&, const Span&) = default;
  // By file, then start, then end: an order for sorting and searching spans.
  friend auto operator<=>(const Span&, const Span&) = default;
};

inline Span join(Span a, Span b) {
  if (!a.valid()) return b;
  if (!b.valid()) return a;
  return Span{a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
}

}  // namespace swb
