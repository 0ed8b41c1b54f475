// RingView's tooltips: the key dot, node marker or owner arc under the mouse.
#include <imgui.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>

#include "sim/text_list.h"
#include "viz/format.h"
#include "viz/ring_view.h"

namespace ringsim::viz {
namespace {

// How close (px) the mouse must be to a dot or marker to pick it.
constexpr float kPickRadiusPx = 6;
// The arc is picked slightly beyond the band's drawn edges.
constexpr float kArcPickSlackPx = 3;

std::string node_list(const NodeSet& nodes) {
  std::string text;
  nodes.for_each([&](NodeId node) { append_to_list(text, std::to_string(node)); });
  return text.empty() ? "none" : text;
}

std::string node_list(const ReplicaList& nodes) {
  std::string text;
  for (const NodeId node : nodes) append_to_list(text, std::to_string(node));
  return text.empty() ? "none" : text;
}

std::string hex(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%016" PRIx64, value);
  return buffer;
}

void colour_swatch(NodeId node) {
  const Rgba colour = node_colour(node);
  ImGui::ColorButton("##swatch", ImVec4(colour.r / 255.0f, colour.g / 255.0f, colour.b / 255.0f, 1.0f),
                     ImGuiColorEditFlags_NoTooltip);
  ImGui::SameLine();
}

void key_tooltip(const ReplicaMap& replicas, KeyId key) {
  ImGui::BeginTooltip();
  NodeId holder = 0;
  const bool has_holder = display_holder(replicas, key, holder);
  if (has_holder) colour_swatch(holder);
  ImGui::Text("key %u", key);
  ImGui::Text("hash        %s", hex(key_hash(key)).c_str());
  ImGui::Text("size        %s bytes", format_count(replicas.key_bytes(key)).c_str());
  if (replicas.lost(key)) {
    ImGui::TextColored(ImVec4(1, 0.3f, 0.3f, 1), "LOST: every copy was destroyed");
  } else {
    ImGui::Text("owner       node %u", holder);
    ImGui::Text("holders     %s", node_list(replicas.holders(key)).c_str());
    ImGui::Text("being copied to  %s", node_list(replicas.incoming(key)).c_str());
  }
  ImGui::Text("replicas (placement)  %s", node_list(replicas.target(key)).c_str());
  ImGui::EndTooltip();
}

void node_tooltip(const ClusterView& model, const Node& node, double utilization) {
  ImGui::BeginTooltip();
  colour_swatch(node.id);
  ImGui::Text("node %u: %s", node.id, node_state_name(node.state));
  ImGui::Text("utilization %.0f %% (last closed window)", 100 * utilization);
  ImGui::Text("keys        %s (%s)%s", format_count(model.keys_held(node.id)).c_str(),
              format_bytes(model.bytes_held(node.id)).c_str(), node.state == NodeState::kFailed ? ": destroyed by the crash" : "");
  ImGui::Text("queue       %s requests", format_count(node.station.queue_length()).c_str());
  ImGui::Text("served      %s requests", format_count(node.requests_served).c_str());
  ImGui::Text("believed up %s", model.believed_up().contains(node.id) ? "yes" : "no");
  ImGui::TextDisabled("click: fail, recover, slow, partition, remove");
  ImGui::EndTooltip();
}

void arc_tooltip(const ClusterView& model, const RingArcs::Range& range, std::uint64_t position, std::uint32_t rf) {
  ReplicaList replicas;
  model.placement().replicas_for(position, rf, replicas);
  ImGui::BeginTooltip();
  colour_swatch(range.owner);
  ImGui::Text(range.sampled ? "sampled range: primary node %u" : "vnode range of node %u", range.owner);
  ImGui::Text("from (excl.) %s", hex(range.after).c_str());
  ImGui::Text("to (incl.)   %s", hex(range.through).c_str());
  const double share = static_cast<double>(range.through - range.after) / 18446744073709551616.0;
  ImGui::Text("share of circle  %.3g %%", 100 * share);
  ImGui::Text("replicas of keys here  %s", node_list(replicas).c_str());
  ImGui::EndTooltip();
}

}  // namespace

void RingView::show_hover(const Run& run, std::uint64_t generation, const ClusterView& model,
                          const RingGeometry& geometry, float ui_scale, std::uint32_t rf) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureMouse) return;
  const PointF mouse{io.MousePos.x, io.MousePos.y};
  const float pick = kPickRadiusPx * ui_scale;
  // Dots are checked last-drawn first: the one on top wins.
  for (auto it = dots_.dots().rbegin(); it != dots_.dots().rend(); ++it) {
    if (std::abs(it->at.x - mouse.x) <= pick && std::abs(it->at.y - mouse.y) <= pick) {
      key_tooltip(model.replicas(), it->key);
      return;
    }
  }
  const std::size_t count = model.nodes().size();
  const float marker = marker_radius(geometry, count, ui_scale) + pick / 2;
  for (const Node& node : model.nodes()) {
    const PointF at = marker_position(geometry, node.id, count);
    if (std::hypot(at.x - mouse.x, at.y - mouse.y) <= marker) {
      node_tooltip(model, node,
                   series_.last_value(run.metrics(), generation, "node." + std::to_string(node.id) + ".utilization", 0));
      // A click opens the node's fault menu, as its table row does.
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) || ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
        clicked_node_ = node.id;
      }
      return;
    }
  }
  const float distance = distance_from_centre(geometry, mouse);
  const float slack = kArcPickSlackPx * ui_scale;
  if (distance < geometry.band_inner - slack || distance > geometry.highlight_outer + slack) return;
  const std::uint64_t position = position_of_angle(angle_of_point(geometry, mouse));
  const auto range = arcs_.range_at(position);
  if (!range) return;
  arc_tooltip(model, *range, position, rf);
}

}  // namespace ringsim::viz
