// What a run will cost, computed from the validated scenario before anything is built:
// memory by term (vectors, HNSW graphs per shard replica, per-key state, time series,
// requests and queued jobs in flight, migration bookkeeping) and the expected number of
// events by term (requests, heartbeats, windows, migration chunks, pipeline runs).
//
// Units: bytes and events. Each term names the scenario key (a JSON pointer) that
// changes it most, so a refusal can say what to change. The estimate is an expectation,
// not a bound: ctest estimate.<scenario> (tests/estimate_scenarios.py) holds it within
// 1.5x of the executed events and 2x of the peak RSS of `ringsim run` for every shipped
// scenario (measured: 1.23x and 1.29x at worst, docs/hardening.md), and
// tests/estimate_test.cpp for a few scaled-up ones.
//
// Sources of the formulas: memory coefficients are peak RSS measured per term (the
// baseline from `ringsim --version` and a 1 s run, per key from 2 M keys, per series
// point from a 1 ms window); HNSW from hnswlib's layout (index/hnsw_layout.h). Events
// per request are the events the model schedules per operation (read off the code and
// counted in traces, run/estimate_events.cpp's header), times the arrivals: the mean rate
// integrated over the run (set_rate stretches, a burst schedule's duty, a trace's rows);
// heartbeats are node-seconds / heartbeat_ms; a retry storm (unlimited retries, a stretch
// over the cores' capacity) makes each request use all its attempts. Queued jobs are the
// fluid backlog of overloaded stretches; requests in flight follow Little's law.
//
// Limits: check_run_estimate() refuses (ConfigError naming the dominant term's pointer and
// the limit) a run whose memory exceeds the caller's budget or whose events exceed
// kEventsPerRunMax, and a migration whose derived per-task cost would pass the DAG limit
// (kDagDurationNsMax) for the scenario's whole data set. The budget comes from the caller
// (cli/ reads the machine's physical memory; the core never does).
#pragma once

#include <string>
#include <vector>

#include "run/scenario.h"
#include "sim/number_text.h"  // format_bytes, used with the estimate's figures

namespace ringsim {

// The binary's own pages before a model is built: `ringsim --version` peaks at 12.0 MiB
// RSS, `ringsim run` of mm1 for 1 s at 13.0 MiB (shared libraries, static tables,
// allocator arenas); every estimate starts from it.
inline constexpr double kEstimateBaselineBytes = 13.6e6;

// Events one run may execute: about an hour of wall time at the engine's few million
// events per second (bench/engine_bench.cpp).
inline constexpr double kEventsPerRunMax = 1e10;
// Points of all time series together (series x windows; per-node series grow with the
// node count): 2.4 GB at most.
inline constexpr double kSeriesPointsMax = 1e8;

struct EstimateTerm {
  std::string what;     // "vectors (keys x dim x 4 B)"
  std::string pointer;  // The key to change, e.g. "/data/keys".
  double amount = 0;    // Bytes or events.
};

struct RunEstimate {
  std::vector<EstimateTerm> memory;  // Bytes.
  std::vector<EstimateTerm> events;  // Events.
  double series_points = 0;          // Series x windows.
  double pending_events = 0;         // Events pending at once at the worst (the engine's limit).

  double memory_bytes() const;
  double event_count() const;
  // The largest term (memory or events); the first when several tie.
  const EstimateTerm& dominant_memory() const;
  const EstimateTerm& dominant_events() const;
};

RunEstimate estimate_run(const Scenario& scenario);

// Throws ConfigError when the run would exceed `memory_budget_bytes` or kEventsPerRunMax,
// could hold more events pending at once than the engine's queue allows
// (EventQueue::kPendingEventsMax; the run would abort mid-way), or when a migration task's
// derived cost would pass the DAG limit.
void check_run_estimate(const Scenario& scenario, const RunEstimate& estimate, double memory_budget_bytes);

// "memory 1.2 GiB (vectors 800 MiB, ...); events 3.4e+08 (requests ...)" for validate.
std::string describe_estimate(const RunEstimate& estimate);

}  // namespace ringsim
