#!/usr/bin/env bash
# Installs what lstar needs to build and test on Debian 12, and nothing else.
# When everything is already installed it does not touch apt at all, so it is
# fast and works offline. Needs root or sudo only when something is missing.
set -euo pipefail

packages=(
  cmake ninja-build gcc g++ binutils libc6-dev  # toolchain; libc6-dev has libc.a for static guests
  libasio-dev libfmt-dev libzydis-dev           # libraries (Asio standalone, fmt, Zydis 4)
  googletest libgtest-dev                       # unit tests
  gdb gdbserver strace python3 ca-certificates  # e2e tests drive stock gdb; clients tests gdbserver/strace
  clang-format git                              # scripts/check-style.sh
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: dpkg-query not found; lstar's scripts expect Debian 12." >&2
  echo "install-deps: install these yourself: ${packages[*]}" >&2
  exit 1
fi

# Optional: the lldb end-to-end tests use it and skip, with a message, when
# it is missing; a failure to install it is not an error.
optional_packages=(lldb)

missing_from() {
  local package status
  for package in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [[ "$status" == installed ]] || echo "$package"
  done
}

mapfile -t missing < <(missing_from "${packages[@]}")
mapfile -t missing_optional < <(missing_from "${optional_packages[@]}")

if ((${#missing[@]} == 0 && ${#missing_optional[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages (and ${optional_packages[*]}) are installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
elif ((${#missing[@]} == 0)); then
  echo "install-deps: ${missing_optional[*]} not installed (optional; needs root or sudo)" >&2
  exit 0
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update || ((${#missing[@]} == 0))
if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${missing[*]}"
  "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
if ((${#missing_optional[@]} > 0)); then
  echo "install-deps: installing optional ${missing_optional[*]}"
  "${as_root[@]}" apt-get install -y --no-install-recommends "${missing_optional[@]}" ||
    echo "install-deps: could not install ${missing_optional[*]}; the tests that need it skip" >&2
fi
