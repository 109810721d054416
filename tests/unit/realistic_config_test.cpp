// A realistic tenant, built in memory: 50 WhatsApp channels on one approved business, their
// digital skills and templates, ten team roles, 500 users, routing queues, business hours
// and SLAs. It is a correct config, so every rule must stay silent on it: no false
// positives at scale. A single planted mistake then shows the rules did run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/diagnostics/catalog.h"
#include "compiler/driver/driver.h"
#include "tests/support/process.h"

namespace swb {
namespace {

namespace fs = std::filesystem;

constexpr int kChannels = 50;
constexpr int kTeams = 10;  // each team answers kChannels / kTeams channels
constexpr int kChannelsPerTeam = kChannels / kTeams;
constexpr int kUsers = 500;

std::string channel_name(int c) { return fmt::format("wa_{:02}", c); }

// The config's files by name. `mistake` plants one error for the sanity test.
std::map<std::string, std::string> realistic_config(bool mistake = false) {
  std::map<std::string, std::string> files;

  files["account.swb"] = R"swb(# The tenant and its WhatsApp Business account.
org {
  name      = "Buckeye Outfitters"
  agent_app = agent
  features  = [dynamic_delivery, accept_reject]
  sla       = sla.standard
}

business buckeye {
  legal_name  = "Buckeye Outfitters LLC"
  description = """
    Outdoor gear, repairs and rentals across Ohio.
    Ask us about orders, returns and store hours.
    """
  about       = "Outdoor gear since 1987"
  facebook_business_manager_id = "104857600123456"
  status      = approved
  category    = retail
  timezone    = "America/New_York"
  websites    = ["https://buckeye.example", "https://shop.buckeye.example"]
  address     = "100 High St, Columbus, OH 43215"
  email       = "contact@buckeye.example"
  country     = "US"
  logo { url = "https://cdn.buckeye.example/logo.png" }
}

hours office {
  timezone = "America/New_York"
  mon = [08:00-12:00, 12:00-18:00]
  tue = 08:00-18:00  wed = 08:00-18:00  thu = 08:00-18:00  fri = 08:00-18:00
  sat = 10:00-14:00
  sun = closed
  holidays = [2026-01-01, 2026-05-25, 2026-07-03, 2026-09-07, 2026-11-26, 2026-12-25]
}

hours always {
  timezone = "America/New_York"
  mon = 00:00-24:00  tue = 00:00-24:00  wed = 00:00-24:00  thu = 00:00-24:00
  fri = 00:00-24:00  sat = 00:00-24:00  sun = 00:00-24:00
}

sla standard { first_response = 1h   resolution = 2d    hours = hours.office }
sla priority { first_response = 15m  resolution = 1d4h  hours = hours.always }
)swb";

  std::string channels = "# One WhatsApp number per store and department.\n";
  std::string skills = "# Digital skills: one inbound skill per channel, outbound and VIP ones.\n";
  std::string templates =
      "# Message templates, one per channel, and the component that shows them.\n";
  for (int c = 0; c < kChannels; ++c) {
    const std::string name = channel_name(c);
    channels += fmt::format(R"swb(
channel {0} {{
  type           = whatsapp
  business       = business.buckeye
  phone          = "+1 614 555 01{1:02}"
  display_name   = "Buckeye Store {1:02}"
  verification   = {2}
  two_step_pin   = secret("WA_PIN_{1:02}")
  default_script = "WhatsApp/Inbound"
  default_skill  = skill.{0}_in
{3}}}
)swb",
                            name, c, c % 3 == 0 ? "voice" : "sms",
                            c % 5 == 0 ? "  sla            = sla.priority\n" : "");
    // Inbound skills: every other one uses dynamic delivery, alternating the focus lock.
    std::string routing;
    if (c % 2 == 0) {
      routing = c % 4 == 0 ? R"swb(  routing {
    mode         = preferred_agent
    focus_metric = per_customer
    focus_lock   = when_offline
    fallback     = 10m
  }
)swb"
                           : R"swb(  routing {
    mode         = preferred_agent
    focus_metric = per_case
    focus_lock   = when_available
  }
)swb";
    } else if (c % 7 == 0) {
      routing = "  routing { mode = proficiency }\n";
    }
    skills += fmt::format(R"swb(
skill {0}_in {{
  media                   = digital
  campaign                = "WhatsApp"
  accept_reject           = {1}
  agent_response_timer    = 5m
  customer_response_timer = 1d
{2}  service_level {{ threshold = 30s  goal = 80% }}
}}

skill {0}_out {{
  media        = digital
  direction    = outbound
  outbound_via = {3}
  campaign     = "WhatsApp Outbound"
  template     = template.order_update_{4:02}
}}
)swb",
                          name, c % 2 == 0 ? "true" : "false", routing,
                          c % 2 == 0 ? "personal_connection" : "byoc", c);
    templates += fmt::format(R"swb(
template order_update_{0:02} {{
  channel  = channel.{1}
  category = utility
  language = "en_US"
  header   = text("Order update")
  body     = "Hi {{{{1}}}}, your order {{{{2}}}} has shipped."
  footer   = "Buckeye Outfitters"
  buttons  = [url("Track order", "https://buckeye.example/track"), quick_reply("Thanks")]
  examples = ["Ana", "B-10442"]
}}
)swb",
                             c, name);
  }
  std::string component_channels;
  for (int c = 0; c < kChannels; ++c) {
    component_channels += fmt::format("    channel.{},\n", channel_name(c));
  }
  templates += fmt::format(R"swb(
custom_component wa_templates {{
  url      = "https://na1.cxone.example/whatsapp/templates?channel=%s"
  height   = 200
  channels = [
{}  ]
}}
)swb",
                           component_channels);

  // Roles: one per team (its channels), a supervisor role (every channel), an auditor.
  std::string people = "# Roles and their per-channel permissions, and the people who hold them.\n";
  people += "import \"std/permissions\" as perms\n";
  for (int t = 0; t < kTeams; ++t) {
    people += fmt::format("\nrole team_{} {{\n  description = \"Stores {}-{}\"\n", t,
                          t * kChannelsPerTeam, t * kChannelsPerTeam + kChannelsPerTeam - 1);
    for (int k = 0; k < kChannelsPerTeam; ++k) {
      people += fmt::format("  channel {} {{ permissions = {} }}\n",
                            channel_name(t * kChannelsPerTeam + k),
                            k % 2 == 0 ? "perms.agent" : "[view, reply, assign_self]");
    }
    people += "}\n";
  }
  people += "\nrole supervisor {\n";
  for (int c = 0; c < kChannels; ++c) {
    people += fmt::format("  channel {} {{ permissions = perms.supervisor }}\n", channel_name(c));
  }
  people += "}\n\nrole auditor {\n  read_only = true\n";
  for (int c = 0; c < kChannels; ++c) {
    people += fmt::format("  channel {} {{ permissions = perms.auditor }}\n", channel_name(c));
  }
  people += "}\n";
  for (int u = 0; u < kUsers; ++u) {
    const int team = u % kTeams;
    const bool supervisor = u % 50 == 7;
    const bool auditor = u % 100 == 13;
    people += fmt::format("\nuser user_{0:03} {{\n  email = \"user.{0:03}@buckeye.example\"\n", u);
    if (auditor) {
      people += "  role  = role.auditor\n}\n";
      continue;
    }
    people += fmt::format("  role  = role.{}\n",
                          supervisor ? "supervisor" : fmt::format("team_{}", team));
    // Two inbound skills of the team's channels, the team's VIP skill, an outbound skill.
    const int first = team * kChannelsPerTeam;
    const int a = first + u % kChannelsPerTeam;
    const int b = first + (u / kTeams + 1) % kChannelsPerTeam;
    people += fmt::format("  skill {}_in {{ proficiency = {} }}\n", channel_name(a), 1 + u % 20);
    if (b != a) {
      people += fmt::format("  skill {}_in {{ proficiency = {} }}\n", channel_name(b), 20 - u % 20);
    }
    people += fmt::format("  skill vip_{} {{ proficiency = {} }}\n", team, 1 + u % 10);
    people += fmt::format("  skill {}_out {{ proficiency = 5 }}\n", channel_name(a));
    if (supervisor) {
      // Supervisors also cover another team's channels: their role grants every channel.
      const int other = ((team + 1) % kTeams) * kChannelsPerTeam;
      people += fmt::format("  skill {}_in {{ proficiency = 20 }}\n", channel_name(other));
    }
    if (mistake && u == 42) {
      // Team 2's agent takes contacts of a channel only team 3 may answer: SWB405.
      people +=
          fmt::format("  skill {}_in {{ proficiency = 3 }}\n", channel_name(3 * kChannelsPerTeam));
    }
    people += "}\n";
  }

  // Routing queues: per team, a VIP filter routing the team's channels to its VIP skill.
  std::string routing = "# Existing routing queues and their filters.\n";
  for (int t = 0; t < kTeams; ++t) {
    std::string included;
    for (int k = 0; k < kChannelsPerTeam; ++k) {
      included +=
          fmt::format("{}channel.{}", k ? ", " : "", channel_name(t * kChannelsPerTeam + k));
    }
    skills += fmt::format(R"swb(
skill vip_{0} {{
  media      = digital
  campaign   = "WhatsApp VIP"
  sub_skills = true
  service_level {{ threshold = 20s  goal = 90% }}
}}
)swb",
                          t);
    routing += fmt::format(R"swb(
queue team_{0} {{
  id = "rq-{1}"
  filter vip {{
    priority          = 1
    included_channels = [{2}]
    skill             = skill.vip_{0}
  }}
  filter rest {{ priority = 2  included_channels = [{2}] }}
}}
)swb",
                           t, 20900 + t, included);
  }

  files["channels.swb"] = channels;
  files["skills.swb"] = skills;
  files["templates.swb"] = templates;
  files["people.swb"] = people;
  files["routing.swb"] = routing;
  return files;
}

struct Checked {
  std::unique_ptr<Compilation> compilation;
  std::string listing;  // one line per diagnostic, for failure messages
  std::vector<std::string> codes;
};

Checked check(const std::map<std::string, std::string>& files, const std::string& tag) {
  const fs::path dir = fs::temp_directory_path() /
                       fmt::format("swb-realistic-{}-{}", static_cast<long>(::getpid()), tag);
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& [name, text] : files) std::ofstream(dir / name, std::ios::binary) << text;

  CompileOptions options;
  options.paths = {dir.string()};
  options.load.stdlib_dir = fs::path(test::source_dir()) / "stdlib";
  Checked out;
  out.compilation = compile(options);
  const Compilation& c = *out.compilation;
  if (c.fatal) out.listing = "fatal: " + *c.fatal + "\n";
  for (const auto& d : c.diags.list()) {
    const std::string id(catalog_entry(d.code).id);
    out.codes.push_back(id);
    std::string where = "?";
    if (d.span.valid()) {
      const SourceFile& f = c.sources.file(d.span.file);
      const LineCol lc = f.line_col(d.span.begin);
      where = fmt::format("{}:{}:{}: {}", fs::path(f.path()).filename().string(), lc.line,
                          lc.column, f.line_text(lc.line));
    }
    out.listing += fmt::format("{} {}\n    at {}\n", id, d.message, where);
  }
  fs::remove_all(dir);
  return out;
}

TEST(RealisticConfig, FiftyChannelsAndFiveHundredUsersCheckClean) {
  const auto files = realistic_config();
  const Checked r = check(files, "clean");
  ASSERT_FALSE(r.compilation->fatal) << r.listing;
  EXPECT_EQ(r.compilation->ir.channels.size(), static_cast<std::size_t>(kChannels));
  EXPECT_EQ(r.compilation->ir.users.size(), static_cast<std::size_t>(kUsers));
  EXPECT_EQ(r.compilation->ir.templates.size(), static_cast<std::size_t>(kChannels));
  EXPECT_TRUE(r.codes.empty()) << r.codes.size() << " diagnostics on a correct config:\n"
                               << r.listing;
}

TEST(RealisticConfig, OnePlantedMistakeIsTheOneDiagnostic) {
  const Checked r = check(realistic_config(/*mistake=*/true), "mistake");
  ASSERT_FALSE(r.compilation->fatal) << r.listing;
  EXPECT_EQ(r.codes, std::vector<std::string>{"SWB405"}) << r.listing;
}

}  // namespace
}  // namespace swb
