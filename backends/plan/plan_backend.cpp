// Connects the planner to the Backend interface.
#include "backends/plan/plan_backend.h"

namespace swb {

void PlanBackend::generate(const ir::Config& config, const BackendContext& context,
                           std::string& out) const {
  const plan::Plan p = plan::build_plan(config, plan::PlanOptions{context.sources, base_});
  out += format_ == Format::json ? plan::render_json(p) : plan::render_text(p);
}

}  // namespace swb
