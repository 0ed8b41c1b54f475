#include "run/soak.h"

#include <algorithm>
#include <vector>

#include "models/cluster/cluster_model.h"
#include "run/run.h"
#include "run/scenario.h"
#include "sim/random.h"

namespace ringsim {

namespace {

constexpr std::uint32_t kInitialNodes = 6;
constexpr double kDurationS = 60;
constexpr double kFirstActionS = 2;
constexpr double kLastActionS = 50;
constexpr std::uint64_t kEventsBetweenChecks = 2000;

nlohmann::json base_document(std::uint64_t seed, std::uint32_t rf) {
  return nlohmann::json{
      {"name", "soak"},
      {"description", "random fault timeline (ringsim soak)"},
      {"seed", seed},
      {"duration_s", kDurationS},
      {"window_s", 1},
      {"cluster",
       {{"nodes", kInitialNodes},
        {"node", {{"cores", 2}, {"boot_s", 1}}},
        {"replication", {{"factor", rf}, {"write_quorum", std::min<std::uint32_t>(2, rf)}}},
        {"failure_detection", {{"heartbeat_ms", 100}, {"failure_timeout_ms", 1000}}},
        {"migration", {{"rebalance_bandwidth_mbps", 400}}}}},
      {"data", {{"keys", 2000}, {"value_size", {{"type", "constant"}, {"value_bytes", 1024}}}}},
      {"workload", {{"arrivals", {{"type", "poisson"}, {"rate_qps", 2000}}}, {"mix", {{"get", 0.8}, {"put", 0.2}}}}},
  };
}

// Who is where while the timeline is drawn.
struct SoakNode {
  std::uint32_t id = 0;
  bool member = true;        // Not removed.
  bool failed = false;       // Failed and not yet recovered.
  double down_until_s = -1;  // Counts as down (for survivability) until then.
};

class TimelineDrawer {
 public:
  TimelineDrawer(std::uint64_t seed, std::uint32_t rf) : rng_(seed, "soak.timeline"), rf_(rf) {
    for (std::uint32_t id = 0; id < kInitialNodes; ++id) nodes_.push_back({id});
  }

  nlohmann::json draw(std::uint32_t actions) {
    nlohmann::json timeline = nlohmann::json::array();
    double at_s = kFirstActionS;
    const double step_s = (kLastActionS - kFirstActionS) / std::max<std::uint32_t>(1, actions);
    for (std::uint32_t i = 0; i < actions; ++i) {
      at_s += step_s * (0.5 + rng_.next_unit());
      if (at_s > kLastActionS) break;
      if (std::optional<nlohmann::json> action = draw_action(at_s)) timeline.push_back(*action);
    }
    return timeline;
  }

 private:
  std::optional<nlohmann::json> draw_action(double at_s) {
    const double round_s = static_cast<double>(static_cast<long long>(at_s * 1000)) / 1000;
    switch (rng_.next_below(6)) {
      case 0:
        return fail(round_s);
      case 1:
        return recover(round_s);
      case 2:
        return partition(round_s);
      case 3: {
        const SoakNode* node = pick([](const SoakNode& n) { return n.member && !n.failed; });
        if (node == nullptr) return std::nullopt;
        return nlohmann::json{{"at_s", round_s}, {"action", "slow_node"}, {"node", node->id},
                              {"factor", 2 + static_cast<int>(rng_.next_below(8))},
                              {"duration_s", 1 + static_cast<int>(rng_.next_below(10))}};
      }
      case 4:
        nodes_.push_back({static_cast<std::uint32_t>(nodes_.size()), true, false, at_s + 1 + kSoakSettleS});
        return nlohmann::json{{"at_s", round_s}, {"action", "add_node"}, {"count", 1}};
      default:
        return remove(round_s);
    }
  }

  std::size_t count(double at_s, bool down) const {
    return static_cast<std::size_t>(std::count_if(nodes_.begin(), nodes_.end(), [&](const SoakNode& n) {
      return n.member && (n.failed || n.down_until_s > at_s) == down;
    }));
  }
  // A node may go down only while fewer than RF - 1 are, and RF + 2 members stay up.
  bool may_take_down(double at_s) const { return count(at_s, true) + 1 < rf_ && count(at_s, false) > rf_ + 2; }

  std::optional<nlohmann::json> fail(double at_s) {
    SoakNode* node = pick([&](const SoakNode& n) { return n.member && !n.failed && n.down_until_s <= at_s; });
    if (node == nullptr || !may_take_down(at_s)) return std::nullopt;
    node->failed = true;
    return nlohmann::json{{"at_s", at_s}, {"action", "fail_node"}, {"node", node->id}};
  }
  std::optional<nlohmann::json> recover(double at_s) {
    SoakNode* node = pick([](const SoakNode& n) { return n.member && n.failed; });
    if (node == nullptr) return std::nullopt;
    node->failed = false;
    node->down_until_s = at_s + kSoakSettleS;
    return nlohmann::json{{"at_s", at_s}, {"action", "recover_node"}, {"node", node->id}};
  }
  std::optional<nlohmann::json> partition(double at_s) {
    SoakNode* node = pick([&](const SoakNode& n) { return n.member && !n.failed && n.down_until_s <= at_s; });
    if (node == nullptr || !may_take_down(at_s)) return std::nullopt;
    const int duration_s = 1 + static_cast<int>(rng_.next_below(5));
    node->down_until_s = at_s + duration_s + kSoakSettleS;
    return nlohmann::json{{"at_s", at_s}, {"action", "partition"}, {"nodes", {node->id}}, {"duration_s", duration_s}};
  }
  std::optional<nlohmann::json> remove(double at_s) {
    SoakNode* node = pick([&](const SoakNode& n) { return n.member && !n.failed && n.down_until_s <= at_s; });
    if (node == nullptr || count(at_s, false) <= rf_ + 2) return std::nullopt;
    node->member = false;
    return nlohmann::json{{"at_s", at_s}, {"action", "remove_node"}, {"node", node->id}};
  }

  template <typename Predicate>
  SoakNode* pick(Predicate predicate) {
    std::vector<SoakNode*> candidates;
    for (SoakNode& node : nodes_) {
      if (predicate(node)) candidates.push_back(&node);
    }
    if (candidates.empty()) return nullptr;
    return candidates[rng_.next_below(candidates.size())];
  }

  Rng rng_;
  std::uint32_t rf_;
  std::vector<SoakNode> nodes_;
};

}  // namespace

nlohmann::json soak_scenario(std::uint64_t seed, std::uint32_t actions) {
  const std::uint32_t rf = 2 + static_cast<std::uint32_t>(seed % 2);
  nlohmann::json document = base_document(seed, rf);
  document["timeline"] = TimelineDrawer(seed, rf).draw(actions);
  return document;
}

std::optional<std::string> run_soak_case(const nlohmann::json& document) {
  const Scenario scenario = parse_scenario(document, "soak");
  Run run(scenario);
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  std::uint64_t events = 0;
  while (run.step()) {
    if (++events % kEventsBetweenChecks == 0) model.check_invariants();
  }
  model.check_invariants();
  const RunSummary summary = run.summary();
  for (const auto& [name, value] : summary.counters) {
    if (name == "lost_keys" && value != 0) return "lost_keys = " + std::to_string(value) + " at the end";
  }
  return std::nullopt;
}

}  // namespace ringsim
