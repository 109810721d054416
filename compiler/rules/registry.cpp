// The list of every rule. Adding a rule is adding a file and a line here.
#include "compiler/rules/registry.h"

#include <array>

namespace swb::rules {
namespace {

// Each area's rules live in their own file (account.cpp, templates.cpp, roles.cpp,
// routing.cpp, sla.cpp) and are listed here.
constexpr std::array<Rule, 0> kRules = {};

}  // namespace

std::span<const Rule> all_rules() { return kRules; }

void run_rules(const ir::Config& config, const RuleContext& context, Diagnostics& diags) {
  for (const auto& rule : kRules) rule.run(config, context, diags);
}

}  // namespace swb::rules
