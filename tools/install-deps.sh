#!/usr/bin/env bash
# Installs the Debian 12 packages Guihua needs, only those that are missing.
# Usage: tools/install-deps.sh            (uses sudo when not root)
set -euo pipefail

# What the build and `make test` need; `tools/install-deps.sh fixtures` adds what the fixture
# generators in tests/tools/ need (cairo and a CJK font for the PDFs).
PACKAGES=(
  # toolchain (clang + compiler-rt for the libFuzzer targets)
  build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev clang-format clang-tidy
  # libraries
  libsqlite3-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libxlsxwriter-dev libzip-dev libpugixml-dev libpoppler-cpp-dev libgumbo-dev libsodium-dev libmimalloc-dev
  libboost-dev libspdlog-dev
  # tests and benchmarks (chromium: the web app's end-to-end tests, driven by playwright-core)
  libgtest-dev libgmock-dev libbenchmark-dev python3-openpyxl chromium fonts-wqy-microhei
)
# The web front end is built with Node.js 20.19+ (Vite 7; playwright-core needs 20) and npm.
# A machine without node gets apt's nodejs: 20.x where NodeSource's repository is configured
# (it ships npm), Debian 12's own 18.x otherwise, which tools/build-web.sh then refuses with a
# clear message.
if ! command -v node >/dev/null 2>&1; then
  PACKAGES+=(nodejs)
fi
if [ "${1:-}" = "fixtures" ]; then
  PACKAGES+=(python3-cairo)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
