// `swb plan`: the Backend that writes a deployment plan (PLAN.md) as text or JSON.
#pragma once

#include "backends/backend.h"
#include "backends/plan/plan.h"

namespace swb {

class PlanBackend final : public Backend {
 public:
  enum class Format { text, json };
  // `base`: what is deployed now (null: nothing), which the plan goes from.
  explicit PlanBackend(Format format, const plan::Snapshot* base = nullptr)
      : format_(format), base_(base) {}
  std::string_view name() const override { return "plan"; }
  // A dependency cycle (a planner bug) throws std::logic_error.
  void generate(const ir::Config& config, const BackendContext& context,
                std::string& out) const override;

 private:
  Format format_;
  const plan::Snapshot* base_;
};

}  // namespace swb
