#!/usr/bin/env bash
# Installs what is missing, checks the layer rules and the formatting
# (scripts/check-style.sh), then builds and runs every test twice: the
# optimised build (build/) and the ASan + UBSan build (build-asan/); then
# builds the libFuzzer targets with clang (build-fuzz/) and runs each for a
# few seconds.
# Exits non-zero if any build or any test fails. Extra arguments are passed
# to both ctest runs (e.g. -L e2e, -R Debugging).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh

# Sanitizer failures must fail the test, with a stack trace.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()

echo "==== layers and formatting (scripts/check-style.sh) ===="
bash scripts/check-style.sh || failed+=("check-style")

echo "==== release build (build/) ===="
bash scripts/build.sh
ctest --test-dir build --output-on-failure --parallel 2 "$@" || failed+=("tests in build/")

echo "==== ASan + UBSan build (build-asan/) ===="
bash scripts/build.sh --sanitize
ctest --test-dir build-asan --output-on-failure --parallel 2 "$@" || failed+=("tests in build-asan/")

# The short fuzz run (about a minute of fuzzing, 8 s per target, after the
# clang build in build-fuzz/); long runs: bash scripts/fuzz.sh --seconds 600.
# Skipped when ctest arguments select a subset of the tests.
if (($# == 0)); then
  echo "==== short fuzz run (build-fuzz/, scripts/fuzz.sh) ===="
  bash scripts/fuzz.sh || failed+=("fuzzing")
fi

if ((${#failed[@]} > 0)); then
  echo "test.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "test.sh: all tests passed (build/ and build-asan/)"
