#!/usr/bin/env bash
# Runs every fuzzer of a LSTAR_FUZZ build for SECONDS each and fails if any
# of them finds a crash, a leak, a timeout or a memory blow-up.
#
#   bash tests/fuzz/run_fuzzers.sh --build-dir DIR --seconds N [--only NAME]
#
# Each fuzzer starts from the repo's seeds (tests/fuzz/corpus/NAME, read
# only) and keeps what it finds in DIR/fuzz/corpus/NAME, so later runs go on
# from there. Findings land in DIR/fuzz/artifacts/, logs in DIR/fuzz/logs/.
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=
seconds=
only=
while (($# > 0)); do
  case "$1" in
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift ;;
    --seconds) seconds=${2:?--seconds needs a number}; shift ;;
    --only) only=${2:?--only needs a fuzzer name}; shift ;;
    *) echo "run_fuzzers.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -n "$build_dir" && -n "$seconds" ]] || { echo "run_fuzzers.sh: --build-dir and --seconds are required" >&2; exit 2; }
build_dir=$(cd "$build_dir" && pwd)

fuzzers=(packet_decoder_fuzzer request_parser_fuzzer stop_reply_fuzzer elf_loader_fuzzer
         cpu_fuzzer syscall_fuzzer gdb_session_fuzzer kernel_printf_fuzzer kernel_object_fuzzer)
work="$build_dir/fuzz"
mkdir -p "$work/artifacts" "$work/logs"

failed=()
for name in "${fuzzers[@]}"; do
  [[ -z "$only" || "$only" == "$name" ]] || continue
  mkdir -p "$work/corpus/$name"
  log="$work/logs/$name.log"
  # -timeout: one input running 10 s is a hang; -rss_limit_mb: a guest
  # must not make the host allocate without bound. Leaks are detected by
  # default (ASan's LeakSanitizer at exit).
  status=0
  "$build_dir/tests/fuzz/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/$name-" \
    "$work/corpus/$name" "$source_dir/tests/fuzz/corpus/$name" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  coverage=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 || true)
  if ((status == 0)); then
    printf '%-24s ok    %s s, %s inputs run, %s\n' "$name" "$seconds" "${execs:-?}" "${coverage:-?}"
  else
    printf '%-24s FAIL  exit %s, see %s\n' "$name" "$status" "$log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*fuzz check failed|.*runtime error|artifact_prefix|Test unit written)' \
      "$log" | head -n 8 | sed 's/^/    /'
    failed+=("$name")
  fi
done

if ((${#failed[@]} > 0)); then
  echo "fuzz: ${#failed[@]} fuzzer(s) found a problem: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no crash, leak or timeout"
