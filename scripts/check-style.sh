#!/usr/bin/env bash
# Checks the rules a reviewer would otherwise have to remember:
#  1. Layers: each module includes only the modules docs/architecture.md
#     allows ("Who may call whom"). A forbidden include compiles when the
#     header is header-only, so the build alone does not catch it.
#  2. Formatting: every C++ file is as clang-format (.clang-format) writes
#     it. The C guest programs are test data (the seeds' programs verbatim)
#     and are not checked.
# Exits non-zero, naming each offending file, when either rule is broken.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# module -> the other lstar modules it may include
declare -A allowed=(
  [abi]=""
  [protocol]="abi"
  [cpu]=""
  [kernel]="cpu abi"
  [server]="protocol kernel abi"
  [clients]="protocol abi"
)
modules="abi protocol cpu kernel server clients"

status=0
for module in $modules; do
  for other in $modules; do
    [[ "$other" == "$module" ]] && continue
    [[ " ${allowed[$module]} " == *" $other "* ]] && continue
    if hits=$(grep -rnE "^#include \"$other/" "$module" --include='*.cpp' --include='*.h' \
      --include='*.S'); then
      echo "check-style: $module/ may not include $other/ (docs/architecture.md):" >&2
      echo "$hits" >&2
      status=1
    fi
  done
done

if ! command -v clang-format >/dev/null 2>&1; then
  echo "check-style: clang-format is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
mapfile -t sources < <(git ls-files '*.cpp' '*.h')
unformatted=()
for f in "${sources[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done
if ((${#unformatted[@]} > 0)); then
  echo "check-style: not clang-formatted (run clang-format -i on them):" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  status=1
fi

((status == 0)) && echo "check-style: layers and formatting are clean"
exit $status
