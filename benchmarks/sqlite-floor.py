#!/usr/bin/env python3
"""What SQLite alone costs for the ingestion benchmark's data, on this machine.

No HTTP, no JSON parsing, no merging: for every event, only the statements
the projection cannot avoid — append the ~1 KB envelope to the event log
(with its per-entity unique index), list the entity's logged envelope ids,
and upsert a ~2 KB observation row (with its trace index) — in WAL mode with
synchronous=FULL, committed in groups like the server's group commit.

It prints events/s and CPU per event (user/sys). The sys part is the kernel
copying WAL frames and checkpoints; it is a floor under any server that
stores these bytes durably in SQLite on this machine, so compare it with
the server's figure from run-ingest.sh taken in the same sitting.

Usage: benchmarks/sqlite-floor.py [EVENTS] [EVENTS_PER_COMMIT]
"""
import os
import resource
import sqlite3
import sys
import tempfile
import time
import uuid

EVENTS_PER_REQUEST = 12
ENTITIES_PER_REQUEST = 7  # trace, 3 spans, 2 generations, 1 event
TEXT = "x" * 1024

SCHEMA = """
CREATE TABLE events (seq INTEGER PRIMARY KEY, project_id TEXT NOT NULL, envelope_id TEXT NOT NULL,
    event_type TEXT NOT NULL, entity_kind TEXT NOT NULL, entity_id TEXT NOT NULL,
    event_ts INTEGER NOT NULL, received_at INTEGER NOT NULL, envelope TEXT NOT NULL);
CREATE UNIQUE INDEX events_by_entity ON events (project_id, entity_kind, entity_id, envelope_id);
CREATE TABLE observations (project_id TEXT NOT NULL, id TEXT NOT NULL, trace_id TEXT NOT NULL,
    attributes TEXT, input TEXT, output TEXT, PRIMARY KEY (project_id, id));
CREATE INDEX observations_by_trace ON observations (project_id, trace_id);
"""


def store_request(db):
    """The SQLite statements of one 12-event request."""
    trace_id = str(uuid.uuid4())
    entities = [str(uuid.uuid4()) for _ in range(ENTITIES_PER_REQUEST)]
    for n in range(EVENTS_PER_REQUEST):
        entity = entities[n % ENTITIES_PER_REQUEST]
        db.execute(
            "INSERT INTO events (project_id, envelope_id, event_type, entity_kind, entity_id, event_ts, received_at, envelope)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ("bench", str(uuid.uuid4()), "span-create", "observation", entity, 1, 2, '{"body":"' + TEXT + '"}'),
        )
        db.execute(
            "SELECT envelope_id FROM events WHERE project_id = ? AND entity_kind = ? AND entity_id = ?",
            ("bench", "observation", entity),
        ).fetchall()
    for entity in entities:
        db.execute(
            "INSERT OR REPLACE INTO observations VALUES (?, ?, ?, ?, ?, ?)",
            ("bench", entity, trace_id, '{"name":"x","metadata":{}}', TEXT, TEXT),
        )


def main():
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 120_000
    per_commit = int(sys.argv[2]) if len(sys.argv) > 2 else 96
    requests_per_commit = max(1, per_commit // EVENTS_PER_REQUEST)
    with tempfile.TemporaryDirectory(prefix="langfarm-floor.") as work:
        db = sqlite3.connect(os.path.join(work, "floor.sqlite"), isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.executescript(SCHEMA)
        before, started = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
        stored = 0
        while stored < events:
            db.execute("BEGIN")
            for _ in range(requests_per_commit):
                store_request(db)
                stored += EVENTS_PER_REQUEST
            db.execute("COMMIT")
        after, elapsed = resource.getrusage(resource.RUSAGE_SELF), time.monotonic() - started
        db.close()
    user = (after.ru_utime - before.ru_utime) / stored * 1e6
    system = (after.ru_stime - before.ru_stime) / stored * 1e6
    print(f"events: {stored}, {per_commit} per commit")
    print(f"events/s: {stored / elapsed:.0f}")
    print(f"CPU per event: {user + system:.1f} µs (user {user:.1f}, sys {system:.1f})")


if __name__ == "__main__":
    main()
