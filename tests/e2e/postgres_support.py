"""A throwaway PostgreSQL server for the end-to-end tests and the benchmarks.

Debian's `postgresql` package provides the programs (`/usr/lib/postgresql/VERSION/bin`);
nothing is installed or configured system-wide: `initdb` makes a cluster in a temporary
directory, `postgres` serves it on a free loopback port, and stopping it removes nothing but
the process. Root may not run PostgreSQL, so under root its programs run as the `postgres`
user (which the Debian package creates).

With LANGFARM_TEST_DATABASE_URL set (a role allowed to create databases), databases are
created on that server instead and nothing is started; the tests that stop and restart
PostgreSQL need the throwaway one.

Also a command for the benchmarks:

    python3 tests/e2e/postgres_support.py start DIR   # prints the URL of its database `langfarm`
    python3 tests/e2e/postgres_support.py stop DIR

`start` makes the cluster when DIR holds none, and serves an existing one (on a new port) again.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROLE = "langfarm"
PASSWORD = "langfarm-pw"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's programs are missing or the server would not start."""


def server_binaries() -> Path:
    """The newest installed server's programs."""
    debian = Path("/usr/lib/postgresql")
    versions = sorted((int(p.name) for p in debian.glob("*") if p.name.isdigit()), reverse=True) if debian.is_dir() else []
    for version in versions:
        candidate = debian / str(version) / "bin"
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise PostgresUnavailable(
        "PostgreSQL is not installed: apt-get install postgresql (the tests start their own throwaway server)"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(command: list[str]) -> list[str]:
    """Root may not run PostgreSQL's programs: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


class ThrowawayPostgres:
    """One cluster in `directory` (default: a new one in the system's temporary folder, which
    the postgres user can reach, unlike pytest's private ones), served on `port` while running."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory or Path(tempfile.mkdtemp(prefix="langfarm-pg-"))
        self.binaries = server_binaries()
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def log(self) -> Path:
        return self.directory / "postgres.log"

    def init(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.getuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.directory, account.pw_uid, account.pw_gid)
        result = subprocess.run(
            as_postgres([
                str(self.binaries / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth-local=trust",
                "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync",
            ]),
            capture_output=True, text=True, cwd=self.directory,
        )
        if result.returncode != 0:
            raise PostgresUnavailable(f"initdb failed in {self.directory}:\n{result.stdout[-1000:]}{result.stderr[-1000:]}")

    def start(self, detached: bool = False) -> None:
        """Serve the cluster (on the same port after a stop), waiting until it answers."""
        if not self.port:
            self.port = free_port()
        log = open(self.log, "ab")
        self.process = subprocess.Popen(
            as_postgres([
                str(self.binaries / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.directory),
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
            ]),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=self.directory,
            start_new_session=detached,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise PostgresUnavailable(f"postgres exited at start:\n{self.log.read_text(errors='replace')[-2000:]}")
            if self.psql("SELECT 1", check=False).returncode == 0:
                return
            time.sleep(0.1)
        raise PostgresUnavailable(f"postgres did not answer within 30 s; see {self.log}")

    def psql(self, sql: str, check: bool = True, database: str = "postgres") -> subprocess.CompletedProcess:
        """Runs SQL as the superuser over the socket; rows come back unaligned, one per line."""
        return subprocess.run(
            [str(self.binaries / "psql"), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", str(self.directory),
             "-p", str(self.port), "-U", "postgres", "-d", database, "-c", sql],
            check=check, capture_output=True, text=True,
        )

    def create_database(self, name: str | None = None) -> str:
        """A new empty database owned by the `langfarm` role; its URL (TCP, password)."""
        name = name or f"langfarm_{uuid.uuid4().hex[:12]}"
        if self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'").stdout.strip() == "":
            self.psql(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'")
        self.psql(f"CREATE DATABASE {name} OWNER {ROLE}")
        return f"postgres://{ROLE}:{PASSWORD}@127.0.0.1:{self.port}/{name}"

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def stop(self, mode: signal.Signals = signal.SIGINT, timeout: float = 30) -> None:
        """Stop the server: SIGINT is PostgreSQL's fast shutdown (every session is ended),
        SIGQUIT its immediate one (as a crash: recovery runs at the next start)."""
        pid = self.postmaster_pid()
        if pid is None:
            return
        try:
            os.kill(pid, mode)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while (self.data / "postmaster.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.process is not None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def remove(self) -> None:
        """Stops the server and deletes the cluster."""
        self.stop(signal.SIGQUIT)
        shutil.rmtree(self.directory, ignore_errors=True)


def main(arguments: list[str]) -> int:
    if len(arguments) != 2 or arguments[0] not in ("start", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    server = ThrowawayPostgres(Path(arguments[1]).resolve())
    if arguments[0] == "start":
        fresh = not server.data.exists()
        if fresh:
            server.init()
        server.start(detached=True)
        if fresh:
            server.create_database("langfarm")
        print(f"postgres://{ROLE}:{PASSWORD}@127.0.0.1:{server.port}/langfarm")
    else:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
