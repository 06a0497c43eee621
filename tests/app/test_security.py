"""Security: headers on every response, CORS off unless configured, the 500 of last resort, and no
eval/exec/compile of text anywhere in the repository."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import CONTENT_SECURITY_POLICY, create_app
from app.settings import Settings

from .conftest import trace_body

REPOSITORY = Path(__file__).resolve().parents[2]
EXPECTED_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                   "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def assert_security_headers(response, policy: str = EXPECTED_POLICY) -> None:
    assert response.headers["content-security-policy"] == policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_policy_is_the_contracts():
    assert CONTENT_SECURITY_POLICY == EXPECTED_POLICY


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/healthz", None),
    ("GET", "/api/ops", None),
    ("GET", "/api/examples", None),
    ("POST", "/api/trace", trace_body("x", {"x": 1})),
    ("POST", "/api/trace", trace_body("x +", {"x": 1})),  # 400
    ("POST", "/api/trace", {"expression": 1}),  # 422
    ("POST", "/api/export?format=dot", trace_body("x", {"x": 1})),
    ("GET", "/api/trace", None),  # 405
    ("GET", "/no/such/page", None),  # 404
    ("GET", "/openapi.json", None),
    ("GET", "/", None),
])
def test_every_response_carries_the_security_headers(client, method, path, body):
    response = client.request(method, path, json=body)
    assert_security_headers(response)


def test_static_files_and_413_carry_them_too(client, make_client):
    static = next(p for p in (REPOSITORY / "static").rglob("*") if p.is_file())
    assert_security_headers(client.get("/static/" + static.relative_to(REPOSITORY / "static").as_posix()))
    assert_security_headers(make_client(max_body_bytes=10).post("/api/trace", json=trace_body("x", {"x": 1})))


def test_docs_relax_only_inline_styles(client):
    policy = client.get("/docs").headers["content-security-policy"]
    assert policy == EXPECTED_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def test_the_last_resort_handler_answers_json_500_with_headers():
    app = create_app(Settings())

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {"detail": {"kind": "internal", "message": "an internal error occurred; it has been logged",
                                          "position": None, "span": None}}
    assert "a bug" not in response.text and "Traceback" not in response.text
    assert_security_headers(response)


def test_cors_is_off_by_default(client):
    preflight = client.options("/api/trace", headers={"Origin": "https://elsewhere.example",
                                                      "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    simple = client.get("/healthz", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in simple.headers


def test_cors_allows_only_the_configured_origins(make_client):
    client = make_client(cors_origins=("https://school.example",))
    allowed = client.options("/api/trace", headers={"Origin": "https://school.example",
                                                    "Access-Control-Request-Method": "POST",
                                                    "Access-Control-Request-Headers": "content-type"})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://school.example"
    assert_security_headers(allowed)
    other = client.get("/healthz", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


# A call of eval, exec or compile on anything: the builtins, not names that merely end in them
# (`compile_graph`, `re.compile`, `.evaluate(`), nor words in comments and strings.
FORBIDDEN_CALL = re.compile(r"(?<![\w.])(eval|exec|compile)\s*\(")


def python_files() -> list[Path]:
    skipped = {".venv", ".git", "node_modules", "__pycache__", ".hypothesis", "build"}
    return [path for path in REPOSITORY.rglob("*.py") if not skipped & set(path.relative_to(REPOSITORY).parts)]


def code_lines(path: Path):
    """Lines with comments and string literals blanked, via the tokenizer (no execution)."""
    import io
    import tokenize
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    blank = {i: list(line) for i, line in enumerate(lines)}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.STRING):
            (start_row, start_col), (end_row, end_col) = token.start, token.end
            for row in range(start_row - 1, end_row):
                first = start_col if row == start_row - 1 else 0
                last = end_col if row == end_row - 1 else len(blank[row])
                for col in range(first, last):
                    blank[row][col] = " "
    return ["".join(blank[i]) for i in range(len(lines))]


def test_no_eval_exec_or_compile_anywhere():
    files = python_files()
    assert len(files) > 20 and any(p.parts[-2:] == ("app", "api.py") for p in files)
    offenders = [f"{path.relative_to(REPOSITORY)}:{number}: {line.strip()}"
                 for path in files for number, line in enumerate(code_lines(path), start=1)
                 if FORBIDDEN_CALL.search(line)]
    # the one audited place: the engine compiles its own rule table at import (tests/engine/test_purity.py)
    assert [offender.split(":")[0] for offender in offenders] == ["engine/rules.py"]
    assert offenders[0].endswith("exec(source, namespace)")


@pytest.mark.parametrize("line, found", [
    ("value = eval(text)", True), ("exec(code)", True), ("compile(source, 'f', 'exec')", True),
    ("builtins.eval (x)", False), ("graph = compile_graph(source)", False), ("pattern = re.compile(r'x')", False),
    ("evaluate(graph, inputs)", False), ("engine.evaluate(x)", False)])
def test_the_eval_detector_itself(line, found):
    assert bool(FORBIDDEN_CALL.search(line)) == found
