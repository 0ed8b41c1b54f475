#include "sim/dag/dag_task.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sim/assert.h"

namespace ringsim {

TaskPlacement TaskPlacement::on_role(std::string role) {
  TaskPlacement placement;
  placement.kind = Kind::kRole;
  placement.role = std::move(role);
  return placement;
}

TaskPlacement TaskPlacement::key_owner(std::uint64_t key) {
  TaskPlacement placement;
  placement.kind = Kind::kKeyOwner;
  placement.key = key;
  return placement;
}

TaskPlacement TaskPlacement::on_node(std::uint32_t node) {
  TaskPlacement placement;
  placement.kind = Kind::kNode;
  placement.node = node;
  return placement;
}

std::string TaskPlacement::describe() const {
  switch (kind) {
    case Kind::kAny:
      return "any";
    case Kind::kRole:
      return "role \"" + role + "\"";
    case Kind::kKeyOwner:
      return "owner of key " + std::to_string(key);
    case Kind::kNode:
      return "node " + std::to_string(node);
  }
  return "?";
}

TaskCost TaskCost::sampled(Distribution duration_ns) {
  return TaskCost(Type::kSampled, duration_ns, {});
}

TaskCost TaskCost::constant_ns(TimeNs duration_ns) {
  RINGSIM_ASSERT(duration_ns >= 0);
  return sampled(Distribution::constant(static_cast<double>(duration_ns)));
}

TaskCost TaskCost::work(std::vector<WorkTerm> terms) {
  return TaskCost(Type::kWork, Distribution::constant(0), std::move(terms));
}

namespace {
TimeNs clamp_duration_ns(double duration_ns) {
  // Also maps NaN to 0: a cost is never negative and never beyond the attempt limit.
  if (!(duration_ns > 0)) return 0;
  if (duration_ns >= static_cast<double>(kDagDurationNsMax)) return kDagDurationNsMax;
  return static_cast<TimeNs>(std::llround(duration_ns));
}
}  // namespace

double TaskCost::mean_ns() const {
  if (type_ == Type::kSampled) return distribution_.mean();
  double total_ns = 0;
  for (const WorkTerm& term : terms_) total_ns += term.units * term.ns_per_unit;
  return total_ns;
}

TimeNs TaskCost::draw_ns(Rng& rng) const {
  if (type_ == Type::kSampled) return clamp_duration_ns(distribution_.sample(rng));
  return clamp_duration_ns(mean_ns());
}

std::string TaskCost::describe() const {
  if (type_ == Type::kSampled) return distribution_.describe() + " ns";
  std::ostringstream out;
  for (std::size_t i = 0; i < terms_.size(); ++i) {
    if (i > 0) out << " + ";
    out << terms_[i].units << " " << terms_[i].what << " x " << terms_[i].ns_per_unit << " ns";
  }
  return out.str();
}

TimeNs RetryPolicy::backoff_ns(std::uint32_t retry) const {
  RINGSIM_ASSERT(retry >= 1);
  // In doubles, capped at every step: multiplier^100 would overflow any integer.
  double backoff = static_cast<double>(backoff_initial_ns);
  const double cap = static_cast<double>(std::min(backoff_max_ns, kDagDurationNsMax));
  for (std::uint32_t step = 1; step < retry && backoff < cap; ++step) backoff *= backoff_multiplier;
  return static_cast<TimeNs>(std::llround(std::min(backoff, cap)));
}

}  // namespace ringsim
