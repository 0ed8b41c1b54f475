// How much wall time a frame may spend advancing the run, so that simulating plus drawing
// stays within one 60 fps frame. Playing at "max" speed the run takes all the time it is
// given; a fixed 10 ms on top of a 7-9 ms drawing made frames of 17-25 ms. The pacer gives
// the simulation what the slowest recent drawing leaves of the frame, less a margin,
// within bounds. No SFML here (tested in tests/gui_test.cpp).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>

namespace ringsim::viz {

class FramePacer {
 public:
  using Duration = std::chrono::steady_clock::duration;

  // One frame at 60 fps.
  static constexpr Duration kFramePeriod = std::chrono::microseconds(16'667);
  // Simulation budgets stay within these: the run always advances a little, and a quick
  // drawing does not hand the simulation a whole frame.
  static constexpr Duration kSimBudgetMin = std::chrono::milliseconds(2);
  static constexpr Duration kSimBudgetMax = std::chrono::milliseconds(10);
  // Kept free of both, for the event loop, a last simulation slice running long and
  // drawings slower than any of the last kDrawsKept.
  static constexpr Duration kMargin = std::chrono::milliseconds(3);
  // Drawings remembered (2 s at 60 fps). Under Mesa's software renderer one drawing in
  // twenty or so takes 3-4 ms longer than the rest for no reason the GUI controls (thread
  // scheduling); a budget fitted to the last few drawings overran on each of those, one
  // fitted to the slowest of the last 2 s does not.
  static constexpr std::size_t kDrawsKept = 120;
  // A drawing slower than this many times the median of those kept is a one-off (the
  // window's first frame, a membership change redrawing the ring's cached pictures): it
  // cannot be foreseen, and letting it hold the budget down for 2 s would cost a fifth
  // of max speed's progress after every change.
  static constexpr double kOneOffOverMedian = 2;
  // Until this many drawings are known (half a second) the simulation gets the minimum:
  // a few drawings say little about the slow ones to expect.
  static constexpr std::size_t kDrawsToTrust = 30;

  // While a seek, step back or Next change runs (the session is busy) a frame simulates
  // this long: the user waits for the run, not for frames, and each frame's drawing
  // (tens of ms for a RAG scenario under llvmpipe) then costs a few per cent of the seek
  // instead of most of it (a seek to 17 s of rag_pipelines took 75 s, not 13 s, on the
  // 2-10 ms budget of a playing frame). Stop and Space still answer within a quarter second.
  static constexpr Duration kBusySimBudget = std::chrono::milliseconds(250);

  // Wall time the next frame may spend simulating; `busy`: the session is seeking.
  Duration sim_budget(bool busy = false) const;
  // Records how long the frame's drawing took (building, rendering, presenting).
  void record_draw(Duration draw);

 private:
  std::array<Duration, kDrawsKept> draws_{};
  std::size_t count_ = 0;  // drawings recorded, up to kDrawsKept
  std::size_t next_ = 0;
};

}  // namespace ringsim::viz
