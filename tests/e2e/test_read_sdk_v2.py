"""Langfuse's read API through the real Langfuse Python SDK 2.x clients.

Why: users of SDK 2 read their data back with `fetch_traces`, `fetch_observations`,
`fetch_sessions` and the raw `langfuse.api` clients (`trace.list`, `sessions.get`,
`score.get`, `metrics.daily`, ...). Those clients parse every answer with strict
pydantic models, so an endpoint is only compatible if the SDK can parse it and the
values it returns are the ones Langfuse would compute. Each test reads the data set
of read_support.py (seeded once per module with raw ingestion batches) and compares
with values worked out by hand.

SDK 2 has no `filter` or `fields` argument; its `request_options` carry them as extra
query parameters, exactly as a user of the raw client would.
"""

from __future__ import annotations

import json
import warnings
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterator

import pytest

from conftest import PROJECT_ID, LangfarmServer, running_in_ci
from read_support import (
    E3, G1, G1_INPUT, G1_MODEL_PARAMETERS, G1_OUTPUT, G2, G3, OTHER_GENERATION, OTHER_SCORE, OTHER_SESSION,
    OTHER_TRACE, S1, SC1, SC2, SC3, SC4, SC6, SESSION_A, SESSION_B, T1, T2, T3, T4, TRACE_INPUT,
    TRACE_LATENCY_S, TRACE_OBSERVATIONS, TRACE_OUTPUT, TRACE_SCORES, TRACE_TAGS, TRACE_TOTAL_COST, Seeded, seed,
)

try:
    from langfuse import Langfuse
    from langfuse.version import __version__ as SDK_VERSION
except ImportError as exc:  # pragma: no cover - depends on the environment
    if running_in_ci():
        raise ImportError(f"the Langfuse SDK 2.x must be installed in CI: {exc}") from exc
    pytest.skip(f"Langfuse SDK not importable ({exc}); install tests/e2e/requirements.txt", allow_module_level=True)

# --------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(module_server: LangfarmServer) -> Seeded:
    return seed(module_server)


def sdk_client(server: LangfarmServer, public_key: str, secret_key: str) -> Langfuse:
    return Langfuse(public_key=public_key, secret_key=secret_key, host=server.base_url, timeout=10)


@pytest.fixture(scope="module")
def langfuse(module_server: LangfarmServer, seeded: Seeded) -> Iterator[Langfuse]:
    client = sdk_client(module_server, module_server.public_key, module_server.secret_key)
    yield client
    client.shutdown()


@pytest.fixture(scope="module")
def other_langfuse(module_server: LangfarmServer, seeded: Seeded) -> Iterator[Langfuse]:
    """A client holding the second project's key."""
    client = sdk_client(module_server, seeded.other_public_key, seeded.other_secret_key)
    yield client
    client.shutdown()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def ids(items: list[Any]) -> list[str]:
    return [item.id for item in items]


def by_id(items: list[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


def assert_meta(meta: Any, page: int, limit: int, total_items: int, total_pages: int) -> None:
    got = (meta.page, meta.limit, meta.total_items, meta.total_pages)
    assert got == (page, limit, total_items, total_pages), f"meta (page, limit, totalItems, totalPages) = {got}"


def extra_query(**params: Any) -> dict[str, Any]:
    """request_options that add query parameters SDK 2 has no argument for (`filter`, `fields`)."""
    return {"additional_query_parameters": {k: v for k, v in params.items() if v is not None}}


def json_filter(*conditions: dict[str, Any]) -> str:
    return json.dumps(list(conditions))


METADATA_TEAM_SEARCH = {"type": "stringObject", "column": "metadata", "key": "team", "operator": "=", "value": "search"}
METADATA_TIER_GOLD = {"type": "stringObject", "column": "metadata", "key": "tier", "operator": "=", "value": "gold"}
METADATA_STEP_ANSWER = {"type": "stringObject", "column": "metadata", "key": "step", "operator": "=", "value": "answer"}


def total_cost(operator: str, value: float) -> dict[str, Any]:
    return {"type": "number", "column": "totalCost", "operator": operator, "value": value}


def expect_not_found(call: Callable[[], Any]) -> None:
    """The SDK raises its NotFoundError (an ApiError with status 404)."""
    with pytest.raises(Exception) as raised:
        call()
    assert getattr(raised.value, "status_code", None) == 404, f"expected a 404, got {raised.value!r}"


def test_sdk_is_version_2() -> None:
    assert SDK_VERSION.startswith("2."), SDK_VERSION


# --------------------------------------------------------------------------
# Traces: GET /api/public/traces
# --------------------------------------------------------------------------


def test_fetch_traces_lists_every_trace_newest_first_with_metrics(langfuse: Langfuse) -> None:
    """Default order is timestamp desc; each item carries ids, cost and latency for the SDK's required fields."""
    result = langfuse.fetch_traces()
    assert ids(result.data) == [T4, T3, T2, T1]
    assert_meta(result.meta, 1, 50, 4, 1)
    for trace in result.data:
        assert trace.total_cost == pytest.approx(TRACE_TOTAL_COST[trace.id]), trace.id
        assert trace.latency == pytest.approx(TRACE_LATENCY_S[trace.id]), trace.id
        assert sorted(trace.observations) == sorted(TRACE_OBSERVATIONS[trace.id]), trace.id
        assert sorted(trace.scores) == sorted(TRACE_SCORES[trace.id]), trace.id
        assert sorted(trace.tags) == TRACE_TAGS[trace.id], trace.id
        assert trace.html_path == f"/project/{PROJECT_ID}/traces/{trace.id}"

    t1 = by_id(result.data)[T1]
    assert t1.timestamp == utc("2025-03-10T09:00:00Z")
    assert (t1.name, t1.user_id, t1.session_id, t1.environment) == ("chat", "u-alice", SESSION_A, "production")
    assert (t1.release, t1.version) == ("r1", "v1")
    assert t1.metadata == {"team": "search", "tier": "gold"}
    assert (t1.input, t1.output) == (TRACE_INPUT, TRACE_OUTPUT)


def test_fetch_traces_pages_carry_totals(langfuse: Langfuse) -> None:
    pages = [langfuse.fetch_traces(limit=3, page=page) for page in (1, 2, 3)]
    assert [ids(p.data) for p in pages] == [[T4, T3, T2], [T1], []]
    for number, page in enumerate(pages, start=1):
        assert_meta(page.meta, number, 3, 4, 2)


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"user_id": "u-alice"}, [T3, T1]),
        ({"name": "chat"}, [T4, T2, T1]),
        ({"session_id": SESSION_A}, [T2, T1]),
        ({"user_id": "u-alice", "name": "chat"}, [T1]),
        ({"tags": ["prod", "chat"]}, [T4, T1]),
        ({"tags": "beta"}, [T4]),
        ({"environment": "staging"}, [T3]),
        ({"environment": ["staging", "production"]}, [T4, T3, T2, T1]),
        ({"from_timestamp": utc("2025-03-10T12:00:00Z"), "to_timestamp": utc("2025-03-11T15:00:00Z")}, [T3, T2]),
        ({"order_by": "timestamp.asc"}, [T1, T2, T3, T4]),
    ],
    ids=["user", "name", "session", "user-and-name", "tags-all-of", "one-tag", "environment",
         "environments-any-of", "from-inclusive-to-exclusive", "order-by-timestamp-asc"],
)
def test_fetch_traces_filters(langfuse: Langfuse, kwargs: dict[str, Any], expected: list[str]) -> None:
    """Simple filters: exact user/name/session, tags all-of, environment any-of, [from, to) windows."""
    result = langfuse.fetch_traces(**kwargs)
    assert ids(result.data) == expected
    assert result.meta.total_items == len(expected)


def test_trace_list_filters_on_version_and_release(langfuse: Langfuse) -> None:
    """`version` and `release` exist only on the raw client."""
    assert ids(langfuse.api.trace.list(version="v1").data) == [T1]
    assert ids(langfuse.api.trace.list(release="r1").data) == [T1]
    assert ids(langfuse.api.trace.list(release="r2").data) == []


@pytest.mark.parametrize(
    "conditions, expected",
    [
        ([METADATA_TEAM_SEARCH], [T4, T3, T1]),
        ([METADATA_TIER_GOLD], [T1]),
        ([total_cost(">=", 0.25)], [T3, T2, T1]),
        ([METADATA_TEAM_SEARCH, total_cost(">", 0.5)], [T3, T1]),
    ],
    ids=["metadata-key", "other-metadata-key", "total-cost", "metadata-and-total-cost"],
)
def test_trace_list_json_filter(langfuse: Langfuse, conditions: list[dict[str, Any]], expected: list[str]) -> None:
    """The JSON `filter` parameter: metadata key match and the totalCost aggregate, ANDed."""
    result = langfuse.api.trace.list(request_options=extra_query(filter=json_filter(*conditions)))
    assert ids(result.data) == expected
    assert result.meta.total_items == len(expected)


def test_trace_list_fields_select_groups(langfuse: Langfuse) -> None:
    """Excluded groups come back as [] and -1 (what Langfuse sends so the SDK still parses)."""
    metrics_only = by_id(langfuse.api.trace.list(request_options=extra_query(fields="core,metrics")).data)[T1]
    assert metrics_only.total_cost == pytest.approx(0.75) and metrics_only.latency == pytest.approx(2.5)
    assert metrics_only.observations == [] and metrics_only.scores == []
    assert metrics_only.input is None and metrics_only.output is None, "io was not requested"

    core = by_id(langfuse.api.trace.list(request_options=extra_query(fields="core")).data)[T1]
    assert (core.total_cost, core.latency, core.observations, core.scores) == (-1, -1, [], [])
    assert core.name == "chat" and core.user_id == "u-alice"

    lists = by_id(langfuse.api.trace.list(request_options=extra_query(fields="core,observations,scores")).data)[T1]
    assert sorted(lists.observations) == [G1, S1] and sorted(lists.scores) == [SC1, SC2]
    assert lists.total_cost == -1


# --------------------------------------------------------------------------
# Observations: GET /api/public/observations (v1) and /observations/{id}
# --------------------------------------------------------------------------


def test_fetch_observations_lists_newest_first_with_usage_and_cost(langfuse: Langfuse) -> None:
    result = langfuse.fetch_observations()
    assert ids(result.data) == [E3, G3, G2, G1, S1], "ordered by start time, newest first"
    assert_meta(result.meta, 1, 50, 5, 1)

    g1 = by_id(result.data)[G1]
    assert (g1.type, g1.name, g1.trace_id, g1.parent_observation_id) == ("GENERATION", "llm", T1, S1)
    assert (g1.start_time, g1.end_time) == (utc("2025-03-10T09:00:00.500Z"), utc("2025-03-10T09:00:02.500Z"))
    assert g1.model == "gpt-4o" and g1.model_parameters == G1_MODEL_PARAMETERS
    assert g1.input == G1_INPUT and g1.output == G1_OUTPUT
    assert g1.metadata == {"step": "answer"}
    assert g1.usage_details == {"input": 100, "output": 50, "total": 150}
    assert g1.cost_details == pytest.approx({"input": 0.25, "output": 0.5, "total": 0.75})
    assert g1.calculated_total_cost == pytest.approx(0.75)
    assert g1.latency == pytest.approx(2.0)
    assert (g1.level.value, g1.environment) == ("DEFAULT", "production")

    e3 = by_id(result.data)[E3]
    assert (e3.type, e3.level.value, e3.parent_observation_id) == ("EVENT", "WARNING", G3)


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"type": "GENERATION"}, [G3, G2, G1]),
        ({"name": "llm"}, [G3, G2, G1]),
        ({"user_id": "u-alice"}, [E3, G3, G1, S1]),
        ({"trace_id": T1}, [G1, S1]),
        ({"parent_observation_id": S1}, [G1]),
        ({"environment": "staging"}, [E3, G3]),
        ({"environment": ["staging", "production"]}, [E3, G3, G2, G1, S1]),
        ({"from_start_time": utc("2025-03-10T09:00:00.500Z"), "to_start_time": utc("2025-03-11T08:00:00Z")}, [G2, G1]),
    ],
    ids=["type", "name", "user-of-trace", "trace", "parent", "environment", "environments-any-of",
         "from-inclusive-to-exclusive"],
)
def test_fetch_observations_filters(langfuse: Langfuse, kwargs: dict[str, Any], expected: list[str]) -> None:
    result = langfuse.fetch_observations(**kwargs)
    assert ids(result.data) == expected
    assert result.meta.total_items == len(expected)


def test_fetch_observations_pages_carry_totals(langfuse: Langfuse) -> None:
    pages = [langfuse.fetch_observations(limit=2, page=page) for page in (1, 2, 3)]
    assert [ids(p.data) for p in pages] == [[E3, G3], [G2, G1], [S1]]
    for number, page in enumerate(pages, start=1):
        assert_meta(page.meta, number, 2, 5, 3)


def test_get_generations_lists_generations_only(langfuse: Langfuse) -> None:
    """The deprecated helper still used by older code: type=GENERATION under the hood."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        result = langfuse.get_generations(user_id="u-alice")
    assert ids(result.data) == [G3, G1]


@pytest.mark.parametrize(
    "conditions, expected",
    [
        ([METADATA_STEP_ANSWER], [G3, G1]),
        ([total_cost(">=", 1.0)], [G3]),
        ([METADATA_STEP_ANSWER, total_cost("<", 1.0)], [G1]),
    ],
    ids=["metadata-key", "total-cost", "metadata-and-total-cost"],
)
def test_observation_list_json_filter(langfuse: Langfuse, conditions: list[dict[str, Any]], expected: list[str]) -> None:
    result = langfuse.api.observations.get_many(request_options=extra_query(filter=json_filter(*conditions)))
    assert ids(result.data) == expected
    assert result.meta.total_items == len(expected)


def test_fetch_observation_by_id(langfuse: Langfuse) -> None:
    g2 = langfuse.fetch_observation(G2).data
    assert (g2.model, g2.trace_id, g2.usage_details) == ("gpt-4o-mini", T2, {"input": 200, "output": 100, "total": 300})
    expect_not_found(lambda: langfuse.fetch_observation("no-such-observation"))


# --------------------------------------------------------------------------
# Sessions: GET /api/public/sessions and /sessions/{id}
# --------------------------------------------------------------------------


def test_fetch_sessions_newest_first(langfuse: Langfuse, seeded: Seeded) -> None:
    """A session's createdAt is when its first trace was ingested (as in Langfuse), its environment that trace's."""
    result = langfuse.fetch_sessions()
    assert ids(result.data) == [SESSION_B, SESSION_A]
    assert_meta(result.meta, 1, 50, 2, 1)
    sessions = by_id(result.data)
    assert {s.project_id for s in result.data} == {PROJECT_ID}
    assert (sessions[SESSION_A].environment, sessions[SESSION_B].environment) == ("production", "staging")
    assert seeded.before_sessions <= sessions[SESSION_A].created_at <= seeded.between_sessions
    assert seeded.between_sessions <= sessions[SESSION_B].created_at <= datetime.now(timezone.utc)


def test_fetch_sessions_time_window_is_on_creation(langfuse: Langfuse, seeded: Seeded) -> None:
    """fromTimestamp (inclusive) and toTimestamp (exclusive) bound createdAt, not the traces' timestamps."""
    assert ids(langfuse.fetch_sessions(from_timestamp=seeded.between_sessions).data) == [SESSION_B]
    assert ids(langfuse.fetch_sessions(to_timestamp=seeded.between_sessions).data) == [SESSION_A]
    assert ids(langfuse.fetch_sessions(to_timestamp=seeded.before_sessions).data) == []


def test_session_list_filters_environment_and_pages(langfuse: Langfuse) -> None:
    assert ids(langfuse.api.sessions.list(environment="staging").data) == [SESSION_B]
    assert ids(langfuse.api.sessions.list(environment=["production", "dev"]).data) == [SESSION_A]
    second = langfuse.api.sessions.list(limit=1, page=2)
    assert ids(second.data) == [SESSION_A]
    assert_meta(second.meta, 2, 1, 2, 2)


def test_session_get_returns_its_traces(langfuse: Langfuse) -> None:
    session = langfuse.api.sessions.get(SESSION_A)
    assert (session.id, session.project_id, session.environment) == (SESSION_A, PROJECT_ID, "production")
    assert sorted(ids(session.traces)) == [T1, T2]
    assert {t.id: t.user_id for t in session.traces} == {T1: "u-alice", T2: "u-bob"}
    assert by_id(session.traces)[T1].timestamp == utc("2025-03-10T09:00:00Z")
    expect_not_found(lambda: langfuse.api.sessions.get("no-such-session"))


# --------------------------------------------------------------------------
# Scores: SDK 2's `api.score.get` calls GET /api/public/scores (v1: trace scores only)
# --------------------------------------------------------------------------


def test_score_list_has_trace_scores_newest_first_typed_by_data_type(langfuse: Langfuse) -> None:
    """SC5 is a session score: v1 lists only scores on traces (its SDK model requires traceId)."""
    result = langfuse.api.score.get()
    assert ids(result.data) == [SC6, SC4, SC3, SC2, SC1]
    assert_meta(result.meta, 1, 50, 5, 1)
    scores = by_id(result.data)

    kinds = {s.id: type(s).__name__.rsplit("_", 1)[-1] for s in result.data}
    assert kinds == {SC1: "Numeric", SC2: "Boolean", SC3: "Categorical", SC4: "Numeric", SC6: "Boolean"}
    assert (scores[SC1].value, scores[SC1].comment, scores[SC1].trace_id) == (pytest.approx(0.9), "good", T1)
    assert (scores[SC2].value, scores[SC2].string_value, scores[SC2].observation_id) == (1, "True", G1)
    assert (scores[SC6].value, scores[SC6].string_value) == (0, "False")
    assert scores[SC3].string_value == "positive"
    assert scores[SC4].environment == "staging" and scores[SC1].source.value == "API"
    assert scores[SC1].timestamp == utc("2025-03-10T09:05:00Z")

    trace = scores[SC1].trace
    assert (trace.user_id, sorted(trace.tags), trace.environment) == ("u-alice", ["chat", "prod"], "production")


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"name": "quality"}, [SC4, SC1]),
        ({"user_id": "u-alice"}, [SC6, SC4, SC2, SC1]),
        ({"data_type": "BOOLEAN"}, [SC6, SC2]),
        ({"operator": ">=", "value": 0.5}, [SC2, SC1]),
        ({"environment": ["staging"]}, [SC6, SC4]),
        ({"score_ids": f"{SC1},{SC3}"}, [SC3, SC1]),
        ({"trace_tags": ["prod"]}, [SC3, SC2, SC1]),
        ({"trace_tags": ["prod", "beta"]}, []),
        ({"source": "API"}, [SC6, SC4, SC3, SC2, SC1]),
        ({"from_timestamp": utc("2025-03-10T12:05:00Z"), "to_timestamp": utc("2025-03-11T08:05:00Z")}, [SC3]),
    ],
    ids=["name", "user-of-trace", "data-type", "value-operator", "environment", "score-ids", "trace-tags",
         "trace-tags-all-of", "source", "from-inclusive-to-exclusive"],
)
def test_score_list_filters(langfuse: Langfuse, kwargs: dict[str, Any], expected: list[str]) -> None:
    result = langfuse.api.score.get(**kwargs)
    assert ids(result.data) == expected
    assert result.meta.total_items == len(expected)


def test_score_list_pages_carry_totals(langfuse: Langfuse) -> None:
    last = langfuse.api.score.get(limit=2, page=3)
    assert ids(last.data) == [SC1]
    assert_meta(last.meta, 3, 2, 5, 3)


def test_score_get_by_id(langfuse: Langfuse) -> None:
    score = langfuse.api.score.get_by_id(SC2)
    assert type(score).__name__ == "Score_Boolean"
    assert (score.value, score.string_value, score.trace_id, score.observation_id) == (1, "True", T1, G1)
    expect_not_found(lambda: langfuse.api.score.get_by_id("no-such-score"))


# --------------------------------------------------------------------------
# Metrics: GET /api/public/metrics/daily
# --------------------------------------------------------------------------


def usage_rows(day: Any) -> list[tuple]:
    """A day's usage as comparable tuples; spans without a model form their own row (model None)."""
    rows = [
        (u.model, u.input_usage, u.output_usage, u.total_usage, u.count_observations, u.count_traces,
         round(u.total_cost, 9))
        for u in day.usage
    ]
    return sorted(rows, key=lambda row: (row[0] is not None, row[0] or ""))


def day_summary(day: Any) -> tuple:
    return day.date, day.count_traces, day.count_observations, round(day.total_cost, 9)


def test_metrics_daily_counts_costs_and_usage_by_model(langfuse: Langfuse) -> None:
    result = langfuse.api.metrics.daily()
    assert [day_summary(d) for d in result.data] == [
        (date(2025, 3, 11), 2, 2, 1.5),
        (date(2025, 3, 10), 2, 3, 1.0),
    ]
    assert_meta(result.meta, 1, 50, 2, 1)
    march_11, march_10 = result.data
    assert usage_rows(march_11) == [(None, 0, 0, 0, 1, 1, 0), ("gpt-4o", 300, 150, 450, 1, 1, 1.5)]
    assert usage_rows(march_10) == [
        (None, 0, 0, 0, 1, 1, 0),
        ("gpt-4o", 100, 50, 150, 1, 1, 0.75),
        ("gpt-4o-mini", 200, 100, 300, 1, 1, 0.25),
    ]


def test_metrics_daily_filters_by_trace(langfuse: Langfuse) -> None:
    """traceName/userId restrict both the trace counts and the observations counted."""
    by_name = langfuse.api.metrics.daily(trace_name="chat")
    assert [day_summary(d) for d in by_name.data] == [(date(2025, 3, 11), 1, 0, 0), (date(2025, 3, 10), 2, 3, 1.0)]
    assert by_name.data[0].usage == [], "T4 has no observations"

    alice = langfuse.api.metrics.daily(user_id="u-alice")
    assert [day_summary(d) for d in alice.data] == [(date(2025, 3, 11), 1, 2, 1.5), (date(2025, 3, 10), 1, 2, 0.75)]
    assert usage_rows(alice.data[1]) == [(None, 0, 0, 0, 1, 1, 0), ("gpt-4o", 100, 50, 150, 1, 1, 0.75)]

    second = langfuse.api.metrics.daily(limit=1, page=2)
    assert [d.date for d in second.data] == [date(2025, 3, 10)]
    assert_meta(second.meta, 2, 1, 2, 2)


# --------------------------------------------------------------------------
# Project isolation
# --------------------------------------------------------------------------


def test_another_projects_key_reads_only_its_own_data(langfuse: Langfuse, other_langfuse: Langfuse) -> None:
    """The second project's trace shares user, name, tags and score name with project one's data."""
    other = other_langfuse
    assert ids(other.fetch_traces().data) == [OTHER_TRACE]
    assert ids(other.fetch_traces(user_id="u-alice", name="chat", tags=["prod"]).data) == [OTHER_TRACE]
    assert ids(other.fetch_observations().data) == [OTHER_GENERATION]
    assert ids(other.fetch_sessions().data) == [OTHER_SESSION]
    assert ids(other.api.score.get(name="quality").data) == [OTHER_SCORE]
    daily = other.api.metrics.daily()
    assert [day_summary(d) for d in daily.data] == [(date(2025, 3, 10), 1, 1, 0.5)]

    expect_not_found(lambda: other.fetch_trace(T1))
    expect_not_found(lambda: other.api.sessions.get(SESSION_A))
    expect_not_found(lambda: langfuse.fetch_trace(OTHER_TRACE))
    expect_not_found(lambda: langfuse.api.sessions.get(OTHER_SESSION))
