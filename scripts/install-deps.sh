#!/usr/bin/env bash
# Installs what lstar needs to build and test on Debian 12, and nothing else.
# When everything is already installed it does not touch apt at all, so it is
# fast and works offline. Needs root or sudo only when something is missing.
set -euo pipefail

packages=(
  cmake ninja-build gcc g++ binutils libc6-dev  # toolchain; libc6-dev has libc.a for static guests
  libasio-dev libfmt-dev libzydis-dev           # libraries (Asio standalone, fmt, Zydis 4)
  googletest libgtest-dev                       # unit tests
  gdb python3 ca-certificates                   # end-to-end tests drive stock gdb
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: dpkg-query not found; lstar's scripts expect Debian 12." >&2
  echo "install-deps: install these yourself: ${packages[*]}" >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
