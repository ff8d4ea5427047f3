#!/usr/bin/env python3
"""Sends one long-lived trace to a running Langfarm and reports how fast its updates go as its
history grows: the issue-16 case of a chat agent that keeps appending to one trace.

Usage: long-trace.py BASE_URL UPDATES MODE

MODE `updates`: every request is one trace-create of the same trace (new metadata, a ~1 KB
output), as an exporter repeating the trace on every export sends it. MODE `turns`: every
request also adds a generation to the trace, as a chat agent does per turn. Requests go one
after another on one connection, so each waits for the commit of the one before: the time per
request is the cost of one more event for an entity with that much history.

Prints one line per tenth of the run: updates so far, requests/s over that tenth, and its
median and 99th-percentile latency in ms.
"""

import base64
import json
import statistics
import sys
import time
import urllib.request
import uuid


def main() -> None:
    base_url, updates, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    auth = "Basic " + base64.b64encode(b"pk-lf-bench:sk-lf-bench").decode()
    trace_id = f"long-{uuid.uuid4()}"
    output = "x" * 1000
    start_ms = int(time.time() * 1000) - 10 * updates
    tenth = max(1, updates // 10)
    latencies: list[float] = []
    window_start = time.perf_counter()
    for index in range(updates):
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime((start_ms + 10 * index) / 1000)) + f".{(start_ms + 10 * index) % 1000:03d}Z"
        batch = [{
            "id": str(uuid.uuid4()), "type": "trace-create", "timestamp": stamp,
            "body": {"id": trace_id, "name": "chat", "metadata": {"turn": index}, "output": f"{output} {index}", "tags": ["agent"]},
        }]
        if mode == "turns":
            batch.append({
                "id": str(uuid.uuid4()), "type": "generation-create", "timestamp": stamp,
                "body": {"id": f"{trace_id}-g{index}", "traceId": trace_id, "name": "turn", "model": "gpt-4o", "startTime": stamp,
                         "endTime": stamp, "usage": {"input": 100, "output": 20}, "output": output},
            })
        request = urllib.request.Request(
            f"{base_url}/api/public/ingestion", data=json.dumps({"batch": batch}).encode(),
            headers={"Authorization": auth, "Content-Type": "application/json"}, method="POST",
        )
        began = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            body = json.load(response)
            if response.status != 207 or body.get("errors"):
                sys.exit(f"update {index} was refused: {response.status} {body}")
        latencies.append((time.perf_counter() - began) * 1000)
        if (index + 1) % tenth == 0:
            elapsed = time.perf_counter() - window_start
            window = sorted(latencies[-tenth:])
            print(f"{index + 1} {tenth / elapsed:.1f} {statistics.median(window):.2f} {window[int(len(window) * 0.99) - 1]:.2f}", flush=True)
            window_start = time.perf_counter()


if __name__ == "__main__":
    main()
