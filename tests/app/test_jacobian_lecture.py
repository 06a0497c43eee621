"""What /api/jacobian says for the lecture view: each pass's column or row (against SymPy and the matrix),
the entries' names in the trace's notation, the two bracketings of J = J_L ... J_1, and why one mode is
recommended."""
from __future__ import annotations

import re

import pytest
import sympy as sp

from app.examples import EXAMPLES

from .conftest import trace_body

x, y, z = sp.symbols("x y z", real=True)
BY_ID = {example.id: example for example in EXAMPLES}

# (expression, inputs, SymPy outputs)
CASES = [
    ("x*y, x + y, sin(x)*y", {"x": 1.0, "y": 2.0}, [x * y, x + y, sp.sin(x) * y]),
    ("u = x*y\nsin(u) + u/z", {"x": 3.0, "y": -2.0, "z": 0.5}, [sp.sin(x * y) + x * y / z]),
    ("exp(x)/x^2, x^3, log(x)", {"x": 2.0}, [sp.exp(x) / x**2, x**3, sp.log(x)]),
]


def jacobian(client, expression: str, inputs: dict) -> dict:
    response = client.post("/api/jacobian", json=trace_body(expression, inputs))
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("expression, inputs, oracle", CASES, ids=[case[0] for case in CASES])
def test_each_pass_gives_one_column_or_row_of_the_jacobian(client, expression, inputs, oracle):
    result = jacobian(client, expression, inputs)
    symbols = [sp.Symbol(name, real=True) for name in inputs]
    point = {symbol: inputs[symbol.name] for symbol in symbols}
    expected = [[float(sp.diff(output, symbol).subs(point)) for symbol in symbols] for output in oracle]
    forward, reverse = result["forward_mode"], result["reverse_mode"]
    assert [one["index"] for one in forward["each_pass"]] == list(range(len(inputs)))
    assert [one["index"] for one in reverse["each_pass"]] == list(range(len(oracle)))
    for j, one in enumerate(forward["each_pass"]):  # J e_j: column j
        assert one["vector"] == pytest.approx([row[j] for row in expected], rel=1e-12)
        assert one["seed"] == {"text": f"e_{symbols[j].name}", "latex": f"e_{{{symbols[j].name}}}"}
    for i, one in enumerate(reverse["each_pass"]):  # e_iᵀ J: row i
        assert one["vector"] == pytest.approx(expected[i], rel=1e-12)
        assert one["vector"] == result["matrix"][i]
    assert sum(one["operations"] for one in forward["each_pass"]) == forward["operations"]
    assert sum(one["operations"] for one in reverse["each_pass"]) == reverse["operations"]
    assert all(one["operations"] > 0 for one in forward["each_pass"] + reverse["each_pass"])


def test_the_entries_are_named_in_the_traces_notation(client):
    source = "loss = (θ*a_1 - target)^2\nloss, θ*target"
    inputs = {"θ": 0.5, "a_1": 2.0, "target": 3.0}
    result = jacobian(client, source, inputs)
    trace = client.post("/api/trace", json=trace_body(source, inputs)).json()
    nodes = trace["nodes"]
    assert result["output_notation"] == [nodes[node]["notation"]["value"] for node in trace["outputs"]]
    by_name = {node["name"]: node for node in nodes if node["op"] == "input"}
    assert result["input_notation"] == [by_name[name]["notation"]["value"] for name in result["inputs"]]
    assert result["output_notation"][0] == {"text": "loss", "latex": r"\mathit{loss}"}
    assert result["input_notation"][0] == {"text": "θ", "latex": r"\theta"}
    assert result["entries"][0][1] == {"text": "∂loss/∂a₁", "latex": r"\dfrac{\partial \mathit{loss}}{\partial a_{1}}"}
    assert len(result["entries"]) == 2 and all(len(row) == 3 for row in result["entries"])
    second = result["output_notation"][1]["text"]
    assert re.fullmatch(r"v[₀-₉]+", second), second  # an unnamed output is its Wengert variable
    assert result["reverse_mode"]["each_pass"][1]["seed"]["text"] == f"e_{second}"


@pytest.mark.parametrize("expression, layers", [
    ("x*y", 1), ("sin(x)*y", 2), ("exp(x)/y^2", 3), ("x*y, x + y, sin(x)*y", 4), ("((x*y + 1)*y + 2)*y", 5)])
def test_the_bracketings_have_one_factor_per_operation(client, expression, layers):
    result = jacobian(client, expression, {"x": 1.5, "y": 2.0})
    trace = client.post("/api/trace", json=trace_body(expression, {"x": 1.5, "y": 2.0})).json()
    assert result["layers"] == layers == sum(1 for node in trace["nodes"] if node["operands"])
    assert result["evaluation_operations"] == layers
    forward = result["forward_mode"]["bracketing"]
    reverse = result["reverse_mode"]["bracketing"]
    factors = [int(n) for n in re.findall(r"J_\{(\d+)\}", forward["latex"])]
    # forward mode applies J_1 first (innermost, rightmost); reverse mode applies J_L first (innermost, leftmost)
    assert factors[0] == layers and factors[-1] == 1
    assert [int(n) for n in re.findall(r"J_\{(\d+)\}", reverse["latex"])] == factors
    assert forward["latex"].startswith(r"J\,\dot{x} = ") and forward["latex"].endswith(r"\dot{x}" + ")" * (min(layers, 4) - 1))
    assert reverse["latex"].startswith(r"\bar{y}^{\top} J = " + "(" * (min(layers, 4) - 1))
    assert (r"\cdots" in forward["latex"]) == (layers > 4) == ("⋯" in reverse["text"])
    assert forward["latex"].count("(") == forward["latex"].count(")")
    for one in result["forward_mode"]["each_pass"]:
        assert one["bracketing"]["latex"] == forward["latex"].replace(r"\dot{x}", one["seed"]["latex"])
    # the factors written are listed, each with the node its Wengert line makes: the k-th operation's
    operations = [node["id"] for node in trace["nodes"] if node["operands"]]
    assert [factor["index"] for factor in result["factors"]] == factors
    assert [factor["node"] for factor in result["factors"]] == [operations[k - 1] for k in factors]
    assert [factor["notation"]["latex"] for factor in result["factors"]] == [f"J_{{{k}}}" for k in factors]
    assert "identity" in result["factors_note"] and "local partials" in result["factors_note"]


@pytest.mark.parametrize("expression, inputs, oracle", CASES, ids=[case[0] for case in CASES])
def test_the_product_of_the_factors_is_the_jacobian(client, expression, inputs, oracle):
    # J_k as the note says: the identity, but for the row of its node, which holds the node's cached
    # local partials; J_L ... J_1 restricted to the outputs' rows and the inputs' columns is J
    result = jacobian(client, expression, inputs)
    trace = client.post("/api/trace", json=trace_body(expression, inputs)).json()
    nodes = trace["nodes"]
    product = sp.eye(len(nodes))
    for node in nodes:
        if not node["operands"]:
            continue
        factor = sp.eye(len(nodes))
        factor[node["id"], node["id"]] = 0
        for operand, local in zip(node["operands"], node["partials"]):
            factor[node["id"], operand] += local if local is not None else 0  # a constant operand: no derivative needed
        product = factor * product
    inputs_at = [next(node["id"] for node in nodes if node["op"] == "input" and node["name"] == name) for name in result["inputs"]]
    for i, output in enumerate(trace["outputs"]):
        for j, column in enumerate(inputs_at):
            assert float(product[output, column]) == pytest.approx(result["matrix"][i][j], rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("example_id, recommended, comparison", [
    ("several-outputs", "forward_mode", "as D < M predicts"), ("many-inputs", "reverse_mode", "as D > M predicts")])
def test_the_reason_names_d_m_and_the_measured_costs(client, example_id, recommended, comparison):
    example = BY_ID[example_id]
    result = jacobian(client, example.expression, example.inputs)
    forward, reverse = result["forward_mode"], result["reverse_mode"]
    chosen, other = (forward, reverse) if recommended == "forward_mode" else (reverse, forward)
    assert result["recommended"] == recommended
    reason = result["reason"]
    assert reason.startswith(f"D = {len(result['inputs'])} input")
    assert f"M = {len(result['outputs'])} output" in reason
    assert f"D = {forward['passes']} pass" in reason and f"M = {reverse['passes']} pass" in reason
    assert f"({chosen['operations']} against {other['operations']})" in reason
    assert f"{recommended.replace('_', ' ').capitalize()} is recommended" in reason
    assert comparison in reason


def test_a_tie_and_a_surprise_are_said_as_they_are(client):
    tie = jacobian(client, "exp(x)/x^2", {"x": 2.0})
    assert tie["forward_mode"]["operations"] == tie["reverse_mode"]["operations"]
    assert "either will do; reverse mode is named on a tie" in tie["reason"]
    # D = 2 < M = 3, yet each forward-mode pass crosses every edge while a reverse-mode pass only its output's
    surprise = jacobian(client, "x*y, x + y, sin(x)*y", {"x": 1.0, "y": 2.0})
    assert surprise["recommended"] == "reverse_mode"
    assert "although D < M" in surprise["reason"]
    forward, reverse = surprise["forward_mode"], surprise["reverse_mode"]
    assert f"({forward['operations'] // forward['passes']})" in surprise["reason"]


def test_each_method_says_what_its_passes_give(client):
    result = jacobian(client, "x*y, x + y, sin(x)*y", {"x": 1.0, "y": 2.0})
    forward, reverse = result["forward_mode"], result["reverse_mode"]
    assert (forward["gives"], reverse["gives"]) == ("column", "row")
    assert forward["summary"].startswith("D = 2 passes, one per input") and "column j of J, J e_j" in forward["summary"]
    assert reverse["summary"].startswith("M = 3 passes, one per output") and "row i of J, e_iᵀ J" in reverse["summary"]
    single = jacobian(client, "sin(x)", {"x": 1.0})
    assert single["forward_mode"]["summary"].startswith("D = 1 pass, one per input")


@pytest.mark.parametrize("expression, inputs, output", [
    ("u = x*x\nv = u*u\nw = v*v\nw*w", {"x": 1.1}, 0), ("loss = (θ*a_1 - t)^2\nloss, θ*t", {"θ": 0.5, "a_1": 2.0, "t": 3.0}, 1)])
def test_the_symbolic_derivatives_are_named_as_the_jacobians_entries_and_summed_up(client, expression, inputs, output):
    symbolic = client.post("/api/symbolic", json={**trace_body(expression, inputs), "output": output}).json()
    entries = jacobian(client, expression, inputs)["entries"][output]
    derivatives = symbolic["derivatives"]
    assert [derivative["name"] for derivative in derivatives.values()] == entries
    naive = sum(derivative["size"] for derivative in derivatives.values())
    simplified = sum(derivative["simplified"]["size"] for derivative in derivatives.values())
    nodes, steps = symbolic["trace_size"]["nodes"], symbolic["trace_size"]["steps"]
    assert f" {naive} nodes ({simplified} after simplifying)" in symbolic["summary"]
    assert symbolic["total"] == {"naive": naive, "simplified": simplified}  # what the page's bars show past two
    assert f"a trace of {nodes} nodes in {steps} steps" in symbolic["summary"]


def test_repeated_squaring_swells_while_the_trace_grows_by_one_node(client):
    sizes = []
    for depth in range(1, 6):
        source = "\n".join(f"u{k} = u{k - 1}*u{k - 1}" for k in range(1, depth + 1)).replace("u0", "x") + f"\nu{depth}"
        result = client.post("/api/symbolic", json=trace_body(source, {"x": 1.01})).json()
        assert result["derivatives"]["x"]["value"] == pytest.approx(2 ** depth * 1.01 ** (2 ** depth - 1))
        sizes.append((result["derivatives"]["x"]["size"], result["trace_size"]["nodes"]))
    naive = [size for size, _ in sizes]
    assert all(later > 1.8 * earlier for earlier, later in zip(naive, naive[1:]))  # about doubling per line
    assert [nodes for _, nodes in sizes] == [2, 3, 4, 5, 6]  # one node per line


def test_a_program_without_inputs_says_there_is_nothing_to_differentiate(client):
    body = {"expression": "2 + 3", "inputs": {}}
    jacobian = client.post("/api/jacobian", json=body).json()
    assert jacobian["reason"].startswith("D = 0: the program has no inputs")
    symbolic = client.post("/api/symbolic", json=body).json()
    assert symbolic["summary"] == "The program has no inputs, so there is nothing to differentiate."


def test_the_symbolic_summary_counts_in_the_singular_for_one(client):
    summary = client.post("/api/symbolic", json={"expression": "x", "inputs": {"x": 1}}).json()["summary"]
    assert "the derivative has 1 node (1 after simplifying)" in summary and "a trace of 1 node in 2 steps" in summary
