#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: installs what is missing, builds (preset "release"),
# creates an encrypted demo store with the seeded demo data set (one district bureau's campaign)
# and opens the field app on it. Without a display it shows the store through the command line.
#   scripts/run.sh [--db PATH]      (default: var/demo.db)
# The passphrase is asked once on the terminal. Without a terminal the demo store uses the public
# demo passphrase "zhengfeng-demo" — the demo data are fictional; never do this with real data.
set -euo pipefail
cd "$(dirname "$0")/.."

db="var/demo.db"
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    *) echo "usage: scripts/run.sh [--db PATH]" >&2; exit 2 ;;
  esac
done

bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target fieldcheck fieldcheck-app

cli=build/release/cli/fieldcheck
app=build/release/qml/fieldcheck-app
mkdir -p "$(dirname "$db")"
chmod 700 "$(dirname "$db")"

if [ -t 0 ] && [ -e /dev/tty ]; then
  read -r -s -p "Passphrase for the demo store 演示库口令: " pass </dev/tty; echo >&2
else
  pass="zhengfeng-demo"
  echo "no terminal: using the public demo passphrase 'zhengfeng-demo' (fictional data only)" >&2
fi
[ -n "$pass" ] || { echo "the passphrase is empty" >&2; exit 2; }

# The passphrase goes through a pipe on fd 3, never through argv or a file.
if [ ! -e "$db" ]; then
  "$cli" --db "$db" demo --passphrase-fd 3 3< <(printf '%s\n' "$pass")
else
  echo "using the existing store $db"
fi
"$cli" --db "$db" info --passphrase-fd 3 3< <(printf '%s\n' "$pass")
"$cli" --db "$db" audit verify --passphrase-fd 3 3< <(printf '%s\n' "$pass")
unset pass

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "starting the field app on $db (unlock with the same passphrase)"
  exec "$app" --db "$db"
else
  echo "no display: the field app was built at $app; run it where a display is available:"
  echo "  $app --db $db"
  echo "or look at the store with the command line, e.g.:"
  echo "  $cli --db $db list unit"
fi
