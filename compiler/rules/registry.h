// The business rules: each is one function of the IR that reports diagnostics, registered
// in one list (registry.cpp) and testable alone.
#pragma once

#include <filesystem>
#include <span>
#include <string_view>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/rules/phone.h"
#include "ir/ir.h"

namespace swb::rules {

struct RuleContext {
  const SourceManager& sources;  // rules that open files (logos) resolve paths against these
  // The config's root directory: files a config names (logos) must lie inside it, as
  // imports must. Empty: not confined (a config built in memory).
  std::filesystem::path root = {};
  unsigned threads = 0;  // 0: one per core
  // check_phone of each channel's phone, by channel index: run_rules fills it (in parallel)
  // before any rule runs. Empty when a rule is run alone; channel_phone() then computes.
  std::span<const PhoneCheck> channel_phones = {};
  // Numbers already checked while the config was parsed (see PhoneBook), or null.
  const PhoneBook* phone_book = nullptr;
};

using RuleFn = void (*)(const ir::Config&, const RuleContext&, Diagnostics&);

struct Rule {
  std::string_view area;  // account, templates, roles, routing, sla
  std::string_view name;  // e.g. "check_template_buttons"
  RuleFn run;
};

std::span<const Rule> all_rules();

// The phone check of `channel`, one of config.channels: precomputed when run_rules runs.
PhoneCheck channel_phone(const ir::Config& config, const RuleContext& context,
                         const ir::Channel& channel);

// Runs every rule, on context.threads threads; the diagnostics come out in the same order
// as if the rules had run one after another in registry order. Rules read only resolved references;
// what lowering already reported (unresolved names, missing attributes) they skip rather than
// report again.
void run_rules(const ir::Config& config, const RuleContext& context, Diagnostics& diags);

}  // namespace swb::rules
