// Reads the embedded endpoint tables once and renders their templates.
#include "backends/plan/tables.h"

#include <cstdio>
#include <cstdlib>

namespace swb::plan {

extern const std::string_view kMetaTable;
extern const std::string_view kCxoneTable;

namespace {

std::map<std::string, Action, std::less<>> load_tables() {
  std::map<std::string, Action, std::less<>> out;
  for (const std::string_view text : {kMetaTable, kCxoneTable}) {
    const Json doc = Json::parse(text);
    const std::string target = doc.at("target").get<std::string>();
    for (const auto& [key, a] : doc.at("actions").items()) {
      Action action;
      action.target = target;
      action.method = a.at("method").get<std::string>();
      action.path = a.at("path").get<std::string>();
      if (a.contains("body")) action.body = a.at("body");
      if (a.contains("outputs")) action.outputs = a.at("outputs");
      out.emplace(key, std::move(action));
    }
  }
  return out;
}

const std::map<std::string, Action, std::less<>>& tables() {
  static const auto all = load_tables();
  return all;
}

// The text a param stands for inside a longer string.
std::string as_text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// Replaces each {name} in `s`; nullopt when one has no param (the member is dropped).
std::optional<std::string> interpolate(std::string_view s, const Params& params) {
  std::string out;
  std::size_t at = 0;
  while (at < s.size()) {
    const auto open = s.find('{', at);
    if (open == std::string_view::npos) break;
    const auto close = s.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(s.substr(at, open - at));
    const auto it = params.find(s.substr(open + 1, close - open - 1));
    if (it == params.end() || it->second.value.is_null()) return std::nullopt;
    out += as_text(it->second.value);
    at = close + 1;
  }
  out.append(s.substr(at));
  return out;
}

std::optional<Json> render(const Json& tmpl, const Params& params) {
  if (tmpl.is_string()) {
    const std::string& s = tmpl.get_ref<const std::string&>();
    if (s.size() > 2 && s.front() == '{' && s.back() == '}' &&
        s.find_first_of("{}", 1) == s.size() - 1) {
      const auto it = params.find(std::string_view(s).substr(1, s.size() - 2));
      if (it == params.end() || it->second.value.is_null()) return std::nullopt;
      return it->second.value;
    }
    auto text = interpolate(s, params);
    if (!text) return std::nullopt;
    return Json(*text);
  }
  if (tmpl.is_object()) {
    Json out = Json::object();
    for (const auto& [k, v] : tmpl.items()) {
      if (auto r = render(v, params)) out[k] = std::move(*r);
    }
    if (out.empty() && !tmpl.empty()) return std::nullopt;
    return out;
  }
  if (tmpl.is_array()) {
    Json out = Json::array();
    for (const auto& v : tmpl) {
      if (auto r = render(v, params)) out.push_back(std::move(*r));
    }
    if (out.empty() && !tmpl.empty()) return std::nullopt;
    return out;
  }
  return tmpl;
}

}  // namespace

const Action& find_action(std::string_view key) {
  const auto it = tables().find(key);
  if (it == tables().end()) {
    std::fprintf(stderr, "swb: internal error: no action '%.*s' in the endpoint tables\n",
                 static_cast<int>(key.size()), key.data());
    std::abort();
  }
  return it->second;
}

bool has_action(std::string_view key) { return tables().count(key) != 0; }

std::string render_path(std::string_view tmpl, const Params& params) {
  auto out = interpolate(tmpl, params);
  if (!out) {
    std::fprintf(stderr, "swb: internal error: a parameter of path '%.*s' is missing\n",
                 static_cast<int>(tmpl.size()), tmpl.data());
    std::abort();
  }
  return *out;
}

Json render_body(const Json& tmpl, const Params& params) {
  auto out = render(tmpl, params);
  return out ? *out : Json::object();
}

}  // namespace swb::plan
