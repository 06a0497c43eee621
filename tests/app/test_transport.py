"""The transport over raw sockets on loopback, against `python -m app` in a subprocess: slow headers
and missing bodies are timed out, hundreds of slow clients neither deny service to others nor flood
the log, and a hostile body writes no more than a line to it.

Every socket goes to 127.0.0.1; the counts are bounded (a few hundred sockets) and so is the time
(timeouts of 1 s; each wait has a deadline of a few seconds). The server's limit on open files is
lowered to 1,024 (as where the flood was seen), its connection cap left at the default."""
from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .test_server import REPOSITORY, free_port, stop, wait_until_up

FILE_LIMIT = 1_024  # the server's limit on open files, which 1,100 slow clients used to exhaust
SLOW_CLIENTS = 1_100


@dataclass
class Server:
    port: int
    log: Path

    def log_size(self) -> int:
        return self.log.stat().st_size


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("transport") / "server.log"
    port = free_port()
    env = {**os.environ, "CHAINRULE_HEADER_TIMEOUT": "1", "CHAINRULE_BODY_TIMEOUT": "1"}

    def lower_file_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (FILE_LIMIT, FILE_LIMIT))

    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)],
                                   cwd=REPOSITORY, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   preexec_fn=lower_file_limit)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        yield Server(port, log)
    finally:
        stop(process, 20)
    assert "Traceback" not in log.read_text()


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    return sock


def read_until_closed(sock: socket.socket, seconds: float) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    start = time.monotonic()
    sock.settimeout(seconds)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except (TimeoutError, socket.timeout):
        pytest.fail(f"the server kept the connection open for {seconds} s; it sent {received[:200]!r}")
    except ConnectionResetError:
        pass
    return received, time.monotonic() - start


def request(port: int, raw: bytes) -> bytes:
    with connect(port) as sock:
        sock.sendall(raw)
        return read_until_closed(sock, 10)[0]


def healthz(port: int) -> bytes:
    return request(port, b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")


def test_headers_sent_too_slowly_are_timed_out(server):
    with connect(server.port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHo")  # and nothing more
        received, seconds = read_until_closed(sock, 8)
    assert received == b"" and seconds < 8


def test_a_byte_every_half_second_does_not_keep_headers_open(server):
    with connect(server.port) as sock:
        start = time.monotonic()
        closed = False
        for byte in b"GET /healthz HTTP/1.1\r\nHost: slow\r\n":
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            time.sleep(0.5)
            if time.monotonic() - start > 8:
                break
        if not closed:
            received, _ = read_until_closed(sock, 8)
            assert b"200 OK" not in received
    assert time.monotonic() - start < 16


def test_a_declared_body_that_never_comes_is_408(server):
    with connect(server.port) as sock:
        sock.sendall(b"POST /api/trace HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n{\"expr")
        received, seconds = read_until_closed(sock, 8)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408") and b"connection: close" in head.lower()
    assert b'"kind":"limit"' in body and b"CHAINRULE_BODY_TIMEOUT" in body


def test_a_thousand_slow_clients_deny_no_service_and_write_no_log(server):
    # 1,100 connections that never finish their headers, against a server allowed 1,024 open files
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < SLOW_CLIENTS + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, SLOW_CLIENTS + 100), hard))
    before = server.log_size()
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            sock = connect(server.port)
            sock.sendall(b"GET / HTTP/1.1\r\n")
            slow.append(sock)
        answers = [healthz(server.port) for _ in range(20)]
        assert all(answer.startswith(b"HTTP/1.1 200") for answer in answers)
        post = request(server.port, b'POST /api/trace HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n'
                                    b'Content-Length: 39\r\nConnection: close\r\n\r\n{"expression": "x", "inputs": {"x": 1}}')
        assert post.startswith(b"HTTP/1.1 200")
        deadline = time.monotonic() + 15
        for sock in slow:  # every slow one is closed: by the cap at once, or by its deadline
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                assert sock.recv(1024) == b""
            except ConnectionResetError:
                pass
    finally:
        for sock in slow:
            sock.close()
    assert healthz(server.port).startswith(b"HTTP/1.1 200")
    assert server.log_size() - before < 1_000  # at most one summary line a minute
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.parametrize("content_type, body", [
    (b"text/plain", b"\xff\xfe"),
    (b"text/plain", b"\xff" * 999_000),
    (b"application/json", b'{"expression": "' + b"\xff" * 999_000 + b'"}'),
])
def test_a_hostile_body_is_a_4xx_and_writes_little_to_the_log(server, content_type, body):
    before = server.log_size()
    answer = request(server.port, b"POST /api/trace HTTP/1.1\r\nHost: t\r\nContent-Type: " + content_type +
                     b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
    head, _, reply = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 422") and len(reply) < 2_000
    time.sleep(0.2)
    assert server.log_size() - before < 500
