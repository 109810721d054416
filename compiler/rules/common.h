// Small helpers every rule area uses: following resolved references, config order, text
// lengths in code points.
#pragma once

#include <algorithm>
#include <optional>
#include <string_view>
#include <tuple>

#include "compiler/base/source.h"
#include "compiler/rules/registry.h"
#include "ir/ir.h"

namespace swb::rules {

// Whether the value written at `at` was rejected by lowering (its error is reported): the
// field is present, but its value is a placeholder no rule may read as written.
inline bool rejected(const ir::Config& config, Span at) {
  return std::binary_search(config.rejected.begin(), config.rejected.end(), at);
}

// The declaration a resolved reference names, or nullptr (unresolved: already reported).
template <class K>
const K* target(const std::vector<K>& decls, const ir::Ref<K>& ref) {
  return ref.resolved() && ref.index < decls.size() ? &decls[ref.index] : nullptr;
}
inline const ir::Business* target(const ir::Config& c, const ir::Ref<ir::Business>& r) {
  return target(c.businesses, r);
}
inline const ir::Channel* target(const ir::Config& c, const ir::Ref<ir::Channel>& r) {
  return target(c.channels, r);
}
inline const ir::Template* target(const ir::Config& c, const ir::Ref<ir::Template>& r) {
  return target(c.templates, r);
}
inline const ir::Skill* target(const ir::Config& c, const ir::Ref<ir::Skill>& r) {
  return target(c.skills, r);
}
inline const ir::Role* target(const ir::Config& c, const ir::Ref<ir::Role>& r) {
  return target(c.roles, r);
}
inline const ir::Sla* target(const ir::Config& c, const ir::Ref<ir::Sla>& r) {
  return target(c.slas, r);
}
inline const ir::Hours* target(const ir::Config& c, const ir::Ref<ir::Hours>& r) {
  return target(c.hours, r);
}

// Config order (files in byte order of path, then position): duplicates are reported at
// the later occurrence. File ids are assigned in that order.
inline bool before_in_config(Span a, Span b) {
  return std::tie(a.file, a.begin) < std::tie(b.file, b.begin);
}

// The source text of a span ("" when it has none).
std::string_view source_text(const RuleContext& ctx, Span s);

// The header of a block (`routing {`, `channel support {`): from its start to its `{`, past
// blanks and comments. The IR keeps whole block spans; something missing points here.
Span header_of(const RuleContext& ctx, Span block);

// Text lengths are counted in Unicode code points, as WhatsApp counts characters.
inline std::size_t text_length(std::string_view s) { return count_code_points(s); }

// Whether a value was written (or defaulted): a required attribute that was missing or
// invalid has no span, and lowering has already reported it.
template <class T>
bool present(const ir::Located<T>& v) {
  return v.span.valid();
}

// ASCII blanks as the rules read them: space, tab and line breaks.
inline bool is_blank_char(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// `s` without its leading and trailing blanks.
inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank_char(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank_char(s.back())) s.remove_suffix(1);
  return s;
}
// Whether `s` is empty or only blanks: a required string written so is as good as missing.
inline bool is_blank(std::string_view s) { return trim_blanks(s).empty(); }

}  // namespace swb::rules
