"""Ingestion batches in the Langfuse JSON shape (as the v2 SDK sends them), for tests that need
exact control over what is sent: many traces from threads, an oversized input, updates."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any


def iso_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def envelope(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": kind, "timestamp": iso_now(), "body": body}


def trace_batch(trace_id: str, name: str = "kafka-e2e") -> list[dict[str, Any]]:
    """A trace with a span, a priced generation inside it and a score: one change of each kind."""
    now = iso_now()
    return [
        envelope("trace-create", {
            "id": trace_id, "timestamp": now, "name": name, "userId": "user-1", "sessionId": "session-1",
            "metadata": {"suite": "kafka"}, "tags": ["kafka"], "input": {"question": trace_id},
        }),
        envelope("span-create", {
            "id": f"{trace_id}-span", "traceId": trace_id, "name": "retrieve", "startTime": now,
            "endTime": now, "input": {"query": "q"}, "output": {"documents": 2},
        }),
        envelope("generation-create", {
            "id": f"{trace_id}-gen", "traceId": trace_id, "parentObservationId": f"{trace_id}-span",
            "name": "answer", "startTime": now, "endTime": now, "model": "gpt-4o",
            "modelParameters": {"temperature": 0}, "input": [{"role": "user", "content": "hi"}],
            "output": {"role": "assistant", "content": "hello"}, "usageDetails": {"input": 12, "output": 3},
        }),
        envelope("score-create", {
            "id": f"{trace_id}-score", "traceId": trace_id, "name": "quality", "value": 0.75, "comment": "ok",
        }),
    ]


def trace_update(trace_id: str, output: Any) -> list[dict[str, Any]]:
    """A second trace-create for the same id: Langfuse's way of updating a trace."""
    return [envelope("trace-create", {"id": trace_id, "output": output, "tags": ["kafka", "updated"]})]


def entity_ids(trace_id: str) -> set[tuple[str, str]]:
    """(topic, id) of everything `trace_batch(trace_id)` creates."""
    return {
        ("traces", trace_id),
        ("observations", f"{trace_id}-span"),
        ("observations", f"{trace_id}-gen"),
        ("scores", f"{trace_id}-score"),
    }
