#include "models/cluster/runbook_driver.h"

#include <algorithm>
#include <cmath>

#include "models/cluster/client_path.h"
#include "models/cluster/shard_store.h"
#include "sim/simulator.h"

namespace ringsim {

namespace {
enum RunbookEvent : EventKind { kIssue = 0, kStepEnd = 1 };
}  // namespace

RunbookDriver::RunbookDriver(ClusterCore& core, const RunbookConfig& config)
    : core_(core), config_(config), records_(config.book.steps.size()) {
  Metrics& metrics = core.metrics;
  for (const RunbookStep& step : config_.book.steps) {
    recall_results_.push_back(step.operation == RunbookStep::Operation::kSearch
                                  ? metrics.register_result("runbook.step." + std::to_string(step.number) +
                                                            ".recall_at_k")
                                  : ResultId{0});
  }
  steps_done_result_ = metrics.register_result("runbook.steps_done");
  step_gauge_ = metrics.register_gauge("runbook.step");
  recall_gauge_ = metrics.register_gauge("runbook.recall_at_k");
  gap_ns_ = std::max<TimeNs>(1, static_cast<TimeNs>(std::llround(static_cast<double>(kNsPerS) / config_.rate_qps)));
  // The longest a request stays in flight: the search coordinator's client timeout.
  drain_ns_ = search_timeout_ns(core.config.client) + gap_ns_;
}

const char* RunbookDriver::event_kind_name(EventKind kind) const {
  return kind == kIssue ? "issue" : kind == kStepEnd ? "step_end" : "?";
}

std::uint64_t RunbookDriver::operations_of(const RunbookStep& step) const {
  return step.operation == RunbookStep::Operation::kSearch ? config_.search_queries : step.end - step.start;
}

void RunbookDriver::start(Simulator& simulator) {
  handler_ = simulator.add_handler(*this);
  if (config_.book.steps.empty()) return;
  records_[0].started_ns = simulator.now_ns();
  simulator.schedule_after(0, handler_, kIssue);
}

void RunbookDriver::handle_event(Simulator& simulator, const Event& event) {
  if (event.kind == kIssue) {
    issue_next(simulator);
  } else {
    end_step(simulator);
  }
}

void RunbookDriver::issue_next(Simulator& simulator) {
  const RunbookStep& step = config_.book.steps[step_];
  StepRecord& record = records_[step_];
  VectorStore& store = core_.parts.shards->store();
  ClientPath& client = *core_.parts.client;
  const std::uint64_t i = record.issued;
  switch (step.operation) {
    case RunbookStep::Operation::kInsert: {
      const auto key = static_cast<KeyId>(step.start + i);
      store.store_from_data_set(key, key);
      client.issue(simulator, PointOp::kPut, key, true);
      break;
    }
    case RunbookStep::Operation::kDelete:
      client.issue(simulator, PointOp::kDelete, static_cast<KeyId>(step.start + i), false);
      break;
    case RunbookStep::Operation::kReplace: {
      const auto tag = static_cast<KeyId>(step.start + i);
      store.store_from_data_set(tag, static_cast<KeyId>(step.ids_start + i));
      client.issue(simulator, PointOp::kPut, tag, true);
      break;
    }
    case RunbookStep::Operation::kSearch:
      client.issue(simulator, PointOp::kSearch, 0, false);
      break;
  }
  record.issued += 1;
  if (record.issued < operations_of(step)) {
    simulator.schedule_after(gap_ns_, handler_, kIssue);
  } else {
    simulator.schedule_after(drain_ns_, handler_, kStepEnd);
  }
}

void RunbookDriver::end_step(Simulator& simulator) {
  StepRecord& record = records_[step_];
  record.ended_ns = simulator.now_ns();
  if (record.recall_count > 0) last_search_recall_ = record.recall_sum / static_cast<double>(record.recall_count);
  step_ += 1;
  if (step_ >= config_.book.steps.size()) return;
  records_[step_].started_ns = simulator.now_ns();
  simulator.schedule_after(0, handler_, kIssue);
}

void RunbookDriver::on_recall(double value) {
  if (step_ >= records_.size() || config_.book.steps[step_].operation != RunbookStep::Operation::kSearch) return;
  records_[step_].recall_sum += value;
  records_[step_].recall_count += 1;
}

void RunbookDriver::sample_gauges() {
  const double number = step_ < config_.book.steps.size() ? config_.book.steps[step_].number : 0.0;
  core_.metrics.set_gauge(step_gauge_, number);
  core_.metrics.set_gauge(recall_gauge_, last_search_recall_);
}

void RunbookDriver::finish() {
  double done = 0;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const StepRecord& record = records_[i];
    if (record.ended_ns >= 0) done += 1;
    if (config_.book.steps[i].operation == RunbookStep::Operation::kSearch && record.recall_count > 0) {
      core_.metrics.set_result(recall_results_[i], record.recall_sum / static_cast<double>(record.recall_count));
    }
  }
  core_.metrics.set_result(steps_done_result_, done);
}

void RunbookDriver::add_tables(std::vector<SummaryTable>& tables) const {
  SummaryTable table;
  table.name = "runbook_steps";
  table.columns = {"step", "operation", "start", "end", "started_s", "ended_s", "searches", "recall_at_k"};
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const RunbookStep& step = config_.book.steps[i];
    const StepRecord& record = records_[i];
    const bool search = step.operation == RunbookStep::Operation::kSearch;
    const auto seconds = [](TimeNs ns) -> nlohmann::json {
      return ns < 0 ? nlohmann::json() : nlohmann::json(static_cast<double>(ns) / kNsPerS);
    };
    table.rows.push_back({step.number, runbook_operation_name(step.operation),
                          search ? nlohmann::json() : nlohmann::json(step.start),
                          search ? nlohmann::json() : nlohmann::json(step.end), seconds(record.started_ns),
                          seconds(record.ended_ns), search ? nlohmann::json(record.recall_count) : nlohmann::json(),
                          search && record.recall_count > 0
                              ? nlohmann::json(record.recall_sum / static_cast<double>(record.recall_count))
                              : nlohmann::json()});
  }
  tables.push_back(std::move(table));
}

}  // namespace ringsim
