// Runs a program and captures what it prints: the tests drive the real `swb` binary.
#pragma once

#include <string>
#include <vector>

namespace swb::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out, err;
  double cpu_seconds = 0;  // user + system time of the process
  long max_rss_kb = 0;     // its peak resident memory
};

// `env` entries are added to the inherited environment ("NAME=VALUE").
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd = "",
                          const std::vector<std::string>& env = {});

// The swb binary under test and the source tree, set by CMake.
std::string swb_binary();
std::string source_dir();

}  // namespace swb::test
