#!/usr/bin/env bash
# Issue #18: each input that crashed ringsim or blew up its memory or time, run through the
# binary. Each must end with exit 2 and a message naming the JSON pointer and the limit, or
# complete (exit 0/1) -- never by a signal. Usage: hardening_cli.sh RINGSIM SOURCE_DIR CASE
set -uo pipefail
ringsim="$1"
src="$2"
case_name="$3"
DEBIAN_PYTHON3="${DEBIAN_PYTHON3:-/usr/bin/python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL [$case_name]: $*" >&2; exit 1; }

# expect_refused "substring of stderr" ringsim args...
expect_refused() {
  local want="$1"
  shift
  "$ringsim" "$@" >"$tmp/out" 2>"$tmp/err"
  local code=$?
  cat "$tmp/err"
  [[ $code -eq 2 ]] || fail "exit $code, expected 2: $(cat "$tmp/err")"
  grep -qF -- "$want" "$tmp/err" || fail "stderr lacks \"$want\""
}

# expect_completes ringsim args...: exit 0 or 1 (an expectation may fail), no signal.
expect_completes() {
  "$ringsim" "$@" >"$tmp/out" 2>"$tmp/err"
  local code=$?
  tail -3 "$tmp/out"
  [[ $code -eq 0 || $code -eq 1 ]] || fail "exit $code: $(cat "$tmp/err")"
}

case "$case_name" in
  deep_nesting)
    # 200,000 nested arrays (400 KB): refused before nlohmann builds (or copies) it.
    head -c 200000 /dev/zero | tr '\0' '[' >"$tmp/deep.json"
    head -c 200000 /dev/zero | tr '\0' ']' >>"$tmp/deep.json"
    expect_refused "nesting deeper than 64 levels" validate "$tmp/deep.json"
    expect_refused "/0/0/0/0" validate "$tmp/deep.json"
    # Inside a valid scenario, the pointer names where it goes too deep.
    { printf '{"name": "x", "description": '; head -c 100 /dev/zero | tr '\0' '['; head -c 100 /dev/zero | tr '\0' ']'; printf '}'; } >"$tmp/deep2.json"
    expect_refused "deep2.json: /description/0/0" validate "$tmp/deep2.json"
    expect_refused "nesting deeper than 64" validate "$src/scenarios/mm1.json" --set "/description=$(head -c 100 /dev/zero | tr '\0' '[')$(head -c 100 /dev/zero | tr '\0' ']')"
    ;;
  set_not_utf8)
    expect_refused "--set: /duration_s: not valid UTF-8" validate "$src/scenarios/mm1.json" --set $'/duration_s=\xff'
    expect_refused "not valid UTF-8" run "$src/scenarios/mm1.json" --set $'/name=\xff\xfe' --out "$tmp/out_dir"
    [[ ! -e "$tmp/out_dir/summary.json" ]] || fail "summary.json written for bad input"
    # A scenario file whose name is not UTF-8 still gets a valid summary.json.
    cp "$src/scenarios/mm1.json" "$tmp/"$'\xff'".json"
    expect_completes run "$tmp/"$'\xff'".json" --set /duration_s=5 --set /warmup_s=0 --out "$tmp/named"
    grep -q '"scenario"' "$tmp/named/summary.json" || fail "summary.json not written"
    ;;
  low_migration_bandwidth)
    # validate and run agree: the run completes (the stream task's nominal cost is capped).
    expect_completes validate "$src/scenarios/node_join.json" --set /cluster/migration/rebalance_bandwidth_mbps=0.01
    expect_completes run "$src/scenarios/node_join.json" --set /cluster/migration/rebalance_bandwidth_mbps=0.01 --quiet
    # A per-key cost that would make one task exceed the DAG limit is refused up front.
    expect_refused "/cluster/migration/verify_us_per_key" validate "$src/scenarios/node_join.json" --set /cluster/migration/verify_us_per_key=100000
    ;;
  pending_requests)
    # Estimated memory of requests in flight dominates; a 1 GiB budget refuses it.
    expect_refused "/cluster/client/timeout_ms" validate "$src/tests/hardening/station_pending.json" --max-memory 1G
    expect_refused "requests in flight" validate "$src/tests/hardening/station_pending.json" --max-memory 1G
    ;;
  seed)
    expect_refused "--seed" validate "$src/scenarios/mm1.json" --seed -1
    expect_refused "--seed" validate "$src/scenarios/mm1.json" --seed 18446744073709551616
    expect_refused "--seed" validate "$src/scenarios/mm1.json" --seed 1x
    expect_completes validate "$src/scenarios/mm1.json" --seed 18446744073709551615
    grep -q "seed 18446744073709551615" "$tmp/out" || fail "largest seed not taken"
    ;;
  vnodes)
    # 128 nodes x 65,536 vnodes: joins merge instead of re-sorting (was ~130 s); ctest's
    # TIMEOUT bounds it.
    expect_completes validate "$src/scenarios/node_join.json" --set /cluster/nodes=127 \
      --set /cluster/placement/vnodes_per_node=65536
    ;;
  vector_memory)
    expect_refused "the largest part is HNSW graphs" validate "$src/scenarios/rag_search.json" --set /data/keys=488281 \
      --set /data/vectors/dim=4096 --max-memory 4G
    expect_refused "over the 4.0 GiB budget" validate "$src/scenarios/rag_search.json" --set /data/keys=20000000 \
      --set /data/vectors/dim=100 --set /cluster/replication/factor=7 --max-memory 4G
    ;;
  series)
    expect_refused "/window_s: the time series would hold" validate "$src/scenarios/node_join.json" --set /cluster/nodes=120 \
      --set /window_s=0.001 --set /duration_s=1000
    ;;
  heartbeats)
    expect_refused "/cluster/failure_detection/heartbeat_ms: the run would execute about" validate \
      "$src/scenarios/node_join.json" --set /cluster/nodes=120 --set /duration_s=1000000 --set /window_s=10 \
      --set '/cluster/failure_detection={"heartbeat_ms": 1, "failure_timeout_ms": 10}' --set /workload/arrivals/rate_qps=1
    ;;
  longest_run)
    # Found by the 10 M-execution fuzz run: a rate so low that the next arrival lies past the
    # engine's horizon, and a run of the longest legal duration, whose last events schedule
    # past its end. Both completed with an internal invariant violation (SIGABRT) before.
    expect_completes run "$src/scenarios/retry_storm.json" --set /workload/arrivals/rate_qps=8.1e-8 --quiet
    expect_completes run "$src/scenarios/mm1.json" --set /duration_s=1e6 --set /workload/arrivals/rate_qps=0.001 \
      --set /window_s=1000 --quiet
    expect_completes run "$src/scenarios/retry_storm.json" --set /duration_s=1e6 --set /workload/arrivals/rate_qps=0.001 \
      --set /window_s=1000 --set /timeline=[] --quiet
    ;;
  max_memory_option)
    expect_refused "--max-memory" validate "$src/scenarios/mm1.json" --max-memory lots
    expect_refused "over the 1.0 KiB budget" validate "$src/scenarios/mm1.json" --max-memory 1K
    expect_completes validate "$src/scenarios/mm1.json"
    grep -q "estimated memory" "$tmp/out" || fail "validate does not print the estimate"
    ;;
  long_paths)
    # Issue #24 kind 1: a name over NAME_MAX or a symlink loop wherever a path is taken or a
    # directory walked ended in an uncaught filesystem_error (SIGABRT).
    long="$(head -c 300 /dev/zero | tr '\0' 'a')"
    ln -s "$tmp/loop" "$tmp/loop"
    expect_refused "$long" validate "$tmp/$long.json"
    expect_refused "loop" validate "$tmp/loop"
    for set in "/workload/arrivals={\"type\": \"trace\", \"file\": \"$tmp/$long.csv\"}" \
               "/workload/arrivals={\"type\": \"trace\", \"file\": \"$tmp/loop\"}"; do
      expect_refused "/workload/arrivals/file" validate "$src/scenarios/trace_replay.json" --set "$set"
    done
    expect_refused "/workload/runbook/file" validate "$src/scenarios/rag_runbook.json" \
      --set "/workload/runbook/file=$tmp/$long.yaml"
    expect_refused "/workload/runbook/file" validate "$src/scenarios/rag_runbook.json" --set "/workload/runbook/file=$tmp/loop"
    for key in fvecs_file hdf5_file queries_file ground_truth_file; do
      expect_refused "/data/vectors/$key" validate "$src/scenarios/rag_search.json" --set "/data/vectors/$key=$tmp/$long.fvecs"
      expect_refused "/data/vectors/$key" validate "$src/scenarios/rag_search.json" --set "/data/vectors/$key=$tmp/loop"
    done
    expect_refused "$long" merge "$tmp/$long" --out "$tmp/merged"
    expect_refused "loop" merge "$tmp/loop" --out "$tmp/merged"
    expect_refused "$long" report "$tmp/$long" --out "$tmp/r.html"
    expect_refused "loop" report "$tmp/loop" --out "$tmp/r.html"
    expect_refused "$long" check "$tmp/$long"
    mkdir -p "$tmp/walk" && cp "$src/scenarios/mm1.json" "$tmp/walk/" && ln -s loop2 "$tmp/walk/loop2"
    expect_refused "loop2" check "$tmp/walk"
    expect_refused "$long" check "$src/scenarios/mm1.json" --goldens "$tmp/$long"
    expect_refused "$long" replay "$tmp/$long.golden"
    expect_refused "$long" sweep "$tmp/$long.json" --grid /duration_s=1 --seeds 1 --out "$tmp/sw"
    ;;
  runbook_keys)
    # Kind 2: a step key that is a sequence, map or alias threw YAML::TypedBadConversion;
    # a repeated step (the last one won) is refused naming both lines.
    cp "$src/scenarios/rag_runbook.json" "$tmp/s.json"
    printf 'rag-small:\n  [1, 2]: {operation: search}\n' >"$tmp/r1.yaml"
    printf 'rag-small:\n  {a: 1}: {operation: search}\n' >"$tmp/r2.yaml"
    printf 'rag-small:\n  1: &x {operation: search}\n  *x : {operation: search}\n' >"$tmp/r3.yaml"
    printf 'rag-small:\n  1: {operation: insert, start: 0, end: 10}\n  2: {operation: search}\n  1: {operation: search}\n' >"$tmp/r4.yaml"
    printf 'rag-small:\n  1: {operation: search, operation: insert}\n' >"$tmp/r5.yaml"
    expect_refused "is not a plain name or step number" validate "$tmp/s.json" --set "/workload/runbook/file=$tmp/r1.yaml"
    expect_refused "line 2, column 3" validate "$tmp/s.json" --set "/workload/runbook/file=$tmp/r2.yaml"
    expect_refused "is not a plain name" validate "$tmp/s.json" --set "/workload/runbook/file=$tmp/r3.yaml"
    expect_refused "step 1 appears twice: at line 2, column 3 and at line 4, column 3" validate "$tmp/s.json" \
      --set "/workload/runbook/file=$tmp/r4.yaml"
    expect_refused "\`operation\` appears twice" validate "$tmp/s.json" --set "/workload/runbook/file=$tmp/r5.yaml"
    # A runbook too large to parse within bounded memory is refused by its size.
    { echo 'rag-small:'; for i in $(seq 1 40000); do echo "  $i: {operation: search, comment_padding_to_grow_the_file: 1}"; done; } >"$tmp/big.yaml"
    expect_refused "bytes; at most 2097152" validate "$tmp/s.json" --set "/workload/runbook/file=$tmp/big.yaml"
    ;;
  trace_scale)
    # Kind 3: times that after time_scale overflow (or collapse onto one instant) ended in an
    # assertion on rate_qps > 0.
    printf 'time_s,rate_qps\n0,10\n900000000,10\n' >"$tmp/long.csv"
    expect_refused "after time_scale the trace spans more than" validate "$src/scenarios/trace_replay.json" \
      --set "/workload/arrivals={\"type\": \"trace\", \"file\": \"$tmp/long.csv\", \"time_scale\": 1000000}"
    printf 'time_s,rate_qps\n0,10\n1,10\n2,10\n' >"$tmp/short.csv"
    expect_refused "after time_scale two rows fall on the same nanosecond" validate "$src/scenarios/trace_replay.json" \
      --set "/workload/arrivals={\"type\": \"trace\", \"file\": \"$tmp/short.csv\", \"time_scale\": 1e-300}"
    printf 'time_s\n0\n1\n2\n' >"$tmp/stamps.csv"
    expect_refused "no replay length" validate "$src/scenarios/trace_replay.json" \
      --set "/workload/arrivals={\"type\": \"trace\", \"file\": \"$tmp/stamps.csv\", \"time_scale\": 1e-300}"
    ;;
  set_rate_tiny)
    # Kind 4: validate said ok, then a set_rate of a tiny positive rate placed the next arrival
    # past the horizon (horizon - now computed in double, whose step near 10^18 is 128 ns).
    for rate in 1e-12 1e-300 5e-324; do
      for type in poisson constant; do
        expect_completes run "$src/scenarios/retry_storm.json" --set "/workload/arrivals={\"type\": \"$type\", \"rate_qps\": 8}" \
          --set "/timeline=[{\"at_s\": 1, \"action\": \"set_rate\", \"rate_qps\": $rate}]" --quiet
      done
    done
    ;;
  golden_deep)
    # Kind 5: a golden holding a very deep array overflowed the stack in replay and check.
    { printf '{"format": "ringsim-golden/1", "file": "x", "summary": {}, "windows": [], "scenario": {"description": '; \
      head -c 1000000 /dev/zero | tr '\0' '['; head -c 1000000 /dev/zero | tr '\0' ']'; printf '}}'; } >"$tmp/deep.golden"
    expect_refused "nesting deeper than 64" replay "$tmp/deep.golden"
    mkdir -p "$tmp/goldens" && cp "$tmp/deep.golden" "$tmp/goldens/mm1.golden"
    "$ringsim" check "$src/scenarios/mm1.json" --goldens "$tmp/goldens" >"$tmp/out" 2>"$tmp/err"
    code=$?
    [[ $code -eq 1 || $code -eq 2 ]] || fail "check --goldens: exit $code"
    grep -q "nesting deeper than 64" "$tmp/out" "$tmp/err" || fail "check does not name the depth"
    ;;
  report_types)
    # Kind 6: report on a run directory whose cluster.json has a field of the wrong type.
    expect_completes run "$src/scenarios/node_join.json" --set /duration_s=2 --set /warmup_s=0 --set /timeline=[] --quiet --out "$tmp/run"
    [[ -s "$tmp/run/cluster.json" ]] || fail "no cluster.json"
    "$DEBIAN_PYTHON3" - "$tmp/run/cluster.json" <<'PY' || fail "python"
import json, sys
path = sys.argv[1]
data = json.load(open(path))
def spoil(value):
    if isinstance(value, dict):
        return {k: ("x" if isinstance(v, (int, float, list)) else spoil(v)) for k, v in value.items()}
    return value
json.dump(spoil(data), open(path, "w"))
PY
    expect_refused "wrong type" report "$tmp/run" --out "$tmp/r.html"
    [[ ! -e "$tmp/r.html" ]] || fail "report written"
    printf '{"scenario": "x", "scenario": "y"}' >"$tmp/run/summary.json"
    expect_refused "duplicate key" report "$tmp/run" --out "$tmp/r.html"
    ;;
  pending_events)
    # Kind 7: validate accepted (4.5 GiB) what aborted at 8.9 GB on the event queue's bound.
    expect_refused "events pending at once" validate "$src/scenarios/rag_search.json" \
      --set /workload/arrivals/rate_qps=1000000 --set /cluster/client/timeout_ms=60000 --max-memory 64G
    expect_refused "/cluster/client/timeout_ms" validate "$src/scenarios/rag_search.json" \
      --set /workload/arrivals/rate_qps=1000000 --set /cluster/client/timeout_ms=60000 --max-memory 64G
    ;;
  estimate_everywhere)
    # Kind 8: record (and check, replay, sweep) applied no estimate: bad_alloc, not a refusal.
    expect_refused "over the 1.0 KiB budget" record "$src/scenarios/mm1.json" --golden "$tmp/g.golden" --max-memory 1K
    [[ ! -e "$tmp/g.golden" ]] || fail "golden written"
    expect_refused "over the 1.0 KiB budget" check "$src/scenarios/mm1.json" --max-memory 1K
    expect_refused "over the 1.0 KiB budget" replay "$src/scenarios/golden/mm1.golden" --max-memory 1K
    # A sweep refuses before starting any point (the default budget: half of physical memory).
    expect_refused "budget (--max-memory)" sweep "$src/scenarios/rag_search.json" --grid /data/keys=3000000 \
      --set /data/vectors/dim=512 --seeds 1 --out "$tmp/sw"
    [[ ! -d "$tmp/sw/points" ]] || fail "sweep started points"
    ;;
  nul_key)
    # Kind 9: a NUL in a key name cut the message at the NUL.
    sed 's/^{/{"a\\u0000b": 1,/' "$src/scenarios/mm1.json" >"$tmp/nul.json"
    expect_refused 'a\u0000b' validate "$tmp/nul.json"
    ;;
  duplicate_keys)
    printf '{\n  "name": "a",\n  "seed": 1,\n  "name": "b"\n}\n' >"$tmp/dup.json"
    expect_refused 'duplicate key "name": first at line 2, column 3, again at line 4, column 3' validate "$tmp/dup.json"
    expect_refused "dup.json: /name" validate "$tmp/dup.json"
    expect_refused "duplicate key" validate "$src/scenarios/mm1.json" --set '/station={"cores": 1, "cores": 2}'
    ;;
  full_disk)
    # Kind 10: a full filesystem cut timeseries.csv mid-line and left pooled.json empty, exit
    # 0. RLIMIT_FSIZE (ulimit -f, KiB) stands in for a tmpfs of a few pages: with SIGXFSZ
    # ignored a write past it fails with EFBIG, as ENOSPC would.
    ( trap '' XFSZ; ulimit -f 40; exec "$ringsim" run "$src/scenarios/mm1.json" --set /duration_s=200 --quiet \
        --out "$tmp/full" ) >"$tmp/out" 2>"$tmp/err"
    code=$?
    cat "$tmp/err"
    [[ $code -eq 3 ]] || fail "exit $code, expected 3"
    [[ ! -e "$tmp/full/summary.json" ]] || fail "summary.json written beside failed outputs"
    [[ ! -e "$tmp/full/timeseries.csv" ]] || fail "a cut timeseries.csv was left"
    ls -A "$tmp/full" | grep -q partial && fail "a .partial file was left"
    grep -q "holds no summary.json" "$tmp/err" || fail "stderr does not say what was left"
    ;;
  output_lock)
    # Kind 11: two runs into one --out interleaved their files; the second is refused.
    mkdir -p "$tmp/locked"
    exec 9>"$tmp/locked/.ringsim.lock"
    flock -n 9 || fail "cannot take the lock"
    "$ringsim" run "$src/scenarios/mm1.json" --set /duration_s=5 --set /warmup_s=0 --quiet --out "$tmp/locked" >"$tmp/out" 2>"$tmp/err"
    code=$?
    cat "$tmp/err"
    [[ $code -eq 3 ]] || fail "exit $code, expected 3"
    grep -q "another ringsim process is writing into" "$tmp/err" || fail "no lock message"
    [[ ! -e "$tmp/locked/summary.json" ]] || fail "written while locked"
    exec 9>&-
    expect_completes run "$src/scenarios/mm1.json" --set /duration_s=5 --set /warmup_s=0 --quiet --out "$tmp/locked"
    ;;
  stale_outputs)
    # Reusing --out left the earlier run's trace.jsonl and cluster.json beside the new summary.
    expect_completes run "$src/scenarios/node_join.json" --set /duration_s=2 --set /warmup_s=0 --set /timeline=[] --quiet --trace --out "$tmp/o"
    [[ -s "$tmp/o/trace.jsonl" && -s "$tmp/o/cluster.json" ]] || fail "first run's files missing"
    expect_completes run "$src/scenarios/mm1.json" --set /duration_s=5 --set /warmup_s=0 --quiet --out "$tmp/o"
    [[ ! -e "$tmp/o/trace.jsonl" && ! -e "$tmp/o/cluster.json" ]] || fail "stale files left"
    grep -q '"output_files"' "$tmp/o/summary.json" || fail "summary.json does not list its files"
    grep -q '"timeseries.csv": [1-9]' "$tmp/o/summary.json" || fail "no size of timeseries.csv"
    ;;
  signal_during_run)
    # SIGTERM / SIGINT mid-run left a cut trace.jsonl (and a cut --perfetto file); now nothing
    # that looks complete.
    for sig in TERM INT; do
      rm -rf "$tmp/sig"
      mkdir -p "$tmp/sig"
      "$ringsim" run "$src/scenarios/mm1.json" --set /duration_s=1000000 --set /window_s=1000 --trace --quiet \
        --perfetto "$tmp/sig/run.perfetto.json" --out "$tmp/sig" >"$tmp/out" 2>"$tmp/err" &
      pid=$!
      for _ in $(seq 1 100); do [[ -e "$tmp/sig/.trace.jsonl.partial" ]] && break; sleep 0.05; done
      sleep 0.3
      kill -s "$sig" "$pid"
      wait "$pid"
      code=$?
      cat "$tmp/err"
      want=$([[ $sig == TERM ]] && echo 143 || echo 130)
      [[ $code -eq $want ]] || fail "SIG$sig: exit $code, expected $want"
      grep -q "stopped by SIG$sig" "$tmp/err" || fail "SIG$sig: no message"
      [[ -z "$(ls -A "$tmp/sig" | grep -v '^.ringsim.lock$')" ]] || fail "SIG$sig left: $(ls -A "$tmp/sig")"
    done
    ;;
  merge_mismatch)
    # Item 6 / kind 12: a point directory holding another point's outputs counted a seed twice.
    expect_completes sweep "$src/scenarios/mm1.json" --grid /workload/arrivals/rate_qps=100,200 --seeds 1..2 \
      --set /duration_s=2 --set /warmup_s=0 --out "$tmp/sw"
    expect_completes merge "$tmp/sw" --out "$tmp/m1"
    points=( $(ls -d "$tmp"/sw/points/*/ | sort) )
    [[ ${#points[@]} -eq 4 ]] || fail "expected 4 point directories, got ${#points[@]}"
    cp "${points[0]}"/summary.json "${points[0]}"/pooled.json "${points[1]}"/
    "$ringsim" merge "$tmp/sw" --out "$tmp/m2" >"$tmp/out" 2>"$tmp/err"
    code=$?
    cat "$tmp/err"
    [[ $code -eq 2 ]] || fail "merge of a moved point: exit $code, expected 2"
    grep -q "holds another" "$tmp/err" || fail "merge does not say the point holds another run"
    ;;
  *)
    fail "unknown case"
    ;;
esac
echo "ok [$case_name]"
