// Declarations in comparable form: the canonical IR JSON of `swb build`, keyed by
// kind.name, read from a file (--state) or produced from a checked config.
#include <set>

#include "backends/json/json_backend.h"
#include "backends/plan/plan.h"
#include "compiler/schema/schema.h"

namespace swb::plan {
namespace {

// The JSON keys of top-level arrays and their kinds, from the schema.
std::vector<std::pair<std::string, std::string>> kind_keys() {
  std::vector<std::pair<std::string, std::string>> out;
  ir::Config empty;
  schema::for_each_kind(empty, [&](std::string_view kind, std::string_view key, const auto&) {
    out.emplace_back(std::string(key), std::string(kind));
  });
  return out;
}

// Attribute names whose values are references ("kind.name") in the canonical JSON.
bool is_reference_key(std::string_view key) {
  static const std::set<std::string, std::less<>> keys = {
      "business", "channel", "channels", "default_skill",     "sla",
      "template", "role",    "skill",    "included_channels", "hours"};
  return keys.count(key) != 0;
}

bool looks_like_reference(const std::string& s) {
  const auto dot = s.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == s.size()) return false;
  static const auto kinds = [] {
    std::set<std::string, std::less<>> out;
    for (const auto& [key, kind] : kind_keys()) out.insert(kind);
    return out;
  }();
  if (!kinds.count(std::string_view(s).substr(0, dot))) return false;
  for (std::size_t i = dot + 1; i < s.size(); ++i) {
    const char c = s[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

void collect(const Json& v, const std::string& key, const std::string& path,
             std::vector<Reference>& out) {
  if (v.is_string()) {
    if (is_reference_key(key) && looks_like_reference(v.get<std::string>()))
      out.push_back({path, v.get<std::string>()});
  } else if (v.is_array()) {
    for (const auto& e : v) collect(e, key, path, out);
  } else if (v.is_object()) {
    for (const auto& [k, e] : v.items()) {
      if (k == "name") continue;
      collect(e, k, path.empty() ? k : path + "." + k, out);
    }
  }
}

}  // namespace

std::optional<Snapshot> snapshot_from_ir_json(std::string_view text, std::string& error) {
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = "not JSON";
    return std::nullopt;
  }
  if (!doc.contains("format") || doc["format"] != "swb-ir/1") {
    error = "not the output of `swb build` (no \"format\": \"swb-ir/1\")";
    return std::nullopt;
  }
  Snapshot out;
  if (doc.contains("org") && doc["org"].is_object()) out.decls["org"] = {"org", "", doc["org"]};
  for (const auto& [key, kind] : kind_keys()) {
    if (!doc.contains(key)) continue;
    if (!doc[key].is_array()) {
      error = "\"" + key + "\" is not a list";
      return std::nullopt;
    }
    for (const auto& d : doc[key]) {
      if (!d.is_object() || !d.contains("name") || !d["name"].is_string()) {
        error = "an element of \"" + key + "\" has no name";
        return std::nullopt;
      }
      const std::string name = d["name"].get<std::string>();
      out.decls[kind + "." + name] = {kind, name, d};
    }
  }
  return out;
}

Snapshot snapshot_of(const ir::Config& config) {
  std::string text;
  JsonBackend().generate(config, BackendContext{}, text);
  std::string error;
  auto snap = snapshot_from_ir_json(text, error);
  if (!snap) {
    std::fprintf(stderr, "swb: internal error: the IR JSON does not read back: %s\n",
                 error.c_str());
    std::abort();
  }
  return std::move(*snap);
}

std::vector<Reference> references_of(const Declaration& decl) {
  std::vector<Reference> out;
  collect(decl.value, "", "", out);
  return out;
}

}  // namespace swb::plan
