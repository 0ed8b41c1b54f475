// Seeking back in the GUI (issue #13): a seek into the past rebuilds the run and replays it
// up to the target (viz/session.h), so its cost is the replay's. Measures, on node_join at
// 64 nodes x 256 vnodes and 100 k keys (the GUI's performance scenario, docs/gui.md), from
// 30 s: seek back 10 s (to 20 s), and step back one event. Each measured 5 times,
// interleaved; prints the median, min and max wall time.
//
//   build/bin/ringsim-bench-gui-seek [--quick]   (--quick: the default node_join, 1 round)
#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <vector>

#include "bench/build_info.h"
#include "run/scenario.h"
#include "viz/session.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Runs a seek (or step) to completion the way the interactive loop does, with no budget.
void finish(ringsim::viz::Session& session) {
  while (session.busy()) session.pump(1.0 / 60, std::chrono::hours(1));
}

void report(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  std::cout << what << ": median " << ms[ms.size() / 2] << " ms (min " << ms.front() << ", max " << ms.back()
            << ", " << ms.size() << " runs)\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ringsim;
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  print_build_info();
  viz::ScenarioSource source;
  source.path = "scenarios/node_join.json";
  if (!quick) {
    for (const char* text : {"/cluster/nodes=64", "/cluster/placement/vnodes_per_node=256", "/data/keys=100000"}) {
      source.overrides.push_back(parse_override(text));
    }
  }
  viz::Session session(source);
  const TimeNs from_ns = 30 * kNsPerS;
  const TimeNs back_ns = 20 * kNsPerS;
  std::vector<double> seek_ms, step_ms;
  for (int round = 0; round < (quick ? 1 : 5); ++round) {
    session.advance_to(from_ns);
    Clock::time_point start = Clock::now();
    session.seek(back_ns);
    finish(session);
    seek_ms.push_back(ms_since(start));
    if (session.run().now_ns() != back_ns) {
      std::cerr << "seek ended at " << session.run().now_ns() << " ns, not " << back_ns << "\n";
      return 1;
    }
    session.advance_to(from_ns);
    start = Clock::now();
    session.step_back_event();
    finish(session);
    step_ms.push_back(ms_since(start));
  }
  std::cout << "node_join" << (quick ? "" : " at 64 nodes x 256 vnodes, 100 k keys") << ", from 30 s\n";
  report("seek back 10 s (30 s -> 20 s)", seek_ms);
  report("step back one event at 30 s", step_ms);
  return 0;
}
