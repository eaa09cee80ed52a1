# What bench/pouchdb/run.sh and bench/tus/run.sh share: the argument checks, the port on
# 127.0.0.1, the temporary directory and its cleanup, the wait for the server, running the bench
# script. Sourced (not run) by both, after `set -euo pipefail`. See README.md.
#
# The caller sets, before it calls these functions:
#   ME           its name in messages ("bench/tus/run.sh")
#   HERE         its directory (the peer's node_modules is there)
#   SERVER_NAME  the server in messages ("pouchdb-server", "the tus server")
#   OUR_SERVER   likewise, as "ours" ("our pouchdb-server", "our tus server")
# and defines usage (prints the usage to stderr and exits 2) and, before it starts the server,
# server_log (the tail of the server's output, to stderr).
# The functions set or read OUT, PORT, HOST, URL, WORK, SERVER_PID and BENCH_PID.

die() { echo "$ME: error: $*" >&2; exit 1; }

# parse_args "--photos=PHOTOS --out=OUT ..." "$@": each option takes a value, which goes into the
# variable named after its "="; -h/--help shows the usage; anything else is an error.
parse_args() {
    local spec=" $1 " var
    shift
    while [ $# -gt 0 ]; do
        if [[ "$1" =~ ^--[a-z-]+$ && "$spec" == *" $1="* ]]; then
            [ $# -ge 2 ] || { echo "$ME: $1 needs a value" >&2; usage; }
            var="${spec#* "$1"=}"
            printf -v "${var%% *}" '%s' "$2"
            shift 2
        else
            case "$1" in
                -h|--help) usage ;;
                *) echo "$ME: unknown argument '$1'" >&2; usage ;;
            esac
        fi
    done
}

# check_positive_int OPTION VALUE
check_positive_int() {
    [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer"
}

# check_photos_dir DIR: a readable directory with at least one entry (bench.js or attachments.js
# checks that each entry is a regular file)
check_photos_dir() {
    if [ ! -d "$1" ] || [ ! -r "$1" ] || [ ! -x "$1" ]; then
        die "photos directory '$1' does not exist, is not a directory or is not readable"
    fi
    [ -n "$(ls -A "$1")" ] || die "photos directory '$1' is empty"
}

# check_port_and_node: PORT empty (chosen later) or a port number; node and npm installed
check_port_and_node() {
    [ -z "$PORT" ] || { [[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ]; } \
        || die "--port must be a port number"
    command -v node >/dev/null || die "node is not installed"
    command -v npm >/dev/null || die "npm is not installed"
}

# absolute_out: OUT as an absolute path (the server runs in its own directory); its directory must
# exist
absolute_out() {
    local dir
    dir="$(dirname "$OUT")"
    [ -d "$dir" ] || die "the directory of --out '$OUT' does not exist"
    OUT="$(cd "$dir" && pwd)/$(basename "$OUT")"
}

# install_packages PACKAGE...: npm ci (from package-lock.json) in HERE when one of them is missing
# from HERE/node_modules
install_packages() {
    local pkg
    for pkg in "$@"; do
        if [ ! -f "$HERE/node_modules/$pkg/package.json" ]; then
            echo "$ME: installing dependencies (npm ci) into $HERE/node_modules" >&2
            (cd "$HERE" && npm ci --no-audit --no-fund) >&2 || die "npm ci failed in $HERE"
            return 0
        fi
    done
}

# choose_port: HOST, PORT (the given one, or a free one) and URL
choose_port() {
    HOST=127.0.0.1
    if [ -z "$PORT" ]; then
        # a free port on loopback, chosen by the kernel
        PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')" \
            || die "could not find a free port on $HOST"
    else
        # refuse a port that something else already answers on (we would measure that instead)
        node -e 'const s=require("net").createServer();s.on("error",()=>process.exit(1));s.listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$PORT" \
            || die "port $PORT on $HOST is already in use"
    fi
    URL="http://$HOST:$PORT"
}

# make_workdir PREFIX: WORK, a fresh temporary directory; on exit the bench script and the server
# are stopped and WORK is removed (kept with KEEP_WORKDIR=1)
make_workdir() {
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
    SERVER_PID="" BENCH_PID=""
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

cleanup() {
    local rc=$?
    if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
        kill -TERM "$BENCH_PID" 2>/dev/null || true
        wait "$BENCH_PID" 2>/dev/null || true
    fi
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ "${KEEP_WORKDIR:-0}" = 1 ]; then
        echo "$ME: kept $WORK" >&2
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}

# wait_for_server PROBE...: the server (SERVER_PID) was started; waits until the command PROBE
# succeeds (it asks URL whether our server answers there), 30 s at most, then checks that the port
# is ours
wait_for_server() {
    local ready=0 deadline=$((SECONDS + 30)) listeners
    while [ "$SECONDS" -lt "$deadline" ]; do
        kill -0 "$SERVER_PID" 2>/dev/null || { server_log; die "$SERVER_NAME exited before it answered on $URL"; }
        if "$@" 2>/dev/null; then ready=1; break; fi
        sleep 0.1
    done
    [ "$ready" = 1 ] || { server_log; die "$SERVER_NAME did not answer on $URL within 30 s"; }
    # check that it is our process that listens, and on loopback only
    if command -v ss >/dev/null; then
        listeners="$(ss -Hltnp "sport = :$PORT" 2>/dev/null || true)"
        if [ -n "$listeners" ]; then
            echo "$listeners" | grep -q "pid=$SERVER_PID," || die "port $PORT is not served by $OUR_SERVER (pid $SERVER_PID): $listeners"
            if echo "$listeners" | awk '{print $4}' | grep -qv "^127\.0\.0\.1:$PORT$"; then
                die "$SERVER_NAME listens beyond 127.0.0.1: $listeners"
            fi
        fi
    fi
}

# run_bench SCRIPT COMMAND...: removes OUT, then runs COMMAND (the bench script, SCRIPT in
# messages); on failure, the server's log and an error
run_bench() {
    local script="$1" status=0
    shift
    rm -f "$OUT"
    # in the background, so that a signal to run.sh stops it at once (through the trap)
    "$@" &
    BENCH_PID=$!
    wait "$BENCH_PID" || status=$?
    BENCH_PID=""
    if [ "$status" != 0 ]; then
        kill -0 "$SERVER_PID" 2>/dev/null || echo "$ME: $SERVER_NAME is no longer running" >&2
        server_log
        die "$script failed (exit $status); no result written to $OUT"
    fi
}
