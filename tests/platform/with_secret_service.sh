#!/usr/bin/env bash
# Runs a test program against a real Secret Service: gnome-keyring-daemon in a private D-Bus
# session (dbus-run-session), with HOME and the XDG directories in a fresh temporary directory that
# is removed afterwards; the test finds it in FIELDCHECK_TEST_HOME. With the mode "none" there is
# no D-Bus session at all: no key store answers.
#
#   with_secret_service.sh secret-service|none PROGRAM [ARG...]
set -euo pipefail
mode=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fieldcheck-keystore.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" XDG_CONFIG_HOME="$tmp/home/.config"
export XDG_CACHE_HOME="$tmp/home/.cache" XDG_RUNTIME_DIR="$tmp/run" FIELDCHECK_TEST_HOME="$tmp/home"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL
export XDG_CURRENT_DESKTOP=GNOME  # QtKeychain picks the Secret Service (libsecret) for GNOME

case "$mode" in
  none)
    export DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/no-bus"
    "$@"
    ;;
  secret-service)
    for tool in dbus-run-session gnome-keyring-daemon; do
      command -v "$tool" >/dev/null || { echo "with_secret_service.sh: $tool is not installed (scripts/setup.sh)" >&2; exit 1; }
    done
    # The login keyring is created at the first unlock with this password. Not an empty one:
    # gnome-keyring writes a keyring with an empty password to disk unencrypted.
    dbus-run-session -- bash -c 'printf %s "fieldcheck-test-login" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
                                 exec "$@"' with-secret-service "$@" 2> >(grep -v "Failed to set fd limit" >&2)
    ;;
  *)
    echo "usage: with_secret_service.sh secret-service|none PROGRAM [ARG...]" >&2
    exit 2
    ;;
esac
