// ChangePlanner: the cluster-level gauges and results, the changes table, and the
// accounting invariants checked after every event in expensive-check builds.
#include <algorithm>
#include <cmath>
#include <set>

#include "models/cluster/change_planner.h"
#include "models/cluster/client_path.h"
#include "models/cluster/migration_driver.h"
#include "models/cluster/shard_store.h"
#include "sim/assert.h"

namespace ringsim {

namespace {
double max_over_mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  double sum = 0;
  double max = 0;
  for (const double value : values) {
    sum += value;
    max = std::max(max, value);
  }
  return sum > 0 ? max / (sum / static_cast<double>(values.size())) : 0;
}
}  // namespace

void ChangePlanner::sample_gauges(TimeNs now_ns) {
  int nodes_up = 0;
  for (const Node& node : core_.nodes) nodes_up += node.running() ? 1 : 0;
  Metrics& metrics = core_.metrics;
  metrics.set_gauge(under_replicated_gauge_, static_cast<double>(under_replicated_count_));
  metrics.set_gauge(lost_keys_gauge_, static_cast<double>(core_.replicas.lost_count()));
  metrics.set_gauge(nodes_up_gauge_, nodes_up);
  const Migrator& migrator = core_.parts.migration->migrator();
  metrics.set_gauge(migration_bytes_remaining_gauge_, migrator.bytes_remaining());
  const double window_s = metrics.open_window_s(now_ns);
  const double received = migrator.bytes_received();
  metrics.set_gauge(migration_bytes_per_s_gauge_,
                    window_s > 0 ? (received - migration_bytes_received_at_window_start_) / window_s : 0.0);
  migration_bytes_received_at_window_start_ = received;
}

void ChangePlanner::finish(TimeNs end_ns) {
  set_under_replicated_count(under_replicated_count_, end_ns);
  TimeNs under_replicated_total_ns = under_replicated_total_ns_;
  if (under_replicated_count_ > 0) under_replicated_total_ns += end_ns - under_replicated_since_ns_;
  double keys_moved = 0;
  double keys_moved_ideal = 0;
  TimeNs migration_ns = 0;
  for (const ChangeRecord& change : changes_) {
    keys_moved += static_cast<double>(change.keys_moved);
    keys_moved_ideal += change.keys_moved_ideal;
    const TimeNs done_ns = change.completed_ns >= 0 ? change.completed_ns : end_ns;
    migration_ns = std::max(migration_ns, done_ns - change.at_ns);
  }
  std::vector<double> keys_per_member;
  std::vector<double> requests_per_member;
  for (const NodeId node : core_.placement->members()) {
    keys_per_member.push_back(static_cast<double>(core_.replicas.keys_on(node)));
    requests_per_member.push_back(static_cast<double>(core_.nodes[node].requests_served));
  }
  Metrics& metrics = core_.metrics;
  metrics.set_result(keys_total_, static_cast<double>(core_.replicas.key_count()));
  metrics.set_result(keys_moved_, keys_moved);
  metrics.set_result(keys_moved_ideal_, keys_moved_ideal);
  metrics.set_result(bytes_moved_, core_.parts.migration->migrator().bytes_received());
  metrics.set_result(migration_s_, ns_to_s(migration_ns));
  metrics.set_result(under_replicated_max_result_, static_cast<double>(under_replicated_max_));
  metrics.set_result(under_replicated_s_, ns_to_s(under_replicated_total_ns));
  metrics.set_result(lost_keys_, static_cast<double>(core_.replicas.lost_count()));
  metrics.set_result(load_max_over_mean_, max_over_mean(keys_per_member));
  metrics.set_result(requests_max_over_mean_, max_over_mean(requests_per_member));
  metrics.set_result(nodes_final_, static_cast<double>(core_.placement->members().size()));
  if (core_.vectors) finish_shards(end_ns);
}

void ChangePlanner::finish_shards(TimeNs end_ns) {
  account_members_without_shards(end_ns);
  double shards_moved = 0;
  double shards_moved_ideal = 0;
  for (const ChangeRecord& change : changes_) {
    shards_moved += static_cast<double>(change.shards_moved);
    shards_moved_ideal += change.shards_moved_ideal;
  }
  // Shard replicas per member as the placement names them (its targets) at the end.
  std::vector<double> shards_per_member;
  for (const NodeId node : core_.placement->members()) {
    double count = 0;
    for (std::uint32_t shard = 0; shard < core_.vectors->shards; ++shard) {
      count += core_.parts.shards->shard_targets(shard).contains(node) ? 1 : 0;
    }
    shards_per_member.push_back(count);
  }
  Metrics& metrics = core_.metrics;
  metrics.set_result(shards_moved_, shards_moved);
  metrics.set_result(shards_moved_ideal_, shards_moved_ideal);
  metrics.set_result(shard_replicas_max_over_mean_, max_over_mean(shards_per_member));
  metrics.set_result(members_without_shards_s_, members_without_shards_ns_ / static_cast<double>(kNsPerS));
}

void ChangePlanner::add_tables(std::vector<SummaryTable>& tables) const {
  SummaryTable table;
  table.name = "changes";
  table.columns = {"time_s",     "action",       "subject",      "members",   "keys_moved", "keys_moved_ideal",
                   "moved_over_ideal", "bytes_moved", "migration_s", "fully_replicated_s"};
  for (const ChangeRecord& change : changes_) {
    const auto seconds_after = [&](TimeNs at_ns) -> nlohmann::json {
      if (at_ns < 0) return nullptr;
      return ns_to_s(at_ns - change.at_ns);
    };
    table.rows.push_back({ns_to_s(change.at_ns), change.action, change.subject,
                          std::to_string(change.members_before) + "->" + std::to_string(change.members_after),
                          change.keys_moved, change.keys_moved_ideal,
                          change.keys_moved_ideal > 0 ? nlohmann::json(static_cast<double>(change.keys_moved) /
                                                                       change.keys_moved_ideal)
                                                      : nlohmann::json(nullptr),
                          change.bytes_moved, seconds_after(change.completed_ns),
                          seconds_after(change.fully_replicated_ns)});
    if (core_.vectors) table.rows.back().insert(table.rows.back().end(), {change.shards_moved, change.shards_moved_ideal});
  }
  if (core_.vectors) table.columns.insert(table.columns.end(), {"shards_moved", "shards_moved_ideal"});
  tables.push_back(std::move(table));
}

void ChangePlanner::check_invariants() const {
  const ReplicaMap& replicas = core_.replicas;
  const NodeSet& alive = core_.alive;
  replicas.check_invariants();
  std::uint64_t under = 0;
  const std::uint32_t desired = desired_replicas();
  const bool ranges_open = core_.parts.migration->ranges_open() > 0;
  for (KeyId key = 0; key < replicas.key_count(); ++key) {
    if (replicas.lost(key)) continue;
    // A key that is not lost has a copy on a live node (crashed copies are gone).
    RINGSIM_ASSERT(!(replicas.holders(key) & alive).empty());
    const bool is_under = static_cast<std::uint32_t>((replicas.holders(key) & alive).size()) < desired;
    RINGSIM_ASSERT(is_under == (under_replicated_[key] != 0));
    under += is_under ? 1 : 0;
    // Once every migration range has ended (switched and dropped, or aborted), each key
    // sits exactly on the nodes the placement names (when they are alive).
    if (!ranges_open && replicas.incoming(key).empty()) {
      NodeSet target;
      for (const NodeId node : replicas.target(key)) target.insert(node);
      if (target.is_subset_of(alive)) RINGSIM_ASSERT((replicas.holders(key) & alive) == target);
    }
  }
  RINGSIM_ASSERT(under == under_replicated_count_);
  if (const VectorStore* store = core_.parts.shards->store_if_any()) {
    // Every copy of a live vector is in its holder's index: migration lost no vector. A new
    // id's insert makes it live in the store when the client sends it; a replica's index
    // gets it when the write is applied there, so writes still on their way are excused.
    std::set<std::pair<NodeId, KeyId>> in_flight;
    for (const auto& [where, key] : core_.parts.client->pending_writes()) in_flight.insert({where.first, key});
    for (KeyId key = 0; key < replicas.key_count(); ++key) {
      if (replicas.lost(key) || store->deleted(key)) continue;
      replicas.holders(key).for_each([&](NodeId node) {
        if (!alive.contains(node) || in_flight.contains({node, key})) return;
        const Shard* index = core_.parts.shards->shard_index(node, replicas.unit_of(key));
        RINGSIM_ASSERT(index != nullptr && index->contains(key));
      });
    }
  }
  const Migrator& migrator = core_.parts.migration->migrator();
  const double accounted = migrator.bytes_received() + migrator.bytes_dropped() + migrator.bytes_in_flight();
  RINGSIM_ASSERT(std::abs(migrator.bytes_sent() - accounted) <= 1e-6 * (1 + migrator.bytes_sent()));
}

}  // namespace ringsim
