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
  if [[ "${1:-}" == "--sanitize" ]]; then
    dir="build-asan"
    # No benchmarks under the sanitizers: their timings mean nothing there.
    flags=(-DCMAKE_BUILD_TYPE=Sanitize -DRINGSIM_SANITIZE=ON -DRINGSIM_EXPENSIVE_CHECKS=ON
           -DRINGSIM_BUILD_BENCH=OFF)
  fi
  ./install-deps.sh
  cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
  cmake --build "$dir" -j "$jobs"
  build_dir="$dir"
}

command="${1:-run}"
shift || true
case "$command" in
  run)
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
    if [[ "$build_dir" == "build-asan" ]]; then skip=(-LE sanitize_skip); fi
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
    # review `git diff scenarios/golden/` (one line per window and event kind).
    build
    mkdir -p scenarios/golden
    for scenario in scenarios/*.json; do
      build/bin/ringsim record "$scenario" --golden "scenarios/golden/$(basename "$scenario" .json).golden"
    done
    ;;
  fuzz)
    # libFuzzer over every input format (docs/hardening.md), in its own clang build tree.
    # ./dev.sh fuzz [TARGET] [--short | RUNS]: TARGET is one of $fuzz_targets (default: all;
    # --short splits about 60 s between the targets run). Finds go to
    # build-fuzz/crashes/TARGET/; once fixed, copy them under tests/fuzz/ (scenario) or the
    # target's seed corpus fuzz/corpus/TARGET/.
    targets=($fuzz_targets)
    if [[ $# -gt 0 && "$1" != --short && ! "$1" =~ ^[0-9]+$ ]]; then
      [[ " $fuzz_targets " == *" $1 "* ]] || { echo "fuzz: unknown target $1 (one of: $fuzz_targets)" >&2; exit 2; }
      targets=("$1")
      shift
    fi
    ./install-deps.sh
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Fuzz -DRINGSIM_FUZZ=ON \
      -DRINGSIM_BUILD_TESTS=OFF -DRINGSIM_BUILD_BENCH=OFF -DRINGSIM_BUILD_GUI=OFF >/dev/null
    cmake --build build-fuzz -j "$jobs" --target "${targets[@]/#/ringsim-fuzz-}"
    limit=(-runs=10000000)
    if [[ "${1:-}" == "--short" ]]; then
      limit=(-max_total_time=$(( 60 / ${#targets[@]} )))
    elif [[ -n "${1:-}" ]]; then
      limit=(-runs="$1")
    fi
    status=0
    finds=""
    for target in "${targets[@]}"; do
      mkdir -p "build-fuzz/corpus/$target" "build-fuzz/crashes/$target"
      seeds=("fuzz/corpus/$target")
      if [[ "$target" == scenario ]]; then seeds=(scenarios tests/fuzz); fi
      dict="fuzz/$target.dict"
      stamp="$(mktemp build-fuzz/.run-XXXXXX)"
      # One worker per core (-fork), sharing the corpus; a find is saved and the run goes on,
      # and any crash, timeout or OOM file written by this run fails the command at the end.
      echo "fuzz: $target ${limit[*]}"
      build-fuzz/bin/ringsim-fuzz-"$target" "${limit[@]}" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 \
        -ignore_ooms=1 -dict="$dict" -max_len=65536 -timeout=30 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="build-fuzz/crashes/$target/" "build-fuzz/corpus/$target" \
        "${seeds[@]}" || status=$?
      finds+="$(find "build-fuzz/crashes/$target" -type f -newer "$stamp")"
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
