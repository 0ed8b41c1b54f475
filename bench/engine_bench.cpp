// ringsim-bench-engine: throughput of the raw event engine under the classic "hold" model,
// next to a bare std::priority_queue loop doing the same work.
//
// Hold model: fill the pending set with `size` events at random times, then repeatedly
// take the earliest event and schedule one at now + an exponential increment. The queue
// size stays constant, so each size measures the engine at one heap depth.
//
// Each size is measured in rounds (default 5, --rounds N): engine, bare, engine, bare ...,
// each run from a fresh queue; the table shows the median with [min, max] over the rounds
// for each side's rate and for the per-round time ratio (bench/round_stats.h says why).
//
// Contract:
// - Both variants draw every increment from the same seeded Rng inside the timed loop
//   and break ties by insertion order, so they execute the same event sequence; the
//   benchmark checks that their final virtual times agree and exits 1 if they do not.
// - A missed throughput target is a measurement, not a failure: the exit code stays 0.
// - Wall time is read here (steady_clock) and only here; the engine never sees it.
//
// Exit codes: 0 measured; 1 the variants disagreed (an ordering bug); 2 bad usage.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <queue>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/event.h"
#include "sim/event_queue.h"
#include "sim/random.h"
#include "sim/simulator.h"
#include "sim/time.h"
#include "sim/trace.h"

#include "bench/build_info.h"
#include "bench/round_stats.h"

namespace ringsim {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitMismatch = 1;
constexpr int kExitUsage = 2;

// Sized so the default run (4 sizes x 2 variants x 5 rounds, plus fills and warm-ups) takes
// about a minute on an idle 2-core machine; 10 M events keep each timing near a second.
constexpr std::uint64_t kDefaultEvents = 10'000'000;
constexpr std::uint64_t kQuickEvents = 100'000;
const std::vector<std::uint64_t> kDefaultSizes = {1'000, 10'000, 100'000, 1'000'000};
const std::vector<std::uint64_t> kQuickSizes = {1'000, 10'000};

// A literal seed: the trace hash printed per size must be the same on every run.
constexpr std::uint64_t kSeed = 0x5eed'0000'0000'0001ULL;
constexpr double kMeanIncrementNs = static_cast<double>(kNsPerUs);

// Warm-up runs at least one full turnover of the queue (so the heap's time distribution
// reaches the hold model's steady state and the slab is fully grown), and at least this
// fraction of the timed count (so small queues still warm caches and CPU clocks).
constexpr std::uint64_t kWarmupDivisor = 10;

// The target: >= 10 M events/s per core, within 1.3x of the bare loop's time.
constexpr double kTargetEventsPerSecond = 10e6;
constexpr double kTargetRatioMax = 1.3;

constexpr EventKind kKindHold = 0;
constexpr double kEventsPerMillion = 1e6;

TimeNs draw_increment_ns(Rng& rng) {
  return static_cast<TimeNs>(rng.next_exponential(kMeanIncrementNs));
}

std::uint64_t warmup_events(std::uint64_t size, std::uint64_t events) {
  return std::max(size, events / kWarmupDivisor);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct CaseResult {
  double seconds = 0;
  TimeNs final_time_ns = 0;
  std::uint64_t trace_hash = 0;  // Engine only.
};

// Each hold event schedules its successor; the Rng lives here so drawing the increment is
// part of the per-event work, as in the bare loop.
class HoldHandler final : public EventHandler {
 public:
  explicit HoldHandler(std::uint64_t seed) : rng_(seed) {}

  void set_id(HandlerId id) { id_ = id; }
  Rng& rng() { return rng_; }

  void handle_event(Simulator& simulator, const Event& /*event*/) override {
    simulator.schedule_after(draw_increment_ns(rng_), id_, kKindHold);
  }
  const char* handler_name() const override { return "hold"; }
  const char* event_kind_name(EventKind /*kind*/) const override { return "hold"; }

 private:
  Rng rng_;
  HandlerId id_ = 0;
};

CaseResult run_engine(std::uint64_t size, std::uint64_t events) {
  Simulator simulator;
  HoldHandler handler(kSeed);
  const HandlerId hold_id = simulator.add_handler(handler);
  handler.set_id(hold_id);
  // Initial times come from the increment distribution, as in the classic hold model.
  for (std::uint64_t i = 0; i < size; ++i) {
    simulator.schedule_at(draw_increment_ns(handler.rng()), hold_id, kKindHold);
  }
  const std::uint64_t warmup = warmup_events(size, events);
  if (simulator.run_events(warmup) != warmup) return {};

  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t executed = simulator.run_events(events);
  const double seconds = seconds_since(start);
  if (executed != events) return {};
  return CaseResult{seconds, simulator.now_ns(), simulator.trace_hash()};
}

struct BareEntry {
  TimeNs time_ns;
  std::uint64_t seq;
};

// Min-heap on (time, seq): std::priority_queue keeps the greatest on top.
struct BareLater {
  bool operator()(const BareEntry& a, const BareEntry& b) const {
    return a.time_ns > b.time_ns || (a.time_ns == b.time_ns && a.seq > b.seq);
  }
};

using BareQueue = std::priority_queue<BareEntry, std::vector<BareEntry>, BareLater>;

// The engine's loop with everything but the heap and the Rng stripped away.
TimeNs run_bare_events(BareQueue& queue, Rng& rng, std::uint64_t& next_seq, TimeNs now_ns,
                       std::uint64_t events) {
  for (std::uint64_t i = 0; i < events; ++i) {
    now_ns = queue.top().time_ns;
    queue.pop();
    queue.push(BareEntry{now_ns + draw_increment_ns(rng), next_seq++});
  }
  return now_ns;
}

CaseResult run_bare(std::uint64_t size, std::uint64_t events) {
  Rng rng(kSeed);
  std::vector<BareEntry> storage;
  storage.reserve(size);
  BareQueue queue(BareLater{}, std::move(storage));
  std::uint64_t next_seq = 0;
  for (std::uint64_t i = 0; i < size; ++i) {
    queue.push(BareEntry{draw_increment_ns(rng), next_seq++});
  }
  TimeNs now_ns = run_bare_events(queue, rng, next_seq, 0, warmup_events(size, events));

  const auto start = std::chrono::steady_clock::now();
  now_ns = run_bare_events(queue, rng, next_seq, now_ns, events);
  const double seconds = seconds_since(start);
  return CaseResult{seconds, now_ns, 0};
}

struct Options {
  std::uint64_t events = kDefaultEvents;
  std::vector<std::uint64_t> sizes = kDefaultSizes;
  std::uint32_t rounds = kDefaultRounds;
};

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: ringsim-bench-engine [--events N] [--sizes S1,S2,...] [--rounds N] [--quick] [--help]\n"
               "  --events N   events timed per case (default %llu)\n"
               "  --sizes L    pending-queue sizes, comma-separated\n"
               "               (default 1000,10000,100000,1000000)\n"
               "  --rounds N   engine/bare pairs timed per size, interleaved; the median\n"
               "               [min, max] is shown (default %u)\n"
               "  --quick      small run for a smoke test (%llu events; sizes 1000,10000)\n",
               static_cast<unsigned long long>(kDefaultEvents), kDefaultRounds,
               static_cast<unsigned long long>(kQuickEvents));
}

std::optional<std::uint64_t> parse_positive(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value == 0) return std::nullopt;
  return value;
}

std::optional<std::vector<std::uint64_t>> parse_sizes(std::string_view text) {
  std::vector<std::uint64_t> sizes;
  for (;;) {
    const std::size_t comma = text.find(',');
    const std::optional<std::uint64_t> size = parse_positive(text.substr(0, comma));
    if (!size || *size > EventQueue::kPendingEventsMax) return std::nullopt;
    sizes.push_back(*size);
    if (comma == std::string_view::npos) return sizes;
    text.remove_prefix(comma + 1);
  }
}

// Returns the exit code to stop with, or nothing to go on and measure.
std::optional<int> parse_options(int argc, char** argv, Options& options) {
  bool quick = false;
  bool events_given = false;
  bool sizes_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      return kExitOk;
    } else if (arg == "--quick") {
      quick = true;
    } else if (arg == "--events" && has_value) {
      const std::optional<std::uint64_t> events = parse_positive(argv[++i]);
      if (!events) {
        std::fprintf(stderr, "ringsim-bench-engine: --events wants a positive integer\n");
        return kExitUsage;
      }
      options.events = *events;
      events_given = true;
    } else if (arg == "--sizes" && has_value) {
      std::optional<std::vector<std::uint64_t>> sizes = parse_sizes(argv[++i]);
      if (!sizes) {
        std::fprintf(stderr, "ringsim-bench-engine: --sizes wants positive integers <= %llu, "
                             "comma-separated\n",
                     static_cast<unsigned long long>(EventQueue::kPendingEventsMax));
        return kExitUsage;
      }
      options.sizes = std::move(*sizes);
      sizes_given = true;
    } else if (arg == "--rounds" && has_value) {
      const std::optional<std::uint32_t> rounds = parse_rounds(argv[++i]);
      if (!rounds) {
        std::fprintf(stderr, "ringsim-bench-engine: --rounds wants an integer in [1, %u]\n", kRoundsMax);
        return kExitUsage;
      }
      options.rounds = *rounds;
    } else {
      std::fprintf(stderr, "ringsim-bench-engine: bad argument '%s'\n", argv[i]);
      print_usage(stderr);
      return kExitUsage;
    }
  }
  // Explicit --events/--sizes win over --quick, whatever the order.
  if (quick && !events_given) options.events = kQuickEvents;
  if (quick && !sizes_given) options.sizes = kQuickSizes;
  return std::nullopt;
}

// One size's rounds: per round the engine's and the bare loop's event rates and the
// engine/bare time ratio.
struct SizeRounds {
  std::vector<double> engine_rate;
  std::vector<double> bare_rate;
  std::vector<double> ratio;
  std::uint64_t trace_hash = 0;
};

// Interleaves the two sides, engine first in every round. Returns nullopt (after saying
// why on stderr) when a round's engine and bare loop disagree.
std::optional<SizeRounds> measure_size(std::uint64_t size, const Options& options) {
  SizeRounds rounds;
  const double events = static_cast<double>(options.events);
  for (std::uint32_t round = 0; round < options.rounds; ++round) {
    const CaseResult engine = run_engine(size, options.events);
    const CaseResult bare = run_bare(size, options.events);
    if (engine.seconds == 0 || engine.final_time_ns != bare.final_time_ns) {
      std::fprintf(stderr,
                   "ringsim-bench-engine: size %llu: engine and bare loop diverged (final time "
                   "%lld ns vs %lld ns)\n",
                   static_cast<unsigned long long>(size), static_cast<long long>(engine.final_time_ns),
                   static_cast<long long>(bare.final_time_ns));
      return std::nullopt;
    }
    rounds.engine_rate.push_back(events / engine.seconds);
    rounds.bare_rate.push_back(events / bare.seconds);
    rounds.ratio.push_back(engine.seconds / bare.seconds);  // == bare_rate / engine_rate
    rounds.trace_hash = engine.trace_hash;
  }
  return rounds;
}

void print_size_row(std::uint64_t size, const SizeRounds& rounds) {
  const Spread engine = spread_of(rounds.engine_rate);
  const Spread bare = spread_of(rounds.bare_rate);
  const Spread ratio = spread_of(rounds.ratio);
  // Judged on the medians: one slow round on a shared machine is not a regression.
  const bool rate_ok = engine.median >= kTargetEventsPerSecond;
  const bool ratio_ok = ratio.median <= kTargetRatioMax;
  const char* verdict = rate_ok && ratio_ok     ? "met"
                        : !rate_ok && !ratio_ok ? "MISSED (rate, ratio)"
                        : !rate_ok              ? "MISSED (rate)"
                                                : "MISSED (ratio)";
  const auto in_millions = [](Spread spread) {
    return Spread{spread.median / kEventsPerMillion, spread.min / kEventsPerMillion, spread.max / kEventsPerMillion};
  };
  std::printf("%10llu  %-22s  %-22s  %-19s  %-16s  %s\n", static_cast<unsigned long long>(size),
              format_spread(in_millions(engine), 2).c_str(), format_spread(in_millions(bare), 2).c_str(),
              format_spread(ratio, 2).c_str(), format_trace_hash(rounds.trace_hash).c_str(), verdict);
  std::fflush(stdout);
}

int run(int argc, char** argv) {
  Options options;
  if (const std::optional<int> exit_code = parse_options(argc, argv, options)) return *exit_code;

  std::printf("ringsim engine benchmark: hold model, exponential increments (mean %.0f ns)\n",
              kMeanIncrementNs);
  print_build_info();
  std::printf("events timed per case: %llu (after a warm-up of max(size, events/%llu))\n",
              static_cast<unsigned long long>(options.events),
              static_cast<unsigned long long>(kWarmupDivisor));
  std::printf("rounds per size: %u, interleaved (engine, bare, engine, bare ...); median [min, max]\n",
              options.rounds);
  std::printf("target: engine >= %.0f M events/s and engine/bare time <= %.2f (medians)\n\n",
              kTargetEventsPerSecond / kEventsPerMillion, kTargetRatioMax);
  std::printf("%10s  %-22s  %-22s  %-19s  %-16s  %s\n", "size", "engine Mev/s", "bare Mev/s", "engine/bare",
              "trace_hash", "target");
  std::fflush(stdout);

  int exit_code = kExitOk;
  for (const std::uint64_t size : options.sizes) {
    const std::optional<SizeRounds> rounds = measure_size(size, options);
    if (!rounds) {
      exit_code = kExitMismatch;
      continue;
    }
    print_size_row(size, *rounds);
  }
  return exit_code;
}

}  // namespace
}  // namespace ringsim

int main(int argc, char** argv) { return ringsim::run(argc, argv); }
