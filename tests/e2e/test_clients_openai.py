"""The Langfuse OpenAI integration (`langfuse.openai`) of SDK 2.x and of the current SDK
(5.x), streaming and not, against Langfarm.

Why: the drop-in OpenAI wrapper is the other common way to trace; SDK 2.x sends ingestion
batches, 5.x OpenTelemetry spans, and a streamed answer reaches the wrapper piece by piece
with its usage only in the last chunk (`stream_options.include_usage`). The calls run in
drivers/langfuse_openai.py under the SDK's own venv against the OpenAI stub.
"""

from __future__ import annotations

import pytest

from client_drivers import langfuse_env, observation_tree, run_driver, shape
from client_expectations import (
    ANSWER_CACHED, ANSWER_COST, ANSWER_INPUT, ANSWER_OUTPUT, ANSWER_TOTAL, assert_priced_generation,
)
from conftest import LangfarmServer
from openai_stub import ANSWER, OpenAIStub

MESSAGES = [{"role": "user", "content": "What does Langfarm store?"}]

# The wrapper turns OpenAI's usage into Langfuse's keys itself, every detail included.
USAGE = {
    "input": ANSWER_INPUT, "output": ANSWER_OUTPUT, "total": ANSWER_TOTAL, "input_cached_tokens": ANSWER_CACHED,
    "input_audio_tokens": 0, "output_audio_tokens": 0, "output_reasoning_tokens": 0,
    "output_accepted_prediction_tokens": 0, "output_rejected_prediction_tokens": 0,
}


@pytest.mark.parametrize("venv", ["integrations-sdk2", "integrations-sdk5"])
def test_openai_calls_are_priced_generations_streamed_or_not(
    module_server: LangfarmServer, openai_stub_server: OpenAIStub, venv: str
) -> None:
    sent = run_driver(venv, "langfuse_openai.py", {**langfuse_env(module_server), **openai_stub_server.env()})
    assert sent["sdk_version"].startswith(venv[-1] + "."), sent
    assert sent["answers"] == [ANSWER, ANSWER]
    for trace_key, name, output in (("plain_trace", "plain-call", {"role": "assistant", "content": ANSWER}),
                                    ("streamed_trace", "streamed-call", ANSWER)):
        trace, observations = observation_tree(module_server, sent[trace_key], observations=1)
        assert shape(observations) == [("GENERATION", name, None)]
        generation = observations[0]
        assert_priced_generation(generation, USAGE, ANSWER_COST)
        assert generation["input"] == MESSAGES
        assert generation["output"] == output, "a streamed answer is stored as the joined text"
        assert generation["modelParameters"]["temperature"] == 0
        assert trace["totalCost"] == pytest.approx(ANSWER_COST, rel=1e-9)
    streamed = observation_tree(module_server, sent["streamed_trace"], observations=1)[1][0]
    assert streamed["completionStartTime"] is not None, "the first chunk's arrival is recorded"
