#!/usr/bin/env bash
# The main job: set up, build (Release), and compare every strategy's driver
# with CPython on the benchmark programs, printing time ratios (medians), then
# run the switch benchmarks (bench/switch/run_switch.py) and the pickling
# benchmarks (bench/pickle/run_pickle.py).
# Extra arguments go to bench/run.py (e.g. --repeat 9, --json out.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j "$(nproc 2>/dev/null || echo 2)"
status=0
python3 bench/run.py --build build-release "$@" || status=$?
# The switch benchmarks (bench/switch/, issue 3). SWITCH_BENCH=0 skips them;
# SWITCH_ARGS passes options to them (e.g. SWITCH_ARGS="--json switch.json").
if [ "${SWITCH_BENCH:-1}" != 0 ]; then
  echo
  # shellcheck disable=SC2086
  python3 bench/switch/run_switch.py --build build-release ${SWITCH_ARGS:-} || status=$?
fi
# The pickling benchmarks (bench/pickle/, issue 4): the C drivers over Google
# Benchmark (libbenchmark-dev, installed by setup-deps.sh) against CPython's
# pickle. PICKLE_BENCH=0 skips them; PICKLE_ARGS passes options to them
# (e.g. PICKLE_ARGS="--json pickle.json" or "--callgrind").
if [ "${PICKLE_BENCH:-1}" != 0 ]; then
  echo
  # shellcheck disable=SC2086
  python3 bench/pickle/run_pickle.py --build build-release ${PICKLE_ARGS:-} || status=$?
fi
exit "$status"
