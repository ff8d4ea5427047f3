"""Times the web UI's main pages (benchmarks/run-pages.sh): signs in as a browser does, then
loads each page once to warm up and RUNS times timed, over one keep-alive connection, and
prints p50/p95 wall time, the server's CPU per page and the HTML size, against issue 14's
targets (p50 ≤ 100 ms per page, traces page HTML ≤ 300 KB).

The generated set's largest trace has 50 observations; the issue names 200. So one trace of
200 observations is ingested through the ingestion API before timing (dated a week before the
set's window, outside every query of run-query.sh) and deleted through the API afterwards,
leaving the loaded set as it was."""

from __future__ import annotations

import calendar
import json
import os
import re
import statistics
import sys
import time
import urllib.parse

import requests

BASE, ANSWERS, RUNS, PID = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
answers = json.load(open(ANSWERS))
window = answers["window"]
user = answers["probes"]["user"]["value"]
big = answers["probes"]["bigTrace"]
session_id = answers["probes"]["session"]["value"]
rare = sorted(answers["rareWords"])[0]
API_AUTH = ("pk-lf-bench", "sk-lf-bench")
LARGE_TRACE = "bench-pages-200-observations"
LARGE_OBSERVATIONS = 200


def cpu_seconds() -> float:
    fields = open(f"/proc/{PID}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


def iso(millis: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(millis / 1000)) + f".{millis % 1000:03d}Z"


def ingest_large_trace() -> None:
    """A trace of 200 observations (a root span, then generations and spans under it), posted
    in one ingestion request, then read back until all 200 are there."""
    start = calendar.timegm(time.strptime(window["from"][:19], "%Y-%m-%dT%H:%M:%S")) * 1000 - 7 * 86_400_000
    events = [{"id": f"{LARGE_TRACE}-trace", "type": "trace-create", "timestamp": iso(start),
               "body": {"id": LARGE_TRACE, "name": "agent-run-200", "timestamp": iso(start), "userId": user,
                        "input": {"task": "a long agent run"}, "output": {"answer": "done"}}}]
    for index in range(LARGE_OBSERVATIONS):
        kind = "span" if index % 4 == 0 else "generation"
        body = {"id": f"{LARGE_TRACE}-o{index:03d}", "traceId": LARGE_TRACE, "name": f"step-{index % 20}",
                "startTime": iso(start + index * 1_000), "endTime": iso(start + index * 1_000 + 800),
                "input": {"step": index}, "output": {"result": f"step {index} done"}}
        if index > 0:
            body["parentObservationId"] = f"{LARGE_TRACE}-o{(index - 1) // 4 * 4:03d}"
        if kind == "generation":
            body.update({"model": "gpt-4o-mini", "usageDetails": {"input": 120, "output": 40}})
        events.append({"id": f"{LARGE_TRACE}-e{index:03d}", "type": f"{kind}-create", "timestamp": iso(start), "body": body})
    posted = requests.post(f"{BASE}/api/public/ingestion", json={"batch": events}, auth=API_AUTH)
    assert posted.status_code in (200, 207), posted.text[:500]
    for _ in range(100):
        trace = requests.get(f"{BASE}/api/public/traces/{LARGE_TRACE}", auth=API_AUTH)
        if trace.status_code == 200 and len(trace.json().get("observations", [])) == LARGE_OBSERVATIONS:
            return
        time.sleep(0.1)
    raise SystemExit(f"the {LARGE_OBSERVATIONS}-observation trace did not appear")


ingest_large_trace()
session = requests.Session()
form = session.get(f"{BASE}/auth/sign-in").text
csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', form).group(1)
signed_in = session.post(f"{BASE}/auth/sign-in", data={"email": "bench@example.com", "password": "bench-password", "_csrf": csrf, "next": ""},
                         allow_redirects=False)
assert signed_in.status_code == 303, signed_in.text

project = "/project/proj-bench"
filtered = urllib.parse.urlencode({"column": "userId", "operator": "=", "value": user, "key": ""})
pages = [
    ("traces table, first page (50)", f"{project}/traces"),
    (f"traces table, filtered by user ({user})", f"{project}/traces?{filtered}"),
    ("traces table, IDs / names search, common (user-0001)", f"{project}/traces?search=user-0001&searchType=id"),
    ("traces table, IDs / names search, a full trace id", f"{project}/traces?search={big['id']}&searchType=id"),
    (f"traces table, IDs / names search, a session id ({session_id})", f"{project}/traces?search={session_id}&searchType=id"),
    (f"traces table, full-text search ({rare})", f"{project}/traces?search={urllib.parse.quote(rare)}&searchType=content"),
    (f"trace with {big['observations']} observations", f"{project}/traces/{big['id']}"),
    (f"trace with {LARGE_OBSERVATIONS} observations", f"{project}/traces/{LARGE_TRACE}"),
    ("sessions", f"{project}/sessions"),
    ("dashboard, 30 days", f"{project}?from={window['from'][:10]}&to={window['to'][:10]}"),
]


def time_pages() -> None:
    print(f"| page | p50 | p95 | server CPU / page | HTML |")
    print(f"| --- | ---: | ---: | ---: | ---: |")
    only = re.compile(os.environ.get("PAGES", ""))
    for name, path in pages:
        if only.search(name):
            time_page(name, path)


def time_page(name: str, path: str) -> None:
    warm = session.get(BASE + path)
    assert warm.status_code == 200, (path, warm.status_code, warm.text[:500])
    times = []
    cpu_before = cpu_seconds()
    for _ in range(RUNS):
        started = time.perf_counter()
        answer = session.get(BASE + path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200
    cpu = (cpu_seconds() - cpu_before) / RUNS * 1000
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"| {name} | {statistics.median(times):.1f} ms | {p95:.1f} ms | {cpu:.1f} ms | {len(warm.content) / 1024:.1f} KB |", flush=True)


try:
    time_pages()
finally:
    requests.delete(f"{BASE}/api/public/traces/{LARGE_TRACE}", auth=API_AUTH)
