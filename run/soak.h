// The fault soak: random timelines of fail / recover / partition / slow / add / remove
// actions drawn from a seed, on a small cluster at RF 2 or 3, run with the cluster's
// invariant checks (ClusterModel::check_invariants) every few thousand events and at the
// end, and with "no key lost" checked at the end.
//
// The generator keeps the timeline survivable, so a lost key is a defect, not bad luck:
// at most RF - 1 nodes are down (failed, or partitioned) at once, counting a node as down
// until kSoakSettleS after it is back, and at least RF + 2 data nodes stay members.
// Everything derives from the seed (stream "soak.timeline"). A broken invariant aborts the
// process (RINGSIM_ASSERT); cli/soak_command.cpp runs each case in a child process and
// shrinks a failing timeline by delta debugging (Zeller and Hildebrandt 2002, ddmin).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ringsim {

inline constexpr double kSoakSettleS = 5;

// A whole scenario document whose "timeline" holds `actions` random actions.
nlohmann::json soak_scenario(std::uint64_t seed, std::uint32_t actions);

// Runs the document with invariant checks. Returns a description of a failed check that
// does not abort (a lost key), nullopt when all held. Throws ConfigError when the document
// is not a valid scenario (e.g. a shrunk timeline that recovers a node it never failed).
std::optional<std::string> run_soak_case(const nlohmann::json& document);

}  // namespace ringsim
