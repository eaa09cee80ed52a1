#!/usr/bin/env bash
# Checks packaging/fieldcheck-server.service with systemd's own parser: no unknown key, no bad value,
# and an ExecStart that runs (the built server stands in for the installed one).
#   verify_systemd_unit.sh UNIT SERVER_BINARY
set -euo pipefail
unit=$1 server=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/fieldcheck-unit.XXXXXX")
trap 'rm -rf "$work"' EXIT
sed "s|/usr/local/bin/fieldcheck-server|$server|" "$unit" > "$work/fieldcheck-server.service"
# systemd-analyze only warns about unknown keys: any word from it is a failure.
if ! systemd-analyze verify --man=no "$work/fieldcheck-server.service" > "$work/out" 2>&1 || [ -s "$work/out" ]; then
  echo "verify_systemd_unit: $unit does not verify:" >&2
  cat "$work/out" >&2
  exit 1
fi
# What the unit relies on: the server takes its passphrase from the file FIELDCHECK_PASSPHRASE_FILE names.
grep -q '^Environment=FIELDCHECK_PASSPHRASE_FILE=%d/' "$unit"
"$server" --help | grep -q FIELDCHECK_PASSPHRASE_FILE
echo "verify_systemd_unit: ok"
