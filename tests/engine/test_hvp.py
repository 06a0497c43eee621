"""The Hessian-vector product (reverse mode over forward mode's dual numbers) and the Hessian, against
SymPy on the corpus and on generated programs, and against a finite difference of gradients."""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from engine import ExpressionError, Limits, hessian, trace
from engine.passes import MODES, PASSES
from tests.oracle import sympy_hessian

from .test_passes import CORPUS


def direction_for(inputs: dict[str, float]) -> dict[str, float]:
    """A direction with a different weight on every input, so every Hessian entry counts."""
    return {name: (-1) ** index * (0.5 + index) for index, name in enumerate(inputs)}


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_hvp_agrees_with_sympy(source: str, inputs: dict[str, float]) -> None:
    direction = direction_for(inputs)
    result = trace(source, inputs, mode="hvp", direction=direction)
    expected = sympy_hessian(source, inputs)
    for name in inputs:
        h_v = sum(expected[name][other] * direction[other] for other in inputs)
        assert result.results["hvp"].result[name] == pytest.approx(h_v, rel=1e-9, abs=1e-10), name


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_hessian_agrees_with_sympy_and_is_symmetric(source: str, inputs: dict[str, float]) -> None:
    result = hessian(source, inputs)
    expected = sympy_hessian(source, inputs)
    names = list(inputs)
    assert list(result.inputs) == names
    for i, row in zip(names, result.matrix, strict=True):
        for j, entry in zip(names, row, strict=True):
            assert entry == pytest.approx(expected[i][j], rel=1e-9, abs=1e-10), (i, j)
            assert entry == pytest.approx(result.matrix[names.index(j)][names.index(i)], rel=1e-12, abs=1e-12)


def gradient_at(source: str, point: dict[str, float]) -> dict[str, float]:
    return trace(source, point, mode="reverse").reverse_mode.gradient


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_hvp_is_the_derivative_of_the_gradient_along_the_direction(source: str, inputs: dict[str, float]) -> None:
    direction = direction_for(inputs)
    result = trace(source, inputs, mode="hvp", direction=direction).results["hvp"]
    h = 1e-5
    up = gradient_at(source, {name: value + h * direction[name] for name, value in inputs.items()})
    down = gradient_at(source, {name: value - h * direction[name] for name, value in inputs.items()})
    for name in inputs:
        quotient = (up[name] - down[name]) / (2 * h)
        assert result.result[name] == pytest.approx(quotient, rel=1e-5, abs=1e-6), name


def test_the_classic_hessian_is_e_squared_over_8() -> None:
    result = hessian("exp(x)/x^2", {"x": 2})
    assert result.matrix == ((pytest.approx(math.exp(2) / 8, rel=1e-15),),)
    assert result.gradient == {"x": 0.0}
    assert (result.hvps, result.passes, result.evaluation_operations) == (1, 2, 3)


def test_the_hessian_counts_two_passes_per_input_and_their_multiply_adds() -> None:
    source, inputs = "x*y + sin(x)*y^2", {"x": 1.0, "y": 3.0}
    result = hessian(source, inputs)
    assert (result.hvps, result.passes) == (2, 4)
    expected = 0
    for name in inputs:
        run = trace(source, inputs, mode="hvp", direction={name: 1.0})
        expected += run.forward_mode.operations + run.results["hvp"].operations
    assert result.operations == expected


def test_mode_hvp_runs_evaluation_forward_mode_then_the_hvp_pass_in_one_step_list() -> None:
    assert MODES["hvp"].passes == ("evaluation", "forward", "hvp")
    assert PASSES["hvp"].step_kinds == ("hvp_cotangent", "hvp_adjoint")
    result = trace("x*y + sin(x)*y^2", {"x": 1, "y": 3}, mode="hvp", direction={"x": 1, "y": 0})
    phases = [step.phase for step in result.steps]
    assert phases == sorted(phases, key=["evaluation", "forward", "hvp"].index)
    record = result.to_dict()
    assert record["hvp"]["direction"] == {"x": 1.0, "y": 0.0}
    assert record["hvp"]["result"] == {"x": pytest.approx(-9 * math.sin(1)), "y": pytest.approx(1 + 6 * math.cos(1))}
    assert record["hvp"]["gradient"] == pytest.approx({"x": 3 + math.cos(1) * 9, "y": 1 + 6 * math.sin(1)})
    assert record["forward_mode"]["seed"] == {"x": 1.0, "y": 0.0}  # forward mode ran along the direction
    assert record["reverse_mode"] is None
    # The nodes hold the adjoints (the primal part of the dual adjoints), as after reverse mode.
    reverse = trace("x*y + sin(x)*y^2", {"x": 1, "y": 3}, mode="reverse").to_dict()
    assert [node["adjoint"] for node in record["nodes"]] == [node["adjoint"] for node in reverse["nodes"]]


def test_each_dual_update_adds_the_product_rule_of_its_numbers() -> None:
    result = trace("x*y + sin(x)*y^2", {"x": 1, "y": 3}, mode="hvp", direction={"x": 1, "y": -2})
    graph, evaluation, product = result.graph, result.evaluation, result.results["hvp"]
    tangents = result.forward_mode.tangents
    adjoint_tangent_so_far = [0.0] * len(graph.nodes)
    for step in product.steps:
        if step.kind != "hvp_adjoint":
            continue
        node = graph.nodes[step.node]
        operand = node.operands[step.operand_index]
        partial = evaluation.partials[step.node][step.operand_index]
        assert step.partial_tangent == pytest.approx(sum(
            second * tangents[other] for second, other in zip(step.second_partials, node.operands) if second is not None))
        assert step.contribution == pytest.approx(product.adjoints[step.node] * partial)
        assert step.tangent_contribution == pytest.approx(
            step.adjoint_tangent * partial + product.adjoints[step.node] * step.partial_tangent)
        assert step.tangent_after == pytest.approx(adjoint_tangent_so_far[operand] + step.tangent_contribution)
        adjoint_tangent_so_far[operand] = step.tangent_after
        assert step.adjoint_tangent == pytest.approx(product.adjoint_tangents[step.node])


def test_without_a_direction_the_seed_is_the_direction() -> None:
    assert trace("x*y", {"x": 1, "y": 2}, mode="hvp").results["hvp"].direction == {"x": 1.0, "y": 0.0}
    assert trace("x*y", {"x": 1, "y": 2}, mode="hvp", seed={"y": 1}).results["hvp"].result == {"x": 1.0, "y": 0.0}


@pytest.mark.parametrize("options, kind, words", [
    ({"direction": {"z": 1}}, "unknown_input", "the direction names 'z'"),
    ({"direction": {"x": math.inf}}, "domain", "the direction of 'x' must be a finite number"),
    ({"direction": {"x": 1}, "seed": {"y": 1}}, "syntax", "the seed must be the direction"),
    ({"cotangent": {3: 1}}, "unknown_output", "output 3"),
])
def test_bad_hvp_requests_are_clear_errors(options: dict, kind: str, words: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        trace("x*y", {"x": 1, "y": 2}, mode="hvp", **options)
    assert caught.value.kind == kind and words in str(caught.value)


def test_an_undefined_second_partial_is_a_domain_error_naming_the_node() -> None:
    # d(x^1.5)/dx = 1.5 x^0.5 is 0 at x = 0, but its derivative 0.75 x^-0.5 is not finite there.
    with pytest.raises(ExpressionError) as caught:
        trace("x^1.5", {"x": 0}, mode="hvp")
    assert caught.value.kind == "domain"
    assert caught.value.message.startswith("the HVP needs the second partial of v2 = pow(a, b) with respect to "
                                           "operands a and a")
    assert caught.value.position == 1  # the ^


def test_the_hessian_is_bounded_by_the_work_limit() -> None:
    with pytest.raises(ExpressionError) as caught:
        hessian("x*y*z + w", {"x": 1, "y": 1, "z": 1, "w": 1}, limits=Limits(max_work=50))
    assert caught.value.kind == "limit" and caught.value.limit == "max_work"
    assert "the Hessian" in caught.value.message


# ---- generated programs ----------------------------------------------------------------------------
# Smooth everywhere on the reals, so SymPy and the engine agree at any point: no log, sqrt or kinks
# except behind a square.

SMOOTH = ("sin({})", "cos({})", "tanh({})", "sigmoid({})", "softplus({})", "exp({}/4)", "log(1 + ({})^2)",
          "sqrt(1 + ({})^2)")


def _extend(children):
    return (st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
            | st.tuples(children, children).map(lambda t: f"({t[0]})/(2 + sin({t[1]}))")
            | st.tuples(children, st.integers(2, 3)).map(lambda t: f"({t[0]})^{t[1]}")
            | st.tuples(st.sampled_from(SMOOTH), children).map(lambda t: t[0].format(t[1])))


smooth_programs = st.recursive(st.sampled_from(["x", "y", "0.5", "x", "y"]), _extend, max_leaves=8)
points = st.tuples(st.floats(-1.5, 1.5), st.floats(-1.5, 1.5))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smooth_programs, points)
def test_hessians_of_generated_programs_agree_with_sympy(source: str, point: tuple[float, float]) -> None:
    source = f"({source}) + 0*x*y"  # both inputs, always
    inputs = dict(zip(("x", "y"), point))
    result = hessian(source, inputs)
    expected = sympy_hessian(source, inputs)
    for i, row in zip(result.inputs, result.matrix):
        for j, entry in zip(result.inputs, row):
            assert entry == pytest.approx(expected[i][j], rel=1e-7, abs=1e-8), (i, j)
