#!/usr/bin/env bash
# Issue #18: each input that crashed ringsim or blew up its memory or time, run through the
# binary. Each must end with exit 2 and a message naming the JSON pointer and the limit, or
# complete (exit 0/1) -- never by a signal. Usage: hardening_cli.sh RINGSIM SOURCE_DIR CASE
set -uo pipefail
ringsim="$1"
src="$2"
case_name="$3"
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
  *)
    fail "unknown case"
    ;;
esac
echo "ok [$case_name]"
