// swb fmt's tests. Layout goldens: every tests/fmt/NAME.in.swb formats to NAME.out.swb, and
// NAME.out.swb formats to itself (SWB_UPDATE=1 rewrites the .out files; review the diff).
// Property: every config in tests/ and examples/ builds to the same IR, with the same
// findings, after formatting all its files, and formatting twice changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "backends/json/json_backend.h"
#include "compiler/diagnostics/catalog.h"
#include "compiler/driver/driver.h"
#include "compiler/format/formatter.h"
#include "tests/support/process.h"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// Formats `text` as the file `name`; nullopt when it has syntax errors.
std::optional<std::string> format_text(const std::string& name, const std::string& text) {
  swb::SourceManager sources;
  swb::Diagnostics diags;
  return swb::format::format_file(sources.add(name, text), diags);
}

fs::path source_root() { return swb::test::source_dir(); }

// ---- layout goldens ---------------------------------------------------------------------

std::vector<std::string> golden_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(source_root() / "tests" / "fmt")) {
    const std::string f = e.path().filename().string();
    if (f.ends_with(".in.swb")) names.push_back(f.substr(0, f.size() - 7));
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Layout : public testing::TestWithParam<std::string> {};

TEST_P(Layout, FormatsToTheGoldenAndIsAFixedPoint) {
  const fs::path dir = source_root() / "tests" / "fmt";
  const fs::path in = dir / (GetParam() + ".in.swb"), out = dir / (GetParam() + ".out.swb");
  const auto formatted = format_text(in.filename().string(), read(in));
  ASSERT_TRUE(formatted) << in << " has syntax errors";
  const char* update = std::getenv("SWB_UPDATE");
  if (update && std::string(update) == "1") write(out, *formatted);
  ASSERT_TRUE(fs::exists(out)) << "no " << out << " (SWB_UPDATE=1 writes it)";
  EXPECT_EQ(*formatted, read(out));
  EXPECT_EQ(format_text(out.filename().string(), *formatted), *formatted) << "not idempotent";
}

INSTANTIATE_TEST_SUITE_P(Fmt, Layout, testing::ValuesIn(golden_names()),
                         [](const auto& info) { return info.param; });

TEST(Fmt, RefusesAFileWithSyntaxErrors) {
  swb::SourceManager sources;
  swb::Diagnostics diags;
  EXPECT_FALSE(swb::format::format_file(sources.add("bad.swb", "org {\n  name = \n}\n"), diags));
  EXPECT_TRUE(diags.has_errors());
  swb::Diagnostics more;
  EXPECT_FALSE(swb::format::format_file(sources.add("bad.swb", "var x = \"open\n"), more));
}

TEST(Fmt, EmptyAndBlankFilesStayEmpty) {
  EXPECT_EQ(format_text("e.swb", ""), "");
  EXPECT_EQ(format_text("e.swb", "\n\n  \n"), "");
  EXPECT_EQ(format_text("e.swb", "# only a comment   \n\n\n"), "# only a comment\n");
}

// ---- property: same meaning, idempotent ---------------------------------------------------

struct Meaning {
  std::string ir;
  std::vector<std::string> codes;
};

Meaning build(const fs::path& root) {
  swb::CompileOptions options;
  options.paths = {root.string()};
  options.load.stdlib_dir = source_root() / "stdlib";
  options.load.threads = 1;
  auto c = swb::compile(options);
  Meaning m;
  if (c->fatal) {
    m.ir = "fatal: " + *c->fatal;
    return m;
  }
  swb::JsonBackend().generate(c->ir, swb::BackendContext{&c->sources}, m.ir);
  for (const auto& d : c->diags.list()) m.codes.emplace_back(swb::catalog_entry(d.code).id);
  std::sort(m.codes.begin(), m.codes.end());
  return m;
}

// Every config in the tree: a .case directory, an example, a plan scenario, or else a
// single .swb file on its own.
std::vector<fs::path> configs() {
  std::vector<fs::path> out;
  for (const char* top : {"tests", "examples"}) {
    for (auto it = fs::recursive_directory_iterator(source_root() / top);
         it != fs::recursive_directory_iterator(); ++it) {
      const fs::path& p = it->path();
      const bool config_dir = it->is_directory() && (p.extension() == ".case" ||
                                                     p.parent_path().filename() == "examples" ||
                                                     p.parent_path().filename() == "scenarios");
      if (config_dir) {
        out.push_back(p);
        it.disable_recursion_pending();
      } else if (it->is_regular_file() && p.extension() == ".swb") {
        out.push_back(p);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class SameMeaning : public testing::TestWithParam<fs::path> {};

TEST_P(SameMeaning, AfterFormattingEveryFile) {
  const fs::path original = GetParam();
  const fs::path scratch = fs::temp_directory_path() / ("swb-fmt-prop-" + std::to_string(getpid()));
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  const fs::path copy = scratch / original.filename();
  fs::copy(original, copy, fs::copy_options::recursive);
  const Meaning before = build(copy);

  std::vector<fs::path> files;
  if (fs::is_directory(copy)) {
    for (const auto& e : fs::recursive_directory_iterator(copy)) {
      if (e.path().extension() == ".swb") files.push_back(e.path());
    }
  } else {
    files.push_back(copy);
  }
  for (const auto& f : files) {
    const auto once = format_text(f.filename().string(), read(f));
    if (!once) continue;  // syntax errors: fmt leaves the file alone
    EXPECT_EQ(format_text(f.filename().string(), *once), *once)
        << "formatting " << f.filename() << " twice changes it";
    write(f, *once);
  }
  const Meaning after = build(copy);
  EXPECT_EQ(before.ir, after.ir) << original;
  EXPECT_EQ(before.codes, after.codes) << original;
  fs::remove_all(scratch);
}

INSTANTIATE_TEST_SUITE_P(Fmt, SameMeaning, testing::ValuesIn(configs()), [](const auto& info) {
  std::string name = fs::relative(info.param, source_root()).generic_string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
});

}  // namespace
