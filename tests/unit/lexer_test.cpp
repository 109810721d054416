// Unit tests for compiler/syntax/lexer.h: tokens, comments, lexical diagnostics and
// find_invalid_utf8.
#include "compiler/syntax/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace swb::syntax {
namespace {

struct Lexed {
  SourceManager sources;
  Diagnostics diags;
  LexedFile out;
  const SourceFile* file = nullptr;

  explicit Lexed(std::string text) {
    file = &sources.add("t.swb", std::move(text));
    out = lex(*file, diags);
  }
  std::vector<TokenKind> kinds() const {
    std::vector<TokenKind> k;
    for (const auto& t : out.tokens) k.push_back(t.kind);
    return k;
  }
  std::string text(const Token& t) const {
    return std::string(file->text().substr(t.begin, t.end() - t.begin));
  }
  std::string text(const Span& s) const {
    return std::string(file->text().substr(s.begin, s.end - s.begin));
  }
};

// A large file is lexed in pieces on several threads: the tokens, comments, broken strings
// and diagnostics are those of one pass, also when a text block, a block comment or a merge
// conflict spans the place where the file is cut (the pieces are then lexed again as one).
TEST(Lexer, PiecesOnThreadsLexAsOnePass) {
  std::string body;
  for (int i = 0; body.size() < (10u << 20); ++i) {
    body += "skill s" + std::to_string(i) + " {  # comment\n  campaign = \"c\"  x = 5MiB\n}\n";
    if (i % 5000 == 7) body += "skill bad { campaign = \"unterminated\n}\n";
  }
  const std::string half(body.size() / 2, ' ');
  for (const std::string& spanning :
       {std::string(), std::string("/* a block comment\n") + half + "*/\n",
        std::string("x = \"\"\"\n") + half + "\"\"\"\n",
        std::string("<<<<<<< ours\n") + half + "\n=======\n>>>>>>> theirs\n"}) {
    const std::string text =
        body.substr(0, body.size() / 3) + spanning + body.substr(body.size() / 3);
    SourceManager sources;
    const SourceFile& file = sources.add("big.swb", text);
    Diagnostics one_diags, many_diags;
    const LexedFile one = lex(file, one_diags, 1);
    const LexedFile many = lex(file, many_diags, 3);
    ASSERT_EQ(one.tokens.size(), many.tokens.size()) << spanning.substr(0, 20);
    for (std::size_t k = 0; k < one.tokens.size(); ++k) {
      ASSERT_EQ(one.tokens[k].kind, many.tokens[k].kind) << k;
      ASSERT_EQ(one.tokens[k].begin, many.tokens[k].begin) << k;
      ASSERT_EQ(one.tokens[k].end(), many.tokens[k].end()) << k;
    }
    ASSERT_EQ(one.comments.size(), many.comments.size());
    for (std::size_t k = 0; k < one.comments.size(); ++k)
      ASSERT_EQ(one.comments[k].begin, many.comments[k].begin) << k;
    EXPECT_EQ(one.broken, many.broken);
    ASSERT_EQ(one_diags.size(), many_diags.size());
    EXPECT_GT(one_diags.size(), 0u);
    for (std::size_t k = 0; k < one_diags.size(); ++k) {
      EXPECT_EQ(one_diags.list()[k].message, many_diags.list()[k].message) << k;
      EXPECT_EQ(one_diags.list()[k].span.begin, many_diags.list()[k].span.begin) << k;
    }
  }
}

TEST(Lexer, TokenKindsAndOffsets) {
  //        0         1         2
  //        0123456789012345678901234567
  Lexed l("skill a {\n  x = [1, \"s\"]\n}");
  const std::vector<TokenKind> want = {kIdent, kIdent, kLBrace, kIdent,  kAssign, kLBrack,
                                       kInt,   kComma, kString, kRBrack, kRBrace};
  EXPECT_EQ(l.kinds(), want);
  ASSERT_EQ(l.out.tokens.size(), want.size());
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> offsets = {
      {0, 5},   {6, 7},   {8, 9},   {12, 13}, {14, 15}, {16, 17},
      {17, 18}, {18, 19}, {20, 23}, {23, 24}, {25, 26}};
  for (std::size_t k = 0; k < offsets.size(); ++k) {
    EXPECT_EQ(l.out.tokens[k].begin, offsets[k].first) << "token " << k;
    EXPECT_EQ(l.out.tokens[k].end(), offsets[k].second) << "token " << k;
  }
  EXPECT_EQ(l.diags.size(), 0u);
  EXPECT_TRUE(l.out.comments.empty());
  EXPECT_TRUE(l.out.broken.empty());
}

TEST(Lexer, KeywordsVersusIdentifiers) {
  Lexed l("import as var true false imports vars var_ True channel _x x1");
  const std::vector<TokenKind> want = {kImport, kAs,    kVar,   kTrue,  kFalse, kIdent,
                                       kIdent,  kIdent, kIdent, kIdent, kIdent, kIdent};
  EXPECT_EQ(l.kinds(), want);
  EXPECT_EQ(l.diags.size(), 0u);
}

TEST(Lexer, PunctuationKinds) {
  Lexed l("{}[](),.=");
  const std::vector<TokenKind> want = {kLBrace, kRBrace, kLBrack, kRBrack, kLParen,
                                       kRParen, kComma,  kDot,    kAssign};
  EXPECT_EQ(l.kinds(), want);
}

TEST(Lexer, LiteralKinds) {
  Lexed l(
      "200 -7 1.5 15m 1d4h 5MB 640KiB 1.5KB 80% 2026-12-25 09:00-17:30 \"s\" \"\"\"t\"\"\" 5XB "
      "1h2d");
  const std::vector<TokenKind> want = {kInt,       kInt,    kDecimal,   kDuration, kDuration,
                                       kSize,      kSize,   kSize,      kPercent,  kDate,
                                       kTimeRange, kString, kTextBlock, kSize,     kDuration};
  EXPECT_EQ(l.kinds(), want);
  ASSERT_EQ(l.out.tokens.size(), want.size());
  // `5XB` is one token (one SWB003 later), not a number followed by a name.
  EXPECT_EQ(l.text(l.out.tokens[13]), "5XB");
  EXPECT_EQ(l.text(l.out.tokens[10]), "09:00-17:30");
  EXPECT_EQ(l.diags.size(), 0u);
}

TEST(Lexer, ReferenceIsThreeTokens) {
  Lexed l("channel.support_us var.env");
  const std::vector<TokenKind> want = {kIdent, kDot, kIdent, kVar, kDot, kIdent};
  EXPECT_EQ(l.kinds(), want);
}

TEST(Lexer, CommentsAreRecordedNotTokens) {
  const std::string src = "# hash\na = 1 // slashes\n/* block\n comment */ b = 2";
  Lexed l(src);
  const std::vector<TokenKind> want = {kIdent, kAssign, kInt, kIdent, kAssign, kInt};
  EXPECT_EQ(l.kinds(), want);
  ASSERT_EQ(l.out.comments.size(), 3u);
  EXPECT_EQ(l.text(l.out.comments[0]), "# hash");
  EXPECT_EQ(l.text(l.out.comments[1]), "// slashes");
  EXPECT_EQ(l.text(l.out.comments[2]), "/* block\n comment */");
  EXPECT_EQ(l.diags.size(), 0u);
}

TEST(Lexer, CommentEndsAtCrLf) {
  Lexed l("# c\r\nx");
  ASSERT_EQ(l.out.comments.size(), 1u);
  EXPECT_EQ(l.text(l.out.comments[0]), "# c");
  ASSERT_EQ(l.out.tokens.size(), 1u);
  EXPECT_EQ(l.out.tokens[0].begin, 5u);
}

TEST(Lexer, BlockCommentsDoNotNest) {
  Lexed l("/* a /* b */ x */");
  // The comment ends at the first `*/`; `x` is a name and `*` is stray.
  ASSERT_GE(l.out.tokens.size(), 1u);
  EXPECT_EQ(l.out.tokens[0].kind, kIdent);
  EXPECT_EQ(l.text(l.out.tokens[0]), "x");
}

TEST(Lexer, CommentMarkersInsideStringsAreText) {
  Lexed l("a = \"# not // a /* comment\"");
  EXPECT_TRUE(l.out.comments.empty());
  const std::vector<TokenKind> want = {kIdent, kAssign, kString};
  EXPECT_EQ(l.kinds(), want);
}

TEST(Lexer, EscapedQuoteDoesNotEndString) {
  Lexed l(R"(a = "x\"y" b)");
  const std::vector<TokenKind> want = {kIdent, kAssign, kString, kIdent};
  EXPECT_EQ(l.kinds(), want);
  EXPECT_EQ(l.text(l.out.tokens[2]), R"("x\"y")");
  EXPECT_EQ(l.diags.size(), 0u);
}

void ExpectOneDiag(const Lexed& l, DiagCode code, std::uint32_t begin, std::uint32_t end) {
  ASSERT_EQ(l.diags.size(), 1u);
  const Diagnostic& d = l.diags.list()[0];
  EXPECT_EQ(d.code, code);
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.span.file, l.file->id());
  EXPECT_EQ(d.span.begin, begin);
  EXPECT_EQ(d.span.end, end);
  EXPECT_FALSE(d.message.empty());
}

TEST(Lexer, UnterminatedStringAtOpeningQuote) {
  //        0123456789
  Lexed l("x = \"abc\ny = 1");
  ExpectOneDiag(l, DiagCode::SWB002, 4, 5);
  ASSERT_EQ(l.out.broken.size(), 1u);
  EXPECT_EQ(l.out.broken[0], 4u);
  // Lexing resumes on the next line.
  const std::vector<TokenKind> want = {kIdent, kAssign, kString, kIdent, kAssign, kInt};
  EXPECT_EQ(l.kinds(), want);
}

TEST(Lexer, UnterminatedStringAtEndOfFile) {
  Lexed l("x = \"abc\\");
  ExpectOneDiag(l, DiagCode::SWB002, 4, 5);
}

TEST(Lexer, UnterminatedStringBeforeCr) {
  Lexed l("x = \"abc\r\ny = 1");
  ExpectOneDiag(l, DiagCode::SWB002, 4, 5);
}

TEST(Lexer, UnterminatedTextBlockAtOpening) {
  Lexed l("a = 1\nb = \"\"\"\n  text\n  more\n");
  ExpectOneDiag(l, DiagCode::SWB002, 10, 13);
  ASSERT_EQ(l.out.broken.size(), 1u);
  EXPECT_EQ(l.out.broken[0], 10u);
}

TEST(Lexer, UnterminatedBlockCommentAtOpening) {
  Lexed l("a = 1\n/* never\nclosed");
  ExpectOneDiag(l, DiagCode::SWB002, 6, 8);
  const std::vector<TokenKind> want = {kIdent, kAssign, kInt};
  EXPECT_EQ(l.kinds(), want);
}

TEST(Lexer, TextBlockSpansLines) {
  Lexed l("d = \"\"\"\n  line \"quoted\"\n\"\"\" x");
  const std::vector<TokenKind> want = {kIdent, kAssign, kTextBlock, kIdent};
  EXPECT_EQ(l.kinds(), want);
  EXPECT_EQ(l.diags.size(), 0u);
}

TEST(Lexer, UnexpectedCharacter) {
  Lexed l("a = 1 @ b");
  ExpectOneDiag(l, DiagCode::SWB001, 6, 7);
  EXPECT_NE(l.diags.list()[0].message.find('@'), std::string::npos);
  ASSERT_EQ(l.out.tokens.size(), 5u);
  EXPECT_EQ(l.out.tokens[3].kind, kError);
}

TEST(Lexer, RunOfUnexpectedCharactersReportedOnce) {
  Lexed l("a @@@ b");
  ExpectOneDiag(l, DiagCode::SWB001, 2, 3);
  ASSERT_EQ(l.out.tokens.size(), 3u);
  EXPECT_EQ(l.out.tokens[1].kind, kError);
  EXPECT_EQ(l.out.tokens[1].begin, 2u);
  EXPECT_EQ(l.out.tokens[1].end(), 5u);
}

// A token keeps its length in 26 bits: one over 64 MiB (a text block, under a raised
// --max-file-size) is SWB004 at its start, and lexing goes on after it.
TEST(Lexer, ATokenOverItsLengthLimitIsReported) {
  std::string text = "a = \"\"\"\n";
  const std::string line(1023, 'x');
  while (text.size() <= Token::kMaxLength) text += line + "\n";
  text += "\"\"\"\nb = 1\n";
  Lexed l(std::move(text));
  ExpectOneDiag(l, DiagCode::SWB004, 4, 5);
  ASSERT_EQ(l.kinds(), (std::vector<TokenKind>{kIdent, kAssign, kError, kIdent, kAssign, kInt}));
  EXPECT_EQ(l.text(l.out.tokens[3]), "b");
}

TEST(Lexer, UnexpectedNonAsciiCharacterIsOneCodePoint) {
  Lexed l("a = \xC3\xA9");  // é as a bare word
  ExpectOneDiag(l, DiagCode::SWB001, 4, 6);
  EXPECT_NE(l.diags.list()[0].message.find("\xC3\xA9"), std::string::npos);
}

TEST(Lexer, SingleQuoteHelpMentionsDoubleQuotes) {
  Lexed l("a = 'x'");
  ASSERT_GE(l.diags.size(), 1u);
  EXPECT_EQ(l.diags.list()[0].code, DiagCode::SWB001);
  EXPECT_NE(l.diags.list()[0].help.find("double quotes"), std::string::npos);
}

TEST(Lexer, ByteOrderMarkIsSkipped) {
  Lexed l("\xEF\xBB\xBFskill a {}");
  const std::vector<TokenKind> want = {kIdent, kIdent, kLBrace, kRBrace};
  EXPECT_EQ(l.kinds(), want);
  EXPECT_EQ(l.diags.size(), 0u);
  EXPECT_EQ(l.out.tokens[0].begin, 3u);
}

TEST(Lexer, CrLfAndLoneCr) {
  Lexed l("a = 1\r\nb = 2\rc = 3");
  const std::vector<TokenKind> want = {kIdent, kAssign, kInt,    kIdent, kAssign,
                                       kInt,   kIdent,  kAssign, kInt};
  EXPECT_EQ(l.kinds(), want);
  EXPECT_EQ(l.diags.size(), 0u);
  EXPECT_EQ(l.out.tokens[3].begin, 7u);
  EXPECT_EQ(l.out.tokens[6].begin, 13u);
}

TEST(Lexer, MergeConflictMarkers) {
  const std::string src =
      "skill a {\n"
      "<<<<<<< HEAD\n"
      "  media = digital\n"
      "=======\n"
      "  media = voice\n"
      ">>>>>>> feature\n"
      "}\n";
  Lexed l(src);
  // The conflict is reported at its opening marker (the other markers may stay quiet: one
  // conflict is one mistake), always as SWB001 with a help that names the cause.
  ASSERT_GE(l.diags.size(), 1u);
  EXPECT_LE(l.diags.size(), 3u);
  EXPECT_EQ(l.text(l.diags.list()[0].span), "<<<<<<< HEAD");
  for (const auto& d : l.diags.list()) {
    EXPECT_EQ(d.code, DiagCode::SWB001);
    EXPECT_EQ(d.severity, Severity::Error);
    EXPECT_NE(d.help.find("merge conflict"), std::string::npos) << d.help;
  }
  // Each marker line is one error token, so the parser never sees `HEAD` or `feature`.
  std::vector<std::string> errors;
  for (const auto& t : l.out.tokens) {
    if (t.kind == kError) errors.push_back(l.text(t));
  }
  EXPECT_EQ(errors, (std::vector<std::string>{"<<<<<<< HEAD", "=======", ">>>>>>> feature"}));
}

TEST(Lexer, LoneConflictMarkerIsReported) {
  Lexed l("a = 1\n>>>>>>> other-branch\nb = 2\n");
  ASSERT_EQ(l.diags.size(), 1u);
  EXPECT_EQ(l.diags.list()[0].code, DiagCode::SWB001);
  EXPECT_EQ(l.text(l.diags.list()[0].span), ">>>>>>> other-branch");
  EXPECT_NE(l.diags.list()[0].help.find("merge conflict"), std::string::npos);
}

TEST(Lexer, EqualsRunNotAtLineStartIsNotAConflictMarker) {
  Lexed l("a ======= b");
  for (const auto& d : l.diags.list()) {
    EXPECT_EQ(d.help.find("merge conflict"), std::string::npos);
  }
  EXPECT_EQ(l.out.tokens[1].kind, kAssign);
}

// ---- find_invalid_utf8 ---------------------------------------------------------------

constexpr auto npos = std::string_view::npos;

TEST(FindInvalidUtf8, ValidText) {
  EXPECT_EQ(find_invalid_utf8(""), npos);
  EXPECT_EQ(find_invalid_utf8("plain ascii"), npos);
  EXPECT_EQ(find_invalid_utf8("caf\xC3\xA9"), npos);           // 2 bytes
  EXPECT_EQ(find_invalid_utf8("\xE2\x82\xAC"), npos);          // € 3 bytes
  EXPECT_EQ(find_invalid_utf8("hi \xF0\x9F\x98\x80!"), npos);  // 😀 4 bytes
  EXPECT_EQ(find_invalid_utf8("\xF4\x8F\xBF\xBF"), npos);      // U+10FFFF
  EXPECT_EQ(find_invalid_utf8("\xED\x9F\xBF"), npos);          // U+D7FF, before surrogates
  EXPECT_EQ(find_invalid_utf8("\xEE\x80\x80"), npos);          // U+E000, after surrogates
}

TEST(FindInvalidUtf8, Overlong) {
  EXPECT_EQ(find_invalid_utf8("ab\xC0\x80"), 2u);
  EXPECT_EQ(find_invalid_utf8("\xC1\xBF"), 0u);
  EXPECT_EQ(find_invalid_utf8("x\xE0\x80\xAF"), 1u);     // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xF0\x8F\xBF\xBF"), 0u);  // overlong U+FFFF
}

TEST(FindInvalidUtf8, Surrogate) {
  EXPECT_EQ(find_invalid_utf8("abc\xED\xA0\x80"), 3u);
  EXPECT_EQ(find_invalid_utf8("\xED\xBF\xBF"), 0u);
}

TEST(FindInvalidUtf8, BeyondMaxCodePoint) {
  EXPECT_EQ(find_invalid_utf8("a\xF4\x90\x80\x80"), 1u);
  EXPECT_EQ(find_invalid_utf8("\xF5\x80\x80\x80"), 0u);
  EXPECT_EQ(find_invalid_utf8("\xFF"), 0u);
}

TEST(FindInvalidUtf8, TruncatedSequence) {
  EXPECT_EQ(find_invalid_utf8("ab\xF0\x9F\x98"), 2u);  // emoji missing its last byte
  EXPECT_EQ(find_invalid_utf8("\xC3"), 0u);
  EXPECT_EQ(find_invalid_utf8("x\xE2\x82y"), 1u);  // interrupted by ASCII
}

TEST(FindInvalidUtf8, StrayContinuationByte) {
  EXPECT_EQ(find_invalid_utf8("ok\x80"), 2u);
  EXPECT_EQ(find_invalid_utf8("\xC3\xA9\xA9"), 2u);
}

TEST(FindInvalidUtf8, ReportsFirstBadSequence) {
  EXPECT_EQ(find_invalid_utf8("\xC3\xA9 \xF0\x9F\x98\x80 \xC0\x80 \xFF"), 8u);
}

}  // namespace
}  // namespace swb::syntax
