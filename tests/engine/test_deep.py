"""A 100,000-node chain evaluates and differentiates with no RecursionError, at the default recursion limit."""
from __future__ import annotations

import math
import sys

import pytest

from engine import ExpressionError, Limits, trace
from engine.parser import HARD_MAX_DEPTH

N = 100_000


def test_recursion_limit_is_untouched() -> None:
    assert sys.getrecursionlimit() <= 1000


def test_a_100000_statement_chain_in_both_modes() -> None:
    # a1 = sin(x); a2 = sin(a1); ...: each statement one node deeper.
    lines = ["a0 = x"] + [f"a{i} = sin(a{i - 1})" for i in range(1, N)] + [f"a{N - 1}"]
    result = trace("\n".join(lines), {"x": 0.5})
    assert len(result.graph.nodes) == N
    value, derivative = 0.5, 1.0
    for _ in range(N - 1):
        derivative *= math.cos(value)
        value = math.sin(value)
    assert result.values[0] == pytest.approx(value, rel=1e-12)
    assert result.reverse_mode.gradient["x"] == pytest.approx(derivative, rel=1e-9)
    assert result.forward_mode.jvp[0] == pytest.approx(derivative, rel=1e-9)
    assert result.reverse_mode.operations == N - 1  # one update per edge; the cotangent step starts it


def test_a_100000_term_left_associated_sum() -> None:
    source = " + ".join(["x"] * N)  # an AST 100,000 levels deep, built by the Pratt loop
    result = trace(source, {"x": 1.5}, mode="reverse")
    assert result.values[0] == pytest.approx(1.5 * N)
    assert result.reverse_mode.gradient["x"] == float(N)
    assert len(result.to_dict()["nodes"]) == N


def test_functions_nested_to_the_hard_depth_limit_build_and_one_more_is_a_limit_error() -> None:
    # f_k(x) = f_{k-1}(x) + 1: each link is one more level of nesting once written out.
    def chain(links: int) -> str:
        lines = ["f0(x) = x + 1"] + [f"f{k}(x) = f{k - 1}(x) + 1" for k in range(1, links + 1)]
        return "\n".join(lines + [f"f{links}(y)"])

    limits = Limits(max_depth=10_000_000)  # capped at HARD_MAX_DEPTH
    deepest = HARD_MAX_DEPTH - 2  # f_k's body is k + 1 deep, and a call adds one level
    result = trace(chain(deepest), {"y": 0.5}, limits=limits)
    assert result.values[0] == 0.5 + deepest + 1 and result.reverse_mode.gradient == {"y": 1.0}
    assert len(result.graph.groups) == deepest + 1
    with pytest.raises(ExpressionError) as caught:
        trace(chain(deepest + 1), {"y": 0.5}, limits=limits)
    assert (caught.value.kind, caught.value.limit) == ("limit", "max_depth")
