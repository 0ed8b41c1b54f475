#include "workloads/trace_arrivals.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "sim/file_check.h"
#include "sim/assert.h"
#include "sim/config_error.h"

namespace ringsim {

namespace {

constexpr double kTraceTimeSMax = 1e9;
constexpr double kScaleMax = 1e6;
constexpr double kTraceRateQpsMax = 1e8;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

bool parse_number(std::string_view text, double& value) {
  text = trim(text);
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

// Reads the file's rows into `trace` (kind from the header), unscaled; errors name file:line.
void parse_trace_file(const std::string& path, const std::string& pointer, ArrivalTrace& trace) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) throw ConfigError(path, pointer, "cannot read the trace file");
  if (size > kTraceBytesMax) {
    throw ConfigError(path, pointer, "trace file is " + std::to_string(size) + " bytes; at most " +
                                         std::to_string(kTraceBytesMax) + " are accepted");
  }
  std::ifstream in(path);
  if (!in) throw ConfigError(path, pointer, "cannot open the trace file");
  std::string line;
  std::size_t line_number = 0;
  bool have_header = false;
  const auto fail = [&](const std::string& message) {
    throw ConfigError(path + ":" + std::to_string(line_number), pointer, message);
  };
  while (std::getline(in, line)) {
    ++line_number;
    const std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    if (!have_header) {
      if (text == "time_s") {
        trace.kind = ArrivalTrace::Kind::kTimestamps;
      } else if (text == "time_s,rate_qps") {
        trace.kind = ArrivalTrace::Kind::kRates;
      } else {
        fail("expected a header line \"time_s\" (request timestamps) or \"time_s,rate_qps\" (rates), got \"" +
             std::string(text) + "\"");
      }
      have_header = true;
      continue;
    }
    if (trace.times_ns.size() >= kTraceRowsMax) fail("more than " + std::to_string(kTraceRowsMax) + " rows");
    const bool rates = trace.kind == ArrivalTrace::Kind::kRates;
    const std::size_t comma = text.find(',');
    double time_s = 0;
    double rate = 0;
    if (rates != (comma != std::string_view::npos) ||
        !parse_number(rates ? text.substr(0, comma) : text, time_s) ||
        (rates && !parse_number(text.substr(comma + 1), rate))) {
      fail(rates ? "expected \"time_s,rate_qps\" (two numbers), got \"" + std::string(text) + "\""
                 : "expected one number (time_s), got \"" + std::string(text) + "\"");
    }
    if (std::abs(time_s) > kTraceTimeSMax) fail("time_s must lie within +-1e9 s");
    if (rates && (rate < 0 || rate > kTraceRateQpsMax)) fail("rate_qps must lie in [0, 1e8]");
    if (!trace.times_ns.empty()) {
      const double previous_s = trace.times_ns.back() / static_cast<double>(kNsPerS);
      if (rates ? time_s <= previous_s : time_s < previous_s) {
        fail(rates ? "time_s must increase from row to row" : "time_s must not decrease from row to row");
      }
    }
    // Kept in absolute seconds x 1e9 for now; made relative and scaled by the caller.
    trace.times_ns.push_back(static_cast<TimeNs>(std::llround(time_s * static_cast<double>(kNsPerS))));
    if (rates) trace.rates_qps.push_back(rate);
  }
  if (!have_header) throw ConfigError(path, pointer, "the trace file is empty (no header line)");
  const std::size_t rows_min = trace.kind == ArrivalTrace::Kind::kTimestamps ? 2 : 1;
  if (trace.times_ns.size() < rows_min) {
    throw ConfigError(path, pointer, "a trace needs at least " + std::to_string(rows_min) + " rows");
  }
}

// Offsets from the first row, time_scale and rate_scale, the pass length and the rates.
void finish_trace(ArrivalTrace& trace, double time_scale, double rate_scale, const std::string& pointer) {
  const TimeNs first_ns = trace.times_ns.front();
  // After time_scale an offset must still be a virtual time well inside the horizon (a
  // 1e9 s trace x 1e6 overflowed), and rows of a rate trace must stay apart (a tiny scale
  // rounded them onto one instant: a pass of length 0 and a NaN rate).
  const double offset_ns_max = static_cast<double>(kTimeNsMax) / 4;
  TimeNs previous_ns = -1;
  for (TimeNs& time_ns : trace.times_ns) {
    const double scaled_ns = static_cast<double>(time_ns - first_ns) * time_scale;
    if (!(scaled_ns <= offset_ns_max)) {
      throw ConfigError(trace.path, pointer,
                        "after time_scale the trace spans more than " +
                            std::to_string(static_cast<long long>(offset_ns_max / kNsPerS)) +
                            " s of virtual time (lower time_scale)");
    }
    time_ns = static_cast<TimeNs>(std::llround(scaled_ns));
    if (trace.kind == ArrivalTrace::Kind::kRates && time_ns <= previous_ns) {
      throw ConfigError(trace.path, pointer,
                        "after time_scale two rows fall on the same nanosecond (raise time_scale)");
    }
    previous_ns = time_ns;
  }
  for (double& rate : trace.rates_qps) rate *= rate_scale;
  const std::size_t rows = trace.times_ns.size();
  if (trace.kind == ArrivalTrace::Kind::kTimestamps) {
    const TimeNs span_ns = trace.times_ns.back();
    trace.period_ns = span_ns + span_ns / static_cast<TimeNs>(rows - 1);
    if (trace.period_ns <= 0) throw ConfigError(trace.path, pointer, "every timestamp is the same: no replay length");
    trace.mean_rate_qps = static_cast<double>(rows) / ns_to_s(trace.period_ns);
    trace.peak_rate_qps = trace.mean_rate_qps;
    if (!(trace.mean_rate_qps > 0) || !std::isfinite(trace.mean_rate_qps)) {
      throw ConfigError(trace.path, pointer, "after time_scale the mean rate is not a positive number");
    }
    return;
  }
  const TimeNs last_interval_ns = rows > 1 ? trace.times_ns[rows - 1] - trace.times_ns[rows - 2] : kNsPerS;
  trace.period_ns = trace.times_ns.back() + last_interval_ns;
  double arrivals = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    const TimeNs end_ns = i + 1 < rows ? trace.times_ns[i + 1] : trace.period_ns;
    arrivals += trace.rates_qps[i] * ns_to_s(end_ns - trace.times_ns[i]);
    trace.peak_rate_qps = std::max(trace.peak_rate_qps, trace.rates_qps[i]);
  }
  if (trace.peak_rate_qps <= 0) throw ConfigError(trace.path, pointer, "every rate_qps is 0: no request would arrive");
  trace.mean_rate_qps = arrivals / ns_to_s(trace.period_ns);
  if (!(trace.mean_rate_qps > 0) || !std::isfinite(trace.mean_rate_qps) || !std::isfinite(trace.peak_rate_qps)) {
    throw ConfigError(trace.path, pointer, "after time_scale and rate_scale the mean rate is not a positive number");
  }
}

}  // namespace

std::shared_ptr<const ArrivalTrace> read_trace_arrivals(ObjectReader& reader) {
  auto trace = std::make_shared<ArrivalTrace>();
  const std::string file = reader.required_string("file");
  const std::filesystem::path given(file);
  // Relative to the scenario file, like data.vectors.fvecs_file.
  trace->path = given.is_absolute() ? file : (std::filesystem::path(reader.file()).parent_path() / given).string();
  const double time_scale = reader.optional_number("time_scale", NumberRange::positive(kScaleMax), 1);
  const double rate_scale = reader.optional_number("rate_scale", NumberRange::positive(kScaleMax), 1);
  trace->loop = reader.optional_bool("loop", false);
  const std::string pointer = reader.pointer_of("file");
  if (const auto problem = regular_file_problem(trace->path)) reader.fail("file", *problem + ": " + trace->path);
  parse_trace_file(trace->path, pointer, *trace);
  if (trace->kind == ArrivalTrace::Kind::kTimestamps && rate_scale != 1) {
    reader.fail("rate_scale", "a trace of timestamps is replayed as recorded; rate_scale applies to rate traces");
  }
  finish_trace(*trace, time_scale, rate_scale, pointer);
  return trace;
}

TimeNs TraceCursor::next_gap_ns(TimeNs now_ns, double rate_factor, Rng& rng) {
  const TimeNs gap_ns = trace_->kind == ArrivalTrace::Kind::kTimestamps ? next_timestamp_gap_ns(now_ns)
                                                                         : next_rate_gap_ns(now_ns, rate_factor, rng);
  return std::clamp<TimeNs>(gap_ns, 1, std::max<TimeNs>(1, kTimeNsMax - now_ns));
}

TimeNs TraceCursor::next_timestamp_gap_ns(TimeNs now_ns) {
  if (next_row_ == trace_->times_ns.size()) {
    if (!trace_->loop) return kTimeNsMax;
    next_row_ = 0;
    pass_start_ns_ += trace_->period_ns;
  }
  const TimeNs at_ns = pass_start_ns_ + trace_->times_ns[next_row_++];
  return at_ns - now_ns;
}

// Exact sampling of a Poisson process with a piecewise-constant rate: the next arrival is
// where the integrated rate since now reaches an Exp(1) draw.
TimeNs TraceCursor::next_rate_gap_ns(TimeNs now_ns, double rate_factor, Rng& rng) {
  const ArrivalTrace& trace = *trace_;
  double remaining = rng.next_exponential(1.0);
  const TimeNs pass = now_ns / trace.period_ns;
  if (pass > 0 && !trace.loop) return kTimeNsMax;
  TimeNs pass_start_ns = pass * trace.period_ns;
  TimeNs at_ns = now_ns - pass_start_ns;
  auto row = static_cast<std::size_t>(std::upper_bound(trace.times_ns.begin(), trace.times_ns.end(), at_ns) -
                                      trace.times_ns.begin() - 1);
  for (;;) {
    const TimeNs end_ns = row + 1 < trace.times_ns.size() ? trace.times_ns[row + 1] : trace.period_ns;
    const double rate = trace.rates_qps[row] * rate_factor;
    const double span_s = ns_to_s(end_ns - at_ns);
    if (rate > 0 && rate * span_s >= remaining) {
      const double offset_ns = remaining / rate * static_cast<double>(kNsPerS);
      return pass_start_ns + at_ns + static_cast<TimeNs>(std::llround(offset_ns)) - now_ns;
    }
    remaining -= rate * span_s;
    at_ns = end_ns;
    if (++row == trace.times_ns.size()) {
      if (!trace.loop) return kTimeNsMax;
      row = 0;
      at_ns = 0;
      pass_start_ns += trace.period_ns;
      if (pass_start_ns >= kTimeNsMax) return kTimeNsMax;
    }
  }
}

double TraceCursor::rate_at(TimeNs time_ns) const {
  const ArrivalTrace& trace = *trace_;
  if (trace.kind == ArrivalTrace::Kind::kTimestamps) return trace.mean_rate_qps;
  if (time_ns >= trace.period_ns && !trace.loop) return 0;
  const TimeNs at_ns = time_ns % trace.period_ns;
  const auto row = std::upper_bound(trace.times_ns.begin(), trace.times_ns.end(), at_ns) - trace.times_ns.begin() - 1;
  return trace.rates_qps[static_cast<std::size_t>(row)];
}

}  // namespace ringsim
