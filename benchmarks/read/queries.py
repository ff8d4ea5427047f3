"""The queries the read benchmark times, one per line, with issue 13's targets and known answers.

Q(name, target in ms, path, query parameters, checks...; pages=N walks the cursor to page N and
times that page). Parameter values that are dicts or lists are sent as JSON; A("...") and
"{...}" in strings are values from answers.json (see checks.py). Adding a query is one line.
"""
from checks import (A, cost_and_tokens_by_model_and_day, each, each_at_least, each_between, first_id,
                    ids, p95_latency_by_name, page, row_time, rows, trace)


class Q:
    """One timed query: GET `path` with `params`, answered 200 and passing every check."""

    def __init__(self, name: str, target_ms: float, path: str, params: dict, *checks, pages: int = 1):
        self.name, self.target_ms, self.path, self.params = name, target_ms, path, params
        self.checks, self.pages = list(checks), pages


TRACES, OBSERVATIONS, METRICS = "/api/public/traces", "/api/public/v2/observations", "/api/public/v2/metrics"
WINDOW = {"fromTimestamp": A("window/from"), "toTimestamp": A("window/to")}


def metrics(view: str, dimensions: list, measures: list, filters=(), granularity=None) -> dict:
    """A v2 metrics `query` parameter over the whole 30-day window."""
    return {"query": {
        "view": view, "dimensions": [{"field": d} for d in dimensions],
        "metrics": [{"measure": m, "aggregation": a} for m, a in measures], "filters": list(filters),
        "timeDimension": {"granularity": granularity} if granularity else None, **WINDOW,
        "orderBy": None, "config": {"row_limit": 1000}}}


def rare_word_search(word: str, kind: str) -> Q:
    """v2 observations whose input matches `word`, over the window: exactly those it was planted in."""
    return Q(f"content search: {kind} {word!r}", 1000, OBSERVATIONS,
             {"limit": 50, "fromStartTime": A("window/from"),
              "filter": [{"type": "string", "column": "input", "operator": "matches", "value": word}]},
             ids(A(f"rareWords/{word}")))


QUERIES = [
    Q("traces: newest 50", 10, TRACES, {"limit": 50}, page(A("totals/traces")), first_id(A("newestTraceId"))),
    Q("traces: userId (busiest user)", 30, TRACES, {"limit": 50, "userId": A("probes/user/value")},
      page(A("probes/user/traces")), each("userId", A("probes/user/value"))),
    Q("traces: sessionId (largest session)", 30, TRACES, {"limit": 50, "sessionId": A("probes/session/value")},
      page(A("probes/session/traces")), each("sessionId", A("probes/session/value"))),
    Q("traces: tags", 30, TRACES, {"limit": 50, "tags": A("probes/tag/value")},
      page(A("probes/tag/traces")), each("tags", A("probes/tag/value"))),
    Q("traces: name", 30, TRACES, {"limit": 50, "name": A("probes/name/value")},
      page(A("probes/name/traces")), each("name", A("probes/name/value"))),
    Q("traces: environment", 30, TRACES, {"limit": 50, "environment": A("probes/environment/value")},
      page(A("probes/environment/traces")), each("environment", A("probes/environment/value"))),
    Q("traces: metadata key = value", 30, TRACES,
      {"limit": 50, "filter": [{"type": "stringObject", "column": "metadata", "key": A("probes/metadata/key"),
                                "operator": "=", "value": A("probes/metadata/value")}]},
      page(A("probes/metadata/traces")), each("metadata/{probes/metadata/key}", A("probes/metadata/value"))),
    Q("traces: one-day window", 30, TRACES,
      {"limit": 50, "fromTimestamp": A("probes/day/from"), "toTimestamp": A("probes/day/to")},
      page(A("probes/day/traces")), each_between("timestamp", A("probes/day/from"), A("probes/day/to"))),
    Q("traces: totalCost >= min", 30, TRACES,
      {"limit": 50, "filter": [{"type": "number", "column": "totalCost", "operator": ">=",
                                "value": A("probes/minCost/value")}]},
      page(A("probes/minCost/traces")), each_at_least("totalCost", A("probes/minCost/value"))),
    Q("trace by id: 50 observations", 10, TRACES + "/{probes/bigTrace/id}", {}, trace(A("probes/bigTrace"))),
    Q("v2 observations: page 100 by cursor", 20, OBSERVATIONS, {"limit": 50},
      rows(50), row_time(0, "startTime", A("observationStartAtRank/4951")),
      row_time(-1, "startTime", A("observationStartAtRank/5000")), pages=100),
    Q("sessions: first page", 50, "/api/public/sessions", {"limit": 50}, page(A("totals/sessions"))),
    Q("metrics: cost and tokens by model per day", 100, METRICS,
      metrics("observations", ["providedModelName"], [("totalCost", "sum"), ("totalTokens", "sum")],
              granularity="day"),
      cost_and_tokens_by_model_and_day),
    Q("metrics: p95 latency per generation name", 200, METRICS,
      metrics("observations", ["name"], [("latency", "p95")],
              filters=[{"column": "type", "operator": "=", "value": "GENERATION", "type": "string"}]),
      p95_latency_by_name),
    rare_word_search("zymurgy", "rare word"),
    rare_word_search("сыроежка", "rare Cyrillic word"),
]
