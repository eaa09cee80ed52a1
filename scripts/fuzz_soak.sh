#!/usr/bin/env bash
# Long fuzzing runs (a soak, not part of the test command). Each target runs until its process has
# used CPU_SECONDS of CPU time, not wall time: on a shared 2-core machine a run of "an hour" by the
# clock may have fuzzed for twenty minutes, and the figures in docs/fuzzing.md count the work done.
# The fuzzers run at the lowest priority, at most JOBS at a time, from the seed corpus in a scratch
# corpus of their own (the seeds in the repository are never written to).
#
#   scripts/fuzz_soak.sh [-j JOBS] [-s CPU_SECONDS] [-b BUILD_DIR] [-o LOG_DIR] [-r EARLIER_LOG_DIR] [TARGET...]
#
# -r resumes a campaign: each target starts from the corpus an earlier soak left in
# EARLIER_LOG_DIR/<target>/corpus (on the same code, its CPU time adds up with this run's).
#
# Never SIGSTOP a running fuzzer to make room: libFuzzer's -timeout is wall time, and when the
# fuzzer resumes, the input in flight is reported as a timeout (a false finding). Lower its
# priority with renice instead.
#
# Priority: nice works within one autogroup (one session). Started with setsid, the soak gets an
# autogroup of its own and takes half the CPU from everything else whatever its nice value; then
# lower the group as a whole: echo 19 > /proc/<pid of the script>/autogroup.
#
# TARGET is a corpus name such as csv, for the binary fuzz_csv (all of tests/fuzz/corpus/* when none
# is named). Build first:
#   cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_all
# Prints one line per target: CPU time, wall time, executions, coverage (edges), and whether it
# found anything. A crash, leak, timeout or OOM keeps its input and fails the script.
set -euo pipefail

jobs=2 cpu_limit=3600 build=build/fuzz logs= resume=
while getopts "j:s:b:o:r:" opt; do
  case $opt in
    j) jobs=$OPTARG ;;
    s) cpu_limit=$OPTARG ;;
    b) build=$OPTARG ;;
    o) logs=$OPTARG ;;
    r) resume=$OPTARG ;;
    *) echo "usage: $0 [-j JOBS] [-s CPU_SECONDS] [-b BUILD_DIR] [-o LOG_DIR] [-r EARLIER_LOG_DIR] [TARGET...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -n "$logs" ] || logs=$(mktemp -d "${TMPDIR:-/tmp}/fieldcheck-soak.XXXXXX")
mkdir -p "$logs"
if [ $# -eq 0 ]; then
  set -- $(cd tests/fuzz/corpus && ls)
fi
for t in "$@"; do
  if [ ! -x "$build/tests/fuzz/fuzz_$t" ]; then
    echo "fuzz_soak: $build/tests/fuzz/fuzz_$t is missing; build the fuzz preset first" >&2
    exit 2
  fi
  if [ ! -d "tests/fuzz/corpus/$t" ]; then
    echo "fuzz_soak: no seed corpus tests/fuzz/corpus/$t" >&2
    exit 2
  fi
  if [ -n "$resume" ] && [ ! -d "$resume/$t/corpus" ]; then
    echo "fuzz_soak: -r $resume: no earlier corpus $resume/$t/corpus" >&2
    exit 2
  fi
done
ticks=$(getconf CLK_TCK)

# CPU seconds used so far by process $1 (its own and its reaped children's), or nothing once gone.
cpu_of() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  # Fields after the command name (which may hold spaces) start at field 3.
  set -- ${stat##*) }
  echo $(( (${12} + ${13} + ${14} + ${15}) / ticks ))
}

# Runs one target to its CPU limit; writes "$logs/<target>.summary".
soak_one() {
  local t=$1 work pid cpu=0 start end rc=0 result
  work="$logs/$t"
  rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts"
  local resumed=""
  if [ -n "$resume" ]; then
    cp -r "$resume/$t/corpus/." "$work/corpus/"
    resumed="	resumed from $resume ($(ls "$work/corpus" | wc -l) inputs)"
  fi
  start=$(date +%s)
  nice -n 19 "$build/tests/fuzz/fuzz_$t" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" "tests/fuzz/corpus/$t" >"$work/log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    # The last reading stays when the fuzzer has exited by itself (a crash).
    local now
    now=$(cpu_of "$pid")
    [ -n "$now" ] || break
    cpu=$now
    if [ "$cpu" -ge "$cpu_limit" ]; then
      kill -INT "$pid" 2>/dev/null || true
      break
    fi
  done
  wait "$pid" || rc=$?
  end=$(date +%s)
  # libFuzzer exits 72 when interrupted (our stop), after printing its final statistics.
  if [ -n "$(ls -A "$work/artifacts")" ] || { [ "$rc" -ne 0 ] && [ "$rc" -ne 72 ]; }; then
    result="FOUND (exit $rc): $(ls "$work/artifacts" | tr '\n' ' ')"
  else
    result="nothing"
  fi
  local execs cov
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1 | cut -d' ' -f2)
  printf '%s\tCPU %d s\twall %d s\texecutions %s\tedges %s\t%s%s\n' \
    "fuzz_$t" "$cpu" $((end - start)) "${execs:-?}" "${cov:-?}" "$result" "$resumed" | tee "$work.summary"
}

echo "fuzz_soak: ${cpu_limit} CPU-s per target, $jobs at a time; logs in $logs" >&2
running=0
for t in "$@"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  soak_one "$t" &
  running=$((running + 1))
done
wait
cat "$logs"/*.summary > "$logs/summary"
! grep -q FOUND "$logs/summary"
