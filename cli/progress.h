// A one-line progress bar on stderr for long headless runs. It appears only when stderr
// is a terminal and the run has taken more than about a second of wall time, so short
// runs and logs stay clean. This is CLI code: it reads the wall clock, the core never does.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

#include "sim/time.h"

namespace ringsim {

class ProgressBar {
 public:
  explicit ProgressBar(TimeNs end_ns);
  void update(TimeNs now_ns, std::uint64_t events);
  void clear();

 private:
  using Clock = std::chrono::steady_clock;
  TimeNs end_ns_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
};

// "check: 12/42 scenarios done (3 running), 34 s; last: mm1 pass" on stderr, for commands
// that run many jobs at once (check, replay). Only when stderr is a terminal; redrawn on
// every finished job (thread-safe), and cleared before the command prints its result.
class CountProgress {
 public:
  CountProgress(std::string command, std::string noun, std::size_t total, bool enabled);
  void started();
  void finished(const std::string& last);
  void clear();
  // isatty(stderr); the environment variable RINGSIM_PROGRESS=1 forces it on (tests).
  static bool stderr_is_terminal();

 private:
  void draw();
  using Clock = std::chrono::steady_clock;
  std::mutex mutex_;
  std::string command_;
  std::string noun_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::size_t running_ = 0;
  std::string last_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
};

}  // namespace ringsim
