// ringsim-bench-rag: what the simulator costs on top of the HNSW work it simulates.
//
// Runs a vector scenario (default scenarios/rag_search.json) three times:
//   1. as configured, timed: the user-visible wall time, events/s, searches/s, peak RSS;
//   2. with recall sampling off, timed: the simulator proper (brute-force recall checks
//      are measurement, not simulation);
//   3. with recall sampling off, recording every index operation, untimed;
// then replays the recorded operations on bare hnswlib-backed shards (same configs, same
// order, no simulator) and times that. The overhead ratio is run 2 / replay.
//
// Wall time is read here only. Exit codes: 0 measured, 2 bad usage or scenario.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/build_info.h"
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
      case IndexOp::Kind::kDestroyNode:
        for (auto it = shards.begin(); it != shards.end();) {
          it = it->first.first == op.node ? shards.erase(it) : std::next(it);
        }
        break;
    }
  }
  return seconds_since(start);
}

int main_with_exit_code(int argc, char** argv) {
  std::string path = kDefaultScenario;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--help") == 0) {
      std::printf("usage: ringsim-bench-rag [SCENARIO.json] [--quick]\n");
      return 0;
    } else {
      path = argv[i];
    }
  }
  std::vector<Override> base;
  if (quick) base.push_back(parse_override(kQuickDuration));
  std::vector<Override> no_recall = base;
  no_recall.push_back(parse_override("/workload/recall_sample_rate=0"));
  try {
    const Timed configured = run_scenario(path, base, nullptr);
    const double rss_bytes = peak_rss_bytes();
    const Timed bare_sim = run_scenario(path, no_recall, nullptr);
    IndexOpLog log;
    (void)run_scenario(path, no_recall, &log);
    const double replay_s = replay(log);

    std::size_t searches = 0;
    std::size_t upserts = 0;
    for (const IndexOp& op : log.ops) {
      searches += op.kind == IndexOp::Kind::kSearch;
      upserts += op.kind == IndexOp::Kind::kUpsert;
    }
    const double events = static_cast<double>(configured.summary.events);
    const double client_searches = configured.summary.find("search.count").value_or(0);
    std::printf("ringsim RAG benchmark: %s%s\n", path.c_str(), quick ? " (--quick: 3 s)" : "");
    print_build_info();
    std::printf("simulated %.1f s, %.0f events, %.0f client searches\n", configured.summary.sim_time_s, events,
                client_searches);
    std::printf("  run as configured        %8.2f s wall  %6.2f M events/s  %8.0f searches/s  recall %.4f\n",
                configured.wall_s, events / configured.wall_s / 1e6, client_searches / configured.wall_s,
                configured.summary.find("recall_at_k").value_or(0));
    std::printf("  run, recall sampling off %8.2f s wall\n", bare_sim.wall_s);
    std::printf("  bare hnswlib replay      %8.2f s wall  (%zu shard searches, %zu inserts)\n", replay_s, searches,
                upserts);
    std::printf("  overhead ratio           %8.3f  (target <= 1.15)\n", bare_sim.wall_s / replay_s);
    std::printf("  peak RSS                 %8.1f MiB  index memory %.1f MiB  ratio %.2f (target <= 1.3)\n",
                rss_bytes / (1 << 20), configured.index_memory_bytes / (1 << 20),
                rss_bytes / configured.index_memory_bytes);
    return 0;
  } catch (const ConfigError& error) {
    std::fprintf(stderr, "ringsim-bench-rag: %s\n", error.what());
    return 2;
  }
}

}  // namespace
}  // namespace ringsim

int main(int argc, char** argv) { return ringsim::main_with_exit_code(argc, argv); }
