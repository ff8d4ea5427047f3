#!/usr/bin/env bash
# What one request costs in server memory while it is handled (issue 16 §2): starts a release
# build on an empty store with a body budget that admits everything, and runs
# benchmarks/request-memory.py against it, once per KIND, each on a fresh server (the peak is
# the process's high-water mark): CONCURRENCY JSON batches, then as many OTLP JSON exports, then
# one protobuf export of 160,000 spans alone.
#
# Usage:
#   benchmarks/run-request-memory.sh [CONCURRENCY]     # default 8 requests at once
#
#   LANGFARM_BIN=path   run this binary instead of building
#                       `swift build -c release --scratch-path .build-release`
#
# Run two binaries interleaved in one sitting to compare them.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

CONCURRENCY="${1:-8}"
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

# shellcheck source=benchmarks/release-binary.sh
source benchmarks/release-binary.sh
BIN=$(release_binary)

WORK_DIR=$(mktemp -d -t langfarm-request-memory.XXXXXX)
SERVER_PID=""
stop_server() {
    [[ -n $SERVER_PID ]] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}
trap 'stop_server; rm -rf "$WORK_DIR"' EXIT

for run in "json $CONCURRENCY" "otlp $CONCURRENCY" "otlp-protobuf 1"; do
    read -r kind concurrency <<<"$run"
    PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    rm -rf "$WORK_DIR/data"
    LANGFUSE_INIT_PROJECT_ID=proj-bench LANGFUSE_INIT_PROJECT_NAME=bench \
    LANGFUSE_INIT_PROJECT_PUBLIC_KEY=pk-lf-bench LANGFUSE_INIT_PROJECT_SECRET_KEY=sk-lf-bench SALT=bench-salt \
        "$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK_DIR/data" --max-body-mib-in-flight 4096 \
        2>"$WORK_DIR/server.log" >&2 &
    SERVER_PID=$!
    # shellcheck source=benchmarks/wait-healthy.sh
    source benchmarks/wait-healthy.sh
    wait_healthy "http://127.0.0.1:$PORT/api/public/health" "$WORK_DIR/server.log" 60
    "$PYTHON" benchmarks/request-memory.py "http://127.0.0.1:$PORT" "$SERVER_PID" "$kind" "$concurrency"
    stop_server
done
