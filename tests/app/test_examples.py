"""The gallery: the examples the issue asks for, each traced, each teaching what its note says."""
from __future__ import annotations

import pytest

from app.examples import EXAMPLES

from .conftest import trace_body

BY_ID = {example.id: example for example in EXAMPLES}


def test_gallery_serves_every_example(client):
    served = client.get("/api/examples").json()
    assert served == [example.to_dict() for example in EXAMPLES]
    assert len({example["id"] for example in served}) == len(served)
    for example in served:
        assert example["title"] and example["expression"]
        assert len(example["note"]) > 100  # a paragraph, not a caption


def test_gallery_has_the_examples_the_issue_asks_for():
    expressions = {example.expression for example in EXAMPLES}
    assert "exp(x)/x^2" in expressions
    assert "x*x + sin(x)" in expressions
    assert "tanh(w1*x1 + w2*x2 + b)" in expressions
    assert BY_ID["chain"].expression.splitlines() == ["x = sin(w)", "y = exp(x)", "z = y^2"]
    assert BY_ID["add-gate"].expression == "x + y" and BY_ID["multiply-gate"].expression == "x * y"
    assert {"s", "t"} == set(BY_ID["vector-chain-rule"].inputs)
    assert "relu" in BY_ID["relu-at-zero"].expression


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_every_example_traces(client, example):
    response = client.post("/api/trace", json=trace_body(example.expression, example.inputs, mode=example.mode))
    assert response.status_code == 200, response.text
    trace = response.json()
    assert set(trace["inputs"]) == set(example.inputs)
    assert client.post("/api/jacobian", json=trace_body(example.expression, example.inputs)).status_code == 200


def gradient(client, example_id: str) -> dict:
    example = BY_ID[example_id]
    return client.post("/api/trace", json=trace_body(example.expression, example.inputs)).json()


def contributions_into(trace: dict, node: int) -> int:
    """The reverse-mode steps that add to `node`'s adjoint, each of which says how many there are."""
    into = [step for step in trace["steps"] if step["kind"] == "adjoint"
            and trace["nodes"][step["node"]]["operands"][step["operand_index"]] == node]
    assert trace["nodes"][node]["contributions"] == len(into)
    assert [step["contribution_index"] for step in into] == list(range(1, len(into) + 1))
    return len(into)


def test_the_notes_are_true(client):
    assert gradient(client, "exp-over-square")["reverse_mode"]["gradient"]["x"] == pytest.approx(0, abs=1e-12)
    assert gradient(client, "add-gate")["reverse_mode"]["gradient"] == {"x": 1.0, "y": 1.0}
    assert gradient(client, "multiply-gate")["reverse_mode"]["gradient"] == {"x": -3.0, "y": 2.0}
    neuron = gradient(client, "neuron")
    assert neuron["output_values"][0] == pytest.approx(2 ** -0.5)
    assert neuron["reverse_mode"]["gradient"]["w2"] == 0.0
    relu = gradient(client, "relu-at-zero")
    assert relu["warnings"] and set(relu["reverse_mode"]["gradient"].values()) == {0.0}
    reused = gradient(client, "reused-node")
    assert reused["nodes"][0]["uses"] == 3 and contributions_into(reused, 0) == 3
    vector = gradient(client, "vector-chain-rule")
    assert contributions_into(vector, 0) == 2  # s on two paths
    mlp = gradient(client, "mlp")
    assert contributions_into(mlp, 0) == 2  # x1: one per neuron
    assert len(mlp["reverse_mode"]["gradient"]) == 12  # 9 weights and biases, x1, x2, target


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_finite_differences_agree_with_autodiff_except_at_the_kink(client, example):
    result = client.post("/api/check", json=trace_body(example.expression, example.inputs)).json()
    verdicts = {entry["input"]: entry["agrees"] for entry in result["gradient"]}
    if example.id == "relu-at-zero":  # relu(w*x + b) at w*x + b = 0: the quotients see half the slope
        assert verdicts == dict.fromkeys(example.inputs, False)
    else:
        assert verdicts == dict.fromkeys(example.inputs, True)
        assert all(entry["agrees"] for entry in result["jvp"])


@pytest.mark.parametrize("example_id, recommended", [("several-outputs", "forward_mode"), ("many-inputs", "reverse_mode")])
def test_the_jacobian_examples_favour_the_mode_their_notes_name(client, example_id, recommended):
    example = BY_ID[example_id]
    result = client.post("/api/jacobian", json=trace_body(example.expression, example.inputs)).json()
    assert result["recommended"] == recommended
    assert result["forward_mode"]["passes"] == len(example.inputs)
    assert result["reverse_mode"]["passes"] == len(result["outputs"])
