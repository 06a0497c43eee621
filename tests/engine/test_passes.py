"""Evaluation, forward mode and reverse mode against SymPy, finite differences and each other."""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from engine import MODES, ExpressionError, jacobian, trace
from tests.oracle import sympy_value_and_gradient

CORPUS: list[tuple[str, dict[str, float]]] = [
    ("exp(x)/x^2", {"x": 2.0}),
    ("exp(x)/x^2", {"x": 0.7}),
    ("-x^2", {"x": 1.5}),
    ("2^3^x", {"x": 0.4}),
    ("x^-2", {"x": -3.0}),
    ("x/y/z", {"x": 1.2, "y": -0.8, "z": 2.5}),
    ("x - y - z", {"x": 1.0, "y": 2.0, "z": 3.0}),
    ("x^2", {"x": -3.0}),
    ("x^y", {"x": 1.7, "y": -0.6}),
    ("pow(x, y) + pow(y, 2)", {"x": 2.2, "y": 1.3}),
    ("x*x + sin(x)", {"x": 1.0}),
    ("x*y + x", {"x": 3.0, "y": -2.0}),
    ("tanh(w1*x1 + w2*x2 + b)", {"w1": 0.5, "x1": 1.0, "w2": -1.5, "x2": 2.0, "b": 0.1}),
    ("sigmoid(x*y) + softplus(x - y)", {"x": 0.3, "y": -1.2}),
    ("relu(x) + abs(y) * sqrt(z)", {"x": 0.5, "y": -2.0, "z": 3.0}),
    ("log(x) * cos(y) - tan(x*y)", {"x": 0.9, "y": 0.4}),
    ("w = sin(s); x = exp(w); y = x*w; z = log(y + 2); z", {"s": 0.8}),
    ("x1 = s*t; x2 = s + t^2; f = x1*x2 + sin(x1); f", {"s": 1.1, "t": -0.7}),
    ("e^x * pi", {"x": 0.5}),
    ("θ^2 + sin(θ)", {"θ": 1.25}),
    ("-2^2 * x", {"x": 1.0}),
    ("x^-y^2", {"x": 1.5, "y": 0.5}),
]


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_values_and_gradients_agree_with_sympy(source: str, inputs: dict[str, float]) -> None:
    result = trace(source, inputs)
    value, gradient = sympy_value_and_gradient(source, inputs)
    assert result.values[0] == pytest.approx(value, rel=1e-12, abs=1e-12)
    for name, expected in gradient.items():
        assert result.reverse_mode.gradient[name] == pytest.approx(expected, rel=1e-9, abs=1e-12), name


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_forward_mode_jvps_rebuild_the_reverse_mode_gradient(source: str, inputs: dict[str, float]) -> None:
    gradient = trace(source, inputs, mode="reverse").reverse_mode.gradient
    for name in inputs:
        jvp = trace(source, inputs, mode="forward", seed={name: 1.0}).forward_mode.jvp[0]
        assert jvp == pytest.approx(gradient[name], rel=1e-12, abs=1e-12)


def test_the_classic_has_a_stationary_point_at_two() -> None:
    result = trace("exp(x)/x^2", {"x": 2})
    assert result.values[0] == pytest.approx(math.exp(2) / 4)
    assert result.reverse_mode.gradient == {"x": 0.0}
    assert result.forward_mode.jvp == (0.0,)


def adjoint_updates(result):
    """The reverse-mode updates with what each reads: (step, operand id, node adjoint, partial, before)."""
    graph, reverse = result.graph, result.reverse_mode
    adjoint_so_far = [0.0] * len(graph.nodes)
    rows = []
    for step in reverse.steps:
        if step.kind != "adjoint":
            continue
        operand = graph.nodes[step.node].operands[step.operand_index]
        rows.append((step, operand, reverse.adjoints[step.node],
                     result.evaluation.partials[step.node][step.operand_index], adjoint_so_far[operand]))
        adjoint_so_far[operand] = step.after
    return rows


def test_a_reused_node_accumulates_one_contribution_per_edge() -> None:
    result = trace("x*x + sin(x)", {"x": 1.0}, mode="reverse")
    into_x = [(step, before) for step, operand, _, _, before in adjoint_updates(result) if operand == 0]
    assert len(into_x) == 3  # sin's edge and both edges of x*x
    assert into_x[0][1] == 0.0
    for (earlier, _), (later, before) in zip(into_x, into_x[1:]):
        assert before == earlier.after
    assert into_x[-1][0].after == pytest.approx(2 + math.cos(1.0))
    assert [step.operand_index for step, _ in into_x if step.node == 1] == [0, 1]
    assert [step.contribution_index for step, _ in into_x] == [1, 2, 3] and result.reverse_mode.contributions[0] == 3


def test_every_adjoint_step_is_adjoint_times_partial() -> None:
    result = trace("tanh(w1*x1 + w2*x2 + b)", {"w1": 0.5, "x1": 1.0, "w2": -1.5, "x2": 2.0, "b": 0.1})
    seed, *steps = result.reverse_mode.steps
    assert (seed.kind, seed.node, seed.seeds) == ("cotangent", result.outputs[0], ((result.outputs[0], 1.0),))
    for step, _, adjoint, partial, before in adjoint_updates(result):
        assert step.contribution == adjoint * partial
        assert step.after == before + step.contribution
    visited = [s.node for s in steps]
    assert visited == sorted(visited, reverse=True)  # reverse topological order


def test_forward_mode_terms_sum_to_the_tangent_and_seed_defaults_to_the_first_input() -> None:
    result = trace("x*y + sin(x) + 2*3", {"x": 0.3, "y": 2.0}, mode="forward")
    forward, graph = result.forward_mode, result.graph
    assert forward.seed == {"x": 1.0, "y": 0.0}
    kinds = {}
    for step in forward.steps:
        kinds[step.node] = step.kind
        if step.kind == "seed":
            assert step.tangent == forward.tangents[step.node] == forward.seed[graph.nodes[step.node].name]
        elif step.kind == "constant":
            assert forward.tangents[step.node] == 0.0 and not result.evaluation.active[step.node]
        else:
            assert forward.tangents[step.node] == sum(t.product for t in step.terms)
            node = graph.nodes[step.node]
            for term in step.terms:
                operand = node.operands[term.operand_index]
                assert term.product == result.evaluation.partials[step.node][term.operand_index] * forward.tangents[operand]
    assert sorted(kinds.values()) == sorted(["seed", "seed"] + ["tangent"] * 4 + ["constant"] * 3)


def test_cotangent_over_several_outputs_is_a_vjp() -> None:
    source, inputs = "x*y, x + y, sin(x)", {"x": 0.5, "y": 2.0}
    result = trace(source, inputs, mode="reverse", cotangent={0: 2.0, "2": -1.0})
    expected_x = 2.0 * 2.0 + (-1.0) * math.cos(0.5)
    expected_y = 2.0 * 0.5
    assert result.reverse_mode.gradient["x"] == pytest.approx(expected_x)
    assert result.reverse_mode.gradient["y"] == pytest.approx(expected_y)


def test_jacobian_by_both_methods_and_their_costs() -> None:
    j = jacobian("x*y, x + y, sin(x), x - y", {"x": 0.5, "y": 2.0})
    expected = [[2.0, 0.5], [1.0, 1.0], [math.cos(0.5), 0.0], [1.0, -1.0]]
    assert [list(row) for row in j.matrix] == [pytest.approx(row) for row in expected]
    for column, name in enumerate(j.inputs):  # forward mode's columns are the same matrix
        jvp = trace("x*y, x + y, sin(x), x - y", {"x": 0.5, "y": 2.0}, "forward", seed={name: 1}).forward_mode.jvp
        assert list(jvp) == pytest.approx([row[column] for row in expected])
    assert (j.forward_mode.passes, j.reverse_mode.passes) == (2, 4)
    assert j.inputs == ("x", "y") and j.outputs == ("x*y", "x + y", "sin(x)", "x - y")
    # D << M: forward mode takes fewer multiply-adds; D >> M: reverse mode does.
    wide = jacobian("a*b*c*d*g*h", dict.fromkeys("abcdgh", 1.5))
    tall = jacobian("u = sin(x)*cos(x)*exp(x)\nu^2, u*3, exp(u), u/3, sqrt(u), tanh(u)", {"x": 0.5})
    assert wide.reverse_mode.operations < wide.forward_mode.operations
    assert tall.forward_mode.operations < tall.reverse_mode.operations
    assert tall.to_dict()["recommended"] == "forward_mode"


@pytest.mark.parametrize("source, inputs, message, position", [
    ("log(x)", {"x": -1.0}, "log needs a positive argument, got -1", 0),
    ("1 + x/y", {"x": 1.0, "y": 0.0}, "division by zero: the divisor is 0", 5),
    ("sqrt(x)", {"x": -4.0}, "sqrt needs a non-negative argument, got -4", 0),
    ("exp(x)", {"x": 1000.0}, "exp(1000) overflows: the result is too large for a double", 0),
    ("x*y", {"x": 1e200, "y": 1e200}, "1e+200 * 1e+200 overflows: the result is too large for a double", 1),
    ("x^0.5", {"x": -3.0}, "a negative base raised to a non-integer power is not a real number: -3^0.5", 1),
    ("x^y", {"x": -3.0, "y": 2.0},
     "forward mode needs it, but a^b with a variable exponent b needs a positive base: "
     "d(a^b)/db = a^b*log(a) is not real at a = -3", 1),
    ("x^-1", {"x": 0.0}, "0 raised to a negative power divides by zero: 0^-1", 1),
    ("sqrt(x)", {"x": 0.0}, "forward mode needs it, but sqrt has no finite derivative with respect to a at (0)", 0),
])
def test_domain_errors_name_the_operation_the_value_and_the_place(source, inputs, message, position) -> None:
    with pytest.raises(ExpressionError) as caught:
        trace(source, inputs)
    assert (caught.value.kind, caught.value.message, caught.value.position) == ("domain", message, position)


def test_a_constant_exponent_needs_no_log_of_a_negative_base() -> None:
    result = trace("x^2 + 2^3", {"x": -3.0})
    assert result.values[0] == 17.0 and result.reverse_mode.gradient == {"x": -6.0}
    pow_node = result.to_dict()["nodes"][2]
    assert pow_node["op"] == "pow" and pow_node["partials"] == [-6.0, None]


@pytest.mark.parametrize("source", ["relu(x)", "abs(x)"])
def test_kinks_give_a_result_and_a_warning_naming_the_node(source: str) -> None:
    result = trace(source, {"x": 0.0})
    assert result.reverse_mode.gradient == {"x": 0.0}
    [warning] = result.evaluation.warnings
    assert warning.node == 1 and "not differentiable at 0 (v1)" in warning.message


@pytest.mark.parametrize("inputs, kind, message", [
    ({}, "missing_input", "the input 'x' has no value: give it one, e.g. x=1"),
    ({"x": 1, "z": 2}, "unknown_input", "'z' is not an input of this expression (its inputs: x)"),
    ({"x": 1, "pi": 3}, "unknown_input", "'pi' is the constant 3.14159, not an input (this expression's inputs: x)"),
    ({"x": float("nan")}, "domain", "the input 'x' must be a finite number, got nan"),
    ({"x": "2"}, "domain", "the input 'x' must be a number, got '2'"),
])
def test_input_errors(inputs, kind, message) -> None:
    with pytest.raises(ExpressionError) as caught:
        trace("x + sin(x)", inputs)
    assert (caught.value.kind, caught.value.message) == (kind, message)


def test_missing_input_points_at_its_first_use() -> None:
    with pytest.raises(ExpressionError) as caught:
        trace("x + y", {"x": 1.0})
    assert caught.value.position == 4 and caught.value.span == (4, 5)


def test_seed_and_cotangent_errors() -> None:
    with pytest.raises(ExpressionError) as caught:
        trace("x + y", {"x": 1, "y": 2}, seed={"q": 1})
    assert caught.value.kind == "unknown_input"
    with pytest.raises(ExpressionError) as caught:
        trace("x + y", {"x": 1, "y": 2}, cotangent={3: 1})
    assert caught.value.kind == "unknown_output"
    assert caught.value.message == "the cotangent names output 3, but outputs are numbered 0 to 0"


BAD_SEEDS_AND_COTANGENTS = [
    ({"seed": {"q": 1}}, "unknown_input"),
    ({"seed": {"x": float("nan")}}, "domain"),
    ({"seed": {"x": float("inf")}}, "domain"),
    ({"cotangent": {3: 1}}, "unknown_output"),
    ({"cotangent": {"0": float("-inf")}}, "domain"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("options, kind", BAD_SEEDS_AND_COTANGENTS)
def test_a_bad_seed_or_cotangent_is_an_error_in_every_mode(mode, options, kind) -> None:
    # one rule: a mode that does not use the seed (or the cotangent) still refuses a wrong one
    with pytest.raises(ExpressionError) as caught:
        trace("x + y", {"x": 1, "y": 2}, mode=mode, **options)
    assert caught.value.kind == kind


def test_trace_dict_has_the_documented_keys() -> None:
    d = trace("x*y + x", {"x": 3.0, "y": -2.0}).to_dict()
    assert {"expression", "inputs", "outputs", "passes", "primitives", "nodes", "steps", "forward_mode", "reverse_mode",
            "warnings"} <= set(d)
    node_keys = {"id", "op", "label", "name", "operands", "span", "value", "partials", "tangent", "adjoint", "uses",
                 "notation"}
    assert all(node_keys <= set(node) for node in d["nodes"])
    assert set(d["forward_mode"]) == {"seed", "jvp"}
    assert set(d["reverse_mode"]) == {"cotangent", "gradient"}
    assert d["passes"] == ["evaluation", "forward", "reverse"]
    assert [step["phase"] for step in d["steps"]] == ["evaluation"] * 4 + ["forward"] * 4 + ["reverse"] * 5
    adjoint = next(step for step in d["steps"] if step["kind"] == "adjoint")
    assert set(adjoint) == {"phase", "kind", "node", "operand_index", "contribution", "after", "contribution_index"}
    assert d["reverse_mode"]["gradient"] == {"x": -1.0, "y": 3.0}
    evaluation_only = trace("x*y + x", {"x": 3.0, "y": -2.0}, mode="evaluation").to_dict()
    assert evaluation_only["forward_mode"] is None and evaluation_only["reverse_mode"] is None
    assert {step["kind"] for step in evaluation_only["steps"]} == {"evaluate"}


# ---- random expressions: reverse mode, forward mode and finite differences agree ------------------

NAMES = ("x", "y", "z")
UNARY = ("sin", "cos", "tanh", "sigmoid", "softplus", "exp", "neg")


@st.composite
def expressions(draw, depth: int = 0) -> str:
    if depth > 4 or draw(st.integers(0, 3)) == 0:
        if draw(st.booleans()):
            return draw(st.sampled_from(NAMES))
        return repr(draw(st.floats(0.1, 3.0)).__round__(2))
    kind = draw(st.sampled_from(("binary", "binary", "unary", "square")))
    if kind == "unary":
        op = draw(st.sampled_from(UNARY))
        inner = draw(expressions(depth + 1))
        if op == "exp":
            return f"exp(tanh({inner}))"  # bounded: no overflow
        return f"-({inner})" if op == "neg" else f"{op}({inner})"
    if kind == "square":
        return f"({draw(expressions(depth + 1))})^2"
    op = draw(st.sampled_from(("+", "-", "*", "/")))
    left, right = draw(expressions(depth + 1)), draw(expressions(depth + 1))
    if op == "/":
        return f"({left}) / (2 + sin({right}))"  # the divisor stays in [1, 3]
    return f"({left}) {op} ({right})"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(), st.tuples(*(st.floats(-2.0, 2.0) for _ in NAMES)))
def test_random_expressions_reverse_forward_and_finite_differences_agree(source, point) -> None:
    inputs = dict(zip(NAMES, point))
    try:
        result = trace(source, {k: v for k, v in inputs.items() if k in source}, mode="reverse")
    except ExpressionError as error:
        assert error.kind == "missing_input" or error.kind == "unknown_input"
        assume(False)
    used = dict(result.inputs)
    assume(used)
    f = lambda values: trace(source, values, mode="evaluation").values[0]  # noqa: E731
    for name in used:
        jvp = trace(source, used, mode="forward", seed={name: 1.0}).forward_mode.jvp[0]
        gradient = result.reverse_mode.gradient[name]
        assert jvp == pytest.approx(gradient, rel=1e-9, abs=1e-9)
        h = 1e-5
        up, down = dict(used), dict(used)
        up[name] += h
        down[name] -= h
        finite_difference = (f(up) - f(down)) / (2 * h)
        assert gradient == pytest.approx(finite_difference, rel=1e-4, abs=1e-5)


def test_missing_inputs_are_all_named_and_the_error_lists_every_input() -> None:
    with pytest.raises(ExpressionError) as caught:
        trace("x*y + z", {"y": 1.0})
    error = caught.value
    assert error.message == "the inputs 'x', 'z' have no values: give each one, e.g. x=1"
    assert error.inputs == ("x", "y", "z") and error.to_dict()["inputs"] == ["x", "y", "z"]
    assert error.position == 0


@pytest.mark.parametrize("key", ["²", "٣", " 1", "-1", "0x1"])
def test_cotangent_keys_must_be_plain_decimal_indices(key: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        trace("x, x", {"x": 1.0}, cotangent={key: 1.0})
    assert caught.value.kind == "unknown_output"


def test_a_direction_is_checked_in_every_mode_and_used_only_by_the_hvp() -> None:
    # one rule for seeds, cotangents and directions: checked whatever the mode
    with pytest.raises(ExpressionError) as caught:
        trace("x*y", {"x": 1.0, "y": 2.0}, mode="reverse", direction={"q": 1.0})
    assert caught.value.kind == "unknown_input" and "direction" in caught.value.message
    # in a mode without the HVP, a direction that differs from the seed is no error: nothing reads it
    both = trace("x*y", {"x": 1.0, "y": 2.0}, mode="both", seed={"x": 1.0}, direction={"y": 1.0})
    assert both.forward_mode.seed == {"x": 1.0, "y": 0.0}
