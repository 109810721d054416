// Rules of the routing area (SWB5xx): channel defaults, digital skills, their dynamic
// delivery settings, and routing queue filters.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "compiler/rules/areas.h"
#include "compiler/rules/common.h"
#include "compiler/rules/limits.h"

namespace swb::rules {
namespace {

// ---- helpers ------------------------------------------------------------------------------

// Whether an optional value is the one written: lowering keeps an invalid one present,
// with a placeholder value (the first enumerator, zero seconds) that must not be read as if
// the user had written it.
template <class T>
bool written(const ir::Config& config, const ir::Located<T>& v) {
  return !rejected(config, v.span);
}

std::string duration_text(std::int64_t seconds) {
  std::string out;
  const std::int64_t d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60,
                     s = seconds % 60;
  if (d) out += fmt::format("{}d", d);
  if (h) out += fmt::format("{}h", h);
  if (m) out += fmt::format("{}m", m);
  if (s) out += fmt::format("{}s", s);
  return out.empty() ? "0m" : out;
}

bool is_outbound(const ir::Skill& s) {
  return present(s.direction) && s.direction.value == ir::Direction::outbound;
}
bool is_inbound(const ir::Skill& s) {
  return present(s.direction) && s.direction.value == ir::Direction::inbound;
}

bool has_feature(const ir::Config& config, ir::Feature f) {
  if (!config.org) return false;
  for (const auto& feature : config.org->features.value) {
    if (feature.value == f) return true;
  }
  return false;
}

// Whether any queue filter assigns contacts to skill `index`.
bool routed_by_a_filter(const ir::Config& config, std::uint32_t index) {
  for (const auto& queue : config.queues) {
    for (const auto& filter : queue.filters) {
      if (filter.skill && target(config, filter.skill->value) &&
          filter.skill->value.index == index) {
        return true;
      }
    }
  }
  return false;
}

// ---- SWB502, SWB511 -----------------------------------------------------------------------
// A required string written empty (or all blanks) is as good as missing: the code that
// reports it missing (at the block), here at the value.

void check_default_script(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& channel : config.channels) {
    const auto& script = channel.default_script;
    if (!present(script) || !is_blank(script.value)) continue;
    diags
        .report(DiagCode::SWB502, script.span,
                fmt::format("channel {} has an empty default_script", channel.name.text))
        .help(
            "set the path of the Studio script that routes the channel's contacts, e.g. "
            "\"WhatsApp/Inbound\"");
  }
}

void check_queue_id(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& queue : config.queues) {
    if (!present(queue.id) || !is_blank(queue.id.value)) continue;
    diags
        .report(DiagCode::SWB511, queue.id.span,
                fmt::format("queue {} has an empty id: new routing queues cannot be created",
                            queue.name.text))
        .help(
            "set the id of the existing routing queue, or route with a digital skill and a "
            "Studio script");
  }
}

// ---- SWB503 -------------------------------------------------------------------------------

void report_not_digital(Diagnostics& diags, Span at, const ir::Skill& skill, std::string what) {
  diags
      .report(DiagCode::SWB503, at,
              fmt::format("{} skill {}, whose media is {}: only digital skills receive contacts "
                          "from digital channels",
                          what, skill.name.text, ir::enum_name(skill.media.value)))
      .note(skill.media.span, fmt::format("skill {} has media = {}", skill.name.text,
                                          ir::enum_name(skill.media.value)))
      .help(fmt::format("set `media = digital` on skill {}, or use a digital skill",
                        skill.name.text));
}

void check_channel_skills_digital(const ir::Config& config, const RuleContext&,
                                  Diagnostics& diags) {
  auto digital = [](const ir::Skill& s) {
    return !present(s.media) || s.media.value == ir::Media::digital;
  };
  for (const auto& channel : config.channels) {
    if (!present(channel.default_skill)) continue;
    const ir::Skill* skill = target(config, channel.default_skill.value);
    if (!skill || digital(*skill)) continue;
    report_not_digital(diags, channel.default_skill.span, *skill,
                       fmt::format("channel {}'s default skill is", channel.name.text));
  }
  for (const auto& queue : config.queues) {
    for (const auto& filter : queue.filters) {
      if (!filter.skill || filter.included_channels.value.empty()) continue;
      const ir::Skill* skill = target(config, filter.skill->value);
      if (!skill || digital(*skill)) continue;
      report_not_digital(diags, filter.skill->span, *skill,
                         fmt::format("filter {} of queue {} routes its channels to",
                                     filter.name.text, queue.name.text));
    }
  }
}

// ---- SWB504, SWB509, SWB510 ---------------------------------------------------------------

void check_outbound_via(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& skill : config.skills) {
    if (!is_outbound(skill) || skill.outbound_via) continue;
    if (!present(skill.media) || skill.media.value != ir::Media::digital) continue;
    diags
        .report(DiagCode::SWB504, skill.direction.span,
                fmt::format("skill {} is an outbound digital skill without `outbound_via`: "
                            "digital skills are inbound unless Personal Connection or BYOC is "
                            "used",
                            skill.name.text))
        .help(
            "add `outbound_via = personal_connection` or `outbound_via = byoc`, or make the "
            "skill inbound");
  }
}

void check_outbound_service_level(const ir::Config& config, const RuleContext& ctx,
                                  Diagnostics& diags) {
  for (const auto& skill : config.skills) {
    if (!is_outbound(skill) || !skill.service_level) continue;
    diags
        .report(DiagCode::SWB509, header_of(ctx, skill.service_level->span),
                fmt::format("skill {} is outbound but has a service_level: service level applies "
                            "to inbound skills only",
                            skill.name.text))
        .help("remove the service_level block, or make the skill inbound");
  }
}

void check_inbound_template(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& skill : config.skills) {
    if (!is_inbound(skill) || !skill.template_) continue;
    diags
        .report(DiagCode::SWB510, skill.template_->span,
                fmt::format("skill {} is inbound but has a template: a template is rich content "
                            "for outbound messages",
                            skill.name.text))
        .help(
            "move the template to an outbound skill (`direction = outbound` with "
            "`outbound_via`), or remove it");
  }
}

// ---- SWB505–SWB507: dynamic delivery ------------------------------------------------------

void check_preferred_agent_settings(const ir::Config& config, const RuleContext& ctx,
                                    Diagnostics& diags) {
  for (const auto& skill : config.skills) {
    if (!skill.routing) continue;
    const ir::Routing& r = *skill.routing;
    if (!present(r.mode) || r.mode.value != ir::RoutingMode::preferred_agent) continue;
    std::vector<std::string_view> missing;
    if (!r.focus_metric) missing.push_back("focus_metric");
    if (!r.focus_lock) missing.push_back("focus_lock");
    if (missing.empty()) continue;
    const std::string names = missing.size() == 1
                                  ? fmt::format("`{}`", missing[0])
                                  : fmt::format("`{}` and `{}`", missing[0], missing[1]);
    diags
        .report(DiagCode::SWB505, header_of(ctx, r.span),
                fmt::format("routing of skill {} uses mode = preferred_agent without {}",
                            skill.name.text, names))
        .help(missing.size() == 2
                  ? "add `focus_metric = per_case` (or per_customer) and `focus_lock = "
                    "when_offline` (or when_available)"
              : missing[0] == "focus_metric"
                  ? "add `focus_metric = per_case` or `focus_metric = per_customer`"
                  : "add `focus_lock = when_offline` or `focus_lock = when_available`");
  }
}

void check_fallback(const ir::Config& config, const RuleContext& ctx, Diagnostics& diags) {
  for (const auto& skill : config.skills) {
    if (!skill.routing) continue;
    const ir::Routing& r = *skill.routing;
    // With another mode the focus settings are SWB507.
    if (!present(r.mode) || r.mode.value != ir::RoutingMode::preferred_agent) continue;
    if (!r.focus_lock || !written(config, *r.focus_lock) ||
        r.focus_lock->value != ir::FocusLock::when_offline) {
      continue;
    }
    if (!r.fallback) {
      diags
          .report(DiagCode::SWB506, header_of(ctx, r.span),
                  fmt::format("routing of skill {} uses focus_lock = when_offline without a "
                              "fallback",
                              skill.name.text))
          .help(
              "add `fallback = 15m`: the minutes to wait for the preferred agent before "
              "routing by proficiency");
      continue;
    }
    if (!written(config, *r.fallback)) continue;
    const std::int64_t s = r.fallback->value.seconds;
    const std::int64_t minute = limits::kSecondsPerMinute;
    if (s % minute == 0 && s / minute >= limits::kFallbackMinMinutes) continue;
    const std::int64_t rounded =
        std::max<std::int64_t>(limits::kFallbackMinMinutes, (s + minute / 2) / minute);
    diags
        .report(DiagCode::SWB506, r.fallback->span,
                fmt::format("fallback {} of skill {} is not a whole number of minutes of at "
                            "least {}",
                            duration_text(s), skill.name.text, limits::kFallbackMinMinutes))
        .help(fmt::format("write the fallback in whole minutes, e.g. `fallback = {}m`", rounded));
  }
}

void check_focus_settings(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& skill : config.skills) {
    if (!skill.routing) continue;
    const ir::Routing& r = *skill.routing;
    if (!present(r.mode)) continue;
    if (r.mode.value == ir::RoutingMode::proficiency) {
      // A defaulted mode carries the routing block's own span.
      const bool defaulted = r.mode.span.begin == r.span.begin;
      auto report = [&](Span at, std::string_view setting) {
        auto d = diags.report(
            DiagCode::SWB507, at,
            fmt::format("{} of skill {} applies only to mode = preferred_agent, but the routing "
                        "mode is proficiency{}",
                        setting, skill.name.text, defaulted ? " (the default)" : ""));
        if (!defaulted) d.note(r.mode.span, "the mode is set here");
        d.help(fmt::format("remove `{}`, or set `mode = preferred_agent`", setting));
      };
      if (r.focus_metric) report(r.focus_metric->span, "focus_metric");
      if (r.focus_lock) report(r.focus_lock->span, "focus_lock");
      if (r.fallback) report(r.fallback->span, "fallback");
      continue;
    }
    if (r.fallback && r.focus_lock && written(config, *r.focus_lock) &&
        r.focus_lock->value == ir::FocusLock::when_available) {
      diags
          .report(DiagCode::SWB507, r.fallback->span,
                  fmt::format("skill {} sets a fallback with focus_lock = when_available: the "
                              "fallback applies only to when_offline",
                              skill.name.text))
          .note(r.focus_lock->span, "focus_lock is set here")
          .help(
              "remove `fallback` (with when_available the interaction goes to another agent "
              "at once), or set `focus_lock = when_offline`");
    }
  }
}

// ---- SWB508 -------------------------------------------------------------------------------

void check_sub_skills_used(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (std::uint32_t i = 0; i < config.skills.size(); ++i) {
    const ir::Skill& skill = config.skills[i];
    if (!present(skill.sub_skills) || !skill.sub_skills.value) continue;
    if (routed_by_a_filter(config, i)) continue;
    diags
        .report(DiagCode::SWB508, skill.sub_skills.span,
                fmt::format("skill {} sets sub_skills = true, but no queue filter routes to it: "
                            "sub-skills apply only with routing queues",
                            skill.name.text))
        .help(fmt::format("remove `sub_skills`, or name skill.{} in a queue filter's `skill`",
                          skill.name.text));
  }
}

// ---- SWB512 -------------------------------------------------------------------------------

void check_filter_channels(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& queue : config.queues) {
    for (const auto& filter : queue.filters) {
      if (!present(filter.included_channels) || !filter.included_channels.value.empty()) {
        continue;
      }
      diags
          .report(DiagCode::SWB512, filter.included_channels.span,
                  fmt::format("filter {} of queue {} has an empty included_channels: it matches "
                              "no channel",
                              filter.name.text, queue.name.text))
          .help(
              "list the channels the filter routes, e.g. `included_channels = "
              "[channel.NAME]`, or delete the filter");
    }
  }
}

// ---- SWB513, SWB514: tenant features -------------------------------------------------------

void check_features_enabled(const ir::Config& config, const RuleContext& ctx, Diagnostics& diags) {
  // An org whose features list is invalid was reported already.
  if (config.org && !present(config.org->features)) return;
  const bool dynamic_delivery = has_feature(config, ir::Feature::dynamic_delivery);
  const bool accept_reject = has_feature(config, ir::Feature::accept_reject);
  const std::string where = config.org ? "org.features does not list"
                                       : "there is no org block "
                                         "enabling";
  for (const auto& skill : config.skills) {
    if (skill.routing && !dynamic_delivery) {
      auto d = diags.report(
          DiagCode::SWB513, header_of(ctx, skill.routing->span),
          fmt::format("skill {} has a routing block, but {} dynamic_delivery: the setting has "
                      "no effect",
                      skill.name.text, where));
      if (config.org) d.note(config.org->features.span, "the tenant's features are declared here");
      d.help(
          "ask your CXone representative to enable Dynamic Delivery and add it to "
          "`org { features = [dynamic_delivery] }`, or remove the routing block");
    }
    if (skill.accept_reject && skill.accept_reject->value && !accept_reject) {
      auto d = diags.report(
          DiagCode::SWB513, skill.accept_reject->span,
          fmt::format("skill {} sets accept_reject, but {} accept_reject: the setting has no "
                      "effect",
                      skill.name.text, where));
      if (config.org) d.note(config.org->features.span, "the tenant's features are declared here");
      d.help(
          "ask your CXone representative to enable Accept/Reject and add it to "
          "`org { features = [accept_reject] }`, or remove `accept_reject`");
    }
  }
}

void check_max_agent_app(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  if (!config.org || !present(config.org->agent_app) ||
      config.org->agent_app.value != ir::AgentApp::max) {
    return;
  }
  const Span app = config.org->agent_app.span;
  for (const auto& skill : config.skills) {
    auto report = [&](Span at, std::string_view setting) {
      diags
          .report(DiagCode::SWB514, at,
                  fmt::format("skill {} sets {}, which is supported only in CXone Agent, but "
                              "org.agent_app = max",
                              skill.name.text, setting))
          .note(app, "the agent application is set here")
          .help(fmt::format("remove `{}`, or switch the tenant to `agent_app = agent`", setting));
    };
    if (skill.accept_reject && skill.accept_reject->value) {
      report(skill.accept_reject->span, "accept_reject");
    }
    if (skill.agent_response_timer)
      report(skill.agent_response_timer->span, "agent_response_timer");
    if (skill.customer_response_timer) {
      report(skill.customer_response_timer->span, "customer_response_timer");
    }
  }
}

// ---- SWB515 -------------------------------------------------------------------------------

void check_service_level_and_timers(const ir::Config& config, const RuleContext&,
                                    Diagnostics& diags) {
  for (const auto& skill : config.skills) {
    if (skill.service_level) {
      const ir::ServiceLevel& sl = *skill.service_level;
      if (present(sl.goal) && sl.goal.value.value <= 0) {
        diags
            .report(DiagCode::SWB515, sl.goal.span,
                    fmt::format("service level goal of skill {} is 0%: it is always met",
                                skill.name.text))
            .help("set the share of contacts to answer within the threshold, e.g. `goal = 80%`");
      }
      if (present(sl.threshold) && sl.threshold.value.seconds <= 0) {
        diags
            .report(DiagCode::SWB515, sl.threshold.span,
                    fmt::format("service level threshold of skill {} is zero: it must be a "
                                "positive duration",
                                skill.name.text))
            .help("set how fast contacts should be answered, e.g. `threshold = 30s`");
      }
    }
    for (const auto& [timer, name] :
         {std::pair{&skill.agent_response_timer, std::string_view("agent_response_timer")},
          std::pair{&skill.customer_response_timer, std::string_view("customer_response_timer")}}) {
      if (!*timer || !written(config, **timer)) continue;
      const std::int64_t s = (*timer)->value.seconds;
      if (s > 0 && s <= limits::kTimerMaxSeconds) continue;
      diags
          .report(DiagCode::SWB515, (*timer)->span,
                  s <= 0 ? fmt::format("{} of skill {} is zero: it must be positive", name,
                                       skill.name.text)
                         : fmt::format("{} of skill {} is {}, over the maximum of {}", name,
                                       skill.name.text, duration_text(s),
                                       duration_text(limits::kTimerMaxSeconds)))
          .help(
              fmt::format("set a duration from 1s to {}", duration_text(limits::kTimerMaxSeconds)));
    }
  }
}

constexpr std::array kRules = {
    Rule{"routing", "check_default_script", &check_default_script},
    Rule{"routing", "check_queue_id", &check_queue_id},
    Rule{"routing", "check_channel_skills_digital", &check_channel_skills_digital},
    Rule{"routing", "check_outbound_via", &check_outbound_via},
    Rule{"routing", "check_preferred_agent_settings", &check_preferred_agent_settings},
    Rule{"routing", "check_fallback", &check_fallback},
    Rule{"routing", "check_focus_settings", &check_focus_settings},
    Rule{"routing", "check_sub_skills_used", &check_sub_skills_used},
    Rule{"routing", "check_outbound_service_level", &check_outbound_service_level},
    Rule{"routing", "check_inbound_template", &check_inbound_template},
    Rule{"routing", "check_filter_channels", &check_filter_channels},
    Rule{"routing", "check_features_enabled", &check_features_enabled},
    Rule{"routing", "check_max_agent_app", &check_max_agent_app},
    Rule{"routing", "check_service_level_and_timers", &check_service_level_and_timers},
};

}  // namespace

std::span<const Rule> routing_rules() { return kRules; }

}  // namespace swb::rules
