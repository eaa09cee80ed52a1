#!/usr/bin/env bash
# The tus side of FieldCheck's photo-upload benchmark: starts our tus server (server.js:
# @tus/server + @tus/file-store) on 127.0.0.1 with its storage in a fresh temporary directory,
# runs bench.js (tus-js-client) against it, stops the server. See README.md.
#
# usage: bench/tus/run.sh --photos DIR --repeats R --out RESULT.json [--chunk BYTES] [--port P]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ME="bench/tus/run.sh"

die() { echo "$ME: error: $*" >&2; exit 1; }
usage() {
    echo "usage: $ME --photos DIR --repeats R --out RESULT.json [--chunk BYTES] [--port P]" >&2
    exit 2
}

PHOTOS="" REPEATS="" OUT="" CHUNK="" PORT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --photos|--repeats|--out|--chunk|--port)
            [ $# -ge 2 ] || { echo "$ME: $1 needs a value" >&2; usage; }
            case "$1" in
                --photos) PHOTOS="$2" ;; --repeats) REPEATS="$2" ;; --out) OUT="$2" ;;
                --chunk) CHUNK="$2" ;; --port) PORT="$2" ;;
            esac
            shift 2 ;;
        -h|--help) usage ;;
        *) echo "$ME: unknown argument '$1'" >&2; usage ;;
    esac
done
missing=""
[ -n "$PHOTOS" ] || missing+=" --photos"
[ -n "$REPEATS" ] || missing+=" --repeats"
[ -n "$OUT" ] || missing+=" --out"
[ -z "$missing" ] || { echo "$ME: missing$missing" >&2; usage; }
if [ ! -d "$PHOTOS" ] || [ ! -r "$PHOTOS" ] || [ ! -x "$PHOTOS" ]; then
    die "photos directory '$PHOTOS' does not exist, is not a directory or is not readable"
fi
[ -n "$(ls -A "$PHOTOS")" ] || die "photos directory '$PHOTOS' is empty"
[[ "$REPEATS" =~ ^[1-9][0-9]*$ ]] || die "--repeats must be a positive integer"
[ -z "$CHUNK" ] || [[ "$CHUNK" =~ ^[1-9][0-9]{0,14}$ ]] || die "--chunk must be a positive number of bytes"
[ -z "$PORT" ] || { [[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ]; } \
    || die "--port must be a port number"
command -v node >/dev/null || die "node is not installed"
command -v npm >/dev/null || die "npm is not installed"

# absolute paths: the server runs in its own directory
PHOTOS="$(cd "$PHOTOS" && pwd)"
OUT_DIR="$(dirname "$OUT")"
[ -d "$OUT_DIR" ] || die "the directory of --out '$OUT' does not exist"
OUT="$(cd "$OUT_DIR" && pwd)/$(basename "$OUT")"

# dependencies (package-lock.json; .npmrc leaves out the optional Redis client)
if [ ! -f "$HERE/node_modules/@tus/server/package.json" ] || [ ! -f "$HERE/node_modules/@tus/file-store/package.json" ] \
    || [ ! -f "$HERE/node_modules/tus-js-client/package.json" ]; then
    echo "$ME: installing dependencies (npm ci) into $HERE/node_modules" >&2
    (cd "$HERE" && npm ci --no-audit --no-fund) >&2 || die "npm ci failed in $HERE"
fi

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

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fieldcheck-tus.XXXXXX")"
SERVER_PID="" BENCH_PID=""
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
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$WORK/server" "$WORK/server/uploads"

server_log() {
    echo "--- tus server output:" >&2
    tail -n 30 "$WORK/server/output.txt" >&2 2>/dev/null || true
}

# server.js binds 127.0.0.1 only; no authentication (nothing beyond loopback can reach it)
(cd "$WORK/server" && exec node "$HERE/server.js" --dir "$WORK/server/uploads" --port "$PORT" \
    >"$WORK/server/output.txt" 2>&1) &
SERVER_PID=$!

# wait until it answers as our tus server, with our pid (30 s at most)
ready=0
deadline=$((SECONDS + 30))
while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { server_log; die "the tus server exited before it answered on $URL"; }
    if node -e '
        require("http").get(process.argv[1] + "/", (r) => {
          let b = ""; r.on("data", (c) => b += c);
          r.on("end", () => { try { const j = JSON.parse(b);
            process.exit(j.server === "fieldcheck-bench-tus" && j.pid === +process.argv[2] ? 0 : 1) } catch (e) { process.exit(1) } });
        }).on("error", () => process.exit(1))' "$URL" "$SERVER_PID" 2>/dev/null
    then ready=1; break; fi
    sleep 0.1
done
[ "$ready" = 1 ] || { server_log; die "the tus server did not answer on $URL within 30 s"; }
# check that it is our process that listens, and on loopback only
if command -v ss >/dev/null; then
    listeners="$(ss -Hltnp "sport = :$PORT" 2>/dev/null || true)"
    if [ -n "$listeners" ]; then
        echo "$listeners" | grep -q "pid=$SERVER_PID," || die "port $PORT is not served by our tus server (pid $SERVER_PID): $listeners"
        if echo "$listeners" | awk '{print $4}' | grep -qv "^127\.0\.0\.1:$PORT$"; then
            die "the tus server listens beyond 127.0.0.1: $listeners"
        fi
    fi
fi
echo "$ME: tus server (pid $SERVER_PID) answers on $URL; uploads stored in $WORK/server/uploads" >&2

rm -f "$OUT"
CHUNK_ARGS=()
[ -z "$CHUNK" ] || CHUNK_ARGS=(--chunk "$CHUNK")
# in the background, so that a signal to this script stops it at once (through the trap)
node "$HERE/bench.js" --photos "$PHOTOS" --repeats "$REPEATS" --out "$OUT" \
    --server-url "$URL" --storage "$WORK/server/uploads" "${CHUNK_ARGS[@]}" &
BENCH_PID=$!
status=0
wait "$BENCH_PID" || status=$?
BENCH_PID=""
if [ "$status" != 0 ]; then
    kill -0 "$SERVER_PID" 2>/dev/null || echo "$ME: the tus server is no longer running" >&2
    server_log
    die "bench.js failed (exit $status); no result written to $OUT"
fi
