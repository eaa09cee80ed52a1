#!/usr/bin/env bash
# The PouchDB side of FieldCheck's sync and photo-upload benchmarks: starts pouchdb-server on
# 127.0.0.1 (data in a fresh temporary directory), runs bench.js (records: --docs) or
# attachments.js (photos: --photos) against it, stops the server. See README.md.
#
# usage: bench/pouchdb/run.sh --docs FILE.ndjson --changes N --repeats R --out RESULT.json [--port P]
#        bench/pouchdb/run.sh --photos DIR --repeats R --out RESULT.json [--port P]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ME="bench/pouchdb/run.sh"

die() { echo "$ME: error: $*" >&2; exit 1; }
usage() {
    echo "usage: $ME --docs FILE.ndjson --changes N --repeats R --out RESULT.json [--port P]" >&2
    echo "       $ME --photos DIR --repeats R --out RESULT.json [--port P]" >&2
    exit 2
}

DOCS="" CHANGES="" PHOTOS="" REPEATS="" OUT="" PORT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --docs|--changes|--photos|--repeats|--out|--port)
            [ $# -ge 2 ] || { echo "$ME: $1 needs a value" >&2; usage; }
            case "$1" in
                --docs) DOCS="$2" ;; --changes) CHANGES="$2" ;; --photos) PHOTOS="$2" ;;
                --repeats) REPEATS="$2" ;; --out) OUT="$2" ;; --port) PORT="$2" ;;
            esac
            shift 2 ;;
        -h|--help) usage ;;
        *) echo "$ME: unknown argument '$1'" >&2; usage ;;
    esac
done
# two modes: records (--docs, --changes; bench.js) or photos (--photos; attachments.js)
if [ -n "$PHOTOS" ] && { [ -n "$DOCS" ] || [ -n "$CHANGES" ]; }; then
    echo "$ME: --photos and --docs/--changes are exclusive: --photos runs the photo benchmark, --docs the sync benchmark" >&2
    usage
fi
missing=""
if [ -n "$PHOTOS" ]; then
    MODE=photos
else
    MODE=docs
    [ -n "$DOCS" ] || missing+=" --docs (or --photos)"
    [ -n "$CHANGES" ] || missing+=" --changes"
fi
[ -n "$REPEATS" ] || missing+=" --repeats"
[ -n "$OUT" ] || missing+=" --out"
[ -z "$missing" ] || { echo "$ME: missing$missing" >&2; usage; }
if [ "$MODE" = docs ]; then
    if [ ! -f "$DOCS" ] || [ ! -r "$DOCS" ]; then die "docs file '$DOCS' does not exist or is not readable"; fi
    [[ "$CHANGES" =~ ^[1-9][0-9]*$ ]] || die "--changes must be a positive integer"
else
    if [ ! -d "$PHOTOS" ] || [ ! -r "$PHOTOS" ] || [ ! -x "$PHOTOS" ]; then
        die "photos directory '$PHOTOS' does not exist, is not a directory or is not readable"
    fi
    [ -n "$(ls -A "$PHOTOS")" ] || die "photos directory '$PHOTOS' is empty"
fi
[[ "$REPEATS" =~ ^[1-9][0-9]*$ ]] || die "--repeats must be a positive integer"
[ -z "$PORT" ] || { [[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ]; } \
    || die "--port must be a port number"
command -v node >/dev/null || die "node is not installed"
command -v npm >/dev/null || die "npm is not installed"

# absolute paths: the server runs in its own directory
if [ "$MODE" = docs ]; then
    DOCS="$(cd "$(dirname "$DOCS")" && pwd)/$(basename "$DOCS")"
else
    PHOTOS="$(cd "$PHOTOS" && pwd)"
fi
OUT_DIR="$(dirname "$OUT")"
[ -d "$OUT_DIR" ] || die "the directory of --out '$OUT' does not exist"
OUT="$(cd "$OUT_DIR" && pwd)/$(basename "$OUT")"

# dependencies (package-lock.json; .npmrc leaves out the optional SQLite backend)
if [ ! -f "$HERE/node_modules/pouchdb/package.json" ] || [ ! -f "$HERE/node_modules/pouchdb-server/package.json" ]; then
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

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fieldcheck-pouchdb.XXXXXX")"
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

mkdir -p "$WORK/server" "$WORK/server/data" "$WORK/device"
# pouchdb-server keeps its settings (/_config) in this file; its log goes to a file, warnings only
cat > "$WORK/server/config.json" <<EOF
{ "log": { "file": "$WORK/server/pouchdb-server.log", "level": "warning" } }
EOF

server_log() {
    echo "--- pouchdb-server output:" >&2
    tail -n 30 "$WORK/server/stdout.txt" >&2 2>/dev/null || true
    echo "--- pouchdb-server log:" >&2
    tail -n 30 "$WORK/server/pouchdb-server.log" >&2 2>/dev/null || true
}

# --host binds loopback only (no admin is configured: the "admin party" never leaves 127.0.0.1);
# --no-stdout-logs stops it from tailing its log file to stdout
(cd "$WORK/server" && exec node "$HERE/node_modules/pouchdb-server/bin/pouchdb-server" \
    --host "$HOST" --port "$PORT" --dir "$WORK/server/data" --config "$WORK/server/config.json" \
    --no-stdout-logs >"$WORK/server/stdout.txt" 2>&1) &
SERVER_PID=$!

# wait until it answers as pouchdb-server (30 s at most)
ready=0
deadline=$((SECONDS + 30))
while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { server_log; die "pouchdb-server exited before it answered on $URL"; }
    if node -e '
        fetch(process.argv[1] + "/").then(r => r.json())
          .then(j => process.exit(j["express-pouchdb"] === "Welcome!" ? 0 : 1), () => process.exit(1))' "$URL" 2>/dev/null
    then ready=1; break; fi
    sleep 0.1
done
[ "$ready" = 1 ] || { server_log; die "pouchdb-server did not answer on $URL within 30 s"; }
# check that it is our process that listens, and on loopback only
if command -v ss >/dev/null; then
    listeners="$(ss -Hltnp "sport = :$PORT" 2>/dev/null || true)"
    if [ -n "$listeners" ]; then
        echo "$listeners" | grep -q "pid=$SERVER_PID," || die "port $PORT is not served by our pouchdb-server (pid $SERVER_PID): $listeners"
        if echo "$listeners" | awk '{print $4}' | grep -qv "^127\.0\.0\.1:$PORT$"; then
            die "pouchdb-server listens beyond 127.0.0.1: $listeners"
        fi
    fi
fi
echo "$ME: pouchdb-server (pid $SERVER_PID) answers on $URL; data in $WORK/server/data" >&2

rm -f "$OUT"
# in the background, so that a signal to this script stops it at once (through the trap)
if [ "$MODE" = docs ]; then
    SCRIPT=bench.js
    node "$HERE/bench.js" --docs "$DOCS" --changes "$CHANGES" --repeats "$REPEATS" --out "$OUT" \
        --server-url "$URL" --workdir "$WORK/device" --server-pid "$SERVER_PID" &
else
    SCRIPT=attachments.js
    node "$HERE/attachments.js" --photos "$PHOTOS" --repeats "$REPEATS" --out "$OUT" \
        --server-url "$URL" --workdir "$WORK/device" --server-pid "$SERVER_PID" &
fi
BENCH_PID=$!
status=0
wait "$BENCH_PID" || status=$?
BENCH_PID=""
if [ "$status" != 0 ]; then
    kill -0 "$SERVER_PID" 2>/dev/null || echo "$ME: pouchdb-server is no longer running" >&2
    server_log
    die "$SCRIPT failed (exit $status); no result written to $OUT"
fi
