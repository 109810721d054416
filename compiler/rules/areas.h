// Each rule area's list of rules, defined in its own file.
#pragma once

#include <span>

#include "compiler/rules/registry.h"

namespace swb::rules {

std::span<const Rule> account_rules();   // account.cpp: SWB2xx
std::span<const Rule> template_rules();  // templates.cpp: SWB3xx
std::span<const Rule> role_rules();      // roles.cpp: SWB4xx
std::span<const Rule> routing_rules();   // routing.cpp: SWB5xx
std::span<const Rule> sla_rules();       // sla.cpp: SWB6xx

}  // namespace swb::rules
