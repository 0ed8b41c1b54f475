#include "cli/diff_command.h"

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
  return kExitOk;
}

}  // namespace ringsim
