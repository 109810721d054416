// Unit tests for the roles, routing and sla rules on IR built by hand: they stay silent and
// never crash on partially invalid IR (unresolved references, attributes lowering rejected),
// and the holiday check computes weekdays right across centuries and leap days.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/catalog.h"
#include "compiler/rules/areas.h"
#include "compiler/rules/registry.h"
#include "ir/ir.h"

namespace swb::rules {
namespace {

constexpr Span kAt{0, 0, 1};  // a valid span; no rule here reads its text

template <class T>
ir::Located<T> at(T v) {
  return {std::move(v), kAt};
}

std::vector<std::string> run_area_rules(const ir::Config& config) {
  SourceManager sources;
  sources.add("test.swb", " ");
  const RuleContext ctx{sources};
  Diagnostics diags;
  for (auto area : {role_rules(), routing_rules(), sla_rules()}) {
    for (const auto& rule : area) rule.run(config, ctx, diags);
  }
  std::vector<std::string> codes;
  for (const auto& d : diags.list()) codes.emplace_back(catalog_entry(d.code).id);
  return codes;
}

TEST(RoutingRules, EmptyConfigIsSilent) { EXPECT_TRUE(run_area_rules(ir::Config{}).empty()); }

// Every reference unresolved and every required attribute missing (invalid span): lowering
// reported all of it, so the rules neither crash nor report a consequence.
TEST(RoutingRules, UnresolvedAndMissingEverywhereIsSilent) {
  ir::Config c;
  c.org.emplace();  // features invalid: not read as "no feature"
  ir::Channel ch;
  ch.name = {"support", kAt};
  ch.default_skill.value.name = "nowhere";
  ch.sla = at(ir::Ref<ir::Sla>{"nowhere"});
  c.channels.push_back(ch);
  ir::Role role;
  role.name = {"agent", kAt};
  ir::Grant g;
  g.channel = at(ir::Ref<ir::Channel>{"nowhere"});
  role.grants.push_back(g);  // permissions invalid
  c.roles.push_back(role);
  ir::User u;
  u.name = {"mowgli", kAt};
  u.role = at(ir::Ref<ir::Role>{"nowhere"});
  ir::UserSkill us;
  us.skill = at(ir::Ref<ir::Skill>{"nowhere"});
  u.skills.push_back(us);
  c.users.push_back(u);
  ir::Skill s;
  s.name = {"wa", kAt};
  s.template_ = at(ir::Ref<ir::Template>{"nowhere"});  // direction invalid: not inbound
  c.skills.push_back(s);
  ir::Queue q;
  q.name = {"vip", kAt};
  ir::Filter f;
  f.name = {"f", kAt};
  f.skill = at(ir::Ref<ir::Skill>{"nowhere"});
  f.included_channels.value.push_back(at(ir::Ref<ir::Channel>{"nowhere"}));
  q.filters.push_back(f);
  c.queues.push_back(q);
  ir::Sla sla;
  sla.name = {"standard", kAt};
  sla.hours = at(ir::Ref<ir::Hours>{"nowhere"});
  c.slas.push_back(sla);
  EXPECT_TRUE(run_area_rules(c).empty());
}

// The same IR with its references resolved: the one problem in it is reported.
TEST(RoutingRules, UserSkillOfAChannelNotGrantedIsReported) {
  ir::Config c;
  ir::Channel ch;
  ch.name = {"support", kAt};
  ch.default_skill = at(ir::Ref<ir::Skill>{"wa", 0});
  c.channels.push_back(ch);
  ir::Skill s;
  s.name = {"wa", kAt};
  s.media = at(ir::Media::digital);
  s.direction = at(ir::Direction::inbound);
  c.skills.push_back(s);
  ir::Role role;
  role.name = {"auditor", kAt};
  role.read_only = at(true);
  ir::Grant g;
  g.channel = at(ir::Ref<ir::Channel>{"support", 0});
  g.permissions = at(std::vector<ir::Located<ir::Permission>>{at(ir::Permission::view)});
  role.grants.push_back(g);
  c.roles.push_back(role);
  ir::User u;
  u.name = {"baloo", kAt};
  u.role = at(ir::Ref<ir::Role>{"auditor", 0});
  ir::UserSkill us;
  us.skill = at(ir::Ref<ir::Skill>{"wa", 0});
  us.proficiency = at<std::int64_t>(5);
  u.skills.push_back(us);
  c.users.push_back(u);
  c.org.emplace();
  c.org->features = at(std::vector<ir::Located<ir::Feature>>{});
  c.org->sla = at(ir::Ref<ir::Sla>{"standard"});
  EXPECT_EQ(run_area_rules(c), std::vector<std::string>{"SWB405"});
}

// Hours open on one weekday only, with one holiday: SWB605 unless the holiday falls on it.
TEST(RoutingRules, HolidayWeekdays) {
  struct Case {
    ir::Date date;
    int weekday;  // 0 = Monday
  };
  const std::array<Case, 8> cases = {{{{2026, 12, 25}, 4},
                                      {{2000, 2, 29}, 1},
                                      {{2024, 2, 29}, 3},
                                      {{1900, 1, 1}, 0},
                                      {{2100, 3, 1}, 0},
                                      {{2027, 1, 3}, 6},
                                      {{2026, 1, 1}, 3},
                                      {{2099, 12, 31}, 3}}};
  for (const auto& k : cases) {
    for (int open = 0; open < 7; ++open) {
      ir::Config c;
      ir::Hours h;
      h.name = {"office", kAt};
      ir::DaySchedule day;
      day.ranges.push_back(at(ir::TimeRange{9 * 60, 17 * 60}));
      std::array<ir::Opt<ir::DaySchedule>*, 7> days = {&h.mon, &h.tue, &h.wed, &h.thu,
                                                       &h.fri, &h.sat, &h.sun};
      *days[open] = at(day);
      h.holidays = at(std::vector<ir::Located<ir::Date>>{at(k.date)});
      c.hours.push_back(h);
      const auto codes = run_area_rules(c);
      const bool warned = codes == std::vector<std::string>{"SWB605"};
      EXPECT_EQ(warned, open != k.weekday) << k.date.year << "-" << k.date.month << "-"
                                           << k.date.day << " with day " << open << " open";
    }
  }
}

}  // namespace
}  // namespace swb::rules
