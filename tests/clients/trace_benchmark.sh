#!/usr/bin/env bash
# Traced syscalls per second: lstar-trace against `lstar serve` (fast mode,
# lstar-syscall-stream, and standard catch-syscall stops) and against stock
# gdbserver, versus `strace -o /dev/null` on the same loop natively.
# Not a test: `ninja -C build bench-trace` runs it; it prints the figures
# of docs/performance.md ("Tracing").
#
#   trace_benchmark.sh LSTAR LSTAR_TRACE GUEST_LOOP NATIVE_LOOP [COUNT]
#
# The stop-per-syscall rows (standard mode, gdbserver) trace COUNT/10
# calls: they are two orders of magnitude slower.
set -euo pipefail

lstar=$1 trace=$2 guest=$3 native=$4 count=${5:-100000}

now() { date +%s.%N; }
# seconds for "$@", stdout and stderr discarded: the best of $runs runs, so
# that a machine busy with other work disturbs the figures less
runs=${RUNS:-3}
timed() {
  local start end best=""
  for ((i = 0; i < runs; ++i)); do
    start=$(now)
    "$@" >/dev/null 2>&1 || true
    end=$(now)
    best=$(awk -v a="$start" -v b="$end" -v best="$best" \
      'BEGIN { t = b - a; if (best == "" || t < best) best = t; printf "%.3f", best }')
  done
  echo "$best"
}
slow=$((count / 10))
rate() { awk -v n="$2" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }
# row LABEL SECONDS [CALLS]
row() { printf '%-66s %8s %9s s %10s syscalls/s\n' "$1" "${3:-$count}" "$2" "$(rate "$2" "${3:-$count}")"; }

echo "getppid() loop, best of $runs runs; $(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg); $(uname -r)"
printf '%-66s %8s %11s %21s\n' "" "calls" "time" "rate"
row "native (no tracer)" "$(timed "$native" "$count")"
if command -v strace >/dev/null; then
  row "strace -o /dev/null (native)" "$(timed strace -o /dev/null "$native" "$count")"
fi
row "lstar run (no tracer)" "$(timed "$lstar" run "$guest" "$count")"
row "lstar-trace --stream -o /dev/null (fast mode, lstar serve)" \
  "$(timed "$trace" --stream -o /dev/null --server "$lstar" -- "$guest" "$count")"
row "lstar-trace --stream -c (fast mode, summary only)" \
  "$(timed "$trace" --stream -c -o /dev/null --server "$lstar" -- "$guest" "$count")"
row "lstar-trace --no-stream -o /dev/null (standard mode, lstar serve)" \
  "$(timed "$trace" --no-stream -o /dev/null --server "$lstar" -- "$guest" "$slow")" "$slow"
if command -v gdbserver >/dev/null; then
  # gdbserver serves one session: start one per run.
  under_gdbserver() {
    local port=$(( 20000 + RANDOM % 20000 ))
    gdbserver "127.0.0.1:$port" "$native" "$slow" >/dev/null 2>&1 &
    sleep 0.3
    "$trace" -o /dev/null "127.0.0.1:$port"
    wait
  }
  row "lstar-trace -o /dev/null (stock gdbserver, native; +0.3 s start)" \
    "$(timed under_gdbserver)" "$slow"
fi
echo "protocol cost per traced syscall (lstar serve):"
for mode in --stream --no-stream; do
  "$trace" $mode --stats -o /dev/null --server "$lstar" -- "$guest" "$slow" 2>&1 >/dev/null |
    grep packets || true
done
