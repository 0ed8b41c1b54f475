#include "cli/report/player_page.h"

#include "cli/report/player_data.h"
#include "cli/report/player_script.h"
#include "cli/report/escape.h"

namespace ringsim::player {
namespace {

// Laid out for a 1280x720 projector first: controls and caption on top, the ring on the
// left, readouts and charts on the right; at 1920x1080 everything grows with the viewport.
const char* kStyle = R"CSS(
*{box-sizing:border-box}
body{margin:0;font-family:"DejaVu Sans",Verdana,sans-serif;font-size:15px;color:#1d232b;background:#f6f7f9}
header{display:flex;flex-wrap:wrap;align-items:center;gap:8px 14px;padding:6px 12px;background:#20262e;color:#eef1f4}
header h1{font-size:17px;margin:0;font-weight:600}
header .run{font-size:13px;color:#aeb8c4}
#controls{display:flex;align-items:center;gap:8px;flex:1 1 520px}
#controls button,#controls select{font:inherit;font-size:14px;padding:3px 9px}
#scrub{flex:1 1 auto;min-width:200px}
#clock{font-variant-numeric:tabular-nums;min-width:11ch;text-align:right}
#caption{margin:8px 12px;padding:8px 12px;background:#fff;border-left:6px solid #c2185b;min-height:3.2em;
  font-size:18px;line-height:1.35}
#caption .meta{display:block;font-size:13px;color:#5b6673;margin-top:2px}
main{display:grid;grid-template-columns:minmax(280px,38%) 1fr;gap:10px;padding:0 12px 12px}
section{background:#fff;border:1px solid #d9dee4;border-radius:4px;padding:6px 8px;min-width:0}
section h2{font-size:14px;margin:0 0 4px;color:#3a4654}
svg{display:block;width:100%;height:auto}
svg text{font-family:"DejaVu Sans",Verdana,sans-serif}
#ring-note{font-size:13px;color:#3a4654;margin:4px 0 0;min-height:2.6em}
#readout{width:100%;border-collapse:collapse;font-size:14px;font-variant-numeric:tabular-nums}
#readout td,#readout th{padding:1px 6px;text-align:right;border-bottom:1px solid #eef0f3}
#readout th:first-child,#readout td:first-child{text-align:left}
.legend{font-size:12px;color:#3a4654}
.legend span{display:inline-block;margin-right:10px}
.legend i{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}
.right{display:flex;flex-direction:column;gap:10px;min-width:0}
)CSS";

// "</" would end the script element the JSON sits in; "<\/" is the same JSON string.
std::string script_safe(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    out += json[i];
    if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/') out += '\\';
  }
  return out;
}

const char* kBody = R"HTML(
<header><h1 id="title"></h1><span class="run" id="run-info"></span>
<div id="controls"><button id="play" title="Space">Play</button>
<button id="back" title="Left arrow: one window back">&#9664;</button><button id="fwd" title="Right arrow: one window on">&#9654;</button>
<label>speed <select id="speed"><option value="0.05">x0.05</option><option value="0.1">x0.1</option><option value="0.25">x0.25</option>
<option value="0.5">x0.5</option><option value="1" selected>x1</option><option value="2">x2</option><option value="5">x5</option>
<option value="10">x10</option><option value="30">x30</option></select></label>
<input id="scrub" type="range" min="0" step="any" aria-label="virtual time"><span id="clock"></span></div></header>
<div id="caption"><span id="caption-text"></span><span class="meta" id="caption-meta"></span></div>
<main><section><h2 id="ring-title">Ring</h2><svg id="ring" viewBox="0 0 400 400"></svg><div class="legend" id="ring-legend"></div>
<p id="ring-note"></p></section>
<div class="right"><section><h2 id="readout-title">Values</h2><table id="readout"></table></section>
<section><h2>Latency percentiles per window (ms) <span class="legend" id="latency-legend"></span></h2>
<svg id="latency" viewBox="0 0 760 230"></svg></section>
<section><h2>Node states <span class="legend" id="lanes-legend"></span></h2><svg id="lanes" viewBox="0 0 760 120"></svg></section>
</div></main>
)HTML";

}  // namespace

std::string build_player_html(const report::RunData& run) {
  const nlohmann::json data = player_data(run);
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>" + report::escape_html(data["scenario"].get<std::string>()) + " - ringsim player</title>\n";
  page += "<style>" + std::string(kStyle) + "</style></head><body>";
  page += kBody;
  page += "<script type=\"application/json\" id=\"run-data\">";
  page += script_safe(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  page += "</script>\n<script>\n";
  page += player_script_core();
  page += player_script_charts();
  page += "\nringsimPlayerStart();\n</script>\n</body></html>\n";
  return page;
}

}  // namespace ringsim::player
