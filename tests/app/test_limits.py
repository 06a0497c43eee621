"""Every limit: body size (413), expression length, node count and nesting depth (400 "limit"),
each naming the setting and its value; and the settings read from the environment."""
from __future__ import annotations

import asyncio
import time

import pytest
from pydantic import ValidationError

from app.main import BodyLimit
from app.settings import Settings

from .conftest import trace_body
from .programs import layered_program


def assert_limit(response, status: int, variable: str, value: int) -> None:
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert detail["kind"] == "limit"
    assert f"{variable}={value}" in detail["message"] or (variable in detail["message"] and str(value) in detail["message"])


def test_body_over_the_limit_by_content_length_is_413(make_client):
    client = make_client(max_body_bytes=100)
    response = client.post("/api/trace", json=trace_body("x" * 200, {"x": 1}))
    assert_limit(response, 413, "CHAINRULE_MAX_BODY_BYTES", 100)
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert client.post("/api/trace", json=trace_body("x", {"x": 1})).status_code == 200


def test_streamed_body_over_the_limit_is_413(make_client):
    client = make_client(max_body_bytes=100)

    def chunks():  # no Content-Length: the body arrives chunked, and is counted as it arrives
        for _ in range(10):
            yield b" " * 20

    response = client.post("/api/trace", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_limit(response, 413, "CHAINRULE_MAX_BODY_BYTES", 100)


def run_body_limit(limit: int, declared: int | None, chunks: list[bytes]) -> tuple[list[dict], bytes | None]:
    """Drive the middleware directly with a client that may lie about its Content-Length."""
    received: list[bytes] = []
    sent: list[dict] = []

    async def app(scope, receive, send):
        message = await receive()
        received.append(message["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message)

    headers = [(b"content-length", str(declared).encode())] if declared is not None else []
    asyncio.run(BodyLimit(app, limit)({"type": "http", "headers": headers, "path": "/"}, receive, send))
    return sent, received[0] if received else None


def test_body_limit_counts_bytes_even_when_content_length_lies():
    sent, received = run_body_limit(10, declared=5, chunks=[b"12345", b"678901"])
    assert sent[0]["status"] == 413 and received is None
    sent, received = run_body_limit(10, declared=10, chunks=[b"12345", b"67890"])
    assert sent[0]["status"] == 200 and received == b"1234567890"


def test_expression_length_limit(make_client):
    client = make_client(max_expression_length=10)
    assert client.post("/api/trace", json=trace_body("x+x+x+x+x", {"x": 1})).status_code == 200
    response = client.post("/api/trace", json=trace_body("x+x+x+x+x+x", {"x": 1}))
    assert_limit(response, 400, "CHAINRULE_MAX_EXPRESSION_LENGTH", 10)


def test_node_limit(make_client):
    client = make_client(max_nodes=5)
    assert client.post("/api/trace", json=trace_body("x+x+x+x+x", {"x": 1})).status_code == 200  # x and 4 adds
    response = client.post("/api/trace", json=trace_body("x+x+x+x+x+x", {"x": 1}))
    assert_limit(response, 400, "CHAINRULE_MAX_NODES", 5)
    jacobian = client.post("/api/jacobian", json=trace_body("x+x+x+x+x+x", {"x": 1}))
    assert_limit(jacobian, 400, "CHAINRULE_MAX_NODES", 5)


def test_depth_limit(make_client):
    client = make_client(max_depth=5)
    assert client.post("/api/trace", json=trace_body("((((x))))", {"x": 1})).status_code == 200
    response = client.post("/api/trace", json=trace_body("((((((((x))))))))", {"x": 1}))
    assert_limit(response, 400, "CHAINRULE_MAX_DEPTH", 5)
    assert response.json()["detail"]["position"] is not None


def test_default_limits_allow_a_2000_node_trace_and_no_more(client):
    expression = "-(x" + "+1" * 999 + ")"  # x, 999 constants, 999 adds, one negation
    response = client.post("/api/trace", json=trace_body(expression, {"x": 1}))
    assert response.status_code == 200
    assert len(response.json()["nodes"]) == 2_000
    response = client.post("/api/trace", json=trace_body("-" + expression, {"x": 1}))
    assert_limit(response, 400, "CHAINRULE_MAX_NODES", 2_000)


@pytest.mark.parametrize("nesting", [200, 250, 5_000, 100_000])
def test_deep_nesting_is_a_limit_error_never_a_crash(client, nesting):
    for expression in ("(" * nesting + "x" + ")" * nesting, "-" * nesting + "x", "x^" * nesting + "x",
                       "sin(" * nesting + "x" + ")" * nesting):
        response = client.post("/api/trace", json=trace_body(expression, {"x": 0.5}))
        assert response.status_code in (200, 400), expression[:20]
        if response.status_code == 400:
            assert response.json()["detail"]["kind"] in ("limit", "domain")


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("CHAINRULE_MAX_NODES", "123")
    monkeypatch.setenv("CHAINRULE_MAX_BODY_BYTES", "4567")
    monkeypatch.setenv("CHAINRULE_PORT", "9000")
    monkeypatch.setenv("CHAINRULE_CORS_ORIGINS", "https://a.example, https://b.example")
    settings = Settings()
    assert (settings.max_nodes, settings.max_body_bytes, settings.port) == (123, 4567, 9000)
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.limits.max_nodes == 123


def test_settings_defaults_and_bounds(monkeypatch):
    for name in ("HOST", "PORT", "MAX_NODES", "MAX_DEPTH", "MAX_BODY_BYTES", "MAX_EXPRESSION_LENGTH", "MAX_WORK",
                 "CORS_ORIGINS"):
        monkeypatch.delenv(f"CHAINRULE_{name}", raising=False)
    settings = Settings()
    assert (settings.host, settings.port, settings.cors_origins) == ("127.0.0.1", 8000, ())
    assert settings.max_nodes == 2_000
    with pytest.raises(ValidationError):
        Settings(max_depth=1_000)  # past the parser's hard bound
    with pytest.raises(ValidationError):
        Settings(max_nodes=0)


def test_jacobian_work_limit(make_client):
    client = make_client(max_work=100)
    small = client.post("/api/jacobian", json=trace_body("x*y + z", {"x": 1, "y": 2, "z": 3}))
    assert small.status_code == 200  # (3 inputs + 1 output) x 5 nodes = 20 node visits
    many = " + ".join(f"x{i}" for i in range(10))  # (10 + 1) x 19 = 209 node visits
    response = client.post("/api/jacobian", json=trace_body(many, {f"x{i}": 1 for i in range(10)}))
    assert_limit(response, 400, "CHAINRULE_MAX_WORK", 100)
    assert response.json()["detail"]["limit"] == "max_work"
    assert "11 passes" in response.json()["detail"]["message"]
    assert client.post("/api/trace", json=trace_body(many, {f"x{i}": 1 for i in range(10)})).status_code == 200


def test_check_work_limit(make_client):
    client = make_client(max_work=100)
    assert client.post("/api/check", json=trace_body("x*y + z", {"x": 1, "y": 2, "z": 3})).status_code == 200  # 6 x 5
    many = " + ".join(f"x{i}" for i in range(6))  # 2 x 6 x 11 = 132 node visits
    response = client.post("/api/check", json=trace_body(many, {f"x{i}": 1 for i in range(6)}))
    assert_limit(response, 400, "CHAINRULE_MAX_WORK", 100)
    assert response.json()["detail"]["limit"] == "max_work"
    assert "12 passes over 11 nodes" in response.json()["detail"]["message"]


def test_default_jacobian_work_limit_stops_a_half_minute_request(client):
    many = "+".join(f"x{i}" for i in range(2_000))
    started = time.perf_counter()
    response = client.post("/api/jacobian", json=trace_body(many, {f"x{i}": 1 for i in range(2_000)}))
    assert response.status_code == 400 and response.json()["detail"]["kind"] == "limit"
    assert time.perf_counter() - started < 5  # refused before any pass runs


@pytest.mark.parametrize("shape, expression", [
    ("one input reused by every term", "+".join(f"x*{i}" for i in range(666)) + " + y"),  # 1,998 nodes
    ("a deep chain of reused names", layered_program(440)),  # 1,980 nodes
])
def test_the_largest_default_requests_are_not_a_hang(client, settings, shape, expression):
    # A guard against pathological cost (minutes), not a benchmark: bench/api_bench.py measures.
    started = time.perf_counter()
    response = client.post("/api/trace", json=trace_body(expression, {"x": 0.5, "y": 0.25}))
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text[:300]
    assert 1_900 <= len(response.json()["nodes"]) <= settings.max_nodes
    assert elapsed < 5, f"{shape}: {elapsed:.1f} s"


@pytest.mark.parametrize("route, setting, limit", [
    ("/api/paths", {"max_paths": 3}, "max_paths"),
    ("/api/symbolic", {"max_symbolic_size": 20}, "max_symbolic_size"),
])
def test_the_paths_and_symbolic_limits_are_server_settings(make_client, route, setting, limit):
    body = {"expression": "u = x*x\nv = u*u\nw = v*v\nw*w", "inputs": {"x": 1.1}}
    if route == "/api/paths":
        body["input"] = "x"  # 16 paths
    assert make_client().post(route, json=body).status_code == 200  # within the defaults
    response = make_client(**setting).post(route, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["detail"]["limit"] == limit


def test_the_paths_and_symbolic_limits_from_the_environment(monkeypatch):
    monkeypatch.setenv("CHAINRULE_MAX_PATHS", "12")
    monkeypatch.setenv("CHAINRULE_MAX_SYMBOLIC_SIZE", "345")
    assert (Settings().limits.max_paths, Settings().limits.max_symbolic_size) == (12, 345)
