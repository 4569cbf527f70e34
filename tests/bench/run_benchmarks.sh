#!/usr/bin/env bash
# Times the benchmark guests natively, under lstar and under qemu-x86_64 (when
# installed), in the same run, and prints ratios and lstar's guest MIPS.
# Usage: run_benchmarks.sh LSTAR_BINARY GUEST_DIR [REPEATS]
set -euo pipefail

lstar=$1
guests=$2
repeats=${3:-3}

# Best wall-clock seconds of $repeats runs of the given command.
best_time() {
  local best=""
  for ((i = 0; i < repeats; i++)); do
    local start end t
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    t=$(awk -v a="$end" -v b="$start" 'BEGIN { print a - b }')
    if [[ -z "$best" ]] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  printf '%.4f' "$best"
}

have_qemu=0
command -v qemu-x86_64 >/dev/null 2>&1 && have_qemu=1

printf '%-22s %10s %10s %10s %12s %12s %10s\n' benchmark native_s lstar_s qemu_s lstar/native qemu/native lstar_MIPS
for name in bench_cpu_bound bench_syscall_heavy; do
  guest="$guests/$name"
  native=$(best_time "$guest")
  simulated=$(best_time "$lstar" run "$guest")
  qemu="-"
  qemu_ratio="-"
  if ((have_qemu)); then
    qemu=$(best_time qemu-x86_64 "$guest")
    qemu_ratio=$(awk -v a="$qemu" -v b="$native" 'BEGIN { printf "%.2f", a / b }')
  fi
  mips=$("$lstar" run --stats "$guest" 2>&1 >/dev/null | sed -n 's/.*, \([0-9.]*\) guest MIPS/\1/p')
  printf '%-22s %10s %10s %10s %12.2f %12s %10s\n' "$name" "$native" "$simulated" "$qemu" \
    "$(awk -v a="$simulated" -v b="$native" 'BEGIN { print a / b }')" "$qemu_ratio" "$mips"
done
