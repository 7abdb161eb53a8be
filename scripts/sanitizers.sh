#!/usr/bin/env bash
# The sanitizer stage CI runs after the test command: the unit and end-to-end tests under
# AddressSanitizer + UBSan (asan preset), the search's tests under ThreadSanitizer (tsan preset,
# clang), and a short fuzz pass of every target (fuzz preset, clang). Usage: bash scripts/sanitizers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
stage() { echo "== $1 ($(date +%T))"; }

stage "asan: build"
cmake --preset asan >/dev/null
cmake --build --preset asan
stage "asan: unit and end-to-end tests"
ctest --preset asan

stage "tsan: build the search tests"
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target kepler_search_tests
stage "tsan: search tests"
ctest --preset tsan

stage "fuzz: a short pass of every target"
bash scripts/fuzz.sh 100000 print_round_trip parse csv suite_json
bash scripts/fuzz.sh 10000 simplify  # about 80 executions/s under ASan: the e-graph does real work
stage "done"
