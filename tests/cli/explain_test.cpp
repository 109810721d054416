// Every catalog entry's examples are real: `swb check` on the failing example reports that
// very code, and on the fixed example does not. Multi-file examples separate their files
// with `# file: NAME.swb` lines; the first file is the one checked, with its siblings.
// Files that cannot be written as text are described by comment lines that stay in the
// example, for its reader, and are made by this test:
//   # image: assets/logo.png 1200x400 [BYTES]   a PNG of that size (padded to BYTES)
//   # bytes: legacy.swb 76 61 72 e9 …          a file of exactly those bytes (hex)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/diagnostics/catalog.h"
#include "tests/support/png.h"
#include "tests/support/process.h"

namespace fs = std::filesystem;

namespace {

struct ExampleFile {
  std::string name, text;
};

// Binary files described by `# image:` and `# bytes:` lines.
std::vector<ExampleFile> binary_files(std::string_view text) {
  std::vector<ExampleFile> out;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string hash, kind, name;
    words >> hash >> kind >> name;
    if (hash != "#") continue;
    if (kind == "image:") {
      std::string size;
      std::size_t bytes = 0;
      words >> size >> bytes;
      const auto x = size.find('x');
      out.push_back({name, swb::test::png(
                               static_cast<std::uint32_t>(std::stoul(size.substr(0, x))),
                               static_cast<std::uint32_t>(std::stoul(size.substr(x + 1))), bytes)});
    } else if (kind == "bytes:") {
      std::string data, hex;
      while (words >> hex) data += static_cast<char>(std::stoi(hex, nullptr, 16));
      out.push_back({name, data});
    }
  }
  return out;
}

std::vector<ExampleFile> split_example(std::string_view text) {
  std::vector<ExampleFile> files;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    constexpr std::string_view kMarker = "# file: ";
    if (line.substr(0, kMarker.size()) == kMarker) {
      files.push_back({std::string(line.substr(kMarker.size())), ""});
    } else {
      if (files.empty()) files.push_back({"example.swb", ""});
      files.back().text += std::string(line) + "\n";
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return files;
}

// The codes `swb check` reports for an example, checked as a directory holding its files.
std::vector<std::string> codes_for(std::string_view example, const std::string& tag) {
  const fs::path dir =
      fs::temp_directory_path() / ("swb-explain-" + std::to_string(::getpid()) + "-" + tag);
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto files = split_example(example);
  auto all = files;
  for (auto& b : binary_files(example)) all.push_back(std::move(b));
  for (const auto& f : all) {
    const fs::path p = dir / f.name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << f.text;
  }
  // Only the first file is the config; the others are reached through its imports.
  const auto r = swb::test::run_process(
      {swb::test::swb_binary(), "check", "--format", "json", files.front().name}, dir.string());
  fs::remove_all(dir);
  std::vector<std::string> codes;
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  if (doc.is_discarded()) return {"<not json: " + r.out + r.err + ">"};
  for (const auto& d : doc["diagnostics"]) codes.push_back(d["code"]);
  return codes;
}

class Explain : public testing::TestWithParam<swb::CatalogEntry> {};

TEST_P(Explain, FailingExampleReportsTheCodeAndFixedOneDoesNot) {
  const auto& e = GetParam();
  const std::string id(e.id);
  ASSERT_FALSE(e.good_example.empty()) << id << " has no fixed example";
  ASSERT_FALSE(e.bad_example.empty()) << id << " has no failing example";
  EXPECT_FALSE(e.explanation.empty());
  const auto bad = codes_for(e.bad_example, id + "-bad");
  EXPECT_NE(std::find(bad.begin(), bad.end(), id), bad.end())
      << id << "'s failing example does not report it; it reports: " << testing::PrintToString(bad);
  const auto good = codes_for(e.good_example, id + "-good");
  EXPECT_EQ(std::find(good.begin(), good.end(), id), good.end())
      << id << "'s fixed example still reports it: " << testing::PrintToString(good);
}

// An explanation that names a standard-library module names one that ships in stdlib/std/:
// a reader who tries `import "std/NAME"` must not meet SWB006.
TEST_P(Explain, NamesOnlyStandardModulesThatShip) {
  const auto& e = GetParam();
  const fs::path std_dir = fs::path(swb::test::source_dir()) / "stdlib" / "std";
  static const std::regex module(R"(std/([a-z_][a-z0-9_]*))");  // not std/NAME
  for (const std::string_view text : {e.summary, e.explanation, e.bad_example, e.good_example}) {
    const std::string s(text);
    for (auto it = std::sregex_iterator(s.begin(), s.end(), module); it != std::sregex_iterator();
         ++it) {
      EXPECT_TRUE(fs::exists(std_dir / ((*it)[1].str() + ".swb")))
          << e.id << " names " << (*it)[0] << ", which the standard library does not have";
    }
  }
}

std::vector<swb::CatalogEntry> entries() {
  const auto all = swb::catalog();
  return {all.begin(), all.end()};
}

INSTANTIATE_TEST_SUITE_P(Catalog, Explain, testing::ValuesIn(entries()),
                         [](const testing::TestParamInfo<swb::CatalogEntry>& info) {
                           return std::string(info.param.id);
                         });

}  // namespace

namespace swb {
void PrintTo(const CatalogEntry& e, std::ostream* os) { *os << e.id; }
}  // namespace swb
