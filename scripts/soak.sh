#!/usr/bin/env bash
# Soaks the lab server: N simulated students against one `lstar serve` for M
# minutes (build/tests/bench/lab_soak); fails on a lost session, a dead
# server or RSS growth after the warm-up.
#
#   bash scripts/soak.sh                                  64 students, 30 minutes
#   bash scripts/soak.sh --sessions 8 --minutes 1 --seed 42 [--build-dir DIR]
#
# docs/lab-server-security.md ("Soak") says what it does and what it measured.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

sessions=64
minutes=30
build_dir=build
seed_args=()
while (($# > 0)); do
  case "$1" in
    --sessions) sessions=${2:?--sessions needs a number}; shift ;;
    --minutes) minutes=${2:?--minutes needs a number}; shift ;;
    --seed) seed_args=(--seed "${2:?--seed needs a number}"); shift ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift ;;
    -h | --help)
      sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) echo "soak.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

[[ -f "$build_dir/CMakeCache.txt" ]] || cmake -S . -B "$build_dir" -G Ninja
# Only what the soak runs: the server, its guest and the driver.
cmake --build "$build_dir" --target lstar guest_lab_load_guest lab_soak

echo "soak.sh: load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
"$build_dir/tests/bench/lab_soak" --lstar "$build_dir/server/lstar" \
  --guest "$build_dir/guests/lab_load_guest" --sessions "$sessions" \
  --seconds $((minutes * 60)) "${seed_args[@]}" || status=$?
echo "soak.sh: load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
