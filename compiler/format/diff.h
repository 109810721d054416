// Unified diffs for `swb fmt --diff`.
#pragma once

#include <string>
#include <string_view>

namespace swb::format {

// The unified diff (3 lines of context) that turns `before` into `after`, with `--- a/PATH`
// and `+++ b/PATH` headers so `git apply` takes it; "" when they are equal.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after);

}  // namespace swb::format
