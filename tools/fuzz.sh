#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each one for a bounded time on
# a corpus seeded from examples/ and tests/cases/. Fails on any crash, leak, timeout or
# sanitizer report. Usage: tools/fuzz.sh [SECONDS_PER_TARGET] (default 30).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
seconds="${1:-30}"
build="${SWB_FUZZ_BUILD:-build-asan}"

# The same clang ASan+UBSan build that runs the sanitized test suite (tools/bootstrap.sh).
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${SWB_FUZZ_BUILD_TYPE:-Debug}" \
  -DSWB_FUZZ=ON >/dev/null
cmake --build "$build" --target fuzz_check fuzz_config fuzz_fmt -j "$(nproc)"

corpus="$build/corpus"
rm -rf "$corpus"
mkdir -p "$corpus/seed"
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$corpus/seed/$(printf '%04d' "$i").swb"
  i=$((i + 1))
done < <(find examples tests/cases -name '*.swb' -size -64k -print0 | sort -z)

for target in fuzz_check fuzz_config fuzz_fmt; do
  mkdir -p "$corpus/$target"
  echo "== $target: ${seconds}s"
  # -rss_limit_mb and -timeout turn a blow-up or a hang into a failure.
  "$build/$target" "$corpus/$target" "$corpus/seed" -dict=fuzz/swb.dict \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$build/$target-" 2>&1 | tail -n 15
done
