#include "compiler/syntax/parse_ahead.h"

#include <chrono>
#include <cstdio>

#include "compiler/base/time_report.h"

namespace swb::syntax {

ParseAhead::ParseAhead(std::vector<const DeferredBlocks*> files, unsigned workers, Hook on_parsed)
    : files_(std::move(files)), on_parsed_(std::move(on_parsed)) {
  for (std::size_t f = 0; f < files_.size(); ++f) {
    for (std::size_t c = 0; c < files_[f]->chunks(); ++c) tasks_.push_back({f, c});
  }
  done_.resize(tasks_.size());
  window_ = 4 * std::size_t{workers};
  if (workers <= 1 || tasks_.size() <= 1) return;
  for (unsigned k = 0; k < workers; ++k) threads_.emplace_back([this] { work(); });
}

ParseAhead::~ParseAhead() {
  if (PhaseClock().on()) {
    std::fprintf(stderr, "swb: time   waiting for the parse %8.1f ms over %zu chunks\n", waited_ms_,
                 tasks_.size());
  }
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  room_.notify_all();
  for (auto& t : threads_) t.join();
}

ParseAhead::Chunk ParseAhead::parse(std::size_t task) const {
  Chunk out;
  out.file = tasks_[task].file;
  files_[out.file]->parse_chunk(tasks_[task].chunk, out.syntax, out.diags);
  if (on_parsed_) on_parsed_(out.syntax);
  return out;
}

void ParseAhead::work() {
  for (;;) {
    std::size_t task;
    {
      std::unique_lock lock(mu_);
      room_.wait(
          lock, [&] { return stop_ || handed_ == tasks_.size() || handed_ < consumed_ + window_; });
      if (stop_ || handed_ == tasks_.size()) return;
      task = handed_++;
    }
    Chunk chunk = parse(task);
    {
      std::lock_guard lock(mu_);
      done_[task] = std::move(chunk);
    }
    ready_.notify_all();
  }
}

std::optional<ParseAhead::Chunk> ParseAhead::next() {
  if (released_ < consumed_) {
    const Task& done = tasks_[consumed_ - 1];
    files_[done.file]->release_text(done.chunk);
    released_ = consumed_;
  }
  if (consumed_ == tasks_.size()) return std::nullopt;
  if (threads_.empty()) return parse(consumed_++);
  std::optional<Chunk> out;
  {
    std::unique_lock lock(mu_);
    if (!done_[consumed_]) {
      const auto t = std::chrono::steady_clock::now();
      ready_.wait(lock, [&] { return done_[consumed_].has_value(); });
      waited_ms_ +=
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
    }
    out = std::move(done_[consumed_]);
    done_[consumed_].reset();
    ++consumed_;
  }
  room_.notify_all();
  return out;
}

}  // namespace swb::syntax
