// The queueing-station model: open-loop requests served by one multi-core FIFO station.
// With Poisson arrivals and exponential service it is M/M/c, which makes it the engine's
// validation fixture (tests compare it with Erlang C) and a teaching scenario.
#pragma once

#include <cstdint>
#include <string>

#include "sim/station.h"
#include "sim/distribution.h"
#include "sim/json_reader.h"
#include "sim/metrics.h"
#include "sim/model.h"
#include "workloads/arrivals.h"

namespace ringsim {

struct StationConfig {
  std::uint32_t cores = 1;
  std::uint64_t queue_capacity = 0;
  Distribution service_ns = Distribution::constant(0);
};

// Longest service time a scenario may ask for.
inline constexpr double kServiceMsMax = 3.6e6;

StationConfig read_station(ObjectReader reader);

class StationModel final : public Model {
 public:
  StationModel(const StationConfig& station, const ArrivalConfig& arrivals,
               const std::string& op_name, std::uint64_t seed, Metrics& metrics);

  void start(Simulator& simulator) override;
  void sample_gauges(TimeNs now_ns) override;
  void finish(TimeNs end_ns) override;

  void handle_event(Simulator& simulator, const Event& event) override;
  const char* handler_name() const override { return "station"; }
  const char* event_kind_name(EventKind kind) const override;

  const Station& station() const { return station_; }

 private:
  enum Kind : EventKind { kArrival = 0, kDeparture = 1 };
  void start_service(Simulator& simulator, const QueuedJob& job);

  Station station_;
  Distribution service_ns_;
  ArrivalProcess arrivals_;
  Rng service_rng_;
  Metrics& metrics_;
  HandlerId handler_id_ = 0;
  std::uint64_t next_job_id_ = 0;
  std::uint64_t in_system_ = 0;
  TimeNs last_window_end_ns_ = 0;
  double last_window_busy_core_ns_ = 0;
  // ∫ in_system dt since the window began, up to in_system_changed_ns_ (for the time average).
  double in_system_area_ns_ = 0;
  TimeNs in_system_changed_ns_ = 0;
  void count_in_system(TimeNs now_ns, int delta);

  OpId op_;
  CounterId arrivals_counter_;
  CounterId completed_counter_;
  CounterId rejected_counter_;
  ResultId utilization_result_;
  ResultId queue_length_max_result_;
  ResultId in_system_at_end_result_;
  SeriesId queue_length_gauge_;
  SeriesId utilization_gauge_;
  SeriesId in_system_gauge_;
  SeriesId in_system_mean_gauge_;
};

}  // namespace ringsim
