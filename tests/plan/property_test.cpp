// Properties of every plan, over generated configs (fixed seed): `after` ids exist
// earlier, placeholders are produced in the `after` closure, ids never repeat, planning
// twice gives the same bytes; and the same for incremental plans between two configs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>

#include "backends/plan/plan.h"
#include "compiler/driver/driver.h"
#include "tests/support/process.h"

namespace fs = std::filesystem;
using namespace swb;

namespace {

// A random but valid config: counts and names vary, references stay consistent.
std::string generate_config(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  static const char* kWords[] = {"alpha", "bravo", "delta", "echo",
                                 "kilo",  "lima",  "oscar", "tango"};
  auto word = [&] { return std::string(kWords[pick(0, 7)]); };
  std::string out;
  const int businesses = pick(1, 2), channels = pick(1, 4), skills = pick(1, 3), hours = pick(1, 2),
            slas = pick(1, 3), roles = pick(1, 2), users = pick(0, 3);
  for (int b = 0; b < businesses; ++b) {
    out += "business b" + std::to_string(b) + "_" + word() + R"( {
  legal_name = "Business )" +
           std::to_string(b) + R"("
  description = "Something we do."
  facebook_business_manager_id = "10485760012345)" +
           std::to_string(b) + R"("
  status = approved
  category = retail
  timezone = "America/New_York"
  websites = ["https://example.com"]
  address = "1 Main St"
  email = "x@example.com"
  logo { url = "https://cdn.example.com/logo.png" }
}
)";
  }
  std::vector<std::string> bnames, cnames, snames, hnames, slanames, rnames;
  // Names are regenerated the same way the blocks above were: keep them in lists.
  {
    std::regex re("business (\\w+) \\{");
    for (std::sregex_iterator it(out.begin(), out.end(), re), end; it != end; ++it)
      bnames.push_back((*it)[1]);
  }
  for (int h = 0; h < hours; ++h) {
    hnames.push_back("h" + std::to_string(h) + "_" + word());
    out += "hours " + hnames.back() +
           " {\n  timezone = \"America/New_York\"\n  mon = 09:00-17:00\n" +
           (pick(0, 1) ? "  sat = 10:00-12:00\n" : "") + "}\n";
  }
  for (int s = 0; s < slas; ++s) {
    slanames.push_back("sla" + std::to_string(s) + "_" + word());
    out += "sla " + slanames.back() + " { first_response = " + std::to_string(pick(1, 59)) +
           "m  resolution = " + std::to_string(pick(1, 3)) + "d  hours = hours." +
           hnames[pick(0, hours - 1)] + " }\n";
  }
  for (int s = 0; s < skills; ++s) {
    snames.push_back("s" + std::to_string(s) + "_" + word());
    out += "skill " + snames.back() + " {\n  media = digital\n  campaign = \"C" +
           std::to_string(s) + "\"\n" +
           (pick(0, 1) ? "  routing {\n    mode = proficiency\n  }\n" : "") + "}\n";
  }
  for (int c = 0; c < channels; ++c) {
    cnames.push_back("c" + std::to_string(c) + "_" + word());
    out += "channel " + cnames.back() + " {\n  type = whatsapp\n  business = business." +
           bnames[pick(0, businesses - 1)] + "\n  phone = \"+1 614 555 " +
           std::to_string(1000 + c * 7 + pick(0, 6)) + "\"\n  display_name = \"Channel " +
           std::to_string(c) + "\"\n" +
           (pick(0, 1) ? "  two_step_pin = secret(\"PIN_" + std::to_string(c) + "\")\n" : "") +
           "  default_script = \"WhatsApp/Inbound\"\n  default_skill = skill." +
           snames[pick(0, skills - 1)] + "\n" +
           (pick(0, 1) ? "  sla = sla." + slanames[pick(0, slas - 1)] + "\n" : "") + "}\n";
    for (int t = pick(0, 2); t > 0; --t) {
      out += "template t" + std::to_string(c) + "_" + std::to_string(t) +
             " {\n  channel = channel." + cnames.back() +
             "\n  category = utility\n  language = \"en_US\"\n  body = \"Hello there.\"\n}\n";
    }
  }
  if (pick(0, 1)) out += "org {\n  sla = sla." + slanames[0] + "\n}\n";
  for (int r = 0; r < roles; ++r) {
    rnames.push_back("r" + std::to_string(r) + "_" + word());
    out += "role " + rnames.back() + " {\n";
    for (const auto& c : cnames)
      out += "  channel " + c + " { permissions = [view, reply, assign_self, transfer] }\n";
    out += "}\n";
  }
  for (int u = 0; u < users; ++u) {
    out += "user u" + std::to_string(u) + " {\n  email = \"u" + std::to_string(u) +
           "@example.com\"\n  role = role." + rnames[pick(0, roles - 1)] + "\n";
    if (pick(0, 1)) out += "  skill " + snames[pick(0, skills - 1)] + " { proficiency = 3 }\n";
    out += "}\n";
  }
  if (pick(0, 1)) {
    out += "queue q {\n  id = \"rq-1\"\n  filter f { priority = 1  included_channels = [channel." +
           cnames[0] + "]  skill = skill." + snames[0] + " }\n}\n";
  }
  return out;
}

struct Compiled {
  std::unique_ptr<Compilation> c;
  std::string diagnostics;
};

Compiled compile_text(const std::string& text, const fs::path& dir) {
  fs::create_directories(dir);
  std::ofstream(dir / "config.swb") << text;
  CompileOptions options;
  options.paths = {(dir / "config.swb").string()};
  options.load.stdlib_dir = fs::path(swb::test::source_dir()) / "stdlib";
  Compiled out{compile(options), ""};
  for (const auto& d : out.c->diags.list()) {
    if (d.severity == Severity::Error) out.diagnostics += d.message + "\n";
  }
  return out;
}

// The properties, checked on the JSON form independently of plan::validate().
void check_properties(const std::string& json_text, const std::string& config) {
  const auto doc = nlohmann::json::parse(json_text);
  std::map<std::string, std::size_t> position;
  std::map<std::string, std::string> producer;
  for (const auto& s : doc["steps"]) {
    if (!s.contains("outputs")) continue;
    for (const auto& [name, path] : s["outputs"].items())
      producer["{" + s["resource"].get<std::string>() + "." + name + "}"] = s["id"];
  }
  std::vector<std::set<std::string>> closure;
  const std::regex placeholder(R"(\{[a-z_]+(\.[A-Za-z0-9_]+)?\.[a-z_]+\})");
  for (std::size_t i = 0; i < doc["steps"].size(); ++i) {
    const auto& s = doc["steps"][i];
    const std::string id = s["id"];
    ASSERT_TRUE(position.emplace(id, i).second) << "repeated id " << id << "\n" << config;
    std::set<std::string> mine;
    for (const auto& a : s["after"]) {
      const auto it = position.find(a);
      ASSERT_TRUE(it != position.end()) << id << " is after " << a << ", not earlier\n" << config;
      mine.insert(a.get<std::string>());
      mine.insert(closure[it->second].begin(), closure[it->second].end());
    }
    std::string text = s.value("path", "") + (s.contains("body") ? s["body"].dump() : "");
    for (std::sregex_iterator it(text.begin(), text.end(), placeholder), end; it != end; ++it) {
      const auto p = producer.find(it->str());
      if (p == producer.end()) continue;  // produced by an earlier run (incremental plans)
      EXPECT_TRUE(p->second == id || mine.count(p->second))
          << id << " uses " << it->str() << " but " << p->second << " is not before it\n"
          << config;
    }
    closure.push_back(std::move(mine));
  }
}

class TempDir {
 public:
  TempDir() {
    std::string t = (fs::temp_directory_path() / "swb-plan-prop-XXXXXX").string();
    if (!mkdtemp(t.data())) std::abort();
    path = t;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

TEST(PlanProperties, HoldForGeneratedConfigs) {
  std::mt19937 rng(20240611);
  TempDir tmp;
  std::unique_ptr<Compilation> previous;
  for (int i = 0; i < 40; ++i) {
    const std::string text = generate_config(rng);
    auto compiled = compile_text(text, tmp.path / std::to_string(i));
    ASSERT_EQ(compiled.diagnostics, "") << text;
    const auto& ir = compiled.c->ir;
    plan::PlanOptions options{&compiled.c->sources, nullptr};
    const plan::Plan p1 = plan::build_plan(ir, options);
    EXPECT_TRUE(plan::validate(p1).empty());
    const std::string json = plan::render_json(p1);
    check_properties(json, text);
    EXPECT_EQ(json, plan::render_json(plan::build_plan(ir, options))) << text;
    EXPECT_EQ(plan::render_text(p1), plan::render_text(plan::build_plan(ir, options)));
    // Incremental: from the previous generated config to this one.
    if (previous) {
      const plan::Snapshot base = plan::snapshot_of(previous->ir);
      plan::PlanOptions inc{&compiled.c->sources, &base};
      const std::string a = plan::render_json(plan::build_plan(ir, inc));
      check_properties(a, text);
      EXPECT_EQ(a, plan::render_json(plan::build_plan(ir, inc)));
      // And back: everything this one added is deleted, in an order that holds.
      const plan::Snapshot now = plan::snapshot_of(ir);
      plan::PlanOptions back{&previous->sources, &now};
      check_properties(plan::render_json(plan::build_plan(previous->ir, back)), text);
    }
    // Against itself: nothing to do.
    const plan::Snapshot self = plan::snapshot_of(ir);
    plan::PlanOptions same{&compiled.c->sources, &self};
    EXPECT_TRUE(plan::build_plan(ir, same).steps.empty());
    previous = std::move(compiled.c);
  }
}

TEST(PlanOrdering, ACycleIsReportedNotLooped) {
  std::vector<plan::PlanStep> steps(3);
  steps[0].id = "a/x";
  steps[1].id = "b/x";
  steps[2].id = "c/x";
  steps[0].needs = {"c/x"};
  steps[1].needs = {"a/x"};
  steps[2].needs = {"b/x"};
  const auto cycle = plan::order_steps(steps);
  ASSERT_TRUE(cycle.has_value());
  EXPECT_NE(cycle->find("a/x"), std::string::npos);
}

TEST(PlanOrdering, TiesBreakByPhaseKindNameAndAfterIsReduced) {
  std::vector<plan::PlanStep> steps(4);
  steps[0] = {.id = "skill.b/create", .phase = 6, .kind_rank = 7, .name = "b"};
  steps[1] = {.id = "skill.a/create", .phase = 6, .kind_rank = 7, .name = "a"};
  steps[2] = {.id = "role.z/create", .phase = 5, .kind_rank = 5, .name = "z"};
  steps[3] = {.id = "user.u/skills", .phase = 6, .kind_rank = 8, .name = "u"};
  steps[3].needs = {"skill.a/create", "skill.b/create", "role.z/create"};
  steps[1].needs = {"role.z/create"};
  ASSERT_FALSE(plan::order_steps(steps).has_value());
  std::vector<std::string> ids;
  for (const auto& s : steps) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"role.z/create", "skill.a/create", "skill.b/create",
                                           "user.u/skills"}));
  EXPECT_EQ(steps[3].after, (std::vector<std::string>{"skill.a/create", "skill.b/create"}));
}

}  // namespace
