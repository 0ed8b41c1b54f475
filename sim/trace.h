// The run's fingerprint and its optional event log.
//
// Every executed event folds (time, handler, kind, args) into a 64-bit rolling hash, in
// execution order. Two runs with equal hashes executed the same events at the same virtual
// times in the same order; the hash is what determinism tests and CI replays compare. The
// insertion sequence number is left out on purpose: it counts events scheduled but not yet
// run (e.g. the next window tick), so two runs cut at the same time by different end times
// would otherwise differ although they executed the same events.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "sim/event.h"

namespace ringsim {

class TraceHash {
 public:
  void fold(const Event& event) {
    fold_word(static_cast<std::uint64_t>(event.time_ns));
    fold_word((std::uint64_t{event.handler} << 32) | event.kind);
    fold_word(event.arg0);
    fold_word(event.arg1);
  }
  std::uint64_t value() const { return state_; }

 private:
  void fold_word(std::uint64_t word) {
    // Multiply-xorshift mixing (MurmurHash3 finaliser constant): cheap, and every input
    // bit affects every output bit after a couple of words.
    state_ = (state_ ^ word) * 0xff51afd7ed558ccdULL;
    state_ ^= state_ >> 32;
  }
  std::uint64_t state_ = 0xcbf29ce484222325ULL;  // FNV offset basis; any nonzero start.
};

// 16 lowercase hex digits, the form used in summaries and logs.
std::string format_trace_hash(std::uint64_t hash);

// Receives every executed event (after it is folded into the hash).
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void on_event(const Event& event, const EventHandler& handler) = 0;
};

// Forwards every event to several sinks in order (null entries are skipped), so a run
// can be traced, digested and exported at once through the simulator's one sink.
class TraceTee final : public TraceSink {
 public:
  explicit TraceTee(std::vector<TraceSink*> sinks) : sinks_(std::move(sinks)) {}
  void on_event(const Event& event, const EventHandler& handler) override {
    for (TraceSink* sink : sinks_) {
      if (sink != nullptr) sink->on_event(event, handler);
    }
  }

 private:
  std::vector<TraceSink*> sinks_;
};

// Writes one JSON object per line: {"t_ns":..,"seq":..,"handler":"..","kind":"..","a":..,"b":..}
class JsonLinesTraceWriter final : public TraceSink {
 public:
  explicit JsonLinesTraceWriter(std::ostream& out) : out_(out) {}
  void on_event(const Event& event, const EventHandler& handler) override;

 private:
  std::ostream& out_;
};

}  // namespace ringsim
