"""What Langfarm must store for the OpenAI stub's answers, worked out by hand.

Why: a cost check that only asks for "more than zero" cannot fail. The stub (openai_stub.py)
reports fixed usage for the dated model `gpt-4o-mini-2024-07-18`; Langfarm's built-in price
table (the same as Langfuse's) prices that model per token as below, so the expected cost of
each answer follows from the stub's numbers alone.
"""

from __future__ import annotations

from typing import Any

import pytest

from openai_stub import ANSWER_USAGE, RESPONSE_MODEL, TOOL_CALL_USAGE

# gpt-4o-mini-2024-07-18, default tier: USD per token.
INPUT_PRICE = 0.15e-6
CACHED_INPUT_PRICE = 0.075e-6
OUTPUT_PRICE = 0.6e-6

ANSWER_CACHED = ANSWER_USAGE["prompt_tokens_details"]["cached_tokens"]
# Input tokens net of the cached part, as every client and Langfuse store them.
ANSWER_INPUT = ANSWER_USAGE["prompt_tokens"] - ANSWER_CACHED
ANSWER_OUTPUT = ANSWER_USAGE["completion_tokens"]
ANSWER_TOTAL = ANSWER_USAGE["total_tokens"]
ANSWER_COST = ANSWER_INPUT * INPUT_PRICE + ANSWER_CACHED * CACHED_INPUT_PRICE + ANSWER_OUTPUT * OUTPUT_PRICE

TOOL_CALL_INPUT = TOOL_CALL_USAGE["prompt_tokens"]
TOOL_CALL_OUTPUT = TOOL_CALL_USAGE["completion_tokens"]
TOOL_CALL_TOTAL = TOOL_CALL_USAGE["total_tokens"]
TOOL_CALL_COST = TOOL_CALL_INPUT * INPUT_PRICE + TOOL_CALL_OUTPUT * OUTPUT_PRICE


def assert_priced_generation(observation: dict[str, Any], usage: dict[str, int], cost: float) -> None:
    """A GENERATION of the stub's model with exactly `usage`, priced at `cost` by Langfarm."""
    assert observation["type"] == "GENERATION", observation
    assert observation["model"] == RESPONSE_MODEL, observation["model"]
    assert observation["usageDetails"] == usage, observation["usageDetails"]
    assert observation["modelId"], "matched a built-in model"
    assert observation["calculatedTotalCost"] == pytest.approx(cost, rel=1e-9), observation["costDetails"]
    assert observation["costDetails"]["total"] == pytest.approx(cost, rel=1e-9), observation["costDetails"]
