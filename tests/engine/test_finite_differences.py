"""The finite-difference check: quotients of the evaluation beside reverse and forward mode."""
from __future__ import annotations

import math

import pytest

from engine import check
from engine.finite_differences import RELATIVE_STEP, _compare, _quotient


def test_smooth_functions_agree_by_central_quotients() -> None:
    result = check("exp(x)/x^2 + sin(x*y)", {"x": 1.5, "y": -0.5})
    assert [c.scheme for c in result.gradient.values()] == ["central", "central"]
    assert all(c.agrees for c in result.gradient.values()) and result.jvp[0].agrees
    x, y = 1.5, -0.5
    exact = {"x": math.exp(x) / x**2 - 2 * math.exp(x) / x**3 + y * math.cos(x * y), "y": x * math.cos(x * y)}
    for name, comparison in result.gradient.items():
        assert comparison.autodiff == pytest.approx(exact[name], rel=1e-12)
        assert comparison.finite_difference == pytest.approx(exact[name], rel=1e-8)
        assert comparison.note is None
    assert result.gradient["x"].h == pytest.approx(RELATIVE_STEP * 1.5)
    assert result.gradient["y"].h == RELATIVE_STEP  # max(1, |y|) = 1
    assert result.evaluations == 4  # two per input


def test_the_gradient_is_of_the_cotangent_weighted_outputs() -> None:
    result = check("x*y, x + y", {"x": 2.0, "y": 3.0}, cotangent={0: 2.0, "1": -1.0})
    assert result.cotangent == {0: 2.0, 1: -1.0}
    assert result.gradient["x"].autodiff == pytest.approx(2 * 3 - 1)
    assert result.gradient["y"].autodiff == pytest.approx(2 * 2 - 1)
    assert result.gradient["x"].finite_difference == pytest.approx(5, rel=1e-8)
    assert result.gradient["y"].finite_difference == pytest.approx(3, rel=1e-8)


def test_the_jvp_is_compared_along_the_seed_for_every_output() -> None:
    result = check("x*y, x - y", {"x": 2.0, "y": 3.0}, seed={"x": 1.0, "y": 2.0})
    assert result.seed == {"x": 1.0, "y": 2.0}
    assert [c.autodiff for c in result.jvp] == pytest.approx([3 + 2 * 2, 1 - 2])
    assert [c.finite_difference for c in result.jvp] == pytest.approx([7, -1], rel=1e-8)
    assert all(c.agrees for c in result.jvp)


def test_a_kink_disagrees_and_says_why() -> None:
    result = check("relu(x)", {"x": 0.0})
    comparison = result.gradient["x"]
    assert comparison.autodiff == 0.0 and comparison.finite_difference == pytest.approx(0.5)
    assert comparison.agrees is False and "kink" in comparison.note


def test_a_quotient_is_one_sided_next_to_the_edge_of_the_domain() -> None:
    # log(x - h) is undefined when x < h: the forward quotient uses f(x) and f(x + h)
    result = check("log(x)", {"x": 4e-6})
    comparison = result.gradient["x"]
    assert comparison.scheme == "forward"
    assert comparison.finite_difference == pytest.approx((math.log(4e-6 + 1e-5) - math.log(4e-6)) / 1e-5)
    assert "one-sided" in comparison.note
    backward = check("log(-x)", {"x": -4e-6}).gradient["x"]
    assert backward.scheme == "backward"


def test_no_quotient_when_both_sides_are_undefined() -> None:
    comparison = _compare(1.0, _quotient(0.0, "is undefined there", "is undefined there", 1e-5), 1e-5)
    assert (comparison.finite_difference, comparison.scheme, comparison.agrees) == (None, None, None)
    assert "both sides" in comparison.note


def test_large_values_allow_for_rounding() -> None:
    # 1e8 + x loses about 1e8 * eps / h ~ 2e-3 of the quotient to rounding: still agrees
    assert check("1e8 + x", {"x": 1.0}).gradient["x"].agrees
    assert not _compare(1.0, _quotient(0.0, 1.1e-5, -1.1e-5, 1e-5), 1e-5).agrees  # 1.1 is not 1 for small values


def test_to_dict_is_json_ready() -> None:
    record = check("x*y", {"x": 1.0, "y": 2.0}).to_dict()
    assert record["gradient"][0] == {"input": "x", "autodiff": 2.0, "finite_difference": pytest.approx(2.0),
                                     "h": 1e-5, "scheme": "central", "agrees": True, "note": None}
    assert record["cotangent"] == {"0": 1.0} and record["seed"] == {"x": 1.0, "y": 0.0}
    assert record["jvp"][0]["output"] == 0


def test_each_input_is_stepped_by_its_own_size() -> None:
    # x + sin(y) at x = 1e8: a step for y scaled by x (1e3) made the JVP along y "differ"
    result = check("x + sin(y)", {"x": 1e8, "y": 0.5}, seed={"y": 1.0})
    assert result.gradient["x"].h == pytest.approx(1e3) and result.gradient["y"].h == RELATIVE_STEP
    assert result.jvp[0].h == RELATIVE_STEP and result.jvp[0].agrees and result.jvp[0].note is None
    assert result.jvp[0].finite_difference == pytest.approx(math.cos(0.5), rel=1e-3)  # 1e8 costs digits
    assert result.gradient["y"].agrees


@pytest.mark.parametrize("expression, inputs, seed", [
    ("x*y", {"x": 1e308, "y": 1.0}, {"x": 1e-10}),  # a tiny seed once divided the step: h = inf
    ("x*y", {"x": 1e308, "y": 1.0}, {"x": 1e-300, "y": 1.0}),
    ("x", {"x": -1.7976931348623157e308}, {"x": 5e-324}),
    ("x + y", {"x": 1.0, "y": 2.0}, {"x": 0.0, "y": 0.0}),
])
def test_every_step_is_finite_and_positive(expression, inputs, seed) -> None:
    result = check(expression, inputs, seed=seed)
    steps = [c.h for c in result.gradient.values()] + [c.h for c in result.jvp]
    assert all(math.isfinite(h) and h > 0 for h in steps)
    assert all(c.finite_difference is not None for c in [*result.gradient.values(), *result.jvp])


def test_a_step_beyond_the_largest_double_is_one_sided_and_says_so() -> None:
    comparison = check("x*y", {"x": 1.7976931348623157e308, "y": 0.5}).gradient["x"]
    assert comparison.scheme == "backward" and comparison.agrees
    assert "f(x + h) is beyond the largest double" in comparison.note


def test_the_jvp_names_the_input_of_a_one_sided_quotient() -> None:
    comparison = check("log(x) + y", {"x": 4e-6, "y": 1.0}, seed={"x": 1.0, "y": 1.0}).jvp[0]
    assert comparison.scheme == "forward" and comparison.note.startswith("along x: f(x - h) is undefined there")
