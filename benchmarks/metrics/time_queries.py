#!/usr/bin/env python3
"""Times the two metrics queries of issue 13's targets against a server whose store
synthetic.py filled, warm, and checks their answers against the generator's.

Usage: time_queries.py BASE_URL ANSWERS_JSON PUBLIC_KEY SECRET_KEY [--runs 20]

Each window cuts the last hour (and some its first), so each answer combines the rollups'
whole hours with raw edges. With --server-pid, the server's CPU time per request (user and
system, averaged over the timed runs) is reported too: on a shared machine wall time mostly
measures the other tenants. Time is the client's wall time per request over
loopback on one keep-alive connection; p50 and p95 are nearest rank.
"""
import argparse
import base64
import http.client
import json
import math
import os
import sys
import time
import urllib.parse

MINUTE = 60_000


def iso(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def cpu_ms(pid: int | None) -> float:
    """A process's user and system CPU time so far, in ms."""
    if not pid:
        return 0.0
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def check_costs(rows: list, answers: dict) -> str | None:
    want = {(model, day): (cost, tokens) for model, day, cost, tokens in answers["costAndTokensByModelAndDay"]}
    got = {(row["providedModelName"], row["time_dimension"]): row for row in rows if row.get("providedModelName")}
    if set(got) != set(want):
        return f"{len(set(want) ^ set(got))} (model, day) rows differ"
    for key, (cost, tokens) in want.items():
        row = got[key]
        if not math.isclose(row["sum_totalCost"], cost, rel_tol=1e-9) or int(row["sum_totalTokens"]) != tokens:
            return f"{key}: {row}, expected cost {cost}, tokens {tokens}"
    return None


def check_p95(rows: list, answers: dict) -> str | None:
    want = answers["generationLatencyP95Ms"]
    got = {row["name"]: row["p95_latency"] for row in rows}
    if set(got) != set(want):
        return f"names {sorted(got)}, expected {sorted(want)}"
    for name, ms in want.items():
        if not math.isclose(got[name], ms, rel_tol=0.011):
            return f"{name}: p95 {got[name]}, exact {ms}: more than the sketch's 1 % apart"
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    for name in ("base_url", "answers", "public_key", "secret_key"):
        parser.add_argument(name)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--server-pid", type=int)
    args = parser.parse_args()
    answers = json.load(open(args.answers))
    # The checked queries end 13 minutes before the last hour does, so they read that hour's
    # rows (an edge) and the rollups for the rest; the generator keeps every trace out of the
    # last half hour, so the answers stay exact. The unchecked ones cut the first hour as well.
    window = {"fromTimestamp": iso(answers["begin"]), "toTimestamp": iso(answers["end"] - 13 * MINUTE)}
    cut_window = {"fromTimestamp": iso(answers["begin"] + 17 * MINUTE), "toTimestamp": iso(answers["end"] - 13 * MINUTE)}
    queries = [
        ("sum totalCost, totalTokens by providedModelName per day", 100, {
            "view": "observations", "dimensions": [{"field": "providedModelName"}],
            "metrics": [{"measure": "totalCost", "aggregation": "sum"}, {"measure": "totalTokens", "aggregation": "sum"}],
            "timeDimension": {"granularity": "day"}, "config": {"row_limit": 1000}, **window}, check_costs),
        ("p95 latency per generation name (type = GENERATION)", 200, {
            "view": "observations", "dimensions": [{"field": "name"}], "metrics": [{"measure": "latency", "aggregation": "p95"}],
            "filters": [{"column": "type", "operator": "=", "value": "GENERATION", "type": "string"}], **window}, check_p95),
        ("the same, window cutting both edge hours", 200, {
            "view": "observations", "dimensions": [{"field": "name"}], "metrics": [{"measure": "latency", "aggregation": "p95"}],
            "filters": [{"column": "type", "operator": "=", "value": "GENERATION", "type": "string"}], **cut_window}, None),
        ("cost and tokens, window cutting both edge hours", 100, {
            "view": "observations", "dimensions": [{"field": "providedModelName"}],
            "metrics": [{"measure": "totalCost", "aggregation": "sum"}, {"measure": "totalTokens", "aggregation": "sum"}],
            "timeDimension": {"granularity": "day"}, "config": {"row_limit": 1000}, **cut_window}, None),
    ]
    url = urllib.parse.urlsplit(args.base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    headers = {"Authorization": "Basic " + base64.b64encode(f"{args.public_key}:{args.secret_key}".encode()).decode()}
    print(f"{answers['traces']} traces, {answers['observations']} observations, {answers['rollupRows']} rollup rows\n")
    print("| query | target ms | p50 ms | p95 ms | server CPU ms | answer |\n|---|---|---|---|---|---|")
    failed = False
    for name, target, query, check in queries:
        path = "/api/public/v2/metrics?" + urllib.parse.urlencode({"query": json.dumps(query)})
        timings, problem, cpu_before = [], None, 0.0
        for run in range(args.runs + 1):
            if run == 1:
                cpu_before = cpu_ms(args.server_pid)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
            except (ConnectionError, http.client.HTTPException):
                # The server closed the idle connection: reconnect once.
                connection.close()
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
                started = time.perf_counter()
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if run == 0:
                if response.status != 200:
                    problem = f"HTTP {response.status}: {body[:300]!r}"
                elif check:
                    problem = check(json.loads(body)["data"], answers)
            else:
                timings.append(elapsed)
        cpu = (cpu_ms(args.server_pid) - cpu_before) / args.runs if args.server_pid else math.nan
        timings.sort()
        p50, p95 = timings[math.ceil(0.5 * len(timings)) - 1], timings[math.ceil(0.95 * len(timings)) - 1]
        failed |= problem is not None
        print(f"| {name} | {target} | {p50:.1f} | {p95:.1f} | {cpu:.1f} | {problem or ('checked' if check else '200')} |")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
