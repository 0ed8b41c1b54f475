// A one-line progress bar on stderr for long headless runs. It appears only when stderr
// is a terminal and the run has taken more than about a second of wall time, so short
// runs and logs stay clean. This is CLI code: it reads the wall clock, the core never does.
#pragma once

#include <chrono>

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

}  // namespace ringsim
