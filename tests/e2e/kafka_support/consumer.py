"""Reading the change-feed topics with confluent-kafka (PyPI), as a lake job would.

Partitions are assigned by hand from the beginning: no consumer group, so no group join (which
takes ~24 s on tansu with the default session timeout) and no committed offsets between tests.
tansu's high watermarks are not reliable (it reported 1 for a partition holding 7 records), so
"read everything" means: keep polling until nothing new arrives for a quiet period, after the
server reported an empty outbox (every change acknowledged by the broker with acks=all).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

TOPICS = ("traces", "observations", "scores")
METADATA_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Record:
    """One consumed message, decoded."""

    topic: str
    partition: int
    offset: int
    key: str | None
    raw: bytes
    headers: dict[str, str]
    header_names: tuple[str, ...]

    @property
    def value(self) -> dict[str, Any]:
        return json.loads(self.raw)

    @property
    def entity_id(self) -> str:
        return self.value["id"]

    @property
    def row_version(self) -> int:
        return int(self.headers["row_version"])

    def describe(self) -> str:
        return f"{self.topic}[{self.partition}]@{self.offset} key={self.key} v{self.headers.get('row_version')}"


class TopicReader:
    """All partitions of the given topics, from offset 0, accumulated in consumption order."""

    def __init__(self, bootstrap: str, topics: tuple[str, ...] = TOPICS) -> None:
        self.topics = topics
        self.records: list[Record] = []
        self.errors: list[str] = []
        self.consumer = Consumer(
            {
                "bootstrap.servers": bootstrap,
                # Required by the client; never joined (assign, not subscribe) and never committed.
                "group.id": f"e2e-{uuid.uuid4().hex}",
                "enable.auto.commit": False,
                "enable.auto.offset.store": False,
                "auto.offset.reset": "earliest",
                "allow.auto.create.topics": False,
                "fetch.wait.max.ms": 100,
                # Brokers are killed on purpose in these tests; keep librdkafka's stderr to errors.
                "log.connection.close": False,
                "log_level": 3,
            }
        )
        self.consumer.assign(self._partitions())

    def _partitions(self) -> list[TopicPartition]:
        """Every partition of every topic, once the topics exist (Langfarm creates them)."""
        deadline = time.monotonic() + METADATA_TIMEOUT_S
        missing: list[str] = list(self.topics)
        while time.monotonic() < deadline:
            metadata = self.consumer.list_topics(timeout=5)
            found = {
                name: sorted(meta.partitions)
                for name, meta in metadata.topics.items()
                if name in self.topics and meta.error is None and meta.partitions
            }
            missing = [t for t in self.topics if t not in found]
            if not missing:
                return [TopicPartition(t, p, OFFSET_BEGINNING) for t in self.topics for p in found[t]]
            time.sleep(0.2)
        raise AssertionError(f"topics {missing} do not exist on the broker after {METADATA_TIMEOUT_S:.0f}s")

    def read_until(
        self, done: Callable[[list[Record]], bool], timeout_s: float = 60.0, quiet_s: float = 1.5
    ) -> list[Record]:
        """Poll until `done(records)` holds and then nothing new arrived for `quiet_s`.

        On timeout it returns what it has: the caller's assertions then say what is missing.
        """
        deadline = time.monotonic() + timeout_s
        last_message = time.monotonic()
        while time.monotonic() < deadline:
            message = self.consumer.poll(0.2)
            if message is None:
                if time.monotonic() - last_message >= quiet_s and done(self.records):
                    return self.records
                continue
            if message.error():
                if message.error().code() != KafkaError._PARTITION_EOF:
                    self.errors.append(str(message.error()))
                continue
            last_message = time.monotonic()
            headers = [(name, (value or b"").decode()) for name, value in (message.headers() or [])]
            self.records.append(
                Record(
                    topic=message.topic(),
                    partition=message.partition(),
                    offset=message.offset(),
                    key=message.key().decode() if message.key() is not None else None,
                    raw=message.value(),
                    headers=dict(headers),
                    header_names=tuple(name for name, _ in headers),
                )
            )
        return self.records

    def read_until_quiet(self, quiet_s: float = 1.5, timeout_s: float = 60.0) -> list[Record]:
        """Poll until no message arrived for `quiet_s`."""
        return self.read_until(lambda _: True, timeout_s=timeout_s, quiet_s=quiet_s)

    def read_entities(self, expected: set[tuple[str, str]], timeout_s: float = 60.0) -> list[Record]:
        """Poll until a message of every expected (topic, entity id) arrived, then a quiet period."""
        return self.read_until(lambda records: expected <= {(r.topic, r.entity_id) for r in records}, timeout_s)

    def close(self) -> None:
        self.consumer.close()
