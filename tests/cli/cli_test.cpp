// The command line as a user meets it: exit codes, streams, outputs written atomically,
// determinism, and hostile input that must end in a diagnostic rather than a crash.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "tests/support/process.h"

namespace fs = std::filesystem;
using swb::test::run_process;
using swb::test::source_dir;
using swb::test::swb_binary;

namespace {

class Cli : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("swb-cli-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  swb::test::ProcessResult swb(std::vector<std::string> args,
                               const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), swb_binary());
    return run_process(args, dir_.string(), env);
  }
  std::string jungle() const { return source_dir() + "/examples/jungle"; }

  fs::path dir_;
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_F(Cli, JungleChecksClean) {
  auto r = swb({"check", jungle()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "0 errors, 0 warnings\n");
}

TEST_F(Cli, BuildIsByteIdenticalWhateverTheFileOrder) {
  const std::string j = jungle();
  auto a = swb({"build", j});
  auto b = swb({"build", j + "/routing.swb", j + "/people.swb", j + "/templates.swb",
                j + "/channels.swb", j + "/account.swb"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(a.out, b.out);
  auto doc = nlohmann::json::parse(a.out);
  EXPECT_EQ(doc["format"], "swb-ir/1");
  EXPECT_EQ(doc["channels"][0]["display_name"], "Jungle Support (prod)");
  EXPECT_EQ(doc["channels"][0]["two_step_pin"]["secret"], "WA_PIN_SUPPORT_US");
  EXPECT_EQ(doc["skills"][0]["routing"]["fallback"], 900);
  EXPECT_EQ(doc["hours"][0]["holidays"][0], "2026-12-25");
  // Defaults are applied: the custom component's height and the skill's direction.
  EXPECT_EQ(doc["skills"][0]["direction"], "inbound");
}

TEST_F(Cli, VarOverrideChangesTheOutput) {
  auto r = swb({"build", jungle(), "--var", "env=staging"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["channels"][0]["display_name"],
            "Jungle Support (staging)");
  auto bad = swb({"check", jungle(), "--var", "nope=1"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("SWB110"), std::string::npos) << bad.out;
}

TEST_F(Cli, BuildWritesAtomicallyAndOnlyOnSuccess) {
  const fs::path out = dir_ / "ir.json";
  auto ok = swb({"build", jungle(), "-o", out.string()});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(ok.out.empty());
  const std::string good = read(out);
  EXPECT_NE(good.find("\"swb-ir/1\""), std::string::npos);

  write("bad.swb", "channel x { type = telegram }\n");
  auto bad = swb({"build", "bad.swb", "-o", out.string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(bad.out.empty()) << "diagnostics of build go to stderr";
  EXPECT_NE(bad.err.find("SWB105"), std::string::npos) << bad.err;
  EXPECT_EQ(read(out), good) << "a failed build must not touch the previous output";
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".swb-"), std::string::npos)
        << "temporary file left behind: " << e.path();
  }
}

TEST_F(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(swb({"check", "does-not-exist.swb"}).exit_code, 2);
  EXPECT_EQ(swb({"build", jungle(), "--format", "json"}).exit_code, 2);
  EXPECT_EQ(swb({"check", jungle(), "-W", "SWB999=off"}).exit_code, 2);
  EXPECT_EQ(swb({"check", jungle(), "-W", "SWB111=loud"}).exit_code, 2);
  EXPECT_EQ(swb({"check", jungle(), "--max-file-size", "lots"}).exit_code, 2);
  EXPECT_EQ(swb({"explain", "SWB999"}).exit_code, 2);
  EXPECT_EQ(swb({"frobnicate"}).exit_code, 2);
  auto r = swb({"check", "missing/"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("missing"), std::string::npos);
}

TEST_F(Cli, SeverityPolicy) {
  write("cfg.swb", "hours spare { timezone = \"UTC\" }\n");
  auto warn = swb({"check", "cfg.swb"});
  EXPECT_EQ(warn.exit_code, 0) << warn.out;
  EXPECT_NE(warn.out.find("warning[SWB111]"), std::string::npos) << warn.out;
  EXPECT_EQ(swb({"check", "cfg.swb", "--werror"}).exit_code, 1);
  EXPECT_EQ(swb({"check", "cfg.swb", "-W", "SWB111=error"}).exit_code, 1);
  auto off = swb({"check", "cfg.swb", "-W", "swb111=off"});
  EXPECT_EQ(off.exit_code, 0);
  EXPECT_EQ(off.out, "0 errors, 0 warnings\n");
  auto quiet = swb({"check", "cfg.swb", "--quiet", "-W", "SWB111=note"});
  EXPECT_EQ(quiet.out, "");
}

TEST_F(Cli, JsonDiagnosticsAreOneDocument) {
  write("cfg.swb", "skill s { media = digitl  campaign = 5 }\n");
  auto r = swb({"check", "--format", "json", "cfg.swb"});
  EXPECT_EQ(r.exit_code, 1);
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["diagnostics"].size(), 2u) << r.out;
  const auto& d = doc["diagnostics"][0];
  EXPECT_EQ(d["code"], "SWB105");
  EXPECT_EQ(d["severity"], "error");
  EXPECT_EQ(d["file"], "cfg.swb");
  EXPECT_EQ(d["line"], 1);
  EXPECT_EQ(d["column"], 19);
  EXPECT_EQ(d["end_line"], 1);
  EXPECT_EQ(d["end_column"], 25);
  EXPECT_TRUE(d["help"].get<std::string>().find("digital") != std::string::npos);
  EXPECT_EQ(doc["diagnostics"][1]["code"], "SWB104");
  EXPECT_EQ(doc["errors"], 2);
  EXPECT_EQ(doc["warnings"], 0);
  // --diagnostics json is the same thing for check.
  EXPECT_EQ(swb({"check", "--diagnostics", "json", "cfg.swb"}).out, r.out);
  EXPECT_EQ(swb({"check", "--diagnostics", "json", "--format", "text", "cfg.swb"}).exit_code, 2);
}

TEST_F(Cli, GithubAndSarifFormats) {
  write("cfg.swb", "skill s { media = digitl  campaign = \"c\" }\n");
  auto gh = swb({"check", "--format", "github", "cfg.swb"});
  EXPECT_EQ(gh.exit_code, 1);
  EXPECT_EQ(
      gh.out.rfind("::error file=cfg.swb,line=1,col=19,endLine=1,endColumn=25,title=SWB105::", 0),
      0u)
      << gh.out;
  auto sarif = swb({"check", "--format", "sarif", "cfg.swb"});
  auto doc = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_EQ(doc["runs"][0]["tool"]["driver"]["name"], "swb");
  EXPECT_EQ(doc["runs"][0]["results"][0]["ruleId"], "SWB105");
  EXPECT_EQ(
      doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
      19);
}

TEST_F(Cli, RulesAndExplainCoverTheCatalog) {
  auto rules = swb({"rules"});
  ASSERT_EQ(rules.exit_code, 0);
  for (const char* code : {"SWB001", "SWB113", "SWB201", "SWB331", "SWB407", "SWB515", "SWB606"}) {
    EXPECT_NE(rules.out.find(code), std::string::npos) << code;
    auto e = swb({"explain", code});
    EXPECT_EQ(e.exit_code, 0);
    EXPECT_NE(e.out.find(code), std::string::npos);
    EXPECT_NE(e.out.find("Fixed:"), std::string::npos) << e.out;
  }
}

TEST_F(Cli, SecretsAreNeverEchoed) {
  // A literal PIN is SWB113 and the message must not repeat it.
  write("cfg.swb", R"(channel c {
  type = whatsapp
  business = business.b
  phone = "+1 614 555 1234"
  display_name = "C"
  two_step_pin = "739146"
  default_script = "s"
  default_skill = skill.s
}
)");
  for (const char* format : {"text", "json", "sarif", "github"}) {
    auto r = swb({"check", "--format", format, "cfg.swb"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("SWB113"), std::string::npos) << r.out;
    if (std::string(format) != "text") {
      EXPECT_EQ(r.out.find("739146"), std::string::npos) << format << ": " << r.out;
    }
  }
  // The text renderer shows the source line (the user's own file); the message does not.
  auto text = swb({"check", "--format", "json", "cfg.swb"});
  EXPECT_EQ(text.out.find("739146"), std::string::npos);
}

// ---- hostile input: exit 1 with a diagnostic, bounded CPU, never a crash -----------------

class Hostile : public Cli {
 protected:
  swb::test::ProcessResult check_bounded(const std::string& file) {
    // 20 s of CPU and 4 GB of address space are generous bounds for inputs that take well
    // under a second; sanitizer builds reserve terabytes of shadow memory, so no -v there.
#ifdef SWB_TEST_SANITIZED
    const std::string limits = "ulimit -t 20";
#else
    const std::string limits = "ulimit -t 20 && ulimit -v 4000000";
#endif
    return run_process({"/bin/sh", "-c", limits + " && exec \"$0\" check --format json \"$1\"",
                        swb_binary(), file},
                       dir_.string());
  }
  void expect_diagnosed(const swb::test::ProcessResult& r, const std::string& code) {
    EXPECT_EQ(r.signal, 0) << r.err;
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r.out.substr(0, 500) << r.err;
    bool found = false;
    for (const auto& d : doc["diagnostics"]) found |= d["code"] == code;
    EXPECT_TRUE(found) << "no " << code << " in " << r.out.substr(0, 2000);
  }
};

TEST_F(Hostile, RandomBytes) {
  std::mt19937 rng(20261126);
  std::string bytes(64 * 1024, '\0');
  for (auto& c : bytes) c = static_cast<char>(rng());
  write("random.swb", bytes);
  expect_diagnosed(check_bounded("random.swb"), "SWB005");
}

TEST_F(Hostile, RandomAsciiNoise) {
  std::mt19937 rng(7);
  const std::string alphabet = "{}[]()=,.\"#/*abc_ 019:-%\n\t$";
  std::string text;
  for (int i = 0; i < 200000; ++i) text += alphabet[rng() % alphabet.size()];
  write("noise.swb", text);
  auto r = check_bounded("noise.swb");
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(nlohmann::json::parse(r.out, nullptr, false).is_discarded());
}

TEST_F(Hostile, TruncatedHalfway) {
  for (const char* name : {"account.swb", "channels.swb", "routing.swb", "templates.swb"}) {
    const std::string text = read(fs::path(jungle()) / name);
    write(name, text.substr(0, text.size() / 2));
    auto r = check_bounded(name);
    EXPECT_EQ(r.signal, 0) << name;
    EXPECT_EQ(r.exit_code, 1) << name << r.out;
  }
}

TEST_F(Hostile, DeepNesting) {
  write("lists.swb", "var x = " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  expect_diagnosed(check_bounded("lists.swb"), "SWB004");
  write("objects.swb", "var x = " + std::string(100000, '{') + "\n");
  expect_diagnosed(check_bounded("objects.swb"), "SWB004");
  std::string blocks;
  for (int i = 0; i < 100000; ++i) blocks += "a {";
  write("blocks.swb", blocks);
  expect_diagnosed(check_bounded("blocks.swb"), "SWB004");
}

TEST_F(Hostile, TenMegabyteString) {
  write("long.swb", "var x = \"" + std::string(10 * 1000 * 1000, 'a') + "\"\nvar y = 2026-02-30\n");
  expect_diagnosed(check_bounded("long.swb"), "SWB003");
  write("unterminated.swb", "var x = \"" + std::string(10 * 1000 * 1000, 'a'));
  expect_diagnosed(check_bounded("unterminated.swb"), "SWB002");
}

TEST_F(Hostile, OverTheSizeLimit) {
  write("big.swb", "# " + std::string(2000, 'x') + "\n");
  auto r = swb({"check", "--format", "json", "--max-file-size", "1KiB", "big.swb"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("SWB004"), std::string::npos) << r.out;
}

}  // namespace
