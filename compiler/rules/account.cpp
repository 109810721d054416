// Rules of the account area (SWB2xx).
#include <array>

#include "compiler/rules/areas.h"
#include "compiler/rules/common.h"

namespace swb::rules {
namespace {

constexpr std::array<Rule, 0> kRules = {};

}  // namespace

std::span<const Rule> account_rules() { return kRules; }

}  // namespace swb::rules
