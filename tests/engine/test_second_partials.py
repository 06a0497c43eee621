"""Second partials: derived by differentiating each rule of the table with the table itself, never
written by hand, and checked here against central differences of the first partials."""
from __future__ import annotations

import math

import pytest

from engine.ops import PRIMITIVES
from engine.rules import SECOND_PARTIAL_FORMULAS, SECOND_PARTIALS

UNARY_POINTS = (-1.7, -0.6, 0.35, 1.3, 2.4, 3.1)
BINARY_POINTS = ((1.3, 0.7), (2.2, -1.4), (0.6, 2.5), (-1.5, 2.0), (-0.8, -3.0))


def points(name: str) -> list[tuple[float, ...]]:
    """Points where the primitive and both its partials are defined (a^b's partial in b needs a > 0)."""
    primitive = PRIMITIVES[name]
    candidates = [(a,) for a in UNARY_POINTS] if primitive.arity == 1 else list(BINARY_POINTS)
    if name == "pow":
        candidates = [(a, b) for a, b in candidates if a > 0]
    return [args for args in candidates if primitive.domain is None or primitive.domain(*args) is None]


def first_partial(name: str, index: int, args: tuple[float, ...]) -> float:
    primitive = PRIMITIVES[name]
    return primitive.partials[index](*args, primitive.value(*args))


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_second_partials_match_central_differences_of_the_first(name: str) -> None:
    primitive = PRIMITIVES[name]
    checked = 0
    for args in points(name):
        for first in range(primitive.arity):
            for second in range(primitive.arity):
                h = 1e-5 * max(1.0, abs(args[second]))
                up, down = list(args), list(args)
                up[second] += h
                down[second] -= h
                quotient = (first_partial(name, first, tuple(up)) - first_partial(name, first, tuple(down))) / (2 * h)
                derived = SECOND_PARTIALS[name][first][second](*args, primitive.value(*args))
                assert derived == pytest.approx(quotient, rel=1e-6, abs=1e-6), (args, first, second)
                checked += 1
    assert checked >= 4


@pytest.mark.parametrize("name", sorted(name for name, p in PRIMITIVES.items() if p.arity == 2))
def test_mixed_second_partials_agree_both_ways(name: str) -> None:
    primitive = PRIMITIVES[name]
    for args in points(name):
        out = primitive.value(*args)
        assert SECOND_PARTIALS[name][0][1](*args, out) == pytest.approx(SECOND_PARTIALS[name][1][0](*args, out),
                                                                         rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name, formulas", [
    ("add", [["0", "0"], ["0", "0"]]),
    ("mul", [["0", "1"], ["1", "0"]]),
    ("exp", [["$out"]]),
    ("sin", [["-sin($a)"]]),
    ("tanh", [["-(2*$out*(1 - $out^2))"]]),
    ("relu", [["0"]]),
    ("softplus", [["sigmoid($a)*(1 - sigmoid($a))"]]),
])
def test_derived_second_partials_read_as_a_student_would_write_them(name: str, formulas: list[list[str]]) -> None:
    assert [[formula.text for formula in row] for row in SECOND_PARTIAL_FORMULAS[name]] == formulas


def test_every_primitive_has_a_square_table_of_finite_second_partials() -> None:
    for name, primitive in PRIMITIVES.items():
        rows = SECOND_PARTIALS[name]
        assert len(rows) == primitive.arity and all(len(row) == primitive.arity for row in rows)
        for args in points(name):
            assert all(math.isfinite(partial(*args, primitive.value(*args))) for row in rows for partial in row)
