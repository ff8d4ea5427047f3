#!/usr/bin/env bash
# Throughput with the Kafka change feed against without it: N pairs of
# benchmarks/run-ingest.sh runs, KAFKA=off and KAFKA=on, and their ratio.
#
# Usage:
#   benchmarks/kafka-ratio.sh [PAIRS]           # PAIRS default 12, each run DURATION (default 8s)
#   DURATION=12s FORMAT=otlp benchmarks/kafka-ratio.sh 4
#
# The order alternates (off then on, then on then off), so that a drift of the host's speed
# during the series favours neither side; on a shared VM single pairs still scatter, so the
# median of the pairs' ratios is the figure to report. Builds the release binary once (or uses
# LANGFARM_BIN); every other knob of run-ingest.sh (CONNECTIONS, FORMAT, ...) passes through.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PAIRS="${1:-12}"
export DURATION="${DURATION:-8s}"

if [[ -z ${LANGFARM_BIN:-} ]]; then
    swift build -c release --product langfarm >&2
    LANGFARM_BIN="$(swift build -c release --show-bin-path)/langfarm"
fi
export LANGFARM_BIN

OUT=$(mktemp -d -t langfarm-kafka-ratio.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

# run MODE: one benchmark run; sets RATE_<MODE> (events or spans per second) and CPU_<MODE>.
run() {
    local mode=$1
    KAFKA=$mode benchmarks/run-ingest.sh "$DURATION" >"$OUT/$mode.txt" 2>"$OUT/$mode.err" || {
        tail -n 20 "$OUT/$mode.err" >&2
        exit 1
    }
    printf -v "RATE_$mode" '%s' "$(sed -n 's/^| \(events\|spans\)\/s | \([0-9]*\) |$/\2/p' "$OUT/$mode.txt")"
    printf -v "CPU_$mode" '%s' "$(sed -n 's/^| server CPU per event | \([0-9.]*\) .*/\1/p' "$OUT/$mode.txt")"
}

ratios=()
for pair in $(seq "$PAIRS"); do
    if ((pair % 2)); then order=(off on); else order=(on off); fi
    for mode in "${order[@]}"; do run "$mode"; done
    ratio=$(awk -v on="$RATE_on" -v off="$RATE_off" 'BEGIN { printf "%.3f", on / off }')
    ratios+=("$ratio")
    lag=$(sed -n 's/^| relay lag during run (max \/ mean) | \([^(]*\)(.*/\1/p' "$OUT/on.txt")
    echo "pair $pair (${order[*]}): off $RATE_off/s ($CPU_off µs)  on $RATE_on/s ($CPU_on µs, relay lag max/mean $lag)  ratio $ratio"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '
    { ratio[NR] = $1; sum += $1 }
    END {
        median = (NR % 2) ? ratio[(NR + 1) / 2] : (ratio[NR / 2] + ratio[NR / 2 + 1]) / 2
        printf "on/off over %d pairs: median %.3f, mean %.3f, min %.3f, max %.3f\n", NR, median, sum / NR, ratio[1], ratio[NR]
    }'
