// The canonical IR JSON of `swb build` (CLI.md): sorted, defaults applied, no positions.
#pragma once

#include "backends/backend.h"

namespace swb {

class JsonBackend final : public Backend {
 public:
  std::string_view name() const override { return "json"; }
  void generate(const ir::Config& config, const BackendContext& context,
                std::string& out) const override;
};

}  // namespace swb
