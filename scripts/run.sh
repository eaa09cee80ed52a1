#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: installs what is missing, builds (preset "release"),
# starts the central server on loopback with the demo data set (var/server/), makes an encrypted
# device store enrolled with it as a demo group leader (var/device.db), syncs it, and opens the
# field app on that store — or, without a display, renders the app's pages of that store offscreen
# into var/screens/ and says so. The server runs until the app is closed (or Ctrl-C without a
# display).
#   scripts/run.sh [--user NAME] [--port N] [--check]
#     --user NAME  the demo account the device enrols as (default g1m1, leader of group 1; others:
#                  g1m2 inspector, liaison3 unit liaison, leader1 leader in charge, jijian1 discipline)
#     --port N     the server's port on 127.0.0.1 (default 8470)
#     --check      do everything, sync once more, stop the server and exit (a smoke run)
# The passphrase is asked once on the terminal and serves the server database, the device store
# and the demo accounts' password. Without a terminal the public demo passphrase "zhengfeng-demo"
# is used — the demo data are fictional; never do this with real data.
set -euo pipefail
cd "$(dirname "$0")/.."

user="g1m1"
port="${FIELDCHECK_SERVER_PORT:-8470}"
check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --user) user="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --check) check=1; shift ;;
    *) echo "usage: scripts/run.sh [--user NAME] [--port N] [--check]" >&2; exit 2 ;;
  esac
done

bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target fieldcheck fieldcheck-server fieldcheck-app

cli=build/release/cli/fieldcheck
server=build/release/server/fieldcheck-server
app=build/release/qml/fieldcheck-app
mkdir -p var/server
chmod 700 var var/server

if [ -t 0 ] && [ -e /dev/tty ]; then
  read -r -s -p "Passphrase for the demo 演示口令: " pass </dev/tty; echo >&2
else
  pass="zhengfeng-demo"
  echo "no terminal: using the public demo passphrase 'zhengfeng-demo' (fictional data only)" >&2
fi
[ -n "$pass" ] || { echo "the passphrase is empty" >&2; exit 2; }

# Secrets go through pipes on fds 3 and 4, never through argv or a file.
if [ ! -e var/server/server.db ]; then
  "$server" init --db var/server/server.db --demo --passphrase-fd 3 --demo-password-fd 4 \
    3< <(printf '%s\n' "$pass") 4< <(printf '%s\n' "$pass")
fi

echo "starting the central server on 127.0.0.1:$port (log: var/server/server.log)"
"$server" serve --db var/server/server.db --port "$port" --passphrase-fd 3 \
  3< <(printf '%s\n' "$pass") >var/server/listening.txt 2>>var/server/server.log &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" var/server/listening.txt 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the server did not start; see var/server/server.log" >&2; tail -5 var/server/server.log >&2; exit 1; }
  sleep 0.1
done
grep -q "listening on" var/server/listening.txt || { echo "the server did not start in time" >&2; exit 1; }

db=var/device.db
if [ ! -e "$db" ]; then
  "$cli" --db "$db" init --passphrase-fd 3 3< <(printf '%s\n' "$pass")
  "$cli" --db "$db" enroll --server "http://127.0.0.1:$port" --user "$user" --device-name demo-device \
    --passphrase-fd 3 --password-fd 4 3< <(printf '%s\n' "$pass") 4< <(printf '%s\n' "$pass")
fi
"$cli" --db "$db" sync --passphrase-fd 3 3< <(printf '%s\n' "$pass")
"$cli" --db "$db" audit verify --passphrase-fd 3 3< <(printf '%s\n' "$pass")

# Without a display (or with --check), the app renders its pages of this store offscreen.
render_pages() {
  rm -rf var/screens
  QT_QUICK_BACKEND=software "$app" --db "$db" --render var/screens --passphrase-fd 3 3< <(printf '%s\n' "$pass") >/dev/null
  echo "the field app's pages of $db, rendered offscreen: $(pwd)/var/screens/ (store_today_zh_CN.png, store_units_zh_CN.png, …)"
}

if [ "$check" = 1 ]; then
  "$server" admin --db var/server/server.db verify --passphrase-fd 3 3< <(printf '%s\n' "$pass")
  render_pages
  unset pass
  echo "check done: server and device in step"
  exit 0
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  unset pass
  echo "starting the field app on $db (unlock with the same passphrase; 同步 syncs with the server)"
  "$app" --db "$db"
else
  render_pages
  unset pass
  echo "no display: to use the field app, run it where a display is available:"
  echo "  $app --db $db"
  echo "the server keeps running on 127.0.0.1:$port until Ctrl-C; meanwhile, e.g.:"
  echo "  $cli --db $db list finding"
  echo "  $cli --db $db sync"
  echo "  $cli --db $db conflicts list"
  wait "$server_pid"
fi
