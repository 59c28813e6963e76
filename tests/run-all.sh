#!/usr/bin/env bash
# Set up, build and run the whole test suite: every golden program on every
# strategy (ctest), then the same suite under ASan+UBSan, then a GC-stress
# build (the stackless driver, and the stack-copy tasklet programs). This is the command README.md gives and .ci/run runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

build build
(cd build && ctest --output-on-failure -j "$jobs")

echo "== sanitizer build (ASan+UBSan) =="
build build-asan -DPRICKLE_SANITIZE=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
(cd build-asan && ASAN_OPTIONS=detect_leaks=0 PRICKLE_TIMEOUT_SCALE=4 ctest --output-on-failure -j "$jobs")

echo "== GC stress build (stackless driver; the deep-recursion programs are left out: each"
echo "   collection scans the whole heap, so 10^5-deep chains would take hours) =="
build build-gcstress -DPRICKLE_GC_STRESS=ON
(cd build-gcstress && PRICKLE_TIMEOUT_SCALE=4 ctest --output-on-failure -j "$jobs" -L stackless -E "/recursion/")
echo "== GC stress, stack-copy tasklets (saved C stack slices must keep their objects alive),"
echo "   also rebuilt from their records at every switch (PRICKLE_REBUILD=1) =="
(cd build-gcstress && PRICKLE_TIMEOUT_SCALE=4 ctest --output-on-failure -j "$jobs" -R "golden/stack-copy(-rebuild)?/tasklets/")
