// The list of every rule: each area file (account.cpp, templates.cpp, roles.cpp, routing.cpp,
// sla.cpp) exports its rules, and they run in this order.
#include "compiler/rules/registry.h"

#include <vector>

#include "compiler/base/parallel.h"
#include "compiler/base/time_report.h"
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

PhoneCheck channel_phone(const ir::Config& config, const RuleContext& context,
                         const ir::Channel& channel) {
  const auto index = static_cast<std::size_t>(&channel - config.channels.data());
  if (index < context.channel_phones.size()) return context.channel_phones[index];
  return check_phone(channel.phone.value);
}

void run_rules(const ir::Config& config, const RuleContext& context, Diagnostics& diags) {
  PhaseClock clock;
  const unsigned workers = worker_count(context.threads);
  // libphonenumber's validation is the costliest check per declaration (tens of
  // microseconds of regex matching per number), and three rules need it: do it once, or
  // not at all when the number was checked while the config was parsed.
  std::vector<PhoneCheck> phones(config.channels.size());
  parallel_for(phones.size(), workers, [&](std::size_t i) {
    const auto& phone = config.channels[i].phone;
    if (!phone.span.valid()) return;
    const PhoneCheck* known = context.phone_book ? context.phone_book->find(phone.value) : nullptr;
    phones[i] = known ? *known : check_phone(phone.value);
  });
  RuleContext with_phones = context;
  with_phones.channel_phones = phones;
  clock.lap("phones");
  const std::span<const Rule> rules = all_rules();
  std::vector<Diagnostics> found(rules.size());
  parallel_for(rules.size(), workers, [&](std::size_t i) {
    clock.time(rules[i].name.data(), 5, [&] { rules[i].run(config, with_phones, found[i]); });
  });
  for (auto& d : found) diags.merge(std::move(d));
  clock.lap("rules");
}

}  // namespace swb::rules
