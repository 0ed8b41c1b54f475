#!/usr/bin/env bash
# ringsim sweep + merge on the M/M/1 scenario, checked against queueing theory:
#  - --jobs 1 and --jobs 2 give byte-identical merged.csv (and identical run directories);
#  - a second sweep into the same directory resumes: every point is skipped;
#  - at rates 500 and 800/s (mu = 1000/s), the 95 % Student-t interval of the mean sojourn
#    time across 4 seeds covers 1/(mu - lambda) = 2 ms and 5 ms, and the pooled p99 (all
#    seeds' histograms merged) is within 5 % of -ln(0.01)/(mu - lambda) = 9.21 ms and 23.03 ms.
# Usage: mm1_sweep_test.sh RINGSIM SOURCE_DIR WORK_DIR
set -euo pipefail
RINGSIM="$1"; SOURCE_DIR="$2"; WORK="$3"
source "$SOURCE_DIR/tests/sweep/common.sh"
rm -rf "$WORK"; mkdir -p "$WORK"
sweep=("$RINGSIM" sweep "$SOURCE_DIR/scenarios/mm1.json" --seeds 1..4 --grid /workload/arrivals/rate_qps=500,800)

"${sweep[@]}" --jobs 1 --out "$WORK/j1" 2>"$WORK/j1.err"
"${sweep[@]}" --jobs 2 --out "$WORK/j2" 2>"$WORK/j2.err"
grep -q "8/8 points done" "$WORK/j2.err" || fail "no progress line: $(cat "$WORK/j2.err")"
"$RINGSIM" merge "$WORK/j1" --out "$WORK/m1"
"$RINGSIM" merge "$WORK/j2" --out "$WORK/m2"
cmp "$WORK/m1/merged.csv" "$WORK/m2/merged.csv" || fail "--jobs 1 and --jobs 2 merge differently"
same_run_dirs "$WORK/j1" "$WORK/j2"

"${sweep[@]}" --jobs 2 --out "$WORK/j2" 2>"$WORK/resume.err"
grep -q "8 of 8 points already finished" "$WORK/resume.err" || fail "resume ran points again: $(cat "$WORK/resume.err")"
# A different sweep into the same directory is refused (exit 2), not mixed in.
set +e
"$RINGSIM" sweep "$SOURCE_DIR/scenarios/mm1.json" --seeds 1..5 --out "$WORK/j2" 2>/dev/null
code=$?
set -e
[[ $code == 2 ]] || fail "a different sweep into an existing directory exited $code, not 2"

csv="$WORK/m1/merged.csv"
[[ "$(wc -l <"$csv")" == 3 ]] || fail "expected a header and 2 grid points in $csv"
for row in 1 2; do
  rate="$(csv_value "$csv" $row /workload/arrivals/rate_qps)"
  seeds="$(csv_value "$csv" $row seeds)"
  low="$(csv_value "$csv" $row request.mean_ms.ci95_low)"
  high="$(csv_value "$csv" $row request.mean_ms.ci95_high)"
  p99="$(csv_value "$csv" $row request.p99_ms.pooled)"
  count="$(csv_value "$csv" $row request.count.pooled)"
  echo "rate $rate/s: mean sojourn 95 % CI [$low, $high] ms, pooled p99 $p99 ms over $count requests"
  [[ "$seeds" == 4 ]] || fail "rate $rate: $seeds seeds, expected 4"
  awk -v rate="$rate" -v low="$low" -v high="$high" -v p99="$p99" 'BEGIN {
    mean = 1000 / (1000 - rate); want_p99 = -log(0.01) * mean
    if (!(low <= mean && mean <= high)) { print "FAIL: CI [" low ", " high "] misses " mean " ms"; exit 1 }
    # An interval wider than the mean itself would cover anything: not a real check.
    if (high - low > 0.2 * mean) { print "FAIL: CI [" low ", " high "] too wide"; exit 1 }
    if (p99 < 0.95 * want_p99 || p99 > 1.05 * want_p99) { print "FAIL: pooled p99 " p99 " vs " want_p99; exit 1 }
  }' || exit 1
done
echo "ok"
