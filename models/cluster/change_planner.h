// What a membership change costs, and keeping every key replicated. On each change the
// planner reassigns every key's target replicas (ShardStore::assign_targets), groups the
// copies to make by (source, target) into migration ranges (MigrationDriver), drops old
// copies once every wanted replica holds the key on a live node (settle_key), and keeps
// the changes log (one ChangeRecord per change) and the account of under-replicated keys.
// It also reports the cluster-level results (keys moved against the ideal, time under-
// replicated, balance) and the changes table of the summary.
//
// Events owned: none. State owned: the changes log, the under-replication account.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cluster/migration.h"
#include "models/cluster/change_ledger.h"
#include "models/cluster/change_record.h"
#include "models/cluster/cluster_core.h"
#include "sim/summary.h"
#include "sim/text_list.h"

namespace ringsim {

class ChangePlanner final : public ChangeLedger {
 public:
  // Registers the cluster-level results and gauges.
  ChangePlanner(ClusterCore& core, std::uint64_t keys);
  // Called when copies may have been dropped, so a draining node that now holds nothing can
  // leave (Membership::finish_drains, handed in: membership depends on this part).
  void set_drain_check(std::function<void()> check) { finish_drains_ = std::move(check); }

  ChangeId open_change(TimeNs now_ns, ChangeKind kind, std::string action, std::string subject,
                       double keys_moved_ideal, std::uint32_t members_before);
  // An action asked for but not applicable: logged as "action (skipped: why)", skipped set.
  void log_skipped(TimeNs now_ns, ChangeKind kind, const std::string& action, const std::string& why,
                   std::string subject);
  // An action that changes no data (slow node, partition, rate): opened and completed now.
  ChangeRecord& note_change(TimeNs now_ns, ChangeKind kind, std::string action, std::string subject);
  // Reassigns targets and starts the migration ranges the change needs.
  void replan(Simulator& simulator, ChangeId change);
  // Drops the key's copies the placement no longer wants, once every wanted one is live.
  void settle_key(KeyId key) override;
  void refresh_key(KeyId key) override;
  void refresh_all();
  // Vector mode: members the placement gives no shard, integrated over time (the
  // balancer's manual mode leaves a new node so); called at start and on every replan.
  void account_members_without_shards(TimeNs now_ns);

  ChangeRecord& change(ChangeId id) override { return changes_[id]; }
  const std::vector<ChangeRecord>& changes() const { return changes_; }
  std::uint64_t under_replicated() const { return under_replicated_count_; }
  double total_desired_replicas() const;

  void sample_gauges(TimeNs now_ns);
  void finish(TimeNs end_ns);
  void add_tables(std::vector<SummaryTable>& tables) const;
  // Aborts with a message when an accounting invariant is broken. O(keys).
  void check_invariants() const override;

 private:
  void set_under_replicated_count(std::uint64_t count, TimeNs now_ns);
  std::uint32_t desired_replicas() const;
  void finish_shards(TimeNs end_ns);

  ClusterCore& core_;
  std::function<void()> finish_drains_;
  std::vector<std::uint8_t> under_replicated_;
  std::uint64_t under_replicated_count_ = 0;
  std::uint64_t under_replicated_max_ = 0;
  TimeNs under_replicated_since_ns_ = -1;
  TimeNs under_replicated_total_ns_ = 0;
  std::vector<ChangeRecord> changes_;
  std::vector<ChangeId> changes_awaiting_full_replication_;
  std::uint32_t members_without_shards_ = 0;
  TimeNs members_without_shards_since_ns_ = 0;
  double members_without_shards_ns_ = 0;

  ResultId keys_total_;
  ResultId keys_moved_;
  ResultId keys_moved_ideal_;
  ResultId bytes_moved_;
  ResultId migration_s_;
  ResultId under_replicated_max_result_;
  ResultId under_replicated_s_;
  ResultId lost_keys_;
  ResultId load_max_over_mean_;
  ResultId requests_max_over_mean_;
  ResultId nodes_final_;
  // Vector mode only (registered last, so the other columns keep their places).
  ResultId shards_moved_ = 0;
  ResultId shards_moved_ideal_ = 0;
  ResultId shard_replicas_max_over_mean_ = 0;
  ResultId members_without_shards_s_ = 0;
  SeriesId under_replicated_gauge_;
  SeriesId lost_keys_gauge_;
  SeriesId nodes_up_gauge_;
  SeriesId migration_bytes_remaining_gauge_;
  // Window maxima and rates, so a state or a migration shorter than a window still shows.
  SeriesId under_replicated_window_max_;
  SeriesId migration_bytes_per_s_gauge_;
  double migration_bytes_received_at_window_start_ = 0;
};

}  // namespace ringsim
