// The one interface every backend implements: the checked IR in, a document out.
#pragma once

#include <string>
#include <string_view>

#include "ir/ir.h"

namespace swb {

class SourceManager;

struct BackendContext {
  const SourceManager* sources = nullptr;  // for backends that cite source locations
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  // Appends the document to `out`. The IR has no errors when a backend runs.
  virtual void generate(const ir::Config& config, const BackendContext& context,
                        std::string& out) const = 0;
};

}  // namespace swb
