#include "models/cluster/change_planner.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "models/cluster/migration_driver.h"
#include "models/cluster/shard_store.h"
#include "sim/assert.h"

namespace ringsim {

ChangePlanner::ChangePlanner(ClusterCore& core, std::uint64_t keys)
    : core_(core),
      under_replicated_(keys, 0),
      keys_total_(core.metrics.register_result("keys_total")),
      keys_moved_(core.metrics.register_result("keys_moved")),
      keys_moved_ideal_(core.metrics.register_result("keys_moved_ideal")),
      bytes_moved_(core.metrics.register_result("bytes_moved")),
      migration_s_(core.metrics.register_result("migration_s")),
      under_replicated_max_result_(core.metrics.register_result("under_replicated_max")),
      under_replicated_s_(core.metrics.register_result("under_replicated_s")),
      lost_keys_(core.metrics.register_result("lost_keys")),
      load_max_over_mean_(core.metrics.register_result("load_max_over_mean")),
      requests_max_over_mean_(core.metrics.register_result("requests_max_over_mean")),
      nodes_final_(core.metrics.register_result("nodes_final")),
      under_replicated_gauge_(core.metrics.register_gauge("under_replicated")),
      lost_keys_gauge_(core.metrics.register_gauge("lost_keys")),
      nodes_up_gauge_(core.metrics.register_gauge("nodes_up")),
      migration_bytes_remaining_gauge_(core.metrics.register_gauge("migration_bytes_remaining")),
      under_replicated_window_max_(core.metrics.register_window_max("under_replicated_window_max")),
      migration_bytes_per_s_gauge_(core.metrics.register_gauge("migration_bytes_per_s")) {
  if (!core.vectors) return;
  shards_moved_ = core.metrics.register_result("shards_moved");
  shards_moved_ideal_ = core.metrics.register_result("shards_moved_ideal");
  shard_replicas_max_over_mean_ = core.metrics.register_result("shard_replicas_max_over_mean");
  members_without_shards_s_ = core.metrics.register_result("members_without_shards_s");
}

void ChangePlanner::account_members_without_shards(TimeNs now_ns) {
  if (!core_.vectors) return;
  members_without_shards_ns_ += static_cast<double>(now_ns - members_without_shards_since_ns_) * members_without_shards_;
  members_without_shards_since_ns_ = now_ns;
  members_without_shards_ = 0;
  for (const NodeId node : core_.placement->members()) {
    bool has_shard = false;
    for (std::uint32_t shard = 0; shard < core_.vectors->shards && !has_shard; ++shard) {
      has_shard = core_.parts.shards->shard_targets(shard).contains(node);
    }
    members_without_shards_ += has_shard ? 0 : 1;
  }
}

std::uint32_t ChangePlanner::desired_replicas() const {
  const std::size_t members = core_.placement->members().size();
  const std::uint32_t factor = core_.config.replication.factor;
  return members < factor ? static_cast<std::uint32_t>(members) : factor;
}

double ChangePlanner::total_desired_replicas() const {
  return static_cast<double>(core_.replicas.key_count() - core_.replicas.lost_count()) * desired_replicas();
}

void ChangePlanner::refresh_key(KeyId key) {
  const ReplicaMap& replicas = core_.replicas;
  const bool under = !replicas.lost(key) &&
                     static_cast<std::uint32_t>((replicas.holders(key) & core_.alive).size()) < desired_replicas();
  if (under == (under_replicated_[key] != 0)) return;
  under_replicated_[key] = under ? 1 : 0;
  set_under_replicated_count(under ? under_replicated_count_ + 1 : under_replicated_count_ - 1,
                             core_.simulator->now_ns());
}

void ChangePlanner::refresh_all() {
  const ReplicaMap& replicas = core_.replicas;
  std::uint64_t count = 0;
  const std::uint32_t desired = desired_replicas();
  for (KeyId key = 0; key < replicas.key_count(); ++key) {
    const bool under =
        !replicas.lost(key) && static_cast<std::uint32_t>((replicas.holders(key) & core_.alive).size()) < desired;
    under_replicated_[key] = under ? 1 : 0;
    count += under ? 1 : 0;
  }
  set_under_replicated_count(count, core_.simulator != nullptr ? core_.simulator->now_ns() : 0);
}

void ChangePlanner::set_under_replicated_count(std::uint64_t count, TimeNs now_ns) {
  if (under_replicated_count_ == 0 && count > 0) under_replicated_since_ns_ = now_ns;
  if (under_replicated_count_ > 0 && count == 0) {
    under_replicated_total_ns_ += now_ns - under_replicated_since_ns_;
    for (const ChangeId change : changes_awaiting_full_replication_) changes_[change].fully_replicated_ns = now_ns;
    changes_awaiting_full_replication_.clear();
  }
  under_replicated_count_ = count;
  under_replicated_max_ = std::max(under_replicated_max_, count);
  core_.metrics.set_level(under_replicated_window_max_, static_cast<double>(count));
}

ChangeId ChangePlanner::open_change(TimeNs now_ns, ChangeKind kind, std::string action, std::string subject,
                                    double keys_moved_ideal, std::uint32_t members_before) {
  ChangeRecord change;
  change.id = static_cast<ChangeId>(changes_.size());
  change.at_ns = now_ns;
  change.kind = kind;
  change.action = std::move(action);
  change.subject = std::move(subject);
  change.members_before = members_before;
  change.members_after = core_.members();
  change.keys_moved_ideal = keys_moved_ideal;
  if (core_.vectors && core_.replicas.key_count() > 0) {
    change.shards_moved_ideal =
        keys_moved_ideal * core_.vectors->shards / static_cast<double>(core_.replicas.key_count());
  }
  changes_.push_back(change);
  return change.id;
}

void ChangePlanner::log_skipped(TimeNs now_ns, ChangeKind kind, const std::string& action, const std::string& why,
                                std::string subject) {
  const ChangeId id = open_change(now_ns, kind, action + " (skipped: " + why + ")", std::move(subject), 0, core_.members());
  changes_[id].skipped = true;
}

ChangeRecord& ChangePlanner::note_change(TimeNs now_ns, ChangeKind kind, std::string action, std::string subject) {
  ChangeRecord& change =
      changes_[open_change(now_ns, kind, std::move(action), std::move(subject), 0, core_.members())];
  change.completed_ns = now_ns;
  return change;
}

void ChangePlanner::replan(Simulator& simulator, ChangeId change_id) {
  core_.parts.shards->assign_targets();
  account_members_without_shards(simulator.now_ns());
  ReplicaMap& replicas = core_.replicas;
  // Copies to make, grouped by (source, target) so each pair migrates as one range.
  std::map<std::pair<NodeId, NodeId>, std::vector<KeyId>> copies;
  NodeSet receivers;
  for (const Node& node : core_.nodes) {
    if (node.state == NodeState::kUp && core_.believed_up.contains(node.id)) receivers.insert(node.id);
  }
  for (KeyId key = 0; key < replicas.key_count(); ++key) {
    if (replicas.lost(key)) continue;
    const NodeSet sources = replicas.holders(key) & core_.alive & core_.believed_up;
    if (sources.empty()) continue;
    for (const NodeId target : replicas.target(key)) {
      if (replicas.holders(key).contains(target) || replicas.incoming(key).contains(target)) continue;
      if (!receivers.contains(target)) continue;
      // Spread the sending work over the live copies; a shard's keys share one source so
      // the shard arrives whole in one transfer.
      const KeyId unit = replicas.unit_of(key);
      NodeId source = sources.nth(static_cast<int>(unit % static_cast<KeyId>(sources.size())));
      // An operator's move_shard / replicate_shard names its source.
      if (const std::optional<NodeId> hint = core_.placement->preferred_source(unit); hint && sources.contains(*hint)) {
        source = *hint;
      }
      copies[{source, target}].push_back(key);
      replicas.add_incoming(key, target);
    }
    settle_key(key);
  }
  for (auto& [pair, keys] : copies) {
    core_.parts.migration->start_range(simulator, change_id, pair.first, pair.second, std::move(keys));
  }
  ChangeRecord& change = changes_[change_id];
  if (change.transfers_open == 0) change.completed_ns = simulator.now_ns();
  refresh_all();
  if (under_replicated_count_ > 0) {
    changes_awaiting_full_replication_.push_back(change_id);
  } else {
    change.fully_replicated_ns = simulator.now_ns();
  }
  if (finish_drains_) finish_drains_();
#ifdef RINGSIM_EXPENSIVE_CHECKS
  check_invariants();
#endif
}

void ChangePlanner::settle_key(KeyId key) {
  // Old copies are dropped only once every replica the placement wants holds the key on
  // a live node: never leave a key with fewer copies than before the handoff.
  const ReplicaMap& replicas = core_.replicas;
  const ReplicaList& target = replicas.target(key);
  if (target.count == 0) return;
  for (const NodeId node : target) {
    if (!replicas.holders(key).contains(node) || !core_.alive.contains(node)) return;
  }
  const NodeSet extra = replicas.holders(key).without([&] {
    NodeSet set;
    for (const NodeId node : target) set.insert(node);
    return set;
  }());
  extra.for_each([&](NodeId node) { core_.parts.shards->drop_copy(key, node); });
}

}  // namespace ringsim
