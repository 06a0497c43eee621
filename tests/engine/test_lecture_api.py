"""The lecture's engine calls as the README's Python API shows them, with the answers printed there."""
from __future__ import annotations

import pytest

from engine import dual, hessian_vector
from engine.quiz import check_answer, quiz


def test_the_readmes_lecture_calls_give_what_it_prints() -> None:
    product = [record for record in dual("x*y", {"x": 2.0, "y": 3.0}).records if record.kind == "operation"][0]
    assert (product.rule, product.result.matrix, product.check.agrees) == ("the product rule", ((6.0, 3.0), (0.0, 6.0)), True)
    result = hessian_vector("x*y + sin(x)*y^2", {"x": 1, "y": 3}, direction={"x": 1, "y": 0}).result
    assert result == pytest.approx((-7.573238863271069, 4.241813835208839), rel=1e-15)
    assert [question.id for question in quiz("exp(x)/x^2", {"x": 2.0}).questions][:4] == [
        "primal:4", "partial:1:0", "tangent:4", "adjoint:0"]
    assert check_answer("exp(x)/x^2", {"x": 2.0}, "primal:4", "exp(2)/4").correct
    assert not check_answer("exp(x)/x^2", {"x": 2.0}, "primal:4", "exp(2)/5").correct
