"""Clients that spread requests over several servers, as a load balancer in front of them would,
and record every ingestion body a server acknowledged so that the same traffic can be replayed
to another setup (one embedded server) and the stored rows compared.

A request that fails on one server (connection refused or reset because it was killed, or a 5xx)
goes to the next one; ingestion is idempotent (events are deduplicated by envelope id), so a
batch that a dying server committed without answering changes nothing when sent again.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import httpx
import requests

INGESTION_PATH = "/api/public/ingestion"


@dataclass
class Recording:
    """Acknowledged ingestion bodies, in the order their acknowledgements arrived."""

    bodies: list[bytes] = field(default_factory=list)
    failovers: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, body: bytes) -> None:
        with self.lock:
            self.bodies.append(body)

    def count_failover(self) -> None:
        with self.lock:
            self.failovers += 1

    def trace_ids(self) -> set[str]:
        """Ids of the traces the recorded bodies create or update, and those their events name."""
        ids: set[str] = set()
        for body in self.bodies:
            for event in json.loads(body)["batch"]:
                payload = event.get("body", {})
                if event["type"] == "trace-create":
                    ids.add(payload["id"])
                elif payload.get("traceId"):
                    ids.add(payload["traceId"])
        return ids


class Rotation:
    """Base URLs of the servers, taken in turn; read at each request, as servers restart on
    new ports."""

    def __init__(self, base_urls: list[Callable[[], str]]) -> None:
        self._urls = base_urls
        self._turn = itertools.count()
        self._lock = threading.Lock()

    def next(self) -> str:
        with self._lock:
            index = next(self._turn)
        return self._urls[index % len(self._urls)]()


def post_until_acknowledged(
    rotation: Rotation, recording: Recording, batch: list[dict[str, Any]], auth: tuple[str, str],
    session: requests.Session, deadline_s: float = 90.0,
) -> None:
    """Posts `batch` to the servers in turn until one stores all of it (207 without errors)."""
    body = json.dumps({"batch": batch}).encode()
    give_up = time.monotonic() + deadline_s
    last = "no attempt"
    while time.monotonic() < give_up:
        try:
            response = session.post(
                rotation.next() + INGESTION_PATH, data=body, auth=auth, timeout=10,
                headers={"Content-Type": "application/json"},
            )
            if response.status_code == 207 and not response.json().get("errors"):
                recording.add(body)
                return
            last = f"{response.status_code} {response.text[:200]}"
            if response.status_code < 500:
                raise AssertionError(f"batch refused: {last}")
        except requests.RequestException as error:
            last = repr(error)
        recording.count_failover()
        time.sleep(0.05)
    raise AssertionError(f"no server acknowledged a batch within {deadline_s} s (last: {last})")


class SpreadingTransport(httpx.BaseTransport):
    """An httpx transport for the Langfuse SDK: each request goes to the next server (retried on
    the next on failure), and acknowledged ingestion bodies are recorded."""

    def __init__(self, rotation: Rotation, recording: Recording) -> None:
        self.rotation = rotation
        self.recording = recording
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        give_up = time.monotonic() + 60
        while True:
            base = httpx.URL(self.rotation.next())
            url = request.url.copy_with(scheme=base.scheme, host=base.host, port=base.port)
            attempt = httpx.Request(request.method, url, headers=request.headers, content=body)
            try:
                response = self.inner.handle_request(attempt)
                if response.status_code < 500:
                    if request.url.path == INGESTION_PATH and response.status_code in (200, 207):
                        response.read()
                        if not json.loads(response.content).get("errors"):
                            self.recording.add(body)
                    return response
                if time.monotonic() > give_up:
                    return response
                response.close()
            except httpx.TransportError:
                if time.monotonic() > give_up:
                    raise
            self.recording.count_failover()
            time.sleep(0.05)

    def close(self) -> None:
        self.inner.close()
