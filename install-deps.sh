#!/usr/bin/env bash
# Installs the Debian packages ringsim needs. Idempotent: does nothing when all are present.
# Uses sudo when not root. Set RINGSIM_SKIP_DEPS=1 to skip entirely (e.g. non-Debian hosts).
# `./install-deps.sh --slurm` also installs Slurm and munge for tests/slurm/run_slurm_sweep.sh
# (daemons a build machine does not otherwise need; about 6 MB).
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libsfml-dev libimgui-dev libstb-dev libgl-dev libx11-dev
  libhnswlib-dev libboost-graph-dev nlohmann-json3-dev catch2 libcli11-dev zlib1g-dev
  libhdf5-dev libyaml-cpp-dev
  xvfb xauth fonts-dejavu-core
  parallel
  libxml2-utils bsdutils
  clang libclang-rt-14-dev
)
if [[ "${1:-}" == "--slurm" ]]; then
  packages+=(slurm-wlm munge)
fi

if [[ "${RINGSIM_SKIP_DEPS:-0}" == "1" ]]; then
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps.sh: missing packages (${missing[*]}) and no apt-get; install them by hand" >&2
  exit 1
fi

sudo_cmd=()
if [[ "$(id -u)" -ne 0 ]]; then
  sudo_cmd=(sudo)
fi

echo "install-deps.sh: installing ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
