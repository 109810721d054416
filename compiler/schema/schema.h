// The schema: one table per block kind, written as a describe() function that names each
// attribute and nested block of an IR struct, in canonical order, with whether it is
// required, its default and, for a string, whether it is `text` (takes a text block).
// Lowering, reference resolution and the JSON backend all walk these same tables with
// different visitors, so an attribute is declared exactly once.
//
// A visitor provides:
//   attr(name, field, FieldSpec)   field: Located<T>, Opt<T> or List<T>
//   block(name, std::optional<S>&, FieldSpec)  an unnamed nested block, at most once
//   blocks(name, std::vector<S>&)  named nested blocks (role grants, user skills, filters)
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "compiler/diagnostics/catalog.h"
#include "ir/ir.h"

namespace swb::schema {

struct FieldSpec {
  bool required = false;
  std::string_view default_value;       // source text of a literal, parsed like user input
  DiagCode missing = DiagCode::SWB103;  // the code for a missing required attribute
  // LANGUAGE.md's type `text` (a string or a text block) rather than `str` (a string only).
  // Only a string field can be text; its list elements and object fields are always `str`.
  bool text = false;
};
inline constexpr FieldSpec kOptional{};
inline constexpr FieldSpec kRequired{true, {}, DiagCode::SWB103};
inline constexpr FieldSpec kText{false, {}, DiagCode::SWB103, true};
inline constexpr FieldSpec kRequiredText{true, {}, DiagCode::SWB103, true};
constexpr FieldSpec defaults_to(std::string_view v) { return FieldSpec{false, v}; }
constexpr FieldSpec required_as(DiagCode code) { return FieldSpec{true, {}, code}; }

template <class S, class T>
concept Describes = std::same_as<std::remove_const_t<S>, T>;

template <class V, Describes<ir::Org> S>
void describe(V& v, S& o) {
  v.attr("name", o.name, kOptional);
  v.attr("agent_app", o.agent_app, defaults_to("agent"));
  v.attr("features", o.features, defaults_to("[]"));
  v.attr("sla", o.sla, kOptional);
}

template <class V, Describes<ir::Logo> S>
void describe(V& v, S& l) {
  v.attr("url", l.url, kRequired);
  v.attr("file", l.file, kOptional);
}

template <class V, Describes<ir::Business> S>
void describe(V& v, S& b) {
  v.attr("legal_name", b.legal_name, kRequired);
  v.attr("description", b.description, kRequiredText);
  v.attr("about", b.about, kOptional);
  v.attr("facebook_business_manager_id", b.facebook_business_manager_id, kRequired);
  v.attr("status", b.status, kRequired);
  v.attr("category", b.category, kRequired);
  v.attr("timezone", b.timezone, kRequired);
  v.attr("websites", b.websites, kRequired);
  v.attr("address", b.address, kRequired);
  v.attr("email", b.email, kRequired);
  v.attr("country", b.country, kOptional);
  v.block("logo", b.logo, kRequired);
}

template <class V, Describes<ir::Channel> S>
void describe(V& v, S& c) {
  v.attr("type", c.type, kRequired);
  v.attr("business", c.business, kRequired);
  v.attr("phone", c.phone, kRequired);
  v.attr("display_name", c.display_name, kRequired);
  v.attr("verification", c.verification, defaults_to("sms"));
  v.attr("two_step_pin", c.two_step_pin, kOptional);
  v.attr("default_script", c.default_script, required_as(DiagCode::SWB502));
  v.attr("default_skill", c.default_skill, required_as(DiagCode::SWB501));
  v.attr("sla", c.sla, kOptional);
}

template <class V, Describes<ir::Template> S>
void describe(V& v, S& t) {
  v.attr("channel", t.channel, kRequired);
  v.attr("category", t.category, kRequired);
  v.attr("language", t.language, kRequired);
  v.attr("header", t.header, kOptional);
  v.attr("body", t.body, kRequiredText);
  v.attr("footer", t.footer, kOptional);
  v.attr("buttons", t.buttons, defaults_to("[]"));
  v.attr("examples", t.examples, defaults_to("[]"));
}

template <class V, Describes<ir::ListItem> S>
void describe(V& v, S& i) {
  v.attr("title", i.title, kRequired);
  v.attr("description", i.description, kOptional);
}

template <class V, Describes<ir::Section> S>
void describe(V& v, S& s) {
  v.attr("title", s.title, kRequired);
  v.attr("items", s.items, kRequired);
}

template <class V, Describes<ir::Slot> S>
void describe(V& v, S& s) {
  v.attr("start", s.start, kRequired);
  v.attr("duration", s.duration, kRequired);
}

template <class V, Describes<ir::RichMessage> S>
void describe(V& v, S& r) {
  v.attr("type", r.type, kRequired);
  v.attr("channels", r.channels, kRequired);
  v.attr("text", r.text, kText);
  v.attr("replies", r.replies, kOptional);
  v.attr("button", r.button, kOptional);
  v.attr("sections", r.sections, kOptional);
  v.attr("slots", r.slots, kOptional);
  v.attr("timezone", r.timezone, kOptional);
  v.attr("title", r.title, kOptional);
  v.attr("url", r.url, kOptional);
  v.attr("image_url", r.image_url, kOptional);
}

template <class V, Describes<ir::CustomComponent> S>
void describe(V& v, S& c) {
  v.attr("url", c.url, kRequired);
  v.attr("height", c.height, defaults_to("200"));
  v.attr("channels", c.channels, defaults_to("[]"));
}

template <class V, Describes<ir::Grant> S>
void describe(V& v, S& g) {
  v.attr("permissions", g.permissions, kRequired);
}

template <class V, Describes<ir::Role> S>
void describe(V& v, S& r) {
  v.attr("description", r.description, kOptional);
  v.attr("read_only", r.read_only, defaults_to("false"));
  v.blocks("channel", r.grants);
}

template <class V, Describes<ir::UserSkill> S>
void describe(V& v, S& s) {
  v.attr("proficiency", s.proficiency, kRequired);
}

template <class V, Describes<ir::User> S>
void describe(V& v, S& u) {
  v.attr("email", u.email, kRequired);
  v.attr("role", u.role, kRequired);
  v.blocks("skill", u.skills);
}

template <class V, Describes<ir::Routing> S>
void describe(V& v, S& r) {
  v.attr("mode", r.mode, defaults_to("proficiency"));
  v.attr("focus_metric", r.focus_metric, kOptional);
  v.attr("focus_lock", r.focus_lock, kOptional);
  v.attr("fallback", r.fallback, kOptional);
}

template <class V, Describes<ir::ServiceLevel> S>
void describe(V& v, S& s) {
  v.attr("threshold", s.threshold, kRequired);
  v.attr("goal", s.goal, kRequired);
}

template <class V, Describes<ir::Skill> S>
void describe(V& v, S& s) {
  v.attr("media", s.media, kRequired);
  v.attr("direction", s.direction, defaults_to("inbound"));
  v.attr("outbound_via", s.outbound_via, kOptional);
  v.attr("campaign", s.campaign, kRequired);
  v.attr("template", s.template_, kOptional);
  v.attr("sub_skills", s.sub_skills, defaults_to("false"));
  v.block("routing", s.routing, kOptional);
  v.block("service_level", s.service_level, kOptional);
  v.attr("accept_reject", s.accept_reject, kOptional);
  v.attr("agent_response_timer", s.agent_response_timer, kOptional);
  v.attr("customer_response_timer", s.customer_response_timer, kOptional);
}

template <class V, Describes<ir::Filter> S>
void describe(V& v, S& f) {
  v.attr("priority", f.priority, kOptional);
  v.attr("included_channels", f.included_channels, kRequired);
  v.attr("skill", f.skill, kOptional);
}

template <class V, Describes<ir::Queue> S>
void describe(V& v, S& q) {
  v.attr("id", q.id, required_as(DiagCode::SWB511));
  v.blocks("filter", q.filters);
}

template <class V, Describes<ir::Sla> S>
void describe(V& v, S& s) {
  v.attr("first_response", s.first_response, kRequired);
  v.attr("resolution", s.resolution, kRequired);
  v.attr("hours", s.hours, kRequired);
}

template <class V, Describes<ir::Hours> S>
void describe(V& v, S& h) {
  v.attr("timezone", h.timezone, kRequired);
  // LANGUAGE.md §4: an absent day is closed. As a default it is in the IR JSON like a
  // written `closed`, so leaving a day out and writing it plan the same.
  v.attr("mon", h.mon, defaults_to("closed"));
  v.attr("tue", h.tue, defaults_to("closed"));
  v.attr("wed", h.wed, defaults_to("closed"));
  v.attr("thu", h.thu, defaults_to("closed"));
  v.attr("fri", h.fri, defaults_to("closed"));
  v.attr("sat", h.sat, defaults_to("closed"));
  v.attr("sun", h.sun, defaults_to("closed"));
  v.attr("holidays", h.holidays, defaults_to("[]"));
}

// The top-level declaration kinds in canonical (and deployment) order, with the key each
// has in the IR JSON. `for_each_kind(config, f)` calls f(kind, json_key, vector).
template <class C, class F>
void for_each_kind(C& c, F&& f) {
  f(std::string_view("business"), std::string_view("businesses"), c.businesses);
  f(std::string_view("channel"), std::string_view("channels"), c.channels);
  f(std::string_view("template"), std::string_view("templates"), c.templates);
  f(std::string_view("rich_message"), std::string_view("rich_messages"), c.rich_messages);
  f(std::string_view("custom_component"), std::string_view("custom_components"),
    c.custom_components);
  f(std::string_view("role"), std::string_view("roles"), c.roles);
  f(std::string_view("user"), std::string_view("users"), c.users);
  f(std::string_view("skill"), std::string_view("skills"), c.skills);
  f(std::string_view("queue"), std::string_view("queues"), c.queues);
  f(std::string_view("sla"), std::string_view("slas"), c.slas);
  f(std::string_view("hours"), std::string_view("hours"), c.hours);
}

// The kind a reference type points at: kind_of<ir::Channel>() == "channel".
template <class K>
constexpr std::string_view kind_of() {
  if constexpr (std::is_same_v<K, ir::Business>)
    return "business";
  else if constexpr (std::is_same_v<K, ir::Channel>)
    return "channel";
  else if constexpr (std::is_same_v<K, ir::Template>)
    return "template";
  else if constexpr (std::is_same_v<K, ir::RichMessage>)
    return "rich_message";
  else if constexpr (std::is_same_v<K, ir::CustomComponent>)
    return "custom_component";
  else if constexpr (std::is_same_v<K, ir::Role>)
    return "role";
  else if constexpr (std::is_same_v<K, ir::User>)
    return "user";
  else if constexpr (std::is_same_v<K, ir::Skill>)
    return "skill";
  else if constexpr (std::is_same_v<K, ir::Queue>)
    return "queue";
  else if constexpr (std::is_same_v<K, ir::Sla>)
    return "sla";
  else if constexpr (std::is_same_v<K, ir::Hours>)
    return "hours";
  else
    static_assert(sizeof(K) == 0, "not a declaration kind");
}

// Every top-level kind name, including the singleton `org`, for did-you-mean.
const std::vector<std::string>& kind_names();

// ---- functions (LANGUAGE.md §5) ---------------------------------------------------------
// A call makes a secret, a template header or a template button, and is accepted only where
// a field has that type. Its arguments bind to the parameters in order, or by name:
// `url(text = "Track", url = "https://…")`.
enum class Makes : std::uint8_t { secret, header, button };

struct FunctionSpec {
  static constexpr std::size_t kMaxParams = 2;
  std::string_view name;
  Makes makes = Makes::secret;
  ir::HeaderKind header{};  // what a header function makes
  ir::ButtonKind button{};  // what a button function makes
  // In order, empty past the last. Lowering reads a header's or button's text, url or number
  // from the parameter at its position here.
  std::array<std::string_view, kMaxParams> params{};

  constexpr std::size_t arity() const {
    return static_cast<std::size_t>(
        std::count_if(params.begin(), params.end(), [](std::string_view p) { return !p.empty(); }));
  }
};

inline constexpr FunctionSpec kFunctions[] = {
    {"secret", Makes::secret, {}, {}, {"name"}},
    {"text", Makes::header, ir::HeaderKind::text, {}, {"text"}},
    {"image", Makes::header, ir::HeaderKind::image, {}, {"url"}},
    {"video", Makes::header, ir::HeaderKind::video, {}, {"url"}},
    {"document", Makes::header, ir::HeaderKind::document, {}, {"url"}},
    {"location", Makes::header, ir::HeaderKind::location, {}, {}},
    {"quick_reply", Makes::button, {}, ir::ButtonKind::quick_reply, {"text"}},
    {"url", Makes::button, {}, ir::ButtonKind::url, {"text", "url"}},
    {"phone", Makes::button, {}, ir::ButtonKind::phone, {"text", "number"}},
    {"copy_code", Makes::button, {}, ir::ButtonKind::copy_code, {"text"}},
};

// The function called `name` that makes `makes` (whatever it makes, without `makes`), or
// nullptr.
const FunctionSpec* find_function(std::string_view name, std::optional<Makes> makes);
// The names of the functions that make `makes` (all of them, without it), for did-you-mean.
std::vector<std::string> function_names(std::optional<Makes> makes);
// How a function is written, for messages: "url(text, url)".
std::string signature(const FunctionSpec& f);

}  // namespace swb::schema
