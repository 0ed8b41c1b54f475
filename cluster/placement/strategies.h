// The placement strategies as self-describing entries. Each strategy's .cpp defines its
// entry (placement_entries::<name>()): its "strategy" name, the /cluster/placement keys only
// it takes and how it reads them, what it needs of the scenario, and how to make it. The
// registry is the one list below; the scenario reader (cluster/cluster_config.cpp), the
// scenario checks (run/scenario.cpp) and make_placement ask it instead of naming strategies.
//
// Adding a strategy: a class deriving from Placement (placement.h states the contract) with
// its entry, in its own file(s) here, one X(...) line below, its test (docs/architecture.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "cluster/placement/placement.h"

#define RINGSIM_PLACEMENT_STRATEGIES(X) \
  X(ring)                               \
  X(rendezvous)                         \
  X(jump)                               \
  X(bounded_load)                       \
  X(mod_n)                              \
  X(shard_balancer)

namespace ringsim {

class ObjectReader;

struct PlacementEntry {
  const char* name = "";
  // Keys of /cluster/placement only this strategy takes: given with another strategy they
  // are an error ("applies only to ..."), not silently ignored.
  std::vector<const char*> own_keys;
  // Reads own_keys into the config (nullptr: it has none). Errors name the key's pointer.
  void (*read)(ObjectReader& reader, PlacementConfig& config) = nullptr;
  // Builds the strategy; the config is validated.
  std::unique_ptr<Placement> (*make)(const PlacementConfig& config, std::uint64_t seed) = nullptr;
  // Places a vector collection's whole shards: the scenario needs data.vectors, and the
  // strategy takes the operator's move_shard / replicate_shard (Placement::move_replica).
  bool places_shards = false;
};

namespace placement_entries {
#define RINGSIM_DECLARE_PLACEMENT(name) PlacementEntry name();
RINGSIM_PLACEMENT_STRATEGIES(RINGSIM_DECLARE_PLACEMENT)
#undef RINGSIM_DECLARE_PLACEMENT
}  // namespace placement_entries

// Every registered strategy, in the list's order (the order of names in error messages).
const std::vector<PlacementEntry>& placement_strategies();
// The entry named `name`, or nullptr.
const PlacementEntry* find_placement(std::string_view name);

}  // namespace ringsim
