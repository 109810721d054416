// Line tables are built lazily: most files of a clean run are never rendered.
#include "compiler/base/source.h"

#include <algorithm>
#include <cstdlib>

namespace swb {

SourceFile::SourceFile(FileId id, std::string path, std::string text)
    : id_(id), path_(std::move(path)), text_(std::move(text)) {}

void SourceFile::index_lines() const {
  std::call_once(lines_once_, [this] {
    line_starts_.push_back(0);
    const std::string_view t = text_;
    checkpoints_.reserve(t.size() / kCheckpointBytes + 1);
    std::uint64_t code_points = 0;
    for (std::size_t at = 0;; at += kCheckpointBytes) {
      checkpoints_.push_back(code_points);
      if (at >= t.size()) break;
      code_points += count_code_points(t.substr(at, kCheckpointBytes));
    }
    for (std::uint32_t i = 0; i < t.size(); ++i) {
      if (t[i] == '\n') {
        line_starts_.push_back(i + 1);
      } else if (t[i] == '\r') {
        if (i + 1 < t.size() && t[i + 1] == '\n') ++i;
        line_starts_.push_back(i + 1);
      }
    }
  });
}

std::uint32_t SourceFile::line_count() const {
  index_lines();
  return static_cast<std::uint32_t>(line_starts_.size());
}

std::size_t SourceFile::code_points_before(std::uint32_t offset) const {
  const std::uint32_t k = offset / kCheckpointBytes;
  const std::uint32_t at = k * kCheckpointBytes;
  return checkpoints_[k] + count_code_points(std::string_view(text_).substr(at, offset - at));
}

LineCol SourceFile::line_col(std::uint32_t offset) const {
  index_lines();
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  const std::uint32_t start = line_starts_[line - 1];
  std::size_t column = code_points_before(offset) - code_points_before(start) + 1;
  // A byte-order mark at the very start is not a column.
  if (start == 0 && offset >= 3 && std::string_view(text_).substr(0, 3) == "\xEF\xBB\xBF") --column;
  return LineCol{line, static_cast<std::uint32_t>(column)};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  index_lines();
  if (line == 0 || line > line_starts_.size()) return {};
  const std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end =
      line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  std::string_view s(text_.data() + start, end - start);
  if (start == 0 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

const SourceFile& SourceManager::add(std::string path, std::string text) {
  std::lock_guard lock(mu_);
  const auto id = static_cast<FileId>(files_.size());
  files_.push_back(std::make_unique<SourceFile>(id, std::move(path), std::move(text)));
  return *files_.back();
}

const SourceFile& SourceManager::file(FileId id) const {
  std::lock_guard lock(mu_);
  if (id >= files_.size()) std::abort();  // an invalid id is a bug, never user input
  return *files_[id];
}

std::size_t SourceManager::size() const {
  std::lock_guard lock(mu_);
  return files_.size();
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace swb
