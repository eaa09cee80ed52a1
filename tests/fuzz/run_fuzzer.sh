#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS from its seed corpus, in a scratch corpus of its own (the
# seeds in the repository are never written to). Fails when the target crashes, leaks, hangs or
# runs out of memory; the input that did it is kept beside the scratch corpus and named.
#   run_fuzzer.sh TARGET SEED_DIR SECONDS [libFuzzer options...]
set -euo pipefail
target=$1 seeds=$2 seconds=$3
shift 3
work=$(mktemp -d "${TMPDIR:-/tmp}/fieldcheck-fuzz.XXXXXX")
keep=0
trap '[ "$keep" = 1 ] || rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
if "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
     -artifact_prefix="$work/artifacts/" "$@" "$work/corpus" "$seeds"; then
  exit 0
fi
keep=1
echo "run_fuzzer: $(basename "$target") failed; the input is in $work/artifacts/:" >&2
ls -l "$work/artifacts" >&2
exit 1
