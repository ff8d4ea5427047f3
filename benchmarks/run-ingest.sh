#!/usr/bin/env bash
# Ingestion throughput benchmark: wrk POSTs 12-event Langfuse batches to a
# release build of langfarm on loopback and we report throughput, latency,
# server CPU per event and peak memory.
#
# Usage:
#   benchmarks/run-ingest.sh [DURATION]          # DURATION default 20s
#
# Environment knobs (all optional):
#   THREADS=2 CONNECTIONS=16   wrk threads / open connections
#   WARMUP=3s                  unmeasured run first (0 to skip)
#   PRICING=off                name models no price matches (default on:
#                              gpt-4o / gpt-4o-mini, every generation priced)
#   FORMAT=otlp                send OTLP trace exports (protobuf, gzip, 12 spans
#                              each, made by otlp-bodies.py in .venv-otel) to
#                              /api/public/otel/v1/traces instead of batches
#   KAFKA=on                   run with the Kafka change feed: a tansu broker
#                              (scripts/kafka-test-env) on loopback, every change
#                              published; reports the relay's lag and drain time
#   OTLP_BODIES=N              unique exports to prepare per wrk run (default
#                              1,500 per second of run)
#   RATE=N                     fixed rate of N requests/s; needs wrk2 (not in
#                              Debian): without it the fixed-rate run is skipped
#   LANGFARM_BIN=path          benchmark this binary instead of building
#                              `swift build -c release`
#   STORE=postgres             store on a throwaway PostgreSQL (Debian's postgresql,
#                              tests/e2e/postgres_support.py) instead of the embedded SQLite
#   SERVERS=N                  with STORE=postgres: N servers on the one database, each
#                              loaded by its own wrk with CONNECTIONS/N connections
#   PREFILLED=DIR              start on a copy of this SQLite data dir (project proj-bench,
#                              keys pk-lf-bench / sk-lf-bench, SALT bench-salt: the sets
#                              benchmarks/run-query.sh loads into .build-bench/*/data)
#                              instead of an empty store
#   EXPIRE_DAYS=N              set proj-bench's retention to N days right before the measured
#                              run (the server passes every second), so that ingestion is
#                              measured while the expiry runs; reports the rows it expired
#
# Client and server share the machine (2 cores here): the numbers are for
# that setup, which is why server CPU per event is reported too — it does
# not depend on how busy wrk keeps the other core.
#
# Exits 1 if any response was unexpected (not 207, or 200 for OTLP) or any socket error occurred.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION="${1:-${DURATION:-20s}}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
WARMUP="${WARMUP:-3s}"
RATE="${RATE:-}"
FORMAT="${FORMAT:-batch}"
PUBLIC_KEY=pk-lf-bench
SECRET_KEY=sk-lf-bench

log() { printf '==> %s\n' "$*" >&2; }

# The interpreter itself, resolved once: a pyenv shim costs ~0.2 s of CPU per call.
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

# ------------------------------------------------------------------ tools

ensure_wrk() {
    command -v wrk >/dev/null && return
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        log "installing wrk (Debian package)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else
        echo "wrk is not installed: sudo apt-get install wrk" >&2
        exit 2
    fi
}

# Sets GENERATOR to the command to use: plain wrk (closed loop), or wrk2 at
# a fixed rate when RATE is set and a wrk2 is available.
choose_load_generator() {
    GENERATOR="wrk"
    [[ -z $RATE ]] && return
    if command -v wrk2 >/dev/null; then
        GENERATOR="wrk2 -R$RATE"
    elif wrk --help 2>&1 | grep -q -- '--rate'; then
        GENERATOR="wrk -R$RATE"
    else
        log "RATE=$RATE needs wrk2 (fixed-rate wrk), which is not installed; skipping the fixed-rate run, measuring closed-loop"
        RATE=""
    fi
}

build_binary() {
    if [[ -n ${LANGFARM_BIN:-} ]]; then
        echo "$LANGFARM_BIN"
        return
    fi
    log "swift build -c release"
    swift build -c release --product langfarm >&2
    echo "$(swift build -c release --show-bin-path)/langfarm"
}

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ------------------------------------------------------------------ server

WORK_DIR=""
PG_DIR=""
SERVER_PID=""
SERVER_PIDS=()
BROKER_PID=""
SERVER_ARGS=()
STORE="${STORE:-sqlite}"
SERVERS="${SERVERS:-1}"
[[ $STORE == postgres || $SERVERS == 1 ]] || { echo "SERVERS=$SERVERS needs STORE=postgres: servers share only a PostgreSQL store" >&2; exit 2; }
[[ ${FORMAT:-batch} == batch || $SERVERS == 1 ]] || { echo "SERVERS=$SERVERS works with batches only (FORMAT=otlp's exports are prepared for one load)" >&2; exit 2; }

cleanup() {
    # tansu ignores SIGTERM once clients are connected.
    [[ -n $BROKER_PID ]] && kill -KILL "$BROKER_PID" 2>/dev/null || true
    for pid in "${SERVER_PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null || continue
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    [[ -n $PG_DIR ]] && { "$PYTHON" tests/e2e/postgres_support.py stop "$PG_DIR" || true; rm -rf "$PG_DIR"; }
    [[ -n $WORK_DIR ]] && rm -rf "$WORK_DIR"
}
trap cleanup EXIT

# start_server BIN PORT N: the Nth server (its log in server-N.log).
start_server() {
    local bin=$1 port=$2 n=$3
    LANGFUSE_INIT_PROJECT_ID=proj-bench \
    LANGFUSE_INIT_PROJECT_NAME=bench \
    LANGFUSE_INIT_PROJECT_PUBLIC_KEY=$PUBLIC_KEY \
    LANGFUSE_INIT_PROJECT_SECRET_KEY=$SECRET_KEY \
    SALT=bench-salt \
        "$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$WORK_DIR/data" "${SERVER_ARGS[@]}" \
        2>"$WORK_DIR/server-$n.log" >&2 &
    SERVER_PID=$!
    SERVER_PIDS+=("$SERVER_PID")
}

# shellcheck source=benchmarks/wait-healthy.sh
source benchmarks/wait-healthy.sh

# ------------------------------------------------------------------ /proc readings

# utime + stime of a process, in clock ticks (fields 14 and 15 of
# /proc/PID/stat; counted after the ")" that ends the command name).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# The same summed over every server.
servers_cpu_ticks() {
    local total=0
    for pid in "${SERVER_PIDS[@]}"; do total=$((total + $(cpu_ticks "$pid"))); done
    echo "$total"
}

# Peak resident set size in KiB, of the largest server.
peak_rss_kib() { for pid in "${SERVER_PIDS[@]}"; do awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status"; done | sort -n | tail -n 1; }

# Value of KEY from wrk's "LF_KEY=value" lines in FILE (default: the first server's measured run).
field() { sed -n "s/^LF_$1=//p" "${2:-$WORK_DIR/wrk-1.txt}" | head -n 1; }

# KEY summed over every server's measured run.
field_sum() {
    local total=0
    for n in $(seq "$SERVERS"); do total=$((total + $(field "$1" "$WORK_DIR/wrk-$n.txt"))); done
    echo "$total"
}

# KEY's largest value over every server's measured run (the worse latency).
field_max() { for n in $(seq "$SERVERS"); do field "$1" "$WORK_DIR/wrk-$n.txt"; done | sort -n | tail -n 1; }

# Arguments for the wrk script of one run (PHASE warm|run lasting DURATION): a nonce that
# keeps ids unique for batches; for OTLP, a file of ready-made unique exports and the thread
# count that splits it.
script_args() {
    local phase=$1 seconds=${2%s}
    if [[ $FORMAT != otlp ]]; then
        echo "$phase$NONCE"
        return
    fi
    local file="$WORK_DIR/otlp-$phase.bin" count=${OTLP_BODIES:-$((seconds * 1500))}
    log "preparing $count OTLP exports for the $phase run"
    ensure_otel_venv
    .venv-otel/bin/python benchmarks/otlp-bodies.py "$file" "$count"
    echo "$file $THREADS"
}

# The OTLP body generator needs opentelemetry-proto; scripts/test builds .venv-otel.
ensure_otel_venv() {
    [[ -x .venv-otel/bin/python ]] && return
    python3 -m venv .venv-otel
    .venv-otel/bin/python -m pip install --quiet -r tests/e2e/venvs/otel.txt
}

# ------------------------------------------------------------------ main

ensure_wrk
choose_load_generator
BIN=$(build_binary)
[[ -x $BIN ]] || { echo "no executable at $BIN" >&2; exit 1; }

WORK_DIR=$(mktemp -d -t langfarm-bench.XXXXXX)
if [[ -n ${PREFILLED:-} ]]; then
    [[ $STORE == sqlite ]] || { echo "PREFILLED works with the embedded SQLite store only" >&2; exit 2; }
    log "copying the prefilled data dir $PREFILLED"
    cp -r "$PREFILLED" "$WORK_DIR/data"
fi
[[ -z ${EXPIRE_DAYS:-} ]] || SERVER_ARGS+=(--retention-interval 1)
PORTS=()
for _ in $(seq "$SERVERS"); do PORTS+=("$(free_port)"); done
BASE_URL="http://127.0.0.1:${PORTS[0]}"
if [[ $FORMAT == otlp ]]; then
    LUA=benchmarks/otlp.lua
    ENDPOINT=/api/public/otel/v1/traces
    EXPECTED=200
else
    LUA=benchmarks/ingest.lua
    ENDPOINT=/api/public/ingestion
    EXPECTED=207
fi
if [[ $STORE == postgres ]]; then
    # Outside WORK_DIR: the postgres user must reach it, and mktemp's folders are private.
    PG_DIR=$(mktemp -d -t langfarm-bench-pg.XXXXXX)
    DATABASE_URL=$("$PYTHON" tests/e2e/postgres_support.py start "$PG_DIR")
    SERVER_ARGS+=(--database-url "$DATABASE_URL")
    log "PostgreSQL $(/usr/lib/postgresql/*/bin/postgres --version | head -n 1) in $PG_DIR"
fi
AUTH="Authorization: Basic $(printf '%s:%s' "$PUBLIC_KEY" "$SECRET_KEY" | base64 -w0)"
NONCE=$(date +%s)

if [[ ${KAFKA:-off} == on ]]; then
    eval "$(scripts/kafka-test-env)"
    KAFKA_PORT=$(free_port)
    "$TANSU_BIN" broker --listener-url "tcp://127.0.0.1:$KAFKA_PORT" --advertised-listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
        --storage-engine memory://tansu/ >"$WORK_DIR/tansu.log" 2>&1 &
    BROKER_PID=$!
    SERVER_ARGS+=(--kafka-brokers "127.0.0.1:$KAFKA_PORT" --librdkafka "$LANGFARM_LIBRDKAFKA")
    log "tansu broker on port $KAFKA_PORT"
fi


# Seconds until the outbox is empty after the run (the relay catching up).
drain_seconds() {
    local started=$(date +%s.%N)
    for _ in $(seq 1200); do
        local depth
        depth=$("$PYTHON" -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1], timeout=2))["changeFeed"]["outboxDepth"])' "$BASE_URL/api/public/health")
        [[ $depth == 0 ]] && break
        sleep 0.25
    done
    awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

for n in $(seq "$SERVERS"); do
    log "starting $BIN on port ${PORTS[$((n - 1))]} (store: $STORE)"
    start_server "$BIN" "${PORTS[$((n - 1))]}" "$n"
    wait_healthy "http://127.0.0.1:${PORTS[$((n - 1))]}/api/public/health" "$WORK_DIR/server-$n.log" 60
done
VERSION=$("$PYTHON" -c 'import json, sys, urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1]))["version"])' \
    "$BASE_URL/api/public/health" 2>/dev/null || echo unknown)

# Each server gets its own wrk with its share of threads and connections.
WRK_ARGS=(-t"$(( THREADS / SERVERS > 0 ? THREADS / SERVERS : 1 ))" -c"$((CONNECTIONS / SERVERS))" --timeout 10s -s "$LUA" -H "$AUTH")

# run_load PHASE DURATION OUTPUT [--latency]: one wrk per server at once; OUTPUT-N.txt each.
run_load() {
    local phase=$1 duration=$2 output=$3 args
    args=$(script_args "$phase" "$duration")
    local pids=()
    for n in $(seq "$SERVERS"); do
        local suffix=""
        [[ $SERVERS -gt 1 ]] && suffix="s$n"  # keeps ids unique across the servers' loads
        $GENERATOR "${WRK_ARGS[@]}" -d"$duration" "${@:4}" "http://127.0.0.1:${PORTS[$((n - 1))]}$ENDPOINT" -- $args$suffix \
            >"$output-$n.txt" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
}

WARMUP_EVENTS=0
if [[ $WARMUP != 0 && $WARMUP != 0s ]]; then
    log "warm-up: $GENERATOR for $WARMUP"
    run_load warm "$WARMUP" "$WORK_DIR/warmup"
    for n in $(seq "$SERVERS"); do
        WARMUP_EVENTS=$((WARMUP_EVENTS + $(field REQUESTS "$WORK_DIR/warmup-$n.txt") * $(field EVENTS_PER_REQUEST "$WORK_DIR/warmup-$n.txt")))
    done
fi

# Rows expired so far, from the first server's metrics.
expired_rows() {
    curl -s "$BASE_URL/metrics" | awk '/^langfarm_retention_expired_total/ { total += $NF } END { printf "%d", total }'
}
if [[ -n ${EXPIRE_DAYS:-} ]]; then
    log "setting proj-bench's retention to $EXPIRE_DAYS days"
    "$BIN" projects set-retention proj-bench "$EXPIRE_DAYS" --data-dir "$WORK_DIR/data" >&2
fi
log "measuring: $SERVERS × $GENERATOR ${WRK_ARGS[*]:0:2} -d$DURATION --latency"
# The relay's lag every half second, in every run (Kafka on or off), so that both carry the
# same observer.
"$PYTHON" benchmarks/sample-health.py "$BASE_URL/api/public/health" >"$WORK_DIR/lag.txt" &
LAG_PID=$!
TICKS_BEFORE=$(servers_cpu_ticks)
[[ -n $BROKER_PID ]] && BROKER_TICKS_BEFORE=$(cpu_ticks "$BROKER_PID")
run_load run "$DURATION" "$WORK_DIR/wrk" --latency
TICKS_AFTER=$(servers_cpu_ticks)
EXPIRY_ROWS=""
if [[ -n ${EXPIRE_DAYS:-} ]]; then
    EXPIRED_DURING=$(expired_rows)
    sleep 2
    STILL_EXPIRING="finished during the run"
    [[ $(expired_rows) == "$EXPIRED_DURING" ]] || STILL_EXPIRING="still running when the run ended"
    EXPIRY_ROWS="| retention | proj-bench set to $EXPIRE_DAYS days right before the run: $EXPIRED_DURING traces, observations and scores expired during it ($STILL_EXPIRING) |"
fi
[[ -n $BROKER_PID ]] && BROKER_TICKS_AFTER=$(cpu_ticks "$BROKER_PID")
kill "$LAG_PID" 2>/dev/null || true
KAFKA_ROWS=""
if [[ ${KAFKA:-off} == on ]]; then
    DRAIN=$(drain_seconds)
    read -r LAG_MAX LAG_MEAN DEPTH_MAX < <(awk '{ n++; s += $1; if ($1 > m) m = $1; if ($2 > d) d = $2 }
        END { printf "%.2f %.2f %d\n", m, (n ? s / n : 0), d }' "$WORK_DIR/lag.txt")
    BROKER_CORES=$(awk -v t="$((BROKER_TICKS_AFTER - BROKER_TICKS_BEFORE))" -v hz="$(getconf CLK_TCK)" -v us="$(field DURATION_US)" \
        'BEGIN { printf "%.2f", t / hz / (us / 1e6) }')
    KAFKA_ROWS="| Kafka change feed | on: tansu on loopback, lz4, acks=all, idempotent |
| broker CPU during run | $BROKER_CORES cores (of the machine's $(nproc), shared with langfarm and wrk) |
| relay lag during run (max / mean) | $LAG_MAX s / $LAG_MEAN s (oldest unpublished change, sampled every 0.5 s) |
| outbox depth during run (max) | $DEPTH_MAX changes |
| outbox drained after the run in | $DRAIN s |"
fi
PEAK_RSS_KIB=$(peak_rss_kib)
if [[ $STORE == postgres ]]; then
    DATA_BYTES=$(psql -X -q -t -A "$DATABASE_URL" -c "SELECT pg_database_size(current_database())")
else
    DATA_BYTES=$(du -sb "$WORK_DIR/data" | cut -f1)
fi

for n in $(seq "$SERVERS"); do grep -v '^LF_' "$WORK_DIR/wrk-$n.txt" >&2; done

REQUESTS=$(field_sum REQUESTS)
EVENTS=$((REQUESTS * $(field EVENTS_PER_REQUEST)))
UNEXPECTED=$(field_sum UNEXPECTED)
SOCKET_ERRORS=$(field_sum SOCKET_ERRORS)
FIRST_BAD=$(field FIRST_UNEXPECTED)

# All derived numbers in one place; awk does the floating point.
read -r RPS EPS P50 P99 CPU_US PEAK_MIB DATA_MIB BYTES_PER_EVENT BODY_KIB < <(
    awk -v req="$REQUESTS" -v events="$EVENTS" -v dur="$(field DURATION_US)" \
        -v p50="$(field_max P50_US)" -v p99="$(field_max P99_US)" \
        -v ticks="$((TICKS_AFTER - TICKS_BEFORE))" -v hz="$(getconf CLK_TCK)" \
        -v rss="$PEAK_RSS_KIB" -v data="$DATA_BYTES" -v body="$(field BODY_BYTES)" \
        -v stored="$((EVENTS + WARMUP_EVENTS))" 'BEGIN {
            secs = dur / 1e6
            cpu_us = (events > 0) ? ticks / hz * 1e6 / events : 0
            per_event = (stored > 0) ? data / stored : 0
            printf "%.1f %.0f %.2f %.2f %.1f %.1f %.1f %.0f %.1f\n",
                req / secs, events / secs, p50 / 1000, p99 / 1000, cpu_us,
                rss / 1024, data / 1048576, per_event, body / 1024
        }')

REQUEST_SHAPE="1 batch of 12 events (trace, 3 spans + 3 updates, 2 generations + 2 updates, 1 event)"
UNIT=events
if [[ $FORMAT == otlp ]]; then
    REQUEST_SHAPE="1 OTLP export of 12 spans (root with trace attributes, 5 spans, 4 generations, 2 events), protobuf, gzip"
    UNIT=spans
fi
STORE_NOTE="embedded SQLite (one server)"
[[ -n ${PREFILLED:-} ]] && STORE_NOTE="embedded SQLite (one server), starting from a copy of $PREFILLED"
if [[ $STORE == postgres ]]; then
    STORE_NOTE="PostgreSQL on loopback, $SERVERS server(s), each loaded by its own wrk with $((CONNECTIONS / SERVERS)) connections; p50/p99 of the slower one"
fi
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
MODE="closed loop, $CONNECTIONS connections"
PRICING_MODELS="gpt-4o and gpt-4o-mini, priced"
[[ ${PRICING:-on} == off ]] && PRICING_MODELS="models no price matches"
WARMUP_NOTE="$WARMUP warm-up"
[[ $WARMUP_EVENTS == 0 ]] && WARMUP_NOTE="no warm-up"
[[ -n $RATE ]] && MODE="fixed rate $RATE req/s, $CONNECTIONS connections"

cat <<EOF

### Ingestion: $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo none), langfarm $VERSION

| | |
| --- | --- |
| machine | $(nproc) cores ($CPU_MODEL), wrk on the same machine |
| load | \`${GENERATOR%% *} -t$THREADS -c$CONNECTIONS -d$DURATION\` ($MODE), $WARMUP_NOTE |
| store | $STORE_NOTE |
| request | $REQUEST_SHAPE, ${BODY_KIB} KiB |
| pricing | ${PRICING:-on} (generations name ${PRICING_MODELS}) |
| requests/s | $RPS |
| $UNIT/s | $EPS |
| latency p50 / p99 | $P50 ms / $P99 ms |
| server CPU per event | $CPU_US µs (utime+stime, every langfarm server; PostgreSQL's own not counted) |
| server peak RSS | $PEAK_MIB MiB (VmHWM, the largest server) |
| data after run | $DATA_MIB MiB, ~$BYTES_PER_EVENT bytes per stored event (warm-up included) |
| non-$EXPECTED responses | $UNEXPECTED |
| socket errors | $SOCKET_ERRORS |
${KAFKA_ROWS}${EXPIRY_ROWS}
EOF

if [[ $UNEXPECTED != 0 || $SOCKET_ERRORS != 0 ]]; then
    echo >&2
    echo "INVALID RUN: $UNEXPECTED non-$EXPECTED responses, $SOCKET_ERRORS socket errors; first: ${FIRST_BAD:-n/a}" >&2
    tail -n 20 "$WORK_DIR/server-1.log" >&2
    exit 1
fi
