#include "cli/report/wide_csv.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <map>

namespace ringsim::report {
namespace {

// Quotes a header cell when it holds a comma or a quote (RFC 4180).
std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

void write_wide_csv(std::ostream& out, const SeriesTable& table) {
  std::vector<double> times;
  for (const auto& [name, series] : table.by_name) times.insert(times.end(), series.time_s.begin(), series.time_s.end());
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  out << "time_s";
  for (const std::string& name : table.names) out << ',' << csv_cell(name);
  out << '\n';
  out << std::setprecision(std::numeric_limits<double>::max_digits10 - 2);
  std::vector<std::size_t> cursor(table.names.size(), 0);
  for (const double time_s : times) {
    out << time_s;
    for (std::size_t column = 0; column < table.names.size(); ++column) {
      const Series& series = table.by_name.at(table.names[column]);
      out << ',';
      std::size_t& i = cursor[column];
      while (i < series.time_s.size() && series.time_s[i] < time_s) i += 1;
      // No value (NaN): an empty cell, as for a window the series has no row for.
      if (i < series.time_s.size() && series.time_s[i] == time_s && !std::isnan(series.value[i])) out << series.value[i];
    }
    out << '\n';
  }
}

}  // namespace ringsim::report
