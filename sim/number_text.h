// Numbers as text for people: every rule that turns a double into short text, in one place.
// Each rule is named for where it is used; the outputs of all of them are pinned by goldens
// or tests, so a rule changes only on purpose.
//
// - format_significant(value, digits): printf's "%.<digits>g" (at most `digits` significant
//   digits, trailing zeros dropped, exponent form outside 1e-5 .. 1e<digits>: "0.25",
//   "9000", "1e+06", "inf", "nan"). With 6 digits it equals a default-formatted std::ostream
//   (libstdc++ formats through the same "%.*g"), which error messages, changes labels and
//   DAG failure reasons are written with. The GUI's latency readout uses 3 digits.
// - format_count / format_number: the console's tables (cli/) and JSON-facing text. A whole
//   number (a count: events, keys, requests) prints as an integer with thousands separators,
//   1,080,158, never in exponent form; other values with 4 significant digits below 1000
//   (0.7996, 23.04) and one decimal with separators above (66,666.7).
// - format_table_number: the HTML report's tables and labels (cli/report/): whole numbers
//   and anything >= 1000 without decimals, with thousands separators ("22,222", not
//   "2.222e+04" or "22222"), others with 4 significant digits; "-" for a missing value.
// - format_bytes: a byte count in the reports and the estimate's messages, in binary units
//   with one decimal: 274,743,296 -> "262.0 MiB", 859,584 -> "839.4 KiB", 1,024 -> "1.0 KiB";
//   below 1 KiB "512 B"; "-" when not finite. (The GUI keeps decimal kB/MB: viz/format.h.)
// - Latency percentiles (p50_ms ... p999_ms) are bucket midpoints of a LatencyHistogram,
//   whose buckets are at most 1/128 (0.78 %) of their lower bound wide: only
//   kQuantileSignificantDigits (3) significant digits are real. round_quantile rounds to
//   them (52.297727 -> 52.3) wherever a percentile is written (summary.json, the console,
//   timeseries.csv, merged.csv/json, the reports); format_quantile prints that rounded value
//   without exponent form: 0.834, 1.53, 51.0, 803, 6110.
#pragma once

#include <string>

namespace ringsim {

std::string format_significant(double value, int digits = 6);

// Finite and integral within +-2^53 (where a double holds every integer exactly).
bool is_whole_number(double value);
std::string format_count(long long value);  // "1,080,158"
std::string format_number(double value);    // the console's rule above
std::string format_table_number(double value);  // the report's rule above
std::string format_bytes(double bytes);         // "262.0 MiB"

inline constexpr int kQuantileSignificantDigits = 3;
double round_significant(double value, int digits);  // Non-finite values unchanged.
inline double round_quantile(double value) { return round_significant(value, kQuantileSignificantDigits); }
std::string format_quantile(double value);  // "-" when not finite
// A metric that is a histogram percentile: "p99_ms", "search.p99_ms", "hot_node_p99_ms",
// "dag.migration.makespan.p50_ms" (a "p" and digits then "_ms", after a '.' or '_' or at the
// start). max_ms and mean_ms are exact, not bucketed.
bool is_bucketed_quantile(const std::string& name);

}  // namespace ringsim
