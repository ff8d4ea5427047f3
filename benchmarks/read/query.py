#!/usr/bin/env python3
"""Times the read queries of queries.py against a loaded server, warm, and checks their answers.

Usage: query.py BASE_URL ANSWERS_JSON [--runs 20] [--only TEXT]

For each query: one untimed run whose answer is checked against answers.json (for a cursor
query, the walk to its page, checking that no row comes twice), then RUNS timed runs on the same
keep-alive connection. Time is the client's wall time from sending the request to reading the
whole answer, over loopback: the server's time plus a few tens of µs. p50 and p95 are nearest
rank. A query counts as within target when its p95 is. Prints a markdown table; exits 1 if any
query failed (not a 200, or a wrong answer), not for missed targets.
"""
import argparse
import base64
import http.client
import json
import math
import sys
import time
import urllib.parse

from checks import resolve
from load import PUBLIC_KEY, SECRET_KEY
from queries import QUERIES, Q


class Client:
    """GETs over one keep-alive connection, timed."""

    def __init__(self, base_url: str):
        url = urllib.parse.urlsplit(base_url)
        self.host, self.port = url.hostname, url.port or 80
        self.headers = {"Authorization": "Basic " + base64.b64encode(f"{PUBLIC_KEY}:{SECRET_KEY}".encode()).decode()}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)

    def get(self, path: str, params: dict) -> tuple[int, bytes, float]:
        """(status, body, milliseconds)"""
        target = path + ("?" + urllib.parse.urlencode(encode(params)) if params else "")
        for attempt in (1, 2):
            try:
                started = time.perf_counter()
                self.connection.request("GET", target, headers=self.headers)
                response = self.connection.getresponse()
                body = response.read()
                return response.status, body, (time.perf_counter() - started) * 1000
            except (ConnectionError, http.client.HTTPException):
                # The server closed the idle connection: reconnect once.
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def encode(params: dict) -> dict:
    """JSON-valued parameters (filter, query) as compact JSON text."""
    return {k: json.dumps(v, separators=(",", ":"), ensure_ascii=False) if isinstance(v, (dict, list)) else v
            for k, v in params.items()}


def nearest_rank(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


class Failure(Exception):
    pass


def walk_cursor(client: Client, query: Q, path: str, params: dict) -> dict:
    """Follows meta.cursor to the query's page; returns the parameters that fetch it."""
    seen: set[str] = set()
    for number in range(1, query.pages):
        status, body, _ = client.get(path, params)
        if status != 200:
            raise Failure(f"page {number}: HTTP {status}: {body[:160]!r}")
        answer = json.loads(body)
        page_ids = [row.get("id") for row in answer.get("data", [])]
        if seen.intersection(page_ids):
            raise Failure(f"page {number} repeats rows of earlier pages")
        seen.update(page_ids)
        cursor = (answer.get("meta") or {}).get("cursor")
        if not cursor:
            raise Failure(f"no cursor after page {number}")
        params = {**params, "cursor": cursor}
    return params


def run(client: Client, query: Q, answers: dict, runs: int) -> dict:
    """One query: checked, then timed. Returns the row of the results table."""
    result = {"name": query.name, "target": query.target_ms, "p50": None, "p95": None, "rows": "", "problem": None}
    try:
        path, params = resolve(query.path, answers), resolve(query.params, answers)
        if query.pages > 1:
            params = walk_cursor(client, query, path, params)
        status, body, _ = client.get(path, params)
        if status != 200:
            raise Failure(f"HTTP {status}: {body[:160]!r}")
        answer = json.loads(body)
        result["rows"] = len(answer.get("data", answer.get("observations", [])))
        result["problem"] = next(filter(None, (check(answer, answers) for check in query.checks)), None)
        times = []
        for _ in range(runs):
            status, body, ms = client.get(path, params)
            if status != 200:
                raise Failure(f"HTTP {status} on a timed run: {body[:160]!r}")
            times.append(ms)
        result["p50"], result["p95"] = nearest_rank(times, 0.5), nearest_rank(times, 0.95)
    except Failure as failure:
        result["problem"] = str(failure)
    except (OSError, http.client.HTTPException) as error:
        result["problem"] = f"no answer: {type(error).__name__}: {error}"
    except KeyError as error:
        result["problem"] = f"answers.json has no {error} (is the data set too small for this query?)"
    return result


def verdict(result: dict) -> str:
    if result["problem"]:
        return "FAIL: " + result["problem"]
    if result["p95"] <= result["target"]:
        return "ok"
    return "over target (p50 within)" if result["p50"] <= result["target"] else "over target"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("answers")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", help="run only the queries whose name contains this")
    args = parser.parse_args()
    with open(args.answers) as f:
        answers = json.load(f)
    client = Client(args.base_url)
    print("| query | target | p50 | p95 | rows | result |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    results = []
    for query in QUERIES:
        if args.only and args.only not in query.name:
            continue
        result = run(client, query, answers, args.runs)
        results.append(result)
        ms = lambda v: "–" if v is None else f"{v:.1f} ms"
        print(f"| {result['name']} | ≤ {result['target']:g} ms | {ms(result['p50'])} | {ms(result['p95'])} "
              f"| {result['rows']} | {verdict(result)} |", flush=True)
    failed = sum(1 for r in results if r["problem"])
    within = sum(1 for r in results if not r["problem"] and r["p95"] <= r["target"])
    print(f"\n{len(results)} queries: {within} within target at p95, {len(results) - within - failed} over, "
          f"{failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
