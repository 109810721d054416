// Rules of the sla area (SWB6xx): SLA times, the business hours SLAs count, holidays, and
// channels that track no SLA.
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

std::string duration_text(std::int64_t seconds) {
  std::string out;
  const std::int64_t d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60,
                     s = seconds % 60;
  if (d) out += fmt::format("{}d", d);
  if (h) out += fmt::format("{}h", h);
  if (m) out += fmt::format("{}m", m);
  if (s || out.empty()) out += fmt::format("{}s", s);
  return out;
}

std::string date_text(const ir::Date& d) {
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

std::string range_text(const ir::TimeRange& r) {
  return fmt::format("{:02}:{:02}-{:02}:{:02}", r.start / 60, r.start % 60, r.end / 60, r.end % 60);
}

constexpr std::array<std::string_view, 7> kDayNames = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 7> kDayAttrs = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};

// The day of the week of a calendar date, 0 = Monday … 6 = Sunday (Sakamoto's method).
int weekday(const ir::Date& date) {
  static constexpr std::array<int, 12> kOffsets = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  int y = date.year;
  if (date.month < 3) y -= 1;
  const int sunday_based =
      (y + y / 4 - y / 100 + y / 400 + kOffsets[(date.month - 1) % 12] + date.day) % 7;
  return (sunday_based + 6) % 7;
}

std::array<const ir::Opt<ir::DaySchedule>*, 7> days_of(const ir::Hours& h) {
  return {&h.mon, &h.tue, &h.wed, &h.thu, &h.fri, &h.sat, &h.sun};
}

enum class DayState { closed, open, unknown };

// Absent days and `closed` are closed. A present day without ranges that is not spelled
// `closed` (or `[]`) held an invalid range that lowering reported: its state is unknown, and
// no rule may take it for closed.
DayState state_of(const ir::Config& config, const ir::Opt<ir::DaySchedule>& day) {
  if (!day) return DayState::closed;
  if (!day->value.ranges.empty()) return DayState::open;
  return rejected(config, day->span) ? DayState::unknown : DayState::closed;
}

struct WeekStates {
  std::array<DayState, 7> day{};
  bool any(DayState s) const {
    for (DayState d : day) {
      if (d == s) return true;
    }
    return false;
  }
};

WeekStates week_of(const ir::Config& config, const ir::Hours& h) {
  WeekStates w;
  const auto days = days_of(h);
  for (std::size_t i = 0; i < days.size(); ++i) w.day[i] = state_of(config, *days[i]);
  return w;
}

// ---- SWB601, SWB602 -----------------------------------------------------------------------

void check_sla_minutes(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& sla : config.slas) {
    for (const auto* time : {&sla.first_response, &sla.resolution}) {
      if (!present(*time)) continue;
      const std::string_view name = time == &sla.first_response ? "first_response" : "resolution";
      const std::int64_t s = time->value.seconds;
      const std::int64_t minute = limits::kSecondsPerMinute;
      if (s > 0 && s % minute == 0) continue;
      auto d =
          diags.report(DiagCode::SWB601, time->span,
                       s == 0 ? fmt::format("{} of sla {} is zero", name, sla.name.text)
                              : fmt::format("{} of sla {} is {}, not a whole number of minutes",
                                            name, sla.name.text, duration_text(s)));
      d.help(s == 0 ? std::string("SLA times are days, hours and minutes, and must be positive, "
                                  "e.g. `1h` or `15m`")
                    : fmt::format("SLA times are days, hours and minutes: write `{}`",
                                  duration_text(std::max<std::int64_t>(
                                      minute, (s + minute / 2) / minute * minute))));
    }
  }
}

void check_sla_order(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& sla : config.slas) {
    if (!present(sla.first_response) || !present(sla.resolution)) continue;
    const std::int64_t first = sla.first_response.value.seconds;
    const std::int64_t resolution = sla.resolution.value.seconds;
    if (first <= resolution) continue;
    diags
        .report(DiagCode::SWB602, sla.first_response.span,
                fmt::format("first_response {} of sla {} is longer than its resolution {}",
                            duration_text(first), sla.name.text, duration_text(resolution)))
        .note(sla.resolution.span, "resolution is set here")
        .help(
            "a case cannot be resolved before its first response: the two values are likely "
            "swapped");
  }
}

// ---- SWB603, SWB604, SWB605: business hours -----------------------------------------------

void check_sla_hours_open(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& sla : config.slas) {
    if (!present(sla.hours)) continue;
    const ir::Hours* hours = target(config, sla.hours.value);
    if (!hours) continue;
    const WeekStates week = week_of(config, *hours);
    if (week.any(DayState::open) || week.any(DayState::unknown)) continue;
    diags
        .report(DiagCode::SWB603, sla.hours.span,
                fmt::format("sla {} counts the business hours {}, which are closed every day: "
                            "the SLA could never be met",
                            sla.name.text, hours->name.text))
        .note(hours->name.span,
              fmt::format("hours {} has no open day (a day left out is closed)", hours->name.text))
        .help(fmt::format("give hours {} the open days with their time ranges, e.g. "
                          "`mon = 09:00-17:00`",
                          hours->name.text));
  }
}

void check_overlapping_ranges(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& hours : config.hours) {
    const auto days = days_of(hours);
    for (std::size_t d = 0; d < days.size(); ++d) {
      if (!*days[d]) continue;
      const auto& ranges = (*days[d])->value.ranges;
      for (std::size_t j = 1; j < ranges.size(); ++j) {
        const ir::TimeRange& later = ranges[j].value;
        for (std::size_t i = 0; i < j; ++i) {
          const ir::TimeRange& earlier = ranges[i].value;
          if (!(earlier.start < later.end && later.start < earlier.end)) continue;
          const ir::TimeRange common{std::max(earlier.start, later.start),
                                     std::min(earlier.end, later.end)};
          diags
              .report(DiagCode::SWB604, ranges[j].span,
                      fmt::format("{} of hours {}: {} overlaps {} ({} is in both)", kDayAttrs[d],
                                  hours.name.text, range_text(later), range_text(earlier),
                                  range_text(common)))
              .note(ranges[i].span, "the range it overlaps")
              .help(
                  "merge the two ranges, or fix their ends (ranges may touch: 09:00-13:00 and "
                  "13:00-18:00)");
          break;
        }
      }
    }
  }
}

void check_holidays(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& hours : config.hours) {
    const auto& list = hours.holidays.value;
    const WeekStates week = week_of(config, hours);
    // Hours closed every day are SWB603's concern, not every holiday's.
    const bool some_day_open = week.any(DayState::open);
    for (std::size_t j = 0; j < list.size(); ++j) {
      const ir::Date& date = list[j].value;
      bool repeated = false;
      for (std::size_t i = 0; i < j && !repeated; ++i) {
        const ir::Date& other = list[i].value;
        if (other.year != date.year || other.month != date.month || other.day != date.day) {
          continue;
        }
        repeated = true;
        diags
            .report(DiagCode::SWB605, list[j].span,
                    fmt::format("holiday {} is listed twice in hours {}", date_text(date),
                                hours.name.text))
            .note(list[i].span, "first listed here")
            .help("remove the repeated date, or correct it if another day was meant");
      }
      if (repeated || !some_day_open || date.month < 1 || date.month > 12) continue;
      const int wd = weekday(date);
      if (week.day[wd] != DayState::closed) continue;
      diags
          .report(DiagCode::SWB605, list[j].span,
                  fmt::format("holiday {} is a {}, when hours {} are closed anyway",
                              date_text(date), kDayNames[wd], hours.name.text))
          .help("check the date (a holiday observed on another day?), or remove it");
    }
  }
}

// ---- SWB606 -------------------------------------------------------------------------------

void check_channel_sla(const ir::Config& config, const RuleContext& ctx, Diagnostics& diags) {
  if (config.org && config.org->sla) return;
  for (const auto& channel : config.channels) {
    if (channel.sla) continue;
    diags
        .report(DiagCode::SWB606, header_of(ctx, channel.span),
                fmt::format("channel {} has no sla and org.sla is not set: no SLA will be "
                            "tracked for it",
                            channel.name.text))
        .help("set the channel's own `sla = sla.NAME`, or a global `org { sla = sla.NAME }`");
  }
}

constexpr std::array kRules = {
    Rule{"sla", "check_sla_minutes", &check_sla_minutes},
    Rule{"sla", "check_sla_order", &check_sla_order},
    Rule{"sla", "check_sla_hours_open", &check_sla_hours_open},
    Rule{"sla", "check_overlapping_ranges", &check_overlapping_ranges},
    Rule{"sla", "check_holidays", &check_holidays},
    Rule{"sla", "check_channel_sla", &check_channel_sla},
};

}  // namespace

std::span<const Rule> sla_rules() { return kRules; }

}  // namespace swb::rules
