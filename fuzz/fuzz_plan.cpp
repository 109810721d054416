// libFuzzer target: `swb plan --state FILE` with the input as the state. A few fixed, valid
// configs are compiled once; each input is read as `swb build` output, and when it is
// accepted, the incremental plan from it to each config is built and rendered as text and
// JSON. Any crash, leak, sanitizer report, uncaught exception or timeout is a bug.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "backends/plan/plan_backend.h"
#include "compiler/driver/driver.h"

namespace {

std::vector<std::unique_ptr<swb::Compilation>> compile_configs() {
  std::vector<std::unique_ptr<swb::Compilation>> out;
  for (const char* config : {"examples/jungle", "tests/plan/scenarios/rename_role/config.swb",
                             "tests/plan/scenarios/change_phone/config.swb"}) {
    swb::CompileOptions options;
    options.paths = {std::string(SWB_FUZZ_SOURCE_DIR) + "/" + config};
    options.load.stdlib_dir = SWB_FUZZ_STDLIB;
    options.load.threads = 1;
    auto c = swb::compile(options);
    // The configs are part of the repository and check clean; anything else is a broken
    // fuzzing setup, not a finding.
    if (c->fatal || c->diags.has_errors()) __builtin_trap();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto configs = compile_configs();
  std::string error;
  const auto base = swb::plan::snapshot_from_ir_json(
      std::string_view(reinterpret_cast<const char*>(data), size), error);
  if (!base) return 0;
  for (const auto& c : configs) {
    for (auto format : {swb::PlanBackend::Format::text, swb::PlanBackend::Format::json}) {
      std::string out;
      swb::PlanBackend(format, &*base).generate(c->ir, swb::BackendContext{&c->sources}, out);
    }
  }
  return 0;
}
