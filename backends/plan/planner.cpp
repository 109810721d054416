// The planner: declarations -> steps (creates for new ones, updates carrying changed
// attributes, deletes for removed ones), then ordered by the documented order and the
// dependencies their placeholders imply. Endpoints come from the tables, never from here.
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>

#include "backends/plan/plan.h"
#include "backends/plan/tables.h"
#include "compiler/base/source.h"
#include "compiler/schema/schema.h"

namespace swb::plan {
namespace {

// PLAN.md "Order": the kind order ties break by.
int kind_rank(std::string_view kind) {
  static constexpr std::string_view kOrder[] = {
      "business", "channel", "template", "rich_message", "custom_component",
      "role",     "user",    "skill",    "queue",        "hours",
      "sla",      "org"};
  for (std::size_t i = 0; i < std::size(kOrder); ++i)
    if (kOrder[i] == kind) return static_cast<int>(i);
  return static_cast<int>(std::size(kOrder));
}

constexpr int kDeletePhase = 10;

// WhatsApp verticals in Graph API spelling, in the order of ir::Vertical (RULES.md).
std::string graph_vertical(const std::string& dsl) {
  static constexpr std::string_view kGraph[] = {"AUTO",
                                                "BEAUTY",
                                                "APPAREL",
                                                "EDU",
                                                "ENTERTAIN",
                                                "EVENT_PLAN",
                                                "FINANCE",
                                                "GROCERY",
                                                "GOVT",
                                                "HOTEL",
                                                "HEALTH",
                                                "NONPROFIT",
                                                "PROF_SERVICES",
                                                "RETAIL",
                                                "TRAVEL",
                                                "RESTAURANT",
                                                "ALCOHOL",
                                                "ONLINE_GAMBLING",
                                                "PHYSICAL_GAMBLING",
                                                "OTC_DRUGS",
                                                "OTHER"};
  const auto& names = ir::enum_names<ir::Vertical>();
  static_assert(std::size(kGraph) == 21);
  for (std::size_t i = 0; i < names.size() && i < std::size(kGraph); ++i)
    if (names[i] == dsl) return std::string(kGraph[i]);
  return "OTHER";
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

struct Phone {
  std::string cc, national, display;
};
Phone split_phone(const std::string& text) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  Phone out{"", "", text};
  if (util.Parse(text, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return out;
  out.cc = std::to_string(number.country_code());
  util.GetNationalSignificantNumber(number, &out.national);
  util.Format(number, PhoneNumberUtil::INTERNATIONAL, &out.display);
  return out;
}

std::string placeholder(const std::string& resource, const std::string& output) {
  return "{" + resource + "." + output + "}";
}
// What a reference to a declaration stands for in an API call: its id at the target.
std::string id_of(const std::string& ref) {
  return placeholder(ref, ref.rfind("business.", 0) == 0 ? "waba_id" : "id");
}

bool is_reference_key(std::string_view key) {
  static const std::set<std::string, std::less<>> keys = {
      "business", "channel", "channels", "default_skill",     "sla",
      "template", "role",    "skill",    "included_channels", "hours"};
  return keys.count(key) != 0;
}

// A canonical-JSON value as an API value: references become their ids' placeholders.
Json to_api(std::string_view key, const Json& v) {
  if (v.is_string() && is_reference_key(key) && v.get<std::string>().find('.') != std::string::npos)
    return id_of(v.get<std::string>());
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& e : v) out.push_back(to_api(key, e));
    return out;
  }
  if (v.is_object()) {
    Json out = Json::object();
    for (const auto& [k, e] : v.items()) out[k] = to_api(k, e);
    return out;
  }
  return v;
}

// Every attribute as a param named by its path ("routing.fallback"), nested objects too.
void flatten(const Json& obj, const std::string& prefix, Params& out) {
  for (const auto& [k, v] : obj.items()) {
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    out[path] = Param{to_api(k, v), {path}};
    if (v.is_object()) flatten(v, path, out);
  }
}

Json duration_parts(const Json& seconds) {
  const std::int64_t s = seconds.is_number_integer() ? seconds.get<std::int64_t>() : 0;
  return Json{{"days", s / 86400}, {"hours", s % 86400 / 3600}, {"minutes", s % 3600 / 60}};
}

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string quoted(const Json& v) {
  return v.is_string() ? "\"" + v.get<std::string>() + "\"" : v.dump();
}

struct Change {
  std::string path;
  Json old_value, new_value;
};

void diff(const Json& a, const Json& b, const std::string& prefix, std::vector<Change>& out) {
  if (a.is_object() && b.is_object()) {
    std::set<std::string> keys;
    for (const auto& [k, v] : a.items()) keys.insert(k);
    for (const auto& [k, v] : b.items()) keys.insert(k);
    // Keep schema order: walk b's keys first, then keys only in a.
    std::vector<std::string> ordered;
    for (const auto& [k, v] : b.items()) ordered.push_back(k);
    for (const auto& [k, v] : a.items())
      if (!b.contains(k)) ordered.push_back(k);
    for (const auto& k : ordered) {
      if (prefix.empty() && k == "name") continue;
      const std::string path = prefix.empty() ? k : prefix + "." + k;
      const Json av = a.contains(k) ? a[k] : Json();
      const Json bv = b.contains(k) ? b[k] : Json();
      diff(av, bv, path, out);
    }
    return;
  }
  // Compared as plain JSON, where an object's keys have no order: a state file re-saved by a
  // tool that sorts keys (`jq -S`) holds the same objects inside its lists.
  if (nlohmann::json(a) != nlohmann::json(b)) out.push_back({prefix, a, b});
}

Json changes_json(const std::vector<Change>& changes) {
  Json out = Json::object();
  for (const auto& c : changes) out[c.path] = Json{{"old", c.old_value}, {"new", c.new_value}};
  return out;
}

bool touches(const std::vector<std::string>& attributes, const std::vector<Change>& changes) {
  for (const auto& a : attributes) {
    for (const auto& c : changes) {
      if (a == c.path || c.path.rfind(a + ".", 0) == 0 || a.rfind(c.path + ".", 0) == 0)
        return true;
    }
  }
  return false;
}

// Only the params an update carries: identifiers and those of changed attributes.
Params only_changed(const Params& params, const std::vector<Change>& changes) {
  Params out;
  for (const auto& [name, p] : params) {
    if (p.attributes.empty() || touches(p.attributes, changes)) out.emplace(name, p);
  }
  return out;
}

std::vector<std::string> find_placeholders(const PlanStep& step) {
  std::vector<std::string> out;
  auto scan = [&](std::string_view s) {
    std::size_t at = 0;
    while ((at = s.find('{', at)) != std::string_view::npos) {
      const auto close = s.find('}', at);
      if (close == std::string_view::npos) break;
      const auto inner = s.substr(at + 1, close - at - 1);
      if (std::count(inner.begin(), inner.end(), '.') >= 1 &&
          inner.find_first_of("{ \"") == std::string_view::npos)
        out.emplace_back(s.substr(at, close - at + 1));
      at = close + 1;
    }
  };
  scan(step.path);
  if (step.body) {
    std::vector<const Json*> stack{&*step.body};
    while (!stack.empty()) {
      const Json* j = stack.back();
      stack.pop_back();
      if (j->is_string()) {
        scan(j->get_ref<const std::string&>());
      } else if (j->is_structured()) {
        for (auto it = j->rbegin(); it != j->rend(); ++it) stack.push_back(&*it);
      }
    }
  }
  return out;
}

class Planner {
 public:
  Planner(const ir::Config& config, const PlanOptions& options)
      : now_(snapshot_of(config)), base_(options.base) {
    if (options.sources) index_sources(config, *options.sources);
  }

  Plan run() {
    Plan plan;
    plan.incremental = base_ != nullptr;
    static const Snapshot kNothing;
    const Snapshot& base = base_ ? *base_ : kNothing;
    find_renames(base);
    for (const auto& [key, decl] : ordered(now_)) {
      const auto old = base.decls.find(key);
      if (old == base.decls.end())
        create(*decl);
      else if (old->second.value != decl->value)
        update(old->second, *decl);
    }
    for (const auto& [key, decl] : ordered(base)) {
      if (!now_.decls.count(key)) remove(*decl, base);
    }
    link_deletes(base);
    link_placeholders();
    if (auto cycle = order_steps(steps_))
      throw std::logic_error("the plan's dependency graph has a cycle: " + *cycle);
    plan.steps = std::move(steps_);
    if (auto problems = validate(plan); !problems.empty())
      throw std::logic_error("the plan breaks its own rules: " + problems.front());
    return plan;
  }

 private:
  // Declarations in kind order, then name, so steps are emitted deterministically.
  static std::vector<std::pair<std::string, const Declaration*>> ordered(const Snapshot& s) {
    std::vector<std::pair<std::string, const Declaration*>> out;
    for (const auto& [key, d] : s.decls) out.emplace_back(key, &d);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      const int ra = kind_rank(a.second->kind), rb = kind_rank(b.second->kind);
      if (ra != rb) return ra < rb;
      return a.second->name < b.second->name;
    });
    return out;
  }

  void index_sources(const ir::Config& config, const SourceManager& sources) {
    auto where = [&](Span span) -> std::string {
      if (!span.valid()) return "";
      const SourceFile& f = sources.file(span.file);
      const LineCol lc = f.line_col(span.begin);
      return f.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
    };
    if (config.org) sources_["org"] = where(config.org->span);
    schema::for_each_kind(config, [&](std::string_view kind, std::string_view, const auto& vec) {
      for (const auto& d : vec) sources_[std::string(kind) + "." + d.name.text] = where(d.span);
    });
  }

  static std::string key_of(const Declaration& d) {
    return d.kind == "org" ? std::string("org") : d.kind + "." + d.name;
  }

  void find_renames(const Snapshot& base) {
    for (const auto& [old_key, old_decl] : base.decls) {
      if (now_.decls.count(old_key) || old_decl.kind == "org") continue;
      Json old_body = old_decl.value;
      old_body.erase("name");
      for (const auto& [new_key, new_decl] : now_.decls) {
        if (new_decl.kind != old_decl.kind || base.decls.count(new_key) ||
            renamed_from_.count(new_key))
          continue;
        Json new_body = new_decl.value;
        new_body.erase("name");
        if (new_body == old_body) {
          renamed_from_[new_key] = old_key;
          renamed_to_[old_key] = new_key;
          break;
        }
      }
    }
  }

  // The params every step of a declaration can use: its attributes, its identifiers.
  Params params_of(const Declaration& d) const {
    Params p;
    flatten(d.value, "", p);
    const std::string key = key_of(d);
    p["name"] = Param{d.name, {}};
    p[d.kind + "_id"] = Param{placeholder(key, "id"), {}};
    if (d.kind == "channel") {
      const Phone phone = split_phone(text_of(d.value.value("phone", Json(""))));
      p["cc"] = Param{phone.cc, {"phone"}};
      p["phone_number"] = Param{phone.national, {"phone"}};
      p["phone_number_id"] = Param{placeholder(key, "phone_number_id"), {}};
      p["code"] = Param{placeholder(key, "code"), {}};
      p["waba_id"] = Param{id_of(text_of(d.value.value("business", Json("")))), {"business"}};
      p["code_method"] =
          Param{d.value.value("verification", Json("sms")) == "voice" ? "VOICE" : "SMS",
                {"verification"}};
    } else if (d.kind == "template") {
      p["category"] = Param{upper(text_of(d.value.value("category", Json("")))), {"category"}};
      p["components"] =
          Param{template_components(d.value), {"header", "body", "footer", "buttons", "examples"}};
    } else if (d.kind == "rich_message") {
      Json content = d.value;
      std::vector<std::string> attrs;
      for (const auto& k : {"name", "type", "channels"}) content.erase(k);
      for (const auto& [k, v] : content.items()) attrs.push_back(k);
      p["content"] = Param{content, attrs};
    } else if (d.kind == "hours") {
      Json days = Json::object();
      for (const auto& day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        days[day] = d.value.contains(day) ? d.value[day] : Json::array();
      p["days"] = Param{days, {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}};
    } else if (d.kind == "sla") {
      p["first_response"] =
          Param{duration_parts(d.value.value("first_response", Json(0))), {"first_response"}};
      p["resolution"] = Param{duration_parts(d.value.value("resolution", Json(0))), {"resolution"}};
    } else if (d.kind == "role") {
      Json channels = Json::array();
      for (const auto& g : d.value.value("channels", Json::array()))
        channels.push_back(Json{{"channelId", id_of(text_of(g.value("channel", Json(""))))},
                                {"permissions", g.value("permissions", Json::array())}});
      p["channels"] = Param{channels, {"channels"}};
    } else if (d.kind == "user") {
      Json skills = Json::array();
      for (const auto& s : d.value.value("skills", Json::array()))
        skills.push_back(Json{{"skillId", id_of(text_of(s.value("skill", Json(""))))},
                              {"proficiency", s.value("proficiency", Json(0))}});
      p["skills"] = Param{skills, {"skills"}};
    } else if (d.kind == "queue") {
      p["queue_id"] = Param{d.value.value("id", Json("")), {}};
    }
    return p;
  }

  // Meta's template components from the canonical template.
  static Json template_components(const Json& t) {
    Json out = Json::array();
    if (t.contains("header")) {
      const Json& h = t["header"];
      const std::string type = h.value("type", "text");
      Json c{{"type", "HEADER"}, {"format", upper(type)}};
      if (type == "text")
        c["text"] = h.value("text", "");
      else if (h.contains("url"))
        c["example"] = Json{{"header_handle", Json::array({h["url"]})}};
      out.push_back(c);
    }
    Json body{{"type", "BODY"}, {"text", t.value("body", "")}};
    if (t.contains("examples") && !t["examples"].empty())
      body["example"] = Json{{"body_text", Json::array({t["examples"]})}};
    out.push_back(body);
    if (t.contains("footer")) out.push_back(Json{{"type", "FOOTER"}, {"text", t["footer"]}});
    if (t.contains("buttons") && !t["buttons"].empty()) {
      Json buttons = Json::array();
      for (const auto& b : t["buttons"]) {
        const std::string type = b.value("type", "quick_reply");
        if (type == "quick_reply")
          buttons.push_back(Json{{"type", "QUICK_REPLY"}, {"text", b.value("text", "")}});
        else if (type == "url")
          buttons.push_back(
              Json{{"type", "URL"}, {"text", b.value("text", "")}, {"url", b.value("url", "")}});
        else if (type == "phone")
          buttons.push_back(Json{{"type", "PHONE_NUMBER"},
                                 {"text", b.value("text", "")},
                                 {"phone_number", b.value("phone", "")}});
        else
          buttons.push_back(Json{{"type", "COPY_CODE"}, {"example", b.value("text", "")}});
      }
      out.push_back(Json{{"type", "BUTTONS"}, {"buttons", buttons}});
    }
    return out;
  }

  // ---- step construction ------------------------------------------------------------
  PlanStep& add_step(const Declaration& d, std::string resource, const std::string& action, Op op,
                     int phase, int seq) {
    PlanStep s;
    s.id = resource + "/" + action;
    s.op = op;
    s.resource = std::move(resource);
    s.phase = phase;
    s.name = d.name;
    s.seq = seq;
    if (op == Op::remove) {
      s.kind_rank = 100 - kind_rank(d.kind);
    } else {
      s.kind_rank = kind_rank(d.kind);
      const auto src = sources_.find(s.resource);
      if (src != sources_.end()) s.source = src->second;
    }
    for (const auto& existing : steps_) {
      if (existing.id == s.id) throw std::logic_error("the planner made two steps with id " + s.id);
    }
    steps_.push_back(std::move(s));
    return steps_.back();
  }

  // An API step: method, path and body from the table entry `table_key`.
  PlanStep& api_step(const Declaration& d, const std::string& resource, const std::string& action,
                     const std::string& table_key, Op op, int phase, int seq, const Params& params,
                     const std::vector<Change>* changes = nullptr) {
    const Action& a = find_action(table_key);
    PlanStep& s = add_step(d, resource, action, op, phase, seq);
    s.target = a.target;
    s.method = a.method;
    s.path = render_path(a.path, params);
    if (a.body) s.body = render_body(*a.body, changes ? only_changed(params, *changes) : params);
    if (op == Op::create && a.outputs.is_object()) s.outputs = a.outputs;
    if (changes) s.changes = changes_json(*changes);
    return s;
  }

  PlanStep& manual_step(const Declaration& d, const std::string& resource,
                        const std::string& action, int phase, int seq, std::string summary,
                        Json outputs = Json()) {
    PlanStep& s = add_step(d, resource, action, Op::manual, phase, seq);
    s.summary = std::move(summary);
    s.outputs = std::move(outputs);
    return s;
  }

  static void chain(std::vector<PlanStep>& steps, std::size_t from) {
    for (std::size_t i = from + 1; i < steps.size(); ++i) steps[i].needs.push_back(steps[i - 1].id);
  }

  const Declaration* now(const std::string& key) const {
    const auto it = now_.decls.find(key);
    return it == now_.decls.end() ? nullptr : &it->second;
  }

  // ---- creates ----------------------------------------------------------------------
  void create(const Declaration& d) {
    const std::string key = key_of(d);
    created_.insert(key);
    const Params p = params_of(d);
    const std::size_t first = steps_.size();
    if (d.kind == "business") {
      manual_step(d, key, "connect", 1, 0,
                  "connect the WhatsApp Business account of \"" +
                      text_of(d.value.value("legal_name", Json(""))) +
                      "\" (Facebook Business Manager " +
                      text_of(d.value.value("facebook_business_manager_id", Json(""))) +
                      ") with \"Sign in with Facebook\" in ACD > Digital > Digital Touchpoints > "
                      "WhatsApp (Cloud API); check that its status is Approved and record its "
                      "WhatsApp Business Account id",
                  Json{{"waba_id", "the WhatsApp Business Account id shown in WhatsApp Manager"}});
      upload_logo(d, 1);
      chain(steps_, first);
    } else if (d.kind == "channel") {
      number_steps(d, Op::create);
      const std::size_t channel_step = steps_.size();
      api_step(d, key, "create", "channel/create", Op::create, 2, 6, p).summary =
          "create the WhatsApp channel \"" + text_of(d.value["display_name"]) +
          "\" in Digital Experience";
      chain(steps_, first);
      profile_step(d, Op::create, nullptr);
      steps_.back().needs.push_back(steps_[channel_step].id);
      defaults_step(d, Op::create, nullptr);
      sla_step(d, Op::create, nullptr);
    } else if (d.kind == "template") {
      Params tp = p;
      const std::string channel = text_of(d.value.value("channel", Json("")));
      if (const Declaration* c = now(channel))
        tp["waba_id"] = Param{id_of(text_of(c->value.value("business", Json("")))), {}};
      PlanStep& s = api_step(d, key, "create", "template/create", Op::create, 3, 0, tp);
      s.summary = "create the message template " + d.name + " (" +
                  text_of(d.value.value("language", Json(""))) + ", " +
                  upper(text_of(d.value.value("category", Json("")))) + ") at Meta for " + channel;
      s.needs.push_back(channel + "/create");
    } else if (d.kind == "rich_message") {
      api_step(d, key, "create", "rich_message/create", Op::create, 3, 0, p).summary =
          "create the " + text_of(d.value["type"]) + " rich message " + d.name + " for " +
          list_text(d.value.value("channels", Json::array()), "no channel");
    } else if (d.kind == "custom_component") {
      manual_step(d, key, "remove_smooch", 4, 0,
                  "in Digital Experience > Settings > Custom components, delete the components "
                  "whose URL contains \"smooch\"");
      api_step(d, key, "create", "custom_component/create", Op::create, 4, 1, p).summary =
          "create the custom component " + d.name + " (" + text_of(d.value["url"]) + ", " +
          text_of(d.value.value("height", Json(200))) + " px) for " +
          list_text(d.value.value("channels", Json::array()), "every channel");
      chain(steps_, first);
    } else if (d.kind == "role") {
      api_step(d, key, "create", "role/create", Op::create, 5, 0, p).summary =
          "create the role " + d.name;
      if (!d.value.value("channels", Json::array()).empty())
        permissions_step(d, Op::create, nullptr);
      chain(steps_, first);
    } else if (d.kind == "user") {
      api_step(d, key, "create", "user/create", Op::create, 5, 0, p).summary =
          "create the user " + d.name + " <" + text_of(d.value["email"]) + "> with " +
          text_of(d.value["role"]);
      if (!d.value.value("skills", Json::array()).empty()) user_skills_step(d, Op::create, nullptr);
      chain(steps_, first);
    } else if (d.kind == "skill") {
      api_step(d, key, "create", "skill/create", Op::create, 6, 0, p).summary =
          "create the " + text_of(d.value["media"]) + " skill " + d.name + " in campaign \"" +
          text_of(d.value["campaign"]) + "\"";
    } else if (d.kind == "queue") {
      int seq = 0;
      for (const auto& f : d.value.value("filters", Json::array()))
        filter_step(d, f, Op::create, seq++, nullptr);
    } else if (d.kind == "hours") {
      api_step(d, key, "create", "hours/create", Op::create, 9, 0, p).summary =
          "create the business hours " + d.name + " (" + text_of(d.value["timezone"]) + ")";
    } else if (d.kind == "sla") {
      api_step(d, key, "create", "sla/create", Op::create, 9, 0, p).summary =
          "create the SLA " + d.name + " (first response " +
          duration_text(d.value["first_response"]) + ", resolution " +
          duration_text(d.value["resolution"]) + ", counted in " + text_of(d.value["hours"]) + ")";
    } else if (d.kind == "org") {
      if (d.value.contains("sla")) global_sla_step(d, Op::create, nullptr);
    }
    if (const auto r = renamed_from_.find(key); r != renamed_from_.end()) {
      for (std::size_t i = first; i < steps_.size(); ++i)
        steps_[i].note = "renamed from " + r->second + ": delete + create";
    }
  }

  static std::string list_text(const Json& list, const std::string& empty) {
    if (list.empty()) return empty;
    std::string out;
    for (const auto& e : list) out += (out.empty() ? "" : ", ") + text_of(e);
    return out;
  }

  static std::string duration_text(const Json& seconds) {
    std::int64_t s = seconds.is_number_integer() ? seconds.get<std::int64_t>() : 0;
    if (s == 0) return "0s";
    std::string out;
    for (const auto& [unit, size] : {std::pair{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}}) {
      if (s >= size) {
        out += std::to_string(s / size) + unit;
        s %= size;
      }
    }
    return out;
  }

  void upload_logo(const Declaration& d, int seq) {
    const Json logo = d.value.value("logo", Json::object());
    manual_step(d, key_of(d), "upload_logo", 1, seq,
                "upload the logo " + text_of(logo.value("url", Json(""))) +
                    " with the Graph API's Resumable Upload and record the file handle",
                Json{{"logo_handle", "the handle (\"h\") the upload returns"}});
  }

  // Add the number at Meta, have its code sent, entered and verified, and register it.
  void number_steps(const Declaration& d, Op op) {
    const std::string key = key_of(d);
    const Params p = params_of(d);
    const Phone phone = split_phone(text_of(d.value["phone"]));
    const bool voice = d.value.value("verification", Json("sms")) == "voice";
    const std::size_t first = steps_.size();
    api_step(d, key, "add_number", "channel/add_number", op, 2, 0, p).summary =
        "add " + phone.display + " to WhatsApp account " + text_of(d.value["business"]);
    api_step(d, key, "request_code", "channel/request_code", op, 2, 1, p).summary =
        "have Meta send the verification code for " + phone.display +
        (voice ? " by voice call" : " by SMS");
    manual_step(d, key, "enter_code", 2, 2,
                voice ? "enter the six-digit code read out by voice call to " + phone.display
                      : "enter the six-digit code sent by SMS to " + phone.display,
                Json{{"code", "the six-digit verification code"}});
    api_step(d, key, "verify", "channel/verify", op, 2, 3, p).summary =
        "verify " + phone.display + " with the code";
    if (d.value.contains("two_step_pin")) {
      api_step(d, key, "register", "channel/register", op, 2, 4, p).summary =
          "register " + phone.display + " for the Cloud API with the two-step PIN from $" +
          text_of(d.value["two_step_pin"].value("secret", Json("")));
    } else {
      manual_register_step(d);
    }
    chain(steps_, first);
  }

  // Without two_step_pin there is no PIN to register with: a person does it (PLAN.md).
  void manual_register_step(const Declaration& d) {
    manual_step(d, key_of(d), "register", 2, 4,
                "register the number " + split_phone(text_of(d.value["phone"])).display +
                    " and set its two-step PIN in WhatsApp Manager (no two_step_pin is "
                    "configured)");
  }

  void profile_step(const Declaration& channel, Op op, const std::vector<Change>* changes) {
    const std::string business = text_of(channel.value["business"]);
    const Declaration* b = now(business);
    if (!b) return;
    Params p = params_of(channel);
    Params bp;
    flatten(b->value, "", bp);
    for (const auto& k : {"about", "address", "description", "email", "websites"}) {
      if (bp.count(k)) p[k] = bp[k];
    }
    p["category"] =
        Param{graph_vertical(text_of(b->value.value("category", Json("")))), {"category"}};
    p["logo_handle"] = Param{placeholder(business, "logo_handle"), {"logo"}};
    const Phone phone = split_phone(text_of(channel.value["phone"]));
    PlanStep& s = api_step(channel, key_of(channel), "business_profile", "channel/business_profile",
                           op, 2, 7, p, changes);
    s.summary = std::string(op == Op::update ? "update" : "set") + " the business profile of " +
                phone.display + " from " + business;
  }

  void defaults_step(const Declaration& d, Op op, const std::vector<Change>* changes) {
    PlanStep& s =
        api_step(d, key_of(d), "defaults", "channel/defaults", op, 8, 8, params_of(d), changes);
    s.summary = "set the default Studio script \"" + text_of(d.value["default_script"]) +
                "\" and default skill " + text_of(d.value["default_skill"]) + " of " + key_of(d);
  }

  void sla_step(const Declaration& d, Op op, const std::vector<Change>* changes) {
    Params p = params_of(d);
    const Declaration* org = now("org");
    const bool own = d.value.contains("sla");
    if (!own && !(org && org->value.contains("sla")) && op == Op::create) return;
    p["follow_global"] = Param{!own, {"sla"}};
    if (!own) p.erase("sla");
    PlanStep& s = api_step(d, key_of(d), "sla", "channel/sla", op, 9, 9, p, changes);
    if (op != Op::remove) s.kind_rank = kind_rank("org") + 1;  // after the global SLA
    s.summary =
        key_of(d) + (own ? " follows " + text_of(d.value["sla"]) : " follows the global SLA");
  }

  void permissions_step(const Declaration& d, Op op, const std::vector<Change>* changes) {
    std::string channels;
    for (const auto& g : d.value.value("channels", Json::array()))
      channels += (channels.empty() ? "" : ", ") + text_of(g.value("channel", Json("")));
    api_step(d, key_of(d), "permissions", "role/permissions", op, 5, 1, params_of(d), changes)
        .summary = "set the channel permissions of role " + d.name + " on " +
                   (channels.empty() ? "no channel" : channels);
  }

  void user_skills_step(const Declaration& d, Op op, const std::vector<Change>* changes) {
    std::string skills;
    for (const auto& s : d.value.value("skills", Json::array()))
      skills += (skills.empty() ? "" : ", ") + text_of(s.value("skill", Json(""))) + " (" +
                text_of(s.value("proficiency", Json(0))) + ")";
    PlanStep& s = api_step(d, key_of(d), "skills", "user/skills", op, 6, 1, params_of(d), changes);
    s.kind_rank = kind_rank("skill") + 1;  // skills first, then who has them
    s.summary = "give user " + d.name + " the skills " + (skills.empty() ? "(none)" : skills);
  }

  void filter_step(const Declaration& q, const Json& filter, Op op, int seq,
                   const std::vector<Change>* changes) {
    Params p = params_of(q);
    const std::string fname = text_of(filter.value("name", Json("")));
    p["filter"] = Param{fname, {}};
    for (const auto& [k, v] : filter.items()) {
      if (k != "name") p[k] = Param{to_api(k, v), {"filters." + fname + "." + k}};
    }
    PlanStep& s = api_step(q, key_of(q), "filter_" + fname, "queue/filter", op, 7, seq, p, changes);
    s.summary = std::string(op == Op::update ? "update" : "set") + " the filter " + fname +
                " of routing queue " + text_of(q.value["id"]) + ": included channels " +
                list_text(filter.value("included_channels", Json::array()), "none") +
                (filter.contains("skill") ? ", skill " + text_of(filter["skill"]) : "");
  }

  void global_sla_step(const Declaration& d, Op op, const std::vector<Change>* changes) {
    api_step(d, "org", "global_sla", "org/global_sla", op, 9, 0, params_of(d), changes).summary =
        "make " + text_of(d.value.value("sla", Json("no SLA"))) + " the global SLA";
  }

  // ---- updates ----------------------------------------------------------------------
  // Which step carries a changed attribute of a declaration of `kind`.
  static std::string group_of(std::string_view kind, const std::string& path) {
    auto top = path.substr(0, path.find('.'));
    if (kind == "business") {
      static const std::set<std::string, std::less<>> profile = {
          "about", "address", "description", "email", "category", "websites", "logo"};
      return profile.count(top) ? "profile" : "by_hand";
    }
    if (kind == "channel") {
      if (top == "phone") return "number";
      if (top == "default_script" || top == "default_skill") return "defaults";
      if (top == "sla") return "sla";
      if (top == "two_step_pin") return "register";
      return "update";
    }
    if (kind == "role") return top == "channels" ? "permissions" : "update";
    if (kind == "user") return top == "skills" ? "skills" : "update";
    if (kind == "queue") return "filters";
    if (kind == "org") return top == "sla" ? "global_sla" : "by_hand";
    return "update";
  }

  void update(const Declaration& old, const Declaration& d) {
    std::vector<Change> all;
    diff(old.value, d.value, "", all);
    if (all.empty()) return;
    std::map<std::string, std::vector<Change>> groups;
    for (const auto& c : all) groups[group_of(d.kind, c.path)].push_back(c);
    const std::string key = key_of(d);
    auto by_hand = [&](const std::vector<Change>& changes, int phase, const std::string& where) {
      std::string text;
      for (const auto& c : changes)
        text += (text.empty() ? "" : "; ") + c.path + ": " + quoted(c.old_value) + " -> " +
                quoted(c.new_value);
      manual_step(d, key, "update", phase, 0, "change by hand in " + where + ": " + text);
    };
    if (d.kind == "business") {
      if (groups.count("by_hand")) by_hand(groups["by_hand"], 1, "Meta Business Manager");
      if (groups.count("profile")) {
        const auto& changes = groups["profile"];
        if (touches({"logo"}, changes)) upload_logo(d, 1);
        for (const auto& [ckey, c] : now_.decls) {
          if (c.kind != "channel" || text_of(c.value.value("business", Json(""))) != key ||
              created_.count(ckey) || has_step(ckey + "/business_profile"))
            continue;
          // A new channel gets its profile set in full when it is created, and so does a
          // channel moving to a new number.
          const auto was = base_->decls.find(ckey);
          if (was == base_->decls.end() ||
              was->second.value.value("phone", Json()) != c.value.value("phone", Json()))
            continue;
          profile_step(c, Op::update, &changes);
        }
      }
      return;
    }
    if (d.kind == "channel") {
      if (groups.count("number")) {
        // A number cannot change in place: the new one is added, verified and registered,
        // the channel moves to it, and the old one is removed by hand.
        number_steps(d, Op::create);
        profile_step(d, Op::create, nullptr);
        steps_.back().needs.push_back(key + "/register");
        manual_step(d, key, "remove_old_number", 2, 10,
                    "remove the old number " + split_phone(text_of(old.value["phone"])).display +
                        " from WhatsApp account " + text_of(old.value["business"]) +
                        " in WhatsApp Manager once the channel uses the new one");
        auto& u = groups["update"];
        for (const auto& c : groups["number"]) u.push_back(c);
        // The new number is registered with the new PIN already.
        for (const auto& c : groups["register"]) u.push_back(c);
        groups.erase("register");
      }
      if (groups.count("update")) {
        PlanStep& s = api_step(d, key, "update", "channel/update", Op::update, 2, 6, params_of(d),
                               &groups["update"]);
        s.summary = "update the channel " + key;
        if (groups.count("number")) {
          s.needs.push_back(key + "/register");
          steps_[steps_.size() - 2].needs.push_back(s.id);  // remove the old number last
        }
      }
      if (groups.count("register")) {
        if (d.value.contains("two_step_pin")) {
          api_step(d, key, "register", "channel/register", Op::update, 2, 4, params_of(d),
                   &groups["register"])
              .summary = "register the number of " + key + " again with the new two-step PIN";
        } else {
          manual_register_step(d);
        }
      }
      if (groups.count("defaults")) defaults_step(d, Op::update, &groups["defaults"]);
      if (groups.count("sla")) sla_step(d, Op::update, &groups["sla"]);
      return;
    }
    if (d.kind == "role") {
      if (groups.count("update"))
        api_step(d, key, "update", "role/update", Op::update, 5, 0, params_of(d), &groups["update"])
            .summary = "update the role " + d.name;
      if (groups.count("permissions")) permissions_step(d, Op::update, &groups["permissions"]);
      return;
    }
    if (d.kind == "user") {
      if (groups.count("update"))
        api_step(d, key, "update", "user/update", Op::update, 5, 0, params_of(d), &groups["update"])
            .summary = "update the user " + d.name;
      if (groups.count("skills")) user_skills_step(d, Op::update, &groups["skills"]);
      return;
    }
    if (d.kind == "queue") {
      update_filters(old, d);
      return;
    }
    if (d.kind == "org") {
      if (groups.count("by_hand")) by_hand(groups["by_hand"], 9, "the CXone tenant settings");
      if (groups.count("global_sla")) {
        if (d.value.contains("sla"))
          global_sla_step(d, Op::update, &groups["global_sla"]);
        else
          manual_step(d, "org", "global_sla", 9, 0,
                      "the config no longer names a global SLA: clear it in ACD > Digital > SLA");
      }
      return;
    }
    static const std::map<std::string, std::pair<int, std::string>, std::less<>> kPhase = {
        {"template", {3, "message template"}},
        {"rich_message", {3, "rich message"}},
        {"custom_component", {4, "custom component"}},
        {"skill", {6, "skill"}},
        {"hours", {9, "business hours"}},
        {"sla", {9, "SLA"}}};
    const auto& [phase, what] = kPhase.at(d.kind);
    Params p = params_of(d);
    if (d.kind == "template") p["template_id"] = Param{placeholder(key, "id"), {}};
    api_step(d, key, "update", d.kind + "/update", Op::update, phase, 0, p, &groups["update"])
        .summary = "update the " + what + " " + d.name;
  }

  void update_filters(const Declaration& old, const Declaration& d) {
    std::map<std::string, Json> before, after;
    for (const auto& f : old.value.value("filters", Json::array()))
      before[text_of(f.value("name", Json("")))] = f;
    for (const auto& f : d.value.value("filters", Json::array()))
      after[text_of(f.value("name", Json("")))] = f;
    const bool moved = old.value.value("id", Json()) != d.value.value("id", Json());
    int seq = 0;
    for (const auto& [name, f] : after) {
      const auto it = before.find(name);
      if (it == before.end() || moved) {
        filter_step(d, f, Op::create, seq++, nullptr);
      } else if (it->second != f) {
        std::vector<Change> changes;
        diff(it->second, f, "filters." + name, changes);
        filter_step(d, f, Op::update, seq++, &changes);
      }
    }
    for (const auto& [name, f] : before) {
      if (!after.count(name) || moved) delete_filter(old, name, seq++);
    }
  }

  void delete_filter(const Declaration& q, const std::string& fname, int seq) {
    Params p = params_of(q);
    p["filter"] = Param{fname, {}};
    PlanStep& s = api_step(q, key_of(q), "delete_filter_" + fname, "queue/filter_delete",
                           Op::remove, kDeletePhase, seq, p);
    s.summary = "delete the filter " + fname + " of routing queue " + text_of(q.value["id"]);
  }

  bool has_step(const std::string& id) const {
    return std::any_of(steps_.begin(), steps_.end(), [&](const auto& s) { return s.id == id; });
  }

  // ---- deletes ----------------------------------------------------------------------
  void remove(const Declaration& d, const Snapshot& base) {
    const std::string key = key_of(d);
    const std::size_t first = steps_.size();
    if (d.kind == "org") return;  // the tenant itself is never deleted
    if (d.kind == "business") {
      PlanStep& s = add_step(d, key, "disconnect", Op::manual, kDeletePhase, 0);
      s.summary = "disconnect the WhatsApp Business account of business " + d.name +
                  " from Digital Experience (the config no longer declares it)";
    } else if (d.kind == "channel") {
      const Params p = params_of(d);
      api_step(d, key, "delete", "channel/delete", Op::remove, kDeletePhase, 0, p).summary =
          "delete the channel " + key;
      api_step(d, key, "deregister", "channel/deregister", Op::remove, kDeletePhase, 1, p).summary =
          "deregister " + split_phone(text_of(d.value["phone"])).display + " from the Cloud API";
      chain(steps_, first);
    } else if (d.kind == "template") {
      Params p = params_of(d);
      const auto channel = base.decls.find(text_of(d.value.value("channel", Json(""))));
      p["waba_id"] = Param{channel == base.decls.end()
                               ? std::string("{waba_id}")
                               : id_of(text_of(channel->second.value.value("business", Json("")))),
                           {}};
      api_step(d, key, "delete", "template/delete", Op::remove, kDeletePhase, 0, p).summary =
          "delete the message template " + d.name + " at Meta";
    } else if (d.kind == "queue") {
      int seq = 0;
      for (const auto& f : d.value.value("filters", Json::array()))
        delete_filter(d, text_of(f.value("name", Json(""))), seq++);
    } else {
      api_step(d, key, "delete", d.kind + "/delete", Op::remove, kDeletePhase, 0, params_of(d))
          .summary = "delete the " + d.kind + " " + d.name;
    }
    const auto to = renamed_to_.find(key);
    for (std::size_t i = first; i < steps_.size(); ++i) {
      if (to != renamed_to_.end())
        steps_[i].note = "renamed to " + to->second + ": delete + create";
      deleted_by_[key].push_back(steps_[i].id);
    }
  }

  // A deleted declaration goes after whatever referred to it has been deleted or changed.
  void link_deletes(const Snapshot& base) {
    for (const auto& [key, ids] : deleted_by_) {
      for (const auto& [other_key, other] : base.decls) {
        bool refers = false;
        for (const auto& r : references_of(other)) refers = refers || r.target == key;
        if (!refers || other_key == key) continue;
        std::vector<std::string> first_ones;
        if (const auto it = deleted_by_.find(other_key); it != deleted_by_.end())
          first_ones = it->second;
        for (const auto& s : steps_) {
          if (s.resource == other_key && s.op != Op::remove) first_ones.push_back(s.id);
        }
        for (auto& s : steps_) {
          if (std::find(ids.begin(), ids.end(), s.id) != ids.end())
            s.needs.insert(s.needs.end(), first_ones.begin(), first_ones.end());
        }
      }
    }
  }

  // ---- dependencies -----------------------------------------------------------------
  // A step that uses {resource.output} needs the step of this plan producing it.
  void link_placeholders() {
    std::map<std::string, std::string> producer;
    for (const auto& s : steps_) {
      if (!s.outputs.is_object()) continue;
      for (const auto& [out, path] : s.outputs.items())
        producer.emplace(placeholder(s.resource, out), s.id);
    }
    std::set<std::string> ids;
    for (const auto& s : steps_) ids.insert(s.id);
    for (auto& s : steps_) {
      for (const auto& ph : find_placeholders(s)) {
        const auto it = producer.find(ph);
        if (it != producer.end() && it->second != s.id) s.needs.push_back(it->second);
      }
      // Only ids present in the plan; the executor knows what earlier runs did.
      std::erase_if(s.needs, [&](const std::string& id) { return !ids.count(id) || id == s.id; });
    }
  }

  Snapshot now_;
  const Snapshot* base_;
  std::map<std::string, std::string> sources_;
  std::vector<PlanStep> steps_;
  std::set<std::string> created_;
  std::map<std::string, std::string> renamed_from_, renamed_to_;
  std::map<std::string, std::vector<std::string>> deleted_by_;
};

struct Bits {
  std::vector<std::uint64_t> words;
  explicit Bits(std::size_t n) : words((n + 63) / 64) {}
  void set(std::size_t i) { words[i / 64] |= std::uint64_t{1} << (i % 64); }
  bool test(std::size_t i) const { return words[i / 64] >> (i % 64) & 1; }
  void merge(const Bits& o) {
    for (std::size_t i = 0; i < words.size(); ++i) words[i] |= o.words[i];
  }
};

}  // namespace

std::string_view op_name(Op op) {
  switch (op) {
    case Op::create:
      return "create";
    case Op::update:
      return "update";
    case Op::remove:
      return "delete";
    case Op::manual:
      return "manual";
  }
  return "manual";
}

std::optional<std::string> order_steps(std::vector<PlanStep>& steps) {
  const std::size_t n = steps.size();
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) index[steps[i].id] = i;
  std::vector<std::vector<std::size_t>> dependents(n);
  std::vector<std::size_t> waiting(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::set<std::size_t> deps;
    for (const auto& id : steps[i].needs) {
      const auto it = index.find(id);
      if (it != index.end() && it->second != i) deps.insert(it->second);
    }
    waiting[i] = deps.size();
    for (auto d : deps) dependents[d].push_back(i);
  }
  auto before = [&](std::size_t a, std::size_t b) {
    const auto& x = steps[a];
    const auto& y = steps[b];
    return std::tie(x.phase, x.kind_rank, x.name, x.seq, x.id) <
           std::tie(y.phase, y.kind_rank, y.name, y.seq, y.id);
  };
  std::set<std::size_t, decltype(before)> ready(before);
  for (std::size_t i = 0; i < n; ++i)
    if (waiting[i] == 0) ready.insert(i);
  std::vector<std::size_t> order;
  while (!ready.empty()) {
    const std::size_t i = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(i);
    for (auto d : dependents[i])
      if (--waiting[d] == 0) ready.insert(d);
  }
  if (order.size() != n) {
    std::string stuck;
    for (std::size_t i = 0; i < n; ++i)
      if (waiting[i] != 0) stuck += (stuck.empty() ? "" : ", ") + steps[i].id;
    return stuck;
  }
  // `after`: the direct dependencies, without those implied through another one.
  std::vector<std::size_t> position(n);
  for (std::size_t p = 0; p < n; ++p) position[order[p]] = p;
  std::vector<Bits> ancestors(n, Bits(n));
  std::vector<PlanStep> sorted;
  sorted.reserve(n);
  for (std::size_t p = 0; p < n; ++p) {
    const std::size_t i = order[p];
    std::set<std::size_t> deps;  // by position
    for (const auto& id : steps[i].needs) {
      const auto it = index.find(id);
      if (it != index.end() && it->second != i) deps.insert(position[it->second]);
    }
    Bits& mine = ancestors[p];
    for (auto d : deps) {
      mine.merge(ancestors[d]);
    }
    std::vector<std::string> after;
    for (auto d : deps) {
      if (!mine.test(d)) after.push_back(sorted[d].id);
    }
    for (auto d : deps) mine.set(d);
    PlanStep s = std::move(steps[i]);
    s.after = std::move(after);
    sorted.push_back(std::move(s));
  }
  steps = std::move(sorted);
  return std::nullopt;
}

std::vector<std::string> validate(const Plan& plan) {
  std::vector<std::string> problems;
  std::map<std::string, std::size_t> position;
  std::map<std::string, std::string> producer;
  for (const auto& s : plan.steps) {
    if (!s.outputs.is_object()) continue;
    for (const auto& [out, path] : s.outputs.items())
      producer.emplace(placeholder(s.resource, out), s.id);
  }
  std::vector<std::set<std::string>> closure;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const auto& s = plan.steps[i];
    if (!position.emplace(s.id, i).second) problems.push_back("the id " + s.id + " repeats");
    std::set<std::string> mine;
    for (const auto& a : s.after) {
      const auto it = position.find(a);
      if (it == position.end() || it->second >= i) {
        problems.push_back(s.id + " is after " + a + ", which is not an earlier step");
        continue;
      }
      mine.insert(a);
      mine.insert(closure[it->second].begin(), closure[it->second].end());
    }
    for (const auto& ph : find_placeholders(s)) {
      const auto it = producer.find(ph);
      if (it != producer.end() && it->second != s.id && !mine.count(it->second))
        problems.push_back(s.id + " uses " + ph + " but " + it->second +
                           " is not in its after closure");
    }
    closure.push_back(std::move(mine));
  }
  return problems;
}

Plan build_plan(const ir::Config& config, const PlanOptions& options) {
  return Planner(config, options).run();
}

}  // namespace swb::plan
