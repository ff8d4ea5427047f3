"""Acknowledged means durable: a 207 survives SIGKILL of the server.

Why: Langfuse clients drop a batch once it is acknowledged, so an ack sent
before the events are committed would silently lose data on a crash. This
test sends from several threads, kills the server with SIGKILL mid-stream
(no shutdown hook can run), restarts it on the same data dir and checks
that every acknowledged batch is readable.

Everything is bounded: senders stop on the first connection error, at a
hard deadline, or when told to; joins and reads have timeouts.
"""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import requests

from conftest import LangfarmServer, fully_acknowledged

SENDERS = 8
SEND_BEFORE_KILL_S = 2.0
SENDER_DEADLINE_S = 20.0
REQUEST_TIMEOUT_S = 5.0
MIN_ACKED_BATCHES = 50
VERIFY_WORKERS = 8
SHOW_AT_MOST = 10


def iso_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def small_batch(trace_id: str, span_id: str) -> list[dict[str, Any]]:
    """A trace-create and a span-create: the smallest batch with a parent/child pair."""
    now = iso_now()
    return [
        {
            "id": f"{trace_id}-ev1",
            "type": "trace-create",
            "timestamp": now,
            "body": {"id": trace_id, "timestamp": now, "name": "durability", "input": {"n": trace_id}},
        },
        {
            "id": f"{trace_id}-ev2",
            "type": "span-create",
            "timestamp": now,
            "body": {"id": span_id, "traceId": trace_id, "name": "work", "startTime": now},
        },
    ]


@dataclass
class Ack:
    trace_id: str
    span_id: str


@dataclass
class Sender:
    """One client thread posting batches until stopped or the server goes away."""

    index: int
    url: str
    auth: tuple[str, str]
    stop: threading.Event
    deadline: float
    nonce: str
    acked: list[Ack] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    ended_by: str = "not started"
    thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self.run, name=f"sender-{self.index}", daemon=True)
        self.thread.start()

    def run(self) -> None:
        session = requests.Session()
        sequence = 0
        self.ended_by = "stop or deadline"
        while not self.stop.is_set() and time.monotonic() < self.deadline:
            trace_id = f"dur-{self.nonce}-{self.index}-{sequence}"
            span_id = f"{trace_id}-span"
            batch = small_batch(trace_id, span_id)
            sequence += 1
            try:
                response = session.post(self.url, json={"batch": batch}, auth=self.auth, timeout=REQUEST_TIMEOUT_S)
            except requests.RequestException as exc:
                self.ended_by = f"connection error: {type(exc).__name__}"
                break
            if fully_acknowledged(response, batch):
                self.acked.append(Ack(trace_id, span_id))
            else:
                self.rejected.append(f"{response.status_code}: {response.text[:200]}")
        session.close()


def start_senders(server: LangfarmServer, stop: threading.Event) -> list[Sender]:
    nonce = uuid.uuid4().hex[:8]
    deadline = time.monotonic() + SENDER_DEADLINE_S
    senders = [
        Sender(i, server.url("/api/public/ingestion"), server.auth, stop, deadline, nonce) for i in range(SENDERS)
    ]
    for sender in senders:
        sender.start()
    return senders


def join_all(senders: list[Sender]) -> None:
    for sender in senders:
        sender.thread.join(timeout=REQUEST_TIMEOUT_S + 5)
    stuck = [s.index for s in senders if s.thread.is_alive()]
    assert not stuck, f"senders {stuck} did not stop"


def is_readable(server: LangfarmServer, ack: Ack) -> str | None:
    """None if the trace and its span read back; otherwise why not."""
    try:
        response = requests.get(
            server.url(f"/api/public/traces/{ack.trace_id}"), auth=server.auth, timeout=REQUEST_TIMEOUT_S
        )
    except requests.RequestException as exc:
        return f"{ack.trace_id}: {exc!r}"
    if response.status_code != 200:
        return f"{ack.trace_id}: HTTP {response.status_code}"
    observation_ids = {o.get("id") for o in response.json().get("observations", [])}
    if ack.span_id not in observation_ids:
        return f"{ack.trace_id}: span {ack.span_id} missing"
    return None


def unreadable(server: LangfarmServer, acks: list[Ack]) -> list[str]:
    with ThreadPoolExecutor(max_workers=VERIFY_WORKERS) as pool:
        return [problem for problem in pool.map(lambda a: is_readable(server, a), acks) if problem]


def test_acknowledged_batches_survive_sigkill(server: LangfarmServer) -> None:
    stop = threading.Event()
    senders = start_senders(server, stop)
    time.sleep(SEND_BEFORE_KILL_S)

    active_at_kill = sum(s.thread.is_alive() for s in senders)
    server.kill()
    stop.set()
    join_all(senders)

    acked = [ack for s in senders for ack in s.acked]
    rejected = [r for s in senders for r in s.rejected]
    assert active_at_kill == SENDERS, f"only {active_at_kill} senders were still sending at SIGKILL"
    assert not rejected, f"{len(rejected)} batches not fully acknowledged while the server was up: {rejected[:SHOW_AT_MOST]}"
    assert len(acked) > MIN_ACKED_BATCHES, f"only {len(acked)} batches acknowledged before the kill; too few to test"

    server.restart()
    problems = unreadable(server, acked)
    assert not problems, (
        f"{len(problems)} of {len(acked)} acknowledged batches lost after SIGKILL: {problems[:SHOW_AT_MOST]}"
    )

    after = small_batch(f"after-restart-{uuid.uuid4()}", f"after-restart-span-{uuid.uuid4()}")
    assert fully_acknowledged(server.post_batch(after), after), "restarted server does not accept writes"


def test_data_survives_graceful_restart(server: LangfarmServer) -> None:
    """SIGTERM shuts down cleanly (exit 0) and keeps what was acknowledged."""
    trace_id = f"graceful-{uuid.uuid4()}"
    batch = small_batch(trace_id, f"{trace_id}-span")
    assert fully_acknowledged(server.post_batch(batch), batch)

    exit_code = server.stop()
    assert exit_code == 0, f"SIGTERM exit code {exit_code}\n{server.log_tail()}"

    server.restart()
    problem = is_readable(server, Ack(trace_id, f"{trace_id}-span"))
    assert problem is None, problem
