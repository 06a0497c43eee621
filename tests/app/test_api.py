"""Every endpoint through the TestClient: what it returns, and every error kind it can answer."""
from __future__ import annotations

import math

import pytest

from engine.errors import KINDS
from engine.ops import PRIMITIVES

from .conftest import trace_body


# ---- POST /api/trace ------------------------------------------------------------------------------

def test_trace_returns_the_engine_record_and_a_layout(client):
    response = client.post("/api/trace", json=trace_body("exp(x)/x^2", {"x": 2}))
    assert response.status_code == 200
    trace = response.json()
    assert trace["expression"] == "exp(x)/x^2"
    assert trace["inputs"] == {"x": 2.0}
    assert trace["mode"] == "both"
    assert [node["op"] for node in trace["nodes"]] == ["input", "exp", "const", "pow", "div"]
    assert trace["outputs"] == [4]
    assert trace["output_values"][0] == pytest.approx(math.exp(2) / 4)
    assert trace["reverse_mode"]["gradient"]["x"] == pytest.approx(0.0, abs=1e-12)
    assert trace["forward_mode"]["jvp"][0] == pytest.approx(0.0, abs=1e-12)
    layout = trace["layout"]
    assert [place["id"] for place in layout["nodes"]] == [node["id"] for node in trace["nodes"]]
    edges = {(edge["source"], edge["target"], edge["operand_index"]) for edge in layout["edges"]}
    assert edges == {(operand, node["id"], k) for node in trace["nodes"] for k, operand in enumerate(node["operands"])}
    assert layout["direction"] == "left-to-right"


def test_a_reused_operand_keeps_two_edges(client):
    trace = client.post("/api/trace", json=trace_body("x*x + sin(x)", {"x": 1})).json()
    square = trace["nodes"][1]
    assert square["operands"] == [0, 0]
    into_square = [e for e in trace["layout"]["edges"] if e["target"] == 1]
    assert sorted(e["operand_index"] for e in into_square) == [0, 1]
    nodes = trace["nodes"]
    steps_into_x = [s for s in trace["steps"]
                    if s["kind"] == "adjoint" and nodes[s["node"]]["operands"][s["operand_index"]] == 0]
    assert len(steps_into_x) == 3  # two from x*x, one from sin(x)
    assert [s["contribution_index"] for s in steps_into_x] == [1, 2, 3] and nodes[0]["contributions"] == 3
    assert steps_into_x[-1]["after"] == pytest.approx(2 + math.cos(1)) == nodes[0]["adjoint"]
    assert nodes[0]["uses"] == 3


@pytest.mark.parametrize("mode, forward, reverse", [
    ("evaluation", False, False), ("forward", True, False), ("reverse", False, True), ("both", True, True)])
def test_trace_runs_only_the_modes_asked_for(client, mode, forward, reverse):
    trace = client.post("/api/trace", json=trace_body("x*y", {"x": 2, "y": 3}, mode=mode)).json()
    assert trace["mode"] == mode
    assert (trace["forward_mode"] is not None) == forward
    assert (trace["reverse_mode"] is not None) == reverse
    assert all((node["tangent"] is not None) == forward for node in trace["nodes"])
    assert trace["nodes"][2]["value"] == 6.0
    meta = client.get("/api/meta").json()
    passes = next(m["passes"] for m in meta["modes"] if m["name"] == mode)
    assert trace["passes"] == passes
    assert [step["phase"] for step in trace["steps"]] == sorted(
        (step["phase"] for step in trace["steps"]), key=passes.index)  # phases in the order of the passes


def test_seed_chooses_the_forward_mode_direction(client):
    trace = client.post("/api/trace", json=trace_body("x*y", {"x": 2, "y": 3}, seed={"y": 1})).json()
    assert trace["forward_mode"]["seed"] == {"x": 0.0, "y": 1.0}
    assert trace["forward_mode"]["jvp"] == [2.0]


def test_cotangent_weights_the_outputs(client):
    trace = client.post("/api/trace", json=trace_body("x*y, x + y", {"x": 2, "y": 3},
                                                      cotangent={"0": 1, "1": 10})).json()
    assert trace["reverse_mode"]["cotangent"] == {"0": 1.0, "1": 10.0}
    assert trace["reverse_mode"]["gradient"] == {"x": 3 + 10, "y": 2 + 10}


def test_share_subexpressions_merges_identical_nodes(client):
    plain = client.post("/api/trace", json=trace_body("sin(x)*sin(x)", {"x": 1})).json()
    shared = client.post("/api/trace", json=trace_body("sin(x)*sin(x)", {"x": 1}, share_subexpressions=True)).json()
    assert len(plain["nodes"]) == 4 and len(shared["nodes"]) == 3
    assert shared["reverse_mode"]["gradient"]["x"] == pytest.approx(plain["reverse_mode"]["gradient"]["x"])


def test_a_program_with_names_and_several_outputs(client):
    trace = client.post("/api/trace", json=trace_body("u = x*y\nu + sin(u), u^2", {"x": 1, "y": 2})).json()
    assert len(trace["outputs"]) == 2
    assert trace["output_values"] == pytest.approx([2 + math.sin(2), 4.0])
    assert any(node["name"] == "u" for node in trace["nodes"])


def test_relu_at_zero_warns(client):
    trace = client.post("/api/trace", json=trace_body("relu(x)", {"x": 0})).json()
    assert len(trace["warnings"]) == 1 and "not differentiable" in trace["warnings"][0]["message"]


# ---- errors: every kind the engine names, as 400 ---------------------------------------------------

ERROR_CASES = [
    ("syntax", trace_body("x +", {"x": 1}), 3),
    ("unknown_function", trace_body("foo(x)", {"x": 1}), 0),
    ("arity", trace_body("sin(x, y)", {"x": 1, "y": 2}), 0),
    ("unknown_input", trace_body("x", {"x": 1, "z": 2}), None),
    ("unknown_input", trace_body("x", {"x": 1}, seed={"q": 1}), None),
    ("unknown_output", trace_body("x", {"x": 1}, cotangent={"5": 1}), None),
    ("missing_input", trace_body("x + y", {"x": 1}), 4),
    ("domain", trace_body("log(x)", {"x": -1}), 0),
    ("domain", trace_body("x*x", {"x": 1e200}), 1),
    ("limit", trace_body("(" * 300 + "x" + ")" * 300, {"x": 1}), None),
]


@pytest.mark.parametrize("kind, body, position", ERROR_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(ERROR_CASES)])
def test_expression_errors_are_400_with_kind_message_position_span(client, kind, body, position):
    response = client.post("/api/trace", json=body)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail["kind"] == kind
    assert detail["message"]
    if position is not None:
        assert detail["position"] == position
        assert detail["span"][0] <= position < detail["span"][1]


def test_every_engine_error_kind_is_covered():
    from .test_quiz_api import ERRORS as QUIZ_ERRORS  # a quiz's question and answer: /api/quiz/check's own kinds
    assert {case[0] for case in ERROR_CASES} | {case[2] for case in QUIZ_ERRORS} == set(KINDS)


def test_missing_and_unknown_inputs_are_named(client):
    missing = client.post("/api/trace", json=trace_body("x + why", {"x": 1})).json()["detail"]
    assert missing["kind"] == "missing_input" and "'why'" in missing["message"]
    unknown = client.post("/api/trace", json=trace_body("x", {"x": 1, "zed": 2})).json()["detail"]
    assert unknown["kind"] == "unknown_input" and "'zed'" in unknown["message"]


@pytest.mark.parametrize("content", [
    b'{"expression": "x", "inputs": {"x": NaN}}', b'{"expression": "x", "inputs": {"x": -Infinity}}',
    b'{"expression": "x # \\ud800", "inputs": {"x": 1}}', b'{"expression": "x", "inputs": {"x\\udc00": 1}}',
    b'{"expression": "x\xff", "inputs": {"x": 1}}'])
def test_what_is_not_standard_json_is_422(client, content):
    # NaN, Infinity, a lone surrogate, invalid UTF-8: Python's json module would let them through.
    response = client.post("/api/trace", content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


def test_a_surrogate_pair_is_a_character(client):
    response = client.post("/api/trace", content=b'{"expression": "x # \\ud83d\\ude00", "inputs": {"x": 1}}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 200 and response.json()["expression"] == "x # \U0001F600"


VALIDATION_CASES = [
    {"inputs": {"x": 1}},  # no expression
    {"expression": "x"},  # no inputs
    {"expression": 3, "inputs": {}},
    {"expression": "x", "inputs": {"x": "2"}},  # a string is not a number
    {"expression": "x", "inputs": {"x": True}},
    {"expression": "x", "inputs": [1]},
    {"expression": "x", "inputs": {"x": 1}, "mode": "sideways"},
    {"expression": "x", "inputs": {"x": 1}, "share_subexpressions": "yes"},
    {"expression": "x", "inputs": {"x": 1}, "mdoe": "forward"},  # a misspelt field
    {"expression": "x", "inputs": {"x": 1}, "cotangent": {"²": 1}},  # an output index is ASCII digits
    {"expression": "x", "inputs": {"x": 1}, "cotangent": {"-1": 1}},
    [1, 2, 3],
]


@pytest.mark.parametrize("body", VALIDATION_CASES)
def test_validation_errors_are_422(client, body):
    response = client.post("/api/trace", json=body)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


@pytest.mark.parametrize("content", [b'{"expression": NaN, "inputs": {}}', b'{"expression": "x", "inputs": {"x": [Infinity]}}',
                                     b"[NaN]", b"-Infinity"])
def test_non_finite_numbers_in_a_rejected_body_are_echoed_as_null(client, content):
    response = client.post("/api/trace", content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert b"NaN" not in response.content and b"Infinity" not in response.content


@pytest.mark.parametrize("content", [b"", b"{", b"\xff\xfe", b'{"expression": "x", "inputs": {"x": 1' + b"0" * 5000 + b"}}",
                                     b"[" * 100_000 + b"]" * 100_000])
def test_undecodable_bodies_are_422(client, content):
    response = client.post("/api/trace", content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422


# ---- POST /api/jacobian -----------------------------------------------------------------------------

def test_jacobian_by_both_methods(client):
    response = client.post("/api/jacobian", json={"expression": "x*y, x + y, sin(x)*y", "inputs": {"x": 1, "y": 2}})
    assert response.status_code == 200
    result = response.json()
    assert result["inputs"] == ["x", "y"]
    assert result["outputs"] == ["x*y", "x + y", "sin(x)*y"]
    expected = [[2, 1], [1, 1], [math.cos(1) * 2, math.sin(1)]]
    for row, expected_row in zip(result["matrix"], expected):
        assert row == pytest.approx(expected_row)
    assert result["forward_mode"]["passes"] == 2
    assert result["reverse_mode"]["passes"] == 3
    assert result["recommended"] in ("forward_mode", "reverse_mode")


def test_jacobian_errors(client):
    assert client.post("/api/jacobian", json={"expression": "x +", "inputs": {}}).status_code == 400
    assert client.post("/api/jacobian", json={"expression": "x"}).status_code == 422
    missing = client.post("/api/jacobian", json={"expression": "x*y", "inputs": {"x": 1}})
    assert missing.json()["detail"]["kind"] == "missing_input"


# ---- POST /api/check -------------------------------------------------------------------------------

def test_check_puts_finite_differences_beside_both_modes(client):
    body = {"expression": "x*y, sin(x)", "inputs": {"x": 1, "y": 2}, "seed": {"y": 1}, "cotangent": {"1": 1}}
    response = client.post("/api/check", json=body)
    assert response.status_code == 200, response.text
    result = response.json()
    assert [entry["input"] for entry in result["gradient"]] == ["x", "y"]
    assert result["cotangent"] == {"1": 1.0} and result["seed"] == {"x": 0.0, "y": 1.0}
    x_entry, y_entry = result["gradient"]
    assert x_entry["autodiff"] == pytest.approx(math.cos(1)) and y_entry["autodiff"] == 0.0  # of sin(x)
    assert x_entry["finite_difference"] == pytest.approx(math.cos(1), rel=1e-8)
    assert [entry["autodiff"] for entry in result["jvp"]] == [1.0, 0.0]  # d/dy of x*y and of sin(x)
    assert all(entry["agrees"] and entry["scheme"] == "central" for entry in result["gradient"] + result["jvp"])
    assert result["evaluations"] == 4 and result["tolerance"] > 0 and "2h" in result["formula"]


def test_check_errors(client):
    assert client.post("/api/check", json={"expression": "x +", "inputs": {}}).json()["detail"]["position"] == 3
    assert client.post("/api/check", json={"expression": "x", "inputs": {"x": 1}, "mode": "both"}).status_code == 422
    missing = client.post("/api/check", json={"expression": "x*y", "inputs": {"x": 1}})
    assert missing.status_code == 400 and missing.json()["detail"]["kind"] == "missing_input"
    domain = client.post("/api/check", json={"expression": "log(x)", "inputs": {"x": -1}})
    assert domain.status_code == 400 and domain.json()["detail"]["kind"] == "domain"


# ---- GET /api/ops -----------------------------------------------------------------------------------

def test_ops_are_generated_from_the_primitive_table(client):
    ops = client.get("/api/ops").json()
    assert [op["name"] for op in ops] == list(PRIMITIVES)
    for op in ops:
        primitive = PRIMITIVES[op["name"]]
        assert op["arity"] == primitive.arity == len(op["partials"])
        assert [p["operand"] for p in op["partials"]] == list("ab"[:primitive.arity])
        assert op["description"] == primitive.description and op["category"] == primitive.category
        assert op["rules"] == list(primitive.rules)
    division = next(op for op in ops if op["name"] == "div")
    assert division["symbol"] == "/"
    assert division["partials"][1] == {"operand": "b", "formula": "-$out/$b", "latex": r"\frac{-$out}{$b}"}
    assert division["definition"] == {"text": "$a / $b", "latex": r"\frac{$a}{$b}"}


# ---- GET /healthz, /openapi.json ---------------------------------------------------------------------

def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_openapi_describes_every_route_with_its_errors(client):
    document = client.get("/openapi.json").json()
    expected = {"/api/trace": "post", "/api/jacobian": "post", "/api/hessian": "post", "/api/symbolic": "post",
                "/api/paths": "post", "/api/check": "post", "/api/export": "post", "/api/ops": "get", "/api/meta": "get", "/api/examples": "get", "/healthz": "get",
                "/api/dual": "post", "/api/hvp": "post",
                "/api/quiz": "post", "/api/quiz/check": "post"}
    assert {path: next(iter(methods)) for path, methods in document["paths"].items()} == expected
    for path, method in expected.items():
        operation = document["paths"][path][method]
        assert operation["description"], path  # the route's docstring
        assert "$ref" in str(operation["responses"]["200"]["content"]["application/json"]["schema"]), path
        assert "500" in operation["responses"]
        if method == "post":
            for status in ("400", "413", "422"):
                assert status in operation["responses"], (path, status)
            assert operation["responses"]["400"]["content"]["application/json"]["schema"] == \
                {"$ref": "#/components/schemas/ErrorResponse"}


@pytest.mark.parametrize("mode", ["evaluation", "forward", "reverse", "both"])
@pytest.mark.parametrize("options, kind", [({"seed": {"q": 1}}, "unknown_input"), ({"cotangent": {"5": 1}}, "unknown_output")])
def test_a_bad_seed_or_cotangent_is_400_in_every_mode(client, mode, options, kind):
    response = client.post("/api/trace", json=trace_body("x + y", {"x": 1, "y": 2}, mode=mode, **options))
    assert response.status_code == 400 and response.json()["detail"]["kind"] == kind


def test_head_of_the_page_answers_with_its_headers_only(client):
    response = client.head("/")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"].startswith("text/html")


def test_a_big_trace_travels_compressed_and_a_small_one_as_it_is(client):
    big = trace_body("\n".join(f"a{i} = sin(x*{i}) + a{i - 1}" if i else "a0 = x" for i in range(60)) + "\na59", {"x": 1})
    response = client.post("/api/trace", json=big, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) < len(response.content) / 3  # the JSON, decoded by httpx
    assert len(response.json()["nodes"]) > 200
    small = client.post("/api/trace", json=trace_body("x*y", {"x": 1, "y": 2}), headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    plain = client.post("/api/trace", json=big, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == response.json()
