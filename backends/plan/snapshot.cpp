// Declarations in comparable form: the canonical IR JSON of `swb build`, keyed by
// kind.name, read from a file (--state) or produced from a checked config.
#include <fmt/format.h>

#include <algorithm>
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

bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

// A state file is input like a config: it may have been edited, truncated or written by
// someone else. Each declaration is checked against the schema tables, the way JsonWriter
// writes it, so the planner only ever meets the attributes and types it knows (and no
// JSON deeper than the schema).
class StateChecker {
 public:
  StateChecker(const Json& obj, std::string where) : obj_(obj), where_(std::move(where)) {}

  template <class T>
  void attr(std::string_view name, const ir::Located<T>&, const schema::FieldSpec&) {
    field<T>(name, true);
  }
  template <class T>
  void attr(std::string_view name, const std::optional<ir::Located<T>>&, const schema::FieldSpec&) {
    field<T>(name, false);
  }
  template <class S>
  void block(std::string_view name, const std::optional<S>&, const schema::FieldSpec& spec) {
    known_.insert(std::string(name));
    const auto it = obj_.find(name);
    if (it == obj_.end()) {
      if (spec.required) fail(name, "is missing");
      return;
    }
    if (!it->is_object()) return fail(name, "is not an object");
    check_object<S>(*it, where_ + "." + std::string(name), error_);
  }
  template <class S>
  void blocks(std::string_view name, const std::vector<S>&) {
    const std::string key = std::string(name) + "s";
    known_.insert(key);
    const auto it = obj_.find(key);
    if (it == obj_.end()) return fail(key, "is missing");
    if (!it->is_array()) return fail(key, "is not a list");
    for (const auto& e : *it) {
      if (!e.is_object()) return fail(key, "has an element that is not an object");
      check_object<S>(e, where_ + "." + key, error_);
      if (!error_.empty()) return;
    }
  }

  // Checks `obj` as the JSON of an S; the first problem goes to `error`.
  template <class S>
  static void check_object(const Json& obj, const std::string& where, std::string& error) {
    if (!error.empty()) return;
    StateChecker checker(obj, where);
    S shape{};
    checker.name_of(shape);
    schema::describe(checker, shape);
    for (const auto& [k, v] : obj.items()) {
      if (!checker.error_.empty()) break;
      if (!checker.known_.count(k)) checker.fail(k, "is not an attribute swb knows");
    }
    error = std::move(checker.error_);
  }

 private:
  // The key that names a nested block or a declaration in its JSON object.
  template <class S>
  void name_of(const S&) {
    if constexpr (std::is_same_v<S, ir::Grant>) {
      field<ir::Ref<ir::Channel>>("channel", true);
    } else if constexpr (std::is_same_v<S, ir::UserSkill>) {
      field<ir::Ref<ir::Skill>>("skill", true);
    } else if constexpr (requires(S s) { s.name.text; }) {
      known_.insert("name");
      const auto it = obj_.find("name");
      if (it == obj_.end() || !it->is_string() || !is_identifier(it->get<std::string>()))
        fail("name", "is not a name");
    }
  }

  template <class T>
  void field(std::string_view name, bool required) {
    known_.insert(std::string(name));
    const auto it = obj_.find(name);
    if (it == obj_.end()) {
      if (required) fail(name, "is missing");
      return;
    }
    if (!valid<T>(*it)) fail(name, "does not have the type swb writes there");
  }

  template <class T>
  bool valid(const Json& v) {
    if constexpr (std::is_same_v<T, ir::Text> || std::is_same_v<T, ir::Date> ||
                  std::is_same_v<T, ir::TimeRange>) {
      return v.is_string();
    } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, ir::Duration>) {
      return v.is_number_integer();
    } else if constexpr (std::is_same_v<T, bool>) {
      return v.is_boolean();
    } else if constexpr (std::is_same_v<T, ir::Percent>) {
      return v.is_number();
    } else if constexpr (std::is_enum_v<T> && requires { ir::EnumTraits<T>::spelled; }) {
      if (!v.is_string()) return false;
      const auto& names = ir::enum_names<T>();
      return std::find(names.begin(), names.end(), v.get<std::string>()) != names.end();
    } else if constexpr (requires { typename T::Target; }) {
      const std::string prefix = std::string(schema::kind_of<typename T::Target>()) + ".";
      return v.is_string() && v.get<std::string>().rfind(prefix, 0) == 0 &&
             is_identifier(v.get<std::string>().substr(prefix.size()));
    } else if constexpr (std::is_same_v<T, ir::DaySchedule>) {
      return v.is_array() &&
             std::all_of(v.begin(), v.end(), [](const Json& r) { return r.is_string(); });
    } else if constexpr (std::is_same_v<T, ir::Secret>) {
      return v.is_object() && v.size() == 1 && v.contains("secret") && v["secret"].is_string();
    } else if constexpr (std::is_same_v<T, ir::Header> || std::is_same_v<T, ir::Button>) {
      // {"type": …} and text fields: what JsonWriter writes for template headers and buttons.
      if (!v.is_object() || !v.contains("type")) return false;
      for (const auto& [k, e] : v.items()) {
        static const std::set<std::string, std::less<>> keys = {"type", "text", "url", "phone"};
        if (!keys.count(k) || !e.is_string()) return false;
      }
      return true;
    } else if constexpr (std::is_same_v<T, ir::Section> || std::is_same_v<T, ir::ListItem> ||
                         std::is_same_v<T, ir::Slot>) {
      if (!v.is_object()) return false;
      std::string error;
      check_object<T>(v, where_, error);
      return error.empty();
    } else {
      using Element = decltype(T{}.front().value);
      return v.is_array() &&
             std::all_of(v.begin(), v.end(), [this](const Json& e) { return valid<Element>(e); });
    }
  }

  void fail(std::string_view key, std::string_view what) {
    if (error_.empty()) error_ = fmt::format("{}: \"{}\" {}", where_, key, what);
  }

  const Json& obj_;
  std::string where_;
  std::set<std::string, std::less<>> known_;
  std::string error_;
};

// How deep brackets and braces nest in `text`, outside strings. The IR is a few levels
// deep; a hostile state can be 100 000, and nlohmann's ordered objects copy their values
// recursively when they grow, so such a state must be refused before it is parsed.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

constexpr std::size_t kMaxStateDepth = 32;

// Collects the keys JsonWriter writes for the attributes and nested blocks of a kind, in
// schema order.
struct AttributeKeys {
  std::vector<std::string> keys;
  template <class T>
  void attr(std::string_view name, const T&, const schema::FieldSpec&) {
    keys.emplace_back(name);
  }
  template <class T>
  void block(std::string_view name, const T&, const schema::FieldSpec&) {
    keys.emplace_back(name);
  }
  template <class T>
  void blocks(std::string_view name, const T&) {
    keys.push_back(std::string(name) + "s");
  }
};

// A state written before every day of an `hours` was in the IR JSON leaves its closed days
// out (LANGUAGE.md §4: an absent day is closed). They are read as the `[]` swb writes now, in
// schema order, so that such a state does not plan an update of days that did not change.
// `hours` has passed the StateChecker: it has no key the schema does not know.
Json with_every_day(const Json& hours) {
  static const std::set<std::string, std::less<>> kDays = {"mon", "tue", "wed", "thu",
                                                           "fri", "sat", "sun"};
  static const std::vector<std::string> kKeys = [] {
    AttributeKeys names;
    const ir::Hours shape{};
    schema::describe(names, shape);
    return std::move(names.keys);
  }();
  Json out = Json::object();
  out["name"] = hours["name"];
  for (const auto& key : kKeys) {
    if (const auto it = hours.find(key); it != hours.end())
      out[key] = *it;
    else if (kDays.count(key))
      out[key] = Json::array();
  }
  return out;
}

}  // namespace

std::optional<Snapshot> snapshot_from_ir_json(std::string_view text, std::string& error) {
  if (nesting_depth(text) > kMaxStateDepth) {
    error =
        fmt::format("nested deeper than {} levels, which swb build never writes", kMaxStateDepth);
    return std::nullopt;
  }
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
  if (doc.contains("org") && !doc["org"].is_null()) {
    if (!doc["org"].is_object()) {
      error = "\"org\" is not an object";
      return std::nullopt;
    }
    StateChecker::check_object<ir::Org>(doc["org"], "org", error);
    if (!error.empty()) return std::nullopt;
    out.decls["org"] = {"org", "", doc["org"]};
  }
  ir::Config shapes;
  schema::for_each_kind(shapes, [&](std::string_view kind_view, std::string_view key_view,
                                    const auto& vec) {
    using Decl = typename std::decay_t<decltype(vec)>::value_type;
    const std::string key(key_view), kind(kind_view);
    if (!error.empty() || !doc.contains(key)) return;
    if (!doc[key].is_array()) {
      error = "\"" + key + "\" is not a list";
      return;
    }
    for (const auto& d : doc[key]) {
      if (!d.is_object() || !d.contains("name") || !d["name"].is_string()) {
        error = "an element of \"" + key + "\" has no name";
        return;
      }
      const std::string name = d["name"].get<std::string>();
      StateChecker::check_object<Decl>(d, kind + "." + name, error);
      if (!error.empty()) return;
      Json value = d;
      if constexpr (std::is_same_v<Decl, ir::Hours>) value = with_every_day(d);
      if (!out.decls.emplace(kind + "." + name, Declaration{kind, name, std::move(value)}).second) {
        error = kind + "." + name + " is declared twice";
        return;
      }
    }
  });
  if (!error.empty()) return std::nullopt;
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
