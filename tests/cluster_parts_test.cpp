// The cluster's building blocks on their own (cluster/replica_map.h, cluster/network.h,
// cluster/node_set.h): what the model's accounting and message timing rest on.
#include <catch2/catch.hpp>

#include <vector>

#include "cluster/network.h"
#include "cluster/node_set.h"
#include "cluster/replica_map.h"
#include "sim/random.h"

namespace ringsim {
namespace {

TEST_CASE("replica map: per-node totals follow holders, a lost key keeps no copy", "[cluster_parts]") {
  // Keys 0..3 of 100, 200, 300, 400 bytes; keys 0,1 in unit 0, keys 2,3 in unit 1.
  ReplicaMap map({100, 200, 300, 400}, {0, 0, 1, 1}, 2);
  for (KeyId key = 0; key < 4; ++key) map.add_holder(key, 1);
  map.add_holder(0, 2);
  map.add_holder(0, 2);  // idempotent
  CHECK(map.keys_on(1) == 4);
  CHECK(map.bytes_on(1) == 1000);
  CHECK(map.keys_on(2) == 1);
  CHECK(map.unit_complete_on(0, 1));
  CHECK_FALSE(map.unit_complete_on(0, 2));  // holds key 0, not key 1
  map.add_holder(1, 2);
  CHECK(map.unit_complete_on(0, 2));
  map.remove_holder(1, 2);
  CHECK(map.unit_keys_on(0, 2) == 1);
  // Losing key 1 drops its copies; unit 0 is then complete wherever key 0 is.
  map.add_incoming(1, 3);
  map.mark_lost(1);
  CHECK(map.lost(1));
  CHECK(map.lost_count() == 1);
  CHECK(map.holders(1).empty());
  CHECK(map.incoming(1).empty());
  CHECK(map.keys_on(1) == 3);
  CHECK(map.bytes_on(1) == 800);
  CHECK(map.unit_complete_on(0, 2));
  map.check_invariants();
  CHECK(map.unit_of(3) == 1);
  CHECK(ReplicaMap(std::vector<std::uint32_t>{1, 1}).unit_of(1) == 1);  // no units: every key is its own
}

TEST_CASE("network: latency plus serialisation on the sender's FIFO link, partitions cut", "[cluster_parts]") {
  NetworkConfig config;
  config.latency_ns = Distribution::constant(1000);
  Network network(config, /*bandwidth_bytes_per_s=*/1e9, Rng(7));  // 1 ns per byte
  CHECK(network.send(0, 1, 500, 0) == TimeNs{1500});
  // The second message waits for the first to leave the link: departs at 500 + 200.
  CHECK(network.send(0, 2, 200, 100) == TimeNs{1700});
  CHECK(network.link_busy_until_ns(0) == 700);
  CHECK(network.send(kOutsideNode, 1, 1e6, 0) == TimeNs{1000});  // clients' links are free
  CHECK(network.bytes_sent() == 500 + 200 + 1e6);
  NodeSet isolated;
  isolated.insert(1);
  network.set_partition(isolated);
  CHECK_FALSE(network.send(0, 1, 10, 2000).has_value());
  CHECK_FALSE(network.reachable(kOutsideNode, 1));
  CHECK(network.reachable(1, 1));
  CHECK(network.reachable(0, 2));
}

}  // namespace
}  // namespace ringsim
