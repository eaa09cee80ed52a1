#!/usr/bin/env bash
# Runs every test on a fresh Debian 12 machine: installs what is missing, builds with warnings as
# errors (preset "dev"), runs all CTest tests, then the core and CLI tests again under
# AddressSanitizer + UBSan (preset "asan"), with the sync tests' server processes built the same
# way. Exit code 0 only if everything passed. FIELDCHECK_FAULT_RUNS (default 200) sets the number
# of seeded fault-injection runs.
#   scripts/test.sh            everything
#   scripts/test.sh --no-asan  skip the sanitizer pass (quicker, for local iteration)
set -euo pipefail
cd "$(dirname "$0")/.."

asan=1
for arg in "$@"; do
  case "$arg" in
    --no-asan) asan=0 ;;
    *) echo "usage: scripts/test.sh [--no-asan]" >&2; exit 2 ;;
  esac
done

bash scripts/setup.sh

jobs=$(nproc)
export CTEST_OUTPUT_ON_FAILURE=1
# Tests make their own temporary directories; keep them away from anything shared.
export TMPDIR="${TMPDIR:-/tmp}"

echo "== build (dev: Debug, -Werror)"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"
echo "== test (dev)"
ctest --preset dev -j "$jobs" --timeout 900

if [ "$asan" = 1 ]; then
  echo "== build (asan: AddressSanitizer + UBSan: core, CLI, sync client, server)"
  cmake --preset asan -DFIELDCHECK_BUILD_APP=OFF >/dev/null
  cmake --build --preset asan -j "$jobs" --target core_tests cli_tests fieldcheck fieldcheck_crash_child \
    sync_tests fault_proxy_tests server_tests fieldcheck-server
  echo "== test (asan)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan -j "$jobs" --timeout 1800 -L 'core|cli|sync'
fi
echo "== all tests passed"
