#!/usr/bin/env bash
# Web UI page benchmark (issue 14): server time and HTML size of the main pages on the data set
# that benchmarks/run-query.sh generated and loaded (run that first; 1,000,000 traces by default).
#
# Usage:
#   benchmarks/run-pages.sh [TRACES]       # TRACES default 1000000
#
# Environment: BENCH_DATA_DIR, SEED (as run-query.sh), PAGES (a regex: only the pages it finds
# in their names), RUNS=20 (timed runs per page after one
# warm-up), LANGFARM_BIN (else a release build). Prints a Markdown table.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRACES="${1:-${TRACES:-1000000}}"
SEED="${SEED:-20261101}"
RUNS="${RUNS:-20}"
SET_DIR="${BENCH_DATA_DIR:-.build-bench}/traces-$TRACES-seed-$SEED"
DATA="$SET_DIR/data"
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

[[ -f $SET_DIR/loaded.json ]] || { echo "no loaded data set in $SET_DIR: run benchmarks/run-query.sh $TRACES first" >&2; exit 1; }
if [[ -z ${LANGFARM_BIN:-} ]]; then
    swift build -c release --product langfarm --scratch-path .build-release >&2
    LANGFARM_BIN="$(swift build -c release --scratch-path .build-release --show-bin-path)/langfarm"
fi

PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LANGFUSE_INIT_PROJECT_ID=proj-bench LANGFUSE_INIT_PROJECT_NAME=bench \
LANGFUSE_INIT_PROJECT_PUBLIC_KEY=pk-lf-bench LANGFUSE_INIT_PROJECT_SECRET_KEY=sk-lf-bench SALT=bench-salt \
LANGFUSE_INIT_USER_EMAIL=bench@example.com LANGFUSE_INIT_USER_PASSWORD=bench-password \
    "$LANGFARM_BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DATA" >"$SET_DIR/server-pages.log" 2>&1 &
SERVER_PID=$!
trap 'kill -TERM $SERVER_PID 2>/dev/null || true; wait $SERVER_PID 2>/dev/null || true' EXIT
# shellcheck source=benchmarks/wait-healthy.sh
source benchmarks/wait-healthy.sh
wait_healthy "http://127.0.0.1:$PORT/api/public/health" "$SET_DIR/server-pages.log" 300

"$PYTHON" benchmarks/read/pages.py "http://127.0.0.1:$PORT" "$SET_DIR/bodies/answers.json" "$RUNS" "$SERVER_PID"
