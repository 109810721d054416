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
  // The caller is one of the workers: it parses in next() whenever its chunk is not ready.
  trash_.resize(workers - 1);
  for (unsigned k = 0; k + 1 < workers; ++k) threads_.emplace_back([this, k] { work(k); });
}

ParseAhead::~ParseAhead() {
  if (PhaseClock().on()) {
    std::fprintf(stderr,
                 "swb: time   waiting for the parse %8.1f ms over %zu chunks (%zu parsed while "
                 "waiting)\n",
                 waited_ms_, tasks_.size(), parsed_ahead_);
  }
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  room_.notify_all();
  for (auto& t : threads_) t.join();
}

ParseAhead::Chunk ParseAhead::parse(std::size_t task, std::size_t worker) const {
  Chunk out;
  out.worker = worker;
  out.file = tasks_[task].file;
  files_[out.file]->parse_chunk(tasks_[task].chunk, out.syntax, out.diags);
  if (on_parsed_) on_parsed_(out.syntax);
  return out;
}

void ParseAhead::work(std::size_t worker) {
  std::vector<Chunk> trash;
  for (;;) {
    std::optional<std::size_t> task;
    bool stopping;
    {
      std::unique_lock lock(mu_);
      auto can_take = [&] { return handed_ < tasks_.size() && handed_ < consumed_ + window_; };
      room_.wait(lock, [&] { return stop_ || can_take() || !trash_[worker].empty(); });
      trash.swap(trash_[worker]);
      stopping = stop_;
      if (!stopping && can_take()) task = handed_++;
    }
    trash.clear();  // outside the lock
    if (!task) {
      if (stopping) return;
      continue;
    }
    Chunk chunk = parse(*task, worker);
    {
      std::lock_guard lock(mu_);
      done_[*task] = std::move(chunk);
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
  if (threads_.empty()) return parse(consumed_++, kCaller);
  std::optional<Chunk> out;
  {
    std::unique_lock lock(mu_);
    // Not ready: parse the first chunk no one has taken (this one, or one ahead) rather
    // than wait, as long as one is within the window; wait only when none is.
    while (!done_[consumed_] && handed_ < tasks_.size() && handed_ < consumed_ + window_) {
      const std::size_t task = handed_++;
      parsed_ahead_ += task != consumed_;
      lock.unlock();
      Chunk chunk = parse(task, kCaller);
      lock.lock();
      done_[task] = std::move(chunk);
    }
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

void ParseAhead::recycle(Chunk chunk) {
  if (chunk.worker == kCaller) return;  // parsed here: freed here
  {
    std::lock_guard lock(mu_);
    trash_[chunk.worker].push_back(std::move(chunk));
  }
  room_.notify_all();
}

}  // namespace swb::syntax
