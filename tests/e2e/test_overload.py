"""Many clients at once, each sending the largest batches the endpoint takes (issue 16 §2).

The server must stay under the memory ceiling the README states, keep answering health, and
store every batch it acknowledged, while refusing (503 with Retry-After, which the SDKs retry)
what does not fit its budget of request bodies in flight; a refused batch stores nothing.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path

import requests

from conftest import LangfarmServer

CLIENTS = 500
SECONDS = 60
EVENTS_PER_BATCH = 100
# 100 events of ~40 KB: a 4 MB batch, just under the 4.5 MB limit of /api/public/ingestion.
INPUT = "lorem ipsum dolor sit amet " * 1_500
# The README's ceiling for the default --max-body-mib-in-flight of 64.
RSS_CEILING_MIB = 1_024


def batch_body() -> tuple[bytes, list[str]]:
    trace_ids = [str(uuid.uuid4()) for _ in range(EVENTS_PER_BATCH)]
    batch = [
        {"id": str(uuid.uuid4()), "type": "trace-create", "timestamp": "2026-12-01T00:00:00.000Z",
         "body": {"id": trace_id, "name": "overload", "input": INPUT}}
        for trace_id in trace_ids
    ]
    return json.dumps({"batch": batch}).encode(), trace_ids


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_many_clients_with_large_batches(server: LangfarmServer) -> None:
    body, _ = batch_body()
    assert 3_900_000 < len(body) < 4_500_000
    stop = time.monotonic() + SECONDS
    acknowledged: list[str] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        while time.monotonic() < stop:
            body, trace_ids = batch_body()
            try:
                response = session.post(
                    server.url("/api/public/ingestion"), data=body, auth=server.auth,
                    headers={"Content-Type": "application/json"}, timeout=120,
                )
            except requests.RequestException as error:
                # A refusal sent before the body was read may reset the connection mid-send.
                with lock:
                    errors.append(repr(error))
                session.close()
                session = requests.Session()
                time.sleep(0.5)
                continue
            with lock:
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code == 207:
                    result = response.json()
                    assert not result["errors"] and len(result["successes"]) == EVENTS_PER_BATCH, str(result)[:300]
                    acknowledged.extend(trace_ids)
            if response.status_code == 503:
                assert response.headers.get("Retry-After"), "a 503 tells the client when to retry"
                time.sleep(0.5)
        session.close()

    peak = [0.0]
    health_failures: list[str] = []

    def watch() -> None:
        while time.monotonic() < stop:
            peak[0] = max(peak[0], rss_mib(server.pid))
            try:
                health = requests.get(server.url("/api/public/health"), timeout=5)
                if health.status_code != 200:
                    health_failures.append(f"HTTP {health.status_code}")
            except requests.RequestException as error:
                health_failures.append(repr(error))
            time.sleep(0.25)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 180)
    watcher.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "every client finished"

    print(f"statuses {statuses}, client errors {len(errors)}, peak RSS {peak[0]:.0f} MiB, {len(acknowledged)} traces acknowledged")
    assert server.process.poll() is None, "the server is still running"
    assert not health_failures, f"health did not answer 200 during the load: {health_failures[:5]}"
    assert peak[0] < RSS_CEILING_MIB, f"peak RSS {peak[0]:.0f} MiB is over the stated ceiling of {RSS_CEILING_MIB} MiB"
    assert set(statuses) <= {207, 503}, f"only acknowledgements and refusals to retry: {statuses}"
    assert statuses.get(207, 0) > 0 and statuses.get(503, 0) > 0, f"the load both fits and overflows the budget: {statuses}"
    # Every acknowledged trace is stored, and nothing refused is: the count is exact.
    listed = requests.get(server.url("/api/public/traces"), params={"limit": 1}, auth=server.auth, timeout=60)
    assert listed.status_code == 200
    assert listed.json()["meta"]["totalItems"] == len(acknowledged)
    for trace_id in acknowledged[:: max(1, len(acknowledged) // 50)]:
        assert server.get_trace(trace_id, timeout=30).status_code == 200, trace_id
