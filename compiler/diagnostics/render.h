// Renderers: diagnostics as text (clang style), JSON, SARIF 2.1.0 and GitHub workflow commands.
#pragma once

#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"

namespace swb {

class SourceManager;

enum class DiagFormat { Text, Json, Sarif, Github };

struct RenderOptions {
  DiagFormat format = DiagFormat::Text;
  bool color = false;
  bool quiet = false;        // text only: no summary line (finalize drops the notes)
  bool summary = true;       // text only: end with "2 errors, 1 warning"
  std::string tool_version;  // SARIF's tool.driver.version
};

// `diags` must be finalized (sorted, policy applied).
std::string render(const std::vector<Diagnostic>& diags, const DiagCounts& counts,
                   const SourceManager& sources, const RenderOptions& options);

std::string summary_line(const DiagCounts& counts);

}  // namespace swb
