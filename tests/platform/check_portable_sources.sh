#!/usr/bin/env bash
# Fails when core/, sync/ or qml/ use something that only Linux has. These folders are compiled for
# Android and iOS too (docs/mobile.md); what differs per operating system belongs in platform/,
# which is not checked.
#
# POSIX is fine and not reported: unistd.h, fcntl.h, sys/stat.h, flock, fsync, O_CLOEXEC exist in
# Android's bionic and in iOS's Darwin. Reported: Linux's own headers and calls, and paths that
# only exist on a Linux system (/proc, /sys, /tmp: an Android app has no /tmp, iOS gives each app
# its own temporary folder). Member calls (list.splice(…)) are not calls of the system's function.
#
# Usage: check_portable_sources.sh SOURCE_ROOT    checks SOURCE_ROOT/{core,sync,qml}
#        check_portable_sources.sh --self-test    shows that it finds what it must and passes POSIX
set -euo pipefail

# Each check: a name, an extended regular expression, why it does not port.
CHECK_NAMES=() CHECK_REGEXES=() CHECK_WHYS=()
check() { CHECK_NAMES+=("$1"); CHECK_REGEXES+=("$2"); CHECK_WHYS+=("$3"); }
check linux-header '#include[[:space:]]*<(linux/|gnu/|mntent\.h|malloc\.h|features\.h)' \
  "a header of Linux or glibc only"
check linux-sys-header '#include[[:space:]]*<sys/(epoll|inotify|eventfd|signalfd|timerfd|sendfile|prctl|sysinfo|vfs|statfs)\.h>' \
  "a Linux-only system header"
check linux-path '"/(proc|sys|tmp|dev/shm)/' \
  "a path only a Linux system has (an app's temporary folder comes from the platform)"
check renameat2 '(^|[^.>_[:alnum:]])renameat2\(' \
  "Linux's rename (bionic from API 30 only, none on iOS; macOS has renameatx_np)"
check linux-call '(^|[^.>_[:alnum:]])(memfd_create|fallocate|sync_file_range|splice|getrandom|posix_fadvise|pipe2|accept4|prctl|epoll_[a-z_0-9]+|inotify_[a-z_0-9]+)\(' \
  "a Linux-only call (or one iOS lacks)"
check o-tmpfile '\bO_TMPFILE\b' \
  "Linux's anonymous temporary file"
check process '(^|[^.>_[:alnum:]])(fork|vfork|execv|execvp|execve|execl|execlp|popen)\(' \
  "a child process (iOS forbids them, Android apps must not)"

# Known uses, each to be removed before the mobile build: "path|check name".
ALLOWED=(
  # ledger export: RENAME_NOREPLACE so that an export never replaces a file (link() is already the
  # fallback when renameat2 fails with EINVAL/ENOSYS; bionic below API 30 and iOS lack the symbol).
  "core/src/ledgers/ledger_export.cpp|renameat2"
)

check_tree() {
  local root=$1 failures=0 i name regex why hits hit file rest relative allowed status
  local folders=()
  for f in core sync qml; do [ -d "$root/$f" ] && folders+=("$root/$f"); done
  if [ ${#folders[@]} -eq 0 ]; then
    echo "check_portable_sources: no core/, sync/ or qml/ under '$root'" >&2
    return 2
  fi
  for i in "${!CHECK_NAMES[@]}"; do
    name=${CHECK_NAMES[$i]} regex=${CHECK_REGEXES[$i]} why=${CHECK_WHYS[$i]}
    # grep: 0 found, 1 none; anything else (a broken expression) must fail the check, not pass it.
    status=0
    hits=$(grep -rnE --include='*.h' --include='*.hpp' --include='*.c' --include='*.cpp' \
                --include='*.qml' --include='*.js' -e "$regex" "${folders[@]}") || status=$?
    if [ $status -gt 1 ]; then
      echo "check_portable_sources: grep failed on check '$name'" >&2
      return 2
    fi
    while IFS= read -r hit; do
      [ -n "$hit" ] || continue
      file=${hit%%:*}
      rest=${hit#*:}
      relative=${file#"$root"/}
      allowed=no
      for a in "${ALLOWED[@]}"; do [ "$a" = "$relative|$name" ] && allowed=yes; done
      [ $allowed = yes ] && continue
      echo "$relative:${rest%%:*}: $name — $why" >&2
      failures=$((failures + 1))
    done <<< "$hits"
  done
  if [ $failures -gt 0 ]; then
    echo "check_portable_sources: $failures Linux-only use(s) in core/, sync/ or qml/; move them behind platform/ (docs/mobile.md)" >&2
    return 1
  fi
  echo "check_portable_sources: core/, sync/ and qml/ use nothing Linux-only (${#ALLOWED[@]} known exception(s))"
}

self_test() {
  local tmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  mkdir -p "$tmp/clean/core/src" "$tmp/dirty/core/src" "$tmp/dirty/sync/src" "$tmp/dirty/qml/src"
  cat > "$tmp/clean/core/src/posix.cpp" <<'EOF'
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <list>
int lockIt(int fd) { std::list<int> a, b; a.splice(a.end(), b); return ::flock(fd, LOCK_EX) + ::fsync(fd); }
// the operating system (Android) may fork (sic) in prose without a call
EOF
  cat > "$tmp/dirty/core/src/epoll.cpp" <<'EOF'
#include <sys/epoll.h>
int make() { return epoll_create1(0); }
EOF
  cat > "$tmp/dirty/sync/src/proc.cpp" <<'EOF'
#include <fstream>
std::ifstream status("/proc/self/status");
int child() { return fork(); }
EOF
  cat > "$tmp/dirty/qml/src/tmp.cpp" <<'EOF'
const char* scratch = "/tmp/fieldcheck-photo.jpg";
EOF
  local out status=0
  out=$(check_tree "$tmp/clean" 2>&1) || status=$?
  if [ $status -ne 0 ]; then echo "self-test: a POSIX-only tree was refused: $out" >&2; return 1; fi
  status=0
  out=$(check_tree "$tmp/dirty" 2>&1) || status=$?
  if [ $status -ne 1 ]; then echo "self-test: a tree with Linux-only uses passed (status $status): $out" >&2; return 1; fi
  local expect
  for expect in "core/src/epoll.cpp:1: linux-sys-header" "core/src/epoll.cpp:2: linux-call" \
                "sync/src/proc.cpp:2: linux-path" "sync/src/proc.cpp:3: process" "qml/src/tmp.cpp:1: linux-path"; do
    if [[ "$out" != *"$expect"* ]]; then echo "self-test: '$expect' was not reported in: $out" >&2; return 1; fi
  done
  echo "check_portable_sources: self-test passed (finds 5 planted uses, passes POSIX)"
}

case "${1:-}" in
  --self-test) self_test ;;
  "") echo "usage: $0 SOURCE_ROOT | --self-test" >&2; exit 2 ;;
  *) check_tree "$1" ;;
esac
