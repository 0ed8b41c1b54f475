#!/usr/bin/env bash
# The sweep's GNU parallel job list runs the same points as a local sweep: identical run
# directories (but wall_time_s) and a byte-identical merged.csv. A second `parallel
# --resume` with the same joblog runs nothing.
# Usage: parallel_sweep_test.sh RINGSIM SOURCE_DIR WORK_DIR
set -euo pipefail
RINGSIM="$1"; SOURCE_DIR="$2"; WORK="$3"
source "$SOURCE_DIR/tests/sweep/common.sh"
rm -rf "$WORK"; mkdir -p "$WORK"
sweep=("$RINGSIM" sweep "$SOURCE_DIR/scenarios/mm1.json" --seeds 1..3
       --grid /workload/arrivals/rate_qps=500,800 --grid /station/cores=1,2 --set /duration_s=60)

"${sweep[@]}" --jobs 2 --out "$WORK/local" 2>/dev/null
"${sweep[@]}" --emit parallel --out "$WORK/par" >/dev/null
[[ "$(wc -l <"$WORK/par/jobs.txt")" == 12 ]] || fail "expected 12 job lines"
parallel --will-cite --jobs 2 --joblog "$WORK/par/joblog.txt" --resume -a "$WORK/par/jobs.txt"
parallel --will-cite --jobs 2 --joblog "$WORK/par/joblog.txt" --resume -a "$WORK/par/jobs.txt"
[[ "$(wc -l <"$WORK/par/joblog.txt")" == 13 ]] || fail "--resume ran jobs again (joblog: $(wc -l <"$WORK/par/joblog.txt") lines)"

same_run_dirs "$WORK/local" "$WORK/par"
# Each job's output lands in the point's log, as a local sweep's does.
[[ "$(ls "$WORK/par/logs" | wc -l)" == 12 ]] || fail "expected 12 logs in par/logs, got: $(ls "$WORK/par/logs")"
"$RINGSIM" merge "$WORK/local" --out "$WORK/m_local"
"$RINGSIM" merge "$WORK/par" --out "$WORK/m_par"
cmp "$WORK/m_local/merged.csv" "$WORK/m_par/merged.csv" || fail "GNU parallel and local sweeps merge differently"
cmp "$WORK/m_local/merged.json" "$WORK/m_par/merged.json" || fail "merged.json differs"
echo "ok: GNU parallel sweep (12 points) merges byte-identically to the local sweep"
