"""Several servers on one PostgreSQL store, end to end: `langfarm serve --database-url`.

Why: a team that outgrows one machine runs several stateless servers behind a load balancer on
one PostgreSQL. What they rely on: every acknowledged event is stored whichever server took it,
even when a server dies mid-request; the rows are the rows one embedded server would have made
of the same traffic; the Kafka change feed keeps every change, in order per trace, whichever
server publishes it; and a database that goes away costs 503s with `Retry-After`, never data or
a crashed server.

A throwaway PostgreSQL (Debian's `postgresql` package, tests/e2e/postgres_support.py) and a
Kafka-compatible broker (tansu) run as separate processes; the servers are the real binary.
Nothing asserts speed: everything waits by polling with generous timeouts.
"""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
import requests

from conftest import LangfarmServer, _test_failed, fully_acknowledged, run_server, server_env, shut_down
from kafka_support import feed
from kafka_support.broker import TansuBroker
from kafka_support.contract import load_validators, row_mismatches, schema_problems
from kafka_support.fixtures import broker, broker_address, librdkafka, open_reader  # noqa: F401  (fixtures)
from kafka_support.traffic import trace_batch, trace_update
from postgres_support import ThrowawayPostgres
from spread import Recording, Rotation, SpreadingTransport, post_until_acknowledged

from langfuse import Langfuse

SENDERS = 6
DRAIN_TIMEOUT_S = 120.0
READ_TIMEOUT_S = 60.0
# Fields a server stamps with its own clock when it writes a row: the same traffic sent twice
# gets other values, so they are left out of the comparison.
SERVER_CLOCK_FIELDS = {"createdAt", "updatedAt"}


# --------------------------------------------------------------------------
# Fixtures: a PostgreSQL cluster, servers on it
# --------------------------------------------------------------------------


def start_cluster() -> ThrowawayPostgres:
    cluster = ThrowawayPostgres()
    cluster.init()
    cluster.start()
    return cluster


@pytest.fixture(scope="module")
def cluster() -> Iterator[ThrowawayPostgres]:
    """One PostgreSQL for the module's tests; each test takes a database of its own."""
    cluster = start_cluster()
    yield cluster
    cluster.remove()


@pytest.fixture
def servers(langfarm_bin: Path, tmp_path: Path, request) -> Iterator[list[LangfarmServer]]:
    """Servers started by the test (`start_on`); all stopped at the end."""
    started: list[LangfarmServer] = []
    yield started
    for server in started:
        shut_down(server, _test_failed(request.node))


def start_on(
    servers: list[LangfarmServer], binary: Path, workdir: Path, database_url: str, *extra: str
) -> LangfarmServer:
    server = run_server(binary, workdir / f"server{len(servers)}", ["--database-url", database_url, *extra])
    servers.append(server)
    return server


# --------------------------------------------------------------------------
# Comparing what two setups stored
# --------------------------------------------------------------------------


def without_server_clock(value: Any) -> Any:
    """`value` without the server-clock fields, lists of rows sorted by id."""
    if isinstance(value, dict):
        return {k: without_server_clock(v) for k, v in value.items() if k not in SERVER_CLOCK_FIELDS}
    if isinstance(value, list):
        items = [without_server_clock(v) for v in value]
        if all(isinstance(item, dict) and "id" in item for item in items):
            items.sort(key=lambda item: item["id"])
        return items
    return value


def stored_traces(server: LangfarmServer, trace_ids: set[str]) -> dict[str, Any]:
    """Trace id -> the trace with its observations and scores, as the read API returns it."""
    traces = {}
    for trace_id in sorted(trace_ids):
        response = server.get_trace(trace_id)
        assert response.status_code == 200, f"GET trace {trace_id} on {server.base_url}: {response.status_code} {response.text[:200]}"
        traces[trace_id] = without_server_clock(response.json())
    return traces


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    problems = []
    for trace_id in sorted(set(expected) | set(actual)):
        if expected.get(trace_id) != actual.get(trace_id):
            problems.append(
                f"{trace_id}:\n  embedded:   {json.dumps(expected.get(trace_id), sort_keys=True)[:600]}"
                f"\n  postgresql: {json.dumps(actual.get(trace_id), sort_keys=True)[:600]}"
            )
    return problems


def replay(recording: Recording, server: LangfarmServer) -> None:
    """Sends the recorded bodies to `server`, one at a time, in the order they were acknowledged."""
    for body in recording.bodies:
        response = server.session.post(
            server.url("/api/public/ingestion"), data=body, auth=server.auth, timeout=30,
            headers={"Content-Type": "application/json"},
        )
        batch = json.loads(body)["batch"]
        assert fully_acknowledged(response, batch), f"replay refused: {response.status_code} {response.text[:300]}"


# --------------------------------------------------------------------------
# Traffic
# --------------------------------------------------------------------------


def send_sdk_traffic(rotation: Rotation, recording: Recording, traces: int = 4) -> None:
    """The real Langfuse SDK (2.x), its requests spread over the servers: nested spans, priced
    generations, events, scores and trace updates."""
    client = httpx.Client(transport=SpreadingTransport(rotation, recording), timeout=30)
    langfuse = Langfuse(
        public_key="pk-lf-e2e", secret_key="sk-lf-e2e", host="http://balancer.invalid", flush_at=3,
        flush_interval=0.1, httpx_client=client,
    )
    try:
        for n in range(traces):
            trace = langfuse.trace(
                id=f"pg-sdk-{n}-{uuid.uuid4()}", name=f"pg-sdk-{n}", user_id=f"user-{n}", session_id="session-pg",
                metadata={"n": n}, tags=["pg"], input={"question": f"q{n}"},
            )
            outer = trace.span(name="outer", input={"step": 1})
            generation = outer.generation(
                name="llm", model="gpt-4o", input=[{"role": "user", "content": f"q{n}"}],
            )
            generation.end(output={"role": "assistant", "content": "a"}, usage={"input": 10 + n, "output": 20})
            generation.score(name="relevance", value=0.5)
            trace.event(name="cache-hit", input={"key": f"k{n}"})
            outer.end(output={"done": True})
            trace.update(output={"answer": f"a{n}"}, tags=["pg", "updated"])
            langfuse.score(trace_id=trace.id, name="verdict", value="pass", data_type="CATEGORICAL")
        langfuse.flush()
    finally:
        langfuse.shutdown()
        client.close()


class Senders:
    """Threads posting whole traces, then an update of each, spread over the servers until
    told to stop; every batch is posted until some server acknowledges it."""

    def __init__(self, rotation: Rotation, recording: Recording, auth: tuple[str, str]) -> None:
        self.rotation = rotation
        self.recording = recording
        self.auth = auth
        self.stop = threading.Event()
        self.failures: list[str] = []
        self.threads = [threading.Thread(target=self.run, args=(n,), daemon=True) for n in range(SENDERS)]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def run(self, index: int) -> None:
        session = requests.Session()
        nonce = uuid.uuid4().hex[:6]
        sequence = 0
        try:
            while not self.stop.is_set():
                trace_id = f"pg-load-{nonce}-{index}-{sequence}"
                sequence += 1
                post_until_acknowledged(self.rotation, self.recording, trace_batch(trace_id, name="pg-load"), self.auth, session)
                post_until_acknowledged(self.rotation, self.recording, trace_update(trace_id, {"n": sequence}), self.auth, session)
        except AssertionError as failure:
            self.failures.append(str(failure))
        finally:
            session.close()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in self.threads), "a sender did not stop"
        assert not self.failures, f"senders failed: {self.failures[:3]}"


def relay_holder(cluster: ThrowawayPostgres, database: str) -> int | None:
    """The pid of the server whose relay holds the change feed's lease now."""
    holder = cluster.psql(
        "SELECT relay FROM outbox_state WHERE id = 1 AND relay_lease_expires > now()", database=database
    ).stdout.strip()
    return int(holder.split("/")[1]) if holder else None


def wait_for_relay(cluster: ThrowawayPostgres, database: str, servers: list[LangfarmServer]) -> LangfarmServer:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pid = relay_holder(cluster, database)
        for server in servers:
            if server.process is not None and server.process.poll() is None and server.pid == pid:
                return server
        time.sleep(0.2)
    raise AssertionError("no running server's relay took the change feed's lease within 60 s")


# --------------------------------------------------------------------------
# 1. Two servers, one store: kills, failover, and the same rows as one embedded server
# --------------------------------------------------------------------------


def test_two_servers_on_one_store_keep_every_acknowledged_event_and_make_the_rows_one_server_makes(
    cluster: ThrowawayPostgres, servers: list[LangfarmServer], langfarm_bin: Path, tmp_path: Path,
    librdkafka: Path, broker: TansuBroker, open_reader,
) -> None:
    database_url = cluster.create_database()
    database = database_url.rsplit("/", 1)[1]
    kafka = feed.serve_args(broker.bootstrap, librdkafka)
    first = start_on(servers, langfarm_bin, tmp_path, database_url, *kafka)
    second = start_on(servers, langfarm_bin, tmp_path, database_url, *kafka)
    rotation = Rotation([lambda: first.base_url, lambda: second.base_url])
    recording = Recording()

    send_sdk_traffic(rotation, recording)
    senders = Senders(rotation, recording, first.auth)
    senders.start()
    time.sleep(2)
    second.kill()  # mid-load: its in-flight batches go to the first server
    time.sleep(1)
    second.restart()
    publishing = wait_for_relay(cluster, database, [first, second])
    assert "outboxDepth" in feed.change_feed(publishing.base_url), "the publishing server reports its outbox"
    time.sleep(1)
    publishing.kill()  # the relay's server, while it publishes under load
    time.sleep(1)
    publishing.restart()
    time.sleep(2)
    senders.finish()

    trace_ids = recording.trace_ids()
    assert len(recording.bodies) >= 40, f"only {len(recording.bodies)} batches acknowledged; too few to test"
    assert recording.failovers > 0, "no request had to move to the other server: the kills did not interrupt the load"

    # Every acknowledged event is stored, as one embedded server stores the same traffic.
    on_postgres = stored_traces(first, trace_ids)
    assert stored_traces(second, trace_ids) == on_postgres, "the two servers read different rows from one store"
    embedded = run_server(langfarm_bin, tmp_path / "embedded")
    try:
        replay(recording, embedded)
        expected = stored_traces(embedded, trace_ids)
    finally:
        shut_down(embedded, False)
    problems = differences(expected, on_postgres)
    assert not problems, f"{len(problems)} traces differ from one embedded server's:\n" + "\n".join(problems[:3])

    # Every row reached Kafka in its stored state, in order per trace, whichever server published
    # it. Row versions may be missing: a change whose row changed again before the relay read it
    # is left out, its later change carrying the newer state (docs/KAFKA.md), and with two
    # servers the relay reads the other server's changes from the outbox table.
    for server in (first, second):
        feed.wait_for_drain(server.base_url, DRAIN_TIMEOUT_S)
    rows = feed.api_rows(first, trace_ids)
    records = open_reader().read_entities(set(rows), READ_TIMEOUT_S)
    problems = schema_problems(records, load_validators()) + feed.key_problems(records)
    problems += feed.ordering_problems(records, allow_replays=True) + feed.duplicate_problems(records)
    latest = feed.latest(records)
    for key, row in rows.items():
        problems += [f"{key}: {mismatch}" for mismatch in row_mismatches(key[0], latest[key].value, row)]
    assert not problems, f"the change feed is wrong:\n{feed.show(problems)}"
    print(
        f"{len(recording.bodies)} batches acknowledged ({recording.failovers} retried on the other server), "
        f"{len(trace_ids)} traces, {len(records)} messages"
    )


# --------------------------------------------------------------------------
# 2. The database goes away under load: 503 with Retry-After, then recovery by itself
# --------------------------------------------------------------------------


def test_losing_the_database_under_load_answers_503_with_retry_after_and_recovers_by_itself(
    servers: list[LangfarmServer], langfarm_bin: Path, tmp_path: Path
) -> None:
    cluster = start_cluster()  # its own: this test stops it
    try:
        server = start_on(servers, langfarm_bin, tmp_path, cluster.create_database())
        acknowledged: list[tuple[float, str]] = []
        refusals: list[requests.Response] = []
        stop = threading.Event()

        def send(index: int) -> None:
            session = requests.Session()
            sequence = 0
            while not stop.is_set():
                trace_id = f"pg-outage-{index}-{sequence}"
                sequence += 1
                batch = trace_batch(trace_id, name="pg-outage")
                try:
                    response = session.post(server.url("/api/public/ingestion"), json={"batch": batch}, auth=server.auth, timeout=30)
                except requests.RequestException:
                    continue
                if fully_acknowledged(response, batch):
                    acknowledged.append((time.monotonic(), trace_id))
                else:
                    refusals.append(response)
                    time.sleep(0.1)
            session.close()

        threads = [threading.Thread(target=send, args=(n,), daemon=True) for n in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        cluster.stop(signal.SIGINT)  # fast shutdown: every session of the server is ended
        time.sleep(8)
        outage = requests.get(server.url("/api/public/health"), timeout=30)
        cluster.start()
        back = time.monotonic()
        deadline = back + 60
        while time.monotonic() < deadline and not any(at > back + 1 for at, _ in acknowledged):
            time.sleep(0.2)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        assert server.process.poll() is None, f"the server exited when the database went away\n{server.log_tail()}"
        assert outage.status_code == 503, f"health answered {outage.status_code} while the database was down"
        unavailable = [r for r in refusals if r.status_code == 503]
        assert unavailable, f"no 503 while the database was down; refusals: {[r.status_code for r in refusals][:10]}"
        assert all(r.headers.get("Retry-After") for r in unavailable), "a 503 without Retry-After"
        assert all(r.status_code == 503 for r in refusals), f"refusals other than 503: {[r.text[:200] for r in refusals if r.status_code != 503][:3]}"
        assert any(at > back + 1 for at, _ in acknowledged), "ingestion did not recover after the database came back"
        missing = [trace_id for _, trace_id in acknowledged if server.get_trace(trace_id).status_code != 200]
        assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged traces are missing: {missing[:5]}"
        assert requests.get(server.url("/api/public/health"), timeout=30).status_code == 200
    finally:
        cluster.remove()


# --------------------------------------------------------------------------
# 3. The CLI on a shared store
# --------------------------------------------------------------------------


def langfarm(binary: Path, *arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), *arguments], env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_cli_commands_work_on_the_shared_store_and_refuse_what_cannot_work(
    cluster: ThrowawayPostgres, servers: list[LangfarmServer], langfarm_bin: Path, tmp_path: Path
) -> None:
    database_url = cluster.create_database()
    env = {**server_env(), "DATABASE_URL": database_url}

    created = langfarm(langfarm_bin, "keys", "create", "--project", "cli-project", env=env)
    assert created.returncode == 0, created.stderr
    public_key = next(line.split("=", 1)[1] for line in created.stdout.splitlines() if line.startswith("LANGFUSE_PUBLIC_KEY="))
    secret_key = next(line.split("=", 1)[1] for line in created.stdout.splitlines() if line.startswith("LANGFUSE_SECRET_KEY="))
    server = start_on(servers, langfarm_bin, tmp_path, database_url)
    response = requests.get(server.url("/api/public/projects"), auth=(public_key, secret_key), timeout=10)
    assert response.status_code == 200 and response.json()["data"][0]["id"] == "cli-project", response.text

    batch = trace_batch(f"cli-{uuid.uuid4()}")
    response = requests.post(server.url("/api/public/ingestion"), json={"batch": batch}, auth=(public_key, secret_key), timeout=10)
    assert fully_acknowledged(response, batch), response.text
    for arguments in (["keys", "list"], ["rebuild"], ["costs", "recompute"], ["outbox", "status"], ["users", "list"]):
        result = langfarm(langfarm_bin, *arguments, env=env)
        assert result.returncode == 0, f"langfarm {' '.join(arguments)}: {result.stderr[-1000:]}"
    assert public_key in langfarm(langfarm_bin, "keys", "list", env=env).stdout
    assert "1 traces" in langfarm(langfarm_bin, "rebuild", env=env).stdout
    retention = langfarm(langfarm_bin, "projects", "set-retention", "cli-project", "45", env=env)
    assert retention.returncode == 0, retention.stderr
    assert "cli-project\tcli-project\t45 days" in langfarm(langfarm_bin, "projects", "list", env=env).stdout
    projects = requests.get(server.url("/api/public/projects"), auth=(public_key, secret_key), timeout=10).json()["data"]
    assert projects[0]["retentionDays"] == 45, "every server reads the shared setting"

    revoked = langfarm(langfarm_bin, "keys", "revoke", public_key, env=env)
    assert revoked.returncode == 0, revoked.stderr
    deadline = time.monotonic() + 15  # every server stops accepting a revoked key within 15 s
    while time.monotonic() < deadline:
        if requests.get(server.url("/api/public/projects"), auth=(public_key, secret_key), timeout=10).status_code == 401:
            break
        time.sleep(0.5)
    else:
        raise AssertionError("a revoked key still works after 15 s")

    no_salt = {k: v for k, v in env.items() if k != "SALT"}
    listed = langfarm(langfarm_bin, "keys", "list", env=no_salt)
    assert listed.returncode == 0, f"listing keys needs no salt: {listed.stderr[-500:]}"
    refused = langfarm(langfarm_bin, "serve", "--port", "1", env=no_salt)
    assert refused.returncode != 0 and "SALT" in refused.stderr, refused.stderr[-500:]

    wrong_scheme = langfarm(langfarm_bin, "keys", "list", "--database-url", "mysql://root@localhost/db", env=env)
    assert wrong_scheme.returncode != 0 and "postgres://" in wrong_scheme.stderr, wrong_scheme.stderr[-500:]
    user, rest = database_url.removeprefix("postgres://").split(":", 1)
    wrong_password = f"postgres://{user}:not-the-password@{rest.split('@', 1)[1]}"
    refused = langfarm(langfarm_bin, "keys", "list", "--database-url", wrong_password, env=env)
    assert refused.returncode != 0 and "password" in refused.stderr.lower(), refused.stderr[-500:]
    assert "not-the-password" not in refused.stderr, "the password was printed"


# --------------------------------------------------------------------------
# 4. What one server changes, the other uses
# --------------------------------------------------------------------------


def test_a_model_price_created_through_one_server_prices_generations_on_the_other(
    cluster: ThrowawayPostgres, servers: list[LangfarmServer], langfarm_bin: Path, tmp_path: Path
) -> None:
    database_url = cluster.create_database()
    first = start_on(servers, langfarm_bin, tmp_path, database_url)
    second = start_on(servers, langfarm_bin, tmp_path, database_url)
    model = {
        "modelName": "house-llm", "matchPattern": "(?i)^house-llm$", "unit": "TOKENS",
        "inputPrice": 0.000001, "outputPrice": 0.000002,
    }
    created = requests.post(first.url("/api/public/models"), json=model, auth=first.auth, timeout=10)
    assert created.status_code == 200, created.text

    now = "2026-12-03T09:00:00.000Z"
    batch = [{
        "id": str(uuid.uuid4()), "type": "generation-create", "timestamp": now,
        "body": {
            "id": "priced-on-the-other", "traceId": "priced-trace", "startTime": now, "model": "house-llm",
            "usageDetails": {"input": 1000, "output": 100},
        },
    }]
    response = requests.post(second.url("/api/public/ingestion"), json={"batch": batch}, auth=second.auth, timeout=10)
    assert fully_acknowledged(response, batch), response.text
    generation = first.get_observation("priced-on-the-other").json()
    assert generation["modelId"] == created.json()["id"], generation
    assert generation["calculatedTotalCost"] == pytest.approx(0.0012), generation
