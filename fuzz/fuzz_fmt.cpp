// libFuzzer target: `swb fmt` round trip. Whatever the input, formatting never crashes or
// loses a comment (the formatter throws if it does); when it formats, formatting again
// changes nothing, and the file still means the same: the same IR and the same findings.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "backends/json/json_backend.h"
#include "compiler/config/loader.h"
#include "compiler/diagnostics/catalog.h"
#include "compiler/format/formatter.h"
#include "compiler/lower/lower.h"
#include "compiler/rules/registry.h"
#include "compiler/syntax/lexer.h"
#include "compiler/syntax/parser.h"

namespace {

using namespace swb;

struct Meaning {
  std::string ir;                  // canonical IR JSON
  std::vector<std::string> codes;  // every finding's code, sorted
  bool operator==(const Meaning&) const = default;
};

Meaning meaning_of(const std::string& text) {
  SourceManager sources;
  Diagnostics diags;
  const SourceFile& file = sources.add("fuzz.swb", text);
  LoadedConfig config;
  Unit unit;
  unit.syntax = syntax::parse_file(file, diags, syntax::ParseLimits{});
  config.files.push_back(std::move(unit));
  ir::Config ir = lower(config, {{"env", "fuzz"}}, diags, LowerOptions{/*threads=*/1, {}});
  rules::run_rules(ir, rules::RuleContext{sources, {}, /*threads=*/1}, diags);
  Meaning m;
  JsonBackend().generate(ir, BackendContext{&sources}, m.ir);
  for (const auto& d : diags.list()) m.codes.emplace_back(catalog_entry(d.code).id);
  std::sort(m.codes.begin(), m.codes.end());
  return m;
}

void fail(const char* what, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "fmt round trip: %s\n--- first\n%s\n--- second\n%s\n", what, a.c_str(),
               b.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (syntax::find_invalid_utf8(text) != std::string::npos) return 0;  // swb fmt reads UTF-8
  SourceManager sources;
  Diagnostics diags;
  const auto once = format::format_file(sources.add("fuzz.swb", text), diags);
  if (!once) return 0;  // a file with syntax errors is never rewritten
  Diagnostics again_diags;
  const auto twice = format::format_file(sources.add("fuzz.swb", *once), again_diags);
  if (!twice) fail("the formatted text does not parse", text, *once);
  if (*twice != *once) fail("formatting is not idempotent", *once, *twice);
  const Meaning before = meaning_of(text), after = meaning_of(*once);
  if (before.ir != after.ir) fail("the IR changed", before.ir, after.ir);
  if (before.codes != after.codes) fail("the findings changed", text, *once);
  return 0;
}
