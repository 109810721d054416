// The list of every rule: each area file (account.cpp, templates.cpp, roles.cpp, routing.cpp,
// sla.cpp) exports its rules, and they run in this order.
#include "compiler/rules/registry.h"

#include <vector>

#include "compiler/rules/areas.h"

namespace swb::rules {

std::span<const Rule> all_rules() {
  static const std::vector<Rule> rules = [] {
    std::vector<Rule> out;
    for (auto area :
         {account_rules(), template_rules(), role_rules(), routing_rules(), sla_rules()}) {
      out.insert(out.end(), area.begin(), area.end());
    }
    return out;
  }();
  return rules;
}

void run_rules(const ir::Config& config, const RuleContext& context, Diagnostics& diags) {
  for (const auto& rule : all_rules()) rule.run(config, context, diags);
}

}  // namespace swb::rules
