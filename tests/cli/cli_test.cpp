// The command line as a user meets it: exit codes, streams, outputs written atomically,
// determinism, secrets. Hostile input is tests/cli/hostile_test.cpp.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/support/cli_fixture.h"

namespace fs = std::filesystem;

namespace {

using Cli = swb::test::CliFixture;
using swb::test::read_text;
using swb::test::run_process;

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

// CLI.md: the run ends with a summary line, which belongs to the text format and goes to
// stderr for build, plan and graph, clean runs included; --quiet drops it.
TEST_F(Cli, CleanProductRunsEndWithTheSummaryOnStderr) {
  for (const std::string command : {"build", "plan", "graph"}) {
    auto r = swb({command, jungle()});
    ASSERT_EQ(r.exit_code, 0) << command << ": " << r.err;
    EXPECT_EQ(r.err, "0 errors, 0 warnings\n") << command;
    EXPECT_EQ(r.out.find("0 errors"), std::string::npos) << command << ": stdout is the product";
    EXPECT_EQ(swb({command, jungle(), "--quiet"}).err, "") << command;
    auto json = swb({command, jungle(), "--diagnostics", "json"});
    EXPECT_TRUE(nlohmann::json::accept(json.err)) << command << ": " << json.err;
    auto github = swb({command, jungle(), "--diagnostics", "github"});
    EXPECT_EQ(github.err, "") << command << ": github prints only workflow commands";
  }
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

// What `swb explain SWB110` says --var does with each type of default, it does: a string
// takes the text as given (what a shell user means by `--var env=5m`); a duration or an
// integer refuses what is not one.
TEST_F(Cli, VarOverridesDoWhatExplainSays) {
  write("vars.swb", "var env = \"prod\"\nvar wait = 15m\nvar height = 200\n");
  auto text = swb({"check", "vars.swb", "--var", "env=5m"});
  EXPECT_EQ(text.exit_code, 0) << text.out;
  for (const std::string bad : {"wait=soon", "height=5m"}) {
    auto r = swb({"check", "vars.swb", "--var", bad});
    EXPECT_EQ(r.exit_code, 1) << bad;
    EXPECT_NE(r.out.find("SWB110"), std::string::npos) << bad << ": " << r.out;
  }
  const std::string explain = swb({"explain", "SWB110"}).out;
  EXPECT_NE(explain.find("`--var env=5m` is the text \"5m\""), std::string::npos) << explain;
  EXPECT_EQ(explain.find("cannot be overridden with `5m`"), std::string::npos) << explain;
  EXPECT_NE(explain.find("cannot be overridden with `soon`"), std::string::npos) << explain;
}

// A quoted VALUE for a string var is a string literal (LANGUAGE.md §3: "parsed as a literal
// of the same type as the default"): its quotes go and its escapes apply; an unquoted one is
// the text as given.
TEST_F(Cli, AQuotedVarOverrideIsAStringLiteral) {
  auto display = [&](const std::string& value) {
    auto r = swb({"build", jungle(), "--var", "env=" + value});
    EXPECT_EQ(r.exit_code, 0) << value << ": " << r.out << r.err;
    return nlohmann::json::parse(r.out)["channels"][0]["display_name"].get<std::string>();
  };
  EXPECT_EQ(display("\"staging\""), "Jungle Support (staging)");
  EXPECT_EQ(display("\"a\\tb\""), "Jungle Support (a\tb)");
  EXPECT_EQ(display("st\"ag"), "Jungle Support (st\"ag)");
  for (const std::string bad : {"env=\"bad \\q\"", "env=\"${var.env}\""}) {
    auto r = swb({"check", jungle(), "--var", bad});
    EXPECT_EQ(r.exit_code, 1) << bad;
    EXPECT_NE(r.out.find("SWB110"), std::string::npos) << bad << ": " << r.out;
  }
}

TEST_F(Cli, NamedArgumentsBindByName) {
  auto r = swb({"build", swb::test::source_dir() + "/tests/cases/schema/named_arguments_ok.swb"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const auto& t = doc["templates"][0];
  EXPECT_EQ(t["header"]["url"], "https://cdn.acme.example/order.png");
  EXPECT_EQ(t["buttons"][0]["text"], "Track");
  EXPECT_EQ(t["buttons"][0]["url"], "https://acme.example/track");
  EXPECT_EQ(t["buttons"][1]["text"], "Call us");
  EXPECT_EQ(t["buttons"][1]["phone"], "+1 614 555 1234");
  EXPECT_EQ(t["buttons"][2]["text"], "Thanks");
  EXPECT_EQ(doc["channels"][0]["two_step_pin"]["secret"], "WA_PIN_SUPPORT");
}

// Every file swb writes (build, plan and graph -o) appears whole or not at all: written
// to a temporary file in the same directory and renamed, only when the run succeeds. A
// failed run leaves no file: an earlier output would pass for this run's.
void expect_no_temporary_files(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir)) {
    EXPECT_EQ(e.path().filename().string().find(".swb-"), std::string::npos)
        << "temporary file left behind: " << e.path();
  }
}

TEST_F(Cli, OutputsAreWrittenAtomicallyAndOnlyOnSuccess) {
  write("bad.swb", "channel x { type = telegram }\n");
  const std::vector<std::vector<std::string>> commands = {
      {"build"}, {"plan"}, {"plan", "--format", "json"}, {"graph"}};
  for (const auto& command : commands) {
    const std::string what = command[0] + (command.size() > 1 ? " --format json" : "");
    const fs::path out = dir_ / ("out-" + std::to_string(&command - commands.data()));
    auto args = command;
    args.insert(args.end(), {jungle(), "-o", out.string()});
    auto ok = swb(args);
    ASSERT_EQ(ok.exit_code, 0) << what << ": " << ok.err;
    EXPECT_TRUE(ok.out.empty()) << what << ": the product goes to the file only";
    const std::string good = read_text(out);
    EXPECT_EQ(good, swb(std::vector<std::string>(args.begin(), args.end() - 2)).out) << what;

    args = command;
    args.insert(args.end(), {"bad.swb", "-o", out.string()});
    auto bad = swb(args);
    EXPECT_EQ(bad.exit_code, 1) << what;
    EXPECT_TRUE(bad.out.empty()) << what << ": diagnostics go to stderr";
    EXPECT_NE(bad.err.find("SWB105"), std::string::npos) << what << ": " << bad.err;
    EXPECT_FALSE(fs::exists(out)) << what << ": a failed run must not leave a stale output";

    // A failed run with no previous output leaves no file at all.
    const fs::path fresh = dir_ / ("fresh-" + std::to_string(&command - commands.data()));
    args.back() = fresh.string();
    EXPECT_EQ(swb(args).exit_code, 1) << what;
    EXPECT_FALSE(fs::exists(fresh)) << what;
  }
  expect_no_temporary_files(dir_);
}

TEST_F(Cli, AnOutputThatCannotBeWrittenExitsTwo) {
  write("not-a-dir", "x");
  fs::create_directories(dir_ / "a-directory");
  for (const std::string command : {"build", "plan", "graph"}) {
    // No such directory; a parent that is a file; a directory in the way. Each fails for
    // root too, which CI runs as.
    for (const std::string target : {"missing/out.json", "not-a-dir/out.json", "a-directory"}) {
      auto r = swb({command, jungle(), "-o", target});
      EXPECT_EQ(r.exit_code, 2) << command << " -o " << target;
      EXPECT_TRUE(r.out.empty()) << command << " -o " << target;
      EXPECT_NE(r.err.find("cannot write " + target), std::string::npos) << r.err;
    }
  }
  EXPECT_TRUE(fs::is_directory(dir_ / "a-directory"));
  expect_no_temporary_files(dir_);
  expect_no_temporary_files(dir_ / "a-directory");
}

// CLI.md: an output that cannot be written is exit 2, stdout included: a full disk shows only
// when the output is flushed, and every command that prints must notice it there.
TEST_F(Cli, AStdoutThatCannotBeWrittenExitsTwo) {
  write("bad.swb", "channel x { type = telegram }\n");
  write("ugly.swb", "var   x=1\n");
  const std::vector<std::vector<std::string>> commands = {{"check", jungle()},
                                                          {"check", "bad.swb"},
                                                          {"check", jungle(), "--format", "json"},
                                                          {"build", jungle()},
                                                          {"plan", jungle()},
                                                          {"graph", jungle()},
                                                          {"fmt", "--check", "ugly.swb"},
                                                          {"fmt", "--diff", "ugly.swb"},
                                                          {"rules"},
                                                          {"explain", "SWB201"},
                                                          {"help"},
                                                          {"--version"}};
  for (const auto& command : commands) {
    std::vector<std::string> argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" >/dev/full",
                                     swb::test::swb_binary()};
    argv.insert(argv.end(), command.begin(), command.end());
    const auto r = run_process(argv, dir_.string());
    const std::string what = command[0] + (command.size() > 1 ? " " + command[1] : "");
    EXPECT_EQ(r.exit_code, 2) << what << ": " << r.err;
    EXPECT_NE(r.err.find("swb: cannot write to standard output"), std::string::npos)
        << what << ": " << r.err;
  }
}

TEST_F(Cli, AnOutputOverTheFileSizeLimitLeavesNoFile) {
  // `ulimit -f 1` allows 512 bytes: the IR of examples/jungle is larger, so the write fails
  // halfway, the way a full disk would.
  const fs::path out = dir_ / "ir.json";
  write("ir.json", "previous\n");
  auto r = run_process({"/bin/sh", "-c", "ulimit -f 1 && exec \"$0\" build \"$1\" -o \"$2\"",
                        swb::test::swb_binary(), jungle(), out.string()},
                       dir_.string());
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out)) << "neither a partial file nor the stale previous one";
  expect_no_temporary_files(dir_);
}

// CLI.md: "a failed run never leaves a partial or stale file behind". Whether the config has
// errors (exit 1) or the run cannot go on once its command line is understood (exit 2), an
// earlier output at -o is removed.
TEST_F(Cli, AFailedRunRemovesAnEarlierOutput) {
  write("bad.swb", "channel x { type = telegram }\n");
  write("state.json", "{\"format\": \"something\"}\n");
  const std::vector<std::vector<std::string>> failures = {
      {"bad.swb"},                            // errors in the config: exit 1
      {"missing.swb"},                        // a path that does not exist: exit 2
      {jungle(), "--max-file-size", "lots"},  // a bad option value: exit 2
      {jungle(), "--var", "env"},             // a --var without a value: exit 2
  };
  const fs::path out = dir_ / "out";
  for (const std::string command : {"build", "plan", "graph"}) {
    for (const auto& failure : failures) {
      ASSERT_EQ(swb({command, jungle(), "-o", out.string()}).exit_code, 0) << command;
      ASSERT_TRUE(fs::exists(out));
      std::vector<std::string> args = {command};
      args.insert(args.end(), failure.begin(), failure.end());
      args.insert(args.end(), {"-o", out.string()});
      const auto r = swb(args);
      EXPECT_EQ(r.exit_code, failure[0] == "bad.swb" ? 1 : 2) << command << " " << failure[0];
      EXPECT_FALSE(fs::exists(out)) << command << " " << failure[0] << ": stale output left";
    }
  }
  ASSERT_EQ(swb({"plan", jungle(), "-o", out.string()}).exit_code, 0);
  EXPECT_EQ(swb({"plan", jungle(), "--state", "state.json", "-o", out.string()}).exit_code, 2);
  EXPECT_FALSE(fs::exists(out)) << "plan with a bad --state";
  expect_no_temporary_files(dir_);
}

// Only a regular file is removed: not a directory, a FIFO or a symbolic link (swb writes none
// of them), not a file named `-` (`-o -` is stdout), and not a file the run reads.
TEST_F(Cli, AFailedRunRemovesOnlyAnOutputItCouldHaveWritten) {
  const std::string bad = "channel x { type = telegram }\n";
  write("bad.swb", bad);
  write("-", "a file named -\n");
  write("target", "kept\n");
  fs::create_symlink(dir_ / "target", dir_ / "link");
  fs::create_directories(dir_ / "a-directory");
  ASSERT_EQ(mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  for (const std::string target : {"-", "link", "a-directory", "fifo", "bad.swb"}) {
    const auto r = swb({"build", "bad.swb", "-o", target});
    EXPECT_EQ(r.exit_code, 1) << target << ": " << r.err;
  }
  EXPECT_EQ(read_text(dir_ / "-"), "a file named -\n");
  EXPECT_TRUE(fs::is_symlink(dir_ / "link"));
  EXPECT_EQ(read_text(dir_ / "target"), "kept\n");
  EXPECT_TRUE(fs::is_directory(dir_ / "a-directory"));
  EXPECT_TRUE(fs::is_fifo(dir_ / "fifo"));
  EXPECT_EQ(read_text(dir_ / "bad.swb"), bad) << "the config is input, whatever -o says";
}

TEST_F(Cli, ANewOutputFollowsTheUmaskAndAnOldOneKeepsItsMode) {
  const fs::path out = dir_ / "graph.dot";
  auto r = run_process({"/bin/sh", "-c", "umask 027 && exec \"$0\" graph \"$1\" -o \"$2\"",
                        swb::test::swb_binary(), jungle(), out.string()},
                       dir_.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(fs::status(out).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  fs::permissions(out, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  ASSERT_EQ(swb({"graph", jungle(), "-o", out.string()}).exit_code, 0);
  EXPECT_EQ(fs::status(out).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
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

// The items of a large file are parsed, and the rules run, on several threads: the output
// must not depend on how many. 4 400 items (a channel and a skill each) is past the point
// where a file's parse is split (2 000 items per thread), with every kind of finding spread
// through the file.
// A large file is lexed and parsed on several threads; the result is the one pass's, also
// when a block left open in the middle of the file swallows the rest of it.
class Jobs : public Cli {
 protected:
  void check_the_same_output(bool open_across_the_middle, int channels);
};

// More channels than the lowering resolves in one piece (4 096), so that the references are
// resolved on several threads too.
TEST_F(Jobs, DoNotChangeTheOutput) { check_the_same_output(false, 4200); }
TEST_F(Jobs, DoNotChangeTheOutputWhenABlockIsOpenAcrossTheMiddle) {
  check_the_same_output(true, 2200);
}

void Jobs::check_the_same_output(bool open_across_the_middle, int channels) {
  std::string text = R"(business acme {
  legal_name = "Acme Ltd"
  status     = approved
  category   = retail
  timezone   = "America/New_York"
  country    = "US"
}
)";
  for (int i = 0; i < channels; ++i) {
    std::string phone = fmt::format("+1 614 555 {:04}", i);
    if (i % 97 == 5) phone = "+1 614 555";                                      // SWB201
    if (i % 89 == 7) phone = fmt::format("+1 614 555 {:04}", i - 1);            // SWB202
    const char* assign = i % 101 == 9 ? "" : "=";                               // SWB001
    const std::string skill = i % 83 == 3 ? "nowhere" : fmt::format("s{}", i);  // unresolved
    // One skill before the middle is never closed, and its body is not indented: nothing
    // says where it should have ended, so it runs to the end of the file, across the middle.
    const bool unclosed = open_across_the_middle && i == channels / 2 - 10;
    text += fmt::format(
        "\nchannel c{0} {{\n  type {2} whatsapp\n  business = business.acme\n"
        "  phone = \"{1}\"\n  display_name = \"Acme {0}\"\n  default_skill = skill.{3}\n}}\n"
        "\nskill s{0} {{\n{4}media = digital\n{4}direction = inbound\n{5}\n",
        i, phone, assign, skill, unclosed ? "" : "  ", unclosed ? "" : "}");
  }
  write("big.swb", text);
  const auto one = swb({"check", "big.swb", "--format", "json", "-j", "1"});
  ASSERT_EQ(one.exit_code, 1) << one.err;
  for (const char* code : {"SWB001", "SWB201", "SWB202"})
    EXPECT_NE(one.out.find(code), std::string::npos) << code;
  EXPECT_EQ(one.out.find("is never closed") != std::string::npos, open_across_the_middle);
  for (const char* jobs : {"2", "3", "8"}) {
    const auto many = swb({"check", "big.swb", "--format", "json", "-j", jobs});
    EXPECT_EQ(many.exit_code, 1) << jobs;
    EXPECT_EQ(many.out, one.out) << "-j " << jobs;
  }
  EXPECT_EQ(swb({"check", "big.swb", "-j", "0"}).exit_code, 2);
}

// Files of a config large enough to be read on several threads are read at once and added
// in path order: the output is that of one thread, a file that cannot be used included.
TEST_F(Jobs, FilesReadAtOnceGiveTheSameOutput) {
  fs::create_directories(dir_ / "cfg");
  for (int f = 0; f < 4; ++f) {
    std::string text;
    for (int i = 0; i < 1500; ++i) {
      text += fmt::format("skill s{}_{} {{\n  media = digital\n  direction = inbound\n}}\n", f, i);
    }
    if (f == 1) text += "skill broken { media = nowhere.at_all }\n";  // SWB108
    if (f == 2) text += "# \xff\n";                                   // SWB005: not UTF-8
    write(fmt::format("cfg/{}.swb", f), text);
  }
  ASSERT_GT(fs::file_size(dir_ / "cfg" / "0.swb") * 4, 256u * 1024)
      << "small enough for one thread";
  const auto one = swb({"check", "cfg", "--format", "json", "-j", "1"});
  EXPECT_EQ(one.exit_code, 1) << one.err;
  for (const char* code : {"SWB005", "SWB108"}) EXPECT_NE(one.out.find(code), std::string::npos);
  for (const char* jobs : {"2", "4"}) {
    const auto many = swb({"check", "cfg", "--format", "json", "-j", jobs});
    EXPECT_EQ(many.out, one.out) << "-j " << jobs;
  }
}

// Lowering gives back the text of each chunk of blocks it is done with (SourceFile::release);
// a diagnostic in an early chunk still quotes its line, read from the file again.
TEST_F(Cli, DiagnosticsQuoteTextGivenBackDuringTheCheck) {
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += fmt::format("\nskill s{0} {{\n  media = {1}\n  campaign = \"Campaign {0}\"\n}}\n", i,
                        i == 3 || i == 2990 ? "digitall" : "digital");
  }
  write("big.swb", text);
  const auto r = swb({"check", "big.swb"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  for (const char* line : {"   18 |   media = digitall", "14953 |   media = digitall"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
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

// CLI.md: "--quiet drops notes and the summary line", in every format; the counts say what
// is reported, so there are no notes to count.
TEST_F(Cli, QuietDropsNotesInEveryFormat) {
  write("cfg.swb",
        "hours spare { timezone = \"UTC\" }\n"  // SWB111, a warning
        "custom_component c { url = \"https://c.example/templates?c=%s\" }\n");  // SWB323, a note
  auto loud = swb({"check", "--format", "json", "cfg.swb"});
  ASSERT_EQ(loud.exit_code, 0) << loud.out;
  ASSERT_EQ(nlohmann::json::parse(loud.out)["notes"], 1) << loud.out;
  ASSERT_EQ(nlohmann::json::parse(loud.out)["warnings"], 1) << loud.out;
  auto json_ok = [](const std::string& what, const std::string& text) {
    ASSERT_TRUE(nlohmann::json::accept(text)) << what << ": " << text;
    const auto doc = nlohmann::json::parse(text);
    ASSERT_EQ(doc["diagnostics"].size(), 1u) << what << ": " << text;
    EXPECT_EQ(doc["diagnostics"][0]["code"], "SWB111") << what;
    EXPECT_EQ(doc["errors"], 0) << what;
    EXPECT_EQ(doc["warnings"], 1) << what;
    EXPECT_EQ(doc["notes"], 0) << what;
  };
  json_ok("check --format json", swb({"check", "--format", "json", "--quiet", "cfg.swb"}).out);
  json_ok("check --diagnostics json",
          swb({"check", "--diagnostics", "json", "--quiet", "cfg.swb"}).out);
  auto build = swb({"build", "--diagnostics", "json", "--quiet", "cfg.swb"});
  EXPECT_EQ(build.exit_code, 0) << build.err;
  json_ok("build --diagnostics json", build.err);

  auto sarif = nlohmann::json::parse(swb({"check", "--format", "sarif", "--quiet", "cfg.swb"}).out);
  const auto& results = sarif["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u) << results;
  EXPECT_EQ(results[0]["ruleId"], "SWB111");
  EXPECT_EQ(results[0]["level"], "warning");

  auto github = swb({"check", "--format", "github", "--quiet", "cfg.swb"}).out;
  EXPECT_EQ(github.find("::notice"), std::string::npos) << github;
  EXPECT_EQ(github.rfind("::warning file=cfg.swb,", 0), 0u) << github;
  EXPECT_EQ(github.find("SWB323"), std::string::npos) << github;
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

// The text renderer shows source lines, which are the user's own file; everything else
// (message, notes, help, the other formats) must not repeat a literal PIN.
std::string without_snippets(const std::string& text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(at, nl - at);
    const auto bar = line.find(" | ");
    const bool snippet = bar != std::string::npos &&
                         line.find_first_not_of(" 0123456789") == bar + 1 && line[0] == ' ';
    if (!snippet) out += line + "\n";
    at = nl + 1;
  }
  return out;
}

TEST_F(Cli, SecretsAreNeverEchoed) {
  // A literal PIN is SWB113 and the message must not repeat it, whether it is written in
  // place, in a var, or given with --var.
  const std::string channel = R"(channel c {
  type = whatsapp
  business = business.b
  phone = "+1 614 555 1234"
  display_name = "C"
  two_step_pin = PIN
  default_script = "s"
  default_skill = skill.s
}
)";
  write("literal/cfg.swb", std::regex_replace(channel, std::regex("PIN"), "\"739146\""));
  write("var/cfg.swb",
        "var pin = \"739146\"\n" + std::regex_replace(channel, std::regex("PIN"), "var.pin"));
  write("override/cfg.swb",
        "var pin = \"000000\"\n" + std::regex_replace(channel, std::regex("PIN"), "var.pin"));
  for (const std::string config : {"literal", "var", "override"}) {
    for (const std::string format : {"text", "json", "sarif", "github"}) {
      std::vector<std::string> args = {"check", "--format", format, config};
      if (config == "override") args.insert(args.end(), {"--var", "pin=739146"});
      auto r = swb(args);
      EXPECT_EQ(r.exit_code, 1) << config;
      EXPECT_NE(r.out.find("SWB113"), std::string::npos) << config << r.out;
      const std::string shown = format == "text" ? without_snippets(r.out) : r.out;
      EXPECT_EQ(shown.find("739146"), std::string::npos)
          << config << ", " << format << ": " << r.out;
      EXPECT_EQ(r.err.find("739146"), std::string::npos) << r.err;
    }
  }
}

// The value of secret("ENV") is never read into any output: set in the environment, it
// appears in no stream and no file of any command, format or severity policy, on a clean
// config and on one with errors.
TEST_F(Cli, SecretValuesAppearInNoOutput) {
  const std::string value = "Zq8-secret-value-4829";
  const std::vector<std::string> env = {"WA_PIN_SUPPORT_US=" + value, "SWB_TEST_PIN=" + value};
  write("broken/cfg.swb", R"(channel c {
  type = whatsapp
  business = business.b
  phone = "+1 614 555 12"
  display_name = secret("SWB_TEST_PIN")
  two_step_pin = secret("SWB_TEST_PIN")
  default_script = "s"
  default_skill = skill.s
}
hours spare { timezone = "UTC" }
var unused = secret("SWB_TEST_PIN")
)");
  const std::vector<std::vector<std::string>> commands = {{"check"},
                                                          {"build"},
                                                          {"build", "-o", "out/ir.json"},
                                                          {"plan"},
                                                          {"plan", "--format", "json"},
                                                          {"plan", "-o", "out/plan.txt"},
                                                          {"graph"},
                                                          {"graph", "-o", "out/graph.dot"}};
  const std::vector<std::vector<std::string>> variants = {
      {},
      {"--diagnostics", "json"},
      {"--diagnostics", "sarif"},
      {"--diagnostics", "github"},
      {"--werror"},
      {"-W", "SWB111=error"},
      {"-W", "SWB113=off", "-W", "SWB201=warning", "--quiet"}};
  fs::create_directories(dir_ / "out");
  int runs = 0, failing = 0;
  // The broken config first: a failed run removes the outputs of an earlier one, and those of
  // the clean config are scanned below.
  for (const std::string config : {std::string("broken"), jungle()}) {
    for (const auto& command : commands) {
      for (const auto& variant : variants) {
        auto args = command;
        args.push_back(config);
        args.insert(args.end(), variant.begin(), variant.end());
        auto r = swb(args, env);
        std::string shown;
        for (const auto& a : args) shown += a + " ";
        EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << shown << r.err;
        failing += r.exit_code == 1;
        ++runs;
        EXPECT_EQ(r.out.find(value), std::string::npos) << "stdout of " << shown;
        EXPECT_EQ(r.err.find(value), std::string::npos) << "stderr of " << shown;
      }
    }
  }
  EXPECT_EQ(runs, 2 * 8 * 7);
  EXPECT_GT(failing, 0) << "the broken config must fail";
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir_)) {
    if (!e.is_regular_file()) continue;
    ++files;
    EXPECT_EQ(read_text(e.path()).find(value), std::string::npos) << e.path();
  }
  EXPECT_GE(files, 4);  // the config and the three outputs
}

}  // namespace
