// Rules of the routing area (SWB5xx).
#include <array>

#include "compiler/rules/areas.h"
#include "compiler/rules/common.h"

namespace swb::rules {
namespace {

constexpr std::array<Rule, 0> kRules = {};

}  // namespace

std::span<const Rule> routing_rules() { return kRules; }

}  // namespace swb::rules
