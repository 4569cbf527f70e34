#!/usr/bin/env bash
# Times the benchmark guests natively, under lstar and under qemu-x86_64 (when
# installed), in the same run, and prints ratios and lstar's guest MIPS.
# Usage: run_benchmarks.sh LSTAR_BINARY GUEST_DIR [REPEATS]
#
# Each figure is the best of REPEATS runs. Wall-clock seconds are what a user
# waits; CPU seconds (user + system) are what the run costs and stay
# meaningful on a busy machine, where wall-clock figures are inflated by
# waiting for a core. The load average is printed so a reader can tell.
set -euo pipefail

lstar=$1
guests=$2
repeats=${3:-3}

# Prints "WALL CPU": the best wall-clock and best CPU seconds of the command.
best_times() {
  local best_wall="" best_cpu=""
  local TIMEFORMAT='%R %U %S'
  for ((i = 0; i < repeats; i++)); do
    local wall user sys cpu
    read -r wall user sys < <({ time "$@" >/dev/null 2>&1 || true; } 2>&1)
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    if [[ -z "$best_wall" ]] || awk -v t="$wall" -v b="$best_wall" 'BEGIN { exit !(t < b) }'; then
      best_wall=$wall
    fi
    if [[ -z "$best_cpu" ]] || awk -v t="$cpu" -v b="$best_cpu" 'BEGIN { exit !(t < b) }'; then
      best_cpu=$cpu
    fi
  done
  printf '%.3f %.3f\n' "$best_wall" "$best_cpu"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

have_qemu=0
command -v qemu-x86_64 >/dev/null 2>&1 && have_qemu=1

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; best of $repeats runs"
printf '%-20s %-6s %9s %9s %9s %13s %12s %11s\n' benchmark clock native_s lstar_s qemu_s \
  lstar/native qemu/native lstar_MIPS
for name in bench_cpu_bound bench_syscall_heavy; do
  guest="$guests/$name"
  read -r native_wall native_cpu < <(best_times "$guest")
  read -r lstar_wall lstar_cpu < <(best_times "$lstar" run "$guest")
  qemu_wall="-" qemu_cpu="-"
  if ((have_qemu)); then read -r qemu_wall qemu_cpu < <(best_times qemu-x86_64 "$guest"); fi
  instructions=$("$lstar" run --stats "$guest" 2>&1 >/dev/null | sed -n 's/^lstar: \([0-9]*\) instructions.*/\1/p')
  for clock in wall cpu; do
    if [[ $clock == wall ]]; then
      n=$native_wall l=$lstar_wall q=$qemu_wall
    else
      n=$native_cpu l=$lstar_cpu q=$qemu_cpu
    fi
    q_ratio="-"
    [[ $q == "-" ]] || q_ratio=$(ratio "$q" "$n")
    mips=$(awk -v i="${instructions:-0}" -v t="$l" 'BEGIN { if (t > 0) printf "%.1f", i / t / 1e6; else print "-" }')
    printf '%-20s %-6s %9s %9s %9s %13s %12s %11s\n' "$name" "$clock" "$n" "$l" "$q" \
      "$(ratio "$l" "$n")" "$q_ratio" "$mips"
  done
done
