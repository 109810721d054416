// Schema data that is not a per-kind table.
#include "compiler/schema/schema.h"

namespace swb::schema {

const std::vector<std::string>& kind_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out{"org"};
    ir::Config c;
    for_each_kind(c,
                  [&](std::string_view kind, std::string_view, auto&) { out.emplace_back(kind); });
    return out;
  }();
  return names;
}

}  // namespace swb::schema
