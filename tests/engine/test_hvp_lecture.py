"""H·v for the lecture: the HVP against SymPy's Hessian times v, the engine's own H times v check, and the
costs (one HVP against forming H) as the passes count them."""
from __future__ import annotations

import pytest

from engine import ExpressionError, Limits, compile_graph, hessian, hessian_vector
from engine.evaluate import evaluate
from engine.hessian import hessian_of
from engine.hvp_lecture import FORMED_UP_TO, matrix_vector_product, same_vector
from tests.oracle import sympy_hessian, sympy_value_and_gradient

from .test_hvp import direction_for
from .test_passes import CORPUS


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_h_v_is_sympys_hessian_times_v_and_the_engine_checks_it(source, inputs):
    direction = direction_for(inputs)
    result = hessian_vector(source, inputs, direction)
    expected = sympy_hessian(source, inputs)
    names = list(inputs)
    assert list(result.inputs) == names and result.direction == tuple(direction[name] for name in names)
    for name, got in zip(names, result.result, strict=True):
        want = sum(expected[name][other] * direction[other] for other in names)
        assert got == pytest.approx(want, rel=1e-9, abs=1e-10), name
    _, gradient = sympy_value_and_gradient(source, inputs)
    assert result.gradient == pytest.approx([gradient[name] for name in names], rel=1e-9, abs=1e-12)
    # H is formed (few inputs), and the engine's own product H v agrees with the HVP
    assert result.hessian is not None and result.check is not None and result.check.agrees
    assert result.check.product == pytest.approx(result.result, rel=1e-9, abs=1e-10)
    assert result.check.largest_difference <= 1e-9 * max(1.0, *map(abs, result.result))


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_forming_h_costs_d_hvps(source, inputs):
    result = hessian_vector(source, inputs, direction_for(inputs))
    dimension = len(inputs)
    assert (result.hvp_cost.passes, result.gradient_cost.passes) == (2, 1)
    assert result.hessian_cost.passes == 2 * dimension == result.hessian.passes
    assert result.hessian_cost.operations == dimension * result.hvp_cost.operations == result.hessian.operations
    assert result.hvp_cost.operations > result.gradient_cost.operations > 0


def test_past_six_inputs_h_is_not_formed_and_its_cost_is_still_d_hvps():
    names = [f"x{i}" for i in range(FORMED_UP_TO + 4)]
    source = " + ".join(f"{a}*sin({b})" for a, b in zip(names, names[1:]))
    inputs = {name: 0.1 * (i + 1) for i, name in enumerate(names)}
    result = hessian_vector(source, inputs, {"x3": 1.0})
    assert result.hessian is None and result.check is None
    # the count without forming H is the count of forming it
    graph = compile_graph(source)
    formed = hessian_of(graph, evaluate(graph, inputs), 0)
    assert result.hessian_cost == (formed.passes, formed.operations)
    expected = sympy_hessian(source, inputs)
    assert result.result == pytest.approx([expected[name]["x3"] for name in names], rel=1e-9, abs=1e-12)
    summary = result.summary()
    assert f"with D = {len(names)} inputs H has {len(names) ** 2} entries and is not formed here" in summary
    assert f"Forming H takes D = {len(names)} HVPs" in summary


def test_the_summary_says_the_costs_as_counted():
    result = hessian_vector("x*y*z + sin(x)", {"x": 1, "y": 2, "z": 3}, {"x": 1, "y": 0.5})
    hvp, gradient, formed = result.hvp_cost, result.gradient_cost, result.hessian_cost
    assert result.summary() == (
        f"One HVP took 2 passes and {hvp.operations} multiply-adds, {hvp.operations / gradient.operations:.1f} times "
        f"one gradient (one reverse-mode pass, {gradient.operations} multiply-adds): a constant factor, whatever D is. "
        f"Forming H takes D = 3 HVPs, one per column: 6 passes, {formed.operations} multiply-adds.")
    assert result.hessian.matrix == hessian("x*y*z + sin(x)", {"x": 1, "y": 2, "z": 3}).matrix


def test_the_default_direction_is_the_first_input_and_a_wrong_one_is_an_error():
    result = hessian_vector("x*y", {"x": 1, "y": 2})
    assert result.direction == (1.0, 0.0) and result.result == (0.0, 1.0)
    with pytest.raises(ExpressionError) as error:
        hessian_vector("x*y", {"x": 1, "y": 2}, {"q": 1})
    assert error.value.kind == "unknown_input" and "direction" in error.value.message
    with pytest.raises(ExpressionError) as error:
        hessian_vector("x*y", {"x": 1, "y": 2}, output=1)
    assert error.value.kind == "unknown_output"
    with pytest.raises(ExpressionError) as error:
        hessian_vector("x*y*z", {"x": 1, "y": 2, "z": 3}, limits=Limits(max_work=20))
    assert error.value.kind == "limit" and error.value.limit == "max_work"


def test_the_plain_product_and_its_check():
    assert matrix_vector_product(((1.0, 2.0), (3.0, 4.0)), (1.0, -1.0)) == (-1.0, -1.0)
    assert same_vector((1.0, 2.0), (1.0, 2.0 + 1e-12), 2.0)
    assert not same_vector((1.0, 2.0), (1.0, 2.001), 2.0)  # the check can fail
