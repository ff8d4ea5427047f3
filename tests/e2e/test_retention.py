"""Retention on a running server: the default window from LANGFUSE_RETENTION_DAYS, a project's
own window set with `langfarm projects set-retention` while the server runs, each kind judged
by its own time, and clear refusals of windows the server cannot use."""

from __future__ import annotations

import subprocess
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests

from conftest import PROJECT_ID, LangfarmServer, run_server, server_env, shut_down
from test_cli import run_cli

# Passes every second, so that expiry is seen within a few seconds (the default is a minute).
PASS_SECONDS = 1
WAIT_S = 30


def iso_days_ago(days: float) -> str:
    moment = datetime.now(timezone.utc) - timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def event(kind: str, body: dict) -> dict:
    return {"id": str(uuid.uuid4()), "type": kind, "timestamp": iso_days_ago(0), "body": body}


@pytest.fixture
def retaining_server(langfarm_bin: Path, tmp_path: Path, request):
    env = server_env() | {"LANGFUSE_RETENTION_DAYS": "30"}
    server = run_server(langfarm_bin, tmp_path, ["--retention-interval", str(PASS_SECONDS)], env=env)
    yield server
    shut_down(server, failed=getattr(getattr(request.node, "rep_call", None), "failed", False))


def status(server: LangfarmServer, path: str) -> int:
    return server.session.get(server.url(path), auth=server.auth, timeout=10).status_code


def wait_until_gone(server: LangfarmServer, path: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while status(server, path) != 404:
        assert time.monotonic() < deadline, f"{path} was not expired within {WAIT_S} s\n{server.log_tail()}"
        time.sleep(0.2)


def project_retention(server: LangfarmServer):
    projects = server.session.get(server.url("/api/public/projects"), auth=server.auth, timeout=10).json()["data"]
    return projects[0].get("retentionDays")


def test_the_default_window_expires_each_kind_by_its_own_time(retaining_server: LangfarmServer):
    server = retaining_server
    assert project_retention(server) == 30
    batch = [
        event("trace-create", {"id": "old", "timestamp": iso_days_ago(31)}),
        event("span-create", {"id": "old-span", "traceId": "old", "startTime": iso_days_ago(31)}),
        event("trace-create", {"id": "recent", "timestamp": iso_days_ago(29)}),
        event("span-create", {"id": "recent-old-span", "traceId": "recent", "startTime": iso_days_ago(30.5)}),
        event("span-create", {"id": "recent-span", "traceId": "recent", "startTime": iso_days_ago(29)}),
        event("score-create", {"id": "old-score", "traceId": "recent", "name": "q", "value": 1, "timestamp": iso_days_ago(40)}),
        event("score-create", {"id": "recent-score", "traceId": "recent", "name": "q", "value": 1, "timestamp": iso_days_ago(1)}),
    ]
    assert server.post_batch(batch).status_code == 207
    wait_until_gone(server, "/api/public/traces/old")
    wait_until_gone(server, "/api/public/observations/recent-old-span")
    wait_until_gone(server, "/api/public/scores/old-score")
    assert status(server, "/api/public/observations/old-span") == 404
    trace = server.session.get(server.url("/api/public/traces/recent"), auth=server.auth, timeout=10).json()
    assert [o["id"] for o in trace["observations"]] == ["recent-span"]
    assert [s["id"] for s in trace["scores"]] == ["recent-score"]
    listed = server.session.get(server.url("/api/public/traces"), auth=server.auth, timeout=10).json()
    assert [t["id"] for t in listed["data"]] == ["recent"] and listed["meta"]["totalItems"] == 1


def test_a_window_set_while_the_server_runs_applies_at_its_next_pass(retaining_server: LangfarmServer, langfarm_bin: Path):
    server = retaining_server
    batch = [event("trace-create", {"id": f"t{days}", "timestamp": iso_days_ago(days)}) for days in (1, 5, 20)]
    assert server.post_batch(batch).status_code == 207
    data_dir = ["--data-dir", str(server.data_dir)]

    changed = run_cli(langfarm_bin, "projects", "set-retention", PROJECT_ID, "4", *data_dir)
    assert changed.returncode == 0, changed.stderr
    assert project_retention(server) == 4
    wait_until_gone(server, "/api/public/traces/t5")
    assert status(server, "/api/public/traces/t1") == 200
    listed = run_cli(langfarm_bin, "projects", "list", *data_dir)
    assert listed.returncode == 0 and f"{PROJECT_ID}\t" in listed.stdout and "4 days" in listed.stdout, listed.stdout

    # 0 keeps everything from now on, whatever the default; "default" follows the server again.
    assert run_cli(langfarm_bin, "projects", "set-retention", PROJECT_ID, "0", *data_dir).returncode == 0
    assert project_retention(server) is None
    assert server.post_batch([event("trace-create", {"id": "ancient", "timestamp": iso_days_ago(400)})]).status_code == 207
    time.sleep(3 * PASS_SECONDS)
    assert status(server, "/api/public/traces/ancient") == 200
    assert run_cli(langfarm_bin, "projects", "set-retention", PROJECT_ID, "default", *data_dir).returncode == 0
    assert project_retention(server) == 30
    wait_until_gone(server, "/api/public/traces/ancient")

    for args, message in [
        (["2"], "retention must be 0 (keep for ever) or 3 to"),
        (["100000"], "not 100000"),
        (["soon"], "DAYS must be a whole number of days"),
    ]:
        refused = run_cli(langfarm_bin, "projects", "set-retention", PROJECT_ID, *args, *data_dir)
        assert refused.returncode != 0 and message in refused.stderr, refused.stderr
    missing = run_cli(langfarm_bin, "projects", "set-retention", "no-such-project", "7", *data_dir)
    assert missing.returncode != 0 and "there is no project no-such-project" in missing.stderr, missing.stderr
    assert project_retention(server) == 30, "a refused change leaves the window as it was"


@pytest.mark.parametrize("value, message", [("1", "3 to 10000 days, not 1"), ("month", "must be a whole number of days")])
def test_an_unusable_default_window_stops_the_server_with_a_reason(langfarm_bin: Path, tmp_path: Path, value: str, message: str):
    env = server_env() | {"LANGFUSE_RETENTION_DAYS": value}
    result = subprocess.run(
        [str(langfarm_bin), "serve", "--port", "0", "--data-dir", str(tmp_path)], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and message in result.stderr, result.stderr
