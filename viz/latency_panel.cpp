#include "viz/latency_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/number_text.h"
#include "models/cluster/cluster_view.h"
#include "viz/format.h"
#include "viz/panel.h"
#include "viz/plot.h"

namespace ringsim::viz {
namespace {

constexpr int kHistogramBins = 48;
constexpr double kHistogramLowQuantile = 0.001;
constexpr double kHistogramFloorMs = 1e-6;
// The time chart shows the whole run up to this many windows, then the latest ones.
constexpr double kWindowsShownMax = 120;
constexpr float kSeriesPlotShare = 0.52f;  // of the height left after the text rows
constexpr float kHistogramPlotShare = 0.48f;
constexpr float kTotalsRowsShown = 3;
constexpr float kTotalsRowsReserved = 4.4f;  // header + kTotalsRowsShown ops, in text lines
// The operation radio buttons may take this share of a line; beyond it, a combo.
constexpr float kOpRadioShareMax = 0.5f;
constexpr float kOpComboWidthEm = 14;
constexpr float kTotalsPanelMinLines = 20;
constexpr ImU32 kP50Colour = IM_COL32(90, 200, 120, 255);
constexpr ImU32 kP95Colour = IM_COL32(230, 210, 80, 255);
constexpr ImU32 kP99Colour = IM_COL32(255, 150, 60, 255);
constexpr ImU32 kP999Colour = IM_COL32(235, 90, 90, 255);
constexpr ImU32 kRecallColour = IM_COL32(90, 170, 255, 255);
// With vectors, recall over time takes this share of the charts' height from the histogram.
constexpr float kRecallPlotShare = 0.24f;
constexpr ImU32 kMaxColour = IM_COL32(170, 120, 230, 200);
// The client's retries and the nodes' shedding per second, beside goodput.
constexpr ImU32 kGoodputColour = IM_COL32(90, 200, 120, 255);
constexpr ImU32 kRetriesColour = IM_COL32(255, 150, 60, 255);
constexpr ImU32 kOverloadedColour = IM_COL32(235, 90, 90, 255);
constexpr ImU32 kDroppedColour = IM_COL32(170, 120, 230, 255);
// The client plot's share of the room above the charts' minimums (cluster scenarios).
constexpr float kClientPlotShare = 0.3f;
// The row of the autoscaler's two charts (nodes; its metric against the target).
constexpr float kAutoscalerPlotShare = 0.45f;
constexpr ImU32 kDesiredColour = IM_COL32(255, 200, 90, 255);
constexpr ImU32 kNodesUpColour = IM_COL32(90, 170, 255, 255);
constexpr ImU32 kMetricColour = IM_COL32(90, 200, 120, 255);
constexpr double kQuantiles[] = {0.5, 0.95, 0.99, 0.999};
constexpr const char* kQuantileNames[] = {"p50", "p95", "p99", "p999"};

std::string format_number(double value) { return format_significant(value, 3); }
// Rates per second: "5 780" (grouped, as counts are), not printf's "5.78e+03".
std::string format_rate(double value) {
  return std::abs(value) >= 1000 ? format_count(static_cast<std::uint64_t>(std::llround(std::abs(value))))
                                 : format_number(value);
}

double ms(std::uint64_t ns) { return static_cast<double>(ns) / kNsPerMs; }

// The bound of an upper-bound expectation on "<op>.p99_ms", if the scenario has one.
std::optional<double> p99_slo(const Run& run, const std::string& op) {
  for (const Expectation& expectation : run.scenario().expectations) {
    if (expectation.metric != op + ".p99_ms") continue;
    switch (expectation.comparison) {
      case Expectation::Comparison::kLt:
      case Expectation::Comparison::kLe:
        return expectation.bound;
      case Expectation::Comparison::kBetween:
        return expectation.bound_high;
      default:
        break;
    }
  }
  return std::nullopt;
}

std::vector<HistogramBin> log_bins(const LatencyHistogram& histogram) {
  std::vector<HistogramBin> bins;
  if (histogram.count() == 0) return bins;
  // The fastest 0.1 % would stretch the log axis over decades of nothing; they share the
  // first bin instead.
  const double lo = std::max(ms(histogram.value_at_quantile_ns(kHistogramLowQuantile)), kHistogramFloorMs);
  const double hi = std::max(ms(histogram.max_ns()), lo * 1.01);
  const double ratio = std::pow(hi / lo, 1.0 / kHistogramBins);
  for (int i = 0; i < kHistogramBins; ++i) bins.push_back({lo * std::pow(ratio, i), lo * std::pow(ratio, i + 1), 0});
  histogram.for_each_bucket([&](std::uint64_t lower_ns, std::uint64_t upper_ns, std::uint64_t count) {
    const double middle = std::clamp((ms(lower_ns) + ms(upper_ns)) / 2, lo, hi);
    const int index = std::clamp(static_cast<int>(std::log(middle / lo) / std::log(ratio)), 0, kHistogramBins - 1);
    bins[static_cast<std::size_t>(index)].count += static_cast<double>(count);
  });
  return bins;
}

// "window in progress: 9189 requests, p50 0.858 p95 2.09 p99 51 p999 51.8 ms", on the
// current line when it fits, else on the next.
void show_window_quantiles(const LatencyHistogram& window) {
  std::string text = "window in progress: ";
  text.append(std::to_string(window.count())).append(" requests");
  if (window.count() > 0) {
    text.append(",");
    for (std::size_t i = 0; i < std::size(kQuantiles); ++i) {
      text.append(" ").append(kQuantileNames[i]).append(" ");
      text.append(format_number(ms(window.value_at_quantile_ns(kQuantiles[i]))));
    }
    text.append(" ms");
  }
  ImGui::SameLine();
  if (ImGui::CalcTextSize(text.c_str()).x > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
  ImGui::TextUnformatted(text.c_str());
}

// Radio buttons while they fit on one line (get, put...), else a combo (DAG stages add many).
void show_op_picker(const std::vector<std::string>& ops, LatencyPanelState& state) {
  float width = 0;
  for (const std::string& op : ops) {
    width += ImGui::GetFrameHeight() + ImGui::CalcTextSize(op.c_str()).x + 2 * ImGui::GetStyle().ItemSpacing.x;
  }
  if (width <= ImGui::GetContentRegionAvail().x * kOpRadioShareMax) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (i > 0) ImGui::SameLine();
      ImGui::RadioButton(ops[i].c_str(), &state.op, static_cast<int>(i));
    }
    return;
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * kOpComboWidthEm);
  if (ImGui::BeginCombo("##op", ops[static_cast<std::size_t>(state.op)].c_str())) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (ImGui::Selectable(ops[i].c_str(), state.op == static_cast<int>(i))) state.op = static_cast<int>(i);
    }
    ImGui::EndCombo();
  }
}

void show_totals(const Metrics& metrics) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame;
  // Header plus up to kTotalsRowsShown operations; more scroll.
  const float height = ImGui::GetTextLineHeightWithSpacing() *
                           (1 + std::min<float>(kTotalsRowsShown, static_cast<float>(metrics.op_names().size()))) +
                       ImGui::GetStyle().CellPadding.y * 2;
  if (!ImGui::BeginTable("totals", 7, kFlags | ImGuiTableFlags_ScrollY, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* name : {"whole run", "count", "p50 ms", "p95 ms", "p99 ms", "p999 ms", "max ms"}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableHeadersRow();
  for (OpId op = 0; op < metrics.op_names().size(); ++op) {
    const LatencyHistogram& histogram = metrics.op_histogram(op);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(metrics.op_names()[op].c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%llu", static_cast<unsigned long long>(histogram.count()));
    for (const double quantile : kQuantiles) {
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", ms(histogram.value_at_quantile_ns(quantile)));
    }
    ImGui::TableNextColumn();
    ImGui::Text("%.3f", ms(histogram.max_ns()));
  }
  ImGui::EndTable();
}

// The chart of `op`'s latency quantiles per window, with the p99 SLO when the scenario
// has one: the whole run so far (decimated to the pixels by draw_time_plot, so an early
// spike is still there at 170 s), at least kWindowsShownMax windows wide, with a tick at
// each change the model recorded (timeline actions, detections, autoscaler decisions).
TimePlot latency_series_plot(const Run& run, std::uint64_t generation, SeriesLookup& series, const std::string& op,
                             float height_px) {
  const Metrics& metrics = run.metrics();
  const std::optional<double> slo = p99_slo(run, op);
  const double window_s = ns_to_s(metrics.window_ns());
  const double end_s = ns_to_s(run.end_ns());
  const double now_s = ns_to_s(run.now_ns());
  const double span_s = std::min(end_s, window_s * kWindowsShownMax);
  const double x_max_s = std::clamp(now_s, span_s, end_s);
  std::vector<std::pair<double, std::string>> markers;
  if (const auto* model = ClusterView::of(run.model())) {
    for (const ChangeRecord& change : model->changes()) {
      markers.emplace_back(ns_to_s(change.at_ns), change.action + (change.subject.empty() ? "" : " " + change.subject));
    }
  }
  TimePlot plot{"##series",
                "ms",
                height_px,
                window_s,
                0.0,
                x_max_s,
                now_s,
                slo,
                slo ? "SLO p99 < " + format_number(*slo) + " ms" : "",
                {}};
  plot.lines.push_back({series.find(metrics, generation, op + ".p50_ms"), "p50", kP50Colour});
  plot.lines.push_back({series.find(metrics, generation, op + ".p95_ms"), "p95", kP95Colour});
  plot.lines.push_back({series.find(metrics, generation, op + ".p99_ms"), "p99", kP99Colour});
  plot.lines.push_back({series.find(metrics, generation, op + ".p999_ms"), "p999", kP999Colour});
  plot.lines.push_back({series.find(metrics, generation, op + ".max_ms"), "max", kMaxColour});
  plot.event_markers = std::move(markers);
  return plot;
}

// A chart under the latency chart on its x axis (same windows and time span), without its
// lines and SLO.
TimePlot plot_below(const TimePlot& latency_plot, const char* id, const char* y_unit, float height_px) {
  TimePlot plot = latency_plot;
  plot.id = id;
  plot.y_unit = y_unit;
  plot.height_px = height_px;
  plot.slo.reset();
  plot.slo_label.clear();
  plot.lines.clear();
  return plot;
}

// Recall over time on the latency chart's x axis.
void show_recall_plot(const TimePlot& latency_plot, const std::vector<TimePoint>& recall, float height_px) {
  TimePlot recall_plot = plot_below(latency_plot, "##recall", "", height_px);
  recall_plot.lines = {{&recall, "recall@k", kRecallColour}};
  // A window with no sampled search has no recall (a gap); the caption quotes the last
  // window that had one and says when it was.
  std::string last;
  for (auto point = recall.rbegin(); point != recall.rend(); ++point) {
    if (std::isnan(point->value)) continue;
    last = ": last " + format_number(point->value) + " (window at " + format_number(ns_to_s(point->window_start_ns)) + " s)";
    break;
  }
  ImGui::Text("recall@k per window (sampled searches vs brute force)%s", last.c_str());
  draw_time_plot(recall_plot);
}

// Requests answered per second of each window (gets, puts/upserts, deletes, searches): the
// client's goodput, as goodput_qps counts it.
std::vector<TimePoint> goodput_series(const Metrics& metrics, std::uint64_t generation, SeriesLookup& series) {
  std::vector<TimePoint> goodput;
  // rate_qps divides by each window's real length, so a trailing partial window is no dip.
  for (const char* op : {"get", "put", "upsert", "delete", "search"}) {
    const std::vector<TimePoint>* rates = series.find(metrics, generation, std::string(op) + ".rate_qps");
    if (rates == nullptr) continue;
    if (goodput.empty()) goodput.assign(rates->size(), TimePoint{0, 0});
    for (std::size_t i = 0; i < rates->size() && i < goodput.size(); ++i) {
      goodput[i].window_start_ns = (*rates)[i].window_start_ns;
      goodput[i].value += (*rates)[i].value;
    }
  }
  return goodput;
}

// Goodput, retries sent, "overloaded" answers and expired requests dropped per second, on
// the latency chart's x axis (cluster scenarios: retries and load shedding).
void show_client_plot(const TimePlot& latency_plot, const Metrics& metrics, std::uint64_t generation,
                      SeriesLookup& series, float height_px) {
  const std::vector<TimePoint> goodput = goodput_series(metrics, generation, series);
  TimePlot client_plot = plot_below(latency_plot, "##client", "/s", height_px);
  client_plot.lines = {{&goodput, "goodput", kGoodputColour},
                       {series.find(metrics, generation, "retries_per_s"), "retries", kRetriesColour},
                       {series.find(metrics, generation, "overloaded_per_s"), "overloaded", kOverloadedColour},
                       {series.find(metrics, generation, "dropped_expired_per_s"), "dropped expired", kDroppedColour}};
  ImGui::Text("client per second: goodput %s/s, retries %s/s, overloaded %s/s, dropped expired %s/s",
              format_rate(goodput.empty() ? 0 : goodput.back().value).c_str(),
              format_rate(series.last_value(metrics, generation, "retries_per_s", 0)).c_str(),
              format_rate(series.last_value(metrics, generation, "overloaded_per_s", 0)).c_str(),
              format_rate(series.last_value(metrics, generation, "dropped_expired_per_s", 0)).c_str());
  draw_time_plot(client_plot);
}

// One autoscaler chart in its table cell: a caption (hover: what it counts) above the plot.
void show_autoscaler_chart(const TimePlot& plot, const std::string& caption, const std::string& tooltip) {
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(caption.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip.c_str());
  draw_time_plot(plot);
}

// The autoscaler as Kubernetes' HPA shows it: desired against current nodes, and the metric
// it scales on against its target, side by side in one row (so both fit where two stacked
// charts left no room: 1280x720), on the latency chart's x axis, with a tick at each
// scaling action (its reason on hover). Desired is sampled per window from the latest
// evaluation ("autoscaler.desired_nodes"), current is the nodes running ("nodes_up"), the
// metric is the CPU utilization of the latest evaluation ("autoscaler.utilization").
void show_autoscaler_plots(const TimePlot& latency_plot, const Metrics& metrics, const ClusterView& model,
                           std::uint64_t generation, SeriesLookup& series, float height_px) {
  std::vector<std::pair<double, std::string>> markers;
  for (const AutoscalerDecision& action : model.autoscaler_actions()) {
    markers.emplace_back(ns_to_s(action.at_ns), std::string(action.delta_nodes > 0 ? "scale out " : "scale in ") +
                                                    std::to_string(action.current_nodes) + " -> " +
                                                    std::to_string(action.desired_nodes) + " nodes: " + action.reason);
  }
  const AutoscalerDecision* latest = model.latest_autoscaler_decision();
  TimePlot nodes = plot_below(latency_plot, "##autoscaler_nodes", "", height_px);
  nodes.lines = {{series.find(metrics, generation, "autoscaler.desired_nodes"), "desired", kDesiredColour},
                 {series.find(metrics, generation, "nodes_up"), "up", kNodesUpColour}};
  nodes.event_markers = markers;
  const double target = model.autoscaler_config().cpu_target();
  TimePlot metric = plot_below(latency_plot, "##autoscaler_metric", "", height_px);
  metric.lines = {{series.find(metrics, generation, "autoscaler.utilization"), "cpu", kMetricColour}};
  if (target > 0) {
    metric.slo = target;
    metric.slo_label = "target " + format_number(target);
  }
  metric.event_markers = std::move(markers);
  const std::string at = latest == nullptr ? "" : " (evaluated at " + format_time_s(latest->at_ns) + ")";
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_NoPadOuterX;
  if (!ImGui::BeginTable("##autoscaler", 2, kFlags)) return;
  show_autoscaler_chart(nodes,
                        latest == nullptr ? "autoscaler nodes: no evaluation yet"
                                          : "autoscaler nodes: desired " + std::to_string(latest->desired_nodes) +
                                                ", current " + std::to_string(latest->current_nodes),
                        "desired: the latest evaluation's node count (autoscaler.desired_nodes); current: nodes "
                        "ready + booting at that evaluation" + at + "; the chart's 'up' line is nodes running (nodes_up)");
  show_autoscaler_chart(metric,
                        "autoscaler cpu " + (latest == nullptr ? std::string("-") : format_number(latest->utilization)) +
                            " (target " + format_number(target) + ")",
                        "the CPU utilization the autoscaler scales on, at its latest evaluation" + at +
                            " (autoscaler.utilization), against its target (dashed)");
  ImGui::EndTable();
}

// Right after a window closes the window in progress is empty; the whole run's
// distribution is shown instead of an empty chart.
void show_latency_histogram(const Metrics& metrics, OpId op_id, const std::string& op, float height_px) {
  const LatencyHistogram& window = metrics.op_window_histogram(op_id);
  const bool use_window = window.count() > 0;
  const LatencyHistogram& shown = use_window ? window : metrics.op_histogram(op_id);
  HistogramPlot histogram{"##histogram",   "ms", height_px,
                          log_bins(shown), {},   "no requests counted yet (warm-up, or none completed)"};
  if (shown.count() > 0) {
    histogram.markers = {{"p50", ms(shown.value_at_quantile_ns(0.5))}, {"p99", ms(shown.value_at_quantile_ns(0.99))}};
  }
  ImGui::Text("%s latency distribution, %s (%llu requests)", op.c_str(),
              use_window ? "window in progress" : "whole run so far", static_cast<unsigned long long>(shown.count()));
  draw_histogram_plot(histogram);
}

// The charts' heights: each gets at least plot_min_height_px(); when all do not fit, the
// histogram, then the client plot, then recall are left out (named in a note on the
// latency chart's caption line, or on a line of its own when it does not fit there). The
// autoscaler's two charts share one row and are the last to go. The room above the
// minimums is shared in proportion to each shown chart's share.
struct ChartHeights {
  float series = 0;
  float autoscaler = 0;  // the row of desired vs current nodes and cpu against its target
  float recall = 0;
  float client = 0;
  float histogram = 0;
  std::string hidden;  // "histogram", "client and histogram", ...
};

std::string hidden_note(const std::string& hidden) {
  return hidden.empty() ? "" : hidden + " hidden: too little room (maximize this panel)";
}

// note_fits: whether this note fits beside the latency chart's caption (then it costs no line).
template <typename NoteFits>
ChartHeights chart_heights(float available_px, float line_px, bool has_recall, bool has_client, bool has_autoscaler,
                           const NoteFits& note_fits) {
  // The charts under the latency chart, most important first; given up from the back.
  struct Extra {
    const char* name;
    float share;
    float min_px;
    float ChartHeights::*height;
  };
  // The latency and client charts have a legend row; recall and the histogram do not.
  const float series_min = plot_min_height_px(true);
  const float min_h = plot_min_height_px(false);
  std::vector<Extra> extras;
  // With an autoscaler its charts matter most after latency (what scaling does about it).
  if (has_autoscaler) extras.push_back({"nodes and cpu", kAutoscalerPlotShare, series_min, &ChartHeights::autoscaler});
  if (has_recall) extras.push_back({"recall", kRecallPlotShare, min_h, &ChartHeights::recall});
  if (has_client) extras.push_back({"client", kClientPlotShare, series_min, &ChartHeights::client});
  extras.push_back(
      {"histogram", kHistogramPlotShare - (has_recall ? kRecallPlotShare : 0.0f), min_h, &ChartHeights::histogram});
  const std::size_t all = extras.size();
  const auto hidden_from = [&](std::size_t shown) {
    std::string hidden;
    for (std::size_t i = shown; i < all; ++i) {
      if (!hidden.empty()) hidden += i + 1 == all ? " and " : ", ";
      hidden += extras[i].name;
    }
    return hidden;
  };
  // Each chart has a caption line; hidden charts leave a note, on a line of its own when it
  // does not fit beside the latency chart's caption.
  const auto needed = [&](std::size_t shown) {
    const std::string note = hidden_note(hidden_from(shown));
    float px = series_min + static_cast<float>(shown + 1) * line_px + (note.empty() || note_fits(note) ? 0 : line_px);
    for (std::size_t i = 0; i < shown; ++i) px += extras[i].min_px;
    return px;
  };
  std::size_t shown = all;
  while (shown > 0 && available_px < needed(shown)) --shown;
  ChartHeights heights;
  heights.hidden = hidden_from(shown);
  const float spare = std::max(0.0f, available_px - needed(shown));
  float total_share = kSeriesPlotShare;
  for (std::size_t i = 0; i < shown; ++i) total_share += extras[i].share;
  heights.series = series_min + spare * kSeriesPlotShare / total_share;
  for (std::size_t i = 0; i < shown; ++i) {
    heights.*(extras[i].height) = extras[i].min_px + spare * extras[i].share / total_share;
  }
  return heights;
}

}  // namespace

void ShowLatencyPanel(const Run& run, std::uint64_t generation, const RectF& rect, SeriesLookup& series,
                      LatencyPanelState& state) {
  if (rect.empty()) return;
  if (!begin_panel("Latency", rect)) {
    ImGui::End();
    return;
  }
  const Metrics& metrics = run.metrics();
  const auto& ops = metrics.op_names();
  if (ops.empty()) {
    ImGui::TextUnformatted("this model records no operations");
    ImGui::End();
    return;
  }
  if (state.op < 0) {
    // Vector scenarios are about search: open on it rather than on the first op (get).
    const auto search = std::find(ops.begin(), ops.end(), "search");
    state.op = search == ops.end() ? 0 : static_cast<int>(search - ops.begin());
  }
  state.op = std::clamp(state.op, 0, static_cast<int>(ops.size()) - 1);
  show_op_picker(ops, state);
  const std::string& op = ops[static_cast<std::size_t>(state.op)];
  show_window_quantiles(metrics.op_window_histogram(static_cast<OpId>(state.op)));

  const float line = ImGui::GetTextLineHeightWithSpacing();
  // A short panel gives the totals table's room to the charts.
  const bool show_totals_table = rect.h >= kTotalsPanelMinLines * line;
  const std::vector<TimePoint>* recall = series.find(metrics, generation, "recall_at_k");
  const bool client = series.find(metrics, generation, "retries_per_s") != nullptr;
  const float totals_h = show_totals_table ? line * kTotalsRowsReserved : 0.0f;
  const ClusterView* model = ClusterView::of(run.model());
  const bool autoscaler = model != nullptr && model->autoscaler_config().enabled;
  char window_text[32];
  std::snprintf(window_text, sizeof window_text, "%.3g", ns_to_s(metrics.window_ns()));
  const std::string caption = op + " latency per " + window_text + " s window";
  const float caption_w = ImGui::CalcTextSize(caption.c_str()).x + ImGui::GetStyle().ItemSpacing.x;
  const auto note_fits = [&](const std::string& note) {
    return caption_w + ImGui::CalcTextSize(note.c_str()).x <= ImGui::GetContentRegionAvail().x;
  };
  const ChartHeights heights = chart_heights(ImGui::GetContentRegionAvail().y - totals_h,
                                             line + ImGui::GetStyle().ItemSpacing.y, recall != nullptr, client,
                                             autoscaler, note_fits);
  const TimePlot plot = latency_series_plot(run, generation, series, op, heights.series);
  ImGui::TextUnformatted(caption.c_str());
  if (!heights.hidden.empty()) {
    const std::string note = hidden_note(heights.hidden);
    if (note_fits(note)) ImGui::SameLine();
    ImGui::TextDisabled("%s", note.c_str());
  }
  draw_time_plot(plot);
  if (heights.autoscaler > 0) show_autoscaler_plots(plot, metrics, *model, generation, series, heights.autoscaler);
  if (heights.recall > 0) show_recall_plot(plot, *recall, heights.recall);
  if (heights.client > 0) show_client_plot(plot, metrics, generation, series, heights.client);
  if (heights.histogram > 0) show_latency_histogram(metrics, static_cast<OpId>(state.op), op, heights.histogram);
  if (show_totals_table) show_totals(metrics);
  ImGui::End();
}

}  // namespace ringsim::viz
