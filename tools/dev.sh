#!/usr/bin/env bash
# The README's two commands.
#   tools/dev.sh run    install what is missing, build the programs (not the tests), start
#                       kompasd with a demo community
#   tools/dev.sh test   install what is missing, build everything, run every test (ctest)
# Works on a fresh Debian bookworm machine as root (or with sudo available).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"

# Debian bookworm packages the build and the tests need. Each is explained in
# the README under "Dependencies".
packages=(
  cmake ninja-build g++ pkg-config ccache
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libspdlog-dev libcli11-dev libssl-dev libboost-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libre2-dev libphonenumber-dev libutf8proc-dev libstemmer-dev frogdata wdutch libjemalloc-dev
  clang libclang-rt-14-dev python3 openssl
  python3-grpcio python3-protobuf
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Only `test` needs a browser: Debian's chromium, driven by Playwright (the
# browser tests never download one), with its Dutch locale (chromium-l10n:
# without it a date field shows "mm/dd/yyyy" in the screenshots, where a
# Dutch professional's browser shows "dd-mm-jjjj"); and mypy, which
# type-checks the Python client (clients/python).
test_packages=(chromium chromium-l10n mypy)

# install_missing [EXTRA_PACKAGE...]
install_missing() {
  local missing=()
  for p in "${packages[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  # npm fetches the pinned googleapis/grpc .proto packages at configure time
  # and the browser client's packages (clients/web, Vite needs Node 20.19 or
  # newer). Some machines carry a nodejs build that bundles npm; only add
  # Debian's nodejs and npm when there is no npm at all.
  if ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "dev.sh: installing ${missing[*]}" >&2
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

# What `run` starts and what its instructions (kompasd's start-up hint and the
# README's tour) use: the server, the CLI, the two tools and the browser
# client (clients/web, built into build/clients/web/dist). The tests, the
# benchmarks and the clang fuzzer are left to `test`.
run_targets=(kompasd kompas kompas-admin kompas-export web_app)

configure() {
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
}

# build [TARGET...]: the given targets, or everything when none is given.
build() {
  configure
  if [ $# -gt 0 ]; then
    cmake --build "$build" -j "${KOMPAS_JOBS:-2}" --target "$@"
  else
    cmake --build "$build" -j "${KOMPAS_JOBS:-2}"
  fi
}

cmd=${1:-}
case "$cmd" in
  run)
    install_missing
    build "${run_targets[@]}"
    mkdir -p "$root/var/kompas"
    echo "dev.sh: starting kompasd on 127.0.0.1:50051 (Ctrl-C stops it)" >&2
    exec "$build/server/kompasd" \
      --address=127.0.0.1:50051 \
      --data_dir="$root/var/kompas" \
      --signing_key="$root/var/audit-signing.key" \
      --municipalities="$root/data/municipalities.tsv" \
      --seed="$root/data/demo_community.json" \
      --demo_tokens_file="$root/var/demo-tokens" \
      --http_address=127.0.0.1:8080 \
      --web_root="$build/clients/web/dist" \
      --cli="$build/clients/cli/kompas"
    ;;
  test)
    install_missing "${test_packages[@]}"
    build
    cd "$build"
    ctest --output-on-failure -j "${KOMPAS_JOBS:-2}"
    ;;
  *)
    echo "usage: tools/dev.sh run|test" >&2
    exit 2
    ;;
esac
