// The simulation core stays pure: no GUI library, no wall clock, no OS entropy, and no
// unseeded randomness under sim/, cluster/, index/, workloads/, models/, run/. A forbidden use
// fails here with the file and line. And the layers hold: every #include "folder/..." is
// checked against a folder -> folder allow-table (kLayers), so a new arrow against the
// layering fails with the file, the line and the arrow.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

struct Forbidden {
  const char* text;
  const char* why;
};

const Forbidden kForbidden[] = {
    {"<SFML/", "the core must not depend on the GUI"},
    {"imgui", "the core must not depend on the GUI"},
    {"<chrono>", "virtual time only: no wall clock in the core"},
    {"std::chrono", "virtual time only: no wall clock in the core"},
    {"time(nullptr)", "virtual time only: no wall clock in the core"},
    {"gettimeofday", "virtual time only: no wall clock in the core"},
    {"clock_gettime", "virtual time only: no wall clock in the core"},
    {"random_device", "every random stream derives from the scenario seed"},
    {"std::rand(", "every random stream derives from the scenario seed"},
    {"<random>", "use sim/random.h: <random>'s distributions differ between libraries"},
};

TEST_CASE("core folders use neither GUI, wall clock nor unseeded randomness", "[style]") {
  const std::filesystem::path root = RINGSIM_SOURCE_DIR;
  int files_checked = 0;
  for (const char* folder : {"sim", "cluster", "index", "workloads", "models", "run"}) {
    if (!std::filesystem::exists(root / folder)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      const std::string extension = entry.path().extension().string();
      if (extension != ".h" && extension != ".cpp") continue;
      files_checked += 1;
      std::ifstream in(entry.path());
      std::string line;
      for (int line_number = 1; std::getline(in, line); ++line_number) {
        for (const Forbidden& forbidden : kForbidden) {
          if (line.find(forbidden.text) == std::string::npos) continue;
          FAIL(entry.path().string() << ":" << line_number << ": \"" << forbidden.text << "\": "
                                     << forbidden.why);
        }
      }
    }
  }
  CHECK(files_checked > 20);
}

// Which folders a folder's files may include (their own folder is always allowed). The
// layers, lowest first: engine kernel (sim) <- DAG engine (sim/dag), cluster building blocks
// (cluster, cluster/placement), HNSW index (index) <- what arrives (workloads) <- models
// run on the engine (models) <- scenario loader and Run (run) <- front ends (cli, viz).
// The most specific folder wins (models/cluster before models).
struct Layer {
  const char* folder;
  std::vector<std::string> may_include;
};

const std::vector<std::string> kKernel = {"sim"};

std::vector<std::string> join(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<std::string> kBlocks = join(kKernel, {"sim/dag", "cluster", "cluster/placement", "index"});
const std::vector<std::string> kWorkloads = join(kBlocks, {"workloads"});
const std::vector<std::string> kModels = join(kWorkloads, {"models", "models/cluster"});
const std::vector<std::string> kRun = join(kModels, {"run"});

const std::vector<Layer> kLayers = {
    {"sim/dag", {"sim"}},
    {"sim", {}},
    {"cluster/placement", {"sim", "cluster"}},
    {"cluster", {"sim", "cluster/placement"}},
    {"index", {"sim"}},
    {"workloads", join(kBlocks, {"workloads/timeline_actions"})},  // timeline.cpp: the actions' registry
    {"models/cluster", kModels},
    {"models", kModels},
    {"run", kRun},
    {"cli/report", kRun},
    {"cli", join(kRun, {"cli/report"})},
    {"viz", kRun},
    {"fuzz", join(kRun, {"cli", "cli/report"})},  // golden and run-directory readers live in cli/
};

const Layer* layer_of(const std::string& relative_dir) {
  const Layer* best = nullptr;
  for (const Layer& layer : kLayers) {
    const std::string folder = layer.folder;
    const bool inside = relative_dir == folder || relative_dir.rfind(folder + "/", 0) == 0;
    if (inside && (best == nullptr || folder.size() > std::string(best->folder).size())) best = &layer;
  }
  return best;
}

bool may_include(const Layer& layer, const std::string& relative_dir, const std::string& target_dir) {
  if (target_dir == relative_dir || target_dir == layer.folder) return true;
  return std::find(layer.may_include.begin(), layer.may_include.end(), target_dir) != layer.may_include.end();
}

// One quoted include of a source file: `#include "dir/file.h"` at `line_number` of `file`,
// whose folder is `relative_dir` (relative to the source root). One walk serves every rule
// about includes below.
struct QuotedInclude {
  std::filesystem::path file;
  int line_number;
  std::string relative_dir;
  std::string path;
};

std::vector<QuotedInclude> quoted_includes(const std::string& folder) {
  const std::filesystem::path root = RINGSIM_SOURCE_DIR;
  std::vector<QuotedInclude> includes;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
    const std::string extension = entry.path().extension().string();
    if (extension != ".h" && extension != ".cpp") continue;
    const std::string relative_dir = std::filesystem::relative(entry.path().parent_path(), root).generic_string();
    std::ifstream in(entry.path());
    std::string line;
    for (int line_number = 1; std::getline(in, line); ++line_number) {
      const auto open = line.find("#include \"");
      if (open == std::string::npos) continue;
      const std::string path = line.substr(open + 10, line.find('"', open + 10) - open - 10);
      includes.push_back({entry.path(), line_number, relative_dir, path});
    }
  }
  return includes;
}

TEST_CASE("includes follow the layers: no arrow against the folder allow-table", "[style]") {
  int includes_checked = 0;
  for (const Layer& layer : kLayers) {
    for (const QuotedInclude& include : quoted_includes(layer.folder)) {
      if (layer_of(include.relative_dir) != &layer) continue;  // A more specific layer owns it.
      const auto slash = include.path.rfind('/');
      if (slash == std::string::npos) continue;  // Same-folder include.
      const std::string target_dir = include.path.substr(0, slash);
      includes_checked += 1;
      if (!may_include(layer, include.relative_dir, target_dir)) {
        FAIL(include.file.string() << ":" << include.line_number << ": " << include.relative_dir << " -> "
                                   << target_dir << " runs against the layers (tests/style_test.cpp, kLayers)");
      }
    }
  }
  CHECK(includes_checked > 300);
}

TEST_CASE("the layer table rejects an include against the layers", "[style]") {
  // The checker itself can fail: the kernel may not include the cluster, nor a model the GUI.
  REQUIRE(layer_of("sim") != nullptr);
  CHECK_FALSE(may_include(*layer_of("sim"), "sim", "cluster"));
  CHECK_FALSE(may_include(*layer_of("sim/dag"), "sim/dag", "cluster"));
  CHECK_FALSE(may_include(*layer_of("workloads"), "workloads", "models/cluster"));
  CHECK_FALSE(may_include(*layer_of("models/cluster"), "models/cluster", "run"));
  CHECK_FALSE(may_include(*layer_of("run"), "run", "viz"));
  CHECK(may_include(*layer_of("models/cluster"), "models/cluster", "sim/dag"));
  CHECK(std::string(layer_of("models/cluster")->folder) == "models/cluster");
}

// Front ends see the cluster model only through its read-only view: viz/, cli/ (with
// cli/report/) and fuzz/ may include from models/cluster/ these headers and no other.
const std::vector<std::string> kClusterViewHeaders = {
    "models/cluster/cluster_view.h", "models/cluster/change_record.h", "models/cluster/search_touch.h",
    "models/cluster/job_token.h"};  // job_token.h: the trace's event payload format

bool front_end_may_include(const std::string& relative_dir, const std::string& path) {
  const bool front_end = relative_dir.rfind("viz", 0) == 0 || relative_dir.rfind("cli", 0) == 0 ||
                         relative_dir.rfind("fuzz", 0) == 0;
  if (!front_end || path.rfind("models/cluster/", 0) != 0) return true;
  return std::find(kClusterViewHeaders.begin(), kClusterViewHeaders.end(), path) != kClusterViewHeaders.end();
}

TEST_CASE("front ends include the cluster model only through its view", "[style]") {
  int includes_checked = 0;
  for (const char* folder : {"viz", "cli", "fuzz"}) {
    for (const QuotedInclude& include : quoted_includes(folder)) {
      if (include.path.rfind("models/cluster/", 0) != 0) continue;
      includes_checked += 1;
      if (!front_end_may_include(include.relative_dir, include.path)) {
        FAIL(include.file.string() << ":" << include.line_number << ": " << include.path
                                   << " is a model part; front ends use models/cluster/cluster_view.h");
      }
    }
  }
  CHECK(includes_checked > 10);
  // The rule can fail: a planted include of a model part is refused, the view is not.
  CHECK_FALSE(front_end_may_include("viz", "models/cluster/cluster_model.h"));
  CHECK_FALSE(front_end_may_include("cli/report", "models/cluster/search_coordinator.h"));
  CHECK(front_end_may_include("viz", "models/cluster/cluster_view.h"));
  CHECK(front_end_may_include("run", "models/cluster/cluster_model.h"));
}

// Header includes inside one folder form no cycle: a cycle means no header of it can be read
// (or compiled) without the others. Returns one cycle as "a.h -> b.h -> a.h", or "".
using IncludeGraph = std::map<std::string, std::vector<std::string>>;

std::string find_cycle(const IncludeGraph& graph) {
  std::map<std::string, int> state;  // 1: on the path, 2: done
  std::vector<std::string> path;
  std::string cycle;
  std::function<void(const std::string&)> visit = [&](const std::string& node) {
    state[node] = 1;
    path.push_back(node);
    const auto edges = graph.find(node);
    for (std::size_t i = 0; cycle.empty() && edges != graph.end() && i < edges->second.size(); ++i) {
      const std::string& next = edges->second[i];
      if (state[next] == 1) {
        for (auto it = std::find(path.begin(), path.end(), next); it != path.end(); ++it) cycle += *it + " -> ";
        cycle += next;
      } else if (state[next] == 0) {
        visit(next);
      }
    }
    path.pop_back();
    state[node] = 2;
  };
  for (const auto& [node, edges] : graph) {
    if (cycle.empty() && state[node] == 0) visit(node);
  }
  return cycle;
}

IncludeGraph header_includes(const std::string& folder) {
  IncludeGraph graph;
  const std::filesystem::path root = RINGSIM_SOURCE_DIR;
  for (const auto& entry : std::filesystem::directory_iterator(root / folder)) {
    if (entry.path().extension() != ".h") continue;
    std::vector<std::string>& edges = graph[entry.path().filename().string()];
    std::ifstream in(entry.path());
    const std::string prefix = "#include \"" + folder + "/";
    for (std::string line; std::getline(in, line);) {
      if (line.rfind(prefix, 0) == 0) edges.push_back(line.substr(prefix.size(), line.find('"', prefix.size()) - prefix.size()));
    }
    std::sort(edges.begin(), edges.end());
  }
  return graph;
}

TEST_CASE("the cluster model's headers include each other without a cycle", "[style]") {
  const IncludeGraph graph = header_includes("models/cluster");
  CHECK(graph.size() > 15);
  CHECK(find_cycle(graph) == "");
  // The checker finds a planted cycle.
  IncludeGraph planted = graph;
  planted["cluster_core.h"].push_back("timeline_driver.h");
  CHECK(find_cycle(planted) != "");
}

// The parts of the cluster model (a part = its .h and .cpp) depend on each other without a
// cycle, counting .cpp includes too: a part that calls back into one that calls it takes a
// narrow hook instead (e.g. ClientPath::set_search_starter, ChangePlanner::set_drain_check).
// One back edge remains, listed here so the list can only shrink: a shard store's compaction
// driver swaps the store's indexes. (The migration driver reports to the planner through
// ChangeLedger, change_ledger.h.)
const std::vector<std::pair<std::string, std::string>> kKnownPartBackEdges = {{"compaction_driver", "shard_store"}};

IncludeGraph part_includes(const std::string& folder) {
  IncludeGraph graph;
  const std::filesystem::path root = RINGSIM_SOURCE_DIR;
  const std::string prefix = "#include \"" + folder + "/";
  for (const auto& entry : std::filesystem::directory_iterator(root / folder)) {
    const std::string extension = entry.path().extension().string();
    if (extension != ".h" && extension != ".cpp") continue;
    const std::string part = entry.path().stem().string();
    std::vector<std::string>& edges = graph[part];
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (line.rfind(prefix, 0) != 0) continue;
      const std::string header = line.substr(prefix.size(), line.find('"', prefix.size()) - prefix.size());
      const std::string target = header.substr(0, header.rfind('.'));
      if (target != part) edges.push_back(target);
    }
  }
  for (auto& [part, edges] : graph) {
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  }
  return graph;
}

TEST_CASE("the cluster model's parts depend on each other without a cycle", "[style]") {
  IncludeGraph graph = part_includes("models/cluster");
  CHECK(graph.size() > 15);
  for (const auto& [from, to] : kKnownPartBackEdges) {
    std::vector<std::string>& edges = graph[from];
    const auto edge = std::find(edges.begin(), edges.end(), to);
    INFO(from << " -> " << to << " is gone: remove it from kKnownPartBackEdges");
    REQUIRE(edge != edges.end());
    edges.erase(edge);
  }
  CHECK(find_cycle(graph) == "");
  // The checker finds a planted part cycle (the client path calling the coordinator back).
  IncludeGraph planted = graph;
  planted["client_path"].push_back("search_coordinator");
  CHECK(find_cycle(planted) != "");
}

}  // namespace
