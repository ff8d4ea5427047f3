"""Running client drivers in their own virtualenvs, and reading back what they sent.

Why: clients that cannot share one venv (Langfuse SDK generations, LangChain lines, OTel
instrumentations) run as subprocesses of tests/e2e/drivers/*.py under .venv-NAME, built by
scripts/test from tests/e2e/venvs/NAME.txt. Their exports are asynchronous, so the tests then
poll the public API until everything arrived, and compare the stored tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import LangfarmServer, running_in_ci

E2E_DIR = Path(__file__).parent
REPO = E2E_DIR.parent.parent
POLL_TIMEOUT_S = 10.0
DRIVER_TIMEOUT_S = 120


def venv_python(name: str) -> Path:
    """The interpreter of a client venv; missing is a failure in CI, a skip elsewhere."""
    python = REPO / f".venv-{name}" / "bin" / "python"
    if not python.exists():
        message = f"{python} is missing: scripts/test builds it from tests/e2e/venvs/{name}.txt"
        if running_in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return python


def run_driver(venv: str, driver: str, env: dict[str, str], *args: str) -> dict[str, Any]:
    """Run drivers/`driver` in .venv-`venv`; its last stdout line is the JSON it reports."""
    result = subprocess.run(
        [str(venv_python(venv)), str(E2E_DIR / "drivers" / driver), *args],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=DRIVER_TIMEOUT_S,
    )
    assert result.returncode == 0, f"{driver} in .venv-{venv} failed:\n{result.stdout}\n{result.stderr[-4000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def langfuse_env(server: LangfarmServer) -> dict[str, str]:
    """What a Langfuse SDK reads to find the server (HOST for SDK 2.x, BASE_URL for later ones)."""
    return {
        "LANGFUSE_HOST": server.base_url, "LANGFUSE_BASE_URL": server.base_url,
        "LANGFUSE_PUBLIC_KEY": server.public_key, "LANGFUSE_SECRET_KEY": server.secret_key,
    }


def poll_trace(server: LangfarmServer, trace_id: str, observations: int, scores: int = 0) -> dict[str, Any]:
    """The trace once it has the expected observations and scores (exports are asynchronous)."""
    deadline = time.monotonic() + POLL_TIMEOUT_S
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        response = server.get_trace(trace_id)
        if response.status_code == 200:
            body = response.json()
            if len(body.get("observations", [])) >= observations and len(body.get("scores", [])) >= scores:
                return body
        time.sleep(0.2)
    raise AssertionError(f"trace {trace_id} incomplete after {POLL_TIMEOUT_S}s: {json.dumps(body)[:3000]}\n{server.log_tail()}")


def observation_tree(server: LangfarmServer, trace_id: str, observations: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The trace once exactly `observations` arrived, and its observations in start order."""
    trace = poll_trace(server, trace_id, observations)
    found = trace["observations"]
    assert len(found) == observations, json.dumps(found, indent=1)[:4000]
    return trace, sorted(found, key=lambda o: (o["startTime"], o["id"]))


def shape(observations: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    """(type, name, parent's name) per observation, sorted: the tree, comparable in one assertion."""
    names = {o["id"]: o["name"] for o in observations}
    nodes = [(o["type"], o["name"], names.get(o["parentObservationId"], o["parentObservationId"])) for o in observations]
    return sorted(nodes, key=lambda node: (node[0], node[1], node[2] or ""))
