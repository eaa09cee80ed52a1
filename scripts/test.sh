#!/usr/bin/env bash
# Runs every test on a fresh Debian 12 machine: installs what is missing, builds with warnings as
# errors (preset "dev"), runs all CTest tests, then the core and CLI tests again under
# AddressSanitizer + UBSan (preset "asan"), with the sync tests' server processes built the same
# way (on the embedded database; the PostgreSQL runs are in the dev pass), and the shared-store test
# of two threads under ThreadSanitizer (preset "tsan"). Exit code 0
# only if everything passed. FIELDCHECK_FAULT_RUNS (default 200) sets the number of seeded
# fault-injection runs, FIELDCHECK_SHARED_SECONDS (default 12) how long each shared-store case runs.
#   scripts/test.sh            everything
#   scripts/test.sh --no-asan  skip the AddressSanitizer pass (quicker, for local iteration)
#   scripts/test.sh --no-tsan  skip the ThreadSanitizer pass
#   scripts/test.sh --no-fuzz  skip the short fuzzing runs (preset "fuzz": clang 14, libFuzzer;
#                              FIELDCHECK_FUZZ_SECONDS, default 20, per target)
set -euo pipefail
cd "$(dirname "$0")/.."

asan=1
tsan=1
fuzz=1
for arg in "$@"; do
  case "$arg" in
    --no-asan) asan=0 ;;
    --no-tsan) tsan=0 ;;
    --no-fuzz) fuzz=0 ;;
    *) echo "usage: scripts/test.sh [--no-asan] [--no-tsan] [--no-fuzz]" >&2; exit 2 ;;
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
    ctest --preset asan -j "$jobs" --timeout 1800 -L 'core|cli|sync' -LE postgres
fi
if [ "$tsan" = 1 ]; then
  echo "== build (tsan: ThreadSanitizer: one device store shared by two threads while it syncs)"
  cmake --preset tsan >/dev/null
  cmake --build --preset tsan -j "$jobs" --target shared_store_tests fieldcheck-server fieldcheck
  echo "== test (tsan)"
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 build/tsan/tests/server/shared_store_tests "[threads]"
fi
if [ "$fuzz" = 1 ]; then
  echo "== build (fuzz: libFuzzer targets for every parser of outside bytes, clang 14 + ASan + UBSan)"
  cmake --preset fuzz -DFIELDCHECK_FUZZ_SECONDS="${FIELDCHECK_FUZZ_SECONDS:-20}" >/dev/null
  cmake --build --preset fuzz -j "$jobs" --target fuzz_all
  echo "== test (fuzz: a short run of each target from its seed corpus)"
  ctest --preset fuzz -j "$jobs"
fi
echo "== all tests passed"
