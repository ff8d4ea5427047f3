"""Langfuse's current read API through the real Langfuse Python SDK 5.x client.

Why: SDK 5 reads only through the v4-era endpoints: `api.observations.get_many`
(GET /api/public/v2/observations, cursor pages and field groups), `api.scores.get_many`
(GET /api/public/v3/scores, polymorphic `value`) and `api.metrics.metrics`
(GET /api/public/v2/metrics). It has no trace list, session or daily-metrics method.
Its pydantic models are strict about types (prices must be strings, a categorical
value a string, `dataType` and `environment` present), so each test asserts on what the
SDK parsed, not on raw JSON.

The SDK lives in its own venv (.venv-sdk5), so tests/e2e/drivers/read_sdk5.py makes all
the calls below in one subprocess and reports the parsed models; each test then checks
one of them against values worked out by hand from read_support.py (seeded with raw
ingestion batches, plus the burst traces whose spans share one start time).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from conftest import PROJECT_ID, LangfarmServer
from read_support import (
    BURST_SPANS, BURST_START, E3, G1, G1_INPUT, G1_MODEL_PARAMETERS, G1_OUTPUT, G2, G3, OTHER_GENERATION,
    OTHER_SCORE, OTHER_TRACE, S1, SC1, SC2, SC3, SC4, SC5, SC6, SESSION_A, T1, T2, T3, Seeded, call, data_by_id,
    data_ids, pages, result, run_read_driver, seed,
)

NON_BURST_OBSERVATIONS = [E3, G3, G2, G1, S1]  # newest first; the burst spans come before them
WINDOW = {"fromTimestamp": "2025-03-10T00:00:00.000Z", "toTimestamp": "2025-03-12T00:00:00.000Z"}
ALL_FIELD_GROUPS = "core,basic,time,io,metadata,model,usage,prompt,metrics,trace_context"

METADATA_STEP_ANSWER = {"type": "stringObject", "column": "metadata", "key": "step", "operator": "=", "value": "answer"}


def total_cost(operator: str, value: float) -> dict[str, Any]:
    return {"type": "number", "column": "totalCost", "operator": operator, "value": value}


def only_types(*types: str) -> dict[str, Any]:
    return {"type": "stringOptions", "column": "type", "operator": "any of", "value": list(types)}


# --------------------------------------------------------------------------
# The calls the driver makes (one subprocess for the whole module)
# --------------------------------------------------------------------------

OBSERVATION_FILTERS: dict[str, tuple[dict[str, Any], list[str]]] = {
    "user": ({"user_id": "u-alice"}, [E3, G3, G1, S1]),
    "session": ({"session_id": SESSION_A}, [G2, G1, S1]),
    "type": ({"type": "GENERATION"}, [G3, G2, G1]),
    "name": ({"name": "llm"}, [G3, G2, G1]),
    "level": ({"level": "WARNING"}, [E3]),
    "trace": ({"trace_id": T3}, [E3, G3]),
    "environment": ({"environment": "staging"}, [E3, G3]),
    "environments-any-of": ({"environment": ["staging", "production"]}, NON_BURST_OBSERVATIONS),
    "from-inclusive-to-exclusive": (
        {"from_start_time": "2025-03-10T09:00:00.500Z", "to_start_time": "2025-03-11T08:00:00Z"}, [G2, G1]
    ),
    "no-parent": ({"parent_observation_id": "", "to_start_time": "2025-03-12T00:00:00Z"}, [G3, G2, S1]),
    "root": ({"is_root_observation": True, "to_start_time": "2025-03-12T00:00:00Z"}, [G3, G2, S1]),
    "not-root": ({"is_root_observation": False}, [E3, G1]),
}

OBSERVATION_JSON_FILTERS: dict[str, tuple[list[dict[str, Any]], list[str]]] = {
    "metadata-key": ([METADATA_STEP_ANSWER], [G3, G1]),
    "total-cost": ([total_cost(">=", 0.25)], [G3, G2, G1]),
    "metadata-and-total-cost": ([METADATA_STEP_ANSWER, total_cost(">", 1.0)], [G3]),
}

SCORE_FILTERS: dict[str, tuple[dict[str, Any], list[str]]] = {
    "name": ({"name": "quality"}, [SC4, SC1]),
    "names-csv": ({"name": "quality,thumbs"}, [SC6, SC4, SC2, SC1]),
    "data-type": ({"data_type": "BOOLEAN"}, [SC6, SC2]),
    "numeric-min": ({"data_type": "NUMERIC", "value_min": 0.5}, [SC5, SC1]),
    "numeric-max": ({"data_type": "NUMERIC", "value_max": 0.5}, [SC4]),
    "boolean-value": ({"data_type": "BOOLEAN", "value": "true"}, [SC2]),
    "categorical-value": ({"data_type": "CATEGORICAL", "value": "positive"}, [SC3]),
    "trace": ({"trace_id": T1}, [SC2, SC1]),
    "traces-csv": ({"trace_id": f"{T1},{T2}"}, [SC3, SC2, SC1]),
    "observation-in-trace": ({"trace_id": T1, "observation_id": G1}, [SC2]),
    "session": ({"session_id": SESSION_A}, [SC5]),
    "environment": ({"environment": "staging"}, [SC6, SC4]),
    "source-any-case": ({"source": "api"}, [SC6, SC4, SC5, SC3, SC2, SC1]),
    "ids-csv": ({"id": f"{SC1},{SC3}"}, [SC3, SC1]),
    "from-inclusive-to-exclusive": (
        {"from_timestamp": "2025-03-10T12:05:00Z", "to_timestamp": "2025-03-11T08:05:00Z"}, [SC5, SC3]
    ),
}

METRICS_QUERIES: dict[str, dict[str, Any]] = {
    "cost-and-count-by-model-per-day": {
        "view": "observations",
        "dimensions": [{"field": "providedModelName"}],
        "metrics": [{"measure": "totalCost", "aggregation": "sum"}, {"measure": "count", "aggregation": "count"}],
        "filters": [only_types("GENERATION")],
        "timeDimension": {"granularity": "day"},
        "orderBy": [{"field": "time_dimension", "direction": "asc"}, {"field": "providedModelName", "direction": "asc"}],
        **WINDOW,
    },
    "totals-for-an-environment": {
        "view": "observations",
        "metrics": [{"measure": "totalCost", "aggregation": "sum"}, {"measure": "count", "aggregation": "count"}],
        "filters": [{"type": "stringOptions", "column": "environment", "operator": "any of", "value": ["production"]}],
        **WINDOW,
    },
    "totals-for-a-metadata-value": {
        "view": "observations",
        "metrics": [{"measure": "totalCost", "aggregation": "sum"}, {"measure": "count", "aggregation": "count"}],
        "filters": [METADATA_STEP_ANSWER],
        **WINDOW,
    },
    "p95-latency-by-name": {
        "view": "observations",
        "dimensions": [{"field": "name"}],
        "metrics": [{"measure": "latency", "aggregation": "p95"}],
        "filters": [only_types("GENERATION", "SPAN")],
        "orderBy": [{"field": "p95_latency", "direction": "desc"}],
        **WINDOW,
    },
    "score-average-by-name": {
        "view": "scores-numeric",
        "dimensions": [{"field": "name"}],
        "metrics": [{"measure": "value", "aggregation": "avg"}, {"measure": "count", "aggregation": "count"}],
        "orderBy": [{"field": "name", "direction": "asc"}],
        **WINDOW,
    },
    "count-by-model": {
        "view": "observations",
        "dimensions": [{"field": "providedModelName"}],
        "metrics": [{"measure": "count", "aggregation": "count"}],
        "filters": [only_types("GENERATION")],
        "orderBy": [{"field": "providedModelName", "direction": "asc"}],
        **WINDOW,
    },
}


def metrics_call(call_id: str, query: dict[str, Any], auth: str | None = None) -> dict[str, Any]:
    return call(call_id, "metrics.metrics", auth=auth, query=json.dumps(query))


CALLS: list[dict[str, Any]] = [
    call("obs-default-fields", "observations.get_many", trace_id=T1),
    call("obs-all-fields", "observations.get_many", trace_id=T1, fields=ALL_FIELD_GROUPS),
    *(call(f"obs-filter-{name}", "observations.get_many", **kwargs) for name, (kwargs, _) in OBSERVATION_FILTERS.items()),
    *(
        call(f"obs-json-{name}", "observations.get_many", filter=json.dumps(conditions))
        for name, (conditions, _) in OBSERVATION_JSON_FILTERS.items()
    ),
    call("obs-walk-burst", "observations.get_many", walk=True, limit=3, from_start_time=BURST_START),
    call("obs-walk-all", "observations.get_many", walk=True, limit=5),
    call("scores-default", "scores.get_many"),
    call("scores-details-subject", "scores.get_many", fields="details,subject"),
    *(call(f"scores-filter-{name}", "scores.get_many", **kwargs) for name, (kwargs, _) in SCORE_FILTERS.items()),
    call("scores-walk-4", "scores.get_many", walk=True, limit=4),
    call("scores-walk-3", "scores.get_many", walk=True, limit=3),
    *(metrics_call(f"metrics-{name}", query) for name, query in METRICS_QUERIES.items()),
    call("other-obs", "observations.get_many", auth="other"),
    call("other-obs-same-user", "observations.get_many", auth="other", user_id="u-alice", name="llm"),
    call("other-scores", "scores.get_many", auth="other"),
    metrics_call("other-metrics", METRICS_QUERIES["count-by-model"], auth="other"),
    call("main-obs-of-other-trace", "observations.get_many", trace_id=OTHER_TRACE),
    call("main-scores-of-other-trace", "scores.get_many", trace_id=OTHER_TRACE),
]


# --------------------------------------------------------------------------
# Running the driver
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reads(module_server: LangfarmServer) -> dict[str, Any]:
    """Seed once, then make every call in CALLS with SDK 5; maps call id to its outcome."""
    seeded: Seeded = seed(module_server, with_burst=True)
    return run_read_driver("sdk5", module_server, seeded, CALLS)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_sdk_is_version_5(reads: dict[str, Any]) -> None:
    assert reads["__sdk_version__"].startswith("5."), reads["__sdk_version__"]


# --------------------------------------------------------------------------
# Observations: GET /api/public/v2/observations
# --------------------------------------------------------------------------


def test_v2_observations_default_to_core_and_basic_fields(reads: dict[str, Any]) -> None:
    """Without `fields` only core+basic come back; the other groups are absent (None in the SDK)."""
    response = result(reads, "obs-default-fields")
    assert data_ids(response) == [G1, S1]
    assert response["meta"]["cursor"] is None, "a single page has no cursor"
    g1 = data_by_id(response)[G1]
    assert g1["__type__"] == "ObservationV2"
    assert (g1["trace_id"], g1["project_id"], g1["type"], g1["parent_observation_id"]) == (T1, PROJECT_ID, "GENERATION", S1)
    assert utc(g1["start_time"]) == utc("2025-03-10T09:00:00.500Z")
    assert utc(g1["end_time"]) == utc("2025-03-10T09:00:02.500Z")
    assert (g1["name"], g1["level"], g1["environment"]) == ("llm", "DEFAULT", "production")
    assert (g1["user_id"], g1["session_id"], g1["is_root_observation"]) == ("u-alice", SESSION_A, False)
    assert data_by_id(response)[S1]["is_root_observation"] is True
    not_requested = ("input", "output", "metadata", "model", "usage_details", "total_cost", "trace_name", "tags")
    assert {name: g1[name] for name in not_requested} == dict.fromkeys(not_requested), "groups that were not asked for"


def test_v2_observations_field_groups(reads: dict[str, Any]) -> None:
    """Every group requested: io as raw JSON strings, usage and cost, model with string prices, trace context."""
    g1 = data_by_id(result(reads, "obs-all-fields"))[G1]
    assert isinstance(g1["input"], str) and json.loads(g1["input"]) == G1_INPUT, "io is returned as raw strings"
    assert isinstance(g1["output"], str) and json.loads(g1["output"]) == G1_OUTPUT
    assert g1["metadata"] == {"step": "answer"}
    assert g1["model"] == "gpt-4o" and g1["model_parameters"] == G1_MODEL_PARAMETERS
    assert g1["model_id"], "the matched model's id"
    assert isinstance(g1["input_price"], str) and float(g1["input_price"]) > 0, "prices are strings in v2"
    assert g1["usage_details"] == {"input": 100, "output": 50, "total": 150}
    assert g1["cost_details"] == pytest.approx({"input": 0.25, "output": 0.5, "total": 0.75})
    assert g1["total_cost"] == pytest.approx(0.75)
    assert g1["latency"] == pytest.approx(2.0), "seconds"
    assert (g1["trace_name"], sorted(g1["tags"]), g1["release"]) == ("chat", ["chat", "prod"], "r1")
    assert g1["created_at"] is not None and g1["updated_at"] is not None


@pytest.mark.parametrize("case", list(OBSERVATION_FILTERS))
def test_v2_observations_filters(reads: dict[str, Any], case: str) -> None:
    """Query-parameter filters, newest first; isRootObservation and an empty parentObservationId select roots."""
    _, expected = OBSERVATION_FILTERS[case]
    assert data_ids(result(reads, f"obs-filter-{case}")) == expected


@pytest.mark.parametrize("case", list(OBSERVATION_JSON_FILTERS))
def test_v2_observations_json_filter(reads: dict[str, Any], case: str) -> None:
    """The JSON `filter` parameter: a metadata key and the totalCost number, ANDed."""
    _, expected = OBSERVATION_JSON_FILTERS[case]
    assert data_ids(result(reads, f"obs-json-{case}")) == expected


def walked_ids(walk: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for page in walk for item in page["data"]]


def assert_cursor_only_while_more(walk: list[dict[str, Any]]) -> None:
    cursors = [page["meta"]["cursor"] for page in walk]
    assert all(isinstance(c, str) and c for c in cursors[:-1]) and cursors[-1] is None, cursors


def test_v2_observations_cursor_walks_tied_start_times_exactly_once(reads: dict[str, Any]) -> None:
    """Seven spans over two traces share one start time; pages of 3 must still return each exactly once."""
    walk = pages(reads, "obs-walk-burst")
    assert [len(page["data"]) for page in walk] == [3, 3, 1]
    assert_cursor_only_while_more(walk)
    assert sorted(walked_ids(walk)) == sorted(BURST_SPANS)


def test_v2_observations_cursor_walks_everything_newest_first(reads: dict[str, Any]) -> None:
    walk = pages(reads, "obs-walk-all")
    assert [len(page["data"]) for page in walk] == [5, 5, 2]
    assert_cursor_only_while_more(walk)
    walked = walked_ids(walk)
    assert sorted(walked) == sorted(BURST_SPANS + NON_BURST_OBSERVATIONS), "every observation exactly once"
    assert walked[-5:] == NON_BURST_OBSERVATIONS
    starts = [utc(item["start_time"]) for page in walk for item in page["data"]]
    assert starts == sorted(starts, reverse=True)


# --------------------------------------------------------------------------
# Scores: GET /api/public/v3/scores
# --------------------------------------------------------------------------


def test_v3_scores_newest_first_with_polymorphic_values(reads: dict[str, Any]) -> None:
    """value is a number for NUMERIC, a bool for BOOLEAN and a string for CATEGORICAL; session scores included."""
    response = result(reads, "scores-default")
    assert data_ids(response) == [SC6, SC4, SC5, SC3, SC2, SC1]
    assert (response["meta"]["limit"], response["meta"]["cursor"]) == (50, None)
    scores = data_by_id(response)
    typed = {sid: (s["__type__"], s["value"]) for sid, s in scores.items()}
    assert typed == {
        SC1: ("ScoreV3_Numeric", pytest.approx(0.9)),
        SC2: ("ScoreV3_Boolean", True),
        SC3: ("ScoreV3_Categorical", "positive"),
        SC4: ("ScoreV3_Numeric", pytest.approx(0.4)),
        SC5: ("ScoreV3_Numeric", pytest.approx(0.7)),
        SC6: ("ScoreV3_Boolean", False),
    }
    assert scores[SC2]["value"] is True and scores[SC6]["value"] is False
    sc1 = scores[SC1]
    assert (sc1["name"], sc1["source"], sc1["environment"], sc1["project_id"]) == ("quality", "API", "production", PROJECT_ID)
    assert utc(sc1["timestamp"]) == utc("2025-03-10T09:05:00Z")
    assert (sc1["comment"], sc1["metadata"], sc1["subject"]) == (None, None, None), "details/subject not requested"


def test_v3_scores_details_and_subject_groups(reads: dict[str, Any]) -> None:
    scores = data_by_id(result(reads, "scores-details-subject"))
    assert (scores[SC1]["comment"], scores[SC1]["metadata"]) == ("good", {"reviewer": "r1"})
    subjects = {sid: {k: v for k, v in s["subject"].items() if v is not None and k != "__extra__"} for sid, s in scores.items()}
    assert subjects[SC1] == {"__type__": "ScoreSubjectV3_Trace", "kind": "trace", "id": T1}
    assert subjects[SC2] == {"__type__": "ScoreSubjectV3_Observation", "kind": "observation", "id": G1, "trace_id": T1}
    assert subjects[SC5] == {"__type__": "ScoreSubjectV3_Session", "kind": "session", "id": SESSION_A}


@pytest.mark.parametrize("case", list(SCORE_FILTERS))
def test_v3_scores_filters(reads: dict[str, Any], case: str) -> None:
    """CSV filters (OR within, AND across), typed value filters, subject filters, [from, to) windows."""
    _, expected = SCORE_FILTERS[case]
    assert data_ids(result(reads, f"scores-filter-{case}")) == expected


def test_v3_scores_cursor_pages(reads: dict[str, Any]) -> None:
    """The last page has no cursor, also when it is exactly full (no empty trailing page)."""
    by_four = pages(reads, "scores-walk-4")
    assert [data_ids(page) for page in by_four] == [[SC6, SC4, SC5, SC3], [SC2, SC1]]
    assert [page["meta"]["limit"] for page in by_four] == [4, 4]
    assert_cursor_only_while_more(by_four)

    by_three = pages(reads, "scores-walk-3")
    assert [data_ids(page) for page in by_three] == [[SC6, SC4, SC5], [SC3, SC2, SC1]]
    assert_cursor_only_while_more(by_three)


# --------------------------------------------------------------------------
# Metrics: GET /api/public/v2/metrics
# --------------------------------------------------------------------------


def metric_rows(reads: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return result(reads, f"metrics-{name}")["data"]


def test_v2_metrics_cost_and_count_by_model_per_day(reads: dict[str, Any]) -> None:
    """Rows keyed <aggregation>_<measure>; counts are strings (ClickHouse UInt64), costs numbers."""
    assert metric_rows(reads, "cost-and-count-by-model-per-day") == [
        {"time_dimension": "2025-03-10", "providedModelName": "gpt-4o", "sum_totalCost": pytest.approx(0.75), "count_count": "1"},
        {"time_dimension": "2025-03-10", "providedModelName": "gpt-4o-mini", "sum_totalCost": pytest.approx(0.25), "count_count": "1"},
        {"time_dimension": "2025-03-11", "providedModelName": "gpt-4o", "sum_totalCost": pytest.approx(1.5), "count_count": "1"},
    ]
    for row in metric_rows(reads, "cost-and-count-by-model-per-day"):
        assert isinstance(row["sum_totalCost"], (int, float)), row


def test_v2_metrics_totals_without_dimensions(reads: dict[str, Any]) -> None:
    """No dimensions: one row; filters on a dimension (environment) and on a metadata key."""
    assert metric_rows(reads, "totals-for-an-environment") == [{"sum_totalCost": pytest.approx(1.0), "count_count": "3"}]
    assert metric_rows(reads, "totals-for-a-metadata-value") == [{"sum_totalCost": pytest.approx(2.25), "count_count": "2"}]


def test_v2_metrics_p95_latency_by_name(reads: dict[str, Any]) -> None:
    """Latency in milliseconds; p95 of llm's 1000, 2000, 4000 ms interpolates linearly to 3800."""
    assert metric_rows(reads, "p95-latency-by-name") == [
        {"name": "llm", "p95_latency": pytest.approx(3800)},
        {"name": "pipeline", "p95_latency": pytest.approx(2500)},
    ]


def test_v2_metrics_scores_numeric_view_includes_booleans(reads: dict[str, Any]) -> None:
    """scores-numeric aggregates NUMERIC and BOOLEAN scores (0/1), trace and session scores alike."""
    assert metric_rows(reads, "score-average-by-name") == [
        {"name": "quality", "avg_value": pytest.approx(0.65), "count_count": "2"},
        {"name": "session-rating", "avg_value": pytest.approx(0.7), "count_count": "1"},
        {"name": "thumbs", "avg_value": pytest.approx(0.5), "count_count": "2"},
    ]


# --------------------------------------------------------------------------
# Project isolation
# --------------------------------------------------------------------------


def test_another_projects_key_reads_only_its_own_data(reads: dict[str, Any]) -> None:
    """The second project's trace shares user, name and score name with project one's data."""
    assert data_ids(result(reads, "other-obs")) == [OTHER_GENERATION]
    assert data_ids(result(reads, "other-obs-same-user")) == [OTHER_GENERATION]
    assert data_ids(result(reads, "other-scores")) == [OTHER_SCORE]
    assert result(reads, "other-metrics")["data"] == [{"providedModelName": "gpt-4o", "count_count": "1"}]
    assert metric_rows(reads, "count-by-model") == [
        {"providedModelName": "gpt-4o", "count_count": "2"},
        {"providedModelName": "gpt-4o-mini", "count_count": "1"},
    ]
    assert data_ids(result(reads, "main-obs-of-other-trace")) == []
    assert data_ids(result(reads, "main-scores-of-other-trace")) == []
