#!/usr/bin/env bash
# Metrics engine benchmark (issue 13's targets): a store holding the hourly rollups of a 30-day,
# 1M-trace project (benchmarks/metrics/synthetic.py writes them directly, with the rows of the
# window's first and last hour, instead of ingesting ~8M events), then the two target queries
# timed warm against a release build, their answers checked against the generator's.
#
# Usage: benchmarks/run-metrics.sh [TRACES]       # default 1000000
# Environment: LANGFARM_BIN (default: swift build -c release --scratch-path .build-release),
#              RUNS=20, BENCH_DATA_DIR=.build-bench
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRACES="${1:-1000000}"
RUNS="${RUNS:-20}"
DIR="${BENCH_DATA_DIR:-.build-bench}/metrics-$TRACES"
PORT=3187
KEYS=(pk-lf-metrics-bench sk-lf-metrics-bench)

if [[ -z "${LANGFARM_BIN:-}" ]]; then
    swift build -c release --product langfarm --scratch-path .build-release >&2
    LANGFARM_BIN=.build-release/release/langfarm
fi

serve() {
    LANGFUSE_INIT_PROJECT_ID=proj-metrics LANGFUSE_INIT_PROJECT_NAME=metrics \
    LANGFUSE_INIT_PROJECT_PUBLIC_KEY="${KEYS[0]}" LANGFUSE_INIT_PROJECT_SECRET_KEY="${KEYS[1]}" \
        "$LANGFARM_BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DIR/data" >>"$DIR/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$PORT/api/public/health" >/dev/null && return
        sleep 0.2
    done
    echo "the server did not start; see $DIR/server.log" >&2
    exit 1
}
stop() { kill "$SERVER" && wait "$SERVER" || true; }

mkdir -p "$DIR/data"
if [[ ! -f "$DIR/answers.json" ]]; then
    serve && stop   # creates the store, the project and its key
    python3 benchmarks/metrics/synthetic.py "$DIR/data/langfarm.sqlite" proj-metrics "$DIR/answers.json" --traces "$TRACES"
fi
serve
trap stop EXIT
python3 benchmarks/metrics/time_queries.py "http://127.0.0.1:$PORT" "$DIR/answers.json" "${KEYS[@]}" --runs "$RUNS" --server-pid "$SERVER"
