"""The data the read-API tests seed, and the values they expect back.

Shared by test_read_sdk_v2.py (Langfuse SDK 2.x, in-process), test_read_sdk5.py and
test_read_sdk4.py (SDK 5.x / 4.x through drivers/read_sdk5.py in their own venvs) so every
SDK generation is checked against the same, hand-computable data set.

Why raw ingestion batches: they fix every timestamp, id, cost and environment exactly,
so each expected list below can be worked out by hand. Langfarm answers 207 only after
commit, so reads right after `post_batch` must already see the data (no polling).

The data set (project PROJECT_ID), days 2025-03-10 and 2025-03-11:

    trace  name       user     session    env         tags                  ts (UTC)
    T1     chat       u-alice  session-a  production  prod, chat            03-10 09:00
      S1   span "pipeline"   09:00:00.000-09:00:02.500  root
      G1   gen  "llm" gpt-4o 09:00:00.500-09:00:02.500  child of S1, usage 100/50, cost 0.25+0.5
    T2     chat       u-bob    session-a  production  prod                  03-10 12:00
      G2   gen "llm" gpt-4o-mini 12:00:00-12:00:01  root, usage 200/100, cost 0.125+0.125
    T3     summarize  u-alice  session-b  staging     chat                  03-11 08:00
      G3   gen "llm" gpt-4o  08:00:00-08:00:04  root, usage 300/150, cost 1.0+0.5
      E3   event "cache-hit" 08:00:03, level WARNING, child of G3
    T4     chat       u-carol  -          production  prod, chat, beta      03-11 15:00
           (no observations)

    score  name            type         value     target          env         ts (UTC)
    SC1    quality         NUMERIC      0.9       T1              production  03-10 09:05
    SC2    thumbs          BOOLEAN      1 (true)  T1 / G1         production  03-10 09:06
    SC3    sentiment       CATEGORICAL  positive  T2              production  03-10 12:05
    SC4    quality         NUMERIC      0.4       T3              staging     03-11 08:05
    SC5    session-rating  NUMERIC      0.7       session-a       production  03-10 13:00
    SC6    thumbs          BOOLEAN      0 (false) T3              staging     03-11 08:06

Trace totals: totalCost T1 0.75, T2 0.25, T3 1.5, T4 0; latency (first start to last
end, seconds) T1 2.5, T2 1.0, T3 4.0, T4 0.

A second project (OTHER_PROJECT) holds one trace that reuses the same user id, trace
name, tags and score name, so a read that forgets the project scope returns it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from client_drivers import E2E_DIR, venv_python
from conftest import LangfarmServer, fully_acknowledged, server_env

# ---- ids -------------------------------------------------------------------

T1, T2, T3, T4 = "trace-1", "trace-2", "trace-3", "trace-4"
S1, G1, G2, G3, E3 = "obs-s1", "obs-g1", "obs-g2", "obs-g3", "obs-e3"
SC1, SC2, SC3, SC4, SC5, SC6 = "score-1", "score-2", "score-3", "score-4", "score-5", "score-6"
SESSION_A, SESSION_B = "session-a", "session-b"

OTHER_PROJECT = "proj-read-other"
OTHER_TRACE, OTHER_GENERATION, OTHER_SCORE, OTHER_SESSION = (
    "other-trace", "other-gen", "other-score", "other-session"
)

# Burst traces (SDK 5 only): seven root spans that all start at the same millisecond,
# split over two traces, for cursor pagination across ties.
BURST_START = "2025-03-12T10:00:00.000Z"
BURST_A = "burst-trace-a"
BURST_B = "burst-trace-b"
BURST_A_SPANS = ["burst-a-3", "burst-a-1", "burst-a-4", "burst-a-2"]
BURST_B_SPANS = ["burst-b-2", "burst-b-3", "burst-b-1"]
BURST_SPANS = BURST_A_SPANS + BURST_B_SPANS

# ---- expected values computed by hand from the table above --------------------

TRACE_TOTAL_COST = {T1: 0.75, T2: 0.25, T3: 1.5, T4: 0.0}
TRACE_LATENCY_S = {T1: 2.5, T2: 1.0, T3: 4.0, T4: 0.0}
TRACE_OBSERVATIONS = {T1: [G1, S1], T2: [G2], T3: [E3, G3], T4: []}
TRACE_SCORES = {T1: [SC1, SC2], T2: [SC3], T3: [SC4, SC6], T4: []}
TRACE_TAGS = {T1: ["chat", "prod"], T2: ["prod"], T3: ["chat"], T4: ["beta", "chat", "prod"]}

TRACE_INPUT = {"question": "Where is the Eiffel tower?"}
TRACE_OUTPUT = {"answer": "Paris"}
G1_INPUT = [{"role": "user", "content": "Where is the Eiffel tower?"}]
G1_OUTPUT = {"role": "assistant", "content": "Paris"}
G1_MODEL_PARAMETERS = {"max_tokens": 256}


def envelope(event_type: str, body: dict[str, Any], timestamp: str) -> dict[str, Any]:
    """One ingestion event; the envelope timestamp doubles as the score timestamp."""
    return {"id": str(uuid.uuid4()), "type": event_type, "timestamp": timestamp, "body": body}


def trace(trace_id: str, timestamp: str, **fields: Any) -> dict[str, Any]:
    return envelope("trace-create", {"id": trace_id, "timestamp": timestamp, **fields}, timestamp)


def observation(kind: str, obs_id: str, trace_id: str, start: str, **fields: Any) -> dict[str, Any]:
    """A span-, generation- or event-create with an explicit start time."""
    return envelope(f"{kind}-create", {"id": obs_id, "traceId": trace_id, "startTime": start, **fields}, start)


def score(score_id: str, timestamp: str, **fields: Any) -> dict[str, Any]:
    return envelope("score-create", {"id": score_id, **fields}, timestamp)


def session_a_batch() -> list[dict[str, Any]]:
    """T1 and T2: the first traces of session-a."""
    return [
        trace(
            T1, "2025-03-10T09:00:00.000Z", name="chat", userId="u-alice", sessionId=SESSION_A,
            environment="production", tags=["prod", "chat"], metadata={"team": "search", "tier": "gold"},
            release="r1", version="v1", input=TRACE_INPUT, output=TRACE_OUTPUT,
        ),
        observation(
            "span", S1, T1, "2025-03-10T09:00:00.000Z", name="pipeline", environment="production",
            endTime="2025-03-10T09:00:02.500Z", metadata={"step": "pipeline"},
        ),
        observation(
            "generation", G1, T1, "2025-03-10T09:00:00.500Z", name="llm", environment="production",
            parentObservationId=S1, endTime="2025-03-10T09:00:02.500Z", model="gpt-4o",
            modelParameters=G1_MODEL_PARAMETERS, input=G1_INPUT, output=G1_OUTPUT,
            usageDetails={"input": 100, "output": 50}, costDetails={"input": 0.25, "output": 0.5},
            metadata={"step": "answer"},
        ),
        trace(
            T2, "2025-03-10T12:00:00.000Z", name="chat", userId="u-bob", sessionId=SESSION_A,
            environment="production", tags=["prod"], metadata={"team": "ads"},
        ),
        observation(
            "generation", G2, T2, "2025-03-10T12:00:00.000Z", name="llm", environment="production",
            endTime="2025-03-10T12:00:01.000Z", model="gpt-4o-mini",
            usageDetails={"input": 200, "output": 100}, costDetails={"input": 0.125, "output": 0.125},
            metadata={"step": "draft"},
        ),
    ]


def session_b_batch() -> list[dict[str, Any]]:
    """T3 (session-b), T4 (no session) and all scores."""
    return [
        trace(
            T3, "2025-03-11T08:00:00.000Z", name="summarize", userId="u-alice", sessionId=SESSION_B,
            environment="staging", tags=["chat"], metadata={"team": "search"},
        ),
        observation(
            "generation", G3, T3, "2025-03-11T08:00:00.000Z", name="llm", environment="staging",
            endTime="2025-03-11T08:00:04.000Z", model="gpt-4o",
            usageDetails={"input": 300, "output": 150}, costDetails={"input": 1.0, "output": 0.5},
            metadata={"step": "answer"},
        ),
        observation(
            "event", E3, T3, "2025-03-11T08:00:03.000Z", name="cache-hit", environment="staging",
            parentObservationId=G3, level="WARNING",
        ),
        trace(
            T4, "2025-03-11T15:00:00.000Z", name="chat", userId="u-carol", environment="production",
            tags=["prod", "chat", "beta"], metadata={"team": "search", "tier": "silver"},
        ),
        score(SC1, "2025-03-10T09:05:00.000Z", traceId=T1, name="quality", value=0.9, dataType="NUMERIC",
              comment="good", metadata={"reviewer": "r1"}, environment="production"),
        score(SC2, "2025-03-10T09:06:00.000Z", traceId=T1, observationId=G1, name="thumbs", value=1,
              dataType="BOOLEAN", environment="production"),
        score(SC3, "2025-03-10T12:05:00.000Z", traceId=T2, name="sentiment", value="positive",
              dataType="CATEGORICAL", environment="production"),
        score(SC4, "2025-03-11T08:05:00.000Z", traceId=T3, name="quality", value=0.4, dataType="NUMERIC",
              environment="staging"),
        score(SC5, "2025-03-10T13:00:00.000Z", sessionId=SESSION_A, name="session-rating", value=0.7,
              dataType="NUMERIC", environment="production"),
        score(SC6, "2025-03-11T08:06:00.000Z", traceId=T3, name="thumbs", value=0, dataType="BOOLEAN",
              environment="staging"),
    ]


def burst_batch() -> list[dict[str, Any]]:
    """Two traces whose seven root spans share one start time (for cursor paging)."""
    batch = []
    for trace_id, spans in ((BURST_A, BURST_A_SPANS), (BURST_B, BURST_B_SPANS)):
        batch.append(trace(trace_id, BURST_START, name="burst", environment="load"))
        batch += [
            observation("span", span_id, trace_id, BURST_START, name="burst-step", environment="load",
                        endTime="2025-03-12T10:00:00.100Z")
            for span_id in spans
        ]
    return batch


def other_project_batch() -> list[dict[str, Any]]:
    """The second project's only trace: same user, name, tags and score name as project one."""
    return [
        trace(
            OTHER_TRACE, "2025-03-10T10:00:00.000Z", name="chat", userId="u-alice", sessionId=OTHER_SESSION,
            environment="production", tags=["prod", "chat"], metadata={"team": "search"},
        ),
        observation(
            "generation", OTHER_GENERATION, OTHER_TRACE, "2025-03-10T10:00:00.000Z", name="llm",
            environment="production", endTime="2025-03-10T10:00:01.000Z", model="gpt-4o",
            usageDetails={"input": 10, "output": 5}, costDetails={"input": 0.25, "output": 0.25},
        ),
        score(OTHER_SCORE, "2025-03-10T10:01:00.000Z", traceId=OTHER_TRACE, name="quality", value=0.5,
              dataType="NUMERIC", environment="production"),
    ]


# ---- seeding -----------------------------------------------------------------


@dataclass
class Seeded:
    """What seeding produced that is only known at run time."""

    # Wall-clock instants around the two session-creating batches. Sessions record when
    # their first trace was ingested (as in Langfuse), so these bound their createdAt.
    before_sessions: datetime
    between_sessions: datetime
    other_public_key: str
    other_secret_key: str


def post(server: LangfarmServer, batch: list[dict[str, Any]], auth: tuple[str, str] | None = None) -> None:
    """Ingest one batch and insist that every event was stored."""
    response = server.session.post(
        server.url("/api/public/ingestion"), json={"batch": batch}, auth=auth or server.auth, timeout=10
    )
    assert fully_acknowledged(response, batch), f"seed batch rejected: {response.status_code} {response.text[:2000]}"


def create_project_key(server: LangfarmServer, project: str) -> tuple[str, str]:
    """A key pair for another project, made with the CLI while the server runs (see test_cli.py)."""
    created = subprocess.run(
        [str(server.binary), "keys", "create", "--project", project, "--name", "read-tests",
         "--data-dir", str(server.data_dir)],
        env=server_env(), capture_output=True, text=True, timeout=60,
    )
    assert created.returncode == 0, created.stderr
    public_key = re.search(r"LANGFUSE_PUBLIC_KEY=(pk-lf-\S+)", created.stdout).group(1)
    secret_key = re.search(r"LANGFUSE_SECRET_KEY=(sk-lf-\S+)", created.stdout).group(1)
    return public_key, secret_key


def seed(server: LangfarmServer, with_burst: bool = False) -> Seeded:
    """Ingest the data set (and optionally the burst traces) plus the second project.

    The short sleeps are not polls: they separate the two session-creating commits on
    the wall clock so that `between_sessions` lies strictly between their createdAt.
    """
    before = datetime.now(timezone.utc)
    time.sleep(0.02)
    post(server, session_a_batch())
    time.sleep(0.02)
    between = datetime.now(timezone.utc)
    time.sleep(0.02)
    post(server, session_b_batch())
    if with_burst:
        post(server, burst_batch())
    other_pk, other_sk = create_project_key(server, OTHER_PROJECT)
    post(server, other_project_batch(), auth=(other_pk, other_sk))
    return Seeded(before, between, other_pk, other_sk)


# ---- SDK 4/5 calls through drivers/read_sdk5.py (each SDK has its own venv) ----------

def call(call_id: str, method: str, *, walk: bool = False, auth: str | None = None, **kwargs: Any) -> dict[str, Any]:
    """One SDK call for the driver: `method` is a path under `langfuse.api`, e.g. "scores.get_many"."""
    spec = {"id": call_id, "method": method, "kwargs": kwargs, "walk": walk}
    if auth:
        spec["auth"] = auth
    return spec


def run_read_driver(venv: str, server: LangfarmServer, seeded: Seeded, calls: list[dict[str, Any]]) -> dict[str, Any]:
    """Make all `calls` in one driver process; maps call id to {"ok", "result"|"pages"|"error"}."""
    env = {
        **os.environ,
        "LANGFUSE_HOST": server.base_url,
        "LANGFUSE_PUBLIC_KEY": server.public_key,
        "LANGFUSE_SECRET_KEY": server.secret_key,
        "READ_OTHER_PUBLIC_KEY": seeded.other_public_key,
        "READ_OTHER_SECRET_KEY": seeded.other_secret_key,
    }
    result = subprocess.run(
        [str(venv_python(venv)), str(E2E_DIR / "drivers" / "read_sdk5.py")],
        input=json.dumps(calls), env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"read_sdk5.py in .venv-{venv} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def outcome(reads: dict[str, Any], call_id: str) -> dict[str, Any]:
    got = reads[call_id]
    assert got["ok"], f"{call_id}: the SDK call failed (HTTP {got.get('status')}): {got['error']}"
    return got


def result(reads: dict[str, Any], call_id: str) -> dict[str, Any]:
    """The parsed response of a single call."""
    return outcome(reads, call_id)["result"]


def pages(reads: dict[str, Any], call_id: str) -> list[dict[str, Any]]:
    """The parsed responses of a cursor walk, first page first."""
    return outcome(reads, call_id)["pages"]


def data_ids(response: dict[str, Any]) -> list[str]:
    return [item["id"] for item in response["data"]]


def data_by_id(response: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in response["data"]}
