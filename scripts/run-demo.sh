#!/usr/bin/env bash
# Installs what is missing, builds, and starts the lab server:
#   lstar serve            listening on 127.0.0.1:1234, running the built-in demo
# Extra arguments go to `lstar serve`, e.g. a program of your own:
#   bash scripts/run-demo.sh ./my_static_program arg1
#   bash scripts/run-demo.sh --listen 127.0.0.1:4321
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

bash "$repo/scripts/install-deps.sh"
bash "$repo/scripts/build.sh"

cat >&2 <<'HINT'

lstar: in another terminal, try
  gdb -batch -ex 'target remote :1234' -ex 'catch syscall 548' -ex continue \
      -ex 'info registers rdi orig_rax rax rip' -ex continue -ex 'p $rax' -ex 'monitor dmesg'
(or `gdb build/guests/demo -ex 'target remote :1234'` for symbols). Ctrl-C stops the server.

HINT
# From the caller's directory, so relative PROGRAM paths mean what they say.
exec "$repo/build/server/lstar" serve "$@"
