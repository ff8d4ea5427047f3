"""What a query's answer must be, given the generator's known answers (answers.json).

A check is a function (response JSON, answers) -> None when the answer is right, else a short
reason. `A("probes/user/value")` stands for a value of answers.json, resolved when the query
runs, so the query list (queries.py) can say what it expects before the data exists.
"""
import math
import re
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class A:
    """A path into answers.json, "/"-separated."""
    path: str

    def get(self, answers: dict):
        value = answers
        for part in self.path.split("/"):
            value = value[part]
        return value


def resolve(value, answers: dict):
    """`value` with every A replaced by its answer (in dicts and lists too)."""
    if isinstance(value, A):
        return value.get(answers)
    if isinstance(value, dict):
        return {k: resolve(v, answers) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, answers) for v in value]
    if isinstance(value, str):
        return re.sub(r"\{([^}]+)\}", lambda m: str(A(m.group(1)).get(answers)), value)
    return value


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def field(row: dict, path: str):
    for part in path.split("/"):
        row = (row or {}).get(part)
    return row


# ------------------------------------------------------------------ lists

def page(total, limit: int = 50):
    """An offset page: meta.totalItems is `total`, and the page holds min(limit, total) rows."""
    def check(body, answers):
        expected = resolve(total, answers)
        got = (body.get("meta") or {}).get("totalItems")
        if got != expected:
            return f"totalItems {got}, expected {expected}"
        if len(body.get("data", [])) != min(limit, expected):
            return f"{len(body['data'])} rows, expected {min(limit, expected)}"
    return check


def rows(count):
    def check(body, answers):
        expected = resolve(count, answers)
        if len(body.get("data", [])) != expected:
            return f"{len(body.get('data', []))} rows, expected {expected}"
    return check


def first_id(expected):
    def check(body, answers):
        data = body.get("data") or [{}]
        if data[0].get("id") != resolve(expected, answers):
            return f"first row {data[0].get('id')}, expected {resolve(expected, answers)}"
    return check


def each(path: str, expected):
    """Every row has `expected` at `path` (or among it, when it is a list such as tags); `path`
    may name answers in braces, e.g. "metadata/{probes/metadata/key}"."""
    def check(body, answers):
        where, value = resolve(path, answers), resolve(expected, answers)
        for row in body.get("data", []):
            got = field(row, where)
            if not (got == value or (isinstance(got, list) and value in got)):
                return f"row {row.get('id')}: {where} is {got!r}, expected {value!r}"
    return check


def each_at_least(path: str, minimum):
    def check(body, answers):
        low = resolve(minimum, answers)
        for row in body.get("data", []):
            if not isinstance(field(row, path), (int, float)) or field(row, path) < low:
                return f"row {row.get('id')}: {path} is {field(row, path)!r}, expected at least {low}"
    return check


def each_between(path: str, start, end):
    """Every row's timestamp at `path` lies in [start, end)."""
    def check(body, answers):
        low, high = moment(resolve(start, answers)), moment(resolve(end, answers))
        for row in body.get("data", []):
            if not low <= moment(field(row, path)) < high:
                return f"row {row.get('id')}: {path} {field(row, path)} outside [{low}, {high})"
    return check


def ids(expected):
    def check(body, answers):
        got, want = {row.get("id") for row in body.get("data", [])}, set(resolve(expected, answers))
        if got != want:
            return f"ids differ: {len(got - want)} unexpected, {len(want - got)} missing"
    return check


def row_time(index: int, path: str, expected):
    """Row `index` has the timestamp `expected` at `path` (same instant, any ISO spelling)."""
    def check(body, answers):
        data = body.get("data", [])
        want = resolve(expected, answers)
        if len(data) <= abs(index) or moment(field(data[index], path)) != moment(want):
            got = field(data[index], path) if len(data) > abs(index) else None
            return f"row {index} {path} {got}, expected {want}"
    return check


# ------------------------------------------------------------------ one trace

def trace(expected):
    """GET /traces/{id}: the trace with as many observations and scores as generated."""
    def check(body, answers):
        want = resolve(expected, answers)
        got = (body.get("id"), len(body.get("observations", [])), len(body.get("scores", [])))
        if got != (want["id"], want["observations"], want["scores"]):
            return f"(id, observations, scores) {got}, expected {(want['id'], want['observations'], want['scores'])}"
    return check


# ------------------------------------------------------------------ metrics

def cost_and_tokens_by_model_and_day(body, answers):
    """Every (model, day) with generations has its exact cost and tokens; other rows are zeros
    (a time dimension with no orderBy is gap-filled)."""
    want = {(model, day): cell for model, days in answers["costAndTokensByModelAndDay"].items()
            for day, cell in days.items()}
    seen = set()
    for row in body.get("data", []):
        key = (row.get("providedModelName"), str(row.get("time_dimension"))[:10])
        cost, tokens = float(row.get("sum_totalCost") or 0), float(row.get("sum_totalTokens") or 0)
        if key not in want:
            if cost or tokens:
                return f"unexpected row {key}: cost {cost}, tokens {tokens}"
            continue
        seen.add(key)
        if not math.isclose(cost, float(want[key]["totalCost"]), rel_tol=1e-9, abs_tol=1e-12) \
                or tokens != want[key]["totalTokens"]:
            return f"{key}: cost {cost}, tokens {tokens}, expected {want[key]}"
    if seen != set(want):
        return f"{len(set(want) - seen)} (model, day) rows missing, e.g. {sorted(set(want) - seen)[:2]}"


def p95_latency_by_name(body, answers):
    """One row per generation name, p95 latency within 10 % of the exact nearest-rank p95 (the
    server's percentile method may differ slightly)."""
    want = answers["generationLatencyP95Ms"]
    got = {row.get("name"): row.get("p95_latency") for row in body.get("data", [])}
    if set(got) != set(want):
        return f"names {sorted(got)}, expected {sorted(want)}"
    for name, ms in want.items():
        if got[name] is None or not math.isclose(float(got[name]), ms, rel_tol=0.1):
            return f"{name}: p95 {got[name]} ms, expected about {ms} ms"
