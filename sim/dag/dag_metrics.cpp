#include "sim/dag/dag_metrics.h"

#include "sim/assert.h"

namespace ringsim {

namespace {
std::string prefix_of(const DagSpec& spec) { return "dag." + spec.name() + "."; }
}  // namespace

DagMetrics::DagMetrics(Metrics& metrics, const DagSpec& spec)
    : metrics_(metrics),
      makespan_(metrics.register_op(prefix_of(spec) + "makespan")),
      critical_path_(metrics.register_op(prefix_of(spec) + "critical_path")),
      runs_succeeded_(metrics.register_counter(prefix_of(spec) + "runs_succeeded")),
      runs_failed_(metrics.register_counter(prefix_of(spec) + "runs_failed")),
      retries_(metrics.register_counter(prefix_of(spec) + "retries")),
      failed_attempts_(metrics.register_counter(prefix_of(spec) + "failed_attempts")),
      timeouts_(metrics.register_counter(prefix_of(spec) + "timeouts")),
      tasks_skipped_(metrics.register_counter(prefix_of(spec) + "tasks_skipped")),
      tasks_upstream_failed_(metrics.register_counter(prefix_of(spec) + "tasks_upstream_failed")) {
  for (const std::string& kind : spec.kinds()) {
    stages_.push_back(metrics.register_op(prefix_of(spec) + "stage." + kind));
  }
}

void DagMetrics::record(const DagRunReport& report, TimeNs now_ns) {
  RINGSIM_ASSERT(report.stages.size() == stages_.size());
  metrics_.record_latency(makespan_, report.makespan_ns, now_ns);
  metrics_.record_latency(critical_path_, report.critical_path.length_ns, now_ns);
  for (std::size_t kind = 0; kind < stages_.size(); ++kind) {
    // A stage none of whose tasks ran (all skipped) has no latency to report.
    if (report.stages[kind].tasks_done == 0) continue;
    metrics_.record_latency(stages_[kind], report.stages[kind].span_ns, now_ns);
  }
  metrics_.add(report.succeeded ? runs_succeeded_ : runs_failed_);
  metrics_.add(retries_, report.retries);
  metrics_.add(failed_attempts_, report.failed_attempts);
  metrics_.add(timeouts_, report.timeouts);
  metrics_.add(tasks_skipped_, report.tasks_skipped);
  metrics_.add(tasks_upstream_failed_, report.tasks_upstream_failed);
}

}  // namespace ringsim
