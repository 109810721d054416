// Rules of the roles area (SWB4xx): roles and their per-channel permissions, users, and the
// skills users take contacts from.
#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "compiler/rules/areas.h"
#include "compiler/rules/common.h"
#include "compiler/rules/limits.h"

namespace swb::rules {
namespace {

// E-mail addresses compare case-insensitively and without surrounding blanks: the same
// person written twice.
std::string email_key(std::string_view email) {
  std::string out(trim_blanks(email));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool grants_reply(const ir::Grant& grant) {
  const auto& perms = grant.permissions.value;
  return std::any_of(perms.begin(), perms.end(),
                     [](const auto& p) { return p.value == ir::Permission::reply; });
}

// "a", "a and b", "a, b and c".
std::string and_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

// ---- SWB401 -------------------------------------------------------------------------------

void check_role_grants_reply(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& role : config.roles) {
    // read_only invalid (already reported): whether reply is needed is unknown.
    if (!present(role.read_only) || role.read_only.value) continue;
    for (const auto& grant : role.grants) {
      if (!present(grant.permissions) || grants_reply(grant)) continue;
      diags
          .report(DiagCode::SWB401, grant.permissions.span,
                  fmt::format("role {} grants channel {} without `reply`, and is not read_only: "
                              "its users could not answer contacts on that channel",
                              role.name.text, grant.channel.value.name))
          .help(
              "add `reply` to the permissions (or use perms.agent / perms.supervisor from "
              "std/permissions), or mark the role `read_only = true` if it never interacts "
              "with contacts");
    }
  }
}

// ---- SWB402 (two user blocks), SWB404 ----------------------------------------------------

void check_duplicate_user_emails(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  std::map<std::string, std::vector<const ir::User*>> by_email;
  for (const auto& user : config.users) {
    if (!present(user.email)) continue;
    by_email[email_key(user.email.value)].push_back(&user);
  }
  for (auto& [key, users] : by_email) {
    if (users.size() < 2) continue;
    std::sort(users.begin(), users.end(), [](const ir::User* a, const ir::User* b) {
      return before_in_config(a->email.span, b->email.span);
    });
    const ir::User& first = *users.front();
    for (std::size_t i = 1; i < users.size(); ++i) {
      const ir::User& later = *users[i];
      const bool both_roles = present(first.role) && present(later.role);
      if (both_roles && first.role.value.name != later.role.value.name) {
        diags
            .report(DiagCode::SWB402, later.email.span,
                    fmt::format("user {} has the e-mail of user {} ('{}') with another role: the "
                                "same person would have roles {} and {}, and a Digital "
                                "Experience user has exactly one role",
                                later.name.text, first.name.text, later.email.value,
                                first.role.value.name, later.role.value.name))
            .note(first.email.span, fmt::format("user {} has this e-mail with role {}",
                                                first.name.text, first.role.value.name))
            .help(
                "keep one user block for this person, with one role; declare a role that "
                "combines the permissions if they need both");
      } else {
        diags
            .report(DiagCode::SWB404, later.email.span,
                    fmt::format("user {} has the same e-mail as user {} ('{}'): they would deploy "
                                "as one user",
                                later.name.text, first.name.text, later.email.value))
            .note(first.email.span, fmt::format("user {} has it first", first.name.text))
            .help("remove the duplicate user block, or correct the address");
      }
    }
  }
}

// ---- SWB405 -------------------------------------------------------------------------------

// For each skill (by index), the channels (by index) whose contacts it takes: the channels
// it is the default skill of, and those a queue filter routes to it.
// Sorted, each index once.
std::vector<std::vector<std::uint32_t>> channels_served_by_skills(const ir::Config& config) {
  std::vector<std::vector<std::uint32_t>> served(config.skills.size());
  for (std::uint32_t c = 0; c < config.channels.size(); ++c) {
    const auto& skill = config.channels[c].default_skill;
    if (present(skill) && target(config, skill.value)) served[skill.value.index].push_back(c);
  }
  for (const auto& queue : config.queues) {
    for (const auto& filter : queue.filters) {
      if (!filter.skill || !target(config, filter.skill->value)) continue;
      for (const auto& channel : filter.included_channels.value) {
        if (target(config, channel.value)) {
          served[filter.skill->value.index].push_back(channel.value.index);
        }
      }
    }
  }
  for (auto& channels : served) {
    std::sort(channels.begin(), channels.end());
    channels.erase(std::unique(channels.begin(), channels.end()), channels.end());
  }
  return served;
}

void check_user_skill_channels(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  const auto served = channels_served_by_skills(config);
  std::vector<std::uint32_t> replies;
  for (const auto& user : config.users) {
    const ir::Role* role = present(user.role) ? target(config, user.role.value) : nullptr;
    if (!role) continue;
    // Channels the role lets its users reply on. A grant whose permissions are invalid was
    // reported already; count it as granted rather than report a consequence.
    replies.clear();
    for (const auto& grant : role->grants) {
      if (!target(config, grant.channel.value)) continue;
      if (!present(grant.permissions) || grants_reply(grant)) {
        replies.push_back(grant.channel.value.index);
      }
    }
    std::sort(replies.begin(), replies.end());
    for (const auto& us : user.skills) {
      if (!target(config, us.skill.value)) continue;
      std::vector<std::string> missing;
      for (std::uint32_t c : served[us.skill.value.index]) {
        if (!std::binary_search(replies.begin(), replies.end(), c)) {
          missing.push_back(config.channels[c].name.text.str());
        }
      }
      if (missing.empty()) continue;
      const bool one = missing.size() == 1;
      diags
          .report(DiagCode::SWB405, us.skill.span,
                  fmt::format("user {} takes contacts from skill {}, which serves channel{} {}, "
                              "but role {} does not grant {} with `reply`",
                              user.name.text, us.skill.value.name, one ? "" : "s",
                              and_list(missing), role->name.text, one ? "that channel" : "them"))
          .note(role->name.span, fmt::format("role {} is declared here", role->name.text))
          .help(fmt::format("grant channel{} {} with `reply` in role {}, or remove skill {} from "
                            "user {}",
                            one ? "" : "s", and_list(missing), role->name.text, us.skill.value.name,
                            user.name.text));
    }
  }
}

// ---- SWB406 -------------------------------------------------------------------------------

void check_proficiency_range(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& user : config.users) {
    for (const auto& us : user.skills) {
      if (!present(us.proficiency)) continue;
      const std::int64_t p = us.proficiency.value;
      if (p >= limits::kProficiencyMin && p <= limits::kProficiencyMax) continue;
      diags
          .report(DiagCode::SWB406, us.proficiency.span,
                  fmt::format("proficiency {} of user {} in skill {} is outside {}-{}", p,
                              user.name.text, us.skill.value.name, limits::kProficiencyMin,
                              limits::kProficiencyMax))
          .help(fmt::format("use a level from {} to {}", limits::kProficiencyMin,
                            limits::kProficiencyMax));
    }
  }
}

// ---- SWB407 -------------------------------------------------------------------------------

void check_role_has_channels(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& role : config.roles) {
    if (!role.grants.empty()) continue;
    diags
        .report(DiagCode::SWB407, role.name.span,
                fmt::format("role {} grants no channel: its users would have access to no "
                            "digital channel",
                            role.name.text))
        .help(
            "add `channel NAME { permissions = [...] }` for each channel the role uses, or "
            "delete the role");
  }
}

constexpr std::array kRules = {
    Rule{"roles", "check_role_grants_reply", &check_role_grants_reply},
    Rule{"roles", "check_duplicate_user_emails", &check_duplicate_user_emails},
    Rule{"roles", "check_user_skill_channels", &check_user_skill_channels},
    Rule{"roles", "check_proficiency_range", &check_proficiency_range},
    Rule{"roles", "check_role_has_channels", &check_role_has_channels},
};

}  // namespace

std::span<const Rule> role_rules() { return kRules; }

}  // namespace swb::rules
