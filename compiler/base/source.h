// The files of a run: their bytes, display paths, and offset -> line/column mapping.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ir/span.h"

namespace swb {

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in Unicode code points; a tab is one column
};

class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text);

  FileId id() const { return id_; }
  const std::string& path() const { return path_; }  // as shown to the user
  std::string_view text() const { return text_; }

  LineCol line_col(std::uint32_t offset) const;
  // The text of 1-based line `line`, without its terminator.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const;

 private:
  void index_lines() const;
  // Code points in text_[0, offset), from a checkpoint every kCheckpointBytes.
  std::size_t code_points_before(std::uint32_t offset) const;

  FileId id_;
  std::string path_;
  std::string text_;
  mutable std::once_flag lines_once_;
  mutable std::vector<std::uint32_t> line_starts_;
  // Code points before each multiple of kCheckpointBytes, so a column on a 50 MB line costs
  // at most one checkpoint's scan instead of the whole line.
  static constexpr std::uint32_t kCheckpointBytes = 4096;
  mutable std::vector<std::uint64_t> checkpoints_;
};

// Owns every file read in a run. Adding is thread-safe; files never move once added.
class SourceManager {
 public:
  const SourceFile& add(std::string path, std::string text);
  const SourceFile& file(FileId id) const;
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::deque<std::unique_ptr<SourceFile>> files_;
};

// Counts code points in a valid UTF-8 string.
std::size_t count_code_points(std::string_view s);

}  // namespace swb
