// Streaming runbooks in the big-ann-benchmarks format: the YAML is read as the benchmark
// defines it (steps in numeric order, replace ranges paired), bad runbooks are refused
// naming the file and the step, and a runbook run leaves exactly the live set the steps
// describe (counted independently from the steps) with a recall for every search step.
#include <catch2/catch.hpp>

#include "models/cluster/cluster_model.h"
#include "sim/config_error.h"
#include "tests/test_support.h"
#include "workloads/runbook.h"

namespace ringsim {
namespace {

const char* const kRunbook = R"(small:
  max_pts: 800
  3:
    operation: "delete"
    start: 0
    end: 200
  1:
    operation: "insert"
    start: 0
    end: 600
  2:
    operation: "search"
  4:
    operation: "replace"
    tags_start: 200
    tags_end: 300
    ids_start: 600
    ids_end: 700
  5:
    operation: "search"
  6:
    operation: "insert"
    start: 700
    end: 800
  7:
    operation: search
  gt_url: "https://example.invalid/gt"
other:
  1:
    operation: "search"
)";

std::string error_of(const std::string& yaml, const std::string& dataset = "small", std::uint64_t ids = 1000) {
  const std::string path = testing::write_temp_file("bad_runbook.yaml", yaml);
  try {
    read_runbook(path, dataset, ids);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST_CASE("a big-ann-benchmarks runbook reads in step order", "[runbook]") {
  const std::string path = testing::write_temp_file("runbook.yaml", kRunbook);
  const Runbook book = read_runbook(path, "small", 1000);
  CHECK(book.max_pts == 800);
  REQUIRE(book.steps.size() == 7);
  CHECK(book.steps[0].number == 1);
  CHECK(book.steps[0].operation == RunbookStep::Operation::kInsert);
  CHECK(book.steps[0].end == 600);
  CHECK(book.steps[2].operation == RunbookStep::Operation::kDelete);
  CHECK(book.steps[3].operation == RunbookStep::Operation::kReplace);
  CHECK(book.steps[3].ids_start == 600);
  CHECK(book.steps[6].operation == RunbookStep::Operation::kSearch);
  CHECK(read_runbook(path, "other", 1000).steps.size() == 1);
}

TEST_CASE("a bad runbook names the file and the step", "[runbook]") {
  CHECK_THAT(error_of(kRunbook, "missing"), Catch::Contains("bad_runbook.yaml") && Catch::Contains("no data set entry"));
  CHECK_THAT(error_of("small:\n  1: {operation: upsert, start: 0, end: 5}\n"),
             Catch::Contains("/small/1") && Catch::Contains("unknown operation \"upsert\""));
  CHECK_THAT(error_of("small:\n  1: {operation: insert, start: 5, end: 5}\n"), Catch::Contains("must be above"));
  CHECK_THAT(error_of("small:\n  1: {operation: insert, start: 0}\n"), Catch::Contains("missing `end`"));
  CHECK_THAT(error_of("small:\n  1: {operation: insert, start: 0, end: 5000}\n"), Catch::Contains("data.keys"));
  CHECK_THAT(error_of("small:\n  1: {operation: replace, tags_start: 0, tags_end: 5, ids_start: 10, ids_end: 20}\n"),
             Catch::Contains("differ in length"));
  CHECK_THAT(error_of("small:\n  x1: {operation: search}\n"), Catch::Contains("unknown key"));
  CHECK_THAT(error_of("small: [1, 2\n"), Catch::Contains("not valid YAML"));
}

TEST_CASE("a runbook run leaves the live set its steps describe", "[runbook]") {
  const std::string path = testing::write_temp_file("runbook.yaml", kRunbook);
  const nlohmann::json document = {
      {"name", "runbook-test"},
      {"seed", 8},
      {"duration_s", 6},
      {"window_s", 0.5},
      {"cluster",
       {{"nodes", 3},
        {"node", {{"cores", 4}}},
        {"placement", {{"strategy", "ring"}, {"vnodes_per_node", 32}}},
        {"replication", {{"factor", 2}, {"write_quorum", 1}}},
        {"client", {{"timeout_ms", 100}, {"max_retries", 1}}}}},
      {"data", {{"keys", 1000}, {"shards", 4}, {"vectors", {{"dim", 8}, {"clusters", 4}, {"spread", 0.3}}}}},
      {"index", {{"m", 8}, {"ef_construction", 64}, {"ef_search", 64}, {"k", 10}}},
      {"workload", {{"runbook", {{"file", path}, {"dataset", "small"}, {"rate_qps", 2000}, {"search_queries", 50}}}}},
  };
  Run run(testing::scenario_from(document));
  run.run_to_end();
  const auto& model = dynamic_cast<const ClusterModel&>(run.model());
  model.check_invariants();
  const RunSummary summary = run.summary();
  CHECK(summary.find("runbook.steps_done").value() == 7);
  for (const char* step : {"2", "5", "7"}) {
    const std::optional<double> recall = summary.find(std::string("runbook.step.") + step + ".recall_at_k");
    REQUIRE(recall.has_value());
    CHECK(*recall > 0.9);
  }
  // Live after the steps: inserted 0..599, deleted 0..199, replaced tags 200..299 (still
  // live), inserted 700..799: 400 + 100 = 500 ids; ids 600..699 were never inserted.
  const VectorStore& store = *model.vector_store();
  std::uint64_t live = 0;
  for (KeyId key = 0; key < 1000; ++key) {
    const bool expected = (key >= 200 && key < 600) || (key >= 700 && key < 800);
    REQUIRE(store.deleted(key) == !expected);
    live += expected ? 1 : 0;
  }
  std::uint64_t indexed = 0;
  for (NodeId node = 0; node < 3; ++node) {
    for (std::uint32_t shard = 0; shard < 4; ++shard) {
      if (const Shard* index = model.shard_index(node, shard)) indexed += index->live_count();
    }
  }
  CHECK(indexed == 2 * live);  // RF 2
  // A replaced tag holds its new vector: tag 250 is the data set's vector of id 650.
  for (std::uint32_t i = 0; i < 8; ++i) REQUIRE(store.vector(250)[i] == store.vector(650)[i]);
  std::vector<SearchHit> hits;
  const Shard* index = nullptr;
  for (NodeId node = 0; node < 3 && index == nullptr; ++node) {
    if (model.replicas().holders(250).contains(node)) index = model.shard_index(node, model.replicas().unit_of(250));
  }
  REQUIRE(index != nullptr);
  index->search(store.vector(250), 1, 64, hits);
  REQUIRE(!hits.empty());
  CHECK(hits[0].id == 250);
  CHECK(hits[0].distance == Approx(0.0f).margin(1e-6));
}

}  // namespace
}  // namespace ringsim
