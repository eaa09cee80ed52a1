#!/usr/bin/env bash
# Installs every Debian package FieldCheck needs to build, test and run.
# Idempotent: checks with dpkg first and only calls apt-get for what is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format
  # core
  libsqlcipher-dev sqlcipher libsodium-dev nlohmann-json3-dev
  # tests; libFuzzer targets (clang 14)
  catch2 clang-14 libclang-rt-14-dev libfuzzer-14-dev
  # sync client / server
  libcurl4-openssl-dev libcpp-httplib-dev libssl-dev zlib1g-dev
  # imports and ledgers: XLSX writing, XLSX reading (zip + XML)
  libxlsxwriter-dev libminizip-dev libexpat1-dev
  # Qt Quick app
  qt6-base-dev qt6-declarative-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qml6-module-qtquick qml6-module-qtqml qml6-module-qtquick-controls
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-templates
  qml6-module-qtqml-workerscript qml6-module-qtquick-dialogs qml6-module-qtquick-shapes
  libgl-dev fonts-noto-cjk
  # the desktop key store (QtKeychain), tested against gnome-keyring in a private D-Bus session
  qtkeychain-qt6-dev gnome-keyring dbus-daemon
  # the devices: camera (Qt Multimedia), position (Qt Positioning) and their QML modules, Qt Quick
  # Test; connectivity's QNetworkInformation comes with qt6-base-dev
  qt6-multimedia-dev qt6-positioning-dev qml6-module-qtmultimedia qml6-module-qtpositioning
  qml6-module-qttest
  # the export tests read their files back: the monthly summary PDF (pdftotext, pdffonts) and the
  # ledgers' XLSX (unzip)
  poppler-utils unzip
  # offscreen screenshots
  xvfb xauth
  # the server's systemd unit is checked with systemd-analyze
  systemd
  # TLS tests: certificates made with openssl, the server behind nginx
  openssl nginx-light
  # the PostgreSQL backend: libpq to build it; PostgreSQL 15, which its tests and benchmarks start
  # themselves in temporary directories on loopback (Debian's own cluster, if it starts, is unused)
  postgresql-15 libpq-dev
  # benchmarks: curl as the baseline of the photo upload; Node.js for the peers (PouchDB, tus)
  curl nodejs
)
# npm comes with Debian's package of that name, or inside a Node.js installed from elsewhere
# (NodeSource's nodejs carries its own npm and conflicts with Debian's).
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup: installing ${#missing[@]} missing packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
# The tests start nginx themselves, on loopback, with a configuration of their own; Debian's
# package starts its default site on port 80 when it is installed: stop it and keep it off.
if [[ " ${missing[*]} " == *" nginx-light "* ]]; then
  if command -v systemctl > /dev/null && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now nginx > /dev/null 2>&1 || true
  elif [ -s /run/nginx.pid ]; then
    $SUDO nginx -s quit > /dev/null 2>&1 || true
  fi
fi
