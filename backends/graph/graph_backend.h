// `swb graph`: the declarations and their references as a Graphviz DOT digraph.
#pragma once

#include "backends/backend.h"

namespace swb {

class GraphBackend final : public Backend {
 public:
  std::string_view name() const override { return "graph"; }
  void generate(const ir::Config& config, const BackendContext& context,
                std::string& out) const override;
};

}  // namespace swb
