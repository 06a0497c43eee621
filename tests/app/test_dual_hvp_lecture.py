"""What /api/dual and /api/hvp say for the lecture view: shapes, agreement with /api/trace (the same forward
mode, the same HVP), the documented errors and the limits."""
from __future__ import annotations

import pytest

from app.examples import EXAMPLES

from .conftest import trace_body


def post(client, route: str, body: dict) -> dict:
    response = client.post(route, json=body)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_the_galleries_examples_agree_with_the_trace(client, example):
    trace = post(client, "/api/trace", trace_body(example.expression, example.inputs, mode="hvp"))
    seed = trace["forward_mode"]["seed"]
    result = post(client, "/api/dual", trace_body(example.expression, example.inputs, seed=seed))
    assert result["nodes"] == len(trace["nodes"]) and result["seed"] == seed
    assert 0 < len(result["records"]) <= 12
    for record in result["records"]:
        node = trace["nodes"][record["node"]]
        assert (record["result"]["value"], record["result"]["tangent"]) == (node["value"], node["tangent"])
        assert record["result"]["matrix"] == [[node["value"], node["tangent"]], [0.0, node["value"]]]
        assert record["var"] == node["notation"]["var"]
        if record["check"] is not None:
            assert record["check"]["agrees"]
            assert sum(record["check"]["matrix"], []) == pytest.approx(sum(record["result"]["matrix"], []))
    hvp = post(client, "/api/hvp", trace_body(example.expression, example.inputs, direction=seed))
    assert dict(zip(hvp["inputs"], hvp["result"])) == trace["hvp"]["result"]
    assert dict(zip(hvp["inputs"], hvp["direction"])) == trace["hvp"]["direction"]
    assert (hvp["hessian"] is None) == (len(hvp["inputs"]) > hvp["formed_up_to"]) == (hvp["check"] is None)


def test_the_dual_window_follows_the_node_asked_for(client):
    source = " + ".join(f"x*{k}" for k in range(1, 30))
    result = post(client, "/api/dual", trace_body(source, {"x": 2}, node=40))
    assert result["focus"] == 40 and result["first"] == 34
    assert [record["node"] for record in result["records"]] == list(range(34, 46))
    assert result["summary"].endswith(f"{result['nodes']} nodes, 57 operations.")


def test_a_product_reads_as_the_product_rule(client):
    record = post(client, "/api/dual", trace_body("x*y", {"x": 2, "y": 3}))["records"][2]
    assert record["rule"] == "the product rule" and record["check"]["operation"] == "product"
    assert record["equation"]["text"] == "[[2, 1], [0, 2]] * [[3, 0], [0, 3]] = [[6, 3], [0, 6]]"
    assert record["operands"][0]["written"]["latex"] == r"\begin{pmatrix} 2 & 1 \\ 0 & 2 \end{pmatrix}"


@pytest.mark.parametrize("route, body, kind", [
    ("/api/dual", {"expression": "x +", "inputs": {"x": 1}}, "syntax"),
    ("/api/dual", {"expression": "x*y", "inputs": {"x": 1}}, "missing_input"),
    ("/api/dual", {"expression": "x", "inputs": {"x": 1}, "seed": {"q": 1}}, "unknown_input"),
    ("/api/dual", {"expression": "x", "inputs": {"x": 1}, "node": 1}, "syntax"),
    ("/api/dual", {"expression": "log(x)", "inputs": {"x": -1}}, "domain"),
    ("/api/dual", {"expression": "sqrt(x)", "inputs": {"x": 0}}, "domain"),
    ("/api/hvp", {"expression": "x*y", "inputs": {"x": 1, "y": 2}, "direction": {"q": 1}}, "unknown_input"),
    ("/api/hvp", {"expression": "x*y", "inputs": {"x": 1, "y": 2}, "output": 1}, "unknown_output"),
    ("/api/hvp", {"expression": "foo(x)", "inputs": {"x": 1}}, "unknown_function"),
    ("/api/hvp", {"expression": "sqrt(x)", "inputs": {"x": 0}}, "domain"),
])
def test_errors_are_the_usual_400(client, route, body, kind):
    response = client.post(route, json=body)
    assert response.status_code == 400 and response.json()["detail"]["kind"] == kind, response.text
    assert response.json()["detail"]["message"]


@pytest.mark.parametrize("route, body", [
    ("/api/dual", {"expression": "x", "inputs": {"x": 1}, "node": -1}),
    ("/api/dual", {"expression": "x", "inputs": {"x": 1}, "node": "0"}),
    ("/api/dual", {"expression": "x", "inputs": {"x": 1}, "seed": {"x": "1"}}),
    ("/api/hvp", {"expression": "x", "inputs": {"x": 1}, "direction": {"x": True}}),
    ("/api/hvp", {"expression": "x", "inputs": {"x": 1}, "cotangent": {"0": 1}}),
    ("/api/hvp", {"expression": "x"}),
])
def test_malformed_bodies_are_422(client, route, body):
    assert client.post(route, json=body).status_code == 422


def test_the_limits_bound_both_routes(make_client):
    limited = make_client(max_work=60, max_nodes=30)
    body = trace_body("x*y*z + w*x", {"x": 1, "y": 1, "z": 1, "w": 1})  # 9 nodes: (3 + 2 x 4) x 9 = 99 visits
    response = limited.post("/api/hvp", json=body)
    detail = response.json()["detail"]
    assert response.status_code == 400 and detail["limit"] == "max_work" and "CHAINRULE_MAX_WORK=60" in detail["message"]
    assert limited.post("/api/dual", json=body).status_code == 200
    many = " + ".join(f"x*{k}" for k in range(20))
    for route in ("/api/dual", "/api/hvp"):
        response = limited.post(route, json=trace_body(many, {"x": 1}))
        assert response.status_code == 400 and response.json()["detail"]["limit"] == "max_nodes", route


def test_many_inputs_make_a_one_line_seed_in_the_dual_summary_and_the_quiz(client):
    inputs = {f"x{i}": 0.5 for i in range(1, 10)}
    seed = "x\u0307₁ = 1 (the other 8 tangents 0)"  # x with a combining dot, as the engine writes a tangent
    source = "*".join(inputs)
    dual = client.post("/api/dual", json=trace_body(source, inputs)).json()
    assert dual["summary"].startswith(f"Forward mode along the seed {seed}, node by node")
    quiz = client.post("/api/quiz", json=trace_body(source, inputs)).json()
    assert quiz["seed"]["text"] == seed
    tangent = next(question for question in quiz["questions"] if question["topic"] == "tangent")
    assert f"the seed {seed}:" in tangent["prompt"]
