// The metric comparison of a golden report (cli/golden_report.h): each metric's golden and
// actual value in one formatting, and the rows as a table whose columns line up.
//
// Values (issue #28, trial 8/10): both sides of a row print with the same number of
// decimals, and as summary.json shows them: a percentile (p50_ms ... p999_ms, bucketed:
// sim/number_text.h) rounded to its 3 real significant digits, as summary.json writes it
// (3.351 -> "3.35"), other values with 4 significant digits, counts as integers with
// thousands separators, no samples as "-". Two values that differ never read alike: the
// decimals grow on both sides until they do (0.1 -> 0.1000001 shows "0.1000000 -> 0.1000001").
//
// Table: metric | golden | -> | this run | change [| limit | result], a header row before
// the first row, every column as wide as its widest cell, numbers right-aligned; lines
// between rows (headings, "  ... 3 more") print as given, unindented, and set no widths.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ringsim {

// "golden" and "this run" text of one metric, formatted alike (rules above).
std::pair<std::string, std::string> comparison_values(const std::string& metric, double expected, double actual);

class ComparisonTable {
 public:
  // `with_limit`: the limit and result columns (tolerance mode).
  explicit ComparisonTable(bool with_limit) : with_limit_(with_limit) {}

  void add_row(const std::string& metric, double expected, double actual, const std::string& change,
               const std::string& limit = "", const std::string& result = "");
  void add_line(const std::string& line);  // printed as is, not indented

  // Every row (prefixed by `indent`) and line, each ending in '\n'.
  std::string render(const std::string& indent) const;

 private:
  struct Entry {
    std::vector<std::string> cells;  // empty: `line`
    std::string line;
  };
  void add_header();

  bool with_limit_;
  bool header_added_ = false;
  std::vector<Entry> entries_;
};

}  // namespace ringsim
