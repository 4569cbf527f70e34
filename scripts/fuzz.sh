#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz/ and runs
# each of them; fails on any crash, leak or timeout.
#
#   bash scripts/fuzz.sh                  short run: 8 s per fuzzer, about 1 minute in all
#   bash scripts/fuzz.sh --seconds 600    long run: 10 minutes per fuzzer
#   bash scripts/fuzz.sh --only cpu_fuzzer [--build-dir DIR]
#
# docs/reliability.md describes the targets and how to replay a finding.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=8
build_dir=build-fuzz
run_args=()
while (($# > 0)); do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift ;;
    --only) run_args+=(--only "${2:?--only needs a fuzzer name}"); shift ;;
    -h | --help)
      sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) echo "fuzz.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

# What the fuzz build needs besides the usual dependencies: clang and its
# runtime libraries (libFuzzer, the sanitizers). Installed only if missing.
bash scripts/install-deps.sh
fuzz_packages=(clang libclang-rt-14-dev)
missing=()
for package in "${fuzz_packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  echo "fuzz.sh: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

# Guests and the kernel image keep gcc (their flags are gcc's); only lstar's
# own code is built with clang for libFuzzer. Only the fuzzers and the
# libraries they link are built.
configure=(-S . -B "$build_dir" -DLSTAR_FUZZ=ON -DLSTAR_BUILD_TESTS=OFF
           -DLSTAR_GUEST_C_COMPILER="$(command -v gcc)")
[[ -f "$build_dir/CMakeCache.txt" ]] || configure+=(-G Ninja)
CC=clang CXX=clang++ cmake "${configure[@]}"
cmake --build "$build_dir" --target fuzzers --parallel

bash tests/fuzz/run_fuzzers.sh --build-dir "$build_dir" --seconds "$seconds" "${run_args[@]}"
