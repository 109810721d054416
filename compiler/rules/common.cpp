// Helpers shared by the rule areas.
#include "compiler/rules/common.h"

namespace swb::rules {

std::string_view source_text(const RuleContext& ctx, Span s) {
  if (!s.valid() || s.file >= ctx.sources.size()) return {};
  const std::string_view text = ctx.sources.file(s.file).text();
  if (s.begin > s.end || s.end > text.size()) return {};
  return text.substr(s.begin, s.end - s.begin);
}

Span header_of(const RuleContext& ctx, Span block) {
  const std::string_view text = source_text(ctx, block);
  std::size_t i = 0;
  while (i < text.size() && text[i] != '{') {
    if (text[i] == '#' || text.substr(i, 2) == "//") {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.substr(i, 2) == "/*") {
      const auto close = text.find("*/", i + 2);
      i = close == std::string_view::npos ? text.size() : close + 2;
    } else {
      ++i;
    }
  }
  if (i >= text.size()) return block;
  return Span{block.file, block.begin, static_cast<std::uint32_t>(block.begin + i + 1)};
}

}  // namespace swb::rules
