"""Fixtures that run the real `langfarm` binary for end-to-end tests.

The e2e suite exercises the server exactly as a user would: a separate
process started from the built binary, configured only through its command
line and the headless-init environment variables, talked to over HTTP on
loopback. Nothing here imports project code.

`LANGFARM_BIN` must point at the binary (`scripts/test` sets it). A missing
binary is a failure, never a skip: a green run must mean the server was tested.
"""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

import openai_stub

PROJECT_ID = "proj-e2e"
PROJECT_NAME = "e2e"
PUBLIC_KEY = "pk-lf-e2e"
SECRET_KEY = "sk-lf-e2e"
SALT = "e2e-salt"

HEALTH_PATH = "/api/public/health"
START_TIMEOUT_S = 30.0
STOP_GRACE_S = 5.0
LOG_TAIL_CHARS = 4000


# --------------------------------------------------------------------------
# CI guard: in CI a skipped e2e test is a failure.
# --------------------------------------------------------------------------


def running_in_ci() -> bool:
    """True when the CI environment variable is set to a truthy value."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report on the item, and turn skips into failures in CI.

    The remembered reports let the server fixture print the server log only
    for failing tests. The skip conversion exists because a skipped e2e test
    in CI would let a broken environment (e.g. no SDK) pass silently.
    """
    report = yield
    setattr(item, f"rep_{report.when}", report)
    if running_in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped in CI, which counts as a failure: {reason}"
    return report


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def free_port() -> int:
    """Ask the kernel for an unused loopback port.

    There is a small window between closing this socket and the server
    binding it; on a test machine that race is practically never lost.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def basic_auth_header(public_key: str, secret_key: str) -> str:
    """The Authorization header value Langfuse clients send."""
    token = base64.b64encode(f"{public_key}:{secret_key}".encode()).decode("ascii")
    return f"Basic {token}"


def langfarm_binary() -> Path:
    """Resolve LANGFARM_BIN, failing loudly (not skipping) when it is unusable."""
    raw = os.environ.get("LANGFARM_BIN", "").strip()
    if not raw:
        pytest.fail(
            "LANGFARM_BIN is not set. Run the suite through scripts/test, or set "
            "LANGFARM_BIN=$(swift build --show-bin-path)/langfarm",
            pytrace=False,
        )
    path = Path(raw)
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"LANGFARM_BIN={raw} is not an executable file; build it with `swift build`", pytrace=False)
    return path


def server_env() -> dict[str, str]:
    """Environment for the server: the caller's plus headless project init.

    LANGFARM_* variables from the caller are dropped so that only the
    command-line flags decide host, port and data dir.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("LANGFARM_")}
    env.update(
        LANGFUSE_INIT_PROJECT_ID=PROJECT_ID,
        LANGFUSE_INIT_PROJECT_NAME=PROJECT_NAME,
        LANGFUSE_INIT_PROJECT_PUBLIC_KEY=PUBLIC_KEY,
        LANGFUSE_INIT_PROJECT_SECRET_KEY=SECRET_KEY,
        SALT=SALT,
    )
    return env


def fully_acknowledged(response: requests.Response, batch: list[dict[str, Any]]) -> bool:
    """An ingestion answer that stored the whole batch: 207 with every envelope id among the successes and no errors."""
    if response.status_code != 207:
        return False
    body = response.json()
    succeeded = {s.get("id") for s in body.get("successes", []) if s.get("status") in (200, 201)}
    return not body.get("errors") and all(event["id"] in succeeded for event in batch)


# --------------------------------------------------------------------------
# The running server
# --------------------------------------------------------------------------


@dataclass
class LangfarmServer:
    """One `langfarm serve` process plus what a test needs to talk to it.

    The data dir outlives the process so a test can kill and `restart()` the
    server on the same files, which is how durability is checked.
    """

    binary: Path
    data_dir: Path
    log_path: Path
    public_key: str = PUBLIC_KEY
    secret_key: str = SECRET_KEY
    project_id: str = PROJECT_ID
    port: int = 0
    process: subprocess.Popen | None = None
    starts: int = 0
    session: requests.Session = field(default_factory=requests.Session)
    env: dict[str, str] = field(default_factory=server_env)
    # Extra `langfarm serve` flags (e.g. the Kafka change feed's), kept across restarts.
    extra_args: list[str] = field(default_factory=list)

    # ---- addresses and auth -------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, "server is not running"
        return self.process.pid

    @property
    def auth(self) -> tuple[str, str]:
        """(public key, secret key) for requests' `auth=` (HTTP Basic)."""
        return (self.public_key, self.secret_key)

    def url(self, path: str) -> str:
        return self.base_url + path

    # ---- API shortcuts ------------------------------------------------------

    def post_batch(self, batch: list[dict[str, Any]], timeout: float = 10.0) -> requests.Response:
        """POST one Langfuse ingestion batch with the project's keys."""
        return self.session.post(
            self.url("/api/public/ingestion"), json={"batch": batch}, auth=self.auth, timeout=timeout
        )

    def get_trace(self, trace_id: str, timeout: float = 10.0) -> requests.Response:
        return self.session.get(self.url(f"/api/public/traces/{trace_id}"), auth=self.auth, timeout=timeout)

    def get_observation(self, observation_id: str, timeout: float = 10.0) -> requests.Response:
        return self.session.get(
            self.url(f"/api/public/observations/{observation_id}"), auth=self.auth, timeout=timeout
        )

    # ---- lifecycle ----------------------------------------------------------

    def start(self) -> None:
        """Start the binary on a fresh port and wait until it reports healthy."""
        assert self.process is None or self.process.poll() is not None, "server already running"
        self.port = free_port()
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"\n===== start #{self.starts} on port {self.port} =====\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [
                    str(self.binary), "serve",
                    "--host", "127.0.0.1",
                    "--port", str(self.port),
                    "--data-dir", str(self.data_dir),
                    *self.extra_args,
                ],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wait_healthy()

    def wait_healthy(self, timeout: float = START_TIMEOUT_S) -> None:
        """Poll the health endpoint; fail with the server log if it never answers."""
        deadline = time.monotonic() + timeout
        last_error = "no attempt"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"langfarm exited with code {self.process.returncode} during start-up\n{self.log_tail()}",
                    pytrace=False,
                )
            try:
                response = requests.get(self.url(HEALTH_PATH), timeout=1.0)
                if response.status_code == 200:
                    return
                last_error = f"HTTP {response.status_code}: {response.text[:200]}"
            except requests.RequestException as exc:
                last_error = repr(exc)
            time.sleep(0.1)
        self.kill()
        pytest.fail(
            f"langfarm was not healthy within {timeout:.0f}s (last: {last_error})\n{self.log_tail()}",
            pytrace=False,
        )

    def kill(self) -> None:
        """SIGKILL the server and reap it: simulates a crash or power loss of the process."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> int | None:
        """Graceful stop: SIGTERM, then SIGKILL if still alive after the grace period."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode

    def restart(self) -> None:
        """Start a new process on the same data dir (after `kill()` or `stop()`)."""
        if self.process is not None and self.process.poll() is None:
            self.stop()
        self.session.close()
        self.session = requests.Session()
        self.start()

    def log_tail(self) -> str:
        """Last part of the server's stderr, for failure messages."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "----- langfarm log (tail) -----\n" + text[-LOG_TAIL_CHARS:]


def run_server(
    binary: Path, workdir: Path, extra_args: list[str] | None = None, env: dict[str, str] | None = None
) -> LangfarmServer:
    """Create and start a server whose data and log live under `workdir` (`env`: its whole
    environment, default `server_env()`)."""
    data_dir = workdir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    server = LangfarmServer(
        binary=binary, data_dir=data_dir, log_path=workdir / "langfarm.log", extra_args=list(extra_args or []),
        env=env if env is not None else server_env(),
    )
    server.start()
    return server


def shut_down(server: LangfarmServer, failed: bool) -> None:
    """Stop the server; print its log when the test failed so CI output explains why."""
    server.stop()
    server.session.close()
    if failed:
        print(server.log_tail())


def _test_failed(node) -> bool:
    return any(getattr(getattr(node, f"rep_{when}", None), "failed", False) for when in ("setup", "call"))


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def langfarm_bin() -> Path:
    """Path of the binary under test (from LANGFARM_BIN)."""
    return langfarm_binary()


@pytest.fixture
def server(langfarm_bin: Path, tmp_path: Path, request) -> Iterator[LangfarmServer]:
    """A fresh server with its own empty data dir, for one test."""
    srv = run_server(langfarm_bin, tmp_path)
    yield srv
    shut_down(srv, _test_failed(request.node))


@pytest.fixture(scope="module")
def module_server(langfarm_bin: Path, tmp_path_factory, request) -> Iterator[LangfarmServer]:
    """A server shared by the tests of one module (data sent once, checked by many tests)."""
    srv = run_server(langfarm_bin, tmp_path_factory.mktemp("langfarm"))
    yield srv
    failed = any(_test_failed(item) for item in request.session.items if item.module is request.module)
    shut_down(srv, failed)


@pytest.fixture(scope="session")
def openai_stub_server() -> Iterator[openai_stub.OpenAIStub]:
    """The OpenAI-compatible stub (openai_stub.py) that the client drivers' model calls go to."""
    stub = openai_stub.start()
    yield stub
    stub.stop()
