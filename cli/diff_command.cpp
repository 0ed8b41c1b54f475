#include "cli/diff_command.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "cli/escape.h"
#include "cli/number_format.h"
#include "run/exit_codes.h"
#include "run/scenario.h"
#include "sim/config_error.h"

namespace ringsim {

namespace {

using Flat = std::vector<std::pair<std::string, double>>;

Flat flatten(const std::string& dir) {
  const std::string path = dir + "/summary.json";
  const nlohmann::json summary = read_json_file(path);
  if (!summary.is_object() || !summary.contains("ops") || !summary.contains("counters")) {
    throw ConfigError(path, "", "not a ringsim summary.json (expected \"ops\" and \"counters\")");
  }
  Flat flat;
  for (const char* key : {"events", "sim_time_s"}) {
    if (summary.contains(key) && summary[key].is_number()) flat.emplace_back(key, summary[key].get<double>());
  }
  for (const auto& [op, stats] : summary["ops"].items()) {
    for (const auto& [stat, value] : stats.items()) {
      if (value.is_number()) flat.emplace_back(op + "." + stat, value.get<double>());
    }
  }
  for (const auto& [name, value] : summary["counters"].items()) {
    if (value.is_number()) flat.emplace_back(name, value.get<double>());
  }
  return flat;
}

// |B - A| / |A|; infinite for a change from 0; NaN when either side is missing.
double relative_change(const std::optional<double>& x, const std::optional<double>& y) {
  if (!x || !y) return NAN;
  if (*x == *y) return 0;
  if (*x == 0) return INFINITY;
  return std::abs(*y - *x) / std::abs(*x);
}

struct Threshold {
  std::string metric;
  double percent;
};

Threshold parse_threshold(const std::string& text) {
  const std::size_t equals = text.rfind('=');
  const auto bad = [&] {
    return ConfigError("--threshold", "", "expected METRIC=PCT (e.g. search.p99_ms=5), got \"" + text + "\"");
  };
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) throw bad();
  std::size_t used = 0;
  double percent = 0;
  try {
    percent = std::stod(text.substr(equals + 1), &used);
  } catch (const std::exception&) {
    throw bad();
  }
  if (used != text.size() - equals - 1 || !(percent >= 0) || !std::isfinite(percent)) throw bad();
  return {text.substr(0, equals), percent};
}

}  // namespace

int command_diff(const DiffOptions& options) {
  const Flat a = flatten(options.a_dir);
  const Flat b = flatten(options.b_dir);
  // A's order first, then what only B has.
  std::vector<std::string> names;
  std::map<std::string, std::pair<std::optional<double>, std::optional<double>>> values;
  for (const auto& [name, value] : a) {
    if (!values.count(name)) names.push_back(name);
    values[name].first = value;
  }
  for (const auto& [name, value] : b) {
    if (!values.count(name)) names.push_back(name);
    values[name].second = value;
  }
  std::vector<Threshold> thresholds;
  for (const std::string& text : options.thresholds) {
    thresholds.push_back(parse_threshold(text));
    const auto found = values.find(thresholds.back().metric);
    if (found == values.end() || !found->second.first || !found->second.second) {
      throw ConfigError("--threshold", "", "metric \"" + thresholds.back().metric + "\" is not a number in both " +
                                               options.a_dir + "/summary.json and " + options.b_dir + "/summary.json");
    }
  }
  if (!options.file_order) {
    // Largest relative change first; metrics only one side has after the changed ones.
    std::stable_sort(names.begin(), names.end(), [&](const std::string& l, const std::string& r) {
      const double a_change = relative_change(values[l].first, values[l].second);
      const double b_change = relative_change(values[r].first, values[r].second);
      const double a_key = std::isnan(a_change) ? -1 : a_change;
      const double b_key = std::isnan(b_change) ? -1 : b_change;
      return a_key > b_key;
    });
  }
  std::vector<std::vector<std::string>> rows;
  for (const std::string& name : names) {
    const auto& [x, y] = values[name];
    if (options.changed_only && x && y && *x == *y) continue;
    std::string change = "-";
    std::string percent = "-";
    if (x && y) {
      change = (*y - *x > 0 ? "+" : "") + format_number(*y - *x);
      if (*x != 0) {
        std::ostringstream text;
        text << std::showpos << std::fixed << std::setprecision(1) << (*y - *x) / std::abs(*x) * 100 << " %";
        percent = text.str();
      } else if (*y != 0) {
        percent = "new";
      } else {
        percent = "+0.0 %";
      }
    }
    rows.push_back({console_text(name), x ? format_number(*x) : "-", y ? format_number(*y) : "-", change, percent});
  }
  const std::vector<std::string> header = {"metric", "A", "B", "change", "change %"};
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) widths[c] = header[c].size();
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::cout << "A: " << options.a_dir << "\nB: " << options.b_dir << "\n\n";
  const auto print = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::cout << (c == 0 ? "" : "  ") << (c == 0 ? std::left : std::right) << std::setw(static_cast<int>(widths[c]))
                << row[c];
    }
    std::cout << std::left << "\n";
  };
  print(header);
  for (const auto& row : rows) print(row);
  int exit_code = 0;
  for (const Threshold& threshold : thresholds) {
    const auto& [x, y] = values[threshold.metric];
    const double change_percent = relative_change(x, y) * 100;
    if (change_percent <= threshold.percent) continue;
    std::cout << (exit_code == 0 ? "\n" : "") << "THRESHOLD EXCEEDED  " << console_text(threshold.metric) << ": "
              << format_number(*x) << " -> " << format_number(*y) << " ("
              << (std::isfinite(change_percent) ? format_number(std::round(change_percent * 10) / 10) + " %" : "from 0")
              << ", limit " << format_number(threshold.percent) << " %)\n";
    exit_code = 1;
  }
  return exit_code;
}

}  // namespace ringsim
