"""Request limits as a hostile or broken client meets them, over a real socket.

Why: a body declared larger than an endpoint accepts must be refused from its headers alone.
Reading it first would let a client hold a connection and the server's memory for as long
as it takes to send the limit's worth of bytes, or forever if it never sends them. For the
same reason a connection that never finishes its request head is closed.
"""

from __future__ import annotations

import base64
import json
import resource
import socket
import time

import pytest
import requests

from conftest import LangfarmServer, run_server, shut_down

DECLARED = 1_000_000_000  # one gigabyte, never sent


def start_ingestion_request(server: LangfarmServer, content_length: int, body_start: bytes = b"") -> socket.socket:
    """Opens a connection and sends the head of an ingestion request declaring `content_length`
    bytes, then `body_start` of its body; the caller decides what follows."""
    token = base64.b64encode(f"{server.public_key}:{server.secret_key}".encode()).decode()
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    connection.sendall((
        f"POST /api/public/ingestion HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {content_length}\r\n\r\n"
    ).encode() + body_start)
    return connection


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


def test_a_connection_that_never_finishes_its_request_head_is_closed(langfarm_bin, tmp_path) -> None:
    server = run_server(langfarm_bin, tmp_path, ["--idle-timeout", "1"])
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
            connection.sendall(b"POST /api/public/ingestion HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            started = time.monotonic()
            try:
                closed = connection.recv(4096) == b""
            except ConnectionResetError:
                closed = True
            except socket.timeout:
                pytest.fail("the server kept a connection whose request head never ended for 10 s")
            assert closed, "the server answered an unfinished request head"
            assert time.monotonic() - started >= 0.5, "closed before the idle timeout"
        assert server.get_trace("anything").status_code == 404, "the server must keep serving"
    finally:
        shut_down(server, False)


def test_a_connection_whose_body_stalls_is_closed_and_stores_nothing(langfarm_bin, tmp_path) -> None:
    """A client that sends its head and part of a body, then nothing, must not hold the
    connection and its reserved budget for ever: the idle timeout closes it."""
    server = run_server(langfarm_bin, tmp_path, ["--idle-timeout", "1"])
    try:
        with start_ingestion_request(server, 1000, b'{"batch": [{"id": "stalled", "type": "trace-create", "body": {"id": "stalled-trace"') as connection:
            started = time.monotonic()
            try:
                answer = connection.recv(4096)
            except ConnectionResetError:
                answer = b""
            except socket.timeout:
                pytest.fail("the server kept a connection whose body stalled for 10 s")
            assert answer == b"" or answer.startswith(b"HTTP/1.1 4"), answer[:200]
            assert time.monotonic() - started >= 0.5, "closed before the idle timeout"
        assert server.get_trace("stalled-trace").status_code == 404, "nothing of the stalled body is stored"
    finally:
        shut_down(server, False)


def test_a_body_trickled_too_slowly_gets_408_at_the_body_timeout(langfarm_bin, tmp_path) -> None:
    """A byte every 0.3 s never trips the idle timeout, so the body timeout must end it."""
    server = run_server(langfarm_bin, tmp_path, ["--body-timeout", "2"])
    try:
        with start_ingestion_request(server, 1000) as connection:
            connection.settimeout(0.3)
            started = time.monotonic()
            answer = b""
            while time.monotonic() - started < 15 and not answer:
                try:
                    connection.sendall(b" ")
                    answer = connection.recv(4096) or b"(closed)"
                except socket.timeout:
                    continue
                except (ConnectionResetError, BrokenPipeError):
                    answer = b"(reset)"
            elapsed = time.monotonic() - started
            assert answer.startswith(b"HTTP/1.1 408"), f"after {elapsed:.1f} s: {answer[:200]!r}"
            assert 1.5 <= elapsed < 6, f"answered after {elapsed:.1f} s, not at the 2 s body timeout"
        assert server.get_trace("anything").status_code == 404, "the server keeps serving"
    finally:
        shut_down(server, False)


def test_request_bodies_past_the_servers_budget_get_503_with_retry_after_until_room_is_made(langfarm_bin, tmp_path) -> None:
    """With 1 MiB of bodies allowed in flight, a client holding 900 kB open leaves no room for
    another 300 kB batch: that one is refused before it is read, and goes through once the
    first client is gone."""
    server = run_server(langfarm_bin, tmp_path, ["--max-body-mib-in-flight", "1"])
    batch = [{
        "id": "budget-event", "type": "trace-create", "timestamp": "2026-12-03T10:00:00.000Z",
        "body": {"id": "budget-trace", "input": "x" * 300_000},
    }]
    try:
        holder = start_ingestion_request(server, 900000, b'{"batch": [')
        time.sleep(0.5)
        refused = server.post_batch(batch)
        assert refused.status_code == 503, refused.text[:300]
        assert refused.headers.get("Retry-After"), "a 503 without Retry-After"
        assert server.get_trace("budget-trace").status_code == 404, "a refused batch was stored"

        holder.close()
        deadline = time.monotonic() + 10
        while (response := server.post_batch(batch)).status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert response.status_code == 207, response.text[:300]
        assert server.get_trace("budget-trace").status_code == 200
    finally:
        shut_down(server, False)


def test_an_export_of_many_small_spans_is_budgeted_by_its_spans_not_its_bytes(langfarm_bin, tmp_path) -> None:
    """A span costs memory whatever its size on the wire, so 300 spans (some 40 kB of OTLP
    JSON) count as 2.4 MB: beside a client holding 500 kB of a 1 MiB budget they do not fit,
    and are refused whole; alone they go through."""
    server = run_server(langfarm_bin, tmp_path, ["--max-body-mib-in-flight", "1"])
    trace_id = "0af7651916cd43dd8448eb211c80319c"
    export = {"resourceSpans": [{"scopeSpans": [{"spans": [
        {"traceId": trace_id, "spanId": f"{index + 1:016x}", "name": "s",
         "startTimeUnixNano": "1764700000000000000", "endTimeUnixNano": "1764700000000000001"}
        for index in range(300)
    ]}]}]}
    body = json.dumps(export).encode()
    assert len(body) < 100_000

    def post_export() -> requests.Response:
        return requests.post(
            server.url("/api/public/otel/v1/traces"), data=body, auth=server.auth,
            headers={"Content-Type": "application/json"}, timeout=30,
        )

    try:
        holder = start_ingestion_request(server, 500000, b'{"batch": [')
        time.sleep(0.5)
        refused = post_export()
        assert refused.status_code == 503 and refused.headers.get("Retry-After"), refused.text[:300]
        assert server.get_observation(f"{1:016x}").status_code == 404, "a refused export was stored"

        holder.close()
        deadline = time.monotonic() + 10
        while (response := post_export()).status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert response.status_code == 200, response.text[:300]
        assert server.get_observation(f"{300:016x}").status_code == 200
    finally:
        shut_down(server, False)


def run_server_with_ulimit(langfarm_bin, tmp_path, ulimit: str, args: list[str] | None = None) -> LangfarmServer:
    """The server started through a shell that first runs `ulimit ULIMIT` (as a service
    manager's limits would start it)."""
    wrapper = tmp_path / "langfarm-with-ulimit"
    wrapper.write_text(f'#!/usr/bin/env bash\nulimit {ulimit}\nexec "{langfarm_bin}" "$@"\n')
    wrapper.chmod(0o755)
    return run_server(wrapper, tmp_path, args or [])


def open_idle_connections(server: LangfarmServer, count: int) -> list[socket.socket]:
    connections = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(count)]
    time.sleep(1)
    return connections


def assert_health_and_ingestion_answer(server: LangfarmServer, trace_id: str) -> None:
    health = requests.get(server.url("/api/public/health"), timeout=10)
    assert health.status_code == 200, health.text[:300]
    batch = [{"id": f"{trace_id}-event", "type": "trace-create", "timestamp": "2026-12-04T10:00:00.000Z", "body": {"id": trace_id}}]
    assert server.post_batch(batch).status_code == 207
    assert server.get_trace(trace_id).status_code == 200


def test_many_idle_connections_do_not_use_up_the_open_file_limit(langfarm_bin, tmp_path) -> None:
    """Started with a soft limit of 256 open files (as a service manager may start it), the
    server raises it to the hard limit: 400 idle connections then leave it able to accept more,
    so health and ingestion still answer."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    assert hard == resource.RLIM_INFINITY or hard >= 1_024, f"the machine's hard limit ({hard}) is too low for this test"
    server = run_server_with_ulimit(langfarm_bin, tmp_path, "-S -n 256")
    idle: list[socket.socket] = []
    try:
        idle = open_idle_connections(server, 400)
        assert_health_and_ingestion_answer(server, "fd-trace")
    finally:
        for connection in idle:
            connection.close()
        shut_down(server, False)


def test_past_the_open_file_limit_the_quietest_connections_make_room_and_health_answers(langfarm_bin, tmp_path) -> None:
    """Started with a hard limit of 256 open files, the server keeps up to 192 connections
    (the rest is its reserve). 400 idle connections would exhaust the descriptors, and then
    nothing, health included, could connect until the idle timeout (set to 10 minutes here);
    instead each new connection past 192 closes the quietest one, so health and ingestion
    answer, and the oldest idle connections are the ones closed."""
    server = run_server_with_ulimit(langfarm_bin, tmp_path, "-n 256", ["--idle-timeout", "600"])
    idle: list[socket.socket] = []
    try:
        idle = open_idle_connections(server, 400)
        assert_health_and_ingestion_answer(server, "room-trace")

        def closed_by_server(connection: socket.socket) -> bool:
            connection.settimeout(0.05)
            try:
                return connection.recv(1) == b""
            except (TimeoutError, socket.timeout):
                return False
            except ConnectionResetError:
                return True

        closed = [closed_by_server(connection) for connection in idle]
        assert sum(closed) >= 400 - 192, f"only {sum(closed)} of 400 idle connections were closed"
        assert all(closed[:100]), "the oldest idle connections were kept while newer ones were closed"
        assert not any(closed[-50:]), "the newest connections were closed rather than the quietest"
        metrics = requests.get(server.url("/metrics"), timeout=10).text
        assert "langfarm_connections_closed_for_room_total" in metrics
    finally:
        for connection in idle:
            connection.close()
        shut_down(server, False)


def test_requests_past_the_cap_on_requests_in_flight_get_503_but_health_answers(langfarm_bin, tmp_path) -> None:
    """With 3 requests allowed at once, three clients holding ingestion requests open (bodies
    never finished) leave no room: a read gets 503 with Retry-After at once, health and the
    metrics scrape still answer, and the read goes through once a holder is gone."""
    server = run_server(langfarm_bin, tmp_path, ["--max-requests-in-flight", "3"])
    try:
        batch = [{"id": "cap-event", "type": "trace-create", "timestamp": "2026-12-03T10:00:00.000Z", "body": {"id": "cap-trace"}}]
        assert server.post_batch(batch).status_code == 207
        holders = [start_ingestion_request(server, 1000, b'{"batch": [') for _ in range(3)]
        time.sleep(0.5)
        refused = server.get_trace("cap-trace")
        assert refused.status_code == 503, refused.text[:300]
        assert refused.headers.get("Retry-After") == "1"
        assert "as many requests" in refused.json()["message"]
        assert requests.get(server.url("/api/public/health"), timeout=10).status_code == 200
        assert requests.get(server.url("/metrics"), timeout=10).status_code == 200
        refused_write = server.post_batch([{**batch[0], "id": "cap-event-2", "body": {"id": "cap-trace-2"}}])
        assert refused_write.status_code == 503, refused_write.text[:300]

        holders.pop().close()
        deadline = time.monotonic() + 10
        while (response := server.get_trace("cap-trace")).status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert response.status_code == 200, response.text[:300]
        for holder in holders:
            holder.close()
        assert server.get_trace("cap-trace-2").status_code == 404, "a refused batch was stored"
    finally:
        shut_down(server, False)
