"""The API's derivatives against SymPy (a test-only oracle): the gallery and a corpus of expressions.

Each oracle is built from SymPy objects here, never by parsing the expression text, so the engine's
parser is checked too.
"""
from __future__ import annotations

import pytest
import sympy as sp

from app.examples import EXAMPLES

from .conftest import trace_body

S = {name: sp.Symbol(name, real=True) for name in
     ("x", "y", "z", "w", "s", "t", "b", "w1", "w2", "w3", "w4", "x1", "x2", "x3", "x4", "target",
      "w11", "w12", "b1", "w21", "w22", "b2", "u1", "u2", "c")}
x, y, z, w, s, t, b = (S[n] for n in ("x", "y", "z", "w", "s", "t", "b"))


def sigmoid(a):
    return 1 / (1 + sp.exp(-a))


def softplus(a):
    return sp.log(1 + sp.exp(a))


def relu(a):
    # The engine uses the local partial 0 at the kink; so does the derivative of this Piecewise.
    return sp.Piecewise((a, a > 0), (0, True))


def h():
    return sp.exp(x * sp.sin(x))


def mlp():
    def neuron(x1, x2, w1, w2, bias):
        return sp.tanh(w1 * x1 + w2 * x2 + bias)
    h1 = neuron(S["x1"], S["x2"], S["w11"], S["w12"], S["b1"])
    h2 = neuron(S["x1"], S["x2"], S["w21"], S["w22"], S["b2"])
    return (neuron(h1, h2, S["u1"], S["u2"], S["c"]) - S["target"])**2


GALLERY_ORACLES = {
    "exp-over-square": [sp.exp(x) / x**2],
    "chain": [sp.exp(sp.sin(w))**2],
    "add-gate": [x + y],
    "multiply-gate": [x * y],
    "vector-chain-rule": [(s * t) * sp.sin(s + t)],
    "neuron": [sp.tanh(S["w1"] * S["x1"] + S["w2"] * S["x2"] + b)],
    "reused-node": [x * x + sp.sin(x)],
    "several-outputs": [h() * 2, h() + 1, h()**2],
    "many-inputs": [(S["w1"] * S["x1"] + S["w2"] * S["x2"] + S["w3"] * S["x3"] + S["w4"] * S["x4"] - S["target"])**2],
    "relu-at-zero": [relu(w * x + b)],
    "mlp": [mlp()],
}

CORPUS = [
    ("exp(x)/x^2", [sp.exp(x) / x**2], {"x": 0.7}),
    ("x^y", [x**y], {"x": 2.5, "y": 1.5}),
    ("x ** y ** 2", [x**(y**2)], {"x": 1.3, "y": 1.2}),
    ("-x^2 + 3", [-(x**2) + 3], {"x": -1.5}),
    ("x/y/z", [(x / y) / z], {"x": 3, "y": -2, "z": 0.5}),
    ("x - y - z", [(x - y) - z], {"x": 1, "y": 2, "z": 3}),
    ("sin(x)*cos(y) + tan(x*y)", [sp.sin(x) * sp.cos(y) + sp.tan(x * y)], {"x": 0.3, "y": 0.8}),
    ("log(x^2 + y^2)/sqrt(x)", [sp.log(x**2 + y**2) / sp.sqrt(x)], {"x": 1.7, "y": -0.4}),
    ("sigmoid(x*y) - softplus(x - y)", [sigmoid(x * y) - softplus(x - y)], {"x": 0.9, "y": -1.1}),
    ("tanh(tanh(tanh(x)))", [sp.tanh(sp.tanh(sp.tanh(x)))], {"x": 0.6}),
    ("2^x * pi + e", [2**x * sp.pi + sp.E], {"x": 1.25}),
    ("abs(x - y) * relu(y - x)", [sp.Abs(x - y) * relu(y - x)], {"x": 0.5, "y": 2}),
    ("pow(x, 3) - 3*x", [x**3 - 3 * x], {"x": 2}),
    ("u = x*y; v = u + sin(u); v*u", [(x * y + sp.sin(x * y)) * x * y], {"x": 0.4, "y": 1.9}),
    ("sqrt(x*x + y*y + z*z)", [sp.sqrt(x * x + y * y + z * z)], {"x": 1, "y": 2, "z": 2}),
    ("1/(1 + exp(-(x*y + z)))", [1 / (1 + sp.exp(-(x * y + z)))], {"x": 0.2, "y": -3, "z": 0.1}),
    ("x*x*x*x - y*x", [x**4 - y * x], {"x": -1.2, "y": 0.3}),
    ("log(sigmoid(x)) + softplus(-x)", [sp.log(sigmoid(x)) + softplus(-x)], {"x": 2.2}),
    ("sin(x)^2 + cos(x)^2", [sp.sin(x)**2 + sp.cos(x)**2], {"x": 0.77}),
    ("x*y, x + y, sin(x)*y", [x * y, x + y, sp.sin(x) * y], {"x": 1, "y": 2}),
    ("a = x + y\nb2 = a * a\nc = b2 / (1 + a)\nc - a, c * x",
     [(x + y)**2 / (1 + x + y) - (x + y), (x + y)**2 / (1 + x + y) * x], {"x": 0.5, "y": 1.5}),
]

CASES = [(f"gallery:{e.id}", e.expression, GALLERY_ORACLES[e.id], e.inputs) for e in EXAMPLES] + \
        [(f"corpus:{text}", text, oracle, inputs) for text, oracle, inputs in CORPUS]


def test_every_gallery_example_has_an_oracle():
    assert set(GALLERY_ORACLES) == {example.id for example in EXAMPLES}


def value(expression: sp.Expr, inputs: dict) -> float:
    return float(expression.evalf(30, subs={S[name]: sp.Float(v, 30) for name, v in inputs.items()}))


def close(actual: float, expected: float) -> bool:
    return actual == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("case_id, expression, oracle, inputs", CASES, ids=[case[0] for case in CASES])
def test_gradients_match_sympy(client, case_id, expression, oracle, inputs):
    names = list(inputs)
    # Reverse mode, one output at a time: the rows of the Jacobian.
    for index, output in enumerate(oracle):
        trace = client.post("/api/trace", json=trace_body(expression, inputs, mode="reverse",
                                                          cotangent={str(index): 1})).json()
        assert close(trace["output_values"][index], value(output, inputs))
        for name in names:
            expected = value(sp.diff(output, S[name]), inputs)
            assert close(trace["reverse_mode"]["gradient"][name], expected), (index, name)
    # Forward mode, one input at a time: the columns.
    for name in names:
        trace = client.post("/api/trace", json=trace_body(expression, inputs, mode="forward", seed={name: 1})).json()
        for index, output in enumerate(oracle):
            assert close(trace["forward_mode"]["jvp"][index], value(sp.diff(output, S[name]), inputs)), (index, name)
    # The Jacobian endpoint agrees.
    jacobian = client.post("/api/jacobian", json=trace_body(expression, inputs)).json()
    assert jacobian["inputs"] == names
    for row, output in zip(jacobian["matrix"], oracle, strict=True):
        for entry, name in zip(row, names, strict=True):
            assert close(entry, value(sp.diff(output, S[name]), inputs))
