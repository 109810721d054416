// libFuzzer target: the whole `check` pipeline on one in-memory file — lexing, parsing,
// lowering, every rule, and every diagnostics renderer. Any crash, leak, sanitizer report
// or timeout is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/config/loader.h"
#include "compiler/diagnostics/render.h"
#include "compiler/lower/lower.h"
#include "compiler/rules/registry.h"
#include "compiler/syntax/lexer.h"
#include "compiler/syntax/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swb;
  SourceManager sources;
  Diagnostics diags;
  std::string text(reinterpret_cast<const char*>(data), size);
  const SourceFile& file = sources.add("fuzz.swb", std::move(text));
  LoadedConfig config;
  if (syntax::find_invalid_utf8(file.text()) == std::string_view::npos) {
    // As the loader does: blocks deferred, parsed while lowering.
    auto split = syntax::parse_file_deferred(file, diags, syntax::ParseLimits{});
    Unit unit;
    unit.syntax = std::move(split.head);
    unit.deferred = std::move(split.blocks);
    config.files.push_back(std::move(unit));
  }
  ir::Config ir = lower(config, {{"env", "fuzz"}}, diags, LowerOptions{/*threads=*/1, {}});
  rules::run_rules(ir, rules::RuleContext{sources, {}, /*threads=*/1}, diags);
  auto& list = diags.list();
  const DiagCounts counts = finalize(list, SeverityPolicy{}, sources);
  for (auto format : {DiagFormat::Text, DiagFormat::Json, DiagFormat::Sarif, DiagFormat::Github}) {
    RenderOptions options;
    options.format = format;
    (void)render(list, counts, sources, options);
  }
  return 0;
}
