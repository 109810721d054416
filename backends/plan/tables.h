// The endpoint tables (meta.json, cxone.json): method, path and body template of every
// action, read from the data files embedded at build time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/plan/plan.h"

namespace swb::plan {

struct Action {
  std::string target;  // "meta" or "cxone"
  std::string method;
  std::string path;
  std::optional<Json> body;
  Json outputs;  // object or null
};

// The action "kind/name" ("channel/add_number"); a missing action is a bug and aborts.
const Action& find_action(std::string_view key);
bool has_action(std::string_view key);

// A value for a {param} of a path or body, and the attributes it is derived from (empty:
// always included, as identifiers are). Update steps keep only params of changed
// attributes in their bodies.
struct Param {
  Json value;
  std::vector<std::string> attributes;
};
using Params = std::map<std::string, Param, std::less<>>;

// Substitutes params into a path; every {param} must be there.
std::string render_path(std::string_view tmpl, const Params& params);
// Substitutes params into a body template; absent or null params drop their member.
Json render_body(const Json& tmpl, const Params& params);

}  // namespace swb::plan
