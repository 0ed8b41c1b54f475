#include "cluster/network.h"

#include <cmath>

namespace ringsim {

Network::Network(const NetworkConfig& config, double bandwidth_bytes_per_s, Rng rng)
    : config_(config),
      ns_per_byte_(static_cast<double>(kNsPerS) / bandwidth_bytes_per_s),
      rng_(rng),
      link_free_at_ns_(kNodesMax, 0) {}

bool Network::reachable(NodeId from, NodeId to) const {
  const bool from_isolated = from != kOutsideNode && isolated_.contains(from);
  const bool to_isolated = to != kOutsideNode && isolated_.contains(to);
  return from_isolated == to_isolated;
}

std::optional<TimeNs> Network::send(NodeId from, NodeId to, double bytes, TimeNs now_ns) {
  if (!reachable(from, to)) return std::nullopt;
  TimeNs departure_ns = now_ns;
  if (from != kOutsideNode) {
    TimeNs& link_free_ns = link_free_at_ns_[from];
    const TimeNs start_ns = link_free_ns > now_ns ? link_free_ns : now_ns;
    departure_ns = start_ns + static_cast<TimeNs>(std::llround(bytes * ns_per_byte_));
    link_free_ns = departure_ns;
  }
  bytes_sent_ += bytes;
  const auto latency_ns = static_cast<TimeNs>(std::llround(config_.latency_ns.sample(rng_)));
  return departure_ns + latency_ns;
}

}  // namespace ringsim
