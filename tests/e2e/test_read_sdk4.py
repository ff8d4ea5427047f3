"""Scores v2 (GET /api/public/v2/scores) and a trace's `fields`, through the real Langfuse SDK 4.x client.

Why: neither SDK 2 (which lists scores through v1, GET /api/public/scores) nor SDK 5
(v3 only) calls the v2 scores endpoint, but SDK 4's `api.scores.get_many` and
`api.scores.get_by_id` do by default. v2 lists every score (trace, observation and
session scores), keeps `value` numeric with `stringValue` beside it, and joins the
trace's user, tags and environment under `trace` (null for session scores).

SDK 4 is also the one that sends `fields` on GET /api/public/traces/{id} (`api.trace.get`).

The SDK runs in .venv-sdk4 through the same driver as SDK 5 (drivers/read_sdk5.py);
the data set is read_support.py's.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import LangfarmServer
from read_support import (
    G1, OTHER_SCORE, S1, SC1, SC2, SC3, SC4, SC5, SC6, SESSION_A, T1, TRACE_INPUT, Seeded, call, data_by_id, data_ids,
    result, run_read_driver, seed,
)

ALL_SCORES = [SC6, SC4, SC5, SC3, SC2, SC1]  # timestamp desc

SCORE_FILTERS: dict[str, tuple[dict[str, Any], list[str]]] = {
    "name": ({"name": "quality"}, [SC4, SC1]),
    "user-of-trace": ({"user_id": "u-alice"}, [SC6, SC4, SC2, SC1]),
    "data-type": ({"data_type": "BOOLEAN"}, [SC6, SC2]),
    "session": ({"session_id": SESSION_A}, [SC5]),
    "trace": ({"trace_id": T1}, [SC2, SC1]),
    "observation": ({"observation_id": G1}, [SC2]),
    "value-operator": ({"operator": ">=", "value": 0.5}, [SC5, SC2, SC1]),
    "trace-tags": ({"trace_tags": ["prod", "chat"]}, [SC2, SC1]),
    "environment": ({"environment": ["staging"]}, [SC6, SC4]),
    "json-filter-metadata": (
        {"filter": json.dumps([{"type": "stringObject", "column": "metadata", "key": "reviewer", "operator": "=", "value": "r1"}])},
        [SC1],
    ),
}

CALLS: list[dict[str, Any]] = [
    call("scores", "scores.get_many"),
    call("scores-score-fields-only", "scores.get_many", fields="score"),
    call("scores-page-2", "scores.get_many", limit=4, page=2),
    *(call(f"scores-filter-{name}", "scores.get_many", **kwargs) for name, (kwargs, _) in SCORE_FILTERS.items()),
    call("score-session", "scores.get_by_id", score_id=SC5),
    call("score-observation", "scores.get_by_id", score_id=SC2),
    call("other-scores", "scores.get_many", auth="other"),
    call("trace-core-io", "trace.get", trace_id=T1, fields="core,io"),
    call("trace-core-metrics", "trace.get", trace_id=T1, fields="core,metrics"),
    call("trace-all", "trace.get", trace_id=T1),
]


@pytest.fixture(scope="module")
def reads(module_server: LangfarmServer) -> dict[str, Any]:
    seeded: Seeded = seed(module_server)
    return run_read_driver("sdk4", module_server, seeded, CALLS)


def test_sdk_is_version_4(reads: dict[str, Any]) -> None:
    assert reads["__sdk_version__"].startswith("4."), reads["__sdk_version__"]


def test_v2_scores_list_every_score_with_its_trace(reads: dict[str, Any]) -> None:
    response = result(reads, "scores")
    assert data_ids(response) == ALL_SCORES
    meta = response["meta"]
    assert (meta["page"], meta["limit"], meta["total_items"], meta["total_pages"]) == (1, 50, 6, 1)
    scores = data_by_id(response)
    kinds = {sid: s["__type__"].rsplit("_", 1)[-1] for sid, s in scores.items()}
    assert kinds == {SC1: "Numeric", SC2: "Boolean", SC3: "Categorical", SC4: "Numeric", SC5: "Numeric", SC6: "Boolean"}
    assert (scores[SC2]["value"], scores[SC2]["string_value"], scores[SC2]["observation_id"]) == (1, "True", G1)
    assert (scores[SC6]["value"], scores[SC6]["string_value"]) == (0, "False")
    assert scores[SC3]["string_value"] == "positive"
    assert (scores[SC1]["comment"], scores[SC1]["metadata"]) == ("good", {"reviewer": "r1"})

    trace = scores[SC1]["trace"]
    assert (trace["user_id"], sorted(trace["tags"]), trace["environment"], trace["session_id"]) == (
        "u-alice", ["chat", "prod"], "production", SESSION_A
    )
    assert (scores[SC5]["session_id"], scores[SC5]["trace_id"], scores[SC5]["trace"]) == (SESSION_A, None, None), (
        "a session score has no trace"
    )


def test_v2_scores_fields_without_trace(reads: dict[str, Any]) -> None:
    response = result(reads, "scores-score-fields-only")
    assert data_ids(response) == ALL_SCORES
    assert [s["trace"] for s in response["data"]] == [None] * 6


def test_v2_scores_pages_carry_totals(reads: dict[str, Any]) -> None:
    response = result(reads, "scores-page-2")
    assert data_ids(response) == [SC2, SC1]
    meta = response["meta"]
    assert (meta["page"], meta["limit"], meta["total_items"], meta["total_pages"]) == (2, 4, 6, 2)


@pytest.mark.parametrize("case", list(SCORE_FILTERS))
def test_v2_scores_filters(reads: dict[str, Any], case: str) -> None:
    _, expected = SCORE_FILTERS[case]
    response = result(reads, f"scores-filter-{case}")
    assert data_ids(response) == expected
    assert response["meta"]["total_items"] == len(expected)


def test_v2_score_by_id_includes_session_scores(reads: dict[str, Any]) -> None:
    session_score = result(reads, "score-session")
    assert (session_score["__type__"], session_score["session_id"], session_score["value"]) == (
        "Score_Numeric", SESSION_A, pytest.approx(0.7)
    )
    observation_score = result(reads, "score-observation")
    assert (observation_score["__type__"], observation_score["trace_id"], observation_score["observation_id"]) == (
        "Score_Boolean", T1, G1
    )


def test_another_projects_key_lists_only_its_own_scores(reads: dict[str, Any]) -> None:
    assert data_ids(result(reads, "other-scores")) == [OTHER_SCORE]


def test_trace_get_fields_select_groups(reads: dict[str, Any]) -> None:
    """Excluded groups come back as [] and -1, so the SDK still parses the trace."""
    core_io = result(reads, "trace-core-io")
    assert (core_io["observations"], core_io["scores"], core_io["latency"], core_io["total_cost"]) == ([], [], -1, -1)
    assert core_io["input"] == TRACE_INPUT

    core_metrics = result(reads, "trace-core-metrics")
    assert (core_metrics["latency"], core_metrics["total_cost"]) == (pytest.approx(2.5), pytest.approx(0.75))
    assert (core_metrics["observations"], core_metrics["scores"], core_metrics["input"]) == ([], [], None)

    full = result(reads, "trace-all")
    assert sorted(o["id"] for o in full["observations"]) == [G1, S1]
    assert sorted(s["id"] for s in full["scores"]) == [SC1, SC2]
    assert (full["latency"], full["total_cost"], full["input"]) == (pytest.approx(2.5), pytest.approx(0.75), TRACE_INPUT)
