// The driver is thin: each stage is a library call with its own tests.
#include "compiler/driver/driver.h"

#include <cstdlib>
#include <filesystem>

#include "compiler/base/parallel.h"
#include "compiler/base/time_report.h"
#include "compiler/rules/phone.h"
#include "compiler/rules/registry.h"

namespace swb {
namespace fs = std::filesystem;

std::unique_ptr<Compilation> compile(const CompileOptions& options) {
  auto c = std::make_unique<Compilation>();
  PhaseClock clock;
  LoadResult loaded = load_config(options.paths, options.load, c->sources, c->diags);
  if (loaded.fatal) {
    c->fatal = std::move(loaded.fatal);
    return c;
  }
  clock.lap("load");
  // A --var that names no declared var has no place in the config: its diagnostic points
  // into the --var options, shown as a source of their own (as GCC shows <command-line>).
  std::vector<VarOverride> vars = options.vars;
  if (!vars.empty()) {
    std::string text;
    std::vector<std::uint32_t> at;
    for (const VarOverride& v : vars) {
      text += text.empty() ? "--var " : " --var ";
      at.push_back(static_cast<std::uint32_t>(text.size()));
      text += v.name + "=" + v.value;
    }
    const SourceFile& line = c->sources.add(std::string(kCommandLinePath), std::move(text));
    for (std::size_t k = 0; k < vars.size(); ++k) {
      vars[k].name_span =
          Span{line.id(), at[k], at[k] + static_cast<std::uint32_t>(vars[k].name.size())};
    }
  }
  // Phone numbers are checked on the parsing threads, as their blocks are parsed.
  rules::PhoneBook phones;
  if (options.run_rules && worker_count(options.load.threads) > 1) {
    for (const Unit& unit : loaded.config.files) {
      if (!unit.deferred || unit.deferred->count("channel") == 0) continue;
      phones.start_library();
      break;
    }
  }
  LowerOptions lowering{options.load.threads, {}};
  if (options.run_rules)
    lowering.on_parsed = [&phones](const syntax::File& f) { phones.note_channel_phones(f); };
  c->ir = lower(loaded.config, vars, c->diags, lowering);
  phones.finish();  // the parsing threads are gone
  clock.lap("lower");
  const std::filesystem::path root = loaded.config.root;
  loaded = {};  // the syntax trees: everything after lowering reads the IR
  clock.lap("free-ast");
  if (options.run_rules) {
    rules::run_rules(c->ir, rules::RuleContext{c->sources, root, options.load.threads, {}, &phones},
                     c->diags);
  }
  return c;
}

std::string find_stdlib(const char* argv0) {
  if (const char* env = std::getenv("SWB_STDLIB"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec && argv0) exe = fs::absolute(argv0, ec);
  const fs::path dir = exe.parent_path();
  for (const fs::path& candidate : {dir / ".." / "share" / "swb" / "stdlib", dir / "stdlib"}) {
    if (fs::is_directory(candidate / "std", ec)) return candidate.lexically_normal().string();
  }
  return (dir / ".." / "share" / "swb" / "stdlib").lexically_normal().string();
}

}  // namespace swb
