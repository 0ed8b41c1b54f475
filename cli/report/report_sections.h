// The sections of the report page (report_page.cpp puts them in order). Each adds nothing
// when no run has its data. Internal to cli/report/.
#pragma once

#include <string>
#include <vector>

#include "cli/report/html_page.h"
#include "cli/report/line_plot.h"
#include "cli/report/run_data.h"

namespace ringsim::report {

// Timeline actions, detector decisions and autoscaler changes of a run (the summary's
// changes table), as plot markers.
std::vector<PlotMarker> change_markers(const RunData& run);
// One marker per narration caption that appeared ("12 s caption 3"), from summary table "narration".
std::vector<PlotMarker> narration_markers(const RunData& run);
// One line per run of series `name` (comparison), or the single run's line, scaled.
std::vector<PlotLine> lines_of(const std::vector<RunData>& runs, const std::string& name, double scale = 1,
                               const std::string& single_label = {});
bool any_series(const std::vector<RunData>& runs, const std::string& name);
// Plot width in CSS px (wide enough for 1280-px screens, shrinks with the window).
inline constexpr double kPlotWidth = 1180;

void add_overview(const std::vector<RunData>& runs, HtmlPage& page);
// The scenario's narration captions (summary table "narration"), when it has one.
void add_narration(const std::vector<RunData>& runs, HtmlPage& page);
void add_comparison_table(const std::vector<RunData>& runs, HtmlPage& page);
void add_latency(const std::vector<RunData>& runs, HtmlPage& page);
void add_nodes(const std::vector<RunData>& runs, HtmlPage& page);
void add_membership(const std::vector<RunData>& runs, HtmlPage& page);
void add_data_movement(const std::vector<RunData>& runs, HtmlPage& page);
void add_autoscaler(const std::vector<RunData>& runs, HtmlPage& page);
void add_vectors(const std::vector<RunData>& runs, HtmlPage& page);
void add_dags(const std::vector<RunData>& runs, HtmlPage& page);
void add_changes_tables(const std::vector<RunData>& runs, HtmlPage& page);

}  // namespace ringsim::report
