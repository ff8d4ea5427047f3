#!/usr/bin/env bash
# One trace receiving many updates (issue 16 §3): the cost of an event must not grow with the
# history of its entity. Starts a release build on an empty store and runs
# benchmarks/long-trace.py against it; compare the first and the last tenth of the run.
#
# Usage:
#   benchmarks/run-long-trace.sh [UPDATES] [MODE]     # default 10000 updates; MODE updates|turns
#
#   LANGFARM_BIN=path   run this binary instead of building
#                       `swift build -c release --scratch-path .build-release`
#   DATABASE_URL=url    store on this PostgreSQL database (give every run an empty one)
#                       instead of an embedded store in a temporary directory
#
# Run two binaries interleaved in one sitting to compare them (the machine's speed drifts).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

UPDATES="${1:-10000}"
MODE="${2:-updates}"
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
log() { printf '==> %s\n' "$*" >&2; }

# shellcheck source=benchmarks/release-binary.sh
source benchmarks/release-binary.sh
BIN=$(release_binary)

WORK_DIR=$(mktemp -d -t langfarm-long-trace.XXXXXX)
SERVER_PID=""
cleanup() {
    [[ -n $SERVER_PID ]] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK_DIR"
}
trap cleanup EXIT

PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LANGFUSE_INIT_PROJECT_ID=proj-bench LANGFUSE_INIT_PROJECT_NAME=bench \
LANGFUSE_INIT_PROJECT_PUBLIC_KEY=pk-lf-bench LANGFUSE_INIT_PROJECT_SECRET_KEY=sk-lf-bench SALT=bench-salt \
    "$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK_DIR/data" 2>"$WORK_DIR/server.log" >&2 &
SERVER_PID=$!
# shellcheck source=benchmarks/wait-healthy.sh
source benchmarks/wait-healthy.sh
wait_healthy "http://127.0.0.1:$PORT/api/public/health" "$WORK_DIR/server.log" 60

log "$BIN: one trace, $UPDATES sequential requests ($MODE)"
echo "| updates so far | requests/s | p50 ms | p99 ms |"
echo "| --- | --- | --- | --- |"
"$PYTHON" benchmarks/long-trace.py "http://127.0.0.1:$PORT" "$UPDATES" "$MODE" | awk '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4; fflush() }'
