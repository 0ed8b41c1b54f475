#!/usr/bin/env bash
# One entry point for people and CI. Every command installs missing Debian packages
# first (./install-deps.sh, idempotent), then configures and builds as needed.
#
#   ./dev.sh run [SCENARIO] [ringsim run options]   build, run a scenario (default below)
#   ./dev.sh test [--sanitize]                      build, run every test (ASan+UBSan with --sanitize)
#   ./dev.sh bench [--quick]                        build, run the benchmarks (engine, placement, RAG)
#   ./dev.sh build [--sanitize]                     build only
#   ./dev.sh slurm-test                             build, run a sweep on a local Slurm (root; tests/slurm/)
#   ./dev.sh goldens                                build, re-record scenarios/golden/*.golden (docs/ci.md)
#   ./dev.sh fuzz [TARGET] [--short | RUNS]         build the fuzzers (clang), run one or all
#                                                   (--short: 60 s in all; default 10 M executions each)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
default_scenario="scenarios/rag_search.json"
jobs="$(nproc 2>/dev/null || echo 2)"
fuzz_targets="scenario runbook trace vecs hdf5 golden run_dir"

build() {
  local dir="build" flags=(-DCMAKE_BUILD_TYPE=Release)
  local env=()
  if [[ "${1:-}" == "--sanitize" ]]; then
    # One clang tree for the ASan + UBSan test pass and for libFuzzer (docs/ci.md): every
    # object carries coverage instrumentation, the tests link without libFuzzer's main and
    # the fuzz targets with it. No benchmarks: their timings mean nothing there.
    dir="build-asan"
    env=(CC=clang CXX=clang++)
    flags=(-DCMAKE_BUILD_TYPE=Fuzz -DRINGSIM_FUZZ=ON -DRINGSIM_EXPENSIVE_CHECKS=ON
           -DRINGSIM_BUILD_BENCH=OFF)
  fi
  ./install-deps.sh
  env "${env[@]}" cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
  local targets=()
  for target in ${build_targets:-}; do
    # A target this configuration does not have (the GUI without SFML) is left out.
    if cmake --build "$dir" --target help | grep -q "^$target:"; then targets+=("$target"); fi
  done
  cmake --build "$dir" -j "$jobs" ${targets[@]:+--target "${targets[@]}"}
  build_dir="$dir"
}

command="${1:-run}"
shift || true
case "$command" in
  run)
    # Only what the run needs (the headless binary, and the GUI when a display exists): a
    # first run on a 2-core machine need not wait for the tests and benchmarks to compile.
    build_targets="ringsim"
    if [[ -n "${DISPLAY:-}" ]]; then build_targets="ringsim ringsim-gui"; fi
    build
    scenario="$default_scenario"
    if [[ $# -gt 0 && "$1" != -* ]]; then scenario="$1"; shift; fi
    if [[ -n "${DISPLAY:-}" && -x build/bin/ringsim-gui ]]; then
      exec build/bin/ringsim-gui "$scenario" "$@"
    fi
    exec build/bin/ringsim run "$scenario" --out "out/$(basename "$scenario" .json)" "$@"
    ;;
  test)
    build "${1:-}"
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    skip=()
    # The sanitizer pass skips all but one of each end-to-end render (tests/CMakeLists.txt).
    # Layout targets not yet met (label layout_target, docs/gui.md) run on request only.
    skip=(-LE layout_target)
    if [[ "$build_dir" == "build-asan" ]]; then skip=(-LE "sanitize_skip|layout_target"); fi
    ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" "${skip[@]}"
    ;;
  bench)
    build
    build/bin/ringsim-bench-engine "$@"
    echo
    build/bin/ringsim-bench-placement "$@"
    echo
    build/bin/ringsim-bench-rag "$@"
    ;;
  build)
    build "${1:-}"
    ;;
  slurm-test)
    build
    tests/slurm/run_slurm_sweep.sh "$root/build/bin/ringsim"
    ;;
  goldens)
    # After a deliberate behaviour change: re-record every shipped scenario's golden, then
    # review `git diff scenarios/golden/` (one line per window, event kind and metric).
    # scenarios/X/Y.json -> scenarios/golden/X/Y.golden, where `check --goldens` looks.
    build
    while IFS= read -r scenario; do
      relative="${scenario#scenarios/}"
      golden="scenarios/golden/${relative%.json}.golden"
      mkdir -p "$(dirname "$golden")"
      build/bin/ringsim record "$scenario" --golden "$golden"
    done < <(find scenarios -name '*.json' -not -path 'scenarios/golden/*' | LC_ALL=C sort)
    ;;
  fuzz)
    # libFuzzer over every input format (docs/hardening.md), in the sanitizer tree (build-asan/, clang).
    # ./dev.sh fuzz [TARGET] [--short | RUNS]: TARGET is one of $fuzz_targets (default: all;
    # --short splits about 60 s between the targets run). Finds go to
    # build-asan/fuzz/crashes/TARGET/; once fixed, copy them under tests/fuzz/ (scenario) or the
    # target's seed corpus fuzz/corpus/TARGET/.
    targets=($fuzz_targets)
    if [[ $# -gt 0 && "$1" != --short && ! "$1" =~ ^[0-9]+$ ]]; then
      [[ " $fuzz_targets " == *" $1 "* ]] || { echo "fuzz: unknown target $1 (one of: $fuzz_targets)" >&2; exit 2; }
      targets=("$1")
      shift
    fi
    # The sanitizer tree (./dev.sh test --sanitize) is the fuzz tree: one clang build.
    build_targets="${targets[*]/#/ringsim-fuzz-}" build --sanitize
    limit=(-runs=10000000)
    if [[ "${1:-}" == "--short" ]]; then
      limit=(-max_total_time=$(( 60 / ${#targets[@]} )))
    elif [[ -n "${1:-}" ]]; then
      limit=(-runs="$1")
    fi
    status=0
    finds=""
    for target in "${targets[@]}"; do
      mkdir -p "build-asan/fuzz/corpus/$target" "build-asan/fuzz/crashes/$target"
      seeds=("fuzz/corpus/$target")
      if [[ "$target" == scenario ]]; then seeds=(scenarios tests/fuzz); fi
      dict="fuzz/$target.dict"
      stamp="$(mktemp build-asan/fuzz/.run-XXXXXX)"
      # libhdf5 runs in a forked child (workloads/isolated_call.h) that inherits libFuzzer's
      # malloc hook: a big allocation inside the child, which the child's own end reports,
      # must not be saved as a find, so only RSS bounds the hdf5 target (docs/hardening.md).
      malloc_limit=()
      if [[ "$target" == hdf5 ]]; then malloc_limit=(-malloc_limit_mb=1048576); fi
      # One worker per core (-fork), sharing the corpus; a find is saved and the run goes on,
      # and any crash, timeout or OOM file written by this run fails the command at the end.
      echo "fuzz: $target ${limit[*]}"
      build-asan/bin/ringsim-fuzz-"$target" "${limit[@]}" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 \
        -ignore_ooms=1 -dict="$dict" -max_len=65536 -timeout=30 -rss_limit_mb=2048 "${malloc_limit[@]}" \
        -print_final_stats=1 -artifact_prefix="build-asan/fuzz/crashes/$target/" "build-asan/fuzz/corpus/$target" \
        "${seeds[@]}" || status=$?
      finds+="$(find "build-asan/fuzz/crashes/$target" -type f -newer "$stamp")"
      rm -f "$stamp"
    done
    if [[ -n "$finds" || $status -ne 0 ]]; then
      echo "fuzz: exit status $status; inputs this run saved (crash, timeout or out of memory):" >&2
      echo "${finds:-(none)}" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: ./dev.sh run [SCENARIO] [options] | test [--sanitize] | bench [--quick] | build [--sanitize] | slurm-test | goldens | fuzz [TARGET] [--short|RUNS]" >&2
    exit 2
    ;;
esac
