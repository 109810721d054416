// Rules of the roles area (SWB4xx).
#include <array>

#include "compiler/rules/areas.h"
#include "compiler/rules/common.h"

namespace swb::rules {
namespace {

constexpr std::array<Rule, 0> kRules = {};

}  // namespace

std::span<const Rule> role_rules() { return kRules; }

}  // namespace swb::rules
