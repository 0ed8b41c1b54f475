#include "viz/ring_caption.h"

#include <algorithm>

#include "viz/caption_migration.h"
#include "viz/format.h"

namespace ringsim::viz {
namespace {

std::string nodes_phrase(const std::string& subject) {
  return (subject.find(',') == std::string::npos ? "node " : "nodes ") + subject;
}

std::string change_verb(const ChangeRecord& change) {
  const bool done = change.transfers_open == 0;
  if (!change.skipped) {
    switch (change.kind) {
      case ChangeKind::kJoin:
        return nodes_phrase(change.subject) + " joined";
      case ChangeKind::kRemoveNode:
        return nodes_phrase(change.subject) + (done ? " removed (drained)" : " draining (graceful remove)");
      case ChangeKind::kFailNode:
        return nodes_phrase(change.subject) + " crashed";
      case ChangeKind::kDeclaredDead:
        return nodes_phrase(change.subject) + " declared dead";
      case ChangeKind::kRecoverNode:
      case ChangeKind::kAutoscaleOut:
      case ChangeKind::kAutoscaleIn:
        break;
      case ChangeKind::kTimelineAction:
        // The timeline action's registered name (workloads/timeline_actions/partition.cpp).
        if (change.action == "partition") return "partition cuts off " + nodes_phrase(change.subject);
        break;
    }
  }
  return change.subject.empty() ? change.action : change.action + " (" + change.subject + ")";
}

// From the change's state now, not its start: "re-replicating: 4 000 of 14 969 copies
// restored" while its transfers run, "14 969 copies re-replicated in 183 ms" once they all
// ended (it said "re-replicating 14 969 copies (14 969 restored)" long after that).
std::string re_replication_phrase(const ChangeRecord& change, TimeNs now_ns) {
  const std::string wanted = format_count(static_cast<std::uint64_t>(change.keys_moved_ideal));
  if (change.transfers_open == 0 && change.completed_ns >= 0 && change.completed_ns <= now_ns) {
    return format_count(change.keys_moved) + " copies re-replicated in " +
           format_duration(change.completed_ns - change.at_ns);
  }
  return "re-replicating: " + format_count(change.keys_moved) + " of " + wanted + " copies restored";
}

std::uint32_t replication_factor(const Run& run) {
  return std::get<ClusterScenario>(run.scenario().model).cluster.replication.factor;
}

std::string next_timeline_action(const Run& run) {
  for (const TimelineActionPtr& action : std::get<ClusterScenario>(run.scenario().model).timeline) {
    if (action->at_ns > run.now_ns()) {
      return std::string("next: ") + action->name() + " at " + format_time_s(action->at_ns);
    }
  }
  return "no timeline action ahead";
}

}  // namespace

std::uint64_t copies_in_flight(const ClusterView& model, ChangeId change) {
  std::uint64_t copies = 0;
  for (const Transfer& transfer : model.migrator().transfers()) {
    if (transfer.change == change && transfer.state == Transfer::State::kStreaming) copies += transfer.key_count;
  }
  return copies;
}

RingCaption describe_ring_state(const Run& run, const ClusterView& model) {
  KeyMotion motion;
  motion.measure(model);
  return describe_ring_state(run, model, motion);
}

RingCaption describe_ring_state(const Run& run, const ClusterView& model, const KeyMotion& motion) {
  const ReplicaMap& replicas = model.replicas();
  RingCaption caption;
  const std::string moving_now = std::to_string(model.migrator().streaming_count()) + " transfers streaming, " +
                                 format_bytes(model.migrator().bytes_remaining()) + " left";
  const std::string health = "under-replicated " + format_count(model.under_replicated()) + " keys · lost " +
                             format_count(replicas.lost_count());
  if (model.changes().empty()) {
    caption.headline = std::string(model.placement().name()) + " placement, " +
                       std::to_string(model.placement().members().size()) + " members, RF " +
                       std::to_string(replication_factor(run)) + ": no membership change yet";
    caption.detail = next_timeline_action(run) + " · " + health;
    return caption;
  }
  const ChangeRecord& change = model.changes().back();
  const double rf = std::min<double>(replication_factor(run), change.members_after);
  const double replicas_total = static_cast<double>(replicas.key_count() - replicas.lost_count()) * rf;
  // Copies not yet handed off are the latest change's when no earlier change still has
  // ranges open; otherwise only its own streaming transfers can be told apart.
  bool earlier_open = false;
  for (const ChangeRecord& other : model.changes()) earlier_open |= other.id != change.id && other.transfers_open > 0;
  const std::uint64_t pending = earlier_open ? copies_in_flight(model, change.id) : motion.copies_pending();
  const double copies = static_cast<double>(change.keys_moved + pending);
  caption.headline = change_verb(change);
  if (change.kind == ChangeKind::kDeclaredDead && change.keys_moved_ideal > 0) {
    caption.headline += ": " + re_replication_phrase(change, run.now_ns());
  } else if ((change.keys_moved_ideal > 0 || copies > 0) && replicas_total > 0) {
    // In the narration's terms (caption_migration.h): copies installed, counting up.
    caption.headline += ": " + migration_phrase(change, replicas.key_count(), pending, copies_in_flight(model, change.id));
  }
  std::string copies_now;
  if (motion.copies_pending() > 0) {
    copies_now = " · copies " + format_count(motion.copies_waiting()) + " waiting, " +
                 format_count(motion.copies_streaming()) + " streaming, " + format_count(change.keys_moved) + " moved";
  }
  caption.detail = "at " + format_time_s(change.at_ns) + " (" + format_time_s(run.now_ns() - change.at_ns) +
                   " ago)" + copies_now + " · " + moving_now + " · " + health;
  return caption;
}

}  // namespace ringsim::viz
