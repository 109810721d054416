// Wall time per pipeline phase, printed to stderr when SWB_TIME_REPORT is set (like
// clang's -ftime-report): what bench/ uses to see where a run spends its time.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace swb {

class PhaseClock {
 public:
  PhaseClock() : on_(std::getenv("SWB_TIME_REPORT") != nullptr), last_(now()) {}

  bool on() const { return on_; }

  // Prints the time since the previous lap (or since construction) under `phase`.
  void lap(const char* phase) {
    if (!on_) return;
    const auto t = now();
    std::fprintf(stderr, "swb: time %-10s %8.1f ms  rss %6ld MB  peak %6ld MB\n", phase,
                 std::chrono::duration<double, std::milli>(t - last_).count(), rss_mb(),
                 peak_rss_mb());
    last_ = t;
  }

  // Runs fn, and reports it under `what` when it took at least `min_ms` (for the parts of a
  // phase, such as each rule, that run in parallel).
  template <class Fn>
  void time(const char* what, double min_ms, Fn&& fn) const {
    if (!on_) return fn();
    const auto t = now();
    fn();
    const double ms = std::chrono::duration<double, std::milli>(now() - t).count();
    if (ms >= min_ms) std::fprintf(stderr, "swb: time   %-32s %8.1f ms\n", what, ms);
  }

 private:
  // The resident set now, from /proc/self/statm (pages).
  static long rss_mb() {
    long size = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(f, "%ld %ld", &size, &resident) != 2) resident = 0;
      std::fclose(f);
    }
    return resident * 4096 / (1024 * 1024);
  }
  // The largest resident set so far (VmHWM in /proc/self/status, kB).
  static long peak_rss_mb() {
    long kb = 0;
    if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
      char line[256];
      while (std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
      }
      std::fclose(f);
    }
    return kb / 1024;
  }
  static std::chrono::steady_clock::time_point now() { return std::chrono::steady_clock::now(); }
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace swb
