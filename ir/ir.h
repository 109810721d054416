// The typed IR: plain structs in vectors, one per declaration kind, references resolved
// to indices, every value remembering where it was written. Depends on nothing but the
// standard library; rules and backends read only this.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/span.h"
#include "ir/text.h"

namespace swb::ir {

// A value and the source range it was written at (or its declaration's, for defaults).
template <class T>
struct Located {
  T value{};
  Span span;
};
template <class T>
using Opt = std::optional<Located<T>>;
template <class T>
using List = Located<std::vector<Located<T>>>;

inline constexpr std::uint32_t kUnresolved = 0xffffffffu;

// A reference to a declaration of kind K: its name as written and, once resolved, the
// index of the declaration in Config's vector of that kind (sorted by name).
template <class K>
struct Ref {
  using Target = K;
  Text name;
  std::uint32_t index = kUnresolved;
  bool resolved() const { return index != kUnresolved; }
};

// ---- enumerations: names are the DSL spellings, in declaration order ------------------
template <class E>
struct EnumTraits;

#define SWB_IR_ENUM(Name, ...)                                \
  enum class Name : std::uint8_t { __VA_ARGS__ };             \
  template <>                                                 \
  struct EnumTraits<Name> {                                   \
    static constexpr std::string_view kind = #Name;           \
    static constexpr std::string_view spelled = #__VA_ARGS__; \
  };

SWB_IR_ENUM(AgentApp, agent, max)
SWB_IR_ENUM(Feature, dynamic_delivery, accept_reject)
SWB_IR_ENUM(BusinessStatus, approved, pending, rejected)
SWB_IR_ENUM(Vertical, automotive, beauty, apparel, education, entertainment, event_planning,
            finance, grocery, government, hotel, health, nonprofit, professional_services, retail,
            travel, restaurant, alcohol, online_gambling, physical_gambling, otc_drugs, other)
SWB_IR_ENUM(ChannelType, whatsapp)
SWB_IR_ENUM(Verification, sms, voice)
SWB_IR_ENUM(TemplateCategory, marketing, utility, authentication)
SWB_IR_ENUM(RichType, quick_replies, list_picker, time_picker, rich_link)
SWB_IR_ENUM(Permission, view, reply, assign_self, assign_others, transfer, change_status,
            edit_contact, delete_messages)
SWB_IR_ENUM(Media, digital, voice, email, chat, work_item)
SWB_IR_ENUM(Direction, inbound, outbound)
SWB_IR_ENUM(OutboundVia, personal_connection, byoc)
SWB_IR_ENUM(RoutingMode, proficiency, preferred_agent)
SWB_IR_ENUM(FocusMetric, per_case, per_customer)
SWB_IR_ENUM(FocusLock, when_offline, when_available)
#undef SWB_IR_ENUM

// The spellings of an enum's values, in order: enum_names<Media>()[0] == "digital".
template <class E>
const std::vector<std::string_view>& enum_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    std::string_view s = EnumTraits<E>::spelled;
    while (!s.empty()) {
      const auto comma = s.find(',');
      std::string_view item = s.substr(0, comma);
      while (!item.empty() && (item.front() == ' ' || item.front() == '\n')) item.remove_prefix(1);
      while (!item.empty() && (item.back() == ' ' || item.back() == '\n')) item.remove_suffix(1);
      out.push_back(item);
      if (comma == std::string_view::npos) break;
      s.remove_prefix(comma + 1);
    }
    return out;
  }();
  return names;
}
template <class E>
std::string_view enum_name(E e) {
  return enum_names<E>()[static_cast<std::size_t>(e)];
}

// ---- value types ------------------------------------------------------------------------
struct Duration {
  std::int64_t seconds = 0;
};
struct Percent {
  double value = 0;
};
struct Date {
  std::int32_t year = 0, month = 0, day = 0;
};
struct TimeRange {
  std::int32_t start = 0, end = 0;  // minutes of the day; end may be 1440 (24:00)
};
// A day of business hours: its ranges; empty means closed.
struct DaySchedule {
  std::vector<Located<TimeRange>> ranges;
};
// A value supplied at deployment time from the environment; never printed.
struct Secret {
  Text env;
};

enum class HeaderKind : std::uint8_t { text, image, video, document, location };
struct Header {
  HeaderKind kind = HeaderKind::text;
  Text text;  // text headers
  Text url;   // image, video, document
};

enum class ButtonKind : std::uint8_t { quick_reply, url, phone, copy_code };
struct Button {
  ButtonKind kind = ButtonKind::quick_reply;
  Located<Text> text;
  Located<Text> target;  // the url of a url button, the number of a phone button
};

struct ListItem {
  Span span;
  Located<Text> title;
  Opt<Text> description;
};
struct Section {
  Span span;
  Located<Text> title;
  List<ListItem> items;
};
struct Slot {
  Span span;
  Located<Text> start;  // ISO-8601 date-time
  Located<Duration> duration;
};

// ---- declarations -----------------------------------------------------------------------
struct Name {
  Text text;
  Span span;
};

struct Business;
struct Channel;
struct Template;
struct Skill;
struct Role;
struct Sla;
struct Hours;

struct Org {
  Span span;
  Opt<Text> name;
  Located<AgentApp> agent_app;
  List<Feature> features;
  Opt<Ref<Sla>> sla;
};

struct Logo {
  Span span;
  Located<Text> url;
  Opt<Text> file;
};

struct Business {
  Name name;
  Span span;
  Located<Text> legal_name;
  Located<Text> description;
  Opt<Text> about;
  Located<Text> facebook_business_manager_id;
  Located<BusinessStatus> status;
  Located<Vertical> category;
  Located<Text> timezone;
  List<Text> websites;
  Located<Text> address;
  Located<Text> email;
  Opt<Text> country;
  std::optional<Logo> logo;
};

struct Channel {
  Name name;
  Span span;
  Located<ChannelType> type;
  Located<Ref<Business>> business;
  Located<Text> phone;
  Located<Text> display_name;
  Located<Verification> verification;
  Opt<Secret> two_step_pin;
  Located<Text> default_script;
  Located<Ref<Skill>> default_skill;
  Opt<Ref<Sla>> sla;
};

struct Template {
  Name name;
  Span span;
  Located<Ref<Channel>> channel;
  Located<TemplateCategory> category;
  Located<Text> language;
  Opt<Header> header;
  Located<Text> body;
  Opt<Text> footer;
  List<Button> buttons;
  List<Text> examples;
};

struct RichMessage {
  Name name;
  Span span;
  Located<RichType> type;
  List<Ref<Channel>> channels;
  Opt<Text> text;
  List<Text> replies;
  Opt<Text> button;
  List<Section> sections;
  List<Slot> slots;
  Opt<Text> timezone;
  Opt<Text> title;
  Opt<Text> url;
  Opt<Text> image_url;
};

struct CustomComponent {
  Name name;
  Span span;
  Located<Text> url;
  Located<std::int64_t> height;
  List<Ref<Channel>> channels;
};

// `channel NAME { permissions = […] }` inside a role.
struct Grant {
  Span span;
  Located<Ref<Channel>> channel;
  List<Permission> permissions;
};

struct Role {
  Name name;
  Span span;
  Opt<Text> description;
  Located<bool> read_only;
  std::vector<Grant> grants;
};

// `skill NAME { proficiency = N }` inside a user.
struct UserSkill {
  Span span;
  Located<Ref<Skill>> skill;
  Located<std::int64_t> proficiency;
};

struct User {
  Name name;
  Span span;
  Located<Text> email;
  Located<Ref<Role>> role;
  std::vector<UserSkill> skills;
};

struct Routing {
  Span span;
  Located<RoutingMode> mode;
  Opt<FocusMetric> focus_metric;
  Opt<FocusLock> focus_lock;
  Opt<Duration> fallback;
};

struct ServiceLevel {
  Span span;
  Located<Duration> threshold;
  Located<Percent> goal;
};

struct Skill {
  Name name;
  Span span;
  Located<Media> media;
  Located<Direction> direction;
  Opt<OutboundVia> outbound_via;
  Located<Text> campaign;
  Opt<Ref<Template>> template_;
  Located<bool> sub_skills;
  std::optional<Routing> routing;
  std::optional<ServiceLevel> service_level;
  Opt<bool> accept_reject;
  Opt<Duration> agent_response_timer;
  Opt<Duration> customer_response_timer;
};

// `filter NAME { … }` inside a queue.
struct Filter {
  Span span;
  Name name;
  Opt<std::int64_t> priority;
  List<Ref<Channel>> included_channels;
  Opt<Ref<Skill>> skill;
};

struct Queue {
  Name name;
  Span span;
  Located<Text> id;
  std::vector<Filter> filters;
};

struct Sla {
  Name name;
  Span span;
  Located<Duration> first_response;
  Located<Duration> resolution;
  Located<Ref<Hours>> hours;
};

struct Hours {
  Name name;
  Span span;
  Located<Text> timezone;
  // Lowering sets every day (an absent one is closed, by the schema's default); optional so
  // that a config built in memory may leave days out, with the same meaning.
  Opt<DaySchedule> mon, tue, wed, thu, fri, sat, sun;
  List<Date> holidays;
};

// A whole checked config. Every vector is sorted by name.
struct Config {
  std::optional<Org> org;
  std::vector<Business> businesses;
  std::vector<Channel> channels;
  std::vector<Template> templates;
  std::vector<RichMessage> rich_messages;
  std::vector<CustomComponent> custom_components;
  std::vector<Role> roles;
  std::vector<User> users;
  std::vector<Skill> skills;
  std::vector<Queue> queues;
  std::vector<Sla> slas;
  std::vector<Hours> hours;
  // Where a value was written but could not be lowered (its error is reported): the field
  // stays present so that no rule calls it missing, and rules look here before reading it.
  // Sorted by file and offset.
  std::vector<Span> rejected;
  // The bytes of every Text above (shared by copies of the config).
  std::shared_ptr<TextPool> texts = std::make_shared<TextPool>();
};

}  // namespace swb::ir
