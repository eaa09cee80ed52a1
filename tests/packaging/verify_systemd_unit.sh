#!/usr/bin/env bash
# Checks a systemd unit of packaging/ with systemd's own parser: no unknown key, no bad value, and
# an ExecStart that runs (the built server stands in for the installed one). A template unit
# (NAME@.service) is checked as the instance NAME@8471.service.
#   verify_systemd_unit.sh UNIT SERVER_BINARY
set -euo pipefail
unit=$1 server=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/fieldcheck-unit.XXXXXX")
trap 'rm -rf "$work"' EXIT
name=$(basename "$unit")
name=${name/@.service/@8471.service}
sed "s|/usr/local/bin/fieldcheck-server|$server|" "$unit" > "$work/$name"
# systemd-analyze only warns about unknown keys: any word from it is a failure.
if ! systemd-analyze verify --man=no "$work/$name" > "$work/out" 2>&1 || [ -s "$work/out" ]; then
  echo "verify_systemd_unit: $unit does not verify:" >&2
  cat "$work/out" >&2
  exit 1
fi
# What the units rely on: the embedded database's passphrase from the file FIELDCHECK_PASSPHRASE_FILE
# names; PostgreSQL's password from the file PGPASSFILE names (read by libpq), the port from the
# instance name.
if grep -q '^Environment=PGPASSFILE=%d/' "$unit"; then
  grep -q -- '--port %i' "$unit"
  "$server" --help | grep -q PGPASSFILE
else
  grep -q '^Environment=FIELDCHECK_PASSPHRASE_FILE=%d/' "$unit"
  "$server" --help | grep -q FIELDCHECK_PASSPHRASE_FILE
fi
echo "verify_systemd_unit: ok"
