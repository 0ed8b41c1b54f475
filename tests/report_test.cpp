// The HTML report's building blocks against what a reader expects: nice ticks (1, 2, 2.5, 5
// x 10^k covering the data), labels without float noise, escaping of every string from a
// scenario or file (a hostile scenario name renders as text and the page has no script),
// labels that say what differs between compared runs, the wide CSV's shape, and errors
// naming the file.
#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <map>
#include <regex>
#include <sstream>

#include "cli/report/escape.h"
#include "cli/report/line_plot.h"
#include "cli/report/report_page.h"
#include "cli/report/report_sections.h"
#include "cli/report/run_data.h"
#include "cli/report/ticks.h"
#include "cli/report/wide_csv.h"
#include "sim/config_error.h"
#include "run/scenario.h"
#include "tests/test_support.h"

namespace ringsim::report {
namespace {

bool is_nice_step(double step) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(step) + 1e-12));
  const double mantissa = step / magnitude;
  for (const double nice : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (std::abs(mantissa - nice) < 1e-9) return true;
  }
  return false;
}

RunData fake_run(const std::string& name, const std::vector<std::string>& overrides, const std::string& source) {
  RunData run;
  run.source = source;
  run.summary = {{"scenario", name},
                 {"seed", 7},
                 {"trace_hash", "0123456789abcdef"},
                 {"sim_time_s", 3},
                 {"events", 10},
                 {"wall_time_s", 0.5},
                 {"overrides", overrides},
                 {"ops", {{"get", {{"count", 5}, {"p99_ms", 2.0}}}}},
                 {"changes", nlohmann::json::array({{{"time_s", 1}, {"action", name}, {"subject", name},
                                                     {"members", "2->3"}, {"keys_moved", 4}, {"keys_moved_ideal", 3}}})},
                 {"expectations", nlohmann::json::array({{{"metric", name}, {"bound", "< 1"}, {"actual", 2}, {"passed", false}}})},
                 {"scenario_document", {{"description", name}}}};
  std::istringstream csv("time_s,metric,value\n0,get.p50_ms,1\n0,get.p99_ms,2\n1,get.p50_ms,1.5\n1,get.p99_ms,30\n"
                         "0,node.0.utilization,0.5\n1,node.0.utilization,0.9\n1,node.1.utilization,0.2\n");
  run.series = parse_timeseries_csv(csv, "fake.csv");
  return run;
}

}  // namespace

TEST_CASE("linear ticks are nice steps that cover the data", "[report]") {
  for (const auto& [lo, hi] : std::vector<std::pair<double, double>>{{0, 1}, {0, 7.3}, {0.2, 0.93}, {-3, 17}, {0, 123456}, {5, 5}, {0, 0.0031}}) {
    const TickSet set = linear_ticks(lo, hi, 5);
    CAPTURE(lo, hi, set.step);
    CHECK(is_nice_step(set.step));
    CHECK(set.lo <= lo + 1e-12);
    CHECK(set.hi >= hi - 1e-12);
    CHECK(set.ticks.size() >= 2);
    CHECK(set.ticks.size() <= 12);
  }
}

TEST_CASE("log ticks are whole decades around the data", "[report]") {
  const TickSet set = log_ticks(0.3, 2500);
  CHECK(set.lo == Approx(0.1));
  CHECK(set.hi == Approx(10000));
  CHECK(set.ticks.front() == Approx(0.1));
  CHECK(set.ticks.back() == Approx(10000));
}

TEST_CASE("tick labels have no float noise and use SI suffixes", "[report]") {
  CHECK(format_tick(0.1 + 0.2, 0.1) == "0.3");
  CHECK(format_tick(2.5, 0.5) == "2.5");
  CHECK(format_tick(7.5, 2.5) == "7.5");
  CHECK(format_tick(20000, 5000) == "20k");
  CHECK(format_tick(1500000, 500000) == "1.5M");
  CHECK(format_tick(0, 0.25) == "0");
  CHECK(format_number(3) == "3");
  CHECK(format_number(0.123456) == "0.1235");
}

TEST_CASE("escape_html leaves no markup and no control characters", "[report]") {
  CHECK(escape_html("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(escape_html("\"><img src=x onerror=alert(1)>") == "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  CHECK(escape_html("a'b&c") == "a&#39;b&amp;c");
  CHECK(escape_html(std::string("a\x01z", 3)) == "a\xEF\xBF\xBDz");
  CHECK(escape_html("t\tn\nr\rd\x7f") == "t\tn\nr\xEF\xBF\xBD" "d\x7f");  // tab, newline and DEL stay
}

TEST_CASE("escape_xml: entities, whitespace as references, what XML 1.0 cannot carry as '?'", "[report]") {
  CHECK(escape_xml("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
  CHECK(escape_xml("t\tn\nr\r") == "t&#9;n&#10;r&#13;");
  CHECK(escape_xml(std::string("a\x01\x7fz\xc3\xa9", 6)) == "a??z\xc3\xa9");  // UTF-8 passes
}

TEST_CASE("a report of hostile names renders them as text and runs no script", "[report]") {
  const std::string hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
  std::vector<RunData> runs = {fake_run(hostile, {"/a=\"" + hostile + "\""}, "dir-a"),
                               fake_run("plain", {"/a=\"b\""}, "dir-b")};
  for (const std::vector<RunData>& set : {std::vector<RunData>{runs[0]}, runs}) {
    const std::string html = build_report_html(set);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("data-plot=\"latency-get\"") != std::string::npos);
  }
}

TEST_CASE("compared runs are labelled by what differs between them", "[report]") {
  std::vector<RunData> runs = {fake_run("join", {"/cluster/placement/strategy=\"ring\"", "/x=1"}, "out/a"),
                               fake_run("join", {"/cluster/placement/strategy=\"jump\"", "/x=1"}, "out/b")};
  label_runs(runs);
  CHECK(runs[0].label == "strategy=ring");
  CHECK(runs[1].label == "strategy=jump");
  runs[1].summary["scenario"] = "other";
  runs[1].summary["overrides"] = runs[0].summary["overrides"];
  label_runs(runs);
  CHECK(runs[0].label == "join");
  CHECK(runs[1].label == "other");
  runs[1].summary["scenario"] = "join";
  label_runs(runs);  // Nothing differs: the directories tell them apart.
  CHECK(runs[0].label == "a");
  CHECK(runs[1].label == "b");
}

TEST_CASE("the wide CSV has one row per window and one column per series", "[report]") {
  const RunData run = fake_run("x", {}, "d");
  std::ostringstream out;
  write_wide_csv(out, run.series);
  CHECK(out.str() ==
        "time_s,get.p50_ms,get.p99_ms,node.0.utilization,node.1.utilization\n"
        "0,1,2,0.5,\n"
        "1,1.5,30,0.9,0.2\n");
}

TEST_CASE("a bad timeseries.csv is refused naming the file and the line", "[report]") {
  std::istringstream no_header("a,b\n");
  CHECK_THROWS_WITH(parse_timeseries_csv(no_header, "x.csv"), Catch::Contains("x.csv: line 1:"));
  std::istringstream bad_value("time_s,metric,value\n0,m,1\n1,m,oops\n");
  CHECK_THROWS_WITH(parse_timeseries_csv(bad_value, "x.csv"), Catch::Contains("x.csv: line 3"));
  CHECK_THROWS_AS(load_run_dir("/nonexistent/run"), ConfigError);
}

TEST_CASE("latency spanning decades gets a log axis", "[report]") {
  LinePlot plot;
  plot.id = "p";
  plot.y_scale = LinePlot::YScale::kAuto;
  plot.lines.push_back({"l", "#000", {0, 1, 2}, {0.5, 5, 800}, false});
  CHECK(render_line_plot(plot).find("(log scale)") != std::string::npos);
  plot.lines[0].y = {1, 2, 3};
  CHECK(render_line_plot(plot).find("(log scale)") == std::string::npos);
}

TEST_CASE("legend labels wrap instead of being cut, and a capped axis never passes its cap", "[report]") {
  LinePlot plot;
  plot.id = "legend";
  const std::string label = "vnodes_per_node=8, read_policy=least_loaded_of_two p99";
  plot.lines.push_back({label, "#000", {0, 1, 2}, {1, 1, 1}, false});
  const std::string svg = render_line_plot(plot);
  CHECK(svg.find(">vnodes_per_node=8,</text>") != std::string::npos);
  // Wrapped by width: 35 characters of DejaVu Sans would reach the viewBox's edge.
  CHECK(svg.find(">read_policy=least_loaded_of_two</text>") != std::string::npos);
  CHECK(svg.find(">p99</text>") != std::string::npos);
  CHECK(svg.find("\xE2\x80\xA6") == std::string::npos);  // No ellipsis: nothing was cut.
  // recall@k constant at 1: without a cap the axis would pad to 1.1.
  plot.y_from_zero = false;
  CHECK(render_line_plot(plot).find(">1.10</text>") != std::string::npos);
  plot.y_max = 1;
  const std::string capped = render_line_plot(plot);
  CAPTURE(capped);
  CHECK(capped.find(">1.10</text>") == std::string::npos);
  CHECK(capped.find(">1.00</text>") != std::string::npos);  // The top tick is the cap.
}

namespace {
// DejaVu Sans advance widths (units of 1/2048 em; Chromium's sans-serif on Linux), for the
// characters of the labels below; any other character counts as a full em.
double dejavu_width_px(const std::string& text, double font_px) {
  static const std::map<char, int> kWidths = {
      {'a', 1255}, {'b', 1300}, {'c', 1126}, {'d', 1300}, {'e', 1260}, {'f', 721},  {'g', 1300}, {'h', 1298},
      {'i', 569},  {'j', 569},  {'k', 1186}, {'l', 569},  {'m', 1995}, {'n', 1298}, {'o', 1253}, {'p', 1300},
      {'q', 1300}, {'r', 842},  {'s', 1067}, {'t', 803},  {'u', 1298}, {'v', 1212}, {'w', 1675}, {'x', 1212},
      {'y', 1212}, {'z', 1075}, {' ', 651},  {'_', 1024}, {'=', 1716}, {',', 651},  {'.', 651},  {'/', 690}};
  double units = 0;
  for (const char c : text) {
    const auto found = kWidths.find(c);
    units += std::isdigit(static_cast<unsigned char>(c)) ? 1303 : found == kWidths.end() ? 2048 : found->second;
  }
  return units / 2048 * font_px;
}
}  // namespace

TEST_CASE("every legend line ends inside the viewBox (a comparison's long labels wrap by width)", "[report]") {
  LinePlot plot;
  plot.id = "legend-extent";
  // Comparison labels name what differs; 34 characters of this one overflowed at 1180 px.
  for (const char* label : {"replicas=3, rebalance_bandwidth_mbps=1000 p999", "read_policy=least_loaded_of_two mean",
                            "vnodes_per_node=16, read_policy=least_loaded_of_two p999"}) {
    plot.lines.push_back({label, "#000", {0, 1, 2}, {1, 2, 1}, false});
  }
  for (const double width : {1000.0, 1180.0}) {
    plot.width = width;
    const std::string svg = render_line_plot(plot);
    const std::regex text_element(R"re(<text x="([0-9.]+)"[^>]*font-size="([0-9.]+)"[^>]*text-anchor="start"[^>]*>([^<]*)</text>)re");
    std::size_t checked = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_element); it != std::sregex_iterator(); ++it) {
      const double x = std::stod((*it)[1]), font_px = std::stod((*it)[2]);
      const std::string text = (*it)[3];
      CAPTURE(width, text);
      CHECK(x + dejavu_width_px(text, font_px) <= width);
      checked += 1;
    }
    CHECK(checked >= 6);  // Each label wrapped onto at least two lines.
    CHECK(svg.find("\xE2\x80\xA6") == std::string::npos);
  }
}

TEST_CASE("markers at almost the same time share one number label, and wrapped marker entries never overlap", "[report]") {
  LinePlot plot;
  plot.id = "markers";
  plot.lines.push_back({"p99", "#000", {0, 10, 20, 30, 40}, {1, 2, 3, 2, 1}, false});
  const std::string long_label = "declared_dead 3 after the failure detector's timeout of 1500 ms expired";
  plot.markers = {{20, "fail_node 3"}, {20.01, long_label}, {35, "join 12"}};
  const std::string svg = render_line_plot(plot);
  CAPTURE(svg);
  CHECK(svg.find(">1,2</text>") != std::string::npos);  // Marker 2 is not hidden behind 1.
  CHECK(svg.find(">3</text>") != std::string::npos);
  // Each legend entry on its own rows: the long label wraps, and the next entry starts below it.
  std::vector<double> ys;
  for (const std::string text : {">1  fail_node 3</text>", ">2  declared_dead 3 ", ">3  join 12</text>"}) {
    const std::size_t at = svg.find(text);
    REQUIRE(at != std::string::npos);
    const std::size_t y_at = svg.rfind(" y=\"", at);
    REQUIRE(y_at != std::string::npos);
    ys.push_back(std::stod(svg.substr(y_at + 4)));
  }
  CHECK(ys[1] > ys[0]);
  CHECK(ys[2] >= ys[1] + 2 * 17 - 0.5);  // Entry 2 took two rows.
}

}  // namespace ringsim::report

namespace ringsim::report {
namespace {

TEST_CASE("a narrated run lists its captions where they appeared, in the summary and the report", "[report]") {
  // Tour 3: the crash is a timeline action at 5 s; the captions tied to it and to the
  // detector follow the run, the time captions their at_s.
  const Scenario scenario = load_scenario(std::string(RINGSIM_SOURCE_DIR) + "/scenarios/tours/03_replication_failure.json", {}, std::nullopt);
  const RunSummary summary = testing::run_to_end(scenario);
  const SummaryTable* narration = nullptr;
  for (const SummaryTable& table : summary.tables) {
    if (table.name == "narration") narration = &table;
  }
  REQUIRE(narration != nullptr);
  REQUIRE(narration->rows.size() == scenario.narration.size());
  CHECK(narration->rows[1][0].get<double>() == 4.5);
  CHECK(narration->rows[2][1] == "fail_node");
  CHECK(narration->rows[2][0].get<double>() == 5.0);
  const double dead_s = narration->rows[3][0].get<double>();
  CHECK(dead_s > 5.0);
  CHECK(dead_s <= 6.5);  // the detector's 1 s timeout, checked every heartbeat
  // Each caption reads as it did at its moment: caption 2 assumes no crash yet
  // (count.fail_node = 0), which holds at 4.5 s though not at the run's end.
  CHECK(narration->rows[1][2].get<std::string>().find("premise no longer holds") == std::string::npos);

  RunData run = fake_run("narrated", {}, "dir");
  run.summary["narration"] = nlohmann::json::array(
      {{{"at_s", 1}, {"trigger", "at_s"}, {"text", "Watch <node> 3"}},
       {{"at_s", nullptr}, {"trigger", "declared_dead"}, {"text", "never shown"}}});
  const std::vector<PlotMarker> markers = narration_markers(run);
  REQUIRE(markers.size() == 1);  // the caption whose event never happened has no marker
  CHECK(markers[0].x == 1);
  CHECK(markers[0].label == "1 s caption 1");
  const std::string html = build_report_html({run});
  CHECK(html.find("id=\"narration\"") != std::string::npos);
  CHECK(html.find("Watch &lt;node&gt; 3") != std::string::npos);
  CHECK(html.find("1 s caption 1") != std::string::npos);
}

TEST_CASE("a caption quotes the values of the window it appeared in, not the run's end", "[report][narration]") {
  // Tour 1: "{members} nodes share {keys} keys" at 0 s is 8 nodes, though 9 are members by
  // the end; the join caption says 1/9 (its change's members_after).
  const Scenario scenario =
      load_scenario(std::string(RINGSIM_SOURCE_DIR) + "/scenarios/tours/01_consistent_hashing.json", {}, std::nullopt);
  const RunSummary summary = testing::run_to_end(scenario);
  const SummaryTable* narration = nullptr;
  for (const SummaryTable& table : summary.tables) {
    if (table.name == "narration") narration = &table;
  }
  REQUIRE(narration != nullptr);
  CHECK(narration->rows[0][2].get<std::string>().rfind("8 nodes share 40,000 keys", 0) == 0);
  CHECK(narration->rows[2][2].get<std::string>().find("1/9 of the keys") != std::string::npos);
}

}  // namespace
}  // namespace ringsim::report
