#!/usr/bin/env python3
"""Measures what a request costs in server memory while it is handled (issue 16 §2): sends
CONCURRENCY identical requests at once to a running Langfarm (PID) and reports its resident
memory before and at its peak (VmHWM), and the peak's growth per request and per body byte.

Usage: request-memory.py BASE_URL PID KIND CONCURRENCY

KIND `json`: a 4 MB ingestion batch of 100 generations with 40 kB inputs. KIND `otlp`: an OTLP
JSON export of 40,000 minimal spans (~7 MB), the shape that costs most per byte. KIND
`otlp-protobuf`: the worst export the limits allow, 160,000 minimal spans in 8 MB of protobuf
(encoded here, so that no OpenTelemetry package is needed; `SPANS=N` sends N instead). Every request uses new ids, so
nothing is deduplicated. Start the server with a body budget large enough to
admit them all at once (`--max-body-mib-in-flight 4096`), else some wait or get 503.
"""

import base64
import json
import os
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


def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def otlp_protobuf_body() -> tuple[str, bytes]:
    trace = uuid.uuid4().bytes
    start, end = (1764800000000000000).to_bytes(8, "little"), (1764800000000000001).to_bytes(8, "little")
    spans = b"".join(
        # Span: trace_id (1), span_id (2), name (5), start (7, fixed64), end (8, fixed64).
        field(2, field(1, trace) + field(2, (index + 1).to_bytes(8, "big")) + field(5, b"s")
              + varint(7 << 3 | 1) + start + varint(8 << 3 | 1) + end)
        for index in range(int(os.environ.get("SPANS", "160000")))
    )
    # ExportTraceServiceRequest.resource_spans (1) > ResourceSpans.scope_spans (2) > ScopeSpans.spans (2).
    return "/api/public/otel/v1/traces#protobuf", field(1, field(2, spans))


def memory(pid: int, name: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"{name} not in /proc/{pid}/status")


def main() -> None:
    base_url, pid, kind, concurrency = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    make = {"json": json_body, "otlp": otlp_body, "otlp-protobuf": otlp_protobuf_body}[kind]
    bodies = [make() for _ in range(concurrency)]
    before = memory(pid, "VmRSS")
    statuses: list[int] = []
    start = threading.Barrier(concurrency)

    def send(path: str, body: bytes) -> None:
        path, _, encoding = path.partition("#")
        content_type = "application/x-protobuf" if encoding == "protobuf" else "application/json"
        request = urllib.request.Request(base_url + path, data=body, method="POST",
                                         headers={"Authorization": AUTH, "Content-Type": content_type})
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
