"""The lake contract as a consumer sees it: the committed JSON Schemas of the topics, and the
comparison of a message with the row Langfarm's read API returns for the same entity.

The schemas are read from `deploy/contract/<topic>.schema.json`, the files the project ships
to lake teams (their agreement with the binary is a Swift test, ShippedContractTests). Messages
carry `input`, `output`, `metadata` and `modelParameters` as JSON text; the API as JSON.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from jsonschema import Draft202012Validator

from .consumer import TOPICS, Record

REPO_ROOT = Path(__file__).resolve().parents[3]
CONTRACT_DIR = REPO_ROOT / "deploy" / "contract"

# Fields whose schema type is JSON text (`contentMediaType: application/json`).
JSON_TEXT_FIELDS = ("metadata", "input", "output", "modelParameters")


def schema_path(topic: str) -> Path:
    return CONTRACT_DIR / f"{topic}.schema.json"


def load_validators() -> dict[str, Draft202012Validator]:
    """A validator per topic from the committed schema files (which must exist)."""
    validators = {}
    for topic in TOPICS:
        path = schema_path(topic)
        assert path.is_file(), f"{path} is missing: the contract shipped with the project (langfarm contract write deploy)"
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        validators[topic] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validators


def schema_problems(records: list[Record], validators: dict[str, Draft202012Validator]) -> list[str]:
    """Every message is valid against its topic's schema, and its JSON-text fields parse."""
    problems: list[str] = []
    for record in records:
        try:
            value = record.value
        except ValueError as exc:
            problems.append(f"{record.describe()}: value is not JSON: {exc}")
            continue
        for error in validators[record.topic].iter_errors(value):
            path = "/".join(str(p) for p in error.absolute_path) or "(root)"
            problems.append(f"{record.describe()}: {path}: {error.message[:200]}")
        for name in JSON_TEXT_FIELDS:
            text = value.get(name)
            if isinstance(text, str):
                try:
                    json.loads(text)
                except ValueError:
                    problems.append(f"{record.describe()}: {name} is not JSON text: {text[:80]!r}")
    return problems


# --------------------------------------------------------------------------
# A message against the read API's row
# --------------------------------------------------------------------------


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text.replace("Z", "+00:00"))


def _json_text(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _numbers_equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def _maps_equal(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    a, b = a or {}, b or {}
    return a.keys() == b.keys() and all(_numbers_equal(a[k], b[k]) for k in a)


def _same(a: Any, b: Any) -> bool:
    return a == b


# (message field, API field, how the message's value maps to the API's, comparison)
Rule = tuple[str, str, Callable[[Any], Any], Callable[[Any, Any], bool]]


def _plain(message_field: str, api_field: str | None = None) -> Rule:
    return (message_field, api_field or message_field, lambda v: v, _same)


def _time(message_field: str, api_field: str) -> Rule:
    return (message_field, api_field, _instant, lambda m, a: m == _instant(a))


def _json(message_field: str, api_field: str | None = None) -> Rule:
    return (message_field, api_field or message_field, _json_text, _same)


def _number(message_field: str, api_field: str) -> Rule:
    return (message_field, api_field, lambda v: v, _numbers_equal)


def _number_map(message_field: str, api_field: str) -> Rule:
    return (message_field, api_field, lambda v: v, _maps_equal)


COMMON_RULES: list[Rule] = [
    _plain("id"),
    _plain("project_id", "projectId"),
    _plain("environment"),
    _time("created_at", "createdAt"),
    _time("updated_at", "updatedAt"),
]

TRACE_RULES: list[Rule] = COMMON_RULES + [
    _time("timestamp", "timestamp"),
    _plain("name"),
    _plain("user_id", "userId"),
    _plain("session_id", "sessionId"),
    _plain("release"),
    _plain("version"),
    _plain("public"),
    _plain("bookmarked"),
    _plain("tags"),
    _json("metadata"),
    _json("input"),
    _json("output"),
]

OBSERVATION_RULES: list[Rule] = COMMON_RULES + [
    _plain("trace_id", "traceId"),
    _plain("parent_observation_id", "parentObservationId"),
    _plain("type"),
    _plain("name"),
    _time("start_time", "startTime"),
    _time("end_time", "endTime"),
    _time("completion_start_time", "completionStartTime"),
    _plain("level"),
    _plain("status_message", "statusMessage"),
    _plain("version"),
    _json("metadata"),
    _json("input"),
    _json("output"),
    _plain("model"),
    _json("modelParameters"),
    _plain("internal_model_id", "modelId"),
    _plain("usage_pricing_tier_id", "usagePricingTierId"),
    _plain("usage_pricing_tier_name", "usagePricingTierName"),
    _number("input_price", "inputPrice"),
    _number("output_price", "outputPrice"),
    _number("total_price", "totalPrice"),
    _number_map("usage_details", "usageDetails"),
    _number_map("cost_details", "costDetails"),
    _number("total_cost", "calculatedTotalCost"),
    _plain("prompt_name", "promptName"),
    _plain("prompt_version", "promptVersion"),
]

SCORE_RULES: list[Rule] = COMMON_RULES + [
    _time("timestamp", "timestamp"),
    _plain("name"),
    _number("value", "value"),
    _plain("string_value", "stringValue"),
    _plain("data_type", "dataType"),
    _plain("source"),
    _plain("comment"),
    _plain("trace_id", "traceId"),
    _plain("observation_id", "observationId"),
    _plain("session_id", "sessionId"),
    _plain("dataset_run_id", "datasetRunId"),
    _json("metadata"),
    _plain("config_id", "configId"),
    _plain("queue_id", "queueId"),
]

RULES = {"traces": TRACE_RULES, "observations": OBSERVATION_RULES, "scores": SCORE_RULES}


def row_mismatches(topic: str, message: dict[str, Any], api_row: dict[str, Any]) -> list[str]:
    """Fields on which a message and the API's row of the same entity disagree."""
    problems: list[str] = []
    for message_field, api_field, convert, equal in RULES[topic]:
        if message_field not in message:
            problems.append(f"message has no {message_field}")
            continue
        if api_field not in api_row:
            problems.append(f"API row has no {api_field}")
            continue
        try:
            mine = convert(message[message_field])
        except ValueError as exc:
            problems.append(f"{message_field}: cannot read {message[message_field]!r}: {exc}")
            continue
        if not equal(mine, api_row[api_field]):
            problems.append(f"{message_field}={_short(message[message_field])} but API {api_field}={_short(api_row[api_field])}")
    if topic == "observations":
        problems += _derived_usage_problems(message)
    return problems


def _derived_usage_problems(message: dict[str, Any]) -> list[str]:
    """The original langfarm's token and cost columns are copies of the detail maps."""
    usage = message.get("usage_details") or {}
    costs = message.get("cost_details") or {}
    provided = message.get("provided_cost_details") or {}
    pairs = [
        ("prompt_tokens", usage.get("input")), ("completion_tokens", usage.get("output")),
        ("total_tokens", usage.get("total")), ("calculated_input_cost", costs.get("input")),
        ("calculated_output_cost", costs.get("output")), ("calculated_total_cost", costs.get("total")),
        ("input_cost", provided.get("input")), ("output_cost", provided.get("output")),
    ]
    return [
        f"{name}={message.get(name)!r} but its detail map says {expected!r}"
        for name, expected in pairs
        if not _numbers_equal(message.get(name), expected)
    ]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."
