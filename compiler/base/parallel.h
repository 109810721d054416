// Data parallelism for the pipeline's independent pieces of work (items of a file, rules,
// phone numbers): plain std::thread, no pool, since each phase forks once and joins once.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace swb {

// How many threads a phase may use: `requested`, or one per core when 0.
inline unsigned worker_count(unsigned requested = 0) {
  return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

// Calls fn(i) for every i in [0, n), on up to `workers` threads (the caller is one of them).
// Work is handed out in small chunks so that uneven items still balance. fn must not throw.
template <class Fn>
void parallel_for(std::size_t n, unsigned workers, Fn&& fn) {
  const std::size_t threads = std::min<std::size_t>(std::max(1u, workers), n);
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  const std::size_t chunk = std::max<std::size_t>(1, n / (threads * 16));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t begin; (begin = next.fetch_add(chunk)) < n;) {
      const std::size_t end = std::min(n, begin + chunk);
      for (std::size_t i = begin; i < end; ++i) fn(i);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t k = 1; k < threads; ++k) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace swb
