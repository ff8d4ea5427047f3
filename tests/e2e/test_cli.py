"""The `langfarm` command line against real data directories.

Key commands must work while a server runs on the same data (SQLite lets
them wait for the server's writes), `rebuild` must recompute the same rows
from the event log, and a generated salt must survive restarts.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests

from conftest import SALT, LangfarmServer, server_env


def run_cli(binary: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run one `langfarm` command and capture its output."""
    return subprocess.run(
        [str(binary), *args], env=env or server_env(), capture_output=True, text=True, timeout=60
    )


def trace_batch(trace_id: str, name: str) -> list[dict]:
    """A trace-create plus a span, as one small batch."""
    now = "2026-11-25T09:00:00.000Z"
    return [
        {"id": str(uuid.uuid4()), "type": "trace-create", "timestamp": now, "body": {"id": trace_id, "name": name}},
        {
            "id": str(uuid.uuid4()), "type": "span-create", "timestamp": now,
            "body": {"id": f"{trace_id}-span", "traceId": trace_id, "name": "work", "input": {"n": 1}},
        },
    ]


def test_keys_can_be_created_listed_and_revoked_while_the_server_runs(server: LangfarmServer, langfarm_bin: Path):
    created = run_cli(langfarm_bin, "keys", "create", "--project", "cli-project", "--name", "laptop", "--data-dir", str(server.data_dir))
    assert created.returncode == 0, created.stderr
    public_key = re.search(r"LANGFUSE_PUBLIC_KEY=(pk-lf-\S+)", created.stdout).group(1)
    secret_key = re.search(r"LANGFUSE_SECRET_KEY=(sk-lf-\S+)", created.stdout).group(1)

    response = requests.post(
        server.url("/api/public/ingestion"), json={"batch": trace_batch("cli-trace", "from cli key")},
        auth=(public_key, secret_key), timeout=10,
    )
    assert response.status_code == 207 and len(response.json()["successes"]) == 2, response.text
    own = requests.get(server.url("/api/public/traces/cli-trace"), auth=(public_key, secret_key), timeout=10)
    assert own.status_code == 200 and own.json()["projectId"] == "cli-project"
    assert server.get_trace("cli-trace").status_code == 404, "another project's key must not see the trace"

    listed = run_cli(langfarm_bin, "keys", "list", "--data-dir", str(server.data_dir))
    assert listed.returncode == 0, listed.stderr
    assert public_key in listed.stdout and "cli-project" in listed.stdout and "laptop" in listed.stdout
    assert secret_key not in listed.stdout, "secrets are shown only once, at creation"
    assert f"sk-lf-...{secret_key[-4:]}" in listed.stdout

    revoked = run_cli(langfarm_bin, "keys", "revoke", public_key, "--data-dir", str(server.data_dir))
    assert revoked.returncode == 0, revoked.stderr
    deadline = time.monotonic() + 20
    status = None
    while time.monotonic() < deadline:
        status = requests.get(server.url("/api/public/traces/cli-trace"), auth=(public_key, secret_key), timeout=10).status_code
        if status == 401:
            break
        time.sleep(0.5)
    assert status == 401, "a revoked key must stop working within the key cache time"

    again = run_cli(langfarm_bin, "keys", "revoke", public_key, "--data-dir", str(server.data_dir))
    assert again.returncode != 0 and "No key" in again.stderr


def test_rebuild_recomputes_the_same_rows_from_the_event_log(server: LangfarmServer, langfarm_bin: Path):
    assert server.post_batch(trace_batch("rebuild-trace", "first")).status_code == 207
    update = [{
        "id": str(uuid.uuid4()), "type": "trace-create", "timestamp": "2026-11-25T09:00:01.000Z",
        "body": {"id": "rebuild-trace", "name": "second", "tags": ["x"]},
    }]
    assert server.post_batch(update).status_code == 207
    before = server.get_trace("rebuild-trace").json()
    assert before["name"] == "second" and before["tags"] == ["x"]

    server.stop()
    rebuilt = run_cli(langfarm_bin, "rebuild", "--data-dir", str(server.data_dir))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "from 3 events: 1 traces, 1 observations, 0 scores" in rebuilt.stdout, rebuilt.stdout
    server.restart()
    assert server.get_trace("rebuild-trace").json() == before


def test_a_generated_salt_is_kept_in_the_data_dir(tmp_path: Path, langfarm_bin: Path):
    data_dir = tmp_path / "data"
    env = {k: v for k, v in server_env().items() if k != "SALT"}
    server = LangfarmServer(binary=langfarm_bin, data_dir=data_dir, log_path=tmp_path / "langfarm.log", env=env)
    try:
        server.start()
        salt = (data_dir / "salt").read_text().strip()
        assert len(salt) >= 32 and salt != SALT
        assert "SALT is not set" in server.log_path.read_text()
        assert server.post_batch(trace_batch("salted", "s")).status_code == 207
        server.restart()
        assert (data_dir / "salt").read_text().strip() == salt
        assert server.get_trace("salted").status_code == 200, "keys hashed with the generated salt must keep working"
    finally:
        server.stop()


def generation_batch(observation_id: str, model: str) -> list[dict]:
    """A generation with usage for a model name, as one batch."""
    now = "2026-11-25T09:00:00.000Z"
    return [{
        "id": str(uuid.uuid4()), "type": "generation-create", "timestamp": now,
        "body": {
            "id": observation_id, "traceId": f"{observation_id}-trace", "startTime": now, "model": model,
            "usageDetails": {"input": 1000, "output": 100},
        },
    }]


def test_models_import_reaches_a_running_server_and_recompute_reprices(server: LangfarmServer, langfarm_bin: Path, tmp_path: Path):
    """Prices imported while the server runs apply to the next generations at once; stored
    ones are re-priced by `costs recompute`."""
    assert server.post_batch(generation_batch("before-import", "acme-chat-1")).status_code == 207
    assert server.get_observation("before-import").json()["calculatedTotalCost"] is None

    price_file = tmp_path / "prices.json"
    price_file.write_text(json.dumps([{
        "id": "acme-chat", "modelName": "acme-chat", "matchPattern": "(?i)^acme-chat(-\\d+)?$",
        "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00.000Z",
        "pricingTiers": [{
            "id": "acme-chat-standard", "name": "Standard", "isDefault": True, "priority": 0, "conditions": [],
            "prices": {"input": 0.000001, "output": 0.000004},
        }],
    }]))
    imported = run_cli(langfarm_bin, "models", "import", str(price_file), "--data-dir", str(server.data_dir))
    assert imported.returncode == 0, imported.stderr
    assert "1 new or changed" in imported.stdout, imported.stdout

    assert server.post_batch(generation_batch("after-import", "acme-chat-2")).status_code == 207
    after = server.get_observation("after-import").json()
    assert after["modelId"] == "acme-chat"
    assert after["calculatedTotalCost"] == pytest.approx(0.0014)
    assert server.get_observation("before-import").json()["calculatedTotalCost"] is None

    recomputed = run_cli(langfarm_bin, "costs", "recompute", "--project", server.project_id, "--data-dir", str(server.data_dir))
    assert recomputed.returncode == 0, recomputed.stderr
    assert "Re-priced 2 observations" in recomputed.stdout, recomputed.stdout
    assert server.get_observation("before-import").json()["calculatedTotalCost"] == pytest.approx(0.0014)


def test_models_import_refuses_a_bad_file_and_changes_nothing(server: LangfarmServer, langfarm_bin: Path, tmp_path: Path):
    price_file = tmp_path / "prices.json"
    price_file.write_text(json.dumps([
        {"id": "ok", "modelName": "ok", "matchPattern": "^ok$", "pricingTiers": [
            {"name": "Standard", "isDefault": True, "priority": 0, "conditions": [], "prices": {"input": 1}}]},
        {"id": "bad", "modelName": "bad", "matchPattern": "(unclosed", "pricingTiers": [
            {"name": "Standard", "isDefault": True, "priority": 0, "conditions": [], "prices": {"input": 1}}]},
    ]))
    result = run_cli(langfarm_bin, "models", "import", str(price_file), "--data-dir", str(server.data_dir))
    assert result.returncode != 0
    assert "[1].matchPattern" in result.stderr, result.stderr
    response = server.session.get(server.url("/api/public/models/ok"), auth=server.auth, timeout=10)
    assert response.status_code == 404, "the valid entry of a refused file was not imported either"
