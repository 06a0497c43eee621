"""Every primitive's local partials against central finite differences over many points."""
from __future__ import annotations

import math
import random

import pytest

from engine.ops import FUNCTIONS, PRIMITIVES
from engine.rules import PARTIAL_FORMULAS

# Points inside each primitive's domain, away from kinks and poles.
DOMAINS: dict[str, list[tuple[float, ...]]] = {}
_rng = random.Random(20261126)


def _points(arity: int, low: float, high: float, count: int = 40) -> list[tuple[float, ...]]:
    return [tuple(_rng.uniform(low, high) for _ in range(arity)) for _ in range(count)]


for _name, _p in PRIMITIVES.items():
    DOMAINS[_name] = _points(_p.arity, -4.0, 4.0)
DOMAINS["log"] = _points(1, 0.05, 20.0)
DOMAINS["sqrt"] = _points(1, 0.05, 20.0)
DOMAINS["tan"] = _points(1, -1.4, 1.4)
DOMAINS["pow"] = _points(2, 0.1, 3.0)
DOMAINS["div"] = [(a, b if abs(b) > 0.2 else 0.5) for a, b in _points(2, -4.0, 4.0)]
DOMAINS["relu"] = [(a if abs(a) > 0.01 else 0.5,) for (a,) in _points(1, -4.0, 4.0)]
DOMAINS["abs"] = [(a if abs(a) > 0.01 else 0.5,) for (a,) in _points(1, -4.0, 4.0)]


def central_difference(f, args: tuple[float, ...], index: int, h: float = 1e-6) -> float:
    up = list(args)
    down = list(args)
    step = h * max(1.0, abs(args[index]))
    up[index] += step
    down[index] -= step
    return (f(*up) - f(*down)) / (2 * step)


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_partials_match_central_differences(name: str) -> None:
    primitive = PRIMITIVES[name]
    for args in DOMAINS[name]:
        y = primitive.value(*args)
        for k, partial in enumerate(primitive.partials):
            exact = partial(*args, y)
            estimate = central_difference(primitive.value, args, k)
            assert exact == pytest.approx(estimate, rel=1e-5, abs=1e-6), (name, k, args)


@pytest.mark.parametrize("name, index, text, latex", [
    ("div", 0, "1/$b", r"\frac{1}{$b}"),
    ("div", 1, "-$out/$b", r"\frac{-$out}{$b}"),
    ("mul", 0, "$b", "$b"),
    ("mul", 1, "$a", "$a"),
    ("pow", 0, "$b*$a^($b - 1)", r"$b \cdot $a^{$b - 1}"),
    ("pow", 1, "$out*log($a)", r"$out \cdot \ln($a)"),
    ("exp", 0, "$out", "$out"),
    ("tanh", 0, "1 - $out^2", "1 - $out^{2}"),
    ("sigmoid", 0, "$out*(1 - $out)", r"$out \cdot \left(1 - $out\right)"),
    ("sqrt", 0, "1/(2*$out)", r"\frac{1}{2 \cdot $out}"),
    ("relu", 0, "heaviside($a)", "H($a)"),
    ("abs", 0, "sign($a)", r"\operatorname{sign}($a)"),
])
def test_formulas_are_printed_from_the_one_rule(name, index, text, latex) -> None:
    assert PARTIAL_FORMULAS[name][index] == (text, latex)


def test_the_issue_functions_are_all_callable() -> None:
    wanted = {"exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "softplus", "abs", "pow"}
    assert wanted <= set(FUNCTIONS)


@pytest.mark.parametrize("a", [-800.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0])
def test_sigmoid_and_softplus_are_stable_far_from_zero(a: float) -> None:
    s = PRIMITIVES["sigmoid"].value(a)
    assert 0.0 <= s <= 1.0 and math.isfinite(s)
    softplus = PRIMITIVES["softplus"].value(a)
    assert math.isfinite(softplus) and softplus >= max(a, 0.0)
