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
SERVER_NAME="pouchdb-server" OUR_SERVER="our pouchdb-server"
# die, parse_args, the checks, the port, the temporary directory and its cleanup, the wait for the
# server, run_bench: shared with bench/tus/run.sh
. "$HERE/../peers/common.sh"

usage() {
    echo "usage: $ME --docs FILE.ndjson --changes N --repeats R --out RESULT.json [--port P]" >&2
    echo "       $ME --photos DIR --repeats R --out RESULT.json [--port P]" >&2
    exit 2
}

DOCS="" CHANGES="" PHOTOS="" REPEATS="" OUT="" PORT=""
parse_args "--docs=DOCS --changes=CHANGES --photos=PHOTOS --repeats=REPEATS --out=OUT --port=PORT" "$@"
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
    check_positive_int --changes "$CHANGES"
else
    check_photos_dir "$PHOTOS"
fi
check_positive_int --repeats "$REPEATS"
check_port_and_node

# absolute paths: the server runs in its own directory
if [ "$MODE" = docs ]; then
    DOCS="$(cd "$(dirname "$DOCS")" && pwd)/$(basename "$DOCS")"
else
    PHOTOS="$(cd "$PHOTOS" && pwd)"
fi
absolute_out

# dependencies (package-lock.json; .npmrc leaves out the optional SQLite backend)
install_packages pouchdb pouchdb-server

choose_port
make_workdir fieldcheck-pouchdb

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

# whether pouchdb-server answers on URL
answers() {
    node -e '
        fetch(process.argv[1] + "/").then(r => r.json())
          .then(j => process.exit(j["express-pouchdb"] === "Welcome!" ? 0 : 1), () => process.exit(1))' "$URL"
}

# --host binds loopback only (no admin is configured: the "admin party" never leaves 127.0.0.1);
# --no-stdout-logs stops it from tailing its log file to stdout
(cd "$WORK/server" && exec node "$HERE/node_modules/pouchdb-server/bin/pouchdb-server" \
    --host "$HOST" --port "$PORT" --dir "$WORK/server/data" --config "$WORK/server/config.json" \
    --no-stdout-logs >"$WORK/server/stdout.txt" 2>&1) &
SERVER_PID=$!

# wait until it answers as pouchdb-server (30 s at most)
wait_for_server answers
echo "$ME: pouchdb-server (pid $SERVER_PID) answers on $URL; data in $WORK/server/data" >&2

if [ "$MODE" = docs ]; then
    run_bench bench.js node "$HERE/bench.js" --docs "$DOCS" --changes "$CHANGES" --repeats "$REPEATS" --out "$OUT" \
        --server-url "$URL" --workdir "$WORK/device" --server-pid "$SERVER_PID"
else
    run_bench attachments.js node "$HERE/attachments.js" --photos "$PHOTOS" --repeats "$REPEATS" --out "$OUT" \
        --server-url "$URL" --workdir "$WORK/device" --server-pid "$SERVER_PID"
fi
