"""The Langfuse LangChain callback handler, of SDK 2.x and of the current SDK (5.x), on a
small chain: a retriever, a chat model that calls a tool, the tool, the model again.

Why: the LangChain handler is how many teams trace, and each SDK generation sends a
different shape (2.x: ingestion batches of spans and generations; 5.x: OpenTelemetry spans
typed CHAIN, RETRIEVER, TOOL). The chain runs in drivers/langchain_chain.py under the SDK's
own venv, its model calls go to the OpenAI stub, and the stored tree is compared with what
Langfuse stores for the same input.
"""

from __future__ import annotations

import pytest

from client_drivers import langfuse_env, observation_tree, run_driver, shape
from client_expectations import (
    ANSWER_CACHED, ANSWER_COST, ANSWER_INPUT, ANSWER_OUTPUT, ANSWER_TOTAL, TOOL_CALL_COST, TOOL_CALL_INPUT,
    TOOL_CALL_OUTPUT, TOOL_CALL_TOTAL, assert_priced_generation,
)
from conftest import LangfarmServer
from openai_stub import ANSWER, OpenAIStub

QUESTION = "What is 6 times 7, and what does Langfarm store?"

# The handler types the chain, retriever and tool only since SDK 3 (as observation types).
TREES = {
    "integrations-sdk2": [
        ("GENERATION", "ChatOpenAI", "qa-chain"), ("GENERATION", "ChatOpenAI", "qa-chain"),
        ("SPAN", "FixedRetriever", "qa-chain"), ("SPAN", "multiply", "qa-chain"), ("SPAN", "qa-chain", None),
    ],
    "integrations-sdk5": [
        ("CHAIN", "qa-chain", None), ("GENERATION", "ChatOpenAI", "qa-chain"), ("GENERATION", "ChatOpenAI", "qa-chain"),
        ("RETRIEVER", "FixedRetriever", "qa-chain"), ("TOOL", "multiply", "qa-chain"),
    ],
}


def handler_usage(input_tokens: int, output_tokens: int, total: int, cached: int) -> dict[str, int]:
    """The usage the handler sends: LangChain's usage_metadata with its details flattened."""
    return {
        "input": input_tokens, "output": output_tokens, "total": total, "input_cache_read": cached,
        "input_audio": 0, "output_audio": 0, "output_reasoning": 0,
    }


@pytest.mark.parametrize("venv", ["integrations-sdk2", "integrations-sdk5"])
def test_langchain_chain_is_stored_as_a_priced_tree(
    module_server: LangfarmServer, openai_stub_server: OpenAIStub, venv: str
) -> None:
    asked_before = len(openai_stub_server.requests)
    sent = run_driver(venv, "langchain_chain.py", {**langfuse_env(module_server), **openai_stub_server.env()})
    model_calls = openai_stub_server.requests[asked_before:]
    assert [[m["role"] for m in call["messages"]] for call in model_calls] == [
        ["system", "user"], ["system", "user", "assistant", "tool"],
    ], "one tool round trip"
    assert sent["sdk_version"].startswith(venv[-1] + "."), sent
    assert sent["output"] == ANSWER
    trace, observations = observation_tree(module_server, sent["trace_id"], observations=5)

    assert shape(observations) == TREES[venv]
    assert trace["name"] == "qa-chain"
    assert trace["input"] == QUESTION and trace["output"] == ANSWER
    generations = [o for o in observations if o["type"] == "GENERATION"]
    answer = next(o for o in generations if o["output"]["content"] == ANSWER)
    tool_call = next(o for o in generations if o is not answer)
    assert_priced_generation(
        tool_call, handler_usage(TOOL_CALL_INPUT, TOOL_CALL_OUTPUT, TOOL_CALL_TOTAL, cached=0), TOOL_CALL_COST
    )
    assert_priced_generation(answer, handler_usage(ANSWER_INPUT, ANSWER_OUTPUT, ANSWER_TOTAL, ANSWER_CACHED), ANSWER_COST)
    tool = next(o for o in observations if o["name"] == "multiply")
    assert tool["output"]["content"] == "42", "the tool ran on the arguments the model asked for"
    assert trace["totalCost"] == pytest.approx(TOOL_CALL_COST + ANSWER_COST, rel=1e-9)
