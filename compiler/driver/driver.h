// The pipeline in one call: load and parse the config, lower it to IR, run the rules.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/config/loader.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/lower/lower.h"
#include "ir/ir.h"

namespace swb {

// The source that holds the --var options, for diagnostics about them.
inline constexpr std::string_view kCommandLinePath = "<command line>";

struct CompileOptions {
  std::vector<std::string> paths;
  std::vector<VarOverride> vars;
  LoadOptions load;
  bool run_rules = true;
};

struct Compilation {
  SourceManager sources;
  Diagnostics diags;
  ir::Config ir;
  std::optional<std::string> fatal;  // the run could not start (exit 2)
};

std::unique_ptr<Compilation> compile(const CompileOptions& options);

// Where the standard library is: $SWB_STDLIB, else next to an installed binary
// (PREFIX/share/swb/stdlib), else next to a build-tree binary (build/stdlib).
std::string find_stdlib(const char* argv0);

}  // namespace swb
