"""What exists in the generated project: names, tags, environments, metadata, models and scores.

Kept apart from the code that draws from it so that the values the read API gets filtered on
(and the benchmark's probes, see answers.py) can be read in one place. Weights are relative;
in a tuple, the weight is the last member.
"""
from decimal import Decimal

# Trace names -> (generation before retrieval, main generation, generation after it; share of
# traffic). A trace with one generation calls the main one, with two the first and the main,
# with three all of them. The main generation gets the scores that name an observation.
TRACE_KINDS = {
    "chat-completion": ("classify-intent", "generate-answer", "judge-quality", 35),
    "rag-answer": ("rewrite-query", "generate-answer", "judge-quality", 30),
    "summarize-document": ("extract-entities", "summarize-document", "judge-quality", 15),
    "classify-ticket": ("extract-entities", "classify-intent", "judge-quality", 12),
    "agent-run": ("plan-next-step", "generate-answer", "judge-quality", 8),
}
GENERATIONS_PER_TRACE = {1: 35, 2: 40, 3: 25}
# Traces with exactly 50 observations: a root span and 49 agent steps (see traces.py).
BIG_TRACE_NAME = "agent-run"
BIG_TRACE_OBSERVATIONS = 50

# Models with a built-in price (Langfuse's default table, which Langfarm ships): price per token
# of the usage keys "input" and "output", as exact decimals (the server prices exactly), and ms
# per output token (a generation's latency is about 400 ms plus that per token). The names are
# the model names sent (providedModelName); claude-3-5-sonnet-20241022 matches the definition
# named claude-3.5-sonnet-20241022.
MODELS = {
    "gpt-4o-mini": (Decimal("0.00000015"), Decimal("0.0000006"), 8),
    "gpt-4o": (Decimal("0.0000025"), Decimal("0.00001"), 15),
    "claude-3-5-sonnet-20241022": (Decimal("0.000003"), Decimal("0.000015"), 20),
    "claude-3-5-haiku-20241022": (Decimal("0.0000008"), Decimal("0.000004"), 10),
}
# Which model a generation calls: helpers (the generations before and after the main one) mostly
# a small model, the main generation mostly a large one; so cost, tokens and latency differ by
# generation name as well as by model.
HELPER_MODELS = {"gpt-4o-mini": 65, "claude-3-5-haiku-20241022": 20, "gpt-4o": 10, "claude-3-5-sonnet-20241022": 5}
MAIN_MODELS = {"gpt-4o": 45, "claude-3-5-sonnet-20241022": 35, "gpt-4o-mini": 15, "claude-3-5-haiku-20241022": 5}
# Median tokens (log-normal) of a helper and of a main generation: (input, output).
HELPER_TOKENS, MAIN_TOKENS = (400, 60), (1200, 250)
PROVIDERS = {"gpt-4o-mini": "openai", "gpt-4o": "openai",
             "claude-3-5-sonnet-20241022": "anthropic", "claude-3-5-haiku-20241022": "anthropic"}

# Tags: a trace draws 0-3 (TAGS_PER_TRACE) and keeps the distinct ones.
TAGS = {"chat": 20, "rag": 20, "web": 15, "mobile": 10, "api": 10, "beta": 8, "vip": 5, "eval": 5,
        "experiment-a": 4, "experiment-b": 3}
TAGS_PER_TRACE = {0: 25, 1: 45, 2: 25, 3: 5}
ENVIRONMENTS = {"production": 85, "staging": 10, "development": 5}

# Trace metadata: every trace has every key, plus "app_version" (its release); values are
# strings except "retries" (a number).
TRACE_METADATA = {
    "region": {"eu-west-1": 40, "us-east-1": 45, "ap-southeast-1": 15},
    "customer_tier": {"free": 60, "pro": 30, "enterprise": 10},
    "retries": {0: 90, 1: 8, 2: 2},
}
# Releases by the day of the window (0-29) they were deployed on: a trace has the latest one.
RELEASES = [(0, "3.14.0"), (9, "3.14.1"), (21, "3.15.0")]

# Scores: name -> (data type, values or None for a number in [0, 1], weight). A trace gets 0-3
# distinct ones; "relevance" and "toxicity" point at the trace's answering generation.
SCORES = {
    "user-feedback": ("BOOLEAN", [0, 1], 30),
    "relevance": ("NUMERIC", None, 30),
    "sentiment": ("CATEGORICAL", ["positive", "neutral", "negative"], 20),
    "toxicity": ("NUMERIC", None, 20),
}
SCORES_ON_OBSERVATION = {"relevance", "toxicity"}
SCORES_PER_TRACE = {0: 30, 1: 45, 2: 20, 3: 5}

# Levels of generations and spans (events are DEFAULT, or WARNING for guardrail hits).
LEVELS = {"DEFAULT": 945, "WARNING": 40, "ERROR": 15}
STATUS_MESSAGES = {
    "WARNING": ["retried after HTTP 429", "response truncated at max_tokens", "slow upstream"],
    "ERROR": ["upstream timeout after 30 s", "content filter triggered", "invalid JSON in tool call"],
}
EVENT_NAMES = {"cache-hit": 45, "cache-miss": 45, "guardrail-triggered": 10}
EVENTS_PER_TRACE = {0: 30, 1: 40, 2: 30}
