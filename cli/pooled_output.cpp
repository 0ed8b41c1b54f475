#include "cli/pooled_output.h"

#include "sim/config_error.h"
#include "sim/histogram_json.h"
#include "sim/json_reader.h"

namespace ringsim {

nlohmann::ordered_json pooled_to_json(const Metrics& metrics) {
  nlohmann::ordered_json ops = nlohmann::ordered_json::object();
  for (OpId op = 0; op < metrics.op_names().size(); ++op) {
    ops[metrics.op_names()[op]] = histogram_to_json(metrics.op_histogram(op));
  }
  nlohmann::ordered_json counters = nlohmann::ordered_json::object();
  for (CounterId counter = 0; counter < metrics.counter_names().size(); ++counter) {
    counters[metrics.counter_names()[counter]] = metrics.counter(counter);
  }
  nlohmann::ordered_json json;
  json["ops"] = std::move(ops);
  json["counters"] = std::move(counters);
  return json;
}

PooledRun pooled_from_json(const nlohmann::json& value, const std::string& file) {
  ObjectReader reader(value, "", file);
  PooledRun run;
  const nlohmann::json& ops = reader.raw("ops");
  if (!ops.is_object()) throw ConfigError(file, "/ops", "expected an object of histograms");
  for (const auto& [name, histogram] : ops.items()) {
    run.ops.emplace_back(name, histogram_from_json(histogram, file, json_pointer_append("/ops", name)));
  }
  const nlohmann::json& counters = reader.raw("counters");
  if (!counters.is_object()) throw ConfigError(file, "/counters", "expected an object of integers");
  for (const auto& [name, count] : counters.items()) {
    if (!count.is_number_integer()) throw ConfigError(file, json_pointer_append("/counters", name), "expected an integer");
    run.counters.emplace_back(name, count.get<std::int64_t>());
  }
  reader.finish();
  return run;
}

}  // namespace ringsim
