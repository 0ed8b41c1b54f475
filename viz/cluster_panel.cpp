#include "viz/cluster_panel.h"

#include "models/cluster/cluster_view.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "viz/format.h"
#include "viz/layout_dump.h"
#include "viz/panel.h"

namespace ringsim::viz {
namespace {

// Autoscaler decisions listed under its status line, newest first.
constexpr std::size_t kAutoscalerActionsShown = 4;
constexpr Rgba kWarningColour{255, 170, 60};
constexpr Rgba kErrorColour{255, 90, 90};
constexpr Rgba kOkColour{120, 210, 140};
// Faults injected from the node menu: how slow and for how long.
constexpr double kSlowFactor = 5;
constexpr double kFaultDurationS = 10;
// The hot-key button: one key takes this share of requests for kFaultDurationS.
constexpr double kHotKeyShare = 0.5;

// Nodes present from the start (data and compute); higher ids were added during the run.
std::uint32_t initial_node_count(const Run& run) {
  const ClusterConfig& cluster = std::get<ClusterScenario>(run.scenario().model).cluster;
  return cluster.initial_nodes + cluster.compute_nodes;
}

// Rows in the order a viewer needs them (see the header): the rows that matter first
// (failed, booting, draining, fenced: rank 0; then the hottest up node, rank 1), so they
// stay in view at 1280x720 while the rest scrolls.
int row_rank(const Node& node, std::uint32_t initial_nodes, bool hottest) {
  if (node.state == NodeState::kLeft) return 4;
  if (node.state != NodeState::kUp) return 0;
  if (hottest) return 1;
  return node.id >= initial_nodes ? 2 : 3;
}
constexpr int kRanksThatMatter = 2;

struct RowOrder {
  std::vector<std::size_t> order;
  int rows_that_matter = 0;
};

RowOrder row_order(const ClusterView& model, std::uint32_t initial_nodes, const std::vector<double>& utilization) {
  // The hottest up node (the first on a tie); none while every node is idle.
  std::optional<std::size_t> hottest;
  for (std::size_t i = 0; i < model.nodes().size(); ++i) {
    if (model.nodes()[i].state != NodeState::kUp || utilization[i] <= 0) continue;
    if (!hottest || utilization[i] > utilization[*hottest]) hottest = i;
  }
  RowOrder rows;
  std::vector<int> rank(model.nodes().size());
  for (std::size_t i = 0; i < rank.size(); ++i) {
    rank[i] = row_rank(model.nodes()[i], initial_nodes, hottest == i);
    rows.order.push_back(i);
    if (rank[i] < kRanksThatMatter) rows.rows_that_matter += 1;
  }
  std::stable_sort(rows.order.begin(), rows.order.end(), [&](std::size_t a, std::size_t b) { return rank[a] < rank[b]; });
  return rows;
}

// Add node, set rate, hot key, save: the cluster-wide injections.
void show_fault_buttons(const Run& run, ClusterPanelState& state, ClusterCommands& commands) {
  if (state.rate_qps <= 0) state.rate_qps = std::get<ClusterScenario>(run.scenario().model).workload.arrivals.rate_qps;
  if (ImGui::Button("add node")) commands.inject = nlohmann::json{{"action", "add_node"}, {"count", 1}};
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("0000000000").x);
  ImGui::InputDouble("##rate", &state.rate_qps, 0, 0, "%.0f");
  ImGui::SameLine();
  if (ImGui::Button("set rate (req/s)") && state.rate_qps > 0) {
    commands.inject = nlohmann::json{{"action", "set_rate"}, {"rate_qps", state.rate_qps}};
  }
  ImGui::SameLine();
  const std::string hot = "hot key " + std::to_string(static_cast<int>(100 * kHotKeyShare)) + " % for " +
                          std::to_string(static_cast<int>(kFaultDurationS)) + " s";
  if (ImGui::Button(hot.c_str())) {
    commands.inject = nlohmann::json{{"action", "hot_key"}, {"share", kHotKeyShare}, {"duration_s", kFaultDurationS}};
  }
  if (ImGui::Button("save scenario as")) commands.save_path = std::string(state.save_path);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##save", state.save_path, sizeof state.save_path);
  if (!state.last_message.empty()) ImGui::TextDisabled("%s", state.last_message.c_str());
}

Rgba state_text_colour(NodeState state) {
  switch (state) {
    case NodeState::kUp:
      return kOkColour;
    case NodeState::kBooting:
      return kTextColour;
    case NodeState::kDraining:
      return kStateDrainingOutline;
    case NodeState::kFailed:
      return kStateFailed;
    case NodeState::kFenced:
      return kStateFencedOutline;
    case NodeState::kLeft:
      return kTextDimColour;
  }
  return kTextColour;
}

// Continues the line with `text` when it fits, else starts a new line.
void same_line_if_fits(const std::string& text) {
  ImGui::SameLine();
  if (ImGui::CalcTextSize(text.c_str()).x > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
}

void show_totals(const ClusterView& model) {
  const std::uint64_t under = model.under_replicated();
  const std::uint64_t lost = model.replicas().lost_count();
  ImGui::TextColored(to_imvec4(under > 0 ? kWarningColour : kOkColour), "under-replicated %s",
                     format_count(under).c_str());
  const std::string parts[] = {
      "lost " + format_count(lost),
      "transfers streaming " + format_count(model.migrator().streaming_count()),
      "migration left " + format_bytes(model.migrator().bytes_remaining()),
      "keys " + format_count(model.replicas().key_count()),
  };
  for (const std::string& part : parts) {
    const std::string spaced = "  " + part;
    same_line_if_fits(spaced);
    if (&part == &parts[0]) {
      ImGui::TextColored(to_imvec4(lost > 0 ? kErrorColour : kOkColour), "%s", spaced.c_str());
    } else {
      ImGui::TextUnformatted(spaced.c_str());
    }
  }
}

// What the autoscaler decided last and what it did recently; nothing without one. Lines
// wrap rather than lose their end; the history is folded in a short panel (projectors),
// so the node table keeps its rows.
void show_autoscaler(const ClusterView& model, bool short_panel) {
  const AutoscalerConfig& config = model.autoscaler_config();
  if (!config.enabled) return;
  std::string targets;
  for (const AutoscalerMetric& metric : config.metrics) {
    targets += (targets.empty() ? "" : ", ") + metric.name() + " " + format_fixed(metric.target, 2);
  }
  ImGui::PushTextWrapPos(0);
  ImGui::Text("autoscaler: target %s, %u to %u data nodes, every %s", targets.c_str(), config.min_nodes,
              config.max_nodes, format_duration(config.evaluation_interval_ns).c_str());
  const AutoscalerDecision* latest = model.latest_autoscaler_decision();
  if (latest == nullptr) {
    ImGui::TextDisabled("  no evaluation yet");
    ImGui::PopTextWrapPos();
    return;
  }
  const Rgba colour = latest->delta_nodes != 0 ? kWarningColour : kTextDimColour;
  ImGui::PushStyleColor(ImGuiCol_Text, to_imvec4(colour));
  ImGui::TextWrapped("  %s: %s (%u -> %u nodes)", format_time_s(latest->at_ns).c_str(), latest->reason.c_str(),
                     latest->current_nodes, latest->desired_nodes);
  ImGui::PopStyleColor();
  const std::vector<AutoscalerDecision>& actions = model.autoscaler_actions();
  const std::size_t shown = std::min(actions.size(), kAutoscalerActionsShown);
  const bool open = shown > 0 && ImGui::TreeNodeEx("recent scaling actions", short_panel ? 0 : ImGuiTreeNodeFlags_DefaultOpen);
  if (!open) {
    ImGui::PopTextWrapPos();
    return;
  }
  for (std::size_t i = 0; i < shown; ++i) {
    const AutoscalerDecision& action = actions[actions.size() - 1 - i];
    if (&action == latest || action.at_ns == latest->at_ns) continue;  // Already on the line above.
    // The metric that drove the decision (the largest recommendation of all metrics).
    ImGui::Text("  %s: %s %+d (%u -> %u nodes, %s %s / %s)", format_time_s(action.at_ns).c_str(),
                action.delta_nodes > 0 ? "scaled out" : "scaled in", action.delta_nodes, action.current_nodes,
                action.desired_nodes, action.metric.c_str(), format_fixed(action.metric_value, 2).c_str(),
                format_fixed(action.metric_target, 2).c_str());
  }
  ImGui::TreePop();
  ImGui::PopTextWrapPos();
}

}  // namespace

// A node's menu of faults; each becomes a timeline action at the current virtual time.
void ShowNodeFaultMenu(const Node& node, ClusterCommands& commands) {
  const auto act = [&](const char* action) {
    nlohmann::json entry = {{"action", action}};
    if (std::string(action) == "partition") {
      entry["nodes"] = {node.id};
      entry["duration_s"] = kFaultDurationS;
    } else {
      entry["node"] = node.id;
    }
    if (std::string(action) == "slow_node") {
      entry["factor"] = kSlowFactor;
      entry["duration_s"] = kFaultDurationS;
    }
    commands.inject = entry;
  };
  ImGui::TextDisabled("node %u: inject now", node.id);
  const bool up = node.state == NodeState::kUp || node.state == NodeState::kDraining;
  if (ImGui::MenuItem("fail (crash: data lost)", nullptr, false, up || node.state == NodeState::kBooting)) act("fail_node");
  if (ImGui::MenuItem("recover (restart empty, rejoin)", nullptr, false, node.state == NodeState::kFailed ||
                                                                            node.state == NodeState::kFenced)) {
    act("recover_node");
  }
  const std::string slow = "slow x" + std::to_string(static_cast<int>(kSlowFactor)) + " for " +
                           std::to_string(static_cast<int>(kFaultDurationS)) + " s";
  if (ImGui::MenuItem(slow.c_str(), nullptr, false, up)) act("slow_node");
  const std::string partition = "partition from the rest for " + std::to_string(static_cast<int>(kFaultDurationS)) + " s";
  if (ImGui::MenuItem(partition.c_str(), nullptr, false, up)) act("partition");
  if (ImGui::MenuItem("remove (drain, then leave)", nullptr, false, node.state == NodeState::kUp && node.holds_data)) {
    act("remove_node");
  }
}

namespace {

// Vector mode: complete shard replicas the node holds (searches can use them); "-" otherwise.
std::string shards_held(const ClusterView& model, const Node& node) {
  const ReplicaMap& replicas = model.replicas();
  if (!model.has_vectors()) return "-";
  std::uint32_t count = 0;
  for (std::uint32_t shard = 0; shard < replicas.unit_count() && node.state != NodeState::kFailed; ++shard) {
    count += replicas.unit_complete_on(shard, node.id) ? 1 : 0;
  }
  return std::to_string(count);
}

// "12.345 s, coordinator 3, 4 of 16 shards": a search in the picker.
std::string search_label(const SearchTouch& touch, std::uint32_t shard_count) {
  return format_duration(touch.completed_ns) + ", coordinator " + std::to_string(touch.coordinator) + ", " +
         std::to_string(touch.shards.size()) + " of " + std::to_string(shard_count) + " shards";
}

// Vector mode: a picker of the recent searches (latest by default) and the shards the shown
// one asked, each with the replicas asked ("3@2/5": shard 3 on nodes 2 and 5).
void show_searches(const ClusterView& model, std::uint64_t generation, SearchPicker& picker) {
  picker.set_generation(generation);
  const std::vector<SearchTouch>& searches = model.recent_searches();
  if (searches.empty()) return;
  const std::uint32_t shard_count = model.replicas().unit_count();
  const SearchTouch* shown = picker.shown(searches);
  const std::string current = picker.following_latest() ? "latest search"
                              : shown != nullptr          ? search_label(*shown, shard_count)
                                                          : "selected search (aged out)";
  ImGui::TextUnformatted("search");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##search", current.c_str())) {
    if (ImGui::Selectable("latest search", picker.following_latest())) picker.select(searches, std::nullopt);
    for (std::size_t i = 0; i < searches.size(); ++i) {
      const SearchTouch& touch = searches[i];
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(search_label(touch, shard_count).c_str(), !picker.following_latest() && shown == &touch)) {
        picker.select(searches, i);
      }
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  if (shown == nullptr) return;
  std::string shards;
  for (std::size_t i = 0; i < shown->shards.size(); ++i) {
    std::string nodes;
    shown->replicas[i].for_each([&](NodeId node) { nodes += (nodes.empty() ? "" : "/") + std::to_string(node); });
    shards += (shards.empty() ? "" : ", ") + std::to_string(shown->shards[i]) + "@" + nodes;
  }
  ImGui::TextWrapped("%s: shards %s", search_label(*shown, shard_count).c_str(), shards.c_str());
}

// One node row's inputs, for the column cells.
struct NodeRow {
  const ClusterView& model;
  const Node& node;
  double utilization;
};

// A column of the node table after the node id: header, width weight, what its header's
// tooltip says (headers are clipped in narrow windows) and how a cell is drawn. Add a
// column by adding an entry here.
struct NodeColumn {
  const char* header;
  float weight;
  const char* tooltip;
  void (*cell)(const NodeRow& row);
};

void text_cell(const std::string& text) { ImGui::TextUnformatted(text.c_str()); }

constexpr NodeColumn kNodeColumns[] = {
    {"state", 1.0f, "up, booting, draining, failed, fenced or left",
     [](const NodeRow& row) {
       // Compute-only nodes hold no data: say so, or their empty key columns look like a fault.
       ImGui::TextColored(to_imvec4(state_text_colour(row.node.state)), "%s%s", node_state_name(row.node.state),
                          row.node.holds_data ? "" : " (compute)");
     }},
    {"util", 1.5f, "utilization of the node's cores in the last closed measurement window",
     [](const NodeRow& row) {
       char label[16];
       std::snprintf(label, sizeof label, "%.0f %%", 100 * row.utilization);
       ImGui::ProgressBar(static_cast<float>(row.utilization), ImVec2(-1, 0), label);
     }},
    {"queue", 0.7f, "requests waiting for a core",
     [](const NodeRow& row) { text_cell(format_count(row.node.station.queue_length())); }},
    // A crashed node's data is gone the moment it crashes (ClusterView::keys_held).
    {"keys", 1.0f, "keys held (0 once crashed: a crash destroys the data)",
     [](const NodeRow& row) { text_cell(format_count(row.model.keys_held(row.node.id))); }},
    {"shards", 0.7f, "complete shard replicas held (vector scenarios; 0 once crashed)",
     [](const NodeRow& row) { text_cell(shards_held(row.model, row.node)); }},
    {"bytes", 1.1f, "bytes held (0 once crashed)",
     [](const NodeRow& row) { text_cell(format_bytes(row.model.bytes_held(row.node.id))); }},
    // The node's HNSW indexes as hnswlib allocates them (dash without vectors).
    {"index mem", 1.1f, "memory of the node's HNSW indexes (vector scenarios)",
     [](const NodeRow& row) {
       text_cell(row.model.has_vectors() ? format_bytes(static_cast<double>(row.model.node_index_memory_bytes(row.node.id)))
                                         : std::string("-"));
     }},
    {"served", 1.0f, "requests served", [](const NodeRow& row) { text_cell(format_count(row.node.requests_served)); }},
    // The node's cache hit ratio (cluster.node.cache); "-" without a cache or lookups yet.
    {"cache", 0.8f, "hit ratio of the node's LRU cache of hot values (cluster.node.cache)",
     [](const NodeRow& row) {
       const double hit_ratio = row.model.cache_hit_ratio(row.node.id);
       text_cell(hit_ratio >= 0 ? std::to_string(static_cast<int>(std::lround(100 * hit_ratio))) + " %" : "-");
     }},
    {"sent", 1.0f, "bytes sent (migration and replication)",
     [](const NodeRow& row) { text_cell(format_bytes(row.node.bytes_sent)); }},
    {"received", 1.0f, "bytes received (migration and replication)",
     [](const NodeRow& row) { text_cell(format_bytes(row.node.bytes_received)); }},
};
constexpr int kNodeTableColumns = 1 + static_cast<int>(std::size(kNodeColumns));

// The node column: colour swatch and id; the whole row is a button that opens the node's
// fault menu (either mouse button).
void show_node_cell(const Node& node, ClusterCommands& commands) {
  ImGui::PushID(static_cast<int>(node.id));
  ImGui::Selectable("##row", false, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap);
  if (ImGui::IsItemClicked(ImGuiMouseButton_Left) || ImGui::IsItemClicked(ImGuiMouseButton_Right)) {
    ImGui::OpenPopup("faults");
  }
  if (ImGui::BeginPopup("faults")) {
    ShowNodeFaultMenu(node, commands);
    ImGui::EndPopup();
  }
  ImGui::PopID();
  ImGui::SameLine(0, 0);
  const Rgba colour = node_colour(node.id);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float side = ImGui::GetTextLineHeight() * 0.8f;
  const float pad = (ImGui::GetTextLineHeight() - side) / 2;
  ImGui::GetWindowDrawList()->AddRectFilled({at.x, at.y + pad}, {at.x + side, at.y + pad + side}, to_imu32(colour));
  ImGui::Dummy(ImVec2(side, side));
  ImGui::SameLine();
  ImGui::Text("%u", node.id);
}

// What the layout dump learns about the table while it is drawn (layout_dump.h).
struct TableFitProbe {
  DrawnTable table{"cluster/nodes", 0, 0, 0, 0, {}};
  float rows_top = 0;     // below the frozen header row (screen y)
  float rows_bottom = 0;  // the table's visible bottom
};

// The last item drawn in the current cell: cut by the cell's right edge?
bool cell_cut() {
  const float cell_right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  return ImGui::GetItemRectMax().x > cell_right + 1;
}

void show_node_row(const NodeRow& row, int row_index, ClusterCommands& commands, TableFitProbe* probe) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  const float top = ImGui::GetCursorScreenPos().y;
  show_node_cell(row.node, commands);
  if (probe != nullptr && cell_cut()) probe->table.truncated.push_back("row " + std::to_string(row_index) + " node");
  float bottom = ImGui::GetItemRectMax().y;
  for (const NodeColumn& column : kNodeColumns) {
    ImGui::TableNextColumn();
    column.cell(row);
    if (probe == nullptr) continue;
    if (cell_cut()) probe->table.truncated.push_back("row " + std::to_string(row_index) + " " + column.header);
    bottom = std::max(bottom, ImGui::GetItemRectMax().y);
  }
  if (probe == nullptr) return;
  if (top >= probe->rows_top - 1 && bottom <= probe->rows_bottom + 1) probe->table.rows_visible += 1;
}

// Header row with each column's tooltip. Columns fit their widest header or cell (never
// cut: "qu..." and "20 00..." were); what does not fit scrolls sideways under the frozen
// node column. The utilization bar has a fixed width (a bar has no natural width).
void show_node_headers(TableFitProbe* probe) {
  constexpr float kUtilWidthEm = 4.5f;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("node", ImGuiTableColumnFlags_WidthFixed);
  for (const NodeColumn& column : kNodeColumns) {
    const bool bar = std::string_view(column.header) == "util";
    ImGui::TableSetupColumn(column.header, ImGuiTableColumnFlags_WidthFixed, bar ? ImGui::GetFontSize() * kUtilWidthEm : 0.0f);
  }
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  float header_bottom = 0;
  for (int i = 0; i < kNodeTableColumns; ++i) {
    ImGui::TableSetColumnIndex(i);
    const char* name = ImGui::TableGetColumnName(i);
    ImGui::TableHeader(name);
    if (i > 0 && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kNodeColumns[i - 1].tooltip);
    header_bottom = std::max(header_bottom, ImGui::GetItemRectMax().y);
    if (probe != nullptr && ImGui::CalcTextSize(name).x > ImGui::GetItemRectSize().x + 1) {
      probe->table.truncated.push_back(std::string("header ") + name);
    }
  }
  if (probe != nullptr) {
    probe->rows_top = header_bottom;
    probe->rows_bottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight();
  }
}

}  // namespace

void ShowClusterPanel(const Run& run, const ClusterView& model, std::uint64_t generation, const RectF& rect,
                      SeriesLookup& series, ClusterPanelState& state, ClusterCommands& commands) {
  if (rect.empty()) return;
  if (!begin_panel("Cluster", rect)) {
    ImGui::End();
    return;
  }
  show_totals(model);
  // Below this height (in text lines) the autoscaler's history is folded.
  constexpr float kShortPanelLines = 20;
  show_autoscaler(model, rect.h < kShortPanelLines * ImGui::GetTextLineHeightWithSpacing());
  show_searches(model, generation, state.searches);
  // A panel this short (a 720p projector at a large font) folds its action buttons, so
  // the node table keeps its rows; the header says what is inside.
  constexpr float kFoldActionsLines = 12;
  if (rect.h >= kFoldActionsLines * ImGui::GetTextLineHeightWithSpacing() ||
      ImGui::CollapsingHeader("actions: add node, set rate, hot key, save scenario")) {
    show_fault_buttons(run, state, commands);
  }
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("nodes", kNodeTableColumns, kFlags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    std::optional<TableFitProbe> probe;
    if (layout_dump_active()) probe.emplace();
    show_node_headers(probe ? &*probe : nullptr);
    std::vector<double> utilization(model.nodes().size());
    for (std::size_t i = 0; i < utilization.size(); ++i) {
      utilization[i] = series.last_value(run.metrics(), generation,
                                         "node." + std::to_string(model.nodes()[i].id) + ".utilization", 0.0);
    }
    const RowOrder rows = row_order(model, initial_node_count(run), utilization);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.order.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const std::size_t index = rows.order[static_cast<std::size_t>(row)];
        const int visible_before = probe ? probe->table.rows_visible : 0;
        show_node_row({model, model.nodes()[index], utilization[index]}, row, commands, probe ? &*probe : nullptr);
        if (probe && row < rows.rows_that_matter && probe->table.rows_visible > visible_before) {
          probe->table.rows_that_matter_visible += 1;
        }
      }
    }
    ImGui::EndTable();
    if (probe) {
      probe->table.rows_total = static_cast<int>(rows.order.size());
      probe->table.rows_that_matter = rows.rows_that_matter;
      record_table(probe->table);
    }
  }
  ImGui::End();
}

}  // namespace ringsim::viz
