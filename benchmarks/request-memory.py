#!/usr/bin/env python3
"""Measures what a request costs in server memory while it is handled (issue 16 §2): sends
CONCURRENCY identical requests at once to a running Langfarm (PID) and reports its resident
memory before and at its peak (VmHWM), and the peak's growth per request and per body byte.

Usage: request-memory.py BASE_URL PID KIND CONCURRENCY

KIND `json`: a 4 MB ingestion batch of 100 generations with 40 kB inputs. KIND `otlp`: an OTLP
JSON export of 40,000 minimal spans (~7 MB), the shape that costs most per byte. Every request
uses new ids, so nothing is deduplicated. Start the server with a body budget large enough to
admit them all at once (`--max-body-mib-in-flight 4096`), else some wait or get 503.
"""

import base64
import json
import sys
import threading
import urllib.request
import uuid

AUTH = "Basic " + base64.b64encode(b"pk-lf-bench:sk-lf-bench").decode()


def json_body() -> tuple[str, bytes]:
    trace = f"mem-{uuid.uuid4()}"
    batch = [{
        "id": str(uuid.uuid4()), "type": "generation-create", "timestamp": "2026-12-04T10:00:00.000Z",
        "body": {"id": f"{trace}-{index}", "traceId": trace, "name": "g", "model": "gpt-4o",
                 "input": [{"role": "user", "content": "x" * 40_000}], "output": "ok",
                 "usage": {"input": 10, "output": 2}},
    } for index in range(100)]
    return "/api/public/ingestion", json.dumps({"batch": batch}).encode()


def otlp_body() -> tuple[str, bytes]:
    trace = uuid.uuid4().hex
    spans = [{"traceId": trace, "spanId": f"{index + 1:016x}", "name": "s",
              "startTimeUnixNano": "1764800000000000000", "endTimeUnixNano": "1764800000000000001"}
             for index in range(40_000)]
    return "/api/public/otel/v1/traces", json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": spans}]}]}).encode()


def memory(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def main() -> None:
    base_url, pid, kind, concurrency = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    bodies = [json_body() if kind == "json" else otlp_body() for _ in range(concurrency)]
    before = memory(pid, "VmRSS")
    statuses: list[int] = []
    start = threading.Barrier(concurrency)

    def send(path: str, body: bytes) -> None:
        request = urllib.request.Request(base_url + path, data=body, method="POST",
                                         headers={"Authorization": AUTH, "Content-Type": "application/json"})
        start.wait()
        with urllib.request.urlopen(request, timeout=300) as response:
            statuses.append(response.status)

    threads = [threading.Thread(target=send, args=body) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    peak = memory(pid, "VmHWM")
    size = len(bodies[0][1])
    growth = (peak - before) / concurrency
    print(f"{kind} x{concurrency}: body {size / 1e6:.1f} MB, statuses {sorted(set(statuses))}, "
          f"RSS before {before / 2**20:.0f} MiB, peak {peak / 2**20:.0f} MiB, "
          f"{growth / 2**20:.1f} MiB per request ({growth / size:.1f}x its body)")


if __name__ == "__main__":
    main()
