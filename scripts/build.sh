#!/usr/bin/env bash
# Configures and builds lstar with CMake + Ninja.
#
#   bash scripts/build.sh               optimised build in build/
#   bash scripts/build.sh --sanitize    ASan + UBSan build in build-asan/
#   bash scripts/build.sh --build-dir DIR [--sanitize]
#   bash scripts/build.sh --target lstar   only what one target needs
#
# The build type is the project's default (RelWithDebInfo: optimised, with
# symbols) unless LSTAR_BUILD_TYPE says otherwise.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

sanitize=OFF
build_dir=
targets=()
while (($# > 0)); do
  case "$1" in
    --sanitize) sanitize=ON ;;
    --build-dir)
      [[ $# -ge 2 ]] || { echo "build.sh: --build-dir needs a directory" >&2; exit 2; }
      build_dir=$2
      shift
      ;;
    --target)
      [[ $# -ge 2 ]] || { echo "build.sh: --target needs a target name" >&2; exit 2; }
      targets+=(--target "$2")
      shift
      ;;
    -h | --help)
      sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "build.sh: unknown argument: $1" >&2
      exit 2
      ;;
  esac
  shift
done
if [[ -z "$build_dir" ]]; then
  if [[ "$sanitize" == ON ]]; then build_dir=build-asan; else build_dir=build; fi
fi

configure=(-S . -B "$build_dir" -DLSTAR_SANITIZE="$sanitize")
# The generator can only be chosen when the build directory is new.
[[ -f "$build_dir/CMakeCache.txt" ]] || configure+=(-G Ninja)
[[ -z "${LSTAR_BUILD_TYPE:-}" ]] || configure+=(-DCMAKE_BUILD_TYPE="$LSTAR_BUILD_TYPE")

cmake "${configure[@]}"
cmake --build "$build_dir" --parallel "${targets[@]}"
