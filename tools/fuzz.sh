#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each one for a bounded time on
# a seeded corpus: .swb files from examples/ and tests/cases/ for the checkers, `swb build`
# outputs (IR JSON) for the plan. Fails on any crash, leak, timeout or sanitizer report.
# Usage: tools/fuzz.sh [SECONDS_PER_TARGET] (default 15);
# SWB_FUZZ_TARGETS="fuzz_plan" runs a subset (default: every target).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
seconds="${1:-15}"
build="${SWB_FUZZ_BUILD:-build-asan}"
all_targets=(fuzz_check fuzz_config fuzz_fmt fuzz_plan)
read -r -a targets <<<"${SWB_FUZZ_TARGETS:-${all_targets[*]}}"
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $target "* ]] || {
    echo "fuzz.sh: unknown target '$target' (known: ${all_targets[*]})" >&2
    exit 2
  }
done

# The same clang ASan+UBSan build that runs the sanitized test suite (tools/bootstrap.sh).
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${SWB_FUZZ_BUILD_TYPE:-Debug}" \
  -DSWB_FUZZ=ON >/dev/null
cmake --build "$build" --target swb "${targets[@]}" -j "$(nproc)"

corpus="$build/corpus"
rm -rf "$corpus"
mkdir -p "$corpus/seed-swb" "$corpus/seed-state"
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$corpus/seed-swb/$(printf '%04d' "$i").swb"
  i=$((i + 1))
done < <(find examples tests/cases tests/fmt -name '*.swb' -size -64k -print0 | sort -z)

# Valid states: the builds of the example and of every plan scenario, and the scenarios'
# own state file.
cp tests/plan/scenarios/state.json "$corpus/seed-state/scenarios.json"
ASAN_OPTIONS=detect_leaks=0 "$build/swb" build examples/jungle -o "$corpus/seed-state/jungle.json"
for config in tests/plan/scenarios/*/config.swb; do
  name="$(basename "$(dirname "$config")")"
  ASAN_OPTIONS=detect_leaks=0 "$build/swb" build "$config" -o "$corpus/seed-state/$name.json"
done

for target in "${targets[@]}"; do
  case "$target" in
    fuzz_plan) seed="$corpus/seed-state" dict=fuzz/plan.dict max_len=65536 ;;
    *) seed="$corpus/seed-swb" dict=fuzz/swb.dict max_len=16384 ;;
  esac
  mkdir -p "$corpus/$target"
  echo "== $target: ${seconds}s"
  # -rss_limit_mb and -timeout turn a blow-up or a hang into a failure.
  "$build/$target" "$corpus/$target" "$seed" -dict="$dict" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="$build/$target-" 2>&1 | tail -n 15
done
