#!/usr/bin/env bash
# Installs what is missing (Debian packages only), builds swb, and then either runs it on
# the examples (--examples) or runs the whole test suite (--test). Run as root on a fresh
# Debian machine, or as a user with sudo.
set -euo pipefail

mode="${1:---examples}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

packages=(
  build-essential cmake ninja-build git pkg-config python3
  antlr4 libantlr4-runtime-dev          # the grammar tool and its C++ runtime
  libfmt-dev nlohmann-json3-dev librange-v3-dev libcli11-dev libdtl-dev
  libphonenumber-dev libstb-dev tzdata
  libicu-dev                            # ICU, linked into swb statically with libphonenumber
  libmimalloc-dev                       # the allocator swb is linked with
  libgtest-dev libgmock-dev libbenchmark-dev clang-format
  clang libclang-rt-14-dev              # libFuzzer and the sanitizer runtimes
  python3-jsonschema python3-rfc3987    # SARIF checked against its schema, uri formats too
  python3-yaml                          # the CI recipe and pre-commit hooks parsed in tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches the SARIF schema for the tests (tools/fetch-sarif-schema). Any npm serves, so
# one that came with another Node.js package is kept rather than replaced.
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "== installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs="$(nproc)"
echo "== building (build/)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
# Trying it out needs only swb itself; the suite needs everything.
if [ "$mode" = --test ]; then
  cmake --build build -j "$jobs"
else
  cmake --build build -j "$jobs" --target swb
fi

case "$mode" in
  --examples)
    echo "== swb check examples/jungle"
    ./build/swb check examples/jungle
    echo "== swb plan examples/jungle"
    ./build/swb plan examples/jungle
    echo "== swb check examples/mistakes (a config with mistakes: exit status 1 is expected)"
    ./build/swb check examples/mistakes || true
    ;;
  --test)
    echo "== tests"
    ctest --test-dir build --output-on-failure -j "$jobs"
    echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer, clang (build-asan/)"
    # -O0 compiles fastest, and the suite runs in seconds anyway; fuzz.sh reuses this build.
    CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DSWB_FUZZ=ON >/dev/null
    cmake --build build-asan -j "$jobs"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --test-dir build-asan --output-on-failure -j "$jobs"
    echo "== fuzzing, ${SWB_FUZZ_SECONDS:-15}s per target (build-asan/)"
    bash tools/fuzz.sh "${SWB_FUZZ_SECONDS:-15}"
    ;;
  *)
    echo "usage: $0 [--examples | --test]" >&2
    exit 2
    ;;
esac
