"""Limits.max_work bounds computations of several passes: the Jacobian and the finite-difference check."""
from __future__ import annotations

import pytest

from engine import ExpressionError, Limits, check, jacobian

SUM = " + ".join(f"x{i}" for i in range(5))  # 9 nodes, 5 inputs, 1 output
AT = {f"x{i}": 1.0 for i in range(5)}


def test_the_jacobian_takes_one_pass_per_input_and_per_output() -> None:
    with pytest.raises(ExpressionError) as raised:
        jacobian(SUM, AT, limits=Limits(max_work=53))
    assert raised.value.kind == "limit" and raised.value.limit == "max_work"
    assert "6 passes over 9 nodes, 54 node visits, more than the limit of 53" in raised.value.message
    assert jacobian(SUM, AT, limits=Limits(max_work=54)).forward_mode.passes == 5


def test_the_check_takes_two_evaluations_per_input() -> None:
    with pytest.raises(ExpressionError) as raised:
        check(SUM, AT, limits=Limits(max_work=89))
    assert raised.value.kind == "limit" and raised.value.limit == "max_work"
    assert "10 passes over 9 nodes, 90 node visits" in raised.value.message
    assert check(SUM, AT, limits=Limits(max_work=90)).evaluations == 10


def test_the_limit_is_checked_before_the_inputs() -> None:
    # refused before any pass runs: the inputs are not even looked at
    with pytest.raises(ExpressionError) as raised:
        jacobian(SUM, {}, limits=Limits(max_work=1))
    assert raised.value.kind == "limit"
