// The playback speed the run actually reaches: virtual seconds advanced per wall second
// over the last second of playing, next to the speed asked for. At a high requested speed
// (or in a heavy scenario) a frame's simulation budget runs out before the frame's share
// of virtual time, so the run falls behind what the speed control says; the timeline then
// shows the achieved speed beside it ("achieved x3.2"). Pure: the interactive loop feeds it
// each frame's wall time and the virtual time that frame advanced.
#pragma once

#include <deque>
#include <optional>
#include <string>

namespace ringsim::viz {

class AchievedSpeed {
 public:
  // Over this much wall time (the latest frames).
  static constexpr double kWindowS = 1.0;
  // Below this much wall time of samples there is no figure yet.
  static constexpr double kMinWindowS = 0.25;

  // One frame of playing: wall_s of wall time in which the run advanced virtual_s.
  void add(double wall_s, double virtual_s) {
    samples_.push_back({wall_s, virtual_s});
    wall_s_ += wall_s;
    virtual_s_ += virtual_s;
    while (samples_.size() > 1 && wall_s_ - samples_.front().wall_s >= kWindowS) {
      wall_s_ -= samples_.front().wall_s;
      virtual_s_ -= samples_.front().virtual_s;
      samples_.pop_front();
    }
  }
  // Not playing (paused, seeking, a new run): the next figure starts afresh.
  void reset() {
    samples_.clear();
    wall_s_ = 0;
    virtual_s_ = 0;
  }
  std::optional<double> speed() const {
    if (wall_s_ < kMinWindowS) return std::nullopt;
    return virtual_s_ / wall_s_;
  }

 private:
  struct Sample {
    double wall_s;
    double virtual_s;
  };
  std::deque<Sample> samples_;
  double wall_s_ = 0;
  double virtual_s_ = 0;
};

// The run falls short when it reaches under this share of the requested speed.
inline constexpr double kAchievedShortfallShare = 0.9;

// The note beside the speed control, or nothing when the run keeps up: "achieved x3.2"
// when the achieved speed is under kAchievedShortfallShare of `requested`, and always at
// "max" (unlimited), where the request names no figure.
std::optional<std::string> achieved_speed_note(double requested, bool unlimited, std::optional<double> achieved);

}  // namespace ringsim::viz
