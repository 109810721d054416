// `swb fmt` as a user runs it: --check, --diff, rewriting in place (atomically, keeping the
// mode, through symlinks), stdin, files with syntax errors, and a kill in mid-write.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/support/cli_fixture.h"

namespace fs = std::filesystem;
using swb::test::run_process;
using swb::test::swb_binary;

namespace {

const char* kMessy = "org {\nname=\"Jungle\"\n  sla = sla.s }\n";
const char* kTidy = "org {\n  name = \"Jungle\"\n  sla  = sla.s\n}\n";

class FmtCli : public swb::test::CliFixture {
 protected:
  std::string read(const std::string& name) { return swb::test::read_text(dir_ / name); }
};

TEST_F(FmtCli, CheckListsWhatWouldChangeAndTouchesNothing) {
  write("a.swb", kMessy);
  write("sub/b.swb", kTidy);
  auto r = swb({"fmt", "--check", "."});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "a.swb\n");
  EXPECT_EQ(read("a.swb"), kMessy);
  write("a.swb", kTidy);
  r = swb({"fmt", "--check", "."});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(FmtCli, DiffIsUnifiedAndTouchesNothing) {
  write("a.swb", kMessy);
  auto r = swb({"fmt", "--diff", "a.swb"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("--- a/a.swb\n+++ b/a.swb\n@@ -1,3 +1,4 @@\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\n-name=\"Jungle\"\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n+  name = \"Jungle\"\n"), std::string::npos) << r.out;
  EXPECT_EQ(read("a.swb"), kMessy);
  // With --check as well, the exit status says that something would change.
  EXPECT_EQ(swb({"fmt", "--check", "--diff", "a.swb"}).exit_code, 1);
}

TEST_F(FmtCli, RewritesInPlaceKeepingModeAndSymlinks) {
  write("a.swb", kMessy);
  ASSERT_EQ(::chmod((dir_ / "a.swb").c_str(), 0640), 0);
  write("real/b.swb", kMessy);
  fs::create_symlink("real/b.swb", dir_ / "link.swb");
  auto r = swb({"fmt", "a.swb", "link.swb"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "a.swb\nlink.swb\n");
  EXPECT_EQ(read("a.swb"), kTidy);
  EXPECT_EQ(fs::status(dir_ / "a.swb").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.swb"));
  EXPECT_EQ(read("real/b.swb"), kTidy);
  // Nothing is left beside the files, and a second run has nothing to do.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 3);
  r = swb({"fmt", "."});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
}

TEST_F(FmtCli, StdinToStdout) {
  write("in.swb", kMessy);
  auto r =
      run_process({"/bin/sh", "-c", "exec \"$0\" fmt - < in.swb", swb_binary()}, dir_.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, kTidy);
}

// A config written with CRLF line ends comes out LF throughout, text blocks included, and
// its build output is byte-identical before and after (CLI.md).
TEST_F(FmtCli, CrlfConfigComesOutLfAndBuildsTheSame) {
  fs::copy(jungle(), dir_ / "jungle", fs::copy_options::recursive);
  std::vector<fs::path> files;
  bool text_block = false;
  for (const auto& e : fs::recursive_directory_iterator(dir_ / "jungle")) {
    if (e.path().extension() != ".swb") continue;
    std::string crlf;
    for (const char c : swb::test::read_text(e.path())) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    text_block = text_block || crlf.find("\"\"\"\r\n") != std::string::npos;
    write(fs::relative(e.path(), dir_).string(), crlf);
    files.push_back(e.path());
  }
  ASSERT_TRUE(text_block) << "examples/jungle has no text block over several lines any more";
  const auto before = swb({"build", "jungle"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  const auto r = swb({"fmt", "jungle"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const auto& f : files) {
    EXPECT_EQ(swb::test::read_text(f).find('\r'), std::string::npos) << f << " still has a CR";
  }
  const auto after = swb({"build", "jungle"});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.out, before.out);
}

TEST_F(FmtCli, RefusesFilesWithSyntaxErrorsAndFormatsTheRest) {
  const std::string broken = "org {\n  name = \n}\n";
  write("bad.swb", broken);
  write("good.swb", kMessy);
  auto r = swb({"fmt", "."});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.swb:3:1: error[SWB001]"), std::string::npos) << r.err;
  EXPECT_EQ(read("bad.swb"), broken);
  EXPECT_EQ(read("good.swb"), kTidy);
  r = swb({"fmt", "--diagnostics", "json", "bad.swb"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("\"code\": \"SWB001\""), std::string::npos) << r.err;
}

TEST_F(FmtCli, UsageErrors) {
  EXPECT_EQ(swb({"fmt", "missing.swb"}).exit_code, 2);
  EXPECT_EQ(swb({"fmt", "--format", "json", "."}).exit_code, 2);
}

// SIGKILL while the new text is half written: the file keeps its old text, whole.
TEST_F(FmtCli, KilledMidWriteLosesNothing) {
  std::string big;
  for (int i = 0; i < 2000; ++i) big += "sla s" + std::to_string(i) + " { first_response = 1h }\n";
  write("big.swb", big);
  // The test hook stops the writer after 4096 bytes; the script waits for that, then kills.
  const std::string script =
      "SWB_TEST_WRITE_PAUSE=4096 \"$0\" fmt big.swb & pid=$!\n"
      "for i in $(seq 1 400); do\n"
      "  for t in .big.swb.swb-*; do\n"
      "    if [ -f \"$t\" ] && [ \"$(wc -c < \"$t\")\" -ge 4096 ]; then\n"
      "      kill -9 $pid; wait $pid; echo killed; exit 0\n"
      "    fi\n"
      "  done\n"
      "  sleep 0.05\n"
      "done\n"
      "kill -9 $pid; echo timeout; exit 1\n";
  auto r = run_process({"/bin/sh", "-c", script, swb_binary()}, dir_.string());
  ASSERT_EQ(r.out, "killed\n") << r.err;
  EXPECT_EQ(read("big.swb"), big);
  // Only the abandoned temporary file is beside it, and it is not a .swb file.
  for (const auto& e : fs::directory_iterator(dir_)) {
    if (e.path().filename() != "big.swb") EXPECT_NE(e.path().extension(), ".swb") << e.path();
  }
  EXPECT_EQ(swb({"check", "--format", "json", "big.swb"}).err, "");
}

}  // namespace
