#!/usr/bin/env bash
# ringsim run --perfetto and --trace-gzip end to end (docs/outputs.md):
#  - node_failure exported to a .gz file passes check_trace.py (a process per node, nested
#    slices, counters, instants) and its trace hash equals a run without --perfetto;
#  - a window and kinds filter, and a 1 MiB cap, still give valid documents; the cap says so;
#  - a bad --perfetto-kinds is refused with exit 2;
#  - --trace-gzip's trace.jsonl.gz unzips to exactly --trace's trace.jsonl.
set -euo pipefail
ringsim=$1; source_dir=$2; out=$3; python=${4:-python3}
check="$python $source_dir/tests/perfetto/check_trace.py"
rm -rf "$out"; mkdir -p "$out"
scenario=$source_dir/scenarios/node_failure.json

"$ringsim" run "$scenario" -q --no-expect --out "$out/plain" >/dev/null
"$ringsim" run "$scenario" -q --no-expect --out "$out/traced" --perfetto "$out/node_failure.json.gz" >/dev/null
$check "$out/node_failure.json.gz" --expect-nodes 8
hash() { "$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["trace_hash"])' "$1/summary.json"; }
[[ "$(hash "$out/plain")" == "$(hash "$out/traced")" ]] || { echo "--perfetto changed the trace hash"; exit 1; }

"$ringsim" run "$scenario" -q --no-expect --until 15 --perfetto "$out/window.json" --perfetto-from 9 --perfetto-to 12 \
  --perfetto-kinds service,instant >/dev/null
$check "$out/window.json"
"$ringsim" run "$scenario" -q --no-expect --until 15 --perfetto "$out/capped.json" --perfetto-max-mb 1 2>"$out/capped.err" >/dev/null
$check "$out/capped.json"
grep -q "capped at" "$out/capped.err" || { echo "no message for a capped export"; cat "$out/capped.err"; exit 1; }
instants=$(grep -c '"ph":"i"' "$out/capped.json" || true)
(( instants >= 2 )) || { echo "the capped export lost the instants (fail_node, declared_dead): $instants"; exit 1; }
size=$(stat -c %s "$out/capped.json")
(( size < 1100000 )) || { echo "capped export is $size bytes"; exit 1; }

set +e
"$ringsim" run "$scenario" -q --perfetto "$out/bad.json" --perfetto-kinds service,bogus 2>"$out/bad.err"
code=$?
set -e
[[ $code == 2 ]] || { echo "bad --perfetto-kinds exited $code, expected 2"; exit 1; }
grep -q -- "--perfetto-kinds" "$out/bad.err"

mm1=$source_dir/scenarios/mm1.json
"$ringsim" run "$mm1" -q --no-expect --until 5 --out "$out/trace_plain" --trace >/dev/null 2>&1
"$ringsim" run "$mm1" -q --no-expect --until 5 --out "$out/trace_gz" --trace-gzip >/dev/null 2>&1
[[ ! -e "$out/trace_gz/trace.jsonl" ]]
cmp <(zcat "$out/trace_gz/trace.jsonl.gz") "$out/trace_plain/trace.jsonl"
echo "perfetto and gzip trace checks passed"
