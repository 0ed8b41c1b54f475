// ringsim-bench-placement: cost of the placement strategies on a 16-node cluster (256 vnodes
// for the token strategies): nanoseconds per replicas_for lookup and per key of a whole-table
// assign, for rf 1 and 3, next to the balance each buys (max/mean replicas per node).
//
// Contract:
// - Lookups run over key_hash(0..lookups-1), precomputed so only replicas_for is timed; the
//   assign table is key ids 0..keys-1, as the cluster model builds it.
// - Every figure but the times is deterministic (literal seed): the table checksum printed
//   per row is the same on every run and machine, so a changed checksum is a changed
//   placement, not noise.
// - bounded_load's replicas_for is the plain ring walk (it has no loads without assign);
//   its lookup column measures that fallback.
// - Wall time is read here (steady_clock) and only here; the core never sees it.
//
// Exit codes: 0 measured; 2 bad usage.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "cluster/placement/placement.h"

#include "bench/build_info.h"

namespace ringsim {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;

constexpr std::uint64_t kDefaultLookups = 1'000'000;
constexpr std::uint64_t kDefaultAssignKeys = 1'000'000;
constexpr std::uint64_t kQuickLookups = 20'000;
constexpr std::uint64_t kQuickAssignKeys = 20'000;
// Untimed passes before the timed one, so caches, branch predictors and CPU clocks settle.
constexpr std::uint64_t kWarmupDivisor = 10;

constexpr std::uint32_t kNodes = 16;
constexpr std::uint32_t kVnodesPerNode = 256;
constexpr std::uint64_t kSeed = 0x5eed'0000'0000'0002ULL;
constexpr std::uint32_t kReplicationFactors[] = {1, 3};
struct Case {
  std::string strategy;
  double load_epsilon;  // bounded_load only.
};
// bounded_load twice: at the default epsilon, which the 256-vnode ring already meets (so it
// is the ring's table), and at an epsilon tight enough to divert keys, which is its cost.
constexpr Case kCases[] = {
    {"ring", 0},
    {"rendezvous", 0},
    {"jump", 0},
    {"bounded_load", 0.25},
    {"bounded_load", 0.05},
    {"mod_n", 0},
};
constexpr double kNsPerSecond = 1e9;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// FNV-1a over every replica of every key: identifies the table, and keeps the compiler from
// discarding lookups whose results are otherwise unused.
std::uint64_t fold_checksum(std::uint64_t checksum, const ReplicaList& replicas) {
  constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;
  checksum = (checksum ^ replicas.count) * kFnvPrime;
  for (const NodeId node : replicas) checksum = (checksum ^ node) * kFnvPrime;
  return checksum;
}
constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

struct Row {
  double lookup_ns = 0;
  double assign_ns_per_key = 0;
  double max_over_mean_load = 0;
  std::uint64_t lookup_checksum = kFnvOffset;
  std::uint64_t table_checksum = kFnvOffset;
};

Row measure(const Placement& placement, const std::vector<std::uint64_t>& hashes,
            std::uint64_t assign_keys, std::uint32_t rf) {
  Row row;
  ReplicaList replicas;
  const std::uint64_t warmup = hashes.size() / kWarmupDivisor;
  for (std::uint64_t i = 0; i < warmup; ++i) {
    placement.replicas_for(hashes[i], rf, replicas);
    row.lookup_checksum = fold_checksum(row.lookup_checksum, replicas);
  }
  row.lookup_checksum = kFnvOffset;
  const auto lookup_start = std::chrono::steady_clock::now();
  for (const std::uint64_t hash : hashes) {
    placement.replicas_for(hash, rf, replicas);
    row.lookup_checksum = fold_checksum(row.lookup_checksum, replicas);
  }
  row.lookup_ns = seconds_since(lookup_start) * kNsPerSecond / static_cast<double>(hashes.size());

  std::vector<ReplicaList> table;
  table.reserve(assign_keys);  // Allocation outside the timed region.
  placement.assign(assign_keys / kWarmupDivisor, rf, table);
  const auto assign_start = std::chrono::steady_clock::now();
  placement.assign(assign_keys, rf, table);
  row.assign_ns_per_key =
      seconds_since(assign_start) * kNsPerSecond / static_cast<double>(assign_keys);

  std::vector<std::uint64_t> loads(kNodesMax, 0);
  for (const ReplicaList& key_replicas : table) {
    row.table_checksum = fold_checksum(row.table_checksum, key_replicas);
    for (const NodeId node : key_replicas) loads[node] += 1;
  }
  const double mean_load = static_cast<double>(assign_keys * std::min(rf, kNodes)) / kNodes;
  row.max_over_mean_load =
      static_cast<double>(*std::max_element(loads.begin(), loads.end())) / mean_load;
  return row;
}

struct Options {
  std::uint64_t lookups = kDefaultLookups;
  std::uint64_t assign_keys = kDefaultAssignKeys;
};

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: ringsim-bench-placement [--quick] [--help]\n"
               "  --quick   small run for a smoke test (%llu lookups, %llu keys per assign;\n"
               "            default %llu and %llu)\n",
               static_cast<unsigned long long>(kQuickLookups),
               static_cast<unsigned long long>(kQuickAssignKeys),
               static_cast<unsigned long long>(kDefaultLookups),
               static_cast<unsigned long long>(kDefaultAssignKeys));
}

// Returns the exit code to stop with, or nothing to go on and measure.
std::optional<int> parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      return kExitOk;
    } else if (arg == "--quick") {
      options.lookups = kQuickLookups;
      options.assign_keys = kQuickAssignKeys;
    } else {
      std::fprintf(stderr, "ringsim-bench-placement: bad argument '%s'\n", argv[i]);
      print_usage(stderr);
      return kExitUsage;
    }
  }
  return std::nullopt;
}

int run(int argc, char** argv) {
  Options options;
  if (const std::optional<int> exit_code = parse_options(argc, argv, options)) return *exit_code;

  std::printf("ringsim placement benchmark: %u nodes, %u vnodes/node (ring, bounded_load), "
              "seed %#llx\n",
              kNodes, kVnodesPerNode, static_cast<unsigned long long>(kSeed));
  print_build_info();
  std::printf("lookups timed: %llu replicas_for calls; assign: %llu keys (after an untimed "
              "pass of 1/%llu)\n\n",
              static_cast<unsigned long long>(options.lookups),
              static_cast<unsigned long long>(options.assign_keys),
              static_cast<unsigned long long>(kWarmupDivisor));
  std::printf("%-13s  %4s  %2s  %10s  %14s  %13s  %-16s\n", "strategy", "eps", "rf",
              "lookup ns", "assign ns/key", "max/mean load", "table checksum");
  std::fflush(stdout);

  std::vector<std::uint64_t> hashes(options.lookups);
  for (std::uint64_t i = 0; i < options.lookups; ++i) hashes[i] = key_hash(i);

  std::uint64_t sink = 0;
  for (const Case& bench_case : kCases) {
    PlacementConfig config;
    config.strategy = bench_case.strategy;
    config.vnodes_per_node = kVnodesPerNode;
    const bool bounded = bench_case.strategy == "bounded_load";
    if (bounded) config.load_epsilon = bench_case.load_epsilon;
    char epsilon_text[16] = "-";
    if (bounded) std::snprintf(epsilon_text, sizeof epsilon_text, "%.2f", bench_case.load_epsilon);
    const std::unique_ptr<Placement> placement = make_placement(config, kSeed);
    for (NodeId node = 0; node < kNodes; ++node) placement->add_member(node);
    for (const std::uint32_t rf : kReplicationFactors) {
      const Row row = measure(*placement, hashes, options.assign_keys, rf);
      sink ^= row.lookup_checksum;
      std::printf("%-13s  %4s  %2u  %10.1f  %14.1f  %13.3f  %016llx\n", placement->name(),
                  epsilon_text, rf,
                  row.lookup_ns, row.assign_ns_per_key, row.max_over_mean_load,
                  static_cast<unsigned long long>(row.table_checksum));
      std::fflush(stdout);
    }
  }
  std::printf("\n(bounded_load lookup = its ring fallback; lookup checksum fold %016llx)\n",
              static_cast<unsigned long long>(sink));
  return kExitOk;
}

}  // namespace
}  // namespace ringsim

int main(int argc, char** argv) { return ringsim::run(argc, argv); }
