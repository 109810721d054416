// Rules of the templates area (SWB3xx).
#include <array>

#include "compiler/rules/areas.h"
#include "compiler/rules/common.h"

namespace swb::rules {
namespace {

constexpr std::array<Rule, 0> kRules = {};

}  // namespace

std::span<const Rule> template_rules() { return kRules; }

}  // namespace swb::rules

namespace swb::limits {

std::span<const std::string_view> template_languages() { return {}; }

}  // namespace swb::limits
