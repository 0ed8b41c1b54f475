// ringsim-bench-rag: what the simulator costs on top of the HNSW work it simulates.
//
// Runs a vector scenario (default scenarios/rag_search.json):
//   1. as configured, timed once: the user-visible wall time, events/s, searches/s, peak RSS;
//   2. with recall sampling off, recording every index operation, untimed;
// then compares, in rounds (default 5, --rounds N) interleaved A, B, A, B ...:
//   A. the run with recall sampling off, timed: the simulator proper (brute-force recall
//      checks are measurement, not simulation);
//   B. a replay of the recorded operations on bare hnswlib-backed shards (same configs,
//      same order, no simulator), timed.
// The overhead ratio is A / B per round; each side and the ratio are printed as the median
// with [min, max] over the rounds (bench/round_stats.h says why).
//
// Wall time is read here only. Exit codes: 0 measured, 2 bad usage or scenario.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/build_info.h"
#include "bench/round_stats.h"
#include "index/index_op_log.h"
#include "index/shard.h"
#include "sim/config_error.h"
#include "run/run.h"
#include "run/scenario.h"

namespace ringsim {
namespace {

constexpr const char* kDefaultScenario = "scenarios/rag_search.json";
constexpr const char* kQuickDuration = "/duration_s=3";

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

struct Timed {
  RunSummary summary;
  double wall_s;
  double index_memory_bytes;
};

Timed run_scenario(const std::string& path, std::vector<Override> overrides, IndexOpLog* log) {
  const Scenario scenario = load_scenario(path, overrides, std::nullopt);
  RunOptions options;
  options.build_threads = 1;  // Compare single-threaded work with single-threaded work.
  options.index_op_log = log;
  const auto start = std::chrono::steady_clock::now();
  Run run(scenario, options);
  run.run_to_end();
  const double wall_s = seconds_since(start);
  const RunSummary summary = run.summary();
  return {summary, wall_s, summary.find("index_memory_bytes").value_or(0)};
}

double replay(const IndexOpLog& log) {
  std::map<std::pair<std::uint16_t, std::uint32_t>, std::unique_ptr<Shard>> shards;
  std::vector<SearchHit> hits;
  const std::uint32_t dim = log.config.dim;
  std::size_t vector_cursor = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const IndexOp& op : log.ops) {
    switch (op.kind) {
      case IndexOp::Kind::kCreate: {
        HnswConfig config = log.config;
        config.level_seed = op.level_seed;
        shards[{op.node, op.shard}] = std::make_unique<Shard>(config);
        break;
      }
      case IndexOp::Kind::kUpsert:
        shards.at({op.node, op.shard})->upsert(op.id, &log.vectors[vector_cursor * dim]);
        vector_cursor += 1;
        break;
      case IndexOp::Kind::kRemove:
        shards.at({op.node, op.shard})->remove(op.id);
        break;
      case IndexOp::Kind::kSearch:
        shards.at({op.node, op.shard})->search(&log.queries[std::size_t{op.id} * dim], op.k, op.ef, hits);
        break;
      case IndexOp::Kind::kDestroyShard:
        shards.erase({op.node, op.shard});
        break;
      case IndexOp::Kind::kDestroyNode:
        for (auto it = shards.begin(); it != shards.end();) {
          it = it->first.first == op.node ? shards.erase(it) : std::next(it);
        }
        break;
    }
  }
  return seconds_since(start);
}

// A smoke run (--quick) times one round unless --rounds says otherwise: each round builds
// every index twice, and CI runs the smoke test on every push.
constexpr std::uint32_t kQuickRounds = 1;

struct Options {
  std::string path = kDefaultScenario;
  bool quick = false;
  std::uint32_t rounds = kDefaultRounds;
};

// Returns the exit code to stop with, or nothing to go on and measure.
std::optional<int> parse_options(int argc, char** argv, Options& options) {
  bool rounds_given = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      options.quick = true;
    } else if (std::strcmp(argv[i], "--help") == 0) {
      std::printf("usage: ringsim-bench-rag [SCENARIO.json] [--rounds N] [--quick]\n"
                  "  --rounds N   simulator/replay pairs timed, interleaved; the median [min, max]\n"
                  "               is shown (default %u; %u with --quick)\n"
                  "  --quick      simulate 3 s only, for a smoke test\n",
                  kDefaultRounds, kQuickRounds);
      return 0;
    } else if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
      const std::optional<std::uint32_t> rounds = parse_rounds(argv[++i]);
      if (!rounds) {
        std::fprintf(stderr, "ringsim-bench-rag: --rounds wants an integer in [1, %u]\n", kRoundsMax);
        return 2;
      }
      options.rounds = *rounds;
      rounds_given = true;
    } else {
      options.path = argv[i];
    }
  }
  if (options.quick && !rounds_given) options.rounds = kQuickRounds;
  return std::nullopt;
}

// Per round: the simulator's wall time with recall sampling off, the bare replay's, and
// their ratio.
struct OverheadRounds {
  std::vector<double> sim_s;
  std::vector<double> replay_s;
  std::vector<double> ratio;
};

OverheadRounds measure_overhead(const std::string& path, const std::vector<Override>& no_recall,
                                const IndexOpLog& log, std::uint32_t rounds) {
  OverheadRounds result;
  for (std::uint32_t round = 0; round < rounds; ++round) {
    const double sim_s = run_scenario(path, no_recall, nullptr).wall_s;
    const double replay_s = replay(log);
    result.sim_s.push_back(sim_s);
    result.replay_s.push_back(replay_s);
    result.ratio.push_back(sim_s / replay_s);
  }
  return result;
}

void print_report(const Options& options, const Timed& configured, double rss_bytes, const IndexOpLog& log,
                  const OverheadRounds& rounds) {
  std::size_t searches = 0;
  std::size_t upserts = 0;
  for (const IndexOp& op : log.ops) {
    searches += op.kind == IndexOp::Kind::kSearch;
    upserts += op.kind == IndexOp::Kind::kUpsert;
  }
  const double events = static_cast<double>(configured.summary.events);
  const double client_searches = configured.summary.find("search.count").value_or(0);
  std::printf("ringsim RAG benchmark: %s%s\n", options.path.c_str(), options.quick ? " (--quick: 3 s)" : "");
  print_build_info();
  std::printf("simulated %.1f s, %.0f events, %.0f client searches\n", configured.summary.sim_time_s, events,
              client_searches);
  std::printf("  run as configured        %8.2f s wall  %6.2f M events/s  %8.0f searches/s  recall %.4f\n",
              configured.wall_s, events / configured.wall_s / 1e6, client_searches / configured.wall_s,
              configured.summary.find("recall_at_k").value_or(0));
  std::printf("  rounds: %u, interleaved (run, replay, run, replay ...); median [min, max]:\n", options.rounds);
  std::printf("  run, recall sampling off %s s wall\n", format_spread(spread_of(rounds.sim_s), 2).c_str());
  std::printf("  bare hnswlib replay      %s s wall  (%zu shard searches, %zu inserts)\n",
              format_spread(spread_of(rounds.replay_s), 2).c_str(), searches, upserts);
  std::printf("  overhead ratio           %s  (target <= 1.15, median)\n",
              format_spread(spread_of(rounds.ratio), 3).c_str());
  std::printf("  peak RSS                 %8.1f MiB  index memory %.1f MiB  ratio %.2f (target <= 1.3)\n",
              rss_bytes / (1 << 20), configured.index_memory_bytes / (1 << 20),
              rss_bytes / configured.index_memory_bytes);
}

int main_with_exit_code(int argc, char** argv) {
  Options options;
  if (const std::optional<int> exit_code = parse_options(argc, argv, options)) return *exit_code;
  std::vector<Override> base;
  if (options.quick) base.push_back(parse_override(kQuickDuration));
  std::vector<Override> no_recall = base;
  no_recall.push_back(parse_override("/workload/recall_sample_rate=0"));
  try {
    const Timed configured = run_scenario(options.path, base, nullptr);
    // Read now: the peak of the configured run alone (the later runs also hold the op log).
    const double rss_bytes = peak_rss_bytes();
    IndexOpLog log;
    (void)run_scenario(options.path, no_recall, &log);
    const OverheadRounds rounds = measure_overhead(options.path, no_recall, log, options.rounds);
    print_report(options, configured, rss_bytes, log, rounds);
    return 0;
  } catch (const ConfigError& error) {
    std::fprintf(stderr, "ringsim-bench-rag: %s\n", error.what());
    return 2;
  }
}

}  // namespace
}  // namespace ringsim

int main(int argc, char** argv) { return ringsim::main_with_exit_code(argc, argv); }
