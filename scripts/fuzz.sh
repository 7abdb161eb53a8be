#!/usr/bin/env bash
# Runs every libFuzzer target (or the ones named) for a number of executions each:
#   scripts/fuzz.sh [RUNS] [TARGET...]        RUNS defaults to 100000
# Builds the `fuzz` preset (clang, ASan + UBSan) first. New inputs go to a scratch directory,
# never into tests/fuzz/corpus; a crash, sanitizer report, finding, hang (> 10 s on one input) or
# memory blow-up (> 2 GB) leaves its input in build/fuzz/findings/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-100000}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(print_round_trip parse simplify csv suite_json); fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}" >/dev/null

findings=build/fuzz/findings
mkdir -p "$findings"
status=0
for target in "${targets[@]}"; do
  scratch=$(mktemp -d)
  log=build/fuzz/fuzz_${target}.log
  start=$(date +%s)
  if build/fuzz/tests/fuzz/fuzz_"$target" -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$findings/${target}-" \
      "$scratch" tests/fuzz/corpus/"$target" >"$log" 2>&1; then
    outcome=clean
  else
    outcome="FINDING (see $log and $findings)"
    status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  echo "fuzz_${target}: ${execs} executions in $(( $(date +%s) - start )) s, ${outcome}"
  rm -rf "$scratch"
done
exit $status
