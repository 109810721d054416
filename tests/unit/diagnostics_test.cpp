// Unit tests for compiler/diagnostics/diagnostic.h: the builder, finalize (policy,
// de-duplication, ordering, counts) and did-you-mean.
#include "compiler/diagnostics/diagnostic.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/base/source.h"

namespace swb {
namespace {

// Codes with each default severity, looked up in the catalog rather than assumed.
DiagCode FirstCodeWithSeverity(Severity s) {
  for (const auto& e : catalog()) {
    if (e.severity == s) return e.code;
  }
  ADD_FAILURE() << "no catalog code with severity " << severity_name(s);
  return DiagCode::SWB001;
}

Diagnostic Make(DiagCode code, Span span, std::string message = "m") {
  return Diagnostic{code, catalog_entry(code).severity, span, std::move(message), {}, {}};
}

TEST(Diagnostics, BuilderCommitsOnDestruction) {
  Diagnostics diags;
  {
    diags.report(DiagCode::SWB106, Span{0, 1, 2}, "duplicate")
        .note(Span{0, 0, 1}, "first declared here")
        .help("rename one");
    EXPECT_EQ(diags.size(), 1u);
  }
  ASSERT_EQ(diags.size(), 1u);
  const Diagnostic& d = diags.list()[0];
  EXPECT_EQ(d.code, DiagCode::SWB106);
  EXPECT_EQ(d.severity, catalog_entry(DiagCode::SWB106).severity);
  EXPECT_EQ(d.message, "duplicate");
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0].message, "first declared here");
  EXPECT_EQ(d.notes[0].span.end, 1u);
  EXPECT_EQ(d.help, "rename one");
}

TEST(Diagnostics, HasErrorsAndMerge) {
  Diagnostics a, b;
  EXPECT_FALSE(a.has_errors());
  a.add(Make(FirstCodeWithSeverity(Severity::Warning), Span{}));
  EXPECT_FALSE(a.has_errors());
  b.add(Make(DiagCode::SWB001, Span{}, "b1"));
  b.add(Make(DiagCode::SWB002, Span{}, "b2"));
  a.merge(std::move(b));
  EXPECT_TRUE(a.has_errors());
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.list()[1].message, "b1");
  EXPECT_EQ(a.list()[2].message, "b2");
  EXPECT_EQ(b.size(), 0u);
}

TEST(Catalog, FindCode) {
  EXPECT_EQ(find_code("SWB001"), DiagCode::SWB001);
  EXPECT_EQ(find_code("swb002"), DiagCode::SWB002);
  EXPECT_FALSE(find_code("SWB999").has_value());
  EXPECT_EQ(catalog_entry(DiagCode::SWB001).id, "SWB001");
  EXPECT_EQ(severity_name(Severity::Error), "error");
  EXPECT_EQ(severity_name(Severity::Warning), "warning");
  EXPECT_EQ(severity_name(Severity::Note), "note");
}

// ---- finalize ------------------------------------------------------------------------

class FinalizeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Added out of path order on purpose: ids must not decide the order, paths do.
    b_ = sources_.add("b.swb", "line one\nline two\nline three\n").id();
    a_ = sources_.add("a.swb", "x = 1\ny = 2\n").id();
  }
  SourceManager sources_;
  FileId a_ = 0, b_ = 0;
};

TEST_F(FinalizeTest, SortsByPathLineColumnCode) {
  std::vector<Diagnostic> d = {
      Make(DiagCode::SWB003, Span{b_, 9, 10}, "b line2 col1 SWB003"),
      Make(DiagCode::SWB001, Span{b_, 9, 10}, "b line2 col1 SWB001"),
      Make(DiagCode::SWB001, Span{b_, 2, 3}, "b line1 col3"),
      Make(DiagCode::SWB002, Span{a_, 6, 7}, "a line2"),
      Make(DiagCode::SWB002, Span{a_, 4, 5}, "a line1 col5"),
      Make(DiagCode::SWB001, Span{b_, 0, 1}, "b line1 col1"),
  };
  const DiagCounts c = finalize(d, SeverityPolicy{}, sources_);
  const std::vector<std::string> want = {"a line1 col5",        "a line2",
                                         "b line1 col1",        "b line1 col3",
                                         "b line2 col1 SWB001", "b line2 col1 SWB003"};
  ASSERT_EQ(d.size(), want.size());
  for (std::size_t k = 0; k < want.size(); ++k) EXPECT_EQ(d[k].message, want[k]) << k;
  EXPECT_EQ(c.errors, 6u);
  EXPECT_EQ(c.warnings, 0u);
  EXPECT_EQ(c.notes, 0u);
}

TEST_F(FinalizeTest, LocationlessDiagnosticsComeFirst) {
  std::vector<Diagnostic> d = {Make(DiagCode::SWB001, Span{a_, 0, 1}, "located"),
                               Make(DiagCode::SWB005, Span{}, "nowhere")};
  finalize(d, SeverityPolicy{}, sources_);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].message, "nowhere");
}

TEST_F(FinalizeTest, DropsExactDuplicates) {
  std::vector<Diagnostic> d = {Make(DiagCode::SWB001, Span{a_, 0, 1}, "same"),
                               Make(DiagCode::SWB001, Span{a_, 0, 1}, "same"),
                               Make(DiagCode::SWB001, Span{a_, 0, 1}, "different"),
                               Make(DiagCode::SWB002, Span{a_, 0, 1}, "same")};
  const DiagCounts c = finalize(d, SeverityPolicy{}, sources_);
  EXPECT_EQ(d.size(), 3u);
  EXPECT_EQ(c.errors, 3u);
}

TEST_F(FinalizeTest, CountsBySeverity) {
  const DiagCode warn = FirstCodeWithSeverity(Severity::Warning);
  const DiagCode note = FirstCodeWithSeverity(Severity::Note);
  std::vector<Diagnostic> d = {Make(DiagCode::SWB001, Span{a_, 0, 1}), Make(warn, Span{a_, 1, 2}),
                               Make(warn, Span{a_, 2, 3}), Make(note, Span{a_, 3, 4})};
  const DiagCounts c = finalize(d, SeverityPolicy{}, sources_);
  EXPECT_EQ(c.errors, 1u);
  EXPECT_EQ(c.warnings, 2u);
  EXPECT_EQ(c.notes, 1u);
}

TEST_F(FinalizeTest, OverridesChangeSeverity) {
  const DiagCode warn = FirstCodeWithSeverity(Severity::Warning);
  SeverityPolicy policy;
  policy.overrides[warn] = Severity::Error;
  policy.overrides[DiagCode::SWB003] = Severity::Note;
  std::vector<Diagnostic> d = {Make(warn, Span{a_, 0, 1}), Make(DiagCode::SWB003, Span{a_, 1, 2}),
                               Make(DiagCode::SWB001, Span{a_, 2, 3})};
  const DiagCounts c = finalize(d, policy, sources_);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].severity, Severity::Error);
  EXPECT_EQ(d[1].severity, Severity::Note);
  EXPECT_EQ(d[2].severity, Severity::Error);
  EXPECT_EQ(c.errors, 2u);
  EXPECT_EQ(c.warnings, 0u);
  EXPECT_EQ(c.notes, 1u);
}

TEST_F(FinalizeTest, OffDropsTheCode) {
  const DiagCode warn = FirstCodeWithSeverity(Severity::Warning);
  SeverityPolicy policy;
  policy.overrides[warn] = std::nullopt;
  std::vector<Diagnostic> d = {Make(warn, Span{a_, 0, 1}), Make(DiagCode::SWB001, Span{a_, 1, 2}),
                               Make(warn, Span{b_, 0, 1})};
  const DiagCounts c = finalize(d, policy, sources_);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, DiagCode::SWB001);
  EXPECT_EQ(c.errors, 1u);
  EXPECT_EQ(c.warnings, 0u);
}

TEST_F(FinalizeTest, WerrorTurnsWarningsIntoErrors) {
  const DiagCode warn = FirstCodeWithSeverity(Severity::Warning);
  const DiagCode note = FirstCodeWithSeverity(Severity::Note);
  SeverityPolicy policy;
  policy.werror = true;
  std::vector<Diagnostic> d = {Make(warn, Span{a_, 0, 1}), Make(note, Span{a_, 1, 2})};
  const DiagCounts c = finalize(d, policy, sources_);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].severity, Severity::Error);
  EXPECT_EQ(d[1].severity, Severity::Note);  // notes stay notes
  EXPECT_EQ(c.errors, 1u);
  EXPECT_EQ(c.warnings, 0u);
  EXPECT_EQ(c.notes, 1u);
}

// --quiet: notes, by default or by -W, are neither listed nor counted, so every renderer
// reports the same; errors and warnings stay.
TEST_F(FinalizeTest, DropNotesRemovesNotesAfterOverrides) {
  const DiagCode warn = FirstCodeWithSeverity(Severity::Warning);
  const DiagCode note = FirstCodeWithSeverity(Severity::Note);
  SeverityPolicy policy;
  policy.drop_notes = true;
  policy.overrides[DiagCode::SWB003] = Severity::Note;
  std::vector<Diagnostic> d = {Make(warn, Span{a_, 0, 1}), Make(note, Span{a_, 1, 2}),
                               Make(DiagCode::SWB003, Span{a_, 2, 3}),
                               Make(DiagCode::SWB001, Span{a_, 3, 4})};
  const DiagCounts c = finalize(d, policy, sources_);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].code, warn);
  EXPECT_EQ(d[1].code, DiagCode::SWB001);
  EXPECT_EQ(c.errors, 1u);
  EXPECT_EQ(c.warnings, 1u);
  EXPECT_EQ(c.notes, 0u);
}

TEST_F(FinalizeTest, WerrorAppliesToCodesDemotedToWarning) {
  SeverityPolicy policy;
  policy.werror = true;
  policy.overrides[DiagCode::SWB003] = Severity::Warning;
  std::vector<Diagnostic> d = {Make(DiagCode::SWB003, Span{a_, 0, 1})};
  const DiagCounts c = finalize(d, policy, sources_);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, Severity::Error);
  EXPECT_EQ(c.errors, 1u);
}

// ---- did-you-mean --------------------------------------------------------------------

const std::vector<std::string> kKinds = {
    "org",  "business", "channel", "template", "rich_message", "custom_component",
    "role", "user",     "skill",   "queue",    "sla",          "hours"};

TEST(ClosestMatch, PicksTheNearestSpelling) {
  EXPECT_EQ(closest_match("chanel", kKinds), std::optional<std::string>("channel"));
  EXPECT_EQ(closest_match("busines", kKinds), std::optional<std::string>("business"));
  EXPECT_EQ(closest_match("skil", kKinds), std::optional<std::string>("skill"));
  EXPECT_EQ(closest_match("reply", {"view", "replly", "close"}),
            std::optional<std::string>("replly"));
  EXPECT_EQ(closest_match("replly", {"view", "reply", "close", "transfer"}),
            std::optional<std::string>("reply"));
}

TEST(ClosestMatch, TranspositionIsOneEdit) {
  EXPECT_EQ(closest_match("chnanel", {"channel"}), std::optional<std::string>("channel"));
  EXPECT_EQ(closest_match("tempalte", kKinds), std::optional<std::string>("template"));
  // "ab" -> "ba" is a 2-letter word: the limit is 1, and a swap is exactly 1.
  EXPECT_EQ(closest_match("ab", {"ba"}), std::optional<std::string>("ba"));
}

TEST(ClosestMatch, NothingForFarWords) {
  EXPECT_EQ(closest_match("zebra", kKinds), std::nullopt);
  EXPECT_EQ(closest_match("xylophone", kKinds), std::nullopt);
  EXPECT_EQ(closest_match("chanel", {}), std::nullopt);
  EXPECT_EQ(closest_match("q", {"org"}), std::nullopt);
}

TEST(ClosestMatch, TiesGoToTheAlphabeticallyFirst) {
  EXPECT_EQ(closest_match("cat", {"cut", "bat", "cot"}), std::optional<std::string>("bat"));
  EXPECT_EQ(closest_match("cat", {"cot", "cut", "bat"}), std::optional<std::string>("bat"));
}

TEST(ClosestMatch, ExactCandidateIsNotSuggested) {
  EXPECT_EQ(closest_match("skill", {"skill"}), std::nullopt);
}

TEST(EditDistance, Values) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abcd"), 4u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("chanel", "channel"), 1u);   // insertion
  EXPECT_EQ(edit_distance("replly", "reply"), 1u);     // deletion
  EXPECT_EQ(edit_distance("skull", "skill"), 1u);      // substitution
  EXPECT_EQ(edit_distance("recieve", "receive"), 1u);  // transposition
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
  EXPECT_EQ(edit_distance("abcd", "badc"), 2u);        // two transpositions
  EXPECT_EQ(edit_distance("Channel", "channel"), 0u);  // case-insensitive
  EXPECT_EQ(edit_distance("channel", "chanel"), edit_distance("chanel", "channel"));
}

}  // namespace
}  // namespace swb
