// Hostile input, as a pull request could bring it: swb ends with exit 1 and a diagnostic (or
// exit 2 and a message for what cannot be used at all), under CPU and memory ulimits, and
// never with a signal or a hang. docs/security.md names these tests.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>

#include "tests/support/cli_fixture.h"

namespace fs = std::filesystem;
using swb::test::ProcessResult;
using swb::test::read_text;
using swb::test::run_process;
using swb::test::swb_binary;
using namespace std::string_literals;

namespace {

// Sanitizer builds run unoptimised and about thirty times slower: the largest inputs are
// scaled down there (the Release suite runs them at full size).
#ifdef SWB_TEST_SANITIZED
constexpr std::size_t kScale = 50;
#else
constexpr std::size_t kScale = 1;
#endif

struct Limits {
  int cpu_seconds = 20;
  long memory_kb = 4'000'000;
};

class Hostile : public swb::test::CliFixture {
 protected:
  // Runs swb under `ulimit -t` (CPU) and `ulimit -v` (address space): exceeding either is a
  // signal, which expect_diagnosed reports. Sanitizer builds reserve terabytes of shadow
  // memory, so there is no -v there. A `timeout` guards only against blocking forever (a
  // FIFO opened for reading), which costs no CPU; it is not a speed bound.
  ProcessResult bounded(const std::vector<std::string>& args, Limits limits = {}) {
    std::string script = "ulimit -t " + std::to_string(limits.cpu_seconds);
#ifndef SWB_TEST_SANITIZED
    script += " && ulimit -v " + std::to_string(limits.memory_kb);
#endif
    script += " && exec timeout -s KILL 300 \"$@\"";
    std::vector<std::string> argv = {"/bin/sh", "-c", script, "sh", swb_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, dir_.string());
  }
  ProcessResult check_bounded(const std::string& path, Limits limits = {}) {
    return bounded({"check", "--format", "json", path}, limits);
  }

  // The JSON document on stdout, and each diagnostic with the given code.
  static nlohmann::json diagnostics(const ProcessResult& r, const std::string& code) {
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    nlohmann::json found = nlohmann::json::array();
    if (doc.is_discarded()) return found;
    for (const auto& d : doc["diagnostics"]) {
      if (d["code"] == code) found.push_back(d);
    }
    return found;
  }
  void expect_diagnosed(const ProcessResult& r, const std::string& code, int exit_code = 1) {
    EXPECT_EQ(r.signal, 0) << r.err;
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r.out.substr(0, 500) << r.err;
    EXPECT_FALSE(diagnostics(r, code).empty()) << "no " << code << " in " << r.out.substr(0, 2000);
  }
  // Exit 2: a message on stderr naming the path, no SWB code, nothing on stdout.
  static void expect_unusable(const ProcessResult& r, const std::string& path) {
    EXPECT_EQ(r.signal, 0) << r.err;
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("SWB"), std::string::npos) << r.err;
  }
  static void report(const std::string& what, const ProcessResult& r) {
    std::cout << "[ figures  ] " << what << ": " << r.cpu_seconds << " s CPU, "
              << r.max_rss_kb / 1024 << " MiB peak RSS\n";
  }
};

// ---- bytes --------------------------------------------------------------------------------

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
    const std::string text = read_text(fs::path(jungle()) / name);
    write(name, text.substr(0, text.size() / 2));
    auto r = check_bounded(name);
    EXPECT_EQ(r.signal, 0) << name;
    EXPECT_EQ(r.exit_code, 1) << name << r.out;
  }
}

// An empty file is a config that declares nothing (LANGUAGE.md §2: `file = { … } EOF`), so
// it checks clean; a lone byte-order mark is the same empty file.
TEST_F(Hostile, EmptyFileAndLoneByteOrderMark) {
  write("empty.swb", "");
  write("bom.swb", "\xEF\xBB\xBF");
  for (const char* name : {"empty.swb", "bom.swb"}) {
    auto r = check_bounded(name);
    EXPECT_EQ(r.signal, 0) << name;
    EXPECT_EQ(r.exit_code, 0) << name << r.out;
    EXPECT_EQ(nlohmann::json::parse(r.out)["diagnostics"].size(), 0u) << name;
  }
  // After a byte-order mark, columns start at 1 on the first line.
  write("bom-date.swb", "\xEF\xBB\xBFvar x = 2026-02-30\n");
  auto d = diagnostics(check_bounded("bom-date.swb"), "SWB003");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]["line"], 1);
  EXPECT_EQ(d[0]["column"], 9);
}

TEST_F(Hostile, CrlfAndLoneCrLineEnds) {
  // examples/jungle with CRLF line ends checks clean and builds the same IR.
  for (const char* dir : {"crlf", "cr"}) {
    fs::copy(jungle(), dir_ / dir, fs::copy_options::recursive);
    for (const auto& e : fs::directory_iterator(dir_ / dir)) {
      if (e.path().extension() != ".swb") continue;
      const std::string text = read_text(e.path());
      write(fs::relative(e.path(), dir_).string(),
            std::regex_replace(text, std::regex("\n"), dir == std::string("cr") ? "\r" : "\r\n"));
    }
  }
  for (const char* dir : {"crlf", "cr"}) {
    auto r = check_bounded(dir);
    EXPECT_EQ(r.exit_code, 0) << dir << ": " << r.out;
    EXPECT_EQ(nlohmann::json::parse(r.out)["diagnostics"].size(), 0u) << dir << ": " << r.out;
    EXPECT_EQ(swb({"build", dir}).out, swb({"build", jungle()}).out) << dir;
  }
  // Line numbers count CRLF, CR and LF each as one line end, mixed in one file.
  write("mixed.swb", "var a = 1\r\nvar b = 2\rvar c = 3\n\r\nvar d = 2026-02-30\r\n");
  auto d = diagnostics(check_bounded("mixed.swb"), "SWB003");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]["line"], 5);
  EXPECT_EQ(d[0]["column"], 9);
  // The text form shows the line without its CR.
  auto text = swb({"check", "mixed.swb"});
  EXPECT_NE(text.out.find("mixed.swb:5:9:"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find('\r'), std::string::npos);
}

TEST_F(Hostile, NulBytes) {
  write("nul.swb", "var a = 1\0\0\0var b = 2\n"s);
  auto r = check_bounded("nul.swb");
  expect_diagnosed(r, "SWB001");
  const auto d = diagnostics(r, "SWB001");
  ASSERT_EQ(d.size(), 1u) << "one run of NULs, one error";
  EXPECT_EQ(d[0]["column"], 10);
  EXPECT_NE(d[0]["message"].get<std::string>().find("\\x00"), std::string::npos);
  // Inside a string a NUL is text; nothing may crash on it downstream.
  write("nul-string.swb", "var a = \"x\0y\"\nhours h { timezone = \"\0\" }\n"s);
  auto s = check_bounded("nul-string.swb");
  EXPECT_EQ(s.signal, 0);
  EXPECT_EQ(s.exit_code, 1) << s.out;
  EXPECT_FALSE(nlohmann::json::parse(s.out, nullptr, false).is_discarded());
}

TEST_F(Hostile, InvalidUtf8AndOverlongEncodings) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"overlong-slash-2", "\xC0\xAF"},
      {"overlong-slash-3", "\xE0\x80\xAF"},
      {"overlong-slash-4", "\xF0\x80\x80\xAF"},
      {"overlong-nul", "\xC0\x80"},
      {"surrogate", "\xED\xA0\x80"},
      {"past-10ffff", "\xF4\x90\x80\x80"},
      {"lone-continuation", "\x80"},
      {"truncated", "\xE2\x82"},
      {"fe-ff", "\xFE\xFF"}};
  for (const auto& [name, bytes] : cases) {
    write(name + ".swb", "var ok = \"é\"\nvar x = \"" + bytes + "\"\n");
    auto r = check_bounded(name + ".swb");
    expect_diagnosed(r, "SWB005");
    const auto d = diagnostics(r, "SWB005");
    ASSERT_EQ(d.size(), 1u) << name;
    // "é" is two bytes: the bad sequence starts at byte 23.
    EXPECT_NE(d[0]["message"].get<std::string>().find("byte offset 23"), std::string::npos)
        << name << ": " << d[0]["message"];
    EXPECT_EQ(d[0]["line"], 2) << name;
  }
}

// ---- size ---------------------------------------------------------------------------------

TEST_F(Hostile, OverTheSizeLimit) {
  write("big.swb", "# " + std::string(2000, 'x') + "\n");
  auto r = swb({"check", "--format", "json", "--max-file-size", "1KiB", "big.swb"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("SWB004"), std::string::npos) << r.out;
}

// 64 MiB + 1 byte is over the default limit, decided from the file's size alone: the peak
// memory stays far below the file's size. (A sparse file: the test writes nothing.)
TEST_F(Hostile, OneByteOverTheDefaultLimitIsNeverRead) {
  write("empty.swb", "");
  const long baseline_kb = check_bounded("empty.swb").max_rss_kb;
  const fs::path big = dir_ / "big.swb";
  write("big.swb", "");
  fs::resize_file(big, (64ull << 20) + 1);
  auto r = check_bounded("big.swb");
  expect_diagnosed(r, "SWB004");
  EXPECT_NE(r.out.find("67108865 bytes, over the limit of 64 MiB"), std::string::npos) << r.out;
  EXPECT_LT(r.max_rss_kb, baseline_kb + 16 * 1024) << "the file was read";
  report("64 MiB + 1 byte", r);
  // Source offsets are 32-bit, so no --max-file-size lets a 4 GiB file in.
  fs::resize_file(big, (4ull << 30) + 1);
  auto huge = bounded({"check", "--format", "json", "--max-file-size", "8GiB", "big.swb"});
  expect_diagnosed(huge, "SWB004");
  EXPECT_LT(huge.max_rss_kb, baseline_kb + 16 * 1024);
}

// One line of 50 MB holding two million errors: line and column stay cheap to compute, the
// text form shows a window of the line, and the listing stops at kMaxListedDiagnostics
// while the counts stay exact. (This took hours before columns were indexed.)
TEST_F(Hostile, FiftyMegabyteLine) {
  std::string line;
  // Under the sanitizers, just enough errors to pass the listing limit.
  const std::size_t target = kScale == 1 ? 50'000'000 : 400'000;
  std::size_t count = 0;
  while (line.size() < target) line += "var e" + std::to_string(count++) + " = 2026-02-30 ";
  write("line.swb", line + "\n");
  auto r = check_bounded("line.swb", {60, 4'000'000});
  expect_diagnosed(r, "SWB003");
  report("50 MB line, json", r);
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["errors"], count);
  EXPECT_EQ(doc["diagnostics"].size(), 10000u);
  EXPECT_EQ(doc["omitted"], count - 10000);
  EXPECT_EQ(doc["diagnostics"][9999]["line"], 1);

  auto text = bounded({"check", "line.swb"}, {60, 4'000'000});
  EXPECT_EQ(text.signal, 0);
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_LT(text.out.size(), 10'000'000u) << "each snippet shows a window, not the line";
  EXPECT_NE(text.out.find("more not listed"), std::string::npos);
  EXPECT_NE(text.out.find(std::to_string(count) + " errors, 0 warnings"), std::string::npos);
  report("50 MB line, text", text);
  // A comment of the same size is nothing at all.
  write("comment.swb", "# " + std::string(target, 'x') + "\n");
  auto comment = check_bounded("comment.swb");
  EXPECT_EQ(comment.exit_code, 0) << comment.out;
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

// A million declarations that look valid: they must all be read, checked and counted
// within the bounds.
TEST_F(Hostile, MillionDeclarations) {
  const std::size_t n = 1'000'000 / kScale;
  std::string text;
  text.reserve(n * 32);
  for (std::size_t i = 0; i < n; ++i) text += "var v" + std::to_string(i) + " = \"value\"\n";
  text += "var v0 = 2\n";  // one mistake at the very end, so the whole file was looked at
  write("vars.swb", text);
  auto r = check_bounded("vars.swb", {60, 4'000'000});
  expect_diagnosed(r, "SWB106");
  EXPECT_EQ(nlohmann::json::parse(r.out)["errors"], 1);
  report(std::to_string(n) + " vars", r);
}

// "Billion laughs": a string doubled by interpolation, and a large var used in many places.
// Both once ran out of memory (std::bad_alloc, an abort); now they spend a budget, SWB004.
TEST_F(Hostile, VarExpansionIsBounded) {
  std::string doubling = "var a0 = \"" + std::string(1'000'000, 'x') + "\"\n";
  for (int i = 1; i <= 20; ++i) {
    doubling += "var a" + std::to_string(i) + " = \"${var.a" + std::to_string(i - 1) + "}${var.a" +
                std::to_string(i - 1) + "}\"\n";
  }
  write("doubling.swb", doubling + "hours h { timezone = var.a20 }\nsla s { hours = hours.h }\n");
  auto r = check_bounded("doubling.swb");
  expect_diagnosed(r, "SWB004");
  report("doubling interpolation", r);

  std::string uses = "var big = \"" + std::string(1'000'000, 'x') + "\"\n";
  // 256 uses spend the budget; the unoptimised sanitizer build is given a few more only.
  const int n = kScale == 1 ? 2000 : 400;
  for (int i = 0; i < n; ++i) uses += "hours h" + std::to_string(i) + " { timezone = var.big }\n";
  write("uses.swb", uses);
  auto u = check_bounded("uses.swb", {60, 4'000'000});
  expect_diagnosed(u, "SWB004");
  report("a 1 MB var used " + std::to_string(n) + " times", u);
}

// ---- merge conflicts ------------------------------------------------------------------------

TEST_F(Hostile, MergeConflictMarkers) {
  const std::string conflict =
      "var a = 1\n"
      "<<<<<<< HEAD\n"
      "hours h { timezone = \"UTC\" }\n"
      "||||||| base\n"
      "hours h { timezone = \"Europe/Paris\" }\n"
      "=======\n"
      "hours h { timezone = \"America/New_York\" }\n"
      ">>>>>>> feature/paris\n"
      "var b = 2\n";
  write("conflict.swb", conflict);
  write("conflict-crlf.swb", std::regex_replace(conflict, std::regex("\n"), "\r\n"));
  for (const char* name : {"conflict.swb", "conflict-crlf.swb"}) {
    auto r = check_bounded(name);
    expect_diagnosed(r, "SWB001");
    const auto d = diagnostics(r, "SWB001");
    ASSERT_EQ(d.size(), 1u) << "one conflict, one error: " << r.out;
    EXPECT_EQ(d[0]["line"], 2);
    EXPECT_EQ(d[0]["column"], 1);
    EXPECT_NE(d[0]["help"].get<std::string>().find("this looks like an unresolved merge conflict"),
              std::string::npos);
  }
  // A file that starts with a marker, and a conflict in the middle of a block.
  write("start.swb", "<<<<<<< ours\nvar a = 1\n=======\nvar a = 2\n>>>>>>> theirs\n");
  auto d = diagnostics(check_bounded("start.swb"), "SWB001");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]["line"], 1);
}

// ---- the file system --------------------------------------------------------------------------

TEST_F(Hostile, SymlinkLoopsEndAndCountOnce) {
  write("cfg/a.swb", "var a = 2026-02-30\n");
  fs::create_directory_symlink(".", dir_ / "cfg" / "loop");
  fs::create_directory_symlink("..", dir_ / "cfg" / "up");
  fs::create_directory_symlink("../cfg", dir_ / "cfg" / "sub.swb");
  fs::create_symlink("a.swb", dir_ / "cfg" / "again.swb");
  auto r = check_bounded("cfg");
  expect_diagnosed(r, "SWB003");
  const auto d = diagnostics(r, "SWB003");
  ASSERT_EQ(d.size(), 1u) << "the same file through a link is read once: " << r.out;
  EXPECT_EQ(d[0]["file"], "cfg/a.swb");
}

// CLI.md: a path named on the command line that cannot be used is exit 2 with a message
// and no SWB code. These fail for root too (CI runs as root, where chmod 000 reads fine).
TEST_F(Hostile, UnusablePathsOnTheCommandLine) {
  fs::create_symlink("nowhere.swb", dir_ / "dangling.swb");
  ASSERT_EQ(::mkfifo((dir_ / "fifo.swb").c_str(), 0644), 0);
  expect_unusable(check_bounded("dangling.swb"), "dangling.swb");
  expect_unusable(check_bounded("fifo.swb"), "fifo.swb");
  expect_unusable(check_bounded("/dev/null"), "/dev/null");
  expect_unusable(bounded({"build", "fifo.swb", "-o", "out.json"}), "fifo.swb");
  EXPECT_FALSE(fs::exists(dir_ / "out.json"));
  // A directory named x.swb is a directory: walked, and empty here.
  fs::create_directories(dir_ / "dir.swb");
  auto r = check_bounded("dir.swb");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  if (::geteuid() != 0) {
    write("secret.swb", "var a = 1\n");
    fs::permissions(dir_ / "secret.swb", fs::perms::none);
    expect_unusable(check_bounded("secret.swb"), "secret.swb");
  }
}

// CLI.md: a file found by walking that cannot be read is SWB005 and exit 1, reported once,
// and the rest of the config is still checked.
TEST_F(Hostile, UnreadableFilesFoundByWalking) {
  write("cfg/ok.swb", "var ok = 2026-02-30\n");
  fs::create_symlink("nowhere.swb", dir_ / "cfg" / "dangling.swb");
  ASSERT_EQ(::mkfifo((dir_ / "cfg" / "fifo.swb").c_str(), 0644), 0);
  write("cfg/dir.swb/inner.swb", "var inner = 2026-02-31\n");
  if (::geteuid() != 0) {
    write("cfg/locked.swb", "var locked = 1\n");
    fs::permissions(dir_ / "cfg" / "locked.swb", fs::perms::none);
    write("cfg/closed/x.swb", "var x = 1\n");
    fs::permissions(dir_ / "cfg" / "closed", fs::perms::none);
  }
  auto r = check_bounded("cfg");
  expect_diagnosed(r, "SWB005");
  std::map<std::string, std::string> unreadable;
  for (const auto& d : diagnostics(r, "SWB005")) {
    EXPECT_EQ(unreadable.count(d["file"]), 0u) << "reported twice: " << d["file"];
    unreadable[d["file"]] = d["message"];
  }
  EXPECT_NE(unreadable["cfg/dangling.swb"].find("No such file"), std::string::npos);
  EXPECT_NE(unreadable["cfg/fifo.swb"].find("FIFO"), std::string::npos);
  if (::geteuid() != 0) {
    EXPECT_EQ(unreadable.count("cfg/locked.swb"), 1u);
    EXPECT_EQ(unreadable.count("cfg/closed"), 1u);
  }
  // The readable files were still checked, the one inside the directory named dir.swb too.
  EXPECT_EQ(diagnostics(r, "SWB003").size(), 2u) << r.out;
}

// A symbolic link found by a walk that leads outside the config is not read: its content
// would otherwise be shown in diagnostics (a pull request adding `x.swb -> ~/.ssh/...`).
TEST_F(Hostile, WalkedSymlinkOutOfTheConfigIsNotRead) {
  write("outside/private.swb", "TOPSECRET-7731 = = =\n");
  write("cfg/ok.swb", "var ok = 1\n");
  fs::create_symlink("../outside/private.swb", dir_ / "cfg" / "leak.swb");
  for (const char* format : {"json", "text", "sarif", "github"}) {
    auto r = bounded({"check", "--format", format, "cfg"});
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("SWB005"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("TOPSECRET"), std::string::npos) << r.out;
  }
  // Named on the command line, the same file is the user's choice and is read.
  auto named = check_bounded("cfg/leak.swb");
  expect_diagnosed(named, "SWB001");
}

// A logo file, like an import, must lie inside the config; one that is not a regular file
// is not opened (a FIFO would block the run).
TEST_F(Hostile, LogoFilesStayInsideTheConfig) {
  const std::string business = R"(business acme {
  legal_name                   = "Acme Corp"
  description                  = "Anvils, rockets and giant magnets."
  facebook_business_manager_id = "104857600123456"
  status                       = approved
  category                     = retail
  timezone                     = "America/New_York"
  websites                     = ["https://acme.example"]
  address                      = "1 Main St, Columbus, OH 43004"
  email                        = "contact@acme.example"
  logo { url = "https://cdn.acme.example/logo.png"  file = "FILE" }
}
)";
  write("outside.png", "\x89PNG\r\n\x1a\n");
  write("cfg/inside/fifo-dir/.keep", "");
  ASSERT_EQ(::mkfifo((dir_ / "cfg" / "fifo.png").c_str(), 0644), 0);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/etc/hostname", "outside the config's root"},
      {"../outside.png", "outside the config's root"},
      {"fifo.png", "not a regular file"},
      {"inside", "a directory"}};
  for (const auto& [file, expected] : cases) {
    write("cfg/acme.swb", std::regex_replace(business, std::regex("FILE"), file));
    auto r = check_bounded("cfg");
    expect_diagnosed(r, "SWB205");
    const auto d = diagnostics(r, "SWB205");
    ASSERT_EQ(d.size(), 1u) << file << ": " << r.out;
    EXPECT_NE(d[0]["message"].get<std::string>().find(expected), std::string::npos)
        << file << ": " << d[0]["message"];
  }
}

TEST_F(Hostile, UnreadableImports) {
  write("cfg/lib/real.swb", "var x = 1\n");
  ASSERT_EQ(::mkfifo((dir_ / "cfg" / "lib" / "fifo.swb").c_str(), 0644), 0);
  fs::create_directories(dir_ / "cfg" / "lib" / "dir.swb");
  fs::create_symlink("nowhere.swb", dir_ / "cfg" / "lib" / "dangling.swb");
  write("cfg/main.swb",
        "import \"./lib/fifo\" as a\n"
        "import \"./lib/dir\" as b\n"
        "import \"./lib/dangling\" as c\n"
        "import \"std/../../../../../../etc/hostname\" as d\n"
        "import \"./lib/real\\u0000.swb\" as e\n");
  auto r = check_bounded("cfg/main.swb");
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::map<int, std::string> codes;  // line -> code
  const auto doc = nlohmann::json::parse(r.out);
  for (const auto& d : doc["diagnostics"]) {
    EXPECT_EQ(d["file"], "cfg/main.swb") << "reported at the import: " << d;
    codes[d["line"].get<int>()] += d["code"].get<std::string>();
  }
  EXPECT_EQ(codes[1], "SWB005");
  EXPECT_EQ(codes[2], "SWB005");
  EXPECT_EQ(codes[3], "SWB006");
  EXPECT_EQ(codes[4], "SWB008");
  EXPECT_EQ(codes[5], "SWB006");
}

TEST_F(Hostile, ImportOfItself) {
  write("cfg/main.swb", "import \"./main\" as me\nvar a = me.a\n");
  auto r = check_bounded("cfg/main.swb");
  expect_diagnosed(r, "SWB007");
  write("lib/self.swb", "import \"./self\" as again\nvar b = 1\n");
  write("lib/user.swb", "import \"./self\" as s\nvar c = s.b\n");
  expect_diagnosed(check_bounded("lib/user.swb"), "SWB007");
}

// Paths with spaces and non-ASCII characters are shown as they are; JSON escapes what it
// must, and a file name that is not UTF-8 (Linux allows any bytes) is no crash.
TEST_F(Hostile, PathsWithSpacesAndNonAscii) {
  const std::string name = "my configs/Zürich 日本, \"quoted\".swb";
  write(name, "var x = 2026-02-30\n");
  auto r = check_bounded("my configs");
  const auto d = diagnostics(r, "SWB003");
  ASSERT_EQ(d.size(), 1u) << r.out;
  EXPECT_EQ(d[0]["file"], name);
  EXPECT_NE(r.out.find(R"(\"quoted\")"), std::string::npos) << "JSON escapes the quotes";
  auto text = swb({"check", "my configs"});
  EXPECT_NE(text.out.find(name + ":1:9: error[SWB003]"), std::string::npos) << text.out;
  // A SARIF location is a URI reference: the same path, percent-encoded.
  auto sarif = swb({"check", "--format", "sarif", "my configs"});
  EXPECT_EQ(nlohmann::json::parse(sarif.out)["runs"][0]["results"][0]["locations"][0]
                                            ["physicalLocation"]["artifactLocation"]["uri"],
            "my%20configs/Z%C3%BCrich%20%E6%97%A5%E6%9C%AC,%20%22quoted%22.swb");
  auto github = swb({"check", "--format", "github", "my configs"});
  EXPECT_NE(github.out.find("file=my configs/Zürich 日本%2C \"quoted\".swb,line=1"),
            std::string::npos)
      << github.out;

  write("latin1/caf\xE9.swb", "var x = 2026-02-30\n");
  for (const char* format : {"json", "sarif"}) {
    auto l = bounded({"check", "--format", format, "latin1"});
    EXPECT_EQ(l.signal, 0) << format << l.err;
    EXPECT_EQ(l.exit_code, 1) << format << l.err;
    EXPECT_FALSE(nlohmann::json::parse(l.out, nullptr, false).is_discarded()) << l.out;
    // JSON text shows U+FFFD for the byte; a SARIF URI percent-encodes the byte itself.
    const std::string shown = std::string(format) == "json" ? "caf\xEF\xBF\xBD.swb" : "caf%E9.swb";
    EXPECT_NE(l.out.find(shown), std::string::npos) << format << ": " << l.out;
  }
  // A plan step names its source file too.
  write("latin1/ok/caf\xE9.swb", "hours h { timezone = \"UTC\" }\n");
  auto plan = bounded({"plan", "--format", "json", "latin1/ok"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("caf\xEF\xBF\xBD.swb:1:1"), std::string::npos) << plan.out;
}

// ---- plan --state: a state file is input too ---------------------------------------------

TEST_F(Hostile, HostileStateFiles) {
  const std::string good = swb({"build", jungle()}).out;
  ASSERT_FALSE(good.empty());
  const std::vector<std::pair<std::string, std::string>> states = {
      {"not-json", "{\"format\": \"swb-ir/1\", "},
      {"deep", "{\"format\": \"swb-ir/1\", \"channels\": " + std::string(100000, '[') +
                   std::string(100000, ']') + "}"},
      {"deep-in-attribute",
       std::regex_replace(good, std::regex("\"campaign\": \"WhatsApp\""),
                          "\"campaign\": " + std::string(500000, '[') + std::string(500000, ']'))},
      {"wrong-type", std::regex_replace(good, std::regex("\"phone\": \"[^\"]*\""), "\"phone\": 5")},
      {"missing", std::regex_replace(good, std::regex("\"phone\": \"[^\"]*\","), "")},
      {"unknown-attribute",
       std::regex_replace(good, std::regex("\"campaign\":"), "\"mystery\": 1, \"campaign\":")},
      {"bad-name", std::regex_replace(good, std::regex("\"name\": \"wa_support\""),
                                      "\"name\": \"{channel.x.id}\"")},
      {"bad-reference",
       std::regex_replace(good, std::regex("\"skill.wa_support\""), "\"channel.wa_support\"")},
      {"twice", std::regex_replace(good, std::regex("\"hours\": \\["),
                                   "\"hours\": [{\"name\": \"office\", \"timezone\": \"UTC\", "
                                   "\"holidays\": []},")},
  };
  for (const auto& [name, text] : states) {
    write(name + ".json", text);
    auto r = bounded({"plan", "--state", name + ".json", jungle()});
    EXPECT_EQ(r.signal, 0) << name << r.err;
    EXPECT_EQ(r.exit_code, 2) << name << ": " << r.out.substr(0, 300) << r.err;
    EXPECT_NE(r.err.find(name + ".json"), std::string::npos) << name << ": " << r.err;
  }
  ASSERT_EQ(::mkfifo((dir_ / "fifo.json").c_str(), 0644), 0);
  expect_unusable(bounded({"plan", "--state", "fifo.json", jungle()}), "fifo.json");
  write("big.json", good);
  expect_unusable(bounded({"plan", "--state", "big.json", "--max-file-size", "1KiB", jungle()}),
                  "big.json");
  // The untouched state still plans: no changes.
  write("good.json", good);
  auto same = bounded({"plan", "--state", "good.json", jungle()});
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE(same.out.find("No changes"), std::string::npos) << same.out;
}

}  // namespace
