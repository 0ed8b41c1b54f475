#include "run/run.h"

#include <algorithm>
#include <optional>

#include "sim/assert.h"
#include "models/cluster/cluster_model.h"
#include "models/station_model.h"
#include "run/hot_key_results.h"
#include "run/narration.h"

namespace ringsim {

// Closes a measurement window every window_ns of virtual time. Its ticks are ordinary
// events, so they are part of the trace and the run stays deterministic.
class Run::WindowTicker final : public EventHandler {
 public:
  explicit WindowTicker(Run& run) : run_(run) {}

  void start(Simulator& simulator) {
    handler_id_ = simulator.add_handler(*this);
    schedule_next(simulator, 0);
  }

  void handle_event(Simulator& simulator, const Event& event) override {
    const auto window_start_ns = static_cast<TimeNs>(event.arg0);
    run_.model_->sample_gauges(simulator.now_ns());
    run_.metrics_.close_window(window_start_ns, simulator.now_ns());
    run_.last_window_closed_ns_ = simulator.now_ns();
    record_captions();
    schedule_next(simulator, simulator.now_ns());
  }

  // Records, for each caption that has fired and was not yet recorded, its text and failed
  // premises as of now. Called at every window's close and at the run's end, so the summary's
  // narration table quotes each caption as it read in the window it appeared in (the
  // timeseries.csv row of that instant), not at the run's end, whatever slices the run was
  // advanced in.
  void record_captions() {
    const std::vector<Caption>& captions = run_.scenario_.narration;
    if (captions.empty()) return;
    seen_.resize(captions.size());
    if (std::all_of(seen_.begin(), seen_.end(), [](const auto& seen) { return seen.has_value(); })) return;
    const ClusterView* cluster = ClusterView::of(*run_.model_);
    std::vector<std::optional<ShownCaption>> fired =
        fired_captions(captions, cluster, &run_.metrics_, run_.simulator_.now_ns());
    for (std::size_t i = 0; i < captions.size(); ++i) {
      if (!seen_[i] && fired[i]) seen_[i] = std::move(fired[i]);
    }
  }
  const std::vector<std::optional<ShownCaption>>& captions_seen() const { return seen_; }
  const char* handler_name() const override { return "metrics"; }
  const char* event_kind_name(EventKind kind) const override { return kind == 0 ? "window" : "?"; }

 private:
  // The tick at a window's end fires before every other event at that instant, so the
  // gauges it samples (and the latencies it closes) are of [start, end) only: a crash at
  // exactly `end` shows in the next row. A trailing partial window closes at the run's end.
  void schedule_next(Simulator& simulator, TimeNs window_start_ns) {
    if (window_start_ns >= run_.end_ns()) return;
    const TimeNs window_end_ns = std::min(window_start_ns + run_.metrics_.window_ns(), run_.end_ns());
    simulator.schedule_first_at(window_end_ns, handler_id_, 0, static_cast<std::uint64_t>(window_start_ns));
  }

  Run& run_;
  HandlerId handler_id_ = 0;
  std::vector<std::optional<ShownCaption>> seen_;  // per caption, as it read when first seen
};

std::unique_ptr<Model> Run::make_model(const Scenario& scenario, Metrics& metrics, const RunOptions& options) {
  if (const auto* station = std::get_if<StationScenario>(&scenario.model)) {
    return std::make_unique<StationModel>(station->station, station->workload.arrivals, station->workload.op_name,
                                          scenario.seed, metrics);
  }
  auto cluster = std::make_unique<ClusterModel>(std::get<ClusterScenario>(scenario.model), scenario.seed, metrics,
                                                options.build_threads);
  cluster->set_index_op_log(options.index_op_log);
  cluster->set_profiler(options.profiler);
  return cluster;
}

namespace {

// Keys of the model `validate` builds to learn the metric and counter names: a model
// registers the same names whatever its key count (tests/validate_names_test.cpp holds
// it for every shipped scenario), so a 20 M-key scenario is checked on 10,000 keys
// (0.1 GiB RSS instead of 1 GiB). Data read from files, whose ids must match the key
// count, and runbooks, whose ids must lie below it, are checked at full size.
constexpr std::uint64_t kCheckKeysMax = 10'000;

}  // namespace

void Run::check_names(const Scenario& scenario) {
  Metrics metrics(scenario.window_ns, scenario.warmup_ns);
  const std::unique_ptr<Model> model = make_model(scenario, metrics, RunOptions{});
  check_expectation_metrics(scenario.expectations, summary_metric_names(metrics), scenario.file);
  check_narration_names(scenario.narration, metrics.counter_names(), scenario.file);
}

std::vector<std::string> Run::registered_names(const Scenario& scenario) {
  Metrics metrics(scenario.window_ns, scenario.warmup_ns);
  const std::unique_ptr<Model> model = make_model(scenario, metrics, RunOptions{});
  std::vector<std::string> names = summary_metric_names(metrics);
  names.insert(names.end(), metrics.counter_names().begin(), metrics.counter_names().end());
  return names;
}

std::optional<Scenario> Run::with_fewer_keys(const Scenario& scenario) {
  const auto* cluster = std::get_if<ClusterScenario>(&scenario.model);
  if (cluster == nullptr || cluster->data.keys <= kCheckKeysMax || cluster->workload.runbook) return std::nullopt;
  if (const auto& vectors = cluster->data.vectors) {
    const VectorDataConfig& data = vectors->data;
    if (!data.base_path.empty() || !data.hdf5_path.empty() || !data.ground_truth_path.empty()) return std::nullopt;
    if (vectors->shards > kCheckKeysMax) return std::nullopt;
  }
  Scenario reduced = scenario;
  std::get<ClusterScenario>(reduced.model).data.keys = kCheckKeysMax;
  return reduced;
}

void Run::check_scenario(const Scenario& scenario) {
  if (const std::optional<Scenario> reduced = with_fewer_keys(scenario)) {
    try {
      check_names(*reduced);
      return;
    } catch (const ConfigError&) {
      // Said by the full model below, at full size, exactly as a run would.
    }
  }
  check_names(scenario);
}

Run::Run(const Scenario& scenario, RunOptions options)
    : scenario_(scenario), metrics_(scenario.window_ns, scenario.warmup_ns) {
  model_ = make_model(scenario_, metrics_, options);
  check_expectation_metrics(scenario_.expectations, summary_metric_names(metrics_), scenario_.file);
  check_narration_names(scenario_.narration, metrics_.counter_names(), scenario_.file);
  ticker_ = std::make_unique<WindowTicker>(*this);
  // The ticker registers first so its handler id does not depend on the model's.
  ticker_->start(simulator_);
  model_->start(simulator_);
}

Run::~Run() = default;

void Run::advance_to(TimeNs time_ns) {
  if (finished_) return;
  const TimeNs target_ns = time_ns < end_ns() ? time_ns : end_ns();
  if (target_ns > simulator_.now_ns()) simulator_.run_until(target_ns);
  if (simulator_.now_ns() >= end_ns()) finish(end_ns());
}

void Run::stop_at(TimeNs time_ns) {
  advance_to(time_ns);
  if (finished_) return;
  stopped_at_ns_ = simulator_.now_ns();
  finish(simulator_.now_ns());
}

bool Run::step() {
  if (finished_) return false;
  const std::optional<TimeNs> next_ns = simulator_.next_event_time_ns();
  if (!next_ns || *next_ns > end_ns()) {
    advance_to(end_ns());
    return false;
  }
  simulator_.step();
  return true;
}

void Run::finish(TimeNs at_ns) {
  RINGSIM_ASSERT(!finished_);
  RINGSIM_ASSERT(simulator_.now_ns() == at_ns);
  // A trailing partial window (duration not a multiple of the window) is closed too.
  if (last_window_closed_ns_ < at_ns) {
    model_->sample_gauges(at_ns);
    metrics_.close_window(last_window_closed_ns_, at_ns);
  }
  ticker_->record_captions();
  model_->finish(at_ns);
  finished_ = true;
}

RunSummary Run::summary() const {
  RunSummary summary;
  summary.scenario = scenario_.name;
  summary.seed = scenario_.seed;
  summary.trace_hash = simulator_.trace_hash();
  summary.events = simulator_.events_executed();
  summary.sim_time_s = ns_to_s(simulator_.now_ns());
  if (stopped_at_ns_) summary.until_s = ns_to_s(*stopped_at_ns_);
  for (OpId op = 0; op < metrics_.op_names().size(); ++op) {
    summary.ops.push_back(summarize_op(metrics_.op_names()[op], metrics_.op_histogram(op)));
  }
  for (CounterId counter = 0; counter < metrics_.counter_names().size(); ++counter) {
    summary.counters.emplace_back(metrics_.counter_names()[counter],
                                  static_cast<double>(metrics_.counter(counter)));
  }
  for (ResultId result = 0; result < metrics_.result_names().size(); ++result) {
    summary.counters.emplace_back(metrics_.result_names()[result], metrics_.result(result));
  }
  // Hot-key results of a scenario without hot keys measure nothing it asked about.
  mark_hot_key_results(scenario_.document, summary);
  model_->add_tables(summary.tables);
  add_narration_table(summary.tables);
  return summary;
}

void Run::add_narration_table(std::vector<SummaryTable>& tables) const {
  const std::vector<Caption>& captions = scenario_.narration;
  if (captions.empty()) return;
  // When each caption fired in this run (null: its event never happened, or its premises
  // skipped it) and its text as shown (templates filled, failed premises appended), so a
  // report can place the captions without the model.
  // As each read at its moment; a run summarized before its end (the GUI) adds what fired
  // since the last window closed, as of now.
  std::vector<std::optional<ShownCaption>> fired = ticker_->captions_seen();
  fired.resize(captions.size());
  const ClusterView* cluster = ClusterView::of(*model_);
  std::vector<std::optional<ShownCaption>> now = fired_captions(captions, cluster, &metrics_, simulator_.now_ns());
  for (std::size_t i = 0; i < captions.size(); ++i) {
    if (!fired[i]) fired[i] = std::move(now[i]);
  }
  SummaryTable table{"narration", {"at_s", "trigger", "text"}, {}};
  for (std::size_t i = 0; i < captions.size(); ++i) {
    const Caption& caption = captions[i];
    const std::string trigger = caption.at_ns ? "at_s" : caption.on + (caption.nth > 1 ? " #" + std::to_string(caption.nth) : "");
    std::string text = fired[i] ? fired[i]->text : caption.text;
    if (fired[i] && !fired[i]->failed.empty()) text += " [premise no longer holds: " + fired[i]->failed.front() + "]";
    table.rows.push_back({fired[i] ? nlohmann::json(ns_to_s(fired[i]->fired_ns)) : nlohmann::json(nullptr), trigger, text});
  }
  tables.push_back(std::move(table));
}

}  // namespace ringsim
