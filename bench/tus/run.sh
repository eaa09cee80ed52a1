#!/usr/bin/env bash
# The tus side of FieldCheck's photo-upload benchmark: starts our tus server (server.js:
# @tus/server + @tus/file-store) on 127.0.0.1 with its storage in a fresh temporary directory,
# runs bench.js (tus-js-client) against it, stops the server. See README.md.
#
# usage: bench/tus/run.sh --photos DIR --repeats R --out RESULT.json [--chunk BYTES] [--port P]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ME="bench/tus/run.sh"
SERVER_NAME="the tus server" OUR_SERVER="our tus server"
# die, parse_args, the checks, the port, the temporary directory and its cleanup, the wait for the
# server, run_bench: shared with bench/pouchdb/run.sh
. "$HERE/../peers/common.sh"

usage() {
    echo "usage: $ME --photos DIR --repeats R --out RESULT.json [--chunk BYTES] [--port P]" >&2
    exit 2
}

PHOTOS="" REPEATS="" OUT="" CHUNK="" PORT=""
parse_args "--photos=PHOTOS --repeats=REPEATS --out=OUT --chunk=CHUNK --port=PORT" "$@"
missing=""
[ -n "$PHOTOS" ] || missing+=" --photos"
[ -n "$REPEATS" ] || missing+=" --repeats"
[ -n "$OUT" ] || missing+=" --out"
[ -z "$missing" ] || { echo "$ME: missing$missing" >&2; usage; }
check_photos_dir "$PHOTOS"
check_positive_int --repeats "$REPEATS"
[ -z "$CHUNK" ] || [[ "$CHUNK" =~ ^[1-9][0-9]{0,14}$ ]] || die "--chunk must be a positive number of bytes"
check_port_and_node

# absolute paths: the server runs in its own directory
PHOTOS="$(cd "$PHOTOS" && pwd)"
absolute_out

# dependencies (package-lock.json; .npmrc leaves out the optional Redis client)
install_packages @tus/server @tus/file-store tus-js-client

choose_port
make_workdir fieldcheck-tus

mkdir -p "$WORK/server" "$WORK/server/uploads"

server_log() {
    echo "--- tus server output:" >&2
    tail -n 30 "$WORK/server/output.txt" >&2 2>/dev/null || true
}

# whether our tus server, with our pid, answers on URL
answers() {
    node -e '
        require("http").get(process.argv[1] + "/", (r) => {
          let b = ""; r.on("data", (c) => b += c);
          r.on("end", () => { try { const j = JSON.parse(b);
            process.exit(j.server === "fieldcheck-bench-tus" && j.pid === +process.argv[2] ? 0 : 1) } catch (e) { process.exit(1) } });
        }).on("error", () => process.exit(1))' "$URL" "$SERVER_PID"
}

# server.js binds 127.0.0.1 only; no authentication (nothing beyond loopback can reach it)
(cd "$WORK/server" && exec node "$HERE/server.js" --dir "$WORK/server/uploads" --port "$PORT" \
    >"$WORK/server/output.txt" 2>&1) &
SERVER_PID=$!

# wait until it answers as our tus server, with our pid (30 s at most)
wait_for_server answers
echo "$ME: tus server (pid $SERVER_PID) answers on $URL; uploads stored in $WORK/server/uploads" >&2

CHUNK_ARGS=()
[ -z "$CHUNK" ] || CHUNK_ARGS=(--chunk "$CHUNK")
run_bench bench.js node "$HERE/bench.js" --photos "$PHOTOS" --repeats "$REPEATS" --out "$OUT" \
    --server-url "$URL" --storage "$WORK/server/uploads" "${CHUNK_ARGS[@]}"
