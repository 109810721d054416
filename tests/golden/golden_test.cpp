// The golden-file driver: every tests/cases/**/*.swb (or *.case directory) is a test.
// Expectations live in the case as comments:
//   phone = "+1 614 555 12"   # CHECK: SWB201          a diagnostic on this line
//   # CHECK: SWB201:11                                  …at column 11
//   # CHECK-LINE 12: SWB002                             …on line 12 of this file
//   # CHECK-LINE 0: SWB110                              …without a location
//   # CHECK-COMMAND-LINE: SWB110:7                      …in the --var options (the
//                                                        "<command line>" source), column 7
//   # ARGS: --var env=dev                               extra command-line arguments
//   # IMAGE: assets/big.png 640x640 5200000             a PNG made next to the case while it
//                                                       runs (sizes no repository should hold)
//   # EXIT: 2                                           the exit status (default: 1 if any
//                                                       error is reported, else 0)
// A case without CHECK lines must check clean. The full text output is compared with the
// sidecar NAME.expected; run the test binary with --update (or SWB_UPDATE=1) to rewrite
// the sidecars, then review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "tests/support/png.h"
#include "tests/support/process.h"

namespace fs = std::filesystem;

namespace {

bool g_update = false;

struct Expectation {
  std::string file;  // relative to the case's parent directory
  int line = 0;
  int column = 0;  // 0: any
  std::string code;
  bool operator<(const Expectation& o) const {
    return std::tie(file, line, code, column) < std::tie(o.file, o.line, o.code, o.column);
  }
};

struct Case {
  fs::path path;  // the .swb file or .case directory
  std::string name;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.path.generic_string(); }

std::vector<Case> discover() {
  std::vector<Case> cases;
  const fs::path root = fs::path(swb::test::source_dir()) / "tests" / "cases";
  if (!fs::exists(root)) return cases;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const fs::path& p = it->path();
    if (it->is_directory() && p.extension() == ".case") {
      cases.push_back({p, ""});
      it.disable_recursion_pending();
    } else if (it->is_regular_file() && p.extension() == ".swb") {
      cases.push_back({p, ""});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const Case& a, const Case& b) { return a.path < b.path; });
  for (auto& c : cases) {
    std::string n = fs::relative(c.path, root).replace_extension("").generic_string();
    for (char& ch : n) {
      if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    }
    c.name = n;
  }
  return cases;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split_args(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

struct Directives {
  std::vector<std::pair<fs::path, std::string>> images;  // made for the run, then removed
  std::multiset<Expectation> expected;
  std::vector<std::string> args;
  int exit_code = -1;
};

void scan_file(const fs::path& file, const std::string& shown, Directives& d) {
  static const std::regex check(R"((?:#|//)\s*CHECK(?:-LINE\s+(\d+)|-(COMMAND-LINE))?:\s*(.*))");
  static const std::regex code(R"((SWB\d{3})(?::(\d+))?)");
  static const std::regex args(R"((?:#|//)\s*ARGS:\s*(.*))");
  static const std::regex exit_re(R"((?:#|//)\s*EXIT:\s*(\d+))");
  static const std::regex image(R"((?:#|//)\s*IMAGE:\s*(\S+)\s+(\d+)x(\d+)(?:\s+(\d+))?)");
  std::istringstream in(read_all(file));
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (std::regex_search(line, m, check)) {
      const bool command_line = m[2].matched;
      const int at = command_line ? 1 : m[1].matched ? std::stoi(m[1]) : n;
      const std::string rest = m[3];
      for (std::sregex_iterator it(rest.begin(), rest.end(), code), end; it != end; ++it) {
        d.expected.insert({command_line ? std::string("<command line>")
                           : at == 0    ? std::string()
                                        : shown,
                           at, (*it)[2].matched ? std::stoi((*it)[2]) : 0, (*it)[1]});
      }
    }
    if (std::regex_search(line, m, args)) {
      for (auto& a : split_args(m[1])) d.args.push_back(a);
    }
    if (std::regex_search(line, m, exit_re)) d.exit_code = std::stoi(m[1]);
    if (std::regex_search(line, m, image)) {
      d.images.emplace_back(file.parent_path() / m[1].str(),
                            swb::test::png(static_cast<std::uint32_t>(std::stoul(m[2])),
                                           static_cast<std::uint32_t>(std::stoul(m[3])),
                                           m[4].matched ? std::stoul(m[4]) : 0));
    }
  }
}

std::string describe(const Expectation& e) {
  return e.file + ":" + std::to_string(e.line) + (e.column ? ":" + std::to_string(e.column) : "") +
         " " + e.code;
}

class Golden : public testing::TestWithParam<Case> {};

TEST_P(Golden, Diagnostics) {
  const Case& c = GetParam();
  const fs::path parent = c.path.parent_path();
  Directives d;
  if (fs::is_directory(c.path)) {
    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(c.path)) {
      if (e.is_regular_file() && e.path().extension() == ".swb") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (auto& f : files) scan_file(f, fs::relative(f, parent).generic_string(), d);
  } else {
    scan_file(c.path, c.path.filename().generic_string(), d);
  }
  const std::string target = c.path.filename().generic_string();
  struct Cleanup {
    std::vector<fs::path> paths;
    ~Cleanup() {
      for (const auto& p : paths) fs::remove(p);
    }
  } cleanup;
  for (const auto& [path, bytes] : d.images) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
    cleanup.paths.push_back(path);
  }

  std::vector<std::string> argv{
      swb::test::swb_binary(), "check", "--format", "json", "--color", "never"};
  argv.insert(argv.end(), d.args.begin(), d.args.end());
  argv.push_back(target);
  const auto run = swb::test::run_process(argv, parent.string());
  ASSERT_EQ(run.signal, 0) << "swb crashed: " << run.err;

  std::multiset<Expectation> actual;
  bool any_error = false;
  if (run.exit_code != 2) {
    auto doc = nlohmann::json::parse(run.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << "not JSON:\n" << run.out << run.err;
    for (const auto& diag : doc["diagnostics"]) {
      any_error |= diag["severity"] == "error";
      actual.insert({diag.value("file", std::string()), diag.value("line", 0),
                     diag.value("column", 0), diag["code"].get<std::string>()});
    }
  }
  // Match each expectation (with or without a column) to one actual diagnostic.
  std::multiset<Expectation> unmatched_actual = actual;
  std::vector<Expectation> missing;
  for (const auto& e : d.expected) {
    auto it =
        std::find_if(unmatched_actual.begin(), unmatched_actual.end(), [&](const Expectation& a) {
          return a.file == e.file && a.line == e.line && a.code == e.code &&
                 (e.column == 0 || e.column == a.column);
        });
    if (it == unmatched_actual.end())
      missing.push_back(e);
    else
      unmatched_actual.erase(it);
  }
  std::string report;
  for (const auto& e : missing) report += "  expected but not reported: " + describe(e) + "\n";
  for (const auto& a : unmatched_actual)
    report += "  reported but not expected: " + describe(a) + "\n";
  EXPECT_TRUE(report.empty()) << "in " << c.path << "\n" << report << "\nswb said:\n" << run.out;

  const int want_exit = d.exit_code >= 0 ? d.exit_code : (any_error ? 1 : 0);
  EXPECT_EQ(run.exit_code, want_exit) << run.err;

  // The human-readable output, compared with (or written to) the sidecar.
  std::vector<std::string> text_argv{swb::test::swb_binary(), "check", "--color", "never"};
  text_argv.insert(text_argv.end(), d.args.begin(), d.args.end());
  text_argv.push_back(target);
  const auto text = swb::test::run_process(text_argv, parent.string());
  const std::string rendered = text.out + text.err;
  fs::path sidecar = c.path;
  sidecar.replace_extension(".expected");
  if (g_update) {
    std::ofstream(sidecar, std::ios::binary) << rendered;
  } else if (fs::exists(sidecar)) {
    EXPECT_EQ(read_all(sidecar), rendered)
        << "text output differs from " << sidecar << " (rerun with --update and review the diff)";
  } else {
    ADD_FAILURE() << "no " << sidecar << "; run the golden test with --update to create it";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, testing::ValuesIn(discover()),
                         [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--update") g_update = true;
  }
  if (const char* u = std::getenv("SWB_UPDATE"); u && *u == '1') g_update = true;
  return RUN_ALL_TESTS();
}
