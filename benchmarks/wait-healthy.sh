# Sourced by the benchmark scripts: wait_healthy URL LOG SECONDS waits until langfarm (started
# in the background as $SERVER_PID) answers URL, and exits with its log's tail if it dies first
# or is not healthy within SECONDS. Needs $PYTHON.
wait_healthy() {
    local url=$1 log=$2 seconds=$3
    for _ in $(seq $((seconds * 10))); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "langfarm exited during start-up:" >&2
            tail -n 30 "$log" >&2
            exit 1
        fi
        if "$PYTHON" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$url" 2>/dev/null; then
            return
        fi
        sleep 0.1
    done
    echo "langfarm not healthy after $seconds s" >&2
    tail -n 30 "$log" >&2
    exit 1
}
