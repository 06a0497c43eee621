"""The second-order and symbolic routes: /api/trace in mode hvp, /api/hessian, /api/symbolic and
/api/paths, against SymPy on the gallery and the corpus (every response is checked against the schema
by the client)."""
from __future__ import annotations

import math
import re
import time

import pytest
import sympy as sp
from hypothesis import given

import engine
from app.examples import EXAMPLES

from .conftest import trace_body
from .programs import layered_program
from .test_gradients import CASES, S, close, value
from .test_properties import PROPERTY_SETTINGS, inputs_for, valid_expressions

IDS = [case[0] for case in CASES]


@pytest.mark.parametrize("case_id, expression, oracle, inputs", CASES, ids=IDS)
def test_hessians_match_sympy(client, case_id, expression, oracle, inputs):
    names = list(inputs)
    for index, output in enumerate(oracle):
        response = client.post("/api/hessian", json={"expression": expression, "inputs": inputs, "output": index})
        assert response.status_code == 200, response.json()
        result = response.json()
        assert result["inputs"] == names and result["output"] == index
        assert result["hvps"] == len(names) and result["passes"] == 2 * len(names)
        for i, row in zip(names, result["matrix"], strict=True):
            for j, entry in zip(names, row, strict=True):
                assert close(entry, value(sp.diff(output, S[i], S[j]), inputs)), (index, i, j)


@pytest.mark.parametrize("case_id, expression, oracle, inputs", CASES, ids=IDS)
def test_hvp_traces_match_sympy(client, case_id, expression, oracle, inputs):
    names = list(inputs)
    direction = {name: 1.0 + index for index, name in enumerate(names)}
    trace = client.post("/api/trace", json=trace_body(expression, inputs, mode="hvp", direction=direction)).json()
    assert trace["passes"] == ["evaluation", "forward", "hvp"]
    assert trace["hvp"]["direction"] == direction
    for name in names:
        expected = sum(value(sp.diff(oracle[0], S[name], S[other]), inputs) * direction[other] for other in names)
        assert close(trace["hvp"]["result"][name], expected), name


@pytest.mark.parametrize("case_id, expression, oracle, inputs", CASES, ids=IDS)
def test_symbolic_derivatives_evaluate_to_the_gradient(client, case_id, expression, oracle, inputs):
    result = client.post("/api/symbolic", json={"expression": expression, "inputs": inputs}).json()
    assert list(result["derivatives"]) == list(inputs)
    for name, derivative in result["derivatives"].items():
        expected = value(sp.diff(oracle[0], S[name]), inputs)
        assert close(derivative["value"], expected) and close(derivative["simplified"]["value"], expected), name
        text = derivative["simplified"]["expression"]
        run = engine.trace(text, inputs, mode="evaluation", fill_inputs=True)
        assert close(run.values[0], expected), (name, text)
        assert derivative["simplified"]["size"] <= derivative["size"]
    assert result["trace_size"]["nodes"] > 0 and result["trace_size"]["steps"] > result["trace_size"]["nodes"] - 1


@pytest.mark.parametrize("case_id, expression, oracle, inputs", CASES, ids=IDS)
def test_path_sums_are_the_gradient(client, case_id, expression, oracle, inputs):
    for name in inputs:
        result = client.post("/api/paths", json={"expression": expression, "inputs": inputs, "input": name}).json()
        expected = value(sp.diff(oracle[0], S[name]), inputs)
        assert close(result["total"], expected) and close(result["gradient"], expected), name
        assert result["count"] == len(result["paths"])
        assert math.fsum(path["product"] for path in result["paths"]) == pytest.approx(result["total"])


def test_hvp_steps_are_in_the_one_step_list_with_their_numbers(client):
    trace = client.post("/api/trace", json=trace_body("x*y + sin(x)*y^2", {"x": 1, "y": 3}, mode="hvp",
                                                      direction={"x": 1, "y": 0})).json()
    kinds = [(step["phase"], step["kind"]) for step in trace["steps"]]
    assert kinds[-9] == ("hvp", "hvp_cotangent") and kinds[-8:] == [("hvp", "hvp_adjoint")] * 8
    last = trace["steps"][-1]
    assert set(last) == {"phase", "kind", "node", "operand_index", "second_partials", "partial_tangent",
                         "adjoint_tangent", "contribution", "after", "tangent_contribution", "tangent_after",
                         "contribution_index"}
    x = trace["nodes"][0]
    assert x["contributions"] == sum(1 for step in trace["steps"] if step["kind"] == "hvp_adjoint"
                                     and trace["nodes"][step["node"]]["operands"][step["operand_index"]] == 0)
    assert trace["hvp"]["result"] == {"x": pytest.approx(-9 * math.sin(1)), "y": pytest.approx(1 + 6 * math.cos(1))}
    assert trace["reverse_mode"] is None and all(node["adjoint"] is not None for node in trace["nodes"]
                                                 if node["active"])


def test_every_trace_has_the_hvp_key(client):
    trace = client.post("/api/trace", json=trace_body("x*y", {"x": 1, "y": 2})).json()
    assert trace["hvp"] is None


def test_meta_lists_the_hvp_pass_and_mode(client):
    meta = client.get("/api/meta").json()
    hvp = next(entry for entry in meta["passes"] if entry["name"] == "hvp")
    assert hvp["key"] == "hvp" and hvp["step_kinds"] == ["hvp_cotangent", "hvp_adjoint"]
    assert hvp["parameters"] == ["direction", "cotangent"] and hvp["direction"] == "against"
    assert {"name": "hvp", "label": "HVP", "passes": ["evaluation", "forward", "hvp"]}.items() <= \
        next(mode for mode in meta["modes"] if mode["name"] == "hvp").items()


def test_the_classic(client):
    hessian = client.post("/api/hessian", json={"expression": "exp(x)/x^2", "inputs": {"x": 2}}).json()
    assert hessian["matrix"] == [[pytest.approx(math.exp(2) / 8, rel=1e-15)]]
    symbolic = client.post("/api/symbolic", json={"expression": "exp(x)/x^2", "inputs": {"x": 2}}).json()
    assert symbolic["derivatives"]["x"]["simplified"] == {
        "expression": "1/x^2*exp(x) - exp(x)/x^2/x^2*(2*x)",
        "latex": r"\frac{1}{x^{2}} \cdot e^{x} - \frac{\frac{e^{x}}{x^{2}}}{x^{2}} \cdot \left(2 \cdot x\right)",
        "size": 23, "value": 0.0}
    assert symbolic["trace_size"] == {"nodes": 5, "steps": 10}


@pytest.mark.parametrize("route, body, kind", [
    ("/api/hessian", {"expression": "x*y", "inputs": {"x": 1}}, "missing_input"),
    ("/api/hessian", {"expression": "x*y", "inputs": {"x": 1, "y": 2}, "output": 1}, "unknown_output"),
    ("/api/symbolic", {"expression": "log(x)", "inputs": {"x": -1}}, "domain"),
    ("/api/symbolic", {"expression": "x +", "inputs": {"x": 1}}, "syntax"),
    ("/api/paths", {"expression": "x*y", "inputs": {"x": 1, "y": 2}, "input": "z"}, "unknown_input"),
    ("/api/paths", {"expression": "x*y", "inputs": {"x": 1, "y": 2}, "input": "x", "output": 3}, "unknown_output"),
    ("/api/trace", trace_body("x*y", {"x": 1, "y": 2}, mode="hvp", direction={"q": 1}), "unknown_input"),
    ("/api/trace", trace_body("x*y", {"x": 1, "y": 2}, mode="hvp", direction={"x": 1}, seed={"y": 1}), "syntax"),
])
def test_errors_are_the_usual_400(client, route, body, kind):
    response = client.post(route, json=body)
    assert response.status_code == 400 and response.json()["detail"]["kind"] == kind


@pytest.mark.parametrize("route, body", [
    ("/api/hessian", {"expression": "x", "inputs": {"x": 1}, "output": -1}),
    ("/api/hessian", {"expression": "x", "inputs": {"x": 1}, "output": "0"}),
    ("/api/symbolic", {"expression": "x", "inputs": {"x": 1}, "extra": 1}),
    ("/api/paths", {"expression": "x", "inputs": {"x": 1}}),
    ("/api/trace", trace_body("x", {"x": 1}, mode="hvp", direction={"x": "1"})),
])
def test_malformed_bodies_are_422(client, route, body):
    assert client.post(route, json=body).status_code == 422


def test_the_work_limit_bounds_the_hessian_symbolic_and_paths(make_client):
    limited = make_client(max_work=20)
    body = {"expression": "x*y*z + w*x", "inputs": {"x": 1, "y": 1, "z": 1, "w": 1}}
    for route, extra in (("/api/hessian", {}), ("/api/symbolic", {})):
        response = limited.post(route, json=body | extra)
        detail = response.json()["detail"]
        assert response.status_code == 400 and detail["kind"] == "limit" and detail["limit"] == "max_work"
        assert "CHAINRULE_MAX_WORK=20" in detail["message"]
    squarings = "; ".join(["u1 = x*x"] + [f"u{k + 1} = u{k}*u{k}" for k in range(1, 30)]) + "; u30"
    for route, extra in (("/api/paths", {"input": "x"}), ("/api/symbolic", {})):
        response = make_client().post(route, json={"expression": squarings, "inputs": {"x": 1}} | extra)
        assert response.status_code == 400 and response.json()["detail"]["kind"] == "limit", route


@PROPERTY_SETTINGS
@given(valid_expressions)
def test_random_programs_never_fail_the_new_routes(client, expression):
    inputs = inputs_for(expression, (0.7, -1.3))
    first = next(iter(inputs), "x")
    for route, extra in (("/api/hessian", {}), ("/api/symbolic", {}), ("/api/paths", {"input": first})):
        response = client.post(route, json={"expression": expression, "inputs": inputs} | extra)
        assert response.status_code in (200, 400), (route, response.text)
    response = client.post("/api/trace", json=trace_body(expression, inputs, mode="hvp"))
    assert response.status_code in (200, 400), response.text


@pytest.mark.parametrize("example_id, sizes", [
    ("swell-product", {6: (66, 54, 11, 22), 12: (276, 252, 23, 46)}),
    ("swell-composition", {6: (34, 32, 7, 14), 12: (103, 101, 13, 26)}),
])
def test_the_swell_examples_state_the_engines_figures(client, example_id, sizes):
    example = next(example for example in EXAMPLES if example.id == example_id)
    for n, (naive, simplified, nodes, steps) in sizes.items():
        expression = "*".join(f"x{k}" for k in range(1, n + 1)) if example_id == "swell-product" \
            else "sin(" * n + "x" + ")" * n
        result = client.post("/api/symbolic", json={"expression": expression,
                                                     "inputs": {name: 0.5 for name in set(re.findall(r"x[0-9]*", expression))}}).json()
        assert sum(d["size"] for d in result["derivatives"].values()) == naive
        assert sum(d["simplified"]["size"] for d in result["derivatives"].values()) == simplified
        assert result["trace_size"] == {"nodes": nodes, "steps": steps}
        assert f"{simplified}" in example.note or f"{naive}" in example.note
    assert len(example.note) > 100



def test_ops_list_the_derived_second_partials(client):
    ops = {op["name"]: op for op in client.get("/api/ops").json()}
    assert ops["mul"]["second_partials"] == [[{"text": "0", "latex": "0"}, {"text": "1", "latex": "1"}],
                                             [{"text": "1", "latex": "1"}, {"text": "0", "latex": "0"}]]
    assert ops["tanh"]["second_partials"] == [[{"text": "-(2*$out*(1 - $out^2))",
                                                "latex": r"-\left(2 \cdot $out \cdot \left(1 - $out^{2}\right)\right)"}]]
    assert all(len(op["second_partials"]) == op["arity"] for op in ops.values())


LARGEST = {
    "one input reused by every term": "+".join(f"x*{i}" for i in range(666)) + " + y",  # 1,998 nodes
    "a deep chain of reused names": layered_program(440),  # 1,980 nodes
    "a product of 1,000 factors": "*".join(["x", "y"] * 500),
    "squarings": "; ".join(["u1 = x*x"] + [f"u{k + 1} = u{k}*u{k}" for k in range(1, 998)]) + "; u998 + y",
}


@pytest.mark.parametrize("route", ["/api/hessian", "/api/symbolic", "/api/paths"])
@pytest.mark.parametrize("shape", list(LARGEST))
def test_the_largest_default_requests_are_not_a_hang(client, route, shape):
    # A guard against pathological cost (minutes) or numbers of thousands of digits, not a benchmark.
    started = time.perf_counter()
    response = client.post(route, json={"expression": LARGEST[shape], "inputs": {"x": 0.5, "y": 0.25}, "input": "x"}
                           if route == "/api/paths" else {"expression": LARGEST[shape], "inputs": {"x": 0.5, "y": 0.25}})
    elapsed = time.perf_counter() - started
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 400:
        assert response.json()["detail"]["kind"] == "limit" and len(response.json()["detail"]["message"]) < 400
    assert elapsed < 5, f"{shape}: {elapsed:.1f} s"
