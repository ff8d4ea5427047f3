"""Request size limits as a hostile or broken client meets them, over a real socket.

Why: a body declared larger than an endpoint accepts must be refused from its headers alone.
Reading it first would let a client hold a connection and the server's memory for as long
as it takes to send the limit's worth of bytes, or forever if it never sends them.
"""

from __future__ import annotations

import base64
import socket

import pytest

from conftest import LangfarmServer

DECLARED = 1_000_000_000  # one gigabyte, never sent


def declare_and_wait(server: LangfarmServer, path: str, content_type: str) -> bytes:
    """Sends only the headers of a request declaring DECLARED bytes; returns what the server answers."""
    token = base64.b64encode(f"{server.public_key}:{server.secret_key}".encode()).decode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {token}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {DECLARED}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(head.encode())
        try:
            return connection.recv(4096)
        except socket.timeout:
            pytest.fail(f"{path}: no answer within 10 s to a request declaring {DECLARED} bytes; the server waits for the body")


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/api/public/ingestion", "application/json"),
        ("/api/public/scores", "application/json"),
        ("/api/public/otel/v1/traces", "application/x-protobuf"),
    ],
)
def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent(server: LangfarmServer, path: str, content_type: str) -> None:
    answer = declare_and_wait(server, path, content_type)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert server.get_trace("anything").status_code == 404, "the server must keep serving"
