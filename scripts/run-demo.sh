#!/usr/bin/env bash
# Installs what is missing, builds, and starts the lab server:
#   lstar serve            listening on 127.0.0.1:1234, running the built-in demo
# Extra arguments go to `lstar serve`, e.g. a program of your own:
#   bash scripts/run-demo.sh ./my_static_program arg1
#   bash scripts/run-demo.sh --listen 127.0.0.1:4321
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

bash "$repo/scripts/install-deps.sh"
# Only the server (the demo program is built into it); scripts/test.sh
# builds the tests.
bash "$repo/scripts/build.sh" --target lstar

# The address the hint names: --listen's, as `lstar serve` will use it.
listen=127.0.0.1:1234
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --listen) listen=${args[i + 1]:-$listen} ;;
    --listen=*) listen=${args[i]#--listen=} ;;
    --) break ;;
  esac
done
[[ "$listen" == :* ]] && listen=127.0.0.1$listen

cat >&2 <<HINT

lstar: in another terminal, try
  gdb -batch -ex 'target remote $listen' -ex 'catch syscall 548' -ex continue \\
      -ex 'info registers rdi orig_rax rax rip' -ex continue -ex 'p \$rax' -ex 'monitor dmesg'
(or \`gdb build/guests/demo -ex 'target remote $listen'\` for symbols). Ctrl-C stops the server.

HINT
# From the caller's directory, so relative PROGRAM paths mean what they say.
exec "$repo/build/server/lstar" serve "$@"
