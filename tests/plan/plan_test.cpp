// `swb plan` and `swb graph` end to end: goldens for examples/jungle, incremental
// scenarios (state + config pairs), secrets never printed, and --base against git.
// SWB_UPDATE=1 rewrites the goldens; review the diff.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/process.h"

namespace fs = std::filesystem;
using swb::test::run_process;
using swb::test::source_dir;
using swb::test::swb_binary;

namespace {

bool updating() {
  const char* u = std::getenv("SWB_UPDATE");
  return u && std::string(u) == "1";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Compares `actual` with the golden file, or rewrites it in update mode.
void expect_golden(const fs::path& golden, const std::string& actual) {
  if (updating()) {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with SWB_UPDATE=1";
  EXPECT_EQ(slurp(golden), actual) << "differs from " << golden << " (SWB_UPDATE=1 rewrites it)";
}

fs::path jungle() { return fs::path(source_dir()) / "examples" / "jungle"; }
fs::path plan_dir() { return fs::path(source_dir()) / "tests" / "plan"; }

swb::test::ProcessResult swb(const std::vector<std::string>& args, const fs::path& cwd,
                             const std::vector<std::string>& env = {}) {
  std::vector<std::string> argv{swb_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, cwd.string(), env);
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "swb-plan-test-XXXXXX").string();
    if (!mkdtemp(t.data())) std::abort();
    path = t;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// ---- examples/jungle ------------------------------------------------------------------
TEST(JunglePlan, TextMatchesGolden) {
  auto r = swb({"plan"}, jungle());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "0 errors, 0 warnings\n");  // the summary line: text diagnostics on stderr
  expect_golden(plan_dir() / "golden" / "jungle.plan.txt", r.out);
}

TEST(JunglePlan, JsonMatchesGolden) {
  auto r = swb({"plan", "--format", "json"}, jungle());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_golden(plan_dir() / "golden" / "jungle.plan.json", r.out);
}

TEST(JunglePlan, GraphMatchesGolden) {
  auto r = swb({"graph"}, jungle());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_golden(plan_dir() / "golden" / "jungle.graph.dot", r.out);
}

TEST(JunglePlan, FollowsPlanMd) {
  auto r = swb({"plan", "--format", "json"}, jungle());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["format"], "swb-plan/1");
  std::vector<std::string> ids;
  for (const auto& s : doc["steps"]) {
    ids.push_back(s["id"]);
    for (const char* f : {"id", "op", "resource", "after", "summary"})
      EXPECT_TRUE(s.contains(f)) << s["id"] << " has no " << f;
    for (const auto& [k, v] : s.items()) {
      static const std::set<std::string> known = {"id",     "op",     "resource", "target",
                                                  "method", "path",   "body",     "outputs",
                                                  "after",  "source", "summary",  "changes"};
      EXPECT_TRUE(known.count(k)) << "unknown field " << k;
    }
    if (s["op"] == "manual") EXPECT_FALSE(s.contains("target"));
  }
  const auto& first = doc["steps"][0];
  EXPECT_EQ(first["id"], "business.jungle/connect");
  EXPECT_EQ(first["outputs"].begin().key(), "waba_id");
  auto step = [&](const std::string& id) {
    for (const auto& s : doc["steps"])
      if (s["id"] == id) return s;
    ADD_FAILURE() << "no step " << id;
    return nlohmann::json();
  };
  const auto add = step("channel.support_us/add_number");
  EXPECT_EQ(add["method"], "POST");
  EXPECT_EQ(add["path"], "/{business.jungle.waba_id}/phone_numbers");
  EXPECT_EQ(add["body"]["cc"], "1");
  EXPECT_EQ(add["body"]["phone_number"], "6145551234");
  EXPECT_EQ(add["body"]["verified_name"], "Jungle Support (prod)");
  EXPECT_EQ(add["source"], "channels.swb:3:1");
  EXPECT_EQ(step("channel.support_us/register")["body"]["pin"],
            nlohmann::json({{"secret", "WA_PIN_SUPPORT_US"}}));
  EXPECT_EQ(step("channel.support_us/enter_code")["op"], "manual");
  EXPECT_EQ(step("channel.support_us/business_profile")["body"]["vertical"], "RETAIL");
  EXPECT_EQ(step("template.appointment_reminder/create")["path"],
            "/{business.jungle.waba_id}/message_templates");
  // The documented order: number before templates before roles before skills before
  // queue filters before channel defaults before SLAs.
  auto pos = [&](const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) - ids.begin();
  };
  EXPECT_LT(pos("channel.support_us/business_profile"),
            pos("template.appointment_reminder/create"));
  EXPECT_LT(pos("template.appointment_reminder/create"),
            pos("custom_component.wa_templates/create"));
  EXPECT_LT(pos("custom_component.wa_templates/create"), pos("role.digital_agent/create"));
  EXPECT_LT(pos("user.mowgli/create"), pos("skill.wa_support/create"));
  EXPECT_LT(pos("skill.wa_support/create"), pos("queue.vip/filter_whatsapp_only"));
  EXPECT_LT(pos("queue.vip/filter_whatsapp_only"), pos("channel.support_us/defaults"));
  EXPECT_LT(pos("channel.support_us/defaults"), pos("sla.fast/create"));
}

TEST(JunglePlan, OutputFileIsWrittenAtomicallyAndOnlyOnSuccess) {
  TempDir t;
  const fs::path out = t.path / "plan.json";
  auto r = swb({"plan", "--format", "json", "-o", out.string()}, jungle());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(slurp(out), swb({"plan", "--format", "json"}, jungle()).out);
  fs::create_directories(t.path / "bad");
  std::ofstream(t.path / "bad" / "x.swb") << "channel x { type = whatsapp }\n";
  const fs::path stale = t.path / "stale.txt";
  auto bad = swb({"plan", "-o", stale.string(), "x.swb"}, t.path / "bad");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_NE(bad.err, "");
}

// A queue's filters are set at /routing-queues/{id}/filters: a queue with an empty id is
// SWB511, and a config with errors gets no plan (not steps whose path lacks the queue).
TEST(JunglePlan, QueueWithAnEmptyIdGetsNoPlan) {
  TempDir t;
  fs::copy(jungle(), t.path / "jungle", fs::copy_options::recursive);
  const fs::path routing = t.path / "jungle" / "routing.swb";
  std::string text = slurp(routing);
  const std::string id = "id = \"rq-20931\"";
  const auto at = text.find(id);
  ASSERT_NE(at, std::string::npos) << "examples/jungle/routing.swb no longer has " << id;
  text.replace(at, id.size(), "id = \"\"");
  std::ofstream(routing, std::ios::binary) << text;
  auto r = swb({"plan"}, t.path / "jungle");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("error[SWB511]"), std::string::npos) << r.err;
}

TEST(JunglePlan, UsageErrors) {
  EXPECT_EQ(swb({"plan", "--format", "yaml"}, jungle()).exit_code, 2);
  EXPECT_EQ(swb({"graph", "--format", "json"}, jungle()).exit_code, 2);
  EXPECT_EQ(swb({"plan", "--state", "/nonexistent/state.json"}, jungle()).exit_code, 2);
  EXPECT_EQ(swb({"plan", "--state", "x", "--base", "HEAD"}, jungle()).exit_code, 2);
  TempDir t;
  std::ofstream(t.path / "state.json") << "{\"format\": \"something\"}";
  EXPECT_EQ(swb({"plan", "--state", (t.path / "state.json").string()}, jungle()).exit_code, 2);
}

// No output format of swb prints a secret's value, even when it is in the environment.
TEST(Secrets, NeverPrinted) {
  const std::string value = "837261";
  const std::vector<std::string> env = {"WA_PIN_SUPPORT_US=" + value};
  for (const auto& args : std::vector<std::vector<std::string>>{{"plan"},
                                                                {"plan", "--format", "json"},
                                                                {"graph"},
                                                                {"build"},
                                                                {"check"},
                                                                {"check", "--format", "json"},
                                                                {"check", "--format", "sarif"},
                                                                {"check", "--format", "github"}}) {
    auto r = swb(args, jungle(), env);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_EQ(r.out.find(value), std::string::npos) << "stdout of " << args[0];
    EXPECT_EQ(r.err.find(value), std::string::npos) << "stderr of " << args[0];
  }
  EXPECT_NE(swb({"plan", "--format", "json"}, jungle(), env).out.find("WA_PIN_SUPPORT_US"),
            std::string::npos);
}

// ---- incremental plans: tests/plan/scenarios/NAME/config.swb against state.json ----------
fs::path scenarios() { return plan_dir() / "scenarios"; }

TEST(Incremental, StateIsTheBuildOfTheBase) {
  auto r = swb({"build", "base"}, scenarios());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_golden(scenarios() / "state.json", r.out);
}

class Scenario : public testing::TestWithParam<std::string> {};

TEST_P(Scenario, MatchesGolden) {
  const std::string name = GetParam();
  auto text = swb({"plan", "--state", "state.json", name}, scenarios());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  expect_golden(scenarios() / name / "plan.txt", text.out);
  auto json = swb({"plan", "--format", "json", "--state", "state.json", name}, scenarios());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  expect_golden(scenarios() / name / "plan.json", json.out);
}

INSTANTIATE_TEST_SUITE_P(Plan, Scenario,
                         testing::Values("add_channel", "skill_fallback", "remove_template",
                                         "rename_role", "change_phone", "remove_pin", "no_change"));

nlohmann::json scenario_plan(const std::string& name) {
  auto r = swb({"plan", "--format", "json", "--state", "state.json", name}, scenarios());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

std::map<std::string, nlohmann::json> by_id(const nlohmann::json& plan) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& s : plan["steps"]) out[s["id"]] = s;
  return out;
}

TEST(Incremental, NoChangeSaysSo) {
  auto r = swb({"plan", "--state", "state.json", "no_change"}, scenarios());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "No changes: the deployed configuration already matches.\n");
  const auto plan = scenario_plan("no_change");
  EXPECT_TRUE(plan["steps"].empty());
  EXPECT_EQ(plan["summary"]["create"], 0);
}

// LANGUAGE.md §4: an absent day is closed. The IR JSON has all seven days (CLI.md: every
// attribute after defaults), so leaving Sunday out and writing `sun = closed` plan the same,
// whichever of the two the state was built from.
TEST(Incremental, ALeftOutDayAndAClosedOnePlanTheSame) {
  TempDir t;
  for (const auto& [built, planned] :
       {std::pair<std::string, std::string>{"base", "closed_day"}, {"closed_day", "base"}}) {
    auto build = swb({"build", built}, scenarios());
    ASSERT_EQ(build.exit_code, 0) << build.err;
    const auto hours = nlohmann::json::parse(build.out)["hours"][0];
    for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
      EXPECT_TRUE(hours.contains(day)) << built << ": no " << day << " in " << hours.dump();
    EXPECT_EQ(hours["sun"], nlohmann::json::array()) << built;
    const fs::path state = t.path / (built + ".json");
    std::ofstream(state) << build.out;
    auto r = swb({"plan", "--state", state.string(), planned}, scenarios());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "No changes: the deployed configuration already matches.\n")
        << "state of " << built << ", plan of " << planned;
  }
}

// A state written when closed days were left out of the IR JSON reads them as closed.
TEST(Incremental, AStateWithoutItsClosedDaysReadsThemAsClosed) {
  // Ordered, as swb writes it: only the missing day differs from a state of today.
  auto doc = nlohmann::ordered_json::parse(swb({"build", "base"}, scenarios()).out);
  doc["hours"][0].erase("sun");
  TempDir t;
  std::ofstream(t.path / "state.json") << doc.dump();
  for (const std::string config : {"base", "closed_day"}) {
    auto r = swb({"plan", "--state", (t.path / "state.json").string(), config}, scenarios());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "No changes: the deployed configuration already matches.\n") << config;
  }
}

TEST(Incremental, AStateWithItsKeysSortedPlansNothing) {
  // Re-saved by a tool that sorts keys, as `jq -S` does: objects inside lists (buttons, grants,
  // user skills) have their keys in another order, and are the same objects.
  const auto doc = nlohmann::json::parse(swb({"build", "base"}, scenarios()).out);
  TempDir t;
  std::ofstream(t.path / "state.json") << doc.dump(2);
  auto r = swb({"plan", "--state", (t.path / "state.json").string(), "base"}, scenarios());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "No changes: the deployed configuration already matches.\n");
}

TEST(Incremental, ChangedFallbackIsOneUpdateWithOnlyThatField) {
  const auto plan = scenario_plan("skill_fallback");
  ASSERT_EQ(plan["steps"].size(), 1u);
  const auto& s = plan["steps"][0];
  EXPECT_EQ(s["id"], "skill.wa_support/update");
  EXPECT_EQ(s["op"], "update");
  EXPECT_EQ(s["changes"],
            nlohmann::json::parse(R"({"routing.fallback": {"old": 900, "new": 600}})"));
  EXPECT_EQ(s["body"], nlohmann::json::parse(R"({"routing": {"fallbackSeconds": 600}})"));
  EXPECT_EQ(s["path"], "/incontactapi/services/v31.0/skills/{skill.wa_support.id}");
}

TEST(Incremental, AddedChannelIsCreatedWithAManualRegister) {
  const auto steps = by_id(scenario_plan("add_channel"));
  EXPECT_TRUE(steps.count("channel.sales_us/add_number"));
  EXPECT_EQ(steps.at("channel.sales_us/register")["op"], "manual");
  EXPECT_EQ(steps.at("channel.sales_us/request_code")["body"]["code_method"], "VOICE");
  EXPECT_EQ(steps.at("role.digital_agent/permissions")["op"], "update");
  // Existing declarations are not created again.
  EXPECT_FALSE(steps.count("channel.support_us/add_number"));
  EXPECT_FALSE(steps.count("skill.wa_support/create"));
  // Nothing is after a step outside the plan.
  EXPECT_EQ(steps.at("channel.sales_us/add_number")["after"], nlohmann::json::array());
}

// Found by fuzz_plan: a channel missing from the state whose business changed got its
// business profile both set (as a new channel) and updated (for the business).
TEST(Incremental, NewChannelOfAChangedBusinessGetsOneProfileStep) {
  auto base = nlohmann::json::parse(swb({"build", jungle()}, jungle()).out);
  base.erase("channels");
  TempDir t;
  std::ofstream(t.path / "state.json") << base.dump();
  auto r =
      swb({"plan", "--format", "json", "--state", (t.path / "state.json").string(), "rename_role"},
          scenarios());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int profiles = 0;
  const auto plan = nlohmann::json::parse(r.out);
  for (const auto& step : plan["steps"]) {
    if (step["id"] == "channel.support_us/business_profile") {
      ++profiles;
      EXPECT_EQ(step["op"], "create");
    }
  }
  EXPECT_EQ(profiles, 1) << r.out;
}

TEST(Incremental, RemovedTemplateIsDeletedAtMeta) {
  const auto plan = scenario_plan("remove_template");
  ASSERT_EQ(plan["steps"].size(), 1u);
  const auto& s = plan["steps"][0];
  EXPECT_EQ(s["op"], "delete");
  EXPECT_EQ(s["method"], "DELETE");
  EXPECT_EQ(s["path"], "/{business.jungle.waba_id}/message_templates?name=appointment_reminder");
  EXPECT_FALSE(s.contains("source"));
}

TEST(Incremental, RenamedRoleIsDeleteAndCreateAndSaysSo) {
  const auto plan = scenario_plan("rename_role");
  std::vector<std::string> ids;
  for (const auto& s : plan["steps"]) ids.push_back(s["id"]);
  const std::vector<std::string> expected = {"role.support_agent/create",
                                             "role.support_agent/permissions", "user.mowgli/update",
                                             "role.digital_agent/delete"};
  EXPECT_EQ(ids, expected);
  const auto steps = by_id(plan);
  EXPECT_EQ(steps.at("role.digital_agent/delete")["after"],
            nlohmann::json::array({"user.mowgli/update"}));
  auto text = swb({"plan", "--state", "state.json", "rename_role"}, scenarios()).out;
  EXPECT_NE(text.find("renamed to role.support_agent: delete + create"), std::string::npos);
  EXPECT_NE(text.find("renamed from role.digital_agent: delete + create"), std::string::npos);
}

TEST(Incremental, ChangedPhoneAddsTheNewNumberAndMovesTheChannel) {
  const auto steps = by_id(scenario_plan("change_phone"));
  EXPECT_EQ(steps.at("channel.support_us/add_number")["body"]["phone_number"], "6145551299");
  const auto& update = steps.at("channel.support_us/update");
  EXPECT_EQ(update["changes"]["phone"]["new"], "+1 614 555 1299");
  EXPECT_EQ(update["body"]["phoneNumberId"], "{channel.support_us.phone_number_id}");
  EXPECT_EQ(steps.at("channel.support_us/remove_old_number")["op"], "manual");
}

// PLAN.md: a channel without two_step_pin gets a manual register step, in an incremental
// plan too; an API call with no PIN in its body would register nothing.
TEST(Incremental, RemovedPinIsAManualRegister) {
  const auto plan = scenario_plan("remove_pin");
  ASSERT_EQ(plan["steps"].size(), 1u) << plan.dump(2);
  const auto& s = plan["steps"][0];
  EXPECT_EQ(s["id"], "channel.support_us/register");
  EXPECT_EQ(s["op"], "manual");
  EXPECT_EQ(s["resource"], "channel.support_us");
  for (const char* api : {"target", "method", "path", "body", "changes"})
    EXPECT_FALSE(s.contains(api)) << "a manual step has no " << api;
  EXPECT_EQ(s["after"], nlohmann::json::array());
  EXPECT_NE(s["summary"].get<std::string>().find("and set its two-step PIN in WhatsApp Manager"),
            std::string::npos)
      << s["summary"];
  EXPECT_EQ(plan["summary"],
            nlohmann::json::parse(R"({"create": 0, "update": 0, "delete": 0, "manual": 1})"));
}

// ---- --base GITREV ----------------------------------------------------------------------
// run_process does not search PATH.
std::string git_binary() {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  std::stringstream dirs(path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (!dir.empty() && access((fs::path(dir) / "git").c_str(), X_OK) == 0)
      return (fs::path(dir) / "git").string();
  }
  return "/usr/bin/git";
}

int git(const fs::path& repo, std::vector<std::string> args) {
  std::vector<std::string> argv = {git_binary(),
                                   "-C",
                                   repo.string(),
                                   "-c",
                                   "user.name=swb test",
                                   "-c",
                                   "user.email=swb@example.invalid",
                                   "-c",
                                   "commit.gpgsign=false"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv).exit_code;
}

TEST(Base, PlansAgainstAnEarlierCommit) {
  TempDir t;
  const fs::path repo = t.path / "repo";
  fs::create_directories(repo / "config");
  fs::copy_file(scenarios() / "base" / "config.swb", repo / "config" / "tenant.swb");
  ASSERT_EQ(git(repo, {"init", "-q"}), 0);
  ASSERT_EQ(git(repo, {"add", "."}), 0);
  ASSERT_EQ(git(repo, {"commit", "-q", "-m", "first"}), 0);
  fs::copy_file(scenarios() / "skill_fallback" / "config.swb", repo / "config" / "tenant.swb",
                fs::copy_options::overwrite_existing);
  ASSERT_EQ(git(repo, {"commit", "-q", "-am", "second"}), 0);
  // A dirty work tree is planned as it is; the revision is read from git, not the disk.
  auto r = swb({"plan", "--format", "json", "--base", "HEAD~1", "config"}, repo);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto plan = nlohmann::json::parse(r.out);
  ASSERT_EQ(plan["steps"].size(), 1u);
  EXPECT_EQ(plan["steps"][0]["id"], "skill.wa_support/update");
  auto same = swb({"plan", "--base", "HEAD"}, repo / "config");
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.out, "No changes: the deployed configuration already matches.\n");

  auto unknown = swb({"plan", "--base", "no-such-revision", "config"}, repo);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown revision"), std::string::npos) << unknown.err;
  EXPECT_EQ(unknown.out, "");

  const fs::path outside = t.path / "outside";
  fs::create_directories(outside);
  fs::copy_file(scenarios() / "base" / "config.swb", outside / "tenant.swb");
  auto no_git = swb({"plan", "--base", "HEAD~1"}, outside);
  EXPECT_EQ(no_git.exit_code, 2);
  EXPECT_NE(no_git.err.find("git work tree"), std::string::npos) << no_git.err;
}

}  // namespace
