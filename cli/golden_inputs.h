// The input files a scenario reads by path (an arrival trace CSV, a runbook YAML, fvecs /
// bvecs / ivecs / HDF5 vectors), with the size and SHA-256 of each, as a golden records
// them: a data file that changed since the golden was recorded is then reported as that
// ("input scenarios/traces/day.csv changed (sha256 1a2b3c4d5e6f.. -> 9f8e7d6c5b4a..)"), not
// as a code change. docs/ci.md, "Input files".
//
// Which files: every string under a key named "file" or ending in "_file" in the scenario's
// run-relevant document (cli/scenario_diff.h; every key the loader reads a path from is so
// named, docs/scenarios.md), resolved as the loader resolves it: relative to the scenario
// file's directory unless absolute. Keyed by the JSON pointer of that key, in pointer order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run/scenario.h"

namespace ringsim {

struct GoldenInput {
  std::string pointer;  // where the scenario names it: "/workload/arrivals/file"
  std::string path;     // as the run opened it: "scenarios/traces/morning_peak.csv"
  std::uint64_t bytes = 0;
  std::string sha256;   // 64 hex digits (sha256sum's text)
  bool operator==(const GoldenInput&) const = default;
};

// The (pointer, resolved path) of every input file `document` names; no file is read.
std::vector<std::pair<std::string, std::string>> scenario_input_paths(const nlohmann::json& document,
                                                                      const std::string& scenario_file);
// Digests each of them. Throws ConfigError naming a file that cannot be read.
std::vector<GoldenInput> scenario_inputs(const Scenario& scenario);

// An input whose digest differs between the golden (`recorded`) and this run (`now`), the
// scenario naming the same file at the same pointer (a changed path is a scenario key
// change, reported as such): "input scenarios/traces/day.csv changed (sha256
// 1a2b3c4d5e6f.. -> 9f8e7d6c5b4a.., 5,321 -> 5,400 bytes)". Empty when none changed.
std::vector<std::string> changed_inputs(const std::vector<GoldenInput>& recorded, const nlohmann::json& recorded_document,
                                        const std::vector<GoldenInput>& now, const nlohmann::json& now_document);

// The golden's "inputs" block: one line per input, in pointer order.
void write_golden_inputs(std::ostream& out, const std::vector<GoldenInput>& inputs);
// Reads it back (`block` is the value of "inputs"); throws ConfigError naming `golden_path`
// and the pointer of what is not an input digest.
std::vector<GoldenInput> read_golden_inputs(const nlohmann::json& block, const std::string& golden_path);

}  // namespace ringsim
