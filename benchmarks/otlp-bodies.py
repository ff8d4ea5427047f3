#!/usr/bin/env python3
"""Writes OTLP/HTTP trace export bodies for the OTLP benchmark (benchmarks/otlp.lua).

Each body is one export of 12 spans as the Langfuse Python SDK sends them (protobuf,
gzip-compressed): a root span carrying the trace attributes, 5 child spans, 4 generations
(gpt-4o / gpt-4o-mini, with usage details) and 2 events, about 1 KB of input or output text
each, with every trace and span id unique across the file. wrk cannot compress or encode
protobuf per request, so bodies are made here, ahead of the run.

Usage: otlp-bodies.py OUT_FILE COUNT     (needs opentelemetry-proto: .venv-otel has it)
Output: for each body, a line with its length in bytes, then the bytes.
"""
import gzip
import json
import os
import sys
import time

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span

SPANS_PER_EXPORT = 12
WORDS = ["the", "model", "retrieved", "context", "answer", "user", "asked", "about", "latency", "tokens"]


def prose(seed: int, length: int = 1024) -> str:
    words, size, state = [], 0, seed * 7919 + 17
    while size < length:
        state = (state * 1103515245 + 12345) % 2147483648
        words.append(WORDS[state % len(WORDS)])
        size += len(words[-1]) + 1
    return " ".join(words)


def attribute(key: str, value) -> KeyValue:
    if isinstance(value, bool):
        return KeyValue(key=key, value=AnyValue(bool_value=value))
    if isinstance(value, int):
        return KeyValue(key=key, value=AnyValue(int_value=value))
    return KeyValue(key=key, value=AnyValue(string_value=value))


def export(index: int, now_ns: int) -> bytes:
    request = ExportTraceServiceRequest()
    resource_spans = request.resource_spans.add()
    resource_spans.resource.attributes.extend([attribute("service.name", "bench"), attribute("telemetry.sdk.language", "python")])
    scope_spans = resource_spans.scope_spans.add()
    scope_spans.scope.name = "langfuse-sdk"
    scope_spans.scope.version = "5.0.4"
    trace_id = index.to_bytes(8, "big") + os.urandom(8)
    root_id = (index * SPANS_PER_EXPORT + 1).to_bytes(8, "big")
    trace_attributes = [
        attribute("user.id", f"user-{index % 100}"), attribute("session.id", f"session-{index % 50}"),
        attribute("langfuse.trace.name", "chat-request"), attribute("langfuse.trace.metadata.region", '"local"'),
    ]
    kinds = ["span"] * 6 + ["generation"] * 4 + ["event"] * 2
    for n, kind in enumerate(kinds):
        span = scope_spans.spans.add()
        span.trace_id = trace_id
        span.span_id = root_id if n == 0 else (index * SPANS_PER_EXPORT + 1 + n).to_bytes(8, "big")
        if n > 0:
            span.parent_span_id = root_id
        span.name = f"{kind}-{n}"
        span.kind = Span.SPAN_KIND_INTERNAL
        span.start_time_unix_nano = now_ns + n * 1_000_000
        span.end_time_unix_nano = now_ns + n * 1_000_000 + 500_000
        span.attributes.extend(trace_attributes + [
            attribute("langfuse.observation.type", kind),
            attribute("langfuse.observation.input", json.dumps({"text": prose(index + n)})),
        ])
        if kind == "generation":
            span.attributes.extend([
                attribute("langfuse.observation.model.name", "gpt-4o" if n % 2 else "gpt-4o-mini"),
                attribute("langfuse.observation.model.parameters", '{"temperature": 0.2}'),
                attribute("langfuse.observation.usage_details", '{"input": 812, "output": 230}'),
                attribute("langfuse.observation.output", json.dumps({"role": "assistant", "content": prose(index - n)})),
            ])
    return gzip.compress(request.SerializeToString(), compresslevel=6)


def main() -> None:
    out, count = sys.argv[1], int(sys.argv[2])
    now_ns = time.time_ns()
    with open(out, "wb") as file:
        for index in range(count):
            body = export(index + int(now_ns // 1_000_000_000) * 1000, now_ns)
            file.write(f"{len(body)}\n".encode())
            file.write(body)


if __name__ == "__main__":
    main()
