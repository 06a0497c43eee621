"""Malformed bodies: every one gets a 4xx in the documented JSON shape, a 422 echoes only a short
prefix of what was sent, and no request writes more than a few short log records."""
from __future__ import annotations

import logging

import pytest

from app.bounded import ECHO_CHARACTERS, RECORD_CHARACTERS, BoundedRecords, short_echo

POST_ROUTES = ["/api/trace", "/api/check", "/api/jacobian", "/api/export?format=dot", "/api/dual", "/api/hvp", "/api/quiz",
               "/api/quiz/check"]
VALID = b'{"expression": "x", "inputs": {"x": 1}}'

MALFORMED = [
    ("text/plain", b"\xff\xfe"),  # invalid UTF-8 (was a 500 on every POST route)
    ("text/plain", VALID),  # valid JSON sent as text
    ("text/plain", b"x" * 999_000),  # was 8 MB of log and the whole body echoed
    ("application/x-www-form-urlencoded", b"expression=x&inputs=1"),  # curl -d without -H
    ("multipart/form-data; boundary=b", b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n'),
    ("application/xml", b"<trace/>"),
    ("application/json", b"\xff\xfe"),
    ("application/json", b'"' + b"y" * 999_000 + b'"'),  # a string, not an object
    ("application/json", b'{"expression": "x", "inputs": {"' + b"k" * 500_000 + b'": "1"}}'),  # a huge key
    ("application/json", b'{"expression": ["' + b"z" * 500_000 + b'"], "inputs": {}}'),
    ("application/json; charset=latin-1", b'{"expression": "x\xe9", "inputs": {}}'),
    ("application/json", b"[" * 100_000),
    ("application/json", b""),
    (None, b"\xff\xfe"),
]


def sizes_of_echoes(detail: list[dict]) -> list[int]:
    """The length of everything an error echoes: the input and the parts of its location."""
    echoed = [error.get("input") for error in detail] + [part for error in detail for part in error["loc"]]
    return [len(value) if isinstance(value, str) else len(repr(value)) for value in echoed]


@pytest.mark.parametrize("path", POST_ROUTES)
@pytest.mark.parametrize("content_type, content", MALFORMED, ids=[f"{c[0]}-{len(c[1])}" for c in MALFORMED])
def test_a_malformed_body_is_422_with_a_short_echo(client, path, content_type, content, caplog):
    headers = {} if content_type is None else {"content-type": content_type}
    with caplog.at_level(logging.DEBUG):
        response = client.post(path, content=content, headers=headers)
    assert response.status_code == 422, response.text[:300]
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail and all({"loc", "msg", "type"} <= set(e) for e in detail)
    assert max(sizes_of_echoes(detail)) <= ECHO_CHARACTERS + 3
    assert len(response.content) < 2_000
    assert len(caplog.records) <= 2 and sum(len(r.getMessage()) for r in caplog.records) <= 2 * RECORD_CHARACTERS


def test_another_content_type_is_named_in_the_message(client):
    response = client.post("/api/trace", content=VALID, headers={"content-type": "text/plain"})
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["type"] == "content_type" and "application/json" in error["msg"] and "text/plain" in error["msg"]


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON",
                                          "application/vnd.api+json"])
def test_json_content_types_are_accepted(client, content_type):
    response = client.post("/api/trace", content=VALID, headers={"content-type": content_type})
    assert response.status_code == 200


@pytest.mark.parametrize("value, expected", [
    ("short", "short"),
    ("a" * 500, "a" * ECHO_CHARACTERS + "..."),
    (b"\xff\xfe", "\\xff\\xfe"),
    (b"b" * 10_000, "b" * ECHO_CHARACTERS + "..."),
    (3, 3), (None, None), (1.5, 1.5),
    ({"x": 1}, {"x": 1}),
    (["c" * 200], '["' + "c" * (ECHO_CHARACTERS - 2) + "..."),
])
def test_short_echo(value, expected):
    assert short_echo(value) == expected


def test_a_log_record_is_cut_message_and_traceback():
    logger = logging.getLogger("chainrule.test_bounded")
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Keep()
    logger.addHandler(handler)
    logger.addFilter(BoundedRecords())
    try:
        try:
            raise ValueError("v" * 1_000_000)
        except ValueError:
            logger.exception("failed on %s", "w" * 1_000_000)
    finally:
        logger.removeHandler(handler)
    assert len(records) == 1 and len(records[0]) <= 2 * RECORD_CHARACTERS + 200
    assert records[0].startswith("failed on www") and "ValueError" in records[0]
