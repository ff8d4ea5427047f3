"""The server side of the change feed, and what the consumed records must look like.

`serve_args` builds the `langfarm serve` flags; `change_feed`/`wait_for` poll the health
endpoint's `changeFeed` report; `outbox_status` runs `langfarm outbox status`. The analysis
functions turn consumed records into the latest message per entity and list ordering and
duplicate problems, each as a readable line for assertion messages.
"""

from __future__ import annotations

import subprocess
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable

import requests

from .consumer import Record

HEALTH_PATH = "/api/public/health"
POLL_INTERVAL_S = 0.2
SHOW_AT_MOST = 10

# topic -> the header entity_type of its messages
ENTITY_TYPES = {"traces": "trace", "observations": "observation", "scores": "score"}


def serve_args(bootstrap: str, librdkafka: Path, *extra: str) -> list[str]:
    """`langfarm serve` flags for a change feed to `bootstrap`.

    conftest's server environment drops LANGFARM_* variables, so librdkafka is passed by flag.
    """
    return ["--kafka-brokers", bootstrap, "--librdkafka", str(librdkafka), *extra]


def health(base_url: str) -> dict[str, Any]:
    response = requests.get(base_url + HEALTH_PATH, timeout=5)
    assert response.status_code == 200, f"health answered {response.status_code}: {response.text[:300]}"
    return response.json()


def change_feed(base_url: str) -> dict[str, Any]:
    body = health(base_url)
    assert "changeFeed" in body, f"health has no changeFeed report although --kafka-brokers is set: {body}"
    return body["changeFeed"]


def wait_for(
    base_url: str,
    condition: Callable[[dict[str, Any]], bool],
    what: str,
    timeout_s: float = 90.0,
    stable_s: float = 0.0,
) -> dict[str, Any]:
    """Poll the changeFeed report until `condition(report)` has held for `stable_s` seconds;
    fails with the last report."""
    deadline = time.monotonic() + timeout_s
    report: dict[str, Any] = {}
    held_since: float | None = None
    while time.monotonic() < deadline:
        report = change_feed(base_url)
        if condition(report):
            held_since = held_since if held_since is not None else time.monotonic()
            if time.monotonic() - held_since >= stable_s:
                return report
        else:
            held_since = None
        time.sleep(POLL_INTERVAL_S)
    raise AssertionError(f"changeFeed never showed {what} within {timeout_s:.0f}s; last report: {report}")


def drained(report: dict[str, Any]) -> bool:
    return report.get("outboxDepth") == 0 and "brokerError" not in report


# The health report is the relay's view as of its last look at the outbox (every ~50 ms when
# idle): right after an acknowledged write it can still say 0. An empty outbox is trusted once
# it has been reported for this long.
DRAINED_FOR_S = 1.0


def wait_for_drain(base_url: str, timeout_s: float = 90.0) -> dict[str, Any]:
    """Until the outbox is empty (every change acknowledged by the broker or dead-lettered)."""
    return wait_for(base_url, drained, "an empty outbox", timeout_s, stable_s=DRAINED_FOR_S)


def outbox_status(binary: Path, data_dir: Path, env: dict[str, str]) -> str:
    """`langfarm outbox status --data-dir D` (stdout and stderr); fails on a non-zero exit."""
    result = subprocess.run(
        [str(binary), "outbox", "status", "--data-dir", str(data_dir)],
        env=env, capture_output=True, text=True, timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"langfarm outbox status exited {result.returncode}:\n{output}"
    return output


# --------------------------------------------------------------------------
# Analysis of consumed records
# --------------------------------------------------------------------------


def by_entity(records: Iterable[Record]) -> dict[tuple[str, str], list[Record]]:
    """(topic, entity id) -> its records in consumption order."""
    grouped: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        grouped[(record.topic, record.entity_id)].append(record)
    return grouped


def latest(records: Iterable[Record]) -> dict[tuple[str, str], Record]:
    """(topic, entity id) -> the message with the highest row version (ties: the last consumed)."""
    result: dict[tuple[str, str], Record] = {}
    for key, group in by_entity(records).items():
        result[key] = max(reversed(group), key=lambda r: r.row_version)
    return result


def ordering_problems(records: Iterable[Record], allow_replays: bool = False) -> list[str]:
    """Row versions must increase in consumption order within each (topic, partition, key).

    With `allow_replays`, versions already seen on that stream may come again (a relay killed
    after the broker acknowledged but before the outbox was cleared sends them once more, in
    their original order); a version never seen before must still be higher than all before it.
    `duplicate_problems` checks that such repeats are identical.
    """
    seen: dict[tuple[str, int, str | None], set[int]] = defaultdict(set)
    newest: dict[tuple[str, int, str | None], Record] = {}
    problems: list[str] = []
    for record in records:
        stream = (record.topic, record.partition, record.key)
        version = record.row_version
        if version in seen[stream]:
            if not allow_replays:
                problems.append(f"{record.describe()} repeats a row version already consumed")
            continue
        previous = newest.get(stream)
        if previous is not None and version < previous.row_version:
            problems.append(f"{record.describe()} after {previous.describe()}")
        seen[stream].add(version)
        if previous is None or version > previous.row_version:
            newest[stream] = record
    return problems


def missing_versions(records: Iterable[Record], skipped: Iterable[int] = ()) -> list[int]:
    """Row versions (the store's change sequence numbers, 1, 2, 3, ... in a fresh data dir)
    that no consumed message carries, up to the highest consumed: every change is published,
    so only the `skipped` ones (dead letters) may be absent."""
    versions = {record.row_version for record in records}
    return sorted(set(range(1, max(versions, default=0) + 1)) - versions - set(skipped))


def duplicate_problems(records: Iterable[Record]) -> list[str]:
    """A (topic, entity, row version) seen twice must carry the identical value and headers."""
    seen: dict[tuple[str, str, int], Record] = {}
    problems: list[str] = []
    for record in records:
        identity = (record.topic, record.entity_id, record.row_version)
        first = seen.setdefault(identity, record)
        if first is not record and (first.raw != record.raw or first.headers != record.headers):
            problems.append(f"{record.describe()} differs from {first.describe()} with the same row_version")
    return problems


def header_problems(records: Iterable[Record], project_id: str, sdk: tuple[str, str] | None = None) -> list[str]:
    """Headers every message carries: project_id, entity_type (matching the topic), row_version
    (matching the value's), and the SDK's name and version when `sdk` is given."""
    problems: list[str] = []
    for record in records:
        headers = record.headers
        value = record.value
        expected = {
            "project_id": project_id,
            "entity_type": ENTITY_TYPES.get(record.topic, "?"),
            "row_version": str(value.get("row_version")),
        }
        if sdk is not None:
            expected["sdk_name"], expected["sdk_version"] = sdk
        for name, wanted in expected.items():
            if headers.get(name) != wanted:
                problems.append(f"{record.describe()}: header {name}={headers.get(name)!r}, expected {wanted!r}")
        if len(record.header_names) != len(set(record.header_names)):
            problems.append(f"{record.describe()}: repeated headers {record.header_names}")
    return problems


def key_problems(records: Iterable[Record]) -> list[str]:
    """Every message is keyed by its trace id (a trace's own id; observations' and scores' trace_id)."""
    problems: list[str] = []
    for record in records:
        value = record.value
        trace_id = value["id"] if record.topic == "traces" else value.get("trace_id")
        if trace_id is not None and record.key != trace_id:
            problems.append(f"{record.describe()}: key {record.key!r} is not the trace id {trace_id!r}")
    return problems


def show(problems: list[str]) -> str:
    more = f"\n... and {len(problems) - SHOW_AT_MOST} more" if len(problems) > SHOW_AT_MOST else ""
    return "\n".join(problems[:SHOW_AT_MOST]) + more


# --------------------------------------------------------------------------
# The read API's rows, keyed like the consumed messages
# --------------------------------------------------------------------------


def api_rows(server: Any, trace_ids: Iterable[str], observations_endpoint: bool = False) -> dict[tuple[str, str], dict[str, Any]]:
    """(topic, id) -> the row the read API returns, for the traces and everything in them.

    Traces, their scores and (unless `observations_endpoint`) their observations come from
    GET /api/public/traces/{id}; with `observations_endpoint`, each observation is read from
    GET /api/public/observations/{id}.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for trace_id in trace_ids:
        response = server.get_trace(trace_id)
        assert response.status_code == 200, f"GET trace {trace_id}: {response.status_code} {response.text[:200]}"
        trace = response.json()
        rows[("traces", trace_id)] = trace
        for observation in trace.get("observations", []):
            if observations_endpoint:
                single = server.get_observation(observation["id"])
                assert single.status_code == 200, f"GET observation {observation['id']}: {single.status_code}"
                observation = single.json()
            rows[("observations", observation["id"])] = observation
        for score in trace.get("scores", []):
            rows[("scores", score["id"])] = score
    return rows
