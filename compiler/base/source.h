// The files of a run: their bytes, display paths, and offset -> line/column mapping.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ir/span.h"

namespace swb {

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in Unicode code points; a tab is one column
};

// Where a file's text was read from, so that released parts of it can be read again: the
// path to open and what fstat said of the file then.
struct DiskOrigin {
  std::string path;
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t mtime_sec = 0, mtime_nsec = 0;
  bool operator==(const DiskOrigin&) const = default;
};

// What fstat says of an open file, as a DiskOrigin for `path`.
DiskOrigin disk_origin(int fd, std::string path);

class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text,
             std::optional<DiskOrigin> origin = std::nullopt);

  FileId id() const { return id_; }
  const std::string& path() const { return path_; }  // as shown to the user
  // The whole text, followed by a NUL (the lexer relies on it). Parts given back by
  // release() are read from the file again first; if
  // the file changed on disk meanwhile, the run cannot go on: swb says so and exits 2.
  std::string_view text() const {
    if (released_.load(std::memory_order_acquire)) restore();
    return text_;
  }
  // The text as it is, released parts and all: for the parse of the blocks being lowered,
  // which reads only ranges not yet released.
  std::string_view live_text() const { return text_; }
  // Gives back the memory of [begin, end) (its whole pages: release_buffer_pages) until text() is
  // next called: lowering does this for each chunk of blocks it is done with, so that a
  // large clean config never holds its text and its IR whole at once. Only for a file read
  // from disk (a no-op otherwise); one thread at a time.
  void release(std::uint32_t begin, std::uint32_t end) const;
  // How many bytes text() has read from the file again so far: for tests.
  std::uint64_t bytes_read_again() const {
    std::lock_guard lock(release_mu_);
    return read_again_;
  }

  LineCol line_col(std::uint32_t offset) const;
  // The text of 1-based line `line`, without its terminator.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const;

 private:
  void index_lines() const;
  // Code points in text_[0, offset), from a checkpoint every kCheckpointBytes.
  std::size_t code_points_before(std::uint32_t offset) const;

  void restore() const;

  FileId id_;
  std::string path_;
  std::string text_;
  std::optional<DiskOrigin> origin_;
  mutable std::atomic<bool> released_{false};
  mutable std::mutex release_mu_;
  mutable std::vector<std::pair<std::uint32_t, std::uint32_t>> released_ranges_;
  mutable std::uint64_t read_again_ = 0;
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
  const SourceFile& add(std::string path, std::string text,
                        std::optional<DiskOrigin> origin = std::nullopt);
  const SourceFile& file(FileId id) const;
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::deque<std::unique_ptr<SourceFile>> files_;
};

// Counts code points in a valid UTF-8 string.
std::size_t count_code_points(std::string_view s);

}  // namespace swb
