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

const FunctionSpec* find_function(std::string_view name, std::optional<Makes> makes) {
  for (const auto& f : kFunctions) {
    if (f.name == name && (!makes || f.makes == *makes)) return &f;
  }
  return nullptr;
}

std::vector<std::string> function_names(std::optional<Makes> makes) {
  std::vector<std::string> out;
  for (const auto& f : kFunctions) {
    if (!makes || f.makes == *makes) out.emplace_back(f.name);
  }
  return out;
}

std::string signature(const FunctionSpec& f) {
  std::string s(f.name);
  s += '(';
  for (std::size_t k = 0; k < f.arity(); ++k) {
    if (k) s += ", ";
    s += f.params[k];
  }
  s += ')';
  return s;
}

}  // namespace swb::schema
