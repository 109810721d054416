// Unit tests for compiler/diagnostics/render.h: text, JSON, SARIF and GitHub formats.
#include "compiler/diagnostics/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "compiler/base/source.h"

namespace swb {
namespace {

DiagCode FirstCodeWithSeverity(Severity s) {
  for (const auto& e : catalog()) {
    if (e.severity == s) return e.code;
  }
  ADD_FAILURE() << "no catalog code with severity " << severity_name(s);
  return DiagCode::SWB001;
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Line 12 holds the phone number of CLI.md's example.
    std::string text;
    for (int k = 1; k <= 11; ++k) text += "# line " + std::to_string(k) + "\n";
    phone_line_begin_ = static_cast<std::uint32_t>(text.size());
    text += "  phone = \"+1 614 555 12\"\n";
    text += "  name = \"caf\xC3\xA9\" x\n";  // line 13, a 2-byte character before `x`
    text += "\tkey = 1\n";                   // line 14, a tab
    file_ = sources_.add("channels.swb", text).id();
    text_ = text;
  }

  Span PhoneSpan() const {
    const auto b = static_cast<std::uint32_t>(text_.find("\"+1"));
    return Span{file_, b, b + 15};
  }

  Diagnostic PhoneError() const {
    Diagnostic d{DiagCode::SWB201,
                 Severity::Error,
                 PhoneSpan(),
                 "\"+1 614 555 12\" is not a valid international phone number",
                 {},
                 "write the country code and the full number, e.g. \"+1 614 555 1234\""};
    return d;
  }

  std::string Render(const std::vector<Diagnostic>& diags, DiagFormat format,
                     RenderOptions o = {}) {
    o.format = format;
    std::vector<Diagnostic> copy = diags;
    const DiagCounts counts = finalize(copy, SeverityPolicy{}, sources_);
    return render(copy, counts, sources_, o);
  }

  SourceManager sources_;
  FileId file_ = 0;
  std::string text_;
  std::uint32_t phone_line_begin_ = 0;
};

// ---- text ----------------------------------------------------------------------------

TEST_F(RenderTest, TextMatchesTheClangStyleOfCliMd) {
  const std::string out = Render({PhoneError()}, DiagFormat::Text);
  const std::string want =
      "channels.swb:12:11: error[SWB201]: \"+1 614 555 12\" is not a valid international phone "
      "number\n"
      "   12 |   phone = \"+1 614 555 12\"\n"
      "      |           ^~~~~~~~~~~~~~~\n"
      "   = help: write the country code and the full number, e.g. \"+1 614 555 1234\"\n"
      "1 error, 0 warnings\n";
  EXPECT_EQ(out, want);
}

TEST_F(RenderTest, TextCaretCountsCodePoints) {
  // The `x` on line 13 comes after a 2-byte é: one column for it in the caret line.
  const auto x = static_cast<std::uint32_t>(text_.find("\" x") + 2);
  Diagnostic d{DiagCode::SWB001, Severity::Error, Span{file_, x, x + 1}, "bad x", {}, {}};
  const std::string out = Render({d}, DiagFormat::Text);
  EXPECT_NE(out.find("channels.swb:13:17: error[SWB001]: bad x\n"), std::string::npos) << out;
  EXPECT_NE(out.find("   13 |   name = \"caf\xC3\xA9\" x\n"
                     "      |                 ^\n"),
            std::string::npos)
      << out;
}

TEST_F(RenderTest, TextCaretKeepsTabs) {
  const auto k = static_cast<std::uint32_t>(text_.find("key"));
  Diagnostic d{DiagCode::SWB001, Severity::Error, Span{file_, k, k + 3}, "bad key", {}, {}};
  const std::string out = Render({d}, DiagFormat::Text);
  EXPECT_NE(out.find("channels.swb:14:2: error[SWB001]: bad key\n"), std::string::npos) << out;
  EXPECT_NE(out.find("   14 | \tkey = 1\n      | \t^~~\n"), std::string::npos) << out;
}

TEST_F(RenderTest, TextEmptySpanGetsOneCaret) {
  const auto b = PhoneSpan().begin;
  Diagnostic d{DiagCode::SWB001, Severity::Error, Span{file_, b, b}, "here", {}, {}};
  const std::string out = Render({d}, DiagFormat::Text);
  EXPECT_NE(out.find("\n      |           ^\n"), std::string::npos) << out;
}

TEST_F(RenderTest, TextNotesAndSummary) {
  Diagnostic d = PhoneError();
  d.notes.push_back({Span{file_, phone_line_begin_ + 2, phone_line_begin_ + 7}, "set here"});
  d.notes.push_back({Span{}, "no location"});
  Diagnostic w{FirstCodeWithSeverity(Severity::Warning),
               Severity::Warning,
               Span{file_, 0, 1},
               "a warning",
               {},
               {}};
  const std::string out = Render({d, w}, DiagFormat::Text);
  EXPECT_NE(out.find("channels.swb:12:3: note: set here\n"), std::string::npos) << out;
  EXPECT_NE(out.find("      |   ^~~~~\n"), std::string::npos) << out;
  EXPECT_NE(out.find("   = note: no location\n"), std::string::npos) << out;
  EXPECT_NE(out.find("channels.swb:1:1: warning["), std::string::npos) << out;
  // The summary is the last line.
  const std::string tail = "1 error, 1 warning\n";
  ASSERT_GE(out.size(), tail.size());
  EXPECT_EQ(out.substr(out.size() - tail.size()), tail);
  // The warning (line 1) is printed before the error (line 12).
  EXPECT_LT(out.find("warning["), out.find("error["));
}

TEST_F(RenderTest, TextQuietHasNoSummary) {
  RenderOptions o;
  o.quiet = true;
  const std::string out = Render({PhoneError()}, DiagFormat::Text, o);
  EXPECT_EQ(out.find("1 error"), std::string::npos) << out;
  EXPECT_NE(out.find("error[SWB201]"), std::string::npos) << out;
}

TEST_F(RenderTest, TextWithoutLocation) {
  Diagnostic d{DiagCode::SWB005, Severity::Error, Span{}, "cannot read", {}, {}};
  const std::string out = Render({d}, DiagFormat::Text);
  EXPECT_EQ(out, "error[SWB005]: cannot read\n1 error, 0 warnings\n");
}

TEST_F(RenderTest, TextColorWrapsInEscapes) {
  RenderOptions o;
  o.color = true;
  const std::string out = Render({PhoneError()}, DiagFormat::Text, o);
  EXPECT_NE(out.find("\x1b[1;31merror"), std::string::npos) << out;
  RenderOptions plain;
  EXPECT_EQ(Render({PhoneError()}, DiagFormat::Text, plain).find('\x1b'), std::string::npos);
}

TEST_F(RenderTest, TextMultiLineSpanIsUnderlinedToTheEndOfItsFirstLine) {
  Span s = PhoneSpan();
  s.end = static_cast<std::uint32_t>(text_.find("x\n"));  // on line 13
  Diagnostic d{DiagCode::SWB001, Severity::Error, s, "long", {}, {}};
  const std::string out = Render({d}, DiagFormat::Text);
  EXPECT_NE(out.find("   12 |   phone = \"+1 614 555 12\"\n"
                     "      |           ^~~~~~~~~~~~~~~\n"),
            std::string::npos)
      << out;
}

// --quiet drops the summary here (finalize drops note-severity diagnostics); a note attached
// to an error ("first declared here") is part of that error and stays.
TEST_F(RenderTest, TextQuietKeepsNotesAttachedToAnError) {
  RenderOptions o;
  o.quiet = true;
  Diagnostic d = PhoneError();
  d.notes.push_back({Span{file_, phone_line_begin_ + 2, phone_line_begin_ + 7}, "set here"});
  d.notes.push_back({Span{}, "no location"});
  const std::string out = Render({d}, DiagFormat::Text, o);
  EXPECT_NE(out.find("error[SWB201]"), std::string::npos) << out;
  EXPECT_NE(out.find("set here"), std::string::npos) << out;
  EXPECT_NE(out.find("no location"), std::string::npos) << out;
  EXPECT_EQ(out.find(" error, "), std::string::npos) << "no summary line under --quiet: " << out;
}

TEST(SummaryLine, Plurals) {
  EXPECT_EQ(summary_line({0, 0, 0}), "0 errors, 0 warnings");
  EXPECT_EQ(summary_line({2, 1, 0}), "2 errors, 1 warning");
  EXPECT_EQ(summary_line({1, 2, 1}), "1 error, 2 warnings, 1 note");
  EXPECT_EQ(summary_line({0, 0, 3}), "0 errors, 0 warnings, 3 notes");
}

// ---- JSON ----------------------------------------------------------------------------

std::set<std::string> Keys(const nlohmann::json& j) {
  std::set<std::string> k;
  for (auto it = j.begin(); it != j.end(); ++it) k.insert(it.key());
  return k;
}

TEST_F(RenderTest, JsonHasExactlyTheKeysOfCliMd) {
  Diagnostic d = PhoneError();
  d.notes.push_back({Span{file_, phone_line_begin_ + 2, phone_line_begin_ + 7}, "set here"});
  const std::string out = Render({d}, DiagFormat::Json);
  const auto doc = nlohmann::json::parse(out);
  EXPECT_EQ(Keys(doc), (std::set<std::string>{"diagnostics", "errors", "warnings", "notes"}));
  EXPECT_EQ(doc["errors"], 1);
  EXPECT_EQ(doc["warnings"], 0);
  EXPECT_EQ(doc["notes"], 0);
  ASSERT_EQ(doc["diagnostics"].size(), 1u);
  const auto& j = doc["diagnostics"][0];
  EXPECT_EQ(Keys(j), (std::set<std::string>{"code", "severity", "message", "file", "line", "column",
                                            "end_line", "end_column", "notes", "help"}));
  EXPECT_EQ(j["code"], "SWB201");
  EXPECT_EQ(j["severity"], "error");
  EXPECT_EQ(j["message"], d.message);
  EXPECT_EQ(j["file"], "channels.swb");
  EXPECT_EQ(j["line"], 12);
  EXPECT_EQ(j["column"], 11);
  EXPECT_EQ(j["end_line"], 12);
  EXPECT_EQ(j["end_column"], 26);  // exclusive, as in CLI.md's example
  EXPECT_EQ(j["help"], d.help);
  ASSERT_EQ(j["notes"].size(), 1u);
  EXPECT_EQ(Keys(j["notes"][0]), (std::set<std::string>{"message", "file", "line", "column"}));
  EXPECT_EQ(j["notes"][0]["message"], "set here");
  EXPECT_EQ(j["notes"][0]["file"], "channels.swb");
  EXPECT_EQ(j["notes"][0]["line"], 12);
  EXPECT_EQ(j["notes"][0]["column"], 3);
}

TEST_F(RenderTest, JsonKeysWithoutHelpAreASubset) {
  Diagnostic d = PhoneError();
  d.help.clear();
  const auto doc = nlohmann::json::parse(Render({d}, DiagFormat::Json));
  const std::set<std::string> allowed = {"code",   "severity", "message",    "file",  "line",
                                         "column", "end_line", "end_column", "notes", "help"};
  for (const auto& k : Keys(doc["diagnostics"][0])) EXPECT_TRUE(allowed.count(k)) << k;
  EXPECT_TRUE(doc["diagnostics"][0]["notes"].is_array());
}

TEST_F(RenderTest, JsonColumnsCountCodePoints) {
  const auto x = static_cast<std::uint32_t>(text_.find("\" x") + 2);
  Diagnostic d{DiagCode::SWB001, Severity::Error, Span{file_, x, x + 1}, "bad", {}, {}};
  const auto doc = nlohmann::json::parse(Render({d}, DiagFormat::Json));
  EXPECT_EQ(doc["diagnostics"][0]["line"], 13);
  EXPECT_EQ(doc["diagnostics"][0]["column"], 17);
  EXPECT_EQ(doc["diagnostics"][0]["end_column"], 18);
}

TEST_F(RenderTest, JsonEmpty) {
  const auto doc = nlohmann::json::parse(Render({}, DiagFormat::Json));
  EXPECT_TRUE(doc["diagnostics"].is_array());
  EXPECT_EQ(doc["diagnostics"].size(), 0u);
  EXPECT_EQ(doc["errors"], 0);
}

TEST_F(RenderTest, JsonIsOneDocumentEvenWhenQuiet) {
  RenderOptions o;
  o.quiet = true;
  const std::string out = Render({PhoneError()}, DiagFormat::Json, o);
  EXPECT_TRUE(nlohmann::json::accept(out)) << out;
  EXPECT_EQ(out.find("1 error,"), std::string::npos);
}

// ---- SARIF ---------------------------------------------------------------------------

TEST_F(RenderTest, SarifShape) {
  Diagnostic d = PhoneError();
  d.notes.push_back({Span{file_, phone_line_begin_ + 2, phone_line_begin_ + 7}, "set here"});
  RenderOptions o;
  o.tool_version = "9.9.9";
  const auto doc = nlohmann::json::parse(Render({d}, DiagFormat::Sarif, o));
  EXPECT_EQ(doc["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(doc["version"], "2.1.0");
  ASSERT_EQ(doc["runs"].size(), 1u);
  const auto& run = doc["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "swb");
  EXPECT_EQ(run["tool"]["driver"]["version"], "9.9.9");
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), catalog().size());
  const auto& rule0 = run["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule0["id"], "SWB001");
  EXPECT_TRUE(rule0["shortDescription"]["text"].is_string());
  EXPECT_TRUE(rule0["fullDescription"]["text"].is_string());
  EXPECT_EQ(rule0["defaultConfiguration"]["level"], "error");
  ASSERT_EQ(run["results"].size(), 1u);
  const auto& r = run["results"][0];
  EXPECT_EQ(r["ruleId"], "SWB201");
  EXPECT_EQ(r["level"], "error");
  // ruleIndex, when present, must point at the rule with that id.
  if (r.contains("ruleIndex")) {
    EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<int>()]["id"], "SWB201");
  }
  EXPECT_EQ(r["message"]["text"].get<std::string>().find(d.message), 0u);
  const auto& loc = r["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "channels.swb");
  EXPECT_EQ(loc["region"]["startLine"], 12);
  EXPECT_EQ(loc["region"]["startColumn"], 11);
  EXPECT_EQ(loc["region"]["endLine"], 12);
  EXPECT_EQ(loc["region"]["endColumn"], 26);
  ASSERT_EQ(r["relatedLocations"].size(), 1u);
  EXPECT_EQ(r["relatedLocations"][0]["message"]["text"], "set here");
  EXPECT_EQ(r["relatedLocations"][0]["physicalLocation"]["region"]["startColumn"], 3);
}

// An SWB001 error on the first byte of a one-line file named `path`: for what a renderer does
// with the file name and the message text.
std::string RenderInFile(const std::string& path, std::string message, std::string help,
                         DiagFormat format) {
  SourceManager sources;
  const FileId id = sources.add(path, "x = 1\n").id();
  std::vector<Diagnostic> d = {Diagnostic{
      DiagCode::SWB001, Severity::Error, Span{id, 0, 1}, std::move(message), {}, std::move(help)}};
  const DiagCounts c = finalize(d, SeverityPolicy{}, sources);
  RenderOptions o;
  o.format = format;
  return render(d, c, sources, o);
}

TEST(RenderSarif, UriIsAPercentEncodedPathAsGiven) {
  const auto doc = nlohmann::json::parse(
      RenderInFile("my dir/50%:caf\xC3\xA9#1.swb", "m", "", DiagFormat::Sarif));
  EXPECT_EQ(
      doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
      "my%20dir/50%25%3Acaf%C3%A9%231.swb");
}

// ---- GitHub --------------------------------------------------------------------------

TEST_F(RenderTest, GithubWorkflowCommand) {
  Diagnostic d = PhoneError();
  d.help.clear();
  const std::string out = Render({d}, DiagFormat::Github);
  EXPECT_EQ(out,
            "::error file=channels.swb,line=12,col=11,endLine=12,endColumn=26,title=SWB201::"
            "\"+1 614 555 12\" is not a valid international phone number\n");
}

TEST_F(RenderTest, GithubSeveritiesAndEscaping) {
  const DiagCode warn = FirstCodeWithSeverity(Severity::Warning);
  const DiagCode note = FirstCodeWithSeverity(Severity::Note);
  Diagnostic w{warn, Severity::Warning, Span{file_, 0, 1}, "100% sure\nreally", {}, {}};
  Diagnostic n{note, Severity::Note, Span{file_, 2, 3}, "fyi", {}, {}};
  const std::string out = Render({w, n}, DiagFormat::Github);
  const std::string wid(catalog_entry(warn).id), nid(catalog_entry(note).id);
  EXPECT_NE(out.find("::warning file=channels.swb,line=1,col=1,endLine=1,endColumn=2,title=" + wid +
                     "::100%25 sure%0Areally\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("::notice file=channels.swb,line=1,col=3,endLine=1,endColumn=4,title=" + nid +
                     "::fyi\n"),
            std::string::npos)
      << out;
  // Exactly one line per diagnostic, nothing else (no summary).
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2);
}

TEST(RenderGithub, PropertyValuesAreEscaped) {
  const std::string out = RenderInFile("dir,with:odd.swb", "m", "", DiagFormat::Github);
  EXPECT_EQ(out.rfind("::error file=dir%2Cwith%3Aodd.swb,line=1,col=1,", 0), 0u) << out;
}

// GitHub's rules (actions/toolkit, command.ts): data escapes %, CR and LF; a property value
// also escapes : and ,. A message keeps its : and , as they are.
TEST(RenderGithub, MessageEscapesPercentCrLfOnly) {
  EXPECT_EQ(RenderInFile("50%\r\n.swb", "a: b, 100%\r\nc", "d::e", DiagFormat::Github),
            "::error file=50%25%0D%0A.swb,line=1,col=1,endLine=1,endColumn=2,title=SWB001::"
            "a: b, 100%25%0D%0Ac%0Ahelp: d::e\n");
}

}  // namespace
}  // namespace swb
