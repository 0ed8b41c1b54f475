#include "run/scenario.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

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

void apply_overrides(nlohmann::json& document, const std::vector<Override>& overrides,
                     const std::string& file) {
  for (const Override& override_value : overrides) {
    try {
      const nlohmann::json::json_pointer pointer(override_value.pointer);
      if (!pointer.empty() && !document.contains(pointer.parent_pointer())) {
        throw ConfigError(file, override_value.pointer,
                          "--set cannot create this path: its parent " +
                              pointer.parent_pointer().to_string() + " does not exist");
      }
      document[pointer] = override_value.value;
    } catch (const nlohmann::json::exception& error) {
      throw ConfigError(file, override_value.pointer, std::string("--set failed: ") + error.what());
    }
  }
}

Scenario parse_scenario(const nlohmann::json& document, const std::string& file) {
  Scenario scenario;
  scenario.file = file;
  scenario.document = document;
  ObjectReader root(document, "", file);
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

  const bool has_station = root.has("station");
  const bool has_cluster = root.has("cluster");
  if (has_station == has_cluster) {
    root.fail(has_station ? "cluster" : "station",
              "a scenario needs exactly one model: a \"station\" or a \"cluster\" object");
  }
  double rate_qps_max = 0;
  double pipeline_rate_qps = 0;
  if (has_station) {
    StationScenario station;
    station.station = read_station(root.required_object("station"));
    ObjectReader workload = root.required_object("workload");
    station.workload.op_name = workload.optional_string("op", "request");
    if (station.workload.op_name.empty()) workload.fail("op", "expected a non-empty name");
    station.workload.arrivals = read_arrivals(workload.required_object("arrivals"));
    workload.finish();
    rate_qps_max = station.workload.arrivals.peak_rate_qps();
    scenario.model = std::move(station);
  } else {
    ClusterScenario cluster;
    cluster.cluster = read_cluster(root.required_object("cluster"));
    cluster.data = read_data(root.required_object("data"), std::filesystem::path(file).parent_path().string());
    if (cluster.data.vectors) {
      if (std::optional<ObjectReader> index = root.optional_object("index")) {
        read_index(*index, *cluster.data.vectors);
      } else {
        cluster.data.vectors->hnsw.dim = cluster.data.vectors->data.dim;
        cluster.data.vectors->hnsw.metric = cluster.data.vectors->data.metric;
      }
    }
    cluster.workload = read_point_workload(root.required_object("workload"), cluster.data.vectors.has_value());
    if (std::optional<ArrayReader> pipelines = root.optional_array("pipelines")) {
      std::vector<std::uint64_t> shard_keys;
      if (cluster.data.vectors) {
        // One key per shard, so a RAG flow's search task runs where that shard lives.
        const std::uint32_t shards = cluster.data.vectors->shards;
        shard_keys.assign(shards, cluster.data.keys);
        for (KeyId key = 0; key < cluster.data.keys; ++key) {
          std::uint64_t& slot = shard_keys[shard_of_key(key, shards)];
          if (slot == cluster.data.keys) slot = key;
        }
        shard_keys.erase(std::remove(shard_keys.begin(), shard_keys.end(), cluster.data.keys), shard_keys.end());
      }
      std::vector<std::string> role_names;
      for (const NodeRole& role : cluster.cluster.roles) role_names.push_back(role.name);
      cluster.pipelines = read_pipelines(*pipelines, shard_keys, role_names, duration_s);
      for (const PipelineConfig& pipeline : cluster.pipelines) {
        if (pipeline.arrivals) pipeline_rate_qps += pipeline.arrivals->peak_rate_qps();
      }
    }
    if (std::optional<ArrayReader> timeline = root.optional_array("timeline")) {
      cluster.timeline =
          read_timeline(*timeline, cluster.cluster.initial_nodes + cluster.cluster.compute_nodes, duration_s);
    }
    rate_qps_max = cluster.workload.arrivals.peak_rate_qps();
    for (const TimelineAction& action : cluster.timeline) rate_qps_max = std::max(rate_qps_max, action.rate_qps);
    rate_qps_max += pipeline_rate_qps;
    scenario.model = std::move(cluster);
  }
  const double requests = rate_qps_max * duration_s;
  if (requests > kRequestsPerRunMax) {
    root.fail("workload", "the arrival rate x duration_s asks for up to " + std::to_string(requests) +
                              " requests; at most " + std::to_string(kRequestsPerRunMax) +
                              " are allowed in one run");
  }

  if (std::optional<ArrayReader> expect = root.optional_array("expect")) {
    scenario.expectations = read_expectations(*expect);
  }
  root.finish();
  return scenario;
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides,
                       std::optional<std::uint64_t> seed) {
  nlohmann::json document = read_json_file(path);
  apply_overrides(document, overrides, path);
  if (seed) {
    if (!document.is_object()) throw ConfigError(path, "", "expected an object at the top level");
    document["seed"] = *seed;
  }
  return parse_scenario(document, path);
}

}  // namespace ringsim
