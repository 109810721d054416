// Line tables are built lazily: most files of a clean run are never rendered.
#include "compiler/base/source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "compiler/base/memory.h"

namespace swb {

SourceFile::SourceFile(FileId id, std::string path, std::string text,
                       std::optional<DiskOrigin> origin)
    : id_(id), path_(std::move(path)), text_(std::move(text)), origin_(std::move(origin)) {
  // A file that shrank or grew while it was read cannot be read again the same.
  if (origin_ && origin_->size != text_.size()) origin_.reset();
}

DiskOrigin disk_origin(int fd, std::string path) {
  DiskOrigin o;
  o.path = std::move(path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return o;
  o.device = static_cast<std::uint64_t>(st.st_dev);
  o.inode = static_cast<std::uint64_t>(st.st_ino);
  o.size = static_cast<std::uint64_t>(st.st_size);
  o.mtime_sec = static_cast<std::int64_t>(st.st_mtim.tv_sec);
  o.mtime_nsec = static_cast<std::int64_t>(st.st_mtim.tv_nsec);
  return o;
}

void SourceFile::release(std::uint32_t begin, std::uint32_t end) const {
  if (!origin_ || begin >= end || end > text_.size()) return;
  std::lock_guard lock(release_mu_);
  // A range that overlaps or extends the last one given back (lowering gives back the text
  // from its first chunk on, each time) gives back only what is new.
  if (!released_ranges_.empty() && released_ranges_.back().first <= begin &&
      begin <= released_ranges_.back().second) {
    begin = std::max(begin, released_ranges_.back().second);
    if (begin >= end) return;
  }
  // The loader asks for huge pages for a large text (advise_huge_pages).
  const PageSpan pages =
      release_buffer_pages(text_.data(), text_.size(), text_.data() + begin, text_.data() + end);
  if (pages.first == pages.last) return;
  const auto base = reinterpret_cast<std::uintptr_t>(text_.data());
  const auto first = static_cast<std::uint32_t>(pages.first - base);
  const auto last = static_cast<std::uint32_t>(pages.last - base);
  // Pages are whole, so they can reach back into the last range: one that overlaps or
  // touches it extends it (lowering's ranges all start at the first chunk, and each would
  // otherwise be read again whole).
  if (!released_ranges_.empty() && released_ranges_.back().first <= first &&
      first <= released_ranges_.back().second) {
    released_ranges_.back().second = std::max(released_ranges_.back().second, last);
  } else {
    released_ranges_.emplace_back(first, last);
  }
  released_.store(true, std::memory_order_release);
}

// Reads the released pages again, and only them: other threads may be reading the rest.
void SourceFile::restore() const {
  std::lock_guard lock(release_mu_);
  if (!released_.load(std::memory_order_relaxed)) return;
  const int fd = ::open(origin_->path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  bool same = fd >= 0 && disk_origin(fd, origin_->path) == *origin_;
  // Each byte once, however the ranges were given back.
  std::sort(released_ranges_.begin(), released_ranges_.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
  for (const auto& r : released_ranges_) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  for (const auto& [begin, end] : merged) {
    for (std::uint32_t at = begin; same && at < end;) {
      const ssize_t n = ::pread(fd, const_cast<char*>(text_.data()) + at, end - at, at);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) same = false;
      at += n > 0 ? static_cast<std::uint32_t>(n) : 0;
      read_again_ += n > 0 ? static_cast<std::uint64_t>(n) : 0;
    }
  }
  if (fd >= 0) ::close(fd);
  if (!same) {
    // Its diagnostics would point at text that is no longer there: nothing right can be said.
    std::fprintf(stderr, "swb: %s changed on disk while swb was reading it; run swb again\n",
                 path_.c_str());
    std::fflush(stdout);
    std::_Exit(2);
  }
  released_ranges_.clear();
  released_.store(false, std::memory_order_release);
}

void SourceFile::index_lines() const {
  text();  // whole again, if parts were released
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

const SourceFile& SourceManager::add(std::string path, std::string text,
                                     std::optional<DiskOrigin> origin) {
  std::lock_guard lock(mu_);
  const auto id = static_cast<FileId>(files_.size());
  files_.push_back(
      std::make_unique<SourceFile>(id, std::move(path), std::move(text), std::move(origin)));
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
