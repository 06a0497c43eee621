"""The schema check that every client response goes through: it must catch what breaks the contract."""
from __future__ import annotations

import copy

import pytest

from .conftest import SchemaCheckingClient, trace_body
from .openapi_check import SchemaError, Validator, check_response


@pytest.fixture(scope="module")
def document(client) -> dict:
    return client.openapi


@pytest.fixture(scope="module")
def good_trace(client) -> dict:
    return client.post("/api/trace", json=trace_body("x*x + sin(x)", {"x": 1})).json()


def check_trace(document: dict, trace: dict) -> None:
    import json
    check_response(document, "POST", "/api/trace", 200, "application/json", json.dumps(trace).encode())


def test_a_real_trace_passes(document, good_trace):
    check_trace(document, good_trace)


BREAKAGES = {
    "missing key": lambda t: t.pop("warnings"),
    "extra key": lambda t: t.update(surprise=1),
    "extra node key": lambda t: t["nodes"][0].update(colour="red"),
    "wrong type": lambda t: t["nodes"][0].update(id="0"),
    "bool for int": lambda t: t["nodes"][0].update(position=True),
    "null value": lambda t: t["nodes"][1].update(value=None),
    "bad mode": lambda t: t.update(mode="sideways"),
    "short span": lambda t: t["nodes"][0].update(span=[0]),
    "bad direction": lambda t: t["layout"].update(direction="top-to-bottom"),
    "bad point": lambda t: t["layout"]["edges"][0]["points"].append([1.0]),
    "string in gradient": lambda t: t["reverse_mode"]["gradient"].update(x="1"),
    "bad step": lambda t: t["steps"][-1].pop("after"),
    "unknown step kind": lambda t: t["steps"][0].update(kind="guess"),
    "step in the wrong phase": lambda t: t["steps"][0].update(phase="reverse"),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_a_broken_trace_fails(document, good_trace, name):
    trace = copy.deepcopy(good_trace)
    BREAKAGES[name](trace)
    with pytest.raises(SchemaError):
        check_trace(document, trace)


def test_undeclared_status_and_content_type_fail(document):
    with pytest.raises(SchemaError, match="does not declare"):
        check_response(document, "GET", "/healthz", 418, "application/json", b'{"status": "ok"}')
    with pytest.raises(SchemaError, match="content type"):
        check_response(document, "GET", "/healthz", 200, "text/html", b"ok")
    with pytest.raises(SchemaError, match="not JSON"):
        check_response(document, "POST", "/api/trace", 200, "application/json", b'{"a": NaN}')
    with pytest.raises(SchemaError):
        check_response(document, "POST", "/api/trace", 400, "application/json",
                       b'{"detail": {"kind": "oops", "message": "m", "position": null, "span": null}}')


def test_validator_keywords():
    validator = Validator({"components": {"schemas": {"N": {"type": "number"}}}})
    assert validator.errors(1.5, {"$ref": "#/components/schemas/N"}) == []
    assert validator.errors(float("inf"), {"type": "number"})
    assert validator.errors(True, {"type": "integer"})
    assert validator.errors(3, {"anyOf": [{"type": "string"}, {"type": "null"}]})
    assert validator.errors([1, 2, 3], {"type": "array", "maxItems": 2})
    assert validator.errors({"a": "x"}, {"type": "object", "additionalProperties": {"type": "number"}})
    assert validator.errors(2, {"oneOf": [{"type": "integer"}, {"type": "number"}]})  # matches both


def test_the_client_checks_operations_and_only_operations():
    before = SchemaCheckingClient.checked
    from app.main import create_app
    from app.settings import Settings
    with SchemaCheckingClient(create_app(Settings())) as client:
        client.get("/healthz")
        client.get("/docs")  # not an operation: not checked
    assert SchemaCheckingClient.checked == before + 1
