#!/usr/bin/env bash
# The sweep report (docs/report.md#sweep-reports): a 2 x 2 grid over M/M/c (rate x cores),
# 3 seeds each, merged and reported. ringsim-report-check finds the error-bar plots of the
# mean sojourn time against each grid pointer, with data marks, on a self-contained page;
# each such plot has one marker per grid point (4), and one series per value of the other
# pointer (legend "cores=1", "cores=2" against the rate; "rate_qps=500"... against cores).
# Usage: sweep_report_test.sh RINGSIM REPORT_CHECK SOURCE_DIR WORK_DIR
set -euo pipefail
RINGSIM="$1"; CHECK="$2"; SOURCE_DIR="$3"; WORK="$4"
source "$SOURCE_DIR/tests/sweep/common.sh"
rm -rf "$WORK"; mkdir -p "$WORK"
"$RINGSIM" sweep "$SOURCE_DIR/scenarios/mm1.json" --seeds 1..3 --set /duration_s=40 \
  --grid /workload/arrivals/rate_qps=500,800 --grid /station/cores=1,2 --jobs 2 --out "$WORK/sweep" 2>/dev/null
"$RINGSIM" merge "$WORK/sweep" --out "$WORK/merged"
"$RINGSIM" report "$WORK/merged" --out "$WORK/sweep.html"
"$CHECK" "$WORK/sweep.html" sweep-request-mean_ms-by-0 sweep-request-mean_ms-by-1 sweep-station-utilization-by-0
for plot in sweep-request-mean_ms-by-0 sweep-request-mean_ms-by-1; do
  body=$(perl -0777 -ne "print \$& if /data-plot=\"$plot\".*?<\/svg>/s" "$WORK/sweep.html")
  marks=$(grep -o '<rect class="mark"' <<<"$body" | wc -l)
  [[ $marks == 4 ]] || fail "$plot has $marks mean markers, expected 4 (one per grid point)"
  grep -q "95 % CI \[" <<<"$body" || fail "$plot has no confidence interval in its tooltips"
done
grep -q "cores=1" "$WORK/sweep.html" || fail "no series labelled cores=1"
grep -q "rate_qps=800" "$WORK/sweep.html" || fail "no series labelled rate_qps=800"
# A run directory mixed with a merged one is refused.
set +e
"$RINGSIM" report "$WORK/merged" "$WORK/sweep/points/0001" --out "$WORK/mixed.html" 2>/dev/null
code=$?
set -e
[[ $code == 2 ]] || fail "a merged directory with another directory exited $code, not 2"
size=$(stat -c %s "$WORK/sweep.html")
echo "sweep report ok: $size bytes"
