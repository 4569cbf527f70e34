#!/usr/bin/env bash
# Traced syscalls per second: lstar-trace against `lstar serve` (standard
# catch-syscall stops, and fast mode when the server offers it) and against
# stock gdbserver, versus `strace -o /dev/null` on the same loop natively.
# Not a test: it prints figures for docs/performance.md ("Tracing").
#
#   trace_benchmark.sh LSTAR LSTAR_TRACE GUEST_LOOP NATIVE_LOOP [COUNT]
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
rate() { awk -v n="$count" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }
row() { printf '%-58s %9s s %12s syscalls/s\n' "$1" "$2" "$(rate "$2")"; }

echo "getppid() x $count, best of $runs runs; $(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg); $(uname -r)"
row "native (no tracer)" "$(timed "$native" "$count")"
if command -v strace >/dev/null; then
  row "strace -o /dev/null (native)" "$(timed strace -o /dev/null "$native" "$count")"
fi
row "lstar run (no tracer)" "$(timed "$lstar" run "$guest" "$count")"
row "lstar-trace --no-stream -o /dev/null (lstar serve)" \
  "$(timed "$trace" --no-stream -o /dev/null --server "$lstar" -- "$guest" "$count")"
if "$trace" --stream -e trace=getppid -o /dev/null --server "$lstar" -- "$guest" 1 >/dev/null 2>&1; then
  row "lstar-trace fast mode -o /dev/null (lstar serve)" \
    "$(timed "$trace" --stream -o /dev/null --server "$lstar" -- "$guest" "$count")"
else
  echo "lstar-trace fast mode: lstar serve does not offer lstar-syscall-stream yet"
fi
if command -v gdbserver >/dev/null; then
  # gdbserver serves one session: start one per run.
  under_gdbserver() {
    local port=$(( 20000 + RANDOM % 20000 ))
    gdbserver "127.0.0.1:$port" "$native" "$count" >/dev/null 2>&1 &
    sleep 0.3
    "$trace" -o /dev/null "127.0.0.1:$port"
    wait
  }
  row "lstar-trace -o /dev/null (stock gdbserver, native; +0.3 s start)" "$(timed under_gdbserver)"
fi
echo "protocol cost per traced syscall (lstar serve, standard mode):"
"$trace" --no-stream --stats -o /dev/null --server "$lstar" -- "$guest" 10000 2>&1 >/dev/null | grep packets || true
