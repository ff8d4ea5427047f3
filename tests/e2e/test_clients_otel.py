"""OpenTelemetry instrumentations of the OpenAI client, OpenInference (Arize) and OpenLLMetry
(Traceloop), exporting OTLP to Langfarm.

Why: teams that do not use a Langfuse SDK trace with these; each names the model, usage and
messages with its own attributes (OpenInference `llm.*`, OpenLLMetry `gen_ai.*`), and
Langfarm must read them as Langfuse's OTel processor does. drivers/openai_instrumented.py
makes a plain and a streamed call, each in a span of its own, against the OpenAI stub.
"""

from __future__ import annotations

import base64

import pytest

from client_drivers import observation_tree, run_driver, shape
from client_expectations import (
    ANSWER_CACHED, ANSWER_COST, ANSWER_INPUT, ANSWER_OUTPUT, ANSWER_TOTAL, assert_priced_generation,
)
from conftest import LangfarmServer
from openai_stub import OpenAIStub

NET = {"input": ANSWER_INPUT, "output": ANSWER_OUTPUT, "total": ANSWER_TOTAL, "input_cached_tokens": ANSWER_CACHED}

# Usage of the plain and the streamed call as Langfuse stores it: the net counts, and each
# instrumentation's other detail attributes under the names Langfuse gives them.
USAGE = {
    # llm.token_count.*: completion_details.{reasoning,audio} are Langfuse's reasoning and
    # audio keys; prompt_details.audio is none of its keys, so it stays as sent.
    "openinference": [{**NET, "output_reasoning_tokens": 0, "output_audio_tokens": 0, "prompt_details.audio": 0}] * 2,
    # gen_ai.usage.*: cache_read.input_tokens is the cached input; a plain reasoning_tokens
    # (sent for the plain call only) is kept as sent.
    "openllmetry": [{**NET, "reasoning_tokens": 0}, NET],
}
# Attributes Langfuse reads as the input and output, and so leaves out of metadata.attributes.
KEYS_READ_AS_INPUT_OR_OUTPUT = {
    "openinference": {"input.value", "output.value", "llm.input_messages.0.message.content", "llm.output_messages.0.message.role"},
    "openllmetry": {"gen_ai.input.messages", "gen_ai.output.messages"},
}
SPAN_NAMES = {"openinference": "ChatCompletion", "openllmetry": "openai.chat"}


def otlp_env(server: LangfarmServer) -> dict[str, str]:
    """The standard OTLP exporter variables, pointed at Langfarm with the project's keys."""
    auth = base64.b64encode(f"{server.public_key}:{server.secret_key}".encode()).decode()
    return {
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": server.url("/api/public/otel/v1/traces"),
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS": f"Authorization=Basic%20{auth}",
    }


@pytest.mark.parametrize("instrumentation", ["openinference", "openllmetry"])
def test_instrumented_openai_calls_are_priced_generations(
    module_server: LangfarmServer, openai_stub_server: OpenAIStub, instrumentation: str
) -> None:
    sent = run_driver(
        "instrumentations", "openai_instrumented.py", {**otlp_env(module_server), **openai_stub_server.env()},
        instrumentation,
    )
    trace, observations = observation_tree(module_server, sent["trace_id"], observations=5)
    name = SPAN_NAMES[instrumentation]
    assert shape(observations) == [
        ("GENERATION", name, "plain"), ("GENERATION", name, "streamed"),
        ("SPAN", "ask-twice", None), ("SPAN", "plain", "ask-twice"), ("SPAN", "streamed", "ask-twice"),
    ]
    assert trace["name"] == "ask-twice"
    assert sent["root"] in {o["id"] for o in observations}
    parents = {o["id"]: o["name"] for o in observations}
    by_parent = {parents[o["parentObservationId"]]: o for o in observations if o["type"] == "GENERATION"}
    for call, usage in zip(("plain", "streamed"), USAGE[instrumentation]):
        assert_priced_generation(by_parent[call], usage, ANSWER_COST)
        assert by_parent[call]["modelParameters"]["temperature"] == 0
        kept = by_parent[call]["metadata"]["attributes"]
        assert not KEYS_READ_AS_INPUT_OR_OUTPUT[instrumentation] & kept.keys(), "input and output are not repeated"
        assert all(isinstance(value, str) for value in kept.values()), "attributes are kept as text, as in Langfuse"
    assert trace["totalCost"] == pytest.approx(2 * ANSWER_COST, rel=1e-9)
