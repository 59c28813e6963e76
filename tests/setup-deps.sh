#!/usr/bin/env bash
# Install the Debian packages prickle needs (build, tests, benchmarks, plots).
# Idempotent; uses sudo when not run as root.
set -euo pipefail
pkgs=(build-essential clang cmake pkg-config libgc-dev libunwind-dev libmsgpack-dev
      libbenchmark-dev python3 python3-matplotlib python3-greenlet lua5.4 valgrind
      gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y "${missing[@]}"
fi
