#include "run/scenario.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cluster/placement/strategies.h"
#include "run/injection.h"
#include "sim/json_reader.h"
#include "sim/json_text.h"

namespace ringsim {

namespace {

// Scenario files are written by people; anything larger is not a scenario.
constexpr std::uintmax_t kScenarioFileBytesMax = 16 * 1024 * 1024;
constexpr double kWindowSDefault = 1.0;
constexpr std::uint64_t kSeedMax = ~std::uint64_t{0};

}  // namespace

Override parse_override(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || text[0] != '/') {
    throw ConfigError("--set", text, "expected POINTER=VALUE with a JSON pointer, e.g. /seed=7");
  }
  Override result;
  result.pointer = text.substr(0, equals);
  const std::string value = text.substr(equals + 1);
  // Every string in a document must be UTF-8 (outputs echo it; nlohmann refuses to dump
  // anything else), and a value taken as a plain string escapes the parser's check.
  if (const std::optional<std::size_t> bad = first_invalid_utf8(text)) {
    throw ConfigError("--set", first_invalid_utf8(result.pointer) ? "" : result.pointer,
                      "not valid UTF-8 (byte " + std::to_string(*bad + 1) + " of \"POINTER=VALUE\")");
  }
  const auto segments = static_cast<std::size_t>(std::count(result.pointer.begin(), result.pointer.end(), '/'));
  if (segments > kJsonDepthMax) {
    throw ConfigError("--set", "", "the pointer has " + std::to_string(segments) + " levels; at most " +
                                       std::to_string(kJsonDepthMax) + " are accepted");
  }
  check_json_depth(value, "--set", result.pointer, segments);
  result.value = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (result.value.is_discarded()) result.value = value;
  return result;
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path, "", "cannot open the file for reading");
  in.seekg(0, std::ios::end);
  const std::streamoff size_bytes = in.tellg();
  if (size_bytes < 0) throw ConfigError(path, "", "cannot read the file");
  if (static_cast<std::uintmax_t>(size_bytes) > kScenarioFileBytesMax) {
    throw ConfigError(path, "", "file is " + std::to_string(size_bytes) + " bytes; a scenario may be at most " +
                                    std::to_string(kScenarioFileBytesMax) + " bytes");
  }
  in.seekg(0);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_json_text(buffer.str(), path);
}

namespace {

// Creates the missing objects on the way to `pointer`'s parent, so an optional object whose
// keys all have defaults (e.g. /cluster/failure_detection) can be set one key at a time.
// Only objects are created, never array elements; validation afterwards rejects a created
// object that is not a scenario key or that lacks a required key, naming its pointer.
void create_missing_parents(nlohmann::json& document, const nlohmann::json::json_pointer& pointer,
                            const std::string& file, const std::string& text) {
  if (pointer.empty()) return;
  const nlohmann::json::json_pointer parent = pointer.parent_pointer();
  if (document.contains(parent)) {
    const nlohmann::json& value = document[parent];
    if (!value.is_object() && !value.is_array()) {
      throw ConfigError(file, text, "--set cannot create this path: " + parent.to_string() + " is not an object");
    }
    return;
  }
  create_missing_parents(document, parent, file, text);
  nlohmann::json& grandparent = document[parent.parent_pointer()];
  if (!grandparent.is_object()) {
    throw ConfigError(file, text,
                      "--set cannot create this path: " + parent.to_string() + " would be a new array element");
  }
  grandparent[parent.back()] = nlohmann::json::object();
}

}  // namespace

void apply_overrides(nlohmann::json& document, const std::vector<Override>& overrides,
                     const std::string& file) {
  for (const Override& override_value : overrides) {
    try {
      const nlohmann::json::json_pointer pointer(override_value.pointer);
      create_missing_parents(document, pointer, file, override_value.pointer);
      document[pointer] = override_value.value;
    } catch (const nlohmann::json::exception& error) {
      throw ConfigError(file, override_value.pointer, std::string("--set failed: ") + error.what());
    }
  }
}

namespace {

// Timeline checks that need the rest of the scenario, made by each action in time order
// (the data nodes by then count the initial ones plus earlier add_node).
void check_cluster_timeline(const ClusterScenario& cluster, const std::string& file) {
  const ArrivalConfig& arrivals = cluster.workload.arrivals;
  TimelineContext context;
  context.file = file;
  context.data_nodes = cluster.cluster.initial_nodes;
  context.placement = cluster.cluster.placement.strategy;
  context.placement_moves_shards = find_placement(context.placement)->places_shards;
  context.shards = cluster.data.vectors ? cluster.data.vectors->shards : 0;
  context.arrivals_are_timestamps =
      arrivals.type == ArrivalConfig::Type::kTrace && arrivals.trace->kind == ArrivalTrace::Kind::kTimestamps;
  for (const TimelineActionPtr& action : cluster.timeline) {
    context.data_nodes += action->nodes_added();
    action->check(context);
  }
}

// Autoscaling on an operation's latency needs that operation: search and delete exist only
// with vectors.
void check_autoscaler_metrics(const ClusterScenario& cluster, const std::string& file) {
  const std::vector<AutoscalerMetric>& scaling_metrics = cluster.cluster.autoscaler.metrics;
  for (std::size_t i = 0; cluster.cluster.autoscaler.enabled && i < scaling_metrics.size(); ++i) {
    const std::string& operation = scaling_metrics[i].operation;
    if ((operation == "search" || operation == "delete") && !cluster.data.vectors) {
      throw ConfigError(file, "/cluster/autoscaler/metrics/" + std::to_string(i) + "/operation",
                        "operation \"" + operation + "\" exists only with data.vectors");
    }
  }
}

// Reads name, seed and the run's timing (duration, warmup, measurement window) into `scenario`;
// returns duration_s, which later checks need in seconds.
double read_run_header(ObjectReader& root, Scenario& scenario) {
  scenario.name = root.required_string("name");
  scenario.description = root.optional_string("description", "");
  scenario.seed = root.required_integer("seed", 0, kSeedMax);
  const double duration_s = root.required_number("duration_s", NumberRange::positive(kDurationSMax));
  const double warmup_s = root.optional_number("warmup_s", NumberRange::at_least(0, kDurationSMax), 0);
  if (warmup_s >= duration_s) root.fail("warmup_s", "must be less than duration_s");
  const double window_s = root.optional_number("window_s", NumberRange::positive(kDurationSMax), kWindowSDefault);
  if (duration_s / window_s > kWindowsPerRunMax) {
    root.fail("window_s", "duration_s / window_s gives " + std::to_string(std::llround(duration_s / window_s)) +
                              " windows; at most " + std::to_string(std::llround(kWindowsPerRunMax)) +
                              " are allowed (use a larger window_s)");
  }
  scenario.duration_ns = seconds_to_ns(duration_s);
  scenario.warmup_ns = seconds_to_ns(warmup_s);
  scenario.window_ns = seconds_to_ns(window_s);
  return duration_s;
}

// The station model; returns its peak arrival rate for the run-size check.
double read_station_model(ObjectReader& root, Scenario& scenario) {
  StationScenario station;
  station.station = read_station(root.required_object("station"));
  ObjectReader workload = root.required_object("workload");
  station.workload.op_name = workload.optional_string("op", "request");
  if (station.workload.op_name.empty()) workload.fail("op", "expected a non-empty name");
  station.workload.arrivals = read_arrivals(workload.required_object("arrivals"));
  workload.finish();
  const double rate_qps_max = station.workload.arrivals.peak_rate_qps();
  scenario.model = std::move(station);
  return rate_qps_max;
}

// One key per shard (the lowest key the shard holds), so a RAG flow's search task runs
// where that shard lives. Empty without vectors.
std::vector<std::uint64_t> one_key_per_shard(const DataConfig& data) {
  std::vector<std::uint64_t> shard_keys;
  if (!data.vectors) return shard_keys;
  const std::uint32_t shards = data.vectors->shards;
  shard_keys.assign(shards, data.keys);
  for (KeyId key = 0; key < data.keys; ++key) {
    std::uint64_t& slot = shard_keys[shard_of_key(key, shards)];
    if (slot == data.keys) slot = key;
  }
  shard_keys.erase(std::remove(shard_keys.begin(), shard_keys.end(), data.keys), shard_keys.end());
  return shard_keys;
}

// "pipelines": returns the sum of their peak arrival rates.
double read_cluster_pipelines(ArrayReader& pipelines, ClusterScenario& cluster, double duration_s) {
  std::vector<std::string> role_names;
  for (const NodeRole& role : cluster.cluster.roles) role_names.push_back(role.name);
  cluster.pipelines = read_pipelines(pipelines, one_key_per_shard(cluster.data), role_names, duration_s);
  double pipeline_rate_qps = 0;
  for (const PipelineConfig& pipeline : cluster.pipelines) {
    if (pipeline.arrivals) pipeline_rate_qps += pipeline.arrivals->peak_rate_qps();
  }
  return pipeline_rate_qps;
}

// The cluster model with its data, index, workload, pipelines and timeline; returns the peak
// arrival rate over all of them (the highest timeline rate plus every pipeline's).
double read_cluster_model(ObjectReader& root, Scenario& scenario, double duration_s) {
  ClusterScenario cluster;
  cluster.cluster = read_cluster(root.required_object("cluster"));
  cluster.data = read_data(root.required_object("data"), std::filesystem::path(scenario.file).parent_path().string());
  if (cluster.data.vectors) {
    if (std::optional<ObjectReader> index = root.optional_object("index")) {
      read_index(*index, *cluster.data.vectors);
    } else {
      cluster.data.vectors->hnsw.dim = cluster.data.vectors->data.dim;
      cluster.data.vectors->hnsw.metric = cluster.data.vectors->data.metric;
    }
  }
  if (find_placement(cluster.cluster.placement.strategy)->places_shards && !cluster.data.vectors) {
    throw ConfigError(root.file(), "/cluster/placement/strategy",
                      "\"" + cluster.cluster.placement.strategy +
                          "\" places the shards of a vector collection; this scenario has no data.vectors");
  }
  cluster.workload = read_point_workload(root.required_object("workload"), cluster.data.vectors.has_value(),
                                         std::filesystem::path(scenario.file).parent_path().string(), cluster.data.keys);
  // A runbook inserts every vector itself: none is stored at the start.
  if (cluster.workload.runbook) cluster.data.vectors->data.stored_at_start = 0;
  check_autoscaler_metrics(cluster, root.file());
  double pipeline_rate_qps = 0;
  if (std::optional<ArrayReader> pipelines = root.optional_array("pipelines")) {
    pipeline_rate_qps = read_cluster_pipelines(*pipelines, cluster, duration_s);
  }
  cluster.pools = read_dag_pools(root.has("pools") ? &root.raw("pools") : nullptr, root.file(), cluster.pipelines);
  if (std::optional<ArrayReader> timeline = root.optional_array("timeline")) {
    cluster.timeline =
        read_timeline(*timeline, cluster.cluster.initial_nodes + cluster.cluster.compute_nodes, duration_s);
  }
  check_cluster_timeline(cluster, root.file());
  double rate_qps_max = cluster.workload.arrivals.peak_rate_qps();
  for (const TimelineActionPtr& action : cluster.timeline) rate_qps_max = std::max(rate_qps_max, action->rate_qps());
  rate_qps_max += pipeline_rate_qps;
  scenario.model = std::move(cluster);
  return rate_qps_max;
}

}  // namespace

Scenario parse_scenario(const nlohmann::json& document, const std::string& file) {
  Scenario scenario;
  scenario.file = file;
  scenario.document = document;
  ObjectReader root(document, "", file);
  const double duration_s = read_run_header(root, scenario);

  const bool has_station = root.has("station");
  const bool has_cluster = root.has("cluster");
  if (has_station == has_cluster) {
    root.fail(has_station ? "cluster" : "station",
              "a scenario needs exactly one model: a \"station\" or a \"cluster\" object");
  }
  const double rate_qps_max =
      has_station ? read_station_model(root, scenario) : read_cluster_model(root, scenario, duration_s);
  const double requests = rate_qps_max * duration_s;
  if (requests > kRequestsPerRunMax) {
    root.fail("workload", "the arrival rate x duration_s asks for up to " + std::to_string(requests) +
                              " requests; at most " + std::to_string(kRequestsPerRunMax) +
                              " are allowed in one run");
  }

  if (std::optional<ArrayReader> expect = root.optional_array("expect")) {
    scenario.expectations = read_expectations(*expect);
  }
  if (std::optional<ArrayReader> narration = root.optional_array("narration")) {
    scenario.narration = read_narration(*narration, duration_s);
  }
  if (root.has("tolerances")) scenario.tolerances = read_tolerances(root.raw("tolerances"), file, "/tolerances");
  root.finish();
  return scenario;
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides,
                       std::optional<std::uint64_t> seed, const std::vector<nlohmann::json>& injections) {
  nlohmann::json document = read_json_file(path);
  apply_overrides(document, overrides, path);
  if (seed) {
    if (!document.is_object()) throw ConfigError(path, "", "expected an object at the top level");
    document["seed"] = *seed;
  }
  append_injections(document, injections);
  return parse_scenario(document, path);
}

}  // namespace ringsim
