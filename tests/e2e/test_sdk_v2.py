"""The real Langfuse Python SDK 2.x against langfarm.

Why: compatibility is the product. These tests send data with the unmodified
SDK (its batching, its headers, its event shapes, its create-then-update
pattern) and read it back through the Langfuse public API, asserting the
merge rules a Langfuse user relies on.

The SDK sends from a background thread; `flush()` waits for its queue, and
the server answers only after commit, so a short poll is only a safety net.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest
import requests

from conftest import PROJECT_ID, LangfarmServer, running_in_ci

try:
    import httpx  # a dependency of the SDK, used to drive its own HTTP client
    from langfuse import Langfuse
    from langfuse.request import APIError, LangfuseClient
    from langfuse.version import __version__ as SDK_VERSION
except ImportError as exc:  # pragma: no cover - depends on the environment
    if running_in_ci():
        raise ImportError(f"the Langfuse SDK 2.x must be installed in CI: {exc}") from exc
    pytest.skip(
        f"Langfuse SDK not importable ({exc}); install tests/e2e/requirements.txt or use scripts/test",
        allow_module_level=True,
    )

POLL_TIMEOUT_S = 5.0

TRACE_METADATA = {"env": "test"}
UPDATE_METADATA = {"extra": "yes"}
TRACE_INPUT = {"question": "What is the capital of France?"}
TRACE_OUTPUT = {"answer": "Paris"}
MESSAGES = [
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": "What is the capital of France?"},
]
COMPLETION = {"role": "assistant", "content": "Paris"}
MODEL_PARAMETERS = {"temperature": 0.2, "max_tokens": 100}
# SDK 2.x validates modelParameters as Dict[str, MapValue] where MapValue is a
# union starting with str, so pydantic turns the float 0.2 into "0.2" before
# sending (see the captured v2.60.10 traffic). The server stores what it got.
MODEL_PARAMETERS_AS_SENT = {"temperature": "0.2", "max_tokens": 100}


# --------------------------------------------------------------------------
# Sending with the SDK
# --------------------------------------------------------------------------


class SdkLogCollector(logging.Handler):
    """Keeps the SDK's warnings and errors.

    The SDK never raises on failed uploads; it only logs. Collecting the log
    turns a rejected batch into a visible test failure with the reason.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@dataclass
class SentTrace:
    """Ids of what the SDK sent, and the trace as the server returned it."""

    trace_id: str
    outer_span_id: str
    inner_span_id: str
    generation_id: str
    event_id: str
    status_code: int = 0
    trace: dict[str, Any] = field(default_factory=dict)
    sdk_log: list[str] = field(default_factory=list)

    def observation(self, observation_id: str) -> dict[str, Any]:
        """The observation with that id; fails with the ids that are present."""
        assert self.status_code == 200, f"GET trace returned {self.status_code}; SDK log: {self.sdk_log}"
        by_id = {o["id"]: o for o in self.trace.get("observations", [])}
        assert observation_id in by_id, f"observation {observation_id} missing; present: {sorted(by_id)}"
        return by_id[observation_id]

    def score(self, name: str) -> dict[str, Any]:
        assert self.status_code == 200, f"GET trace returned {self.status_code}; SDK log: {self.sdk_log}"
        by_name = {s["name"]: s for s in self.trace.get("scores", [])}
        assert name in by_name, f"score {name!r} missing; present: {sorted(by_name)}"
        return by_name[name]


def send_with_sdk(server: LangfarmServer, collector: SdkLogCollector) -> SentTrace:
    """Record one realistic trace with the SDK's v2 low-level API and flush it."""
    langfuse = Langfuse(
        public_key=server.public_key,
        secret_key=server.secret_key,
        host=server.base_url,
        flush_interval=0.2,
        timeout=10,
    )
    try:
        trace = langfuse.trace(
            id=f"sdk-trace-{uuid.uuid4()}",
            name="e2e-sdk-v2",
            user_id="user-1",
            session_id="session-1",
            release="r1",
            version="v1",
            metadata=dict(TRACE_METADATA),
            tags=["e2e"],
            input=TRACE_INPUT,
        )
        outer = trace.span(name="outer-span", input={"step": 1})
        inner = outer.span(name="inner-span", input={"step": 2})
        inner.end(output={"ok": True})

        generation = outer.generation(
            name="llm-call", model="gpt-4o", model_parameters=MODEL_PARAMETERS, input=MESSAGES
        )
        generation.end(output=COMPLETION, usage={"input": 10, "output": 20})
        generation.score(name="relevance", value=0.5)

        event = trace.event(name="cache-hit", input={"key": "k1"})
        outer.end(output={"done": True})

        trace.update(output=TRACE_OUTPUT, metadata=dict(UPDATE_METADATA), tags=["e2e-updated"])
        langfuse.score(trace_id=trace.id, name="quality", value=0.9, comment="good")
        langfuse.flush()
    finally:
        langfuse.shutdown()

    return SentTrace(
        trace_id=trace.id,
        outer_span_id=outer.id,
        inner_span_id=inner.id,
        generation_id=generation.id,
        event_id=event.id,
        sdk_log=collector.messages,
    )


def trace_is_complete(trace: dict[str, Any]) -> bool:
    """Everything the SDK sent is visible: 4 observations, 2 scores, the trace update."""
    return (
        len(trace.get("observations") or []) >= 4
        and len(trace.get("scores") or []) >= 2
        and trace.get("output") is not None
    )


def poll_trace(
    server: LangfarmServer, trace_id: str, done: Callable[[dict[str, Any]], bool], timeout: float = POLL_TIMEOUT_S
) -> tuple[int, dict[str, Any]]:
    """GET the trace until `done(trace)` or timeout; returns the last status and body."""
    deadline = time.monotonic() + timeout
    while True:
        response = server.get_trace(trace_id)
        body = response.json() if response.status_code == 200 else {}
        if (response.status_code == 200 and done(body)) or time.monotonic() >= deadline:
            return response.status_code, body
        time.sleep(0.1)


@pytest.fixture(scope="module")
def sent(module_server: LangfarmServer) -> SentTrace:
    """Send the trace once per module; each test below checks one aspect of it."""
    collector = SdkLogCollector()
    sdk_logger = logging.getLogger("langfuse")
    sdk_logger.addHandler(collector)
    try:
        result = send_with_sdk(module_server, collector)
    finally:
        sdk_logger.removeHandler(collector)
    result.status_code, result.trace = poll_trace(module_server, result.trace_id, trace_is_complete)
    return result


# --------------------------------------------------------------------------
# What the SDK sent, read back
# --------------------------------------------------------------------------


def test_sdk_is_version_2() -> None:
    """This module is about the v2 ingestion API; SDK 3+ speaks OTLP instead."""
    assert SDK_VERSION.startswith("2."), SDK_VERSION


def test_sdk_logged_no_errors(sent: SentTrace) -> None:
    """Every SDK upload was accepted: the SDK logs, rather than raises, on rejects."""
    assert sent.sdk_log == []


def test_trace_fields(sent: SentTrace) -> None:
    trace = sent.trace
    assert sent.status_code == 200, f"GET trace returned {sent.status_code}; SDK log: {sent.sdk_log}"
    assert trace["id"] == sent.trace_id
    assert trace["timestamp"], "trace.update() must not clear the timestamp set at creation"
    assert trace["name"] == "e2e-sdk-v2"
    assert trace["userId"] == "user-1"
    assert trace["sessionId"] == "session-1"
    assert trace["release"] == "r1"
    assert trace["version"] == "v1"
    assert trace["input"] == TRACE_INPUT
    assert trace["projectId"] == PROJECT_ID


def test_trace_update_sets_output(sent: SentTrace) -> None:
    assert sent.trace.get("output") == TRACE_OUTPUT


def test_trace_metadata_is_merged(sent: SentTrace) -> None:
    """trace.update(metadata=...) adds keys; it must not replace the original metadata."""
    metadata = sent.trace.get("metadata") or {}
    assert metadata.get("env") == "test", metadata
    assert metadata.get("extra") == "yes", metadata


def test_trace_tags_are_a_union(sent: SentTrace) -> None:
    """Langfuse tags are only ever added by the API, never removed."""
    tags = sent.trace.get("tags") or []
    assert sorted(tags) == ["e2e", "e2e-updated"]


def test_observation_types_and_parents(sent: SentTrace) -> None:
    expected = {
        sent.outer_span_id: ("SPAN", None, "outer-span"),
        sent.inner_span_id: ("SPAN", sent.outer_span_id, "inner-span"),
        sent.generation_id: ("GENERATION", sent.outer_span_id, "llm-call"),
        sent.event_id: ("EVENT", None, "cache-hit"),
    }
    for observation_id, (obs_type, parent_id, name) in expected.items():
        observation = sent.observation(observation_id)
        assert observation["traceId"] == sent.trace_id
        assert (observation["type"], observation.get("parentObservationId"), observation["name"]) == (
            obs_type,
            parent_id,
            name,
        )
    assert len(sent.trace["observations"]) == 4


def test_span_update_is_merged_into_create(sent: SentTrace) -> None:
    """span.end(output=...) arrives as a separate span-update; both halves must survive."""
    outer = sent.observation(sent.outer_span_id)
    assert outer["input"] == {"step": 1}
    assert outer["output"] == {"done": True}
    assert outer["startTime"] and outer["endTime"]

    inner = sent.observation(sent.inner_span_id)
    assert inner["input"] == {"step": 2}
    assert inner["output"] == {"ok": True}
    assert inner["endTime"]


def test_generation_fields_and_usage(sent: SentTrace) -> None:
    generation = sent.observation(sent.generation_id)
    assert generation["model"] == "gpt-4o"
    assert generation["modelParameters"] == MODEL_PARAMETERS_AS_SENT
    assert generation["input"] == MESSAGES
    assert generation["output"] == COMPLETION
    assert generation["endTime"]
    assert generation["usageDetails"]["input"] == 10, generation["usageDetails"]
    assert generation["usageDetails"]["output"] == 20, generation["usageDetails"]
    assert generation["usage"]["input"] == 10, generation["usage"]
    assert generation["usage"]["output"] == 20, generation["usage"]


def test_generation_is_priced_from_the_built_in_model(sent: SentTrace) -> None:
    """The SDK sends the model on create and the usage on end (an update): the cost is
    computed on the merged generation with Langfuse's gpt-4o prices ($2.50 / $10 per M)."""
    generation = sent.observation(sent.generation_id)
    assert generation["modelId"], generation
    assert generation["usagePricingTierName"] == "Standard"
    assert generation["inputPrice"] == pytest.approx(2.5e-06)
    assert generation["outputPrice"] == pytest.approx(1e-05)
    assert generation["costDetails"]["input"] == pytest.approx(10 * 2.5e-06)
    assert generation["costDetails"]["output"] == pytest.approx(20 * 1e-05)
    assert generation["calculatedTotalCost"] == pytest.approx(0.000225)
    assert sent.trace["totalCost"] == pytest.approx(0.000225)


def test_event_fields(sent: SentTrace) -> None:
    event = sent.observation(sent.event_id)
    assert event["input"] == {"key": "k1"}
    assert event["startTime"]


def test_trace_score(sent: SentTrace) -> None:
    score = sent.score("quality")
    assert score["value"] == pytest.approx(0.9)
    assert score["traceId"] == sent.trace_id
    assert score.get("observationId") is None
    assert score.get("comment") == "good"


def test_observation_score(sent: SentTrace) -> None:
    """generation.score(...) attaches the score to both the trace and the observation."""
    score = sent.score("relevance")
    assert score["value"] == pytest.approx(0.5)
    assert score["traceId"] == sent.trace_id
    assert score["observationId"] == sent.generation_id


def test_get_observation_endpoint(sent: SentTrace, module_server: LangfarmServer) -> None:
    response = module_server.get_observation(sent.generation_id)
    assert response.status_code == 200, response.text
    observation = response.json()
    assert observation["id"] == sent.generation_id
    assert observation["traceId"] == sent.trace_id
    assert observation["type"] == "GENERATION"
    assert observation["model"] == "gpt-4o"
    assert observation["usageDetails"]["output"] == 20


def test_unknown_ids_are_404(module_server: LangfarmServer) -> None:
    assert module_server.get_trace(f"missing-{uuid.uuid4()}").status_code == 404
    assert module_server.get_observation(f"missing-{uuid.uuid4()}").status_code == 404


# --------------------------------------------------------------------------
# Auth and the SDK's own HTTP requests
# --------------------------------------------------------------------------


def trace_create_event(trace_id: str) -> dict[str, Any]:
    """A minimal trace-create envelope as the SDK builds it."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    return {
        "id": str(uuid.uuid4()),
        "type": "trace-create",
        "timestamp": now,
        "body": {"id": trace_id, "timestamp": now, "name": "raw"},
    }


def sdk_ingestion_client(server: LangfarmServer, secret_key: str) -> LangfuseClient:
    """The SDK's own ingestion HTTP client: its headers, serializer and status handling."""
    return LangfuseClient(
        public_key=server.public_key,
        secret_key=secret_key,
        base_url=server.base_url,
        version=SDK_VERSION,
        timeout=10,
        session=httpx.Client(),
    )


def test_health_needs_no_auth(module_server: LangfarmServer) -> None:
    response = requests.get(module_server.url("/api/public/health"), timeout=5)
    assert response.status_code == 200
    assert response.json()["status"] == "OK"
    assert response.json()["version"]


def test_wrong_secret_is_401(module_server: LangfarmServer) -> None:
    batch = {"batch": [trace_create_event(f"denied-{uuid.uuid4()}")]}
    url = module_server.url("/api/public/ingestion")
    wrong = requests.post(url, json=batch, auth=(module_server.public_key, "sk-lf-wrong"), timeout=5)
    assert wrong.status_code == 401, wrong.text
    missing = requests.post(url, json=batch, timeout=5)
    assert missing.status_code == 401, missing.text
    read = requests.get(
        module_server.url(f"/api/public/traces/{uuid.uuid4()}"),
        auth=(module_server.public_key, "sk-lf-wrong"),
        timeout=5,
    )
    assert read.status_code == 401, read.text


def test_sdk_request_headers_are_accepted(module_server: LangfarmServer) -> None:
    """The SDK sends x_langfuse_* headers (underscores) and a batch `metadata` object.

    batch_post raises on any error listed in a 207, so returning at all means
    every event was accepted.
    """
    trace_id = f"sdk-raw-{uuid.uuid4()}"
    client = sdk_ingestion_client(module_server, module_server.secret_key)
    metadata = {
        "batch_size": 1,
        "sdk_integration": "default",
        "sdk_name": "python",
        "sdk_version": SDK_VERSION,
        "public_key": module_server.public_key,
    }
    response = client.batch_post(batch=[trace_create_event(trace_id)], metadata=metadata)
    assert response.status_code == 207
    assert len(response.json()["successes"]) == 1
    assert module_server.get_trace(trace_id).status_code == 200


def test_sdk_client_sees_401_for_wrong_secret(module_server: LangfarmServer) -> None:
    client = sdk_ingestion_client(module_server, "sk-lf-wrong")
    with pytest.raises(APIError) as excinfo:
        client.batch_post(batch=[trace_create_event(f"denied-{uuid.uuid4()}")], metadata={})
    assert int(excinfo.value.status) == 401
