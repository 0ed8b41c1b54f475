// The sweep report (cli/report/sweep_report.h) from a hand-made merged.json: one error-bar
// plot per varying metric and grid pointer, none for a constant metric, one series per
// value of the other pointer, the interval in each marker's tooltip, hostile grid values
// escaped, and a malformed merged.json refused with its JSON pointer.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "cli/report/sweep_report.h"
#include "sim/config_error.h"

namespace ringsim::report {
namespace {

nlohmann::ordered_json merged_fixture() {
  nlohmann::ordered_json merged;
  merged["grid"] = {"/workload/arrivals/rate_qps", "/name"};
  merged["points"] = nlohmann::ordered_json::array();
  for (const double rate : {500.0, 800.0}) {
    for (const std::string name : {"plain", "<x & y>"}) {
      const double mean = rate / 250 + (name == "plain" ? 0 : 0.5);
      nlohmann::ordered_json point;
      point["values"] = {{"/workload/arrivals/rate_qps", rate}, {"/name", name}};
      point["seeds"] = {1, 2, 3};
      point["metrics"]["request.mean_ms"] = {{"n", 3}, {"mean", mean}, {"sd", 0.05}, {"ci95_low", mean - 0.1},
                                             {"ci95_high", mean + 0.1}};
      point["metrics"]["nodes_final"] = {{"n", 3}, {"mean", 4}, {"sd", 0}, {"ci95_low", 4}, {"ci95_high", 4}};
      merged["points"].push_back(point);
    }
  }
  return merged;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) n += 1;
  return n;
}

}  // namespace

TEST_CASE("sweep report: error bars per grid value, one series per other value", "[report][sweep]") {
  const std::string html = build_sweep_report_html(merged_fixture(), "out/merged");
  CHECK(count(html, "data-plot=\"sweep-request-mean_ms-by-0\"") == 1);
  CHECK(count(html, "data-plot=\"sweep-request-mean_ms-by-1\"") == 1);
  CHECK(count(html, "data-plot=\"sweep-nodes_final-by-") == 0);  // constant: in the table instead
  CHECK(html.find("nodes_final") != std::string::npos);
  // The mean at rate 500, name plain is 2 with CI [1.9, 2.1].
  CHECK(html.find("mean 2, 95 % CI [1.9, 2.1]") != std::string::npos);
  CHECK(html.find("name=&lt;x &amp; y&gt;") != std::string::npos);  // a series label, escaped
  CHECK(html.find("<x & y>") == std::string::npos);
  CHECK(html.find("rate_qps=800") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("sweep report: headline metrics drawn, the other varying ones in one table, --metrics draws any", "[report][sweep]") {
  nlohmann::ordered_json merged = merged_fixture();
  for (std::size_t i = 0; i < merged["points"].size(); ++i) {
    const double v = 1000.0 * static_cast<double>(i + 1);
    merged["points"][i]["metrics"]["node.3.index_memory_bytes"] = {{"n", 3}, {"mean", v * 1024}, {"min", v * 1024}, {"max", v * 1024}};
    merged["points"][i]["metrics"]["dag.migration.stage.apply.p99_ms"] = {{"n", 3}, {"mean", v}, {"min", v - 1}, {"max", v + 1}};
  }
  const std::string html = build_sweep_report_html(merged, "out/merged");
  CHECK(count(html, "data-plot=\"sweep-request-mean_ms-by-0\"") == 1);
  CHECK(count(html, "data-plot=\"sweep-node-3-index_memory_bytes-by-") == 0);
  CHECK(count(html, "data-plot=\"sweep-dag-migration-stage-apply-p99_ms-by-") == 0);
  CHECK(html.find("Other metrics") != std::string::npos);
  CHECK(html.find("2 more metrics vary across the grid") != std::string::npos);
  CHECK(html.find("1000.0 KiB") != std::string::npos);  // Bytes in binary units.
  CHECK(html.find("request.mean_ms (mean)") != std::string::npos);  // A y title short enough to fit.
  const std::string chosen = build_sweep_report_html(merged, "out/merged", {"node.3.index_memory_bytes"});
  CHECK(count(chosen, "data-plot=\"sweep-node-3-index_memory_bytes-by-0\"") == 1);
  CHECK(count(chosen, "data-plot=\"sweep-request-mean_ms-by-") == 0);
  CHECK(chosen.find("more metrics vary across the grid") == std::string::npos);
  // The page says what --metrics does (docs/report.md: only those, no Other metrics table).
  CHECK(chosen.find("\"other-metrics\"") == std::string::npos);  // No such section.
  CHECK(html.find("\"other-metrics\"") != std::string::npos);
  CHECK(chosen.find("Plotted: only the --metrics named, in that order") != std::string::npos);
  CHECK(html.find("every other varying metric, if any, is a row of the Other metrics table") != std::string::npos);
}

TEST_CASE("sweep report: the runs' warnings by point and seed, the scenario named, a --metrics typo refused", "[report][sweep]") {
  nlohmann::ordered_json merged = merged_fixture();
  merged["scenario"] = {{"name", "fail_join"}, {"description", "12 nodes, a crash at 20 s"}};
  merged["points"][1]["warnings"] = {{{"seed", 2}, {"warning", "members held no shard for 60 member-seconds"}}};
  const std::string html = build_sweep_report_html(merged, "out/merged");
  CHECK(html.find("<title>ringsim sweep report: fail_join</title>") != std::string::npos);
  CHECK(html.find("12 nodes, a crash at 20 s") != std::string::npos);
  CHECK(html.find("members held no shard for 60 member-seconds") != std::string::npos);
  CHECK(html.find("1 warnings from the runs") != std::string::npos);
  // A median's marker says median and its interval's real confidence, never "mean, 95 % CI".
  for (auto& point : merged["points"]) {
    point["metrics"]["request.p99_ms"] = {{"n", 3}, {"mean", 9}, {"median", 8}, {"min", 7}, {"max", 12},
                                          {"interval", "median_order_statistic"}, {"median_ci_low", 7},
                                          {"median_ci_high", 12}, {"median_ci_level", 0.75}};
  }
  const std::string medians = build_sweep_report_html(merged, "out/merged", {"request.p99_ms"});
  CHECK(medians.find("median 8, 75 % order-statistic interval [7, 12]") != std::string::npos);
  CHECK(medians.find("mean 8") == std::string::npos);
  CHECK_THROWS_WITH(build_sweep_report_html(merged, "out/merged", {"request.mean_m"}),
                    Catch::Contains("--metrics") && Catch::Contains("did you mean request.mean_ms?"));
}

TEST_CASE("sweep report: a merged.json that is not one is refused with its pointer", "[report][sweep]") {
  const std::filesystem::path dir = std::filesystem::path(testing::temp_root()) / "ringsim_sweep_report_test";
  std::filesystem::create_directories(dir);
  nlohmann::ordered_json broken = merged_fixture();
  broken["points"][1].erase("values");
  std::ofstream(dir / "merged.json") << broken.dump();
  CHECK(is_merged_sweep_dir(dir.string()));
  CHECK_THROWS_WITH(load_merged_sweep(dir.string()), Catch::Contains("/points/1/values"));
  std::filesystem::remove_all(dir);
}

}  // namespace ringsim::report
