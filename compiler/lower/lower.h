// Lowering: syntax trees + schema -> the typed IR. Applies defaults, evaluates vars and
// interpolation, resolves references to indices and reports every SWB1xx.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/config/loader.h"
#include "compiler/diagnostics/diagnostic.h"
#include "ir/ir.h"

namespace swb {

// `--var NAME=VALUE` from the command line.
struct VarOverride {
  std::string name;
  std::string value;
  Span name_span;  // NAME in the command line's source (compile() adds it), if known
};

struct LowerOptions {
  // Blocks a file defers (LoadedConfig's Unit::deferred) are parsed during lowering, on
  // this many threads (0: one per core) while the calling thread lowers.
  unsigned threads = 0;
  // Called with each chunk of deferred blocks once parsed, on the thread that parsed it.
  std::function<void(const syntax::File&)> on_parsed;
};

ir::Config lower(const LoadedConfig& config, const std::vector<VarOverride>& overrides,
                 Diagnostics& diags, const LowerOptions& options = {});

}  // namespace swb
