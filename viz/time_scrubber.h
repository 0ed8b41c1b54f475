// The timeline's time slider as a value the user holds: while the handle is dragged the
// slider shows the dragged time (not the run's, which would pull the handle back every
// frame), and on release the seek goes to exactly where it was let go. No ImGui here, so
// the tests drive it the way the panel does.
//
// Per frame: value_s(now) is what the slider shows; hold(v) while the slider is active
// (v: the slider's value that frame, seconds); release() when it stops being active:
// the seek target (ns, rounded to the nearest ns), or nullopt when nothing was dragged.
#pragma once

#include <optional>

#include "sim/time.h"

namespace ringsim::viz {

class TimeScrubber {
 public:
  double value_s(TimeNs now_ns) const { return held_s_ ? *held_s_ : ns_to_s(now_ns); }
  void hold(double value_s) { held_s_ = value_s; }
  bool holding() const { return held_s_.has_value(); }
  std::optional<TimeNs> release() {
    const std::optional<double> held = held_s_;
    held_s_.reset();
    if (!held) return std::nullopt;
    return seconds_to_ns(*held < 0 ? 0 : *held);
  }

 private:
  std::optional<double> held_s_;
};

}  // namespace ringsim::viz
