#include "models/station_model.h"

#include <cmath>

#include "sim/assert.h"
#include "sim/distribution_config.h"

namespace ringsim {

StationConfig read_station(ObjectReader reader) {
  StationConfig config;
  config.cores = static_cast<std::uint32_t>(reader.required_integer("cores", 1, kStationCoresMax));
  config.queue_capacity = reader.optional_integer("queue_capacity", 0, kStationQueueCapacityMax,
                                                  kStationQueueCapacityDefault);
  config.service_ns =
      read_distribution(reader.required_object("service"), "ms", kServiceMsMax).scaled(kNsPerMs);
  reader.finish();
  return config;
}

StationModel::StationModel(const StationConfig& station, const ArrivalConfig& arrivals,
                           const std::string& op_name, std::uint64_t seed, Metrics& metrics)
    : station_(station.cores, station.queue_capacity),
      service_ns_(station.service_ns),
      arrivals_(arrivals, Rng(seed, "station.arrivals")),
      service_rng_(seed, "station.service"),
      metrics_(metrics),
      op_(metrics.register_op(op_name)),
      arrivals_counter_(metrics.register_counter("station.arrivals")),
      completed_counter_(metrics.register_counter("station.completed")),
      rejected_counter_(metrics.register_counter("station.rejected")),
      utilization_result_(metrics.register_result("station.utilization")),
      queue_length_max_result_(metrics.register_result("station.queue_length_max")),
      in_system_at_end_result_(metrics.register_result("station.in_system_at_end")),
      queue_length_gauge_(metrics.register_gauge("station.queue_length")),
      utilization_gauge_(metrics.register_gauge("station.utilization")),
      in_system_gauge_(metrics.register_gauge("station.in_system")),
      in_system_mean_gauge_(metrics.register_gauge("station.in_system_mean")) {}

void StationModel::count_in_system(TimeNs now_ns, int delta) {
  in_system_area_ns_ += static_cast<double>(in_system_) * static_cast<double>(now_ns - in_system_changed_ns_);
  in_system_changed_ns_ = now_ns;
  RINGSIM_ASSERT(delta > 0 || in_system_ > 0);
  in_system_ = delta > 0 ? in_system_ + 1 : in_system_ - 1;
}

void StationModel::start(Simulator& simulator) {
  handler_id_ = simulator.add_handler(*this);
  simulator.schedule_after(arrivals_.next_gap_ns(simulator.now_ns()), handler_id_, kArrival, next_job_id_);
}

const char* StationModel::event_kind_name(EventKind kind) const {
  return kind == kArrival ? "arrival" : kind == kDeparture ? "departure" : "?";
}

void StationModel::start_service(Simulator& simulator, const QueuedJob& job) {
  const double service_ns = service_ns_.sample(service_rng_);
  const auto delay_ns = static_cast<TimeNs>(std::llround(service_ns));
  simulator.schedule_after(delay_ns, handler_id_, kDeparture,
                           static_cast<std::uint64_t>(job.arrival_ns), job.job_id);
}

void StationModel::handle_event(Simulator& simulator, const Event& event) {
  const TimeNs now_ns = simulator.now_ns();
  if (event.kind == kArrival) {
    RINGSIM_ASSERT(event.arg0 == next_job_id_);
    const QueuedJob job{next_job_id_++, now_ns};
    metrics_.add(arrivals_counter_);
    switch (station_.arrive(job, now_ns)) {
      case Station::Admission::kStarted:
        count_in_system(now_ns, +1);
        start_service(simulator, job);
        break;
      case Station::Admission::kQueued:
        count_in_system(now_ns, +1);
        break;
      case Station::Admission::kRejected:
        metrics_.add(rejected_counter_);
        break;
    }
    simulator.schedule_after(arrivals_.next_gap_ns(simulator.now_ns()), handler_id_, kArrival, next_job_id_);
    return;
  }
  RINGSIM_ASSERT(event.kind == kDeparture);
  const auto arrival_ns = static_cast<TimeNs>(event.arg0);
  metrics_.record_latency(op_, now_ns - arrival_ns, now_ns);
  metrics_.add(completed_counter_);
  count_in_system(now_ns, -1);
  if (const std::optional<QueuedJob> next = station_.complete(now_ns)) {
    start_service(simulator, *next);
  }
}

void StationModel::sample_gauges(TimeNs now_ns) {
  const double busy_core_ns = station_.busy_core_ns(now_ns);
  const double window_ns = static_cast<double>(now_ns - last_window_end_ns_);
  const double utilization =
      window_ns > 0 ? (busy_core_ns - last_window_busy_core_ns_) / (window_ns * station_.cores())
                    : 0.0;
  metrics_.set_gauge(queue_length_gauge_, static_cast<double>(station_.queue_length()));
  metrics_.set_gauge(utilization_gauge_, utilization);
  metrics_.set_gauge(in_system_gauge_, static_cast<double>(in_system_));
  // The window's time average: the L of Little's law (L = λW), which an instant sample is
  // not when arrivals are periodic and in phase with the windows.
  in_system_area_ns_ += static_cast<double>(in_system_) * static_cast<double>(now_ns - in_system_changed_ns_);
  in_system_changed_ns_ = now_ns;
  metrics_.set_gauge(in_system_mean_gauge_, window_ns > 0 ? in_system_area_ns_ / window_ns : 0.0);
  in_system_area_ns_ = 0;
  last_window_end_ns_ = now_ns;
  last_window_busy_core_ns_ = busy_core_ns;
}

void StationModel::finish(TimeNs end_ns) {
  const double capacity_core_ns = static_cast<double>(end_ns) * station_.cores();
  metrics_.set_result(utilization_result_,
                      capacity_core_ns > 0 ? station_.busy_core_ns(end_ns) / capacity_core_ns : 0.0);
  metrics_.set_result(queue_length_max_result_, static_cast<double>(station_.queue_length_max()));
  metrics_.set_result(in_system_at_end_result_, static_cast<double>(in_system_));
}

}  // namespace ringsim
