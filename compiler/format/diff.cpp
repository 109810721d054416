// The edit script comes from dtl (Debian's libdtl-dev), a Myers O(ND) diff.
#include "compiler/format/diff.h"

#include <dtl/dtl.hpp>
#include <sstream>
#include <vector>

namespace swb::format {
namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  // A missing final newline is a difference too; show it the way diff(1) words it.
  if (!text.empty() && text.back() != '\n') lines.emplace_back("\\ No newline at end of file");
  return lines;
}

}  // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after) {
  if (before == after) return "";
  const std::vector<std::string> a = split_lines(before), b = split_lines(after);
  dtl::Diff<std::string, std::vector<std::string>> diff(a, b);
  diff.compose();
  diff.composeUnifiedHunks();
  std::ostringstream out;
  out << "--- a/" << path << "\n+++ b/" << path << "\n";
  diff.printUnifiedFormat(out);
  return out.str();
}

}  // namespace swb::format
