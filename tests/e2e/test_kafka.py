"""The Kafka change feed, end to end: `langfarm serve --kafka-brokers` against a real broker.

Why: lake teams build on the topics `traces`, `observations` and `scores` as the current merged
row of every entity. These tests run the real binary, a real Kafka-compatible broker (tansu,
a separate process on a free port) and a real consumer (confluent-kafka from PyPI), and check
what a consumer relies on: every message valid against the shipped JSON Schema, keyed by trace
id, with the documented headers; the latest message of every entity equal to the row the read
API returns; row versions increasing per key; nothing acknowledged lost across broker outages,
a full outbox, a SIGKILL of the server, deletions and a record too large for the broker.

tansu keeps its topics in memory: a restarted broker is empty, so tests that bring the broker
(back) up read only after it is up. Its tansu build has no persistent (postgres) storage.
Consumers assign partitions by hand from offset 0 (no consumer group, no join delay).
Everything waits by polling with generous timeouts; nothing asserts speed.
"""

from __future__ import annotations

import logging
from collections import Counter
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import requests

from conftest import PROJECT_ID, LangfarmServer, _test_failed, fully_acknowledged, run_server, running_in_ci, shut_down

try:
    import confluent_kafka  # noqa: F401  (the consumer)
    import jsonschema  # noqa: F401  (the contract)
    from langfuse import Langfuse
    from langfuse.version import __version__ as SDK_VERSION
except ImportError as exc:  # pragma: no cover - depends on the environment
    if running_in_ci():
        raise ImportError(f"tests/e2e/requirements.txt must be installed in CI: {exc}") from exc
    pytest.skip(f"{exc}; install tests/e2e/requirements.txt or use scripts/test", allow_module_level=True)

from kafka_support import feed
from kafka_support.broker import TansuBroker
from kafka_support.consumer import Record, TopicReader
from kafka_support.fixtures import broker, broker_address, librdkafka, open_reader  # noqa: F401  (fixtures)
from kafka_support.contract import load_validators, row_mismatches, schema_problems
from kafka_support.traffic import entity_ids, trace_batch, trace_update

DRAIN_TIMEOUT_S = 90.0
READ_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 10.0


# --------------------------------------------------------------------------
# Fixtures: a broker, servers publishing to it, consumers reading it
# --------------------------------------------------------------------------


@pytest.fixture
def start_server(
    langfarm_bin: Path, librdkafka: Path, broker_address: TansuBroker, tmp_path: Path, request
) -> Iterator[Callable[..., LangfarmServer]]:
    """Starts `langfarm serve --kafka-brokers <broker>` plus any extra flags; stopped at the end."""
    servers: list[LangfarmServer] = []

    def start(*extra: str) -> LangfarmServer:
        workdir = tmp_path / f"server{len(servers)}"
        server = run_server(langfarm_bin, workdir, feed.serve_args(broker_address.bootstrap, librdkafka, *extra))
        servers.append(server)
        return server

    yield start
    for server in servers:
        shut_down(server, _test_failed(request.node))


@pytest.fixture(scope="module")
def validators():
    return load_validators()


# --------------------------------------------------------------------------
# Shared checks
# --------------------------------------------------------------------------


def assert_well_formed(records: list[Record], validators, sdk: tuple[str, str] | None = None) -> None:
    """Schema-valid, keyed by trace id, with the documented headers."""
    assert records, "no message was consumed"
    problems = schema_problems(records, validators)
    assert not problems, f"messages not valid against deploy/contract schemas:\n{feed.show(problems)}"
    problems = feed.key_problems(records)
    assert not problems, f"messages not keyed by their trace id:\n{feed.show(problems)}"
    problems = feed.header_problems(records, PROJECT_ID, sdk)
    assert not problems, f"message headers wrong:\n{feed.show(problems)}"


def assert_latest_equal_api(records: list[Record], rows: dict[tuple[str, str], dict[str, Any]]) -> None:
    """The newest message of every API row equals that row (every row has a message)."""
    latest = feed.latest(records)
    missing = sorted(set(rows) - set(latest))
    assert not missing, f"{len(missing)} rows never reached the topics: {missing[:10]}"
    problems = []
    for key, row in sorted(rows.items()):
        message = latest[key].value
        if message["is_deleted"] or message["row_kind"] != "+I":
            problems.append(f"{key}: live row published as deleted ({message['row_kind']})")
        problems += [f"{key}: {mismatch}" for mismatch in row_mismatches(key[0], message, row)]
    assert not problems, f"newest messages differ from the read API:\n{feed.show(problems)}"


def assert_in_order(records: list[Record], allow_replays: bool = False) -> None:
    problems = feed.ordering_problems(records, allow_replays=allow_replays)
    assert not problems, f"row versions out of order within a key's partition:\n{feed.show(problems)}"


def assert_every_change_published(records: list[Record], repeats_allowed: bool = False) -> None:
    """Every change of a fresh data dir arrived (no row version missing).

    Without a crash or an outage nothing is published twice. After an outage a round that
    failed half-way is sent again from the first failed change (at-least-once), so repeats
    are then allowed, but only as identical messages.
    """
    missing = feed.missing_versions(records)
    assert not missing, f"changes never published (row versions): {missing[:20]}"
    if repeats_allowed:
        problems = feed.duplicate_problems(records)
        assert not problems, f"a repeated row version with a different message:\n{feed.show(problems)}"
    else:
        counts = Counter(r.row_version for r in records)
        repeated = sorted(v for v, n in counts.items() if n > 1)
        assert not repeated, f"changes published more than once without any crash (row versions): {repeated[:20]}"


def assert_all_published_after_drain(server: LangfarmServer, trace_ids, reader: TopicReader, validators) -> list[Record]:
    """Once the outbox is empty, the topics hold every change of these traces, well formed and
    in order per key, ending with the rows the read API returns; replays of a change are allowed."""
    feed.wait_for_drain(server.base_url, DRAIN_TIMEOUT_S)
    rows = feed.api_rows(server, trace_ids)
    records = reader.read_entities(set(rows), READ_TIMEOUT_S)
    assert_well_formed(records, validators)
    assert_latest_equal_api(records, rows)
    assert_in_order(records, allow_replays=True)
    assert_every_change_published(records, repeats_allowed=True)
    return records


def post(server: LangfarmServer, batch: list[dict[str, Any]]) -> requests.Response:
    return server.post_batch(batch, timeout=REQUEST_TIMEOUT_S)


def post_acknowledged(server: LangfarmServer, batch: list[dict[str, Any]]) -> None:
    response = post(server, batch)
    assert fully_acknowledged(response, batch), f"batch not acknowledged: {response.status_code} {response.text[:300]}"


def broker_down(report: dict[str, Any]) -> bool:
    return report.get("outboxDepth", 0) > 0 and bool(report.get("brokerError"))


# --------------------------------------------------------------------------
# 1. What the real SDK sends reaches the topics as the read API's rows
# --------------------------------------------------------------------------


class SdkLogCollector(logging.Handler):
    """The SDK logs rather than raises on rejected uploads: collect them to fail visibly."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def send_sdk_traffic(server: LangfarmServer, traces: int = 3) -> list[str]:
    """Realistic v2 SDK traffic: nested spans, priced generations, events, scores of every
    data type, trace updates; returns the trace ids."""
    collector = SdkLogCollector()
    sdk_logger = logging.getLogger("langfuse")
    sdk_logger.addHandler(collector)
    langfuse = Langfuse(
        public_key=server.public_key, secret_key=server.secret_key, host=server.base_url, flush_interval=0.2, timeout=10
    )
    trace_ids = []
    try:
        for n in range(traces):
            trace = langfuse.trace(
                id=f"kafka-sdk-{n}-{uuid.uuid4()}", name=f"kafka-sdk-{n}", user_id=f"user-{n}", session_id="session-k",
                release="r1", version="v1", metadata={"n": n, "nested": {"ok": True}}, tags=["kafka"],
                input={"question": f"q{n}"},
            )
            trace_ids.append(trace.id)
            outer = trace.span(name="outer", input={"step": 1}, metadata={"kind": "outer"})
            inner = outer.span(name="inner", input={"step": 2})
            inner.end(output={"ok": True}, level="WARNING", status_message="slow")
            generation = outer.generation(
                name="llm", model="gpt-4o", model_parameters={"max_tokens": 100},
                input=[{"role": "user", "content": f"q{n}"}],
            )
            generation.end(output={"role": "assistant", "content": "a"}, usage={"input": 10 + n, "output": 20})
            priced = trace.generation(
                name="priced", model="custom-model", usage_details={"input": 100, "output": 50},
                cost_details={"input": 0.001, "output": 0.002},
            )
            priced.end(output="done")
            generation.score(name="relevance", value=0.5)
            trace.event(name="cache-hit", input={"key": f"k{n}"})
            outer.end(output={"done": True})
            trace.update(output={"answer": f"a{n}"}, metadata={"updated": True}, tags=["kafka", "updated"])
            langfuse.score(trace_id=trace.id, name="quality", value=0.9, comment="good")
            langfuse.score(trace_id=trace.id, name="verdict", value="pass", data_type="CATEGORICAL")
        langfuse.flush()
    finally:
        langfuse.shutdown()
        sdk_logger.removeHandler(collector)
    assert not collector.messages, f"the SDK logged upload problems: {collector.messages}"
    return trace_ids


def test_sdk_traffic_reaches_the_topics_as_the_rows_the_read_api_returns(
    start_server, broker: TansuBroker, open_reader, validators
) -> None:
    server = start_server()
    trace_ids = send_sdk_traffic(server)

    feed.wait_for_drain(server.base_url, DRAIN_TIMEOUT_S)
    rows = feed.api_rows(server, trace_ids, observations_endpoint=True)
    assert sum(topic == "observations" for topic, _ in rows) == 5 * len(trace_ids), "the SDK's observations are not all readable"
    assert sum(topic == "scores" for topic, _ in rows) == 3 * len(trace_ids), "the SDK's scores are not all readable"

    records = open_reader().read_entities(set(rows), READ_TIMEOUT_S)
    assert feed.change_feed(server.base_url)["outboxDepth"] == 0, "changes arrived after the outbox was reported empty"

    assert_well_formed(records, validators, sdk=("python", SDK_VERSION))
    unexpected = {(r.topic, r.entity_id) for r in records} - set(rows)
    assert not unexpected, f"messages for rows the read API does not have: {sorted(unexpected)[:10]}"
    assert_latest_equal_api(records, rows)
    assert_in_order(records)
    assert_every_change_published(records)
    updated = [key for key, group in feed.by_entity(records).items() if key[0] == "traces" and len(group) > 1]
    assert updated, "trace updates should have published the trace again"
    # The comparison above covered usage, prices and costs, not just empty fields.
    generations = [r.value for key, r in feed.latest(records).items() if r.value.get("type") == "GENERATION"]
    priced_by_model = [g for g in generations if g["name"] == "llm" and g["internal_model_id"] and g["total_cost"]]
    priced_by_client = [g for g in generations if g["name"] == "priced" and g["provided_cost_details"] and g["total_cost"]]
    assert len(priced_by_model) == len(priced_by_client) == len(trace_ids), generations[:2]


# --------------------------------------------------------------------------
# 2. Broker outage: changes wait in the outbox and all arrive, in order, once it is up
# --------------------------------------------------------------------------


def test_changes_made_while_the_broker_is_down_arrive_in_order_once_it_is_up(
    start_server, broker_address: TansuBroker, open_reader, validators
) -> None:
    server = start_server()  # the broker has not started: the relay cannot connect
    trace_ids = [f"outage-{n}-{uuid.uuid4()}" for n in range(4)]
    for trace_id in trace_ids:
        post_acknowledged(server, trace_batch(trace_id))

    report = feed.wait_for(server.base_url, broker_down, "a pending outbox and a broker error", 60)
    assert report["outboxDepth"] > 0, report

    # Ingestion keeps acknowledging while the broker is away (below the outbox capacity).
    for n, trace_id in enumerate(trace_ids):
        post_acknowledged(server, trace_update(trace_id, {"answer": n}))
    assert broker_down(feed.change_feed(server.base_url))

    broker_address.start()
    records = assert_all_published_after_drain(server, trace_ids, open_reader(), validators)
    for trace_id in trace_ids:
        versions = {r.row_version for r in records if r.topic == "traces" and r.entity_id == trace_id}
        assert len(versions) == 2, f"trace {trace_id}: expected its create and its update, got versions {versions}"


# A relay that works recovers within a message timeout (15 s) and a short backoff of the restart.
RECOVERY_TIMEOUT_S = 40.0


def test_relay_recovers_when_the_broker_restarts_without_its_state(
    start_server, broker: TansuBroker, open_reader, validators
) -> None:
    """A broker that comes back empty (tansu's memory storage; in Kafka: lost or expired
    producer state) answers the idempotent producer with UNKNOWN_PRODUCER_ID. The relay must
    start a new producer and deliver everything."""
    server = start_server()
    before = [f"before-{n}-{uuid.uuid4()}" for n in range(3)]
    for trace_id in before:
        post_acknowledged(server, trace_batch(trace_id))
    feed.wait_for_drain(server.base_url, DRAIN_TIMEOUT_S)

    broker.kill()
    during = [f"during-{n}-{uuid.uuid4()}" for n in range(3)]
    for trace_id in during:
        post_acknowledged(server, trace_batch(trace_id))
    for trace_id in before:
        post_acknowledged(server, trace_update(trace_id, {"after": "outage"}))
    feed.wait_for(server.base_url, broker_down, "a pending outbox and a broker error", 60)
    broker.start()

    feed.wait_for(server.base_url, feed.drained, "an empty outbox", RECOVERY_TIMEOUT_S, feed.DRAINED_FOR_S)
    rows = feed.api_rows(server, during)
    for trace_id in before:
        rows[("traces", trace_id)] = feed.api_rows(server, [trace_id])[("traces", trace_id)]
    records = open_reader().read_entities(set(rows), READ_TIMEOUT_S)

    assert_well_formed(records, validators)
    assert_latest_equal_api(records, rows)
    assert_in_order(records, allow_replays=True)
    assert not feed.duplicate_problems(records)


# --------------------------------------------------------------------------
# 3. A full outbox refuses ingestion with 503 until the broker is back
# --------------------------------------------------------------------------

CAPACITY = 5


def test_a_full_outbox_answers_503_with_retry_after_and_loses_nothing_acknowledged(
    start_server, broker_address: TansuBroker, open_reader, validators
) -> None:
    server = start_server("--outbox-capacity", str(CAPACITY))  # broker down
    acknowledged: list[str] = []
    refused: requests.Response | None = None
    deadline = time.monotonic() + 90
    while refused is None and time.monotonic() < deadline:
        trace_id = f"cap-{len(acknowledged)}-{uuid.uuid4()}"
        batch = trace_update(trace_id, {"n": len(acknowledged)})  # one change per request
        response = post(server, batch)
        if response.status_code == 503:
            refused = response
        else:
            assert fully_acknowledged(response, batch), f"{response.status_code}: {response.text[:300]}"
            acknowledged.append(trace_id)
            time.sleep(0.2)
    assert refused is not None, f"ingestion never answered 503; {len(acknowledged)} changes pending, capacity {CAPACITY}"

    assert len(acknowledged) >= CAPACITY, f"refused at {len(acknowledged)} pending changes, below the capacity {CAPACITY}"
    retry_after = refused.headers.get("Retry-After", "")
    assert retry_after.isdigit() and int(retry_after) > 0, f"503 without a usable Retry-After: {refused.headers}"
    message = refused.json().get("message", "")
    assert "outbox" in message.lower() and "retry" in message.lower(), f"503 does not say why: {refused.text}"
    report = feed.change_feed(server.base_url)
    assert report["outboxDepth"] >= CAPACITY and report["outboxCapacity"] == CAPACITY, report
    still_full = post(server, trace_update(f"cap-refused-{uuid.uuid4()}", {}))
    assert still_full.status_code == 503, f"a full outbox accepted a write: {still_full.status_code}"

    broker_address.start()
    feed.wait_for_drain(server.base_url, DRAIN_TIMEOUT_S)
    after = f"cap-after-{uuid.uuid4()}"
    batch = trace_update(after, {"after": True})
    deadline = time.monotonic() + 30
    while (response := post(server, batch)).status_code == 503 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert fully_acknowledged(response, batch), f"ingestion did not recover after the outbox drained: {response.status_code}"
    acknowledged.append(after)

    assert_all_published_after_drain(server, acknowledged, open_reader(), validators)


def test_ingestion_is_refused_once_the_outbox_holds_its_capacity(start_server, broker_address: TansuBroker) -> None:
    server = start_server("--outbox-capacity", str(CAPACITY))  # broker down
    for n in range(CAPACITY):
        response = post(server, trace_update(f"cap-strict-{n}-{uuid.uuid4()}", {}))
        assert response.status_code == 207, f"refused below capacity at {n}: {response.status_code}"
        time.sleep(0.5)  # the relay has noticed the first change and is trying to publish it
    # The relay refreshes what the cap sees every second while the broker is away; allow three.
    time.sleep(3)
    response = post(server, trace_update(f"cap-strict-over-{uuid.uuid4()}", {}))
    assert response.status_code == 503, (
        f"{CAPACITY} changes pending (capacity {CAPACITY}) but ingestion answered {response.status_code}; "
        f"health: {feed.change_feed(server.base_url)}"
    )


def test_health_counts_every_acknowledged_change_as_pending_while_the_broker_is_down(
    start_server, broker_address: TansuBroker
) -> None:
    server = start_server()  # broker down: nothing can leave the outbox
    for n in range(1, 4):
        post_acknowledged(server, trace_update(f"depth-{n}-{uuid.uuid4()}", {}))  # one change
        report = feed.change_feed(server.base_url)
        assert report["outboxDepth"] == n, f"{n} changes acknowledged and pending, health reports {report}"
        time.sleep(0.5)


# --------------------------------------------------------------------------
# 4. SIGKILL of the server while the relay publishes: nothing acknowledged is lost
# --------------------------------------------------------------------------

SENDERS = 4
SEND_BEFORE_KILL_S = 2.5
SENDER_DEADLINE_S = 20.0


@dataclass
class Sender:
    """A client thread posting whole traces until stopped or the server goes away."""

    index: int
    server: LangfarmServer
    stop: threading.Event
    nonce: str
    acknowledged: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self.run, name=f"kafka-sender-{self.index}", daemon=True)
        self.thread.start()

    def run(self) -> None:
        session = requests.Session()
        url = self.server.url("/api/public/ingestion")
        deadline = time.monotonic() + SENDER_DEADLINE_S
        sequence = 0
        while not self.stop.is_set() and time.monotonic() < deadline:
            trace_id = f"kill-{self.nonce}-{self.index}-{sequence}"
            sequence += 1
            batch = trace_batch(trace_id) + trace_update(trace_id, {"sequence": sequence})
            try:
                response = session.post(url, json={"batch": batch}, auth=self.server.auth, timeout=REQUEST_TIMEOUT_S)
            except requests.RequestException:
                break  # the server was killed; this batch's fate is unknown, it is not counted
            if fully_acknowledged(response, batch):
                self.acknowledged.append(trace_id)
            else:
                self.rejected.append(f"{response.status_code}: {response.text[:200]}")
        session.close()


def test_acknowledged_rows_reach_the_topics_after_a_sigkill_while_publishing(
    start_server, broker: TansuBroker, open_reader, validators
) -> None:
    server = start_server()
    reader = open_reader_when_topics_exist(server, open_reader)

    stop = threading.Event()
    senders = [Sender(i, server, stop, uuid.uuid4().hex[:8]) for i in range(SENDERS)]
    for sender in senders:
        sender.start()
    time.sleep(SEND_BEFORE_KILL_S)
    pending_at_kill = feed.change_feed(server.base_url)["outboxDepth"]
    server.kill()
    stop.set()
    for sender in senders:
        sender.thread.join(timeout=REQUEST_TIMEOUT_S + 5)
    assert not any(s.thread.is_alive() for s in senders), "a sender did not stop"

    acknowledged = [trace_id for s in senders for trace_id in s.acknowledged]
    rejected = [r for s in senders for r in s.rejected]
    assert not rejected, f"batches not acknowledged while the server was up: {rejected[:5]}"
    assert len(acknowledged) >= 20, f"only {len(acknowledged)} traces acknowledged before the kill; too few to test"
    published_before_kill = len(reader.read_until_quiet(quiet_s=1.0))
    assert published_before_kill > 0, "the relay published nothing before the kill; the kill did not interrupt it"

    server.restart()
    feed.wait_for_drain(server.base_url, DRAIN_TIMEOUT_S)
    expected = set().union(*(entity_ids(trace_id) for trace_id in acknowledged))
    records = reader.read_entities(expected, READ_TIMEOUT_S)

    assert_well_formed(records, validators)
    problems = feed.duplicate_problems(records)
    assert not problems, f"a repeated row version with a different message:\n{feed.show(problems)}"
    assert_in_order(records, allow_replays=True)
    published_ids = {key[1] for key in feed.latest(records) if key[0] == "traces"}
    rows = feed.api_rows(server, sorted(published_ids))  # acknowledged ones and any committed in flight
    missing = sorted(expected - set(rows))
    assert not missing, f"{len(missing)} acknowledged rows are missing from the topics: {missing[:10]}"
    assert_latest_equal_api(records, rows)
    print(
        f"{len(acknowledged)} traces acknowledged, {pending_at_kill} changes pending at the kill, "
        f"{published_before_kill} messages before it, {len(records)} after the restart"
    )


def open_reader_when_topics_exist(server: LangfarmServer, open_reader) -> TopicReader:
    """Langfarm creates the topics on its first publish: publish one trace, then open a reader."""
    trace_id = f"warm-up-{uuid.uuid4()}"
    post_acknowledged(server, trace_batch(trace_id))
    feed.wait_for_drain(server.base_url, DRAIN_TIMEOUT_S)
    return open_reader()


# --------------------------------------------------------------------------
# 5. Deleting traces publishes their rows once more as deleted
# --------------------------------------------------------------------------


def test_deleting_traces_publishes_their_rows_again_marked_deleted(
    start_server, broker: TansuBroker, open_reader, validators
) -> None:
    server = start_server()
    one, bulk, kept = (f"{name}-{uuid.uuid4()}" for name in ("delete-one", "delete-bulk", "keep"))
    for trace_id in (one, bulk, kept):
        post_acknowledged(server, trace_batch(trace_id))
    feed.wait_for_drain(server.base_url, DRAIN_TIMEOUT_S)
    before = feed.api_rows(server, [one, bulk, kept])
    reader = open_reader()
    reader.read_entities(set(before), READ_TIMEOUT_S)
    newest_before = {key: record.row_version for key, record in feed.latest(reader.records).items()}

    response = server.session.delete(server.url(f"/api/public/traces/{one}"), auth=server.auth, timeout=REQUEST_TIMEOUT_S)
    assert response.status_code == 200, f"DELETE trace: {response.status_code} {response.text[:200]}"
    response = server.session.delete(
        server.url("/api/public/traces"), json={"traceIds": [bulk]}, auth=server.auth, timeout=REQUEST_TIMEOUT_S
    )
    assert response.status_code == 200, f"DELETE traces: {response.status_code} {response.text[:200]}"
    for trace_id in (one, bulk):
        assert server.get_trace(trace_id).status_code == 404, f"{trace_id} still readable after DELETE"

    feed.wait_for_drain(server.base_url, DRAIN_TIMEOUT_S)
    deleted = entity_ids(one) | entity_ids(bulk)
    records = reader.read_until(
        lambda rs: all(feed.latest(rs)[key].value["is_deleted"] for key in deleted), READ_TIMEOUT_S
    )
    assert_well_formed(records, validators)
    assert_in_order(records)

    latest = feed.latest(records)
    problems = []
    for key in sorted(deleted):
        message = latest[key].value
        if not (message["is_deleted"] and message["row_kind"] == "-D"):
            problems.append(f"{key}: newest message is not a deletion ({message['is_deleted']}, {message['row_kind']})")
        if message["row_version"] <= newest_before[key]:
            problems.append(f"{key}: deletion has row_version {message['row_version']} <= {newest_before[key]}")
        # The deletion carries the row's last state (only its lifecycle fields change).
        problems += [
            f"{key}: {m}" for m in row_mismatches(key[0], message, before[key]) if not m.startswith("updated_at")
        ]
    assert not problems, f"deleted rows not published as deletions:\n{feed.show(problems)}"
    kept_messages = [r for r in records if r.key == kept]
    assert kept_messages and not any(r.value["is_deleted"] for r in kept_messages), "the kept trace was published as deleted"
    assert server.get_trace(kept).status_code == 200


# --------------------------------------------------------------------------
# 6. A record too large for the broker is dead-lettered, and does not block the others
# --------------------------------------------------------------------------

OVERSIZE_BYTES = 1_500_000  # librdkafka's message.max.bytes defaults to 1,000,000


def test_a_record_too_large_for_the_broker_is_dead_lettered_without_blocking_the_rest(
    start_server, broker: TansuBroker, open_reader, validators, langfarm_bin: Path
) -> None:
    server = start_server()
    first, second = f"oversize-{uuid.uuid4()}", f"after-oversize-{uuid.uuid4()}"
    batch = trace_batch(first)
    oversize = batch[2]["body"]  # the generation
    oversize["input"] = [{"role": "user", "content": "x" * OVERSIZE_BYTES}]
    oversize_id = oversize["id"]
    post_acknowledged(server, batch)
    post_acknowledged(server, trace_batch(second))

    report = feed.wait_for_drain(server.base_url, DRAIN_TIMEOUT_S)
    assert report["deadLetters"] == 1, f"expected exactly one dead letter: {report}"

    expected = (entity_ids(first) | entity_ids(second)) - {("observations", oversize_id)}
    records = open_reader().read_entities(expected, READ_TIMEOUT_S)
    assert_well_formed(records, validators)
    assert_in_order(records)
    assert not [r for r in records if r.entity_id == oversize_id], "the oversized record reached the topic"
    rows = feed.api_rows(server, [first, second])
    assert ("observations", oversize_id) in rows, "the oversized generation is not readable through the API"
    del rows[("observations", oversize_id)]
    assert_latest_equal_api(records, rows)
    missing = feed.missing_versions(records)
    assert len(missing) == 1, f"expected only the oversized change to be missing from the topics, missing: {missing}"
    oversize_version = missing[0]

    deadline = time.monotonic() + 30
    while True:  # the CLI reads the store, which the relay clears in batches
        status = feed.outbox_status(langfarm_bin, server.data_dir, server.env)
        if "MSG_SIZE_TOO_LARGE" in status or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    lines = [line for line in status.splitlines() if oversize_id in line]
    assert re.search(r"^dead letters:\s+1$", status, re.MULTILINE), status
    assert len(lines) == 1 and "MSG_SIZE_TOO_LARGE" in lines[0] and f"#{oversize_version} " in lines[0], status
