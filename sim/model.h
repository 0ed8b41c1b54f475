// What a scenario simulates (a queueing station, a cluster). The run owns the simulator,
// the metrics and the clock of measurement windows; a model owns its events.
#pragma once

#include <vector>

#include "sim/event.h"
#include "sim/simulator.h"
#include "sim/summary.h"

namespace ringsim {

class Model : public EventHandler {
 public:
  // Registers the model's handlers with the simulator and schedules its first events.
  virtual void start(Simulator& simulator) = 0;
  // Sets the model's gauges; called just before each measurement window closes.
  virtual void sample_gauges(TimeNs now_ns) = 0;
  // Sets end-of-run results; called once when the run reaches its end time.
  virtual void finish(TimeNs end_ns) = 0;
  // Adds model-specific tables to the summary (e.g. one row per membership change).
  virtual void add_tables(std::vector<SummaryTable>& tables) const { (void)tables; }
};

}  // namespace ringsim
