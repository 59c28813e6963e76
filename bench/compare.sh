#!/usr/bin/env bash
# The main job: set up, build (Release), and compare every strategy's driver
# with CPython on the benchmark programs, printing time ratios (medians).
# Extra arguments go to bench/run.py (e.g. --repeat 9, --json out.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j "$(nproc 2>/dev/null || echo 2)"
exec python3 bench/run.py --build build-release "$@"
