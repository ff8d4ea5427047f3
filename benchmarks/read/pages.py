"""Times the web UI's main pages (benchmarks/run-pages.sh): signs in as a browser does, then
loads each page once to warm up and RUNS times timed, over one keep-alive connection, and
prints p50/p95 wall time, the server's CPU per page and the HTML size, against issue 14's
targets (p50 ≤ 100 ms per page, traces page HTML ≤ 300 KB)."""

from __future__ import annotations

import json
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
rare = sorted(answers["rareWords"])[0]


def cpu_seconds() -> float:
    fields = open(f"/proc/{PID}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


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
    ("traces table, searched by name", f"{project}/traces?search=user-0001&searchType=id"),
    (f"traces table, full-text search ({rare})", f"{project}/traces?search={urllib.parse.quote(rare)}&searchType=content"),
    (f"trace with {big['observations']} observations", f"{project}/traces/{big['id']}"),
    ("sessions", f"{project}/sessions"),
    ("dashboard, 30 days", f"{project}?from={window['from'][:10]}&to={window['to'][:10]}"),
]

print(f"| page | p50 | p95 | server CPU / page | HTML |")
print(f"| --- | ---: | ---: | ---: | ---: |")
for name, path in pages:
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
