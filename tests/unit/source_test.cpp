// Unit tests for compiler/base/source.h: offsets -> line/column in code points.
#include "compiler/base/source.h"

#include <gtest/gtest.h>

#include <string>

namespace swb {
namespace {

void ExpectAt(const SourceFile& f, std::uint32_t offset, std::uint32_t line, std::uint32_t col) {
  const LineCol lc = f.line_col(offset);
  EXPECT_EQ(lc.line, line) << "offset " << offset;
  EXPECT_EQ(lc.column, col) << "offset " << offset;
}

TEST(SourceManager, AddAssignsIdsInOrder) {
  SourceManager sm;
  const SourceFile& a = sm.add("a.swb", "x");
  const SourceFile& b = sm.add("dir/b.swb", "y");
  EXPECT_EQ(a.id(), 0u);
  EXPECT_EQ(b.id(), 1u);
  EXPECT_EQ(sm.size(), 2u);
  EXPECT_EQ(&sm.file(1), &b);
  EXPECT_EQ(sm.file(0).path(), "a.swb");
  EXPECT_EQ(sm.file(1).text(), "y");
}

TEST(SourceFile, AsciiLinesAndColumns) {
  SourceManager sm;
  const SourceFile& f = sm.add("f", "ab\ncde\n\nf");
  ExpectAt(f, 0, 1, 1);
  ExpectAt(f, 1, 1, 2);
  ExpectAt(f, 2, 1, 3);  // the newline itself
  ExpectAt(f, 3, 2, 1);
  ExpectAt(f, 5, 2, 3);
  ExpectAt(f, 7, 3, 1);
  ExpectAt(f, 8, 4, 1);
  ExpectAt(f, 9, 4, 2);  // end of file
  EXPECT_EQ(f.line_count(), 4u);
}

TEST(SourceFile, ColumnsCountCodePoints) {
  SourceManager sm;
  // "é" is 2 bytes, "😀" is 4 bytes; each is one column.
  const std::string text = "\xC3\xA9x \xF0\x9F\x98\x80y";
  const SourceFile& f = sm.add("f", text);
  ExpectAt(f, 2, 1, 2);  // x after é
  ExpectAt(f, 3, 1, 3);  // the space
  ExpectAt(f, 4, 1, 4);  // the emoji
  ExpectAt(f, 8, 1, 5);  // y after the emoji
  ExpectAt(f, 9, 1, 6);  // end
}

TEST(SourceFile, TabIsOneColumn) {
  SourceManager sm;
  const SourceFile& f = sm.add("f", "\t\tx");
  ExpectAt(f, 2, 1, 3);
}

TEST(SourceFile, CrLfIsOneLineEnd) {
  SourceManager sm;
  const SourceFile& f = sm.add("f", "ab\r\ncd\r\n");
  ExpectAt(f, 4, 2, 1);
  ExpectAt(f, 5, 2, 2);
  EXPECT_EQ(f.line_count(), 3u);
  EXPECT_EQ(f.line_text(1), "ab");
  EXPECT_EQ(f.line_text(2), "cd");
  EXPECT_EQ(f.line_text(3), "");
}

TEST(SourceFile, LoneCrIsALineEnd) {
  SourceManager sm;
  const SourceFile& f = sm.add("f", "ab\rcd\ref");
  ExpectAt(f, 3, 2, 1);
  ExpectAt(f, 4, 2, 2);
  ExpectAt(f, 6, 3, 1);
  EXPECT_EQ(f.line_count(), 3u);
  EXPECT_EQ(f.line_text(2), "cd");
  EXPECT_EQ(f.line_text(3), "ef");
}

TEST(SourceFile, MixedLineEnds) {
  SourceManager sm;
  const SourceFile& f = sm.add("f", "a\nb\r\nc\rd");
  ExpectAt(f, 2, 2, 1);
  ExpectAt(f, 5, 3, 1);
  ExpectAt(f, 7, 4, 1);
  EXPECT_EQ(f.line_text(1), "a");
  EXPECT_EQ(f.line_text(2), "b");
  EXPECT_EQ(f.line_text(3), "c");
  EXPECT_EQ(f.line_text(4), "d");
}

TEST(SourceFile, CrCrIsTwoLineEnds) {
  SourceManager sm;
  const SourceFile& f = sm.add("f", "a\r\rb");
  ExpectAt(f, 3, 3, 1);
  EXPECT_EQ(f.line_text(2), "");
}

TEST(SourceFile, ByteOrderMarkIsNotAColumn) {
  SourceManager sm;
  const SourceFile& f = sm.add("f", "\xEF\xBB\xBFskill a\nx");
  ExpectAt(f, 3, 1, 1);
  ExpectAt(f, 9, 1, 7);
  ExpectAt(f, 11, 2, 1);
  EXPECT_EQ(f.line_text(1), "skill a");
}

TEST(SourceFile, LineTextOutOfRangeIsEmpty) {
  SourceManager sm;
  const SourceFile& f = sm.add("f", "one\ntwo");
  EXPECT_EQ(f.line_text(0), "");
  EXPECT_EQ(f.line_text(3), "");
  EXPECT_EQ(f.line_text(2), "two");
}

TEST(SourceFile, OffsetPastEndIsClamped) {
  SourceManager sm;
  const SourceFile& f = sm.add("f", "ab\nc");
  ExpectAt(f, 100, 2, 2);
}

TEST(CountCodePoints, MixedWidths) {
  EXPECT_EQ(count_code_points(""), 0u);
  EXPECT_EQ(count_code_points("abc"), 3u);
  EXPECT_EQ(count_code_points("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), 3u);
}

}  // namespace
}  // namespace swb
