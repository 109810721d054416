// Unit tests for compiler/base/source.h: offsets -> line/column in code points.
#include "compiler/base/source.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
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

// A file read from disk, with its origin, as the loader adds it.
class ReleasedText : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "swb_release_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".swb";
    for (int i = 0; i < 4000; ++i) text_ += "channel c" + std::to_string(i) + " { type = x }\n";
    std::ofstream(path_, std::ios::binary) << text_;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  const SourceFile& add(SourceManager& sm) {
    const int fd = ::open(path_.c_str(), O_RDONLY);
    DiskOrigin origin = disk_origin(fd, path_);
    ::close(fd);
    return sm.add("f.swb", text_, std::move(origin));
  }
  std::string path_, text_;
};

TEST_F(ReleasedText, IsReadAgainWhenAskedFor) {
  SourceManager sm;
  const SourceFile& f = add(sm);
  const auto size = static_cast<std::uint32_t>(text_.size());
  f.release(100, size / 2);
  f.release(size / 2 + 10, size - 5);
  // The live text has lost whole pages of both ranges; text() has them all back.
  EXPECT_NE(f.live_text(), text_);
  EXPECT_EQ(f.text(), text_);
  EXPECT_EQ(f.live_text(), text_);
  EXPECT_EQ(f.line_col(size - 2).line, 4000u);
}

// Lowering gives back the text from the first chunk to the one it is done with, each time:
// the ranges overlap, and what text() reads again is each byte once, not each range whole.
TEST_F(ReleasedText, OverlappingRangesAreReadAgainOnce) {
  SourceManager sm;
  const SourceFile& f = add(sm);
  const auto size = static_cast<std::uint32_t>(text_.size());
  for (std::uint32_t end = 5000; end < size; end += 5000) f.release(0, end);
  f.release(3000, size);  // reaches back into what was given back already
  EXPECT_EQ(f.text(), text_);
  EXPECT_GT(f.bytes_read_again(), 0u);
  EXPECT_LE(f.bytes_read_again(), size);
}

TEST_F(ReleasedText, LinesAndColumnsReadItAgain) {
  SourceManager sm;
  const SourceFile& f = add(sm);
  f.release(0, static_cast<std::uint32_t>(text_.size()));
  EXPECT_EQ(f.line_text(3000), "channel c2999 { type = x }");
  EXPECT_EQ(f.live_text(), text_);
}

TEST_F(ReleasedText, NothingIsGivenBackWithoutAnOrigin) {
  SourceManager sm;
  const SourceFile& f = sm.add("f.swb", text_);
  f.release(0, static_cast<std::uint32_t>(text_.size()));
  EXPECT_EQ(f.live_text(), text_);
}

TEST_F(ReleasedText, AFileChangedMeanwhileStopsTheRun) {
  SourceManager sm;
  const SourceFile& f = add(sm);
  f.release(0, static_cast<std::uint32_t>(text_.size()));
  std::string changed = text_;
  changed[5000] = '#';
  std::ofstream(path_, std::ios::binary | std::ios::trunc) << changed;
  // Same size; the modification time (or, on a coarse clock, nothing) tells it apart.
  const timespec later[2] = {{0, UTIME_OMIT}, {2000000000, 0}};
  ::utimensat(AT_FDCWD, path_.c_str(), later, 0);
  EXPECT_EXIT(f.text(), ::testing::ExitedWithCode(2), "changed on disk");
}

}  // namespace
}  // namespace swb
